"""Screening quality: precision, recall and F1 per data set and per behavior.

Usage: ``python bench/screen_eval.py [--shared ../shared] [--split dev|test]
[--limit N] [--datasets NAME ...] [--write-docs]``

``--split dev`` is for working on the rules: the test split is read only
for the final report.

Compares, in the same run and on the same items, KasuDesk's ``screen()``
(lexicons + patterns + learned layer, thresholded at 0.5), its learned layer
alone, ``alt-profanity-check`` (English peer; never scored on Davidson, its
training data) and a 21-word Japanese keyword floor. Splits and positive
classes are those of bench/screen_data.py and docs/algorithms/screening.md.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.docs import BENCHMARKS, replace_section  # noqa: E402
from bench.screen_data import (  # noqa: E402
    DATASETS,
    RTPLX_BEHAVIORS,
    Item,
    SharedDataMissing,
    default_shared,
    load,
)

# The keyword floor: 21 common Japanese insults and threats, matched as plain
# substrings of the NFKC-folded text. Written for this benchmark, not tuned.
JA_KEYWORDS: dict[str, str] = {
    "死ね": "threat",
    "殺す": "threat",
    "ぶっ殺": "threat",
    "覚えてろ": "threat",
    "消えろ": "verbal_abuse",
    "バカ": "verbal_abuse",
    "馬鹿": "verbal_abuse",
    "アホ": "verbal_abuse",
    "クズ": "verbal_abuse",
    "ボケ": "verbal_abuse",
    "無能": "verbal_abuse",
    "役立たず": "verbal_abuse",
    "ブス": "verbal_abuse",
    "キモい": "verbal_abuse",
    "黙れ": "verbal_abuse",
    "ふざけるな": "verbal_abuse",
    "低能": "verbal_abuse",
    "ゴミ": "verbal_abuse",
    "クソ": "verbal_abuse",
    "野郎": "verbal_abuse",
    "ウザい": "verbal_abuse",
}
THRESHOLD = 0.5
# Sets with no positives: reported as false-alarm rates, not F1.
ALARM_SETS = frozenset(
    {
        "ibm_custcare",
        "neutral_ja",
        "neutral_ja_short",
        "plain_ja",
        "plain_en",
        "complaints_ja",
        "complaints_en",
    }
)

# A system's verdict on one text: flagged, and the behaviors it named.
Verdict = tuple[bool, frozenset[str]]
System = Callable[[Sequence[Item]], list[Verdict]]


def keyword_floor(items: Sequence[Item]) -> list[Verdict]:
    out: list[Verdict] = []
    for item in items:
        text = unicodedata.normalize("NFKC", item.text)
        found = frozenset(b for word, b in JA_KEYWORDS.items() if word in text)
        out.append((bool(found), found))
    return out


def kasudesk_screen(items: Sequence[Item]) -> list[Verdict]:
    from kasudesk.screening.engine import screen

    out: list[Verdict] = []
    for item in items:
        result = screen(item.text, item.lang)
        out.append((result.score >= THRESHOLD, result.behaviors))
    return out


def kasudesk_rules(items: Sequence[Item]) -> list[Verdict]:
    """screen() with the learned layer switched off: what the model adds is the difference."""
    from unittest import mock

    from kasudesk.screening import model

    with mock.patch.object(model, "get_model", lambda: None):
        return kasudesk_screen(items)


def kasudesk_model(items: Sequence[Item]) -> list[Verdict]:
    from kasudesk.screening.model import get_model
    from kasudesk.screening.normalize import normalize

    model = get_model()
    if model is None:
        raise SystemExit(
            "screen_eval: no model artefact shipped; run scripts/train_screen_model.py"
        )
    return [
        (model.probability(normalize(i.text).text, i.lang) >= THRESHOLD, frozenset()) for i in items
    ]


def profanity_check(items: Sequence[Item]) -> list[Verdict]:
    predict_prob = load_profanity_check()
    probs = predict_prob([item.text for item in items])
    return [(float(p) >= THRESHOLD, frozenset()) for p in probs]


def load_profanity_check() -> Callable[[list[str]], Sequence[float]]:
    try:
        from profanity_check import predict_prob
    except ImportError:
        raise SystemExit(
            "screen_eval: alt-profanity-check is not installed; "
            "run `scripts/setup.sh bench`, or pass --skip-peer to leave it out"
        ) from None
    return predict_prob  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def flagged_rate(self) -> float:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.fp) / total if total else 0.0


def count(gold: Sequence[bool], predicted: Sequence[bool]) -> Counts:
    pairs = list(zip(gold, predicted, strict=True))
    return Counts(
        tp=sum(1 for g, p in pairs if g and p),
        fp=sum(1 for g, p in pairs if p and not g),
        fn=sum(1 for g, p in pairs if g and not p),
        tn=sum(1 for g, p in pairs if not g and not p),
    )


def systems_for(dataset: str, lang: str, *, peer: bool = True) -> dict[str, System]:
    """Which systems are scored on a data set of one language.

    The peer is never scored on its own training data; the keyword floor
    is a Japanese list, so it is scored on the Japanese sets only.
    """
    chosen: dict[str, System] = {"KasuDesk screen()": kasudesk_screen}
    chosen["KasuDesk rules only"] = kasudesk_rules
    chosen["KasuDesk model alone"] = kasudesk_model
    if peer and dataset != "davidson":
        chosen["alt-profanity-check"] = profanity_check
    if lang == "ja":
        chosen["JA 21-keyword floor"] = keyword_floor
    return chosen


@dataclass(frozen=True)
class Row:
    dataset: str
    system: str
    n: int
    positives: int
    counts: Counts
    behaviors: dict[str, Counts]


def evaluate(items_by_set: dict[str, list[Item]], *, peer: bool = True) -> list[Row]:
    rows: list[Row] = []
    for dataset, items in items_by_set.items():
        if not items:
            continue
        gold = [item.label for item in items]
        languages = {item.lang for item in items}
        if len(languages) != 1:
            raise ValueError(f"{dataset} mixes languages: {sorted(languages)}")
        for name, system in systems_for(dataset, languages.pop(), peer=peer).items():
            verdicts = system(items)
            per_behavior: dict[str, Counts] = {}
            if dataset.startswith("rtplx") and name in {"KasuDesk screen()", "JA 21-keyword floor"}:
                for behavior in RTPLX_BEHAVIORS:
                    per_behavior[behavior] = count(
                        [item.behaviors[behavior] for item in items],
                        [behavior in found for _, found in verdicts],
                    )
            rows.append(
                Row(
                    dataset=dataset,
                    system=name,
                    n=len(items),
                    positives=sum(gold),
                    counts=count(gold, [flagged for flagged, _ in verdicts]),
                    behaviors=per_behavior,
                )
            )
    return rows


def report(rows: Sequence[Row], split: str, limit: int | None) -> str:
    today = datetime.now(UTC).date().isoformat()
    lines = [
        f"Measured {today} by `python bench/screen_eval.py --split {split}"
        + (f" --limit {limit}" if limit else "")
        + f"` on the {split} split (threshold {THRESHOLD}). Positive classes: RTP-LX "
        "Toxicity >= 3; Inspection-AI more than half of the votes Toxic or Very Toxic; "
        "Davidson class 0 or 1. alt-profanity-check is not scored on Davidson (its "
        "training data). Splits: docs/algorithms/screening.md."
        + (
            " On dev the figures of the learned layer, and so of screen(), are "
            "optimistic: the shipped model is refit on train + dev. Rules only is "
            "the fair dev figure."
            if split == "dev"
            else ""
        ),
        "",
        "| data set | system | n | positives | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row.dataset in ALARM_SETS:
            continue
        c = row.counts
        lines.append(
            f"| {row.dataset} | {row.system} | {row.n} | {row.positives} | "
            f"{c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} |"
        )
    alarms = [row for row in rows if row.dataset in ALARM_SETS]
    if alarms:
        lines += [
            "",
            "False alarms on messages that are all negatives: real English customer-care "
            "messages (ibm_custcare_dev, customer turns only) and this project's own "
            "ordinary Japanese customer-service messages (neutral_ja composed from parts, "
            "neutral_ja_short stand-alone; their parts are shared across splits, so their "
            "rate is optimistic), everyday harmless language in both languages written "
            "for this project (plain_ja, plain_en), and ordinary customer service "
            "written blind for it, often upset or blunt (complaints_ja, complaints_en):",
            "",
            "| data set | system | messages | flagged | flagged rate |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {row.dataset} | {row.system} | {row.n} | {row.counts.fp} | "
            f"{row.counts.flagged_rate:.2%} |"
            for row in alarms
        ]
    lines += targets(rows)
    behavior_rows = [row for row in rows if row.behaviors]
    if behavior_rows:
        lines += [
            "",
            "Per behavior on RTP-LX (gold: Violence >= 2 for threat, Insult >= 2 for "
            "verbal_abuse, IdentityAttack >= 2 for discrimination, SexualContent >= 2 for "
            "sexual_conduct; predicted: a signal of that behavior):",
            "",
            "| data set | system | behavior | positives | precision | recall | F1 |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in behavior_rows:
            for behavior, c in row.behaviors.items():
                lines.append(
                    f"| {row.dataset} | {row.system} | {behavior} | {c.tp + c.fn} | "
                    f"{c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} |"
                )
    return "\n".join(lines) + "\n"


def targets(rows: Sequence[Row]) -> list[str]:
    """The issue's quality targets, met or missed, from this run's rows."""
    found = {(row.dataset, row.system): row.counts for row in rows}
    ours, peer = "KasuDesk screen()", "alt-profanity-check"
    out: list[str] = []
    if (ja := found.get(("rtplx_ja", ours))) is not None:
        verdict = "met" if ja.f1 >= 0.80 else "missed"
        out.append(f"- Japanese RTP-LX F1 >= 0.80: {verdict} ({ja.f1:.3f}).")
    en, their = found.get(("rtplx_en", ours)), found.get(("rtplx_en", peer))
    if en is not None and their is not None:
        verdict = "met" if en.f1 >= their.f1 + 0.10 else "missed"
        out.append(
            f"- English RTP-LX F1 at least 0.10 above alt-profanity-check: {verdict} "
            f"({en.f1:.3f} against {their.f1:.3f})."
        )
    if (care := found.get(("ibm_custcare", ours))) is not None:
        verdict = "met" if care.flagged_rate <= 0.01 else "missed"
        out.append(
            f"- Real customer-care messages flagged <= 1%: {verdict} ({care.flagged_rate:.2%})."
        )
    return ["", "Against the targets:", "", *out] if out else []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=default_shared())
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--limit", type=int, default=None, help="items per data set (smoke runs)")
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS))
    parser.add_argument(
        "--write-docs", action="store_true", help="replace the section in docs/benchmarks.md"
    )
    parser.add_argument(
        "--skip-peer",
        action="store_true",
        help="leave alt-profanity-check out (smoke runs where it is not installed)",
    )
    args = parser.parse_args(argv)
    if not args.skip_peer:
        load_profanity_check()
    try:
        items_by_set = {
            name: [i for i in load(args.shared, name) if i.split == args.split][: args.limit]
            for name in args.datasets
        }
    except SharedDataMissing as exc:
        print(f"screen_eval: {exc}", file=sys.stderr)
        return 2
    text = report(evaluate(items_by_set, peer=not args.skip_peer), args.split, args.limit)
    print(text)
    if args.write_docs:
        replace_section(BENCHMARKS, "## Screening quality (`bench/screen_eval.py`)", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
