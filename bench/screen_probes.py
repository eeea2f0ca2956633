"""Screening on the project's own customer-service probe sets.

Usage: ``python bench/screen_probes.py [--part heldout|tune|all]
[--show misses|alarms] [--write-docs]``

The public data sets are social-media toxicity; what customers say to staff
(menace said politely, dialect, refusing staff for who they are, threats in
e-mails) hardly occurs in them. The sets under bench/probes/ were written
for this project, *blind*: each writer read only the behavior list and the
screening contract, never the rules, their tests or these docs, and wrote
harassing and legitimate texts (hard look-alikes included) in one register.
A fixed share of each set, marked ``"part": "heldout"`` when the set was
added, is for measuring only: rules are tuned on the ``tune`` part, and the
held-back part is run before and after, so its figures say how the rules
do on text nobody fitted them to. Once a held-back item has been looked at
to fix a rule, that set's held-back figures are no longer clean; the
CHANGELOG and docs/algorithms/screening.md say when that happened.

A demand alone (``"behavior": "demand_only"``) is labelled legitimate: the
screen points at it, and the judgment core decides whether the claim is
valid (docs/algorithms/screening.md, The score).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.docs import BENCHMARKS, replace_section  # noqa: E402
from bench.jsonl import numbered  # noqa: E402
from bench.screen_eval import THRESHOLD, Counts, count  # noqa: E402

PROBES = REPO / "bench" / "probes"
PARTS = ("tune", "heldout")
HEADING = "## Screening on customer-service probes (`bench/screen_probes.py`)"
_FIELDS = {"id", "lang", "text", "label", "behavior", "note", "part"}


class ProbeError(ValueError):
    """A probe file that does not follow the format above."""


@dataclass(frozen=True)
class Probe:
    set: str
    id: str
    lang: str
    text: str
    harassing: bool
    behavior: str
    part: str


def load(folder: Path = PROBES) -> list[Probe]:
    """Every probe of every ``*.jsonl`` file in ``folder``, in file and line order."""
    probes: list[Probe] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.jsonl")):
        for where, row in numbered(path, ProbeError):
            if not isinstance(row, dict) or not row.keys() >= _FIELDS:
                raise ProbeError(f"{where}: needs the fields {sorted(_FIELDS)}")
            if row["label"] not in (0, 1) or row["part"] not in PARTS:
                raise ProbeError(f"{where}: label must be 0 or 1 and part one of {PARTS}")
            if row["lang"] not in ("ja", "en") or not str(row["text"]).strip():
                raise ProbeError(f"{where}: lang must be ja or en, and text not empty")
            if row["id"] in seen:
                raise ProbeError(f"{where}: id {row['id']!r} is used twice")
            seen.add(row["id"])
            probes.append(
                Probe(
                    set=path.stem,
                    id=row["id"],
                    lang=row["lang"],
                    text=row["text"],
                    harassing=row["label"] == 1,
                    behavior=row["behavior"],
                    part=row["part"],
                )
            )
    return probes


@dataclass(frozen=True)
class Row:
    set: str
    lang: str
    part: str
    counts: Counts
    demand_only: int
    demand_only_flagged: int


def evaluate(probes: Sequence[Probe]) -> tuple[list[Row], dict[str, bool]]:
    """Rows per set and part (and per language over all sets), and each probe's verdict."""
    from kasudesk.screening import screen

    flagged = {p.id: screen(p.text, p.lang, threshold=THRESHOLD).harassment for p in probes}
    groups: dict[tuple[str, str, str], list[Probe]] = {}
    for probe in probes:
        groups.setdefault((probe.set, probe.lang, probe.part), []).append(probe)
        groups.setdefault((f"all {probe.lang}", probe.lang, probe.part), []).append(probe)
    rows = []
    for (name, lang, part), members in groups.items():
        demands = [p for p in members if p.behavior == "demand_only"]
        rows.append(
            Row(
                set=name,
                lang=lang,
                part=part,
                counts=count([p.harassing for p in members], [flagged[p.id] for p in members]),
                demand_only=len(demands),
                demand_only_flagged=sum(flagged[p.id] for p in demands),
            )
        )
    rows.sort(key=lambda r: (r.set.startswith("all "), r.set, PARTS.index(r.part)))
    return rows, flagged


def recall_by_behavior(probes: Sequence[Probe], flagged: dict[str, bool]) -> list[str]:
    found: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for probe in probes:
        if probe.harassing:
            total[probe.lang, probe.behavior] += 1
            found[probe.lang, probe.behavior] += flagged[probe.id]
    lines = ["| language | behavior | harassing | found | recall |", "|---|---|---|---|---|"]
    for (lang, behavior), n in sorted(total.items()):
        lines.append(
            f"| {lang} | {behavior} | {n} | {found[lang, behavior]} "
            f"| {found[lang, behavior] / n:.2f} |"
        )
    return lines


def report(
    rows: Sequence[Row],
    probes: Sequence[Probe],
    flagged: dict[str, bool],
    part: str,
    folder: Path = PROBES,
) -> str:
    date = datetime.now(UTC).date().isoformat()
    where = folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder
    lines = [
        f"Measured {date} by `python bench/screen_probes.py --part {part}` on the probe "
        f"sets in {where}/ (threshold {THRESHOLD}). Legitimate items include demands "
        "made without a harassing manner, which the screen must leave under the threshold.",
        "",
        "| set | part | harassing | legitimate | precision | recall | F1 "
        "| legitimate flagged | demands alone flagged |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        c = row.counts
        legitimate = c.fp + c.tn
        lines.append(
            f"| {row.set} | {row.part} | {c.tp + c.fn} | {legitimate} | {c.precision:.3f} "
            f"| {c.recall:.3f} | {c.f1:.3f} | {c.fp} | "
            f"{row.demand_only_flagged} of {row.demand_only} |"
        )
    lines += ["", "Recall per behavior (harassing items of the parts above):", ""]
    lines += recall_by_behavior(probes, flagged)
    return "\n".join(lines) + "\n"


def show(probes: Sequence[Probe], flagged: dict[str, bool], what: str) -> str:
    """The misses or the false alarms, one per line, for working on the tune part."""
    wanted = [
        p
        for p in probes
        if (what == "misses" and p.harassing and not flagged[p.id])
        or (what == "alarms" and not p.harassing and flagged[p.id])
    ]
    return "".join(f"{p.id}\t{p.behavior}\t{p.text}\n" for p in wanted)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=[*PARTS, "all"], default="heldout")
    parser.add_argument("--show", choices=["misses", "alarms"])
    parser.add_argument("--probes", type=Path, default=PROBES)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    try:
        probes = load(args.probes)
    except ProbeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.part != "all":
        probes = [p for p in probes if p.part == args.part]
    if not probes:
        print(f"error: no probes in {args.probes}", file=sys.stderr)
        return 2
    rows, flagged = evaluate(probes)
    if args.show:
        print(show(probes, flagged, args.show), end="")
        return 0
    text = report(rows, probes, flagged, args.part, args.probes.resolve())
    print(text, end="")
    if args.write_docs:
        replace_section(BENCHMARKS, HEADING, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
