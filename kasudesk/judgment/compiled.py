"""The knowledge turned, once, into what judging one incident reads.

``knowledge()`` keeps the data files' shape, which is what tests and the
documentation talk about. Judging needs other things of it thousands of
times a second: every condition as one bit of a mask, so a rule is a single
``&``; names already shortened for the explanation; notes already joined.
Nothing here changes what a rule means, only how often the work is done.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from kasudesk.judgment.conditions import Condition, atom_kind
from kasudesk.judgment.knowledge import SEVERITIES, Knowledge, Text, knowledge

# When an atom joins the incident's set: 0 for what the incident itself gives
# (facts, behaviors, rules), then after the verdict and severity, after the
# offenses, after the policy's police and ban criteria.
_STAGE = {"v": 1, "sev": 1, "sev>=": 1, "ca": 1, "off": 2, "p": 3}


def _stage(atom: str) -> int:
    return _STAGE.get(atom_kind(atom), 0)


# atom -> (bits of conditions that atom alone satisfies,
#          (bit, all atoms of the alternative) for alternatives it completes)
Index = dict[str, tuple[int, tuple[tuple[int, frozenset[str]], ...]]]


class ConditionBits:
    """Every distinct condition as one bit; a mask holds the ones satisfied.

    Atoms only ever join the set, and a condition only asks that atoms be
    present, so a condition once satisfied stays satisfied: the mask grows
    with each batch of atoms and reading a bit at any stage gives what
    ``holds`` would give with the atoms of that stage. An alternative of
    several atoms is filed under its atom that joins last, so it is checked
    once, when all the others can already be present.
    """

    def __init__(self) -> None:
        self._bits: dict[Condition, int] = {}
        self._singles: defaultdict[str, int] = defaultdict(int)
        self._groups: defaultdict[str, list[tuple[int, frozenset[str]]]] = defaultdict(list)

    def bit(self, condition: Condition) -> int:
        known = self._bits.get(condition)
        if known is not None:
            return known
        bit = 1 << len(self._bits)
        self._bits[condition] = bit
        for atom in condition.singles:
            self._singles[atom] |= bit
        for group in condition.groups:
            last = max(group, key=lambda a: (_stage(a), a))
            self._groups[last].append((bit, group))
        return bit

    def index(self) -> Index:
        atoms = set(self._singles) | set(self._groups)
        return {a: (self._singles.get(a, 0), tuple(self._groups.get(a, ()))) for a in atoms}


def satisfy(index: Index, mask: int, atoms: set[str], new: Iterable[str]) -> int:
    """``mask`` with the conditions that the atoms ``new`` (already in ``atoms``) complete."""
    get = index.get
    for atom in new:
        entry = get(atom)
        if entry is None:
            continue
        single, groups = entry
        mask |= single
        for bit, group in groups:
            if not mask & bit and group <= atoms:
                mask |= bit
    return mask


@dataclass(frozen=True, slots=True)
class ElementPlan:
    id: str
    name: Text
    # None: the element always applies.
    only_if: int | None
    skip_if: int
    established: int
    missing: int


@dataclass(frozen=True, slots=True)
class OffensePlan:
    id: str
    law: str
    article: Text
    name: Text
    penalty: Text
    when: int
    unless: int
    elements: tuple[ElementPlan, ...]
    # None when the offense has no attempt; else the bit of attempt.unless.
    attempt_unless: int | None
    attempt_law: str
    attempt_article: Text
    # The note as output, without and with the attempt's note; None for none.
    note: Text | None
    attempt_note: Text | None
    # (short name ja, article ja, short name en, article en) for the explanation.
    ref: tuple[str, str, str, str]
    attempt_ref: tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class ActionPlan:
    id: str
    when: int
    ja: str
    en: str
    templated: bool


@dataclass(frozen=True, slots=True)
class Compiled:
    index: Index
    critical: int
    high: int
    offenses: tuple[OffensePlan, ...]
    actions: tuple[ActionPlan, ...]
    criteria: dict[str, int]
    # behavior id -> fields the engine reads for it
    axis: dict[str, str]
    severity_rank: dict[str, int]
    short_ja: dict[str, str]
    short_en: dict[str, str]
    # The explanation lists manner behaviors first, then taxonomy order.
    explain_rank: dict[str, int]
    # Atoms that join with the verdict: (verdict, severity, claim addressable) -> atoms
    verdict_atoms: dict[tuple[str, str, bool], tuple[str, ...]]
    criteria_ja: dict[str, str]
    criteria_en: dict[str, str]


def short(name: str) -> str:
    """A name without its parenthetical gloss, to avoid nested brackets."""
    return name.split("（", maxsplit=1)[0].split(" (", maxsplit=1)[0]


def _joined(notes: list[Text]) -> Text | None:
    if not notes:
        return None
    return Text("".join(n.ja for n in notes), " ".join(n.en for n in notes))


def _offense_plans(kb: Knowledge, bits: ConditionBits) -> tuple[OffensePlan, ...]:
    plans = []
    for offense in kb.offenses:
        elements = tuple(
            ElementPlan(
                id=e.id,
                name=e.name,
                only_if=None if e.only_if is None else bits.bit(e.only_if),
                skip_if=0 if e.skip_if is None else bits.bit(e.skip_if),
                established=bits.bit(e.established),
                missing=bits.bit(e.missing),
            )
            for e in offense.elements
        )
        notes = [offense.note] if offense.note else []
        attempt = offense.attempt
        name, article = offense.name, offense.article
        ref = (short(name.ja), article.ja, short(name.en).lower(), article.en)
        attempt_ref = ref
        if attempt is not None:
            attempt_ref = (
                short(attempt.name.ja),
                attempt.article.ja,
                short(attempt.name.en).lower(),
                attempt.article.en,
            )
        plans.append(
            OffensePlan(
                id=offense.id,
                law=offense.law,
                article=article,
                name=name,
                penalty=offense.penalty,
                when=bits.bit(offense.when),
                unless=bits.bit(offense.unless),
                elements=elements,
                attempt_unless=None if attempt is None else bits.bit(attempt.unless),
                attempt_law=offense.law if attempt is None else attempt.law,
                attempt_article=article if attempt is None else attempt.article,
                note=_joined(notes),
                attempt_note=_joined([*notes, attempt.note]) if attempt is not None else None,
                ref=ref,
                attempt_ref=attempt_ref,
            )
        )
    return tuple(plans)


@cache
def compiled() -> Compiled:
    kb = knowledge()
    bits = ConditionBits()
    critical, high = bits.bit(kb.rules.critical), bits.bit(kb.rules.high)
    offenses = _offense_plans(kb, bits)
    actions = tuple(
        ActionPlan(a.id, bits.bit(a.when), a.text.ja, a.text.en, a.templated) for a in kb.actions
    )
    criteria = {key: bits.bit(condition) for key, condition in kb.criteria.items()}
    behaviors = kb.behaviors
    verdict_atoms = {
        (verdict, severity, addressable): (
            f"v:{verdict}",
            f"sev:{severity}",
            *(f"sev>={s}" for s in SEVERITIES[: SEVERITIES.index(severity) + 1]),
            *(("ca:true",) if addressable else ()),
        )
        for verdict in ("harassment", "legitimate_complaint", "needs_fact_finding")
        for severity in SEVERITIES
        for addressable in (True, False)
    }
    return Compiled(
        index=bits.index(),
        critical=critical,
        high=high,
        offenses=offenses,
        actions=actions,
        criteria=criteria,
        axis={b: d.axis for b, d in behaviors.items()},
        severity_rank={b: SEVERITIES.index(d.severity) for b, d in behaviors.items()},
        short_ja={b: short(d.name.ja) for b, d in behaviors.items()},
        short_en={b: short(d.name.en).lower() for b, d in behaviors.items()},
        explain_rank={
            b: (d.axis != "manner") * len(behaviors) + kb.rank[b] for b, d in behaviors.items()
        },
        verdict_atoms=verdict_atoms,
        criteria_ja={key: name.ja for key, name in kb.criteria_names.items()},
        criteria_en={key: name.en for key, name in kb.criteria_names.items()},
    )
