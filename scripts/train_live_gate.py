"""Train the live gate: a second opinion on flags no rule explains, for live contacts.

Usage: ``python scripts/train_live_gate.py [--lang ja] [--dry-run]``

The screening model learned mostly from written text. In a live call it
takes a curt, rough but legitimate spoken complaint (支店長さん、今いる？
代わってもらえる？) for harassment, and with no rule behind the flag
the desk would read the warning script to a fair caller. The live gate is a
logistic regression over the character n-grams of customer turns of calls
and chats only, each labelled by its writer; ``Conversation`` lets such a
flag interrupt the contact only when the gate, too, gives the turn at least
the cut in data/conversation.toml (``live_gate``). It never changes
``screen()``.

Training data (all written blind for the project, never by reading the
rules): the calls benchmark's tune sets of the language (``TUNE_SETS``:
``bench/calls/calls_ja_b`` and ``_c``; for English ``_f`` too), which makes
them the gate's training data, and ``bench/training/calls_<lang>_gate.jsonl``.
The held-back calls sets are never read here.

The cut is chosen by grouped cross-validation: the calls are dealt into
five folds by a hash of their id, each fold's calls are fed turn by turn to
``Conversation`` with a gate trained on the other four, and the cut kept is
the one with the fewest legitimate calls alerted plus alerts before the
harassment, losing at most one caught harassing call against no gate (ties:
the lower cut). The final gate is fitted on all the calls.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
# The repository for bench/ and kasudesk/, this folder for the main trainer's helpers.
sys.path[:0] = [str(REPO), str(Path(__file__).resolve().parent)]

from train_screen_model import OUT, PRUNE, matrix, normaliser, vocabulary  # noqa: E402

from bench.screen_calls import Call, load_files, run, summarise, supervisor_behaviors  # noqa: E402
from kasudesk.screening.model import (  # noqa: E402
    FORMAT,
    LIVE_META,
    FeatureSpec,
    LanguageModel,
    dump_table,
)

SPEC = FeatureSpec(char_min=1, char_max=3, words=False)
MIN_DF = 2
C = 1.0
FOLDS = 5
CUTS = (0.2, 0.3, 0.4, 0.5)
# Caught harassing calls the cut may lose against no gate, over all folds.
MAY_LOSE = 1


# The calls benchmark's tune sets each language's gate learns from (the
# held-back sets never), before the conversations written for the gate.
TUNE_SETS = {"ja": ("b", "c"), "en": ("b", "c", "f")}


def training_files(lang: str) -> list[Path]:
    calls = REPO / "bench" / "calls"
    return [
        *(calls / f"calls_{lang}_{name}.jsonl" for name in TUNE_SETS[lang]),
        REPO / "bench" / "training" / f"calls_{lang}_gate.jsonl",
    ]


def turns(calls: Sequence[Call]) -> tuple[list[str], list[int]]:
    """The customer turns of ``calls``, normalised as the product reads them, and their labels."""
    _, normalise = normaliser()
    texts: list[str] = []
    labels: list[int] = []
    for call in calls:
        for turn in call.turns:
            if turn.speaker == "customer":
                texts.append(normalise(turn.text))
                labels.append(int(turn.harassing))
    return texts, labels


def fit(calls: Sequence[Call]) -> LanguageModel:
    """The gate on ``calls``: both classes weigh the same in total; pruned as shipped."""
    from sklearn.linear_model import LogisticRegression

    texts, labels = turns(calls)
    vocab = vocabulary(texts, SPEC, MIN_DF)
    model = LogisticRegression(
        C=C, solver="liblinear", max_iter=5000, random_state=0, class_weight="balanced"
    )
    model.fit(matrix(texts, SPEC, vocab), labels)
    chars = {
        gram: float(model.coef_[0][column])
        for (kind, gram), column in vocab.items()
        if kind == "c" and abs(model.coef_[0][column]) >= PRUNE
    }
    return LanguageModel(SPEC, chars, {}, float(model.intercept_[0]))


@contextmanager
def installed(lang: str, gate: LanguageModel | None, cut: float | None) -> Iterator[None]:
    """Run ``Conversation`` with this gate and cut in place of the shipped ones."""
    from kasudesk.screening import conversation
    from kasudesk.screening.model import get_model

    loaded = get_model()
    if loaded is None:
        raise SystemExit("the screening model is not installed; train it first")
    texts = conversation._texts()
    gates = {**texts.live_gate}
    gates.pop(lang, None)
    if cut is not None:
        gates[lang] = cut
    live = {**loaded.live}
    live.pop(lang, None)
    if gate is not None:
        live[lang] = gate
    with (
        mock.patch.object(loaded, "live", live),
        mock.patch.object(conversation, "_texts", lambda: replace(texts, live_gate=gates)),
    ):
        yield


def fold_of(call: Call) -> int:
    return zlib.crc32(call.id.encode("utf-8")) % FOLDS


@dataclass(frozen=True)
class Trial:
    cut: float | None  # None: no gate
    legit_alerted: int
    early: int
    caught: int
    severe_supervisor: int
    other_supervisor: int

    @property
    def cost(self) -> int:
        return self.legit_alerted + self.early


def cross_validate(lang: str, calls: Sequence[Call]) -> list[Trial]:
    """Out-of-fold figures of the whole calls, with no gate and with each cut."""
    outcomes: dict[float | None, list[Any]] = {cut: [] for cut in (None, *CUTS)}
    for fold in range(FOLDS):
        held = [call for call in calls if fold_of(call) == fold]
        gate = fit([call for call in calls if fold_of(call) != fold])
        for cut in outcomes:
            with installed(lang, gate if cut is not None else None, cut):
                outcomes[cut] += [run(call) for call in held]
    severe = supervisor_behaviors()
    trials = []
    for cut, found in outcomes.items():
        s = summarise(str(cut), found, severe)
        trials.append(
            Trial(cut, s.legit_alerted, s.early, s.caught, s.severe_supervisor, s.other_supervisor)
        )
    return trials


def choose(trials: Sequence[Trial]) -> Trial:
    """The fewest false and early alerts, losing at most MAY_LOSE caught calls; ties: lower cut."""
    base = next(t for t in trials if t.cut is None)
    allowed = [t for t in trials if t.cut is not None and t.caught >= base.caught - MAY_LOSE]
    if not allowed:
        return base
    return min(allowed, key=lambda t: (t.cost, t.cut))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="ja", choices=("ja", "en"))
    parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    parser.add_argument("--calls", type=Path, nargs="+", help="train on these files instead")
    parser.add_argument("--out", type=Path, default=OUT, help="the model folder to write into")
    args = parser.parse_args(argv)
    files = args.calls or training_files(args.lang)
    calls = [call for call in load_files(files) if call.lang == args.lang]
    texts, labels = turns(calls)
    print(
        f"{len(calls)} calls, {len(texts)} customer turns ({sum(labels)} harassing) "
        f"from {', '.join(f.name for f in files)}"
    )
    trials = cross_validate(args.lang, calls)
    chosen = choose(trials)
    print("cut   legit alerted  early  caught  severe: supervisor  supervisor elsewhere")
    for t in trials:
        mark = "  <- chosen" if t is chosen else ""
        print(
            f"{t.cut!s:<5} {t.legit_alerted:>13} {t.early:>6} {t.caught:>7} "
            f"{t.severe_supervisor:>19} {t.other_supervisor:>21}{mark}"
        )
    if args.dry_run:
        return 0
    gate = fit(calls)
    weights = f"{args.lang}.live.bin.gz"
    (args.out / weights).write_bytes(dump_table(gate.chars, {}))
    meta_file = args.out / LIVE_META
    meta: dict[str, Any] = (
        json.loads(meta_file.read_text(encoding="utf-8"))
        if meta_file.is_file()
        else {"format": FORMAT, "languages": {}}
    )
    meta["kind"] = "character n-gram logistic regression over customer turns of calls"
    meta["languages"][args.lang] = {
        "weights": weights,
        "chars": len(gate.chars),
        "words": 0,
        "bias": gate.bias,
        "features": {"char_min": SPEC.char_min, "char_max": SPEC.char_max, "words": SPEC.words},
        "min_df": MIN_DF,
        "prune": PRUNE,
        "C": C,
        "trained_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "data": [f.name for f in files],
        "calls": len(calls),
        "turns": len(texts),
        "harassing_turns": sum(labels),
        "cross_validation": [t.__dict__ for t in trials],
        "chosen_cut": chosen.cut,
    }
    meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {weights} ({len(gate.chars)} n-grams); set live_gate.{args.lang} = {chosen.cut}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
