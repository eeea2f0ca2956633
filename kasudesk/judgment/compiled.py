"""The knowledge turned, once, into what judging one incident reads.

``knowledge()`` keeps the data files' shape, which is what tests and the
documentation talk about. Judging needs other things of it thousands of
times a second: every condition as a number, so a rule is one set membership
test; names already shortened for the explanation; notes already joined.
Nothing here changes what a rule means, only how often the work is done.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from kasudesk.judgment.conditions import Condition, atom_kind
from kasudesk.judgment.incident import BOOLEAN_FACTS, CHANNELS, DEMANDS, VALIDITIES
from kasudesk.judgment.knowledge import SEVERITIES, Knowledge, Text, knowledge

# When an atom joins the incident's set: 0 for what the incident itself gives
# (facts, behaviors, rules), then after the verdict and severity, after the
# offenses, after the policy's police and ban criteria.
_STAGE = {"v": 1, "sev": 1, "sev>=": 1, "ca": 1, "off": 2, "p": 3}


def _stage(atom: str) -> int:
    return _STAGE.get(atom_kind(atom), 0)


Ids = frozenset[int]
_NONE: Ids = frozenset()


class Trigger(NamedTuple):
    """What one atom (or a batch of atoms) joining the set can complete."""

    # Conditions those atoms alone satisfy.
    single: Ids
    # Alternatives of two atoms, as (the other atom, conditions); a long list
    # is matched against the set in one intersection instead ("many").
    pairs: tuple[tuple[str, Ids], ...]
    many: dict[str, Ids] | None
    many_atoms: frozenset[str]
    # Longer alternatives: (condition, all their atoms).
    groups: tuple[tuple[int, frozenset[str]], ...]

    @classmethod
    def of(
        cls, single: Ids, pairs: dict[str, Ids], groups: tuple[tuple[int, frozenset[str]], ...]
    ) -> Trigger:
        if len(pairs) > _FEW_PAIRS:
            return cls(single, (), dict(pairs), frozenset(pairs), groups)
        return cls(single, tuple(pairs.items()), None, frozenset(), groups)

    def fire(self, satisfied: set[int], atoms: set[str]) -> None:
        """Add to ``satisfied`` what these atoms (already in ``atoms``) complete."""
        single, pairs, many, many_atoms, groups = self
        satisfied |= single
        for other, ids in pairs:
            if other in atoms:
                satisfied |= ids
        if many is not None:
            for other in atoms.intersection(many_atoms):
                satisfied |= many[other]
        for condition, group in groups:
            if group <= atoms:
                satisfied.add(condition)


# Beyond this many, one set intersection beats testing each pair.
_FEW_PAIRS = 4
Index = dict[str, Trigger]


def merged(index: Index, atoms: Iterable[str]) -> Trigger:
    """One trigger for atoms that always join together (the verdict's)."""
    single: set[int] = set()
    pairs: defaultdict[str, set[int]] = defaultdict(set)
    groups: list[tuple[int, frozenset[str]]] = []
    for atom in atoms:
        trigger = index.get(atom)
        if trigger is None:
            continue
        single |= trigger.single
        for other, ids in (*trigger.pairs, *(trigger.many or {}).items()):
            pairs[other] |= ids
        groups += trigger.groups
    return Trigger.of(
        frozenset(single), {a: frozenset(ids) for a, ids in pairs.items()}, tuple(groups)
    )


# Demand traits of a behavior, as bits.
INVALID, BY_CLAIM = 1, 2

# The id of a condition that never holds (an absent ``skip_if``).
NEVER = -1


class ConditionIds:
    """Every distinct condition as a small integer; a set holds the satisfied ones.

    Atoms only ever join the set, and a condition only asks that atoms be
    present, so a condition once satisfied stays satisfied: the set grows
    with each batch of atoms, and testing an id at any stage gives what
    ``holds`` would give with the atoms of that stage. An alternative of
    several atoms is filed under its atom that joins last, so it is checked
    once, when all the others can already be present. The ids stay below
    256, integers Python keeps one object each of: testing them allocates
    nothing.
    """

    def __init__(self) -> None:
        self._ids: dict[Condition, int] = {}
        self._singles: defaultdict[str, set[int]] = defaultdict(set)
        self._pairs: defaultdict[str, defaultdict[str, set[int]]] = defaultdict(
            lambda: defaultdict(set)
        )
        self._groups: defaultdict[str, list[tuple[int, frozenset[str]]]] = defaultdict(list)

    def id(self, condition: Condition) -> int:
        known = self._ids.get(condition)
        if known is not None:
            return known
        if not condition.singles and not condition.groups:
            return NEVER
        number = self._ids[condition] = len(self._ids)
        for atom in condition.singles:
            self._singles[atom].add(number)
        for group in condition.groups:
            last = max(group, key=lambda a: (_stage(a), a))
            if len(group) == 2:
                (other,) = group - {last}
                self._pairs[last][other].add(number)
            else:
                self._groups[last].append((number, group))
        return number

    def atoms(self) -> frozenset[str]:
        """Every atom some condition names."""
        return frozenset().union(*(c.atoms() for c in self._ids))

    def index(self) -> Index:
        atoms = set(self._singles) | set(self._pairs) | set(self._groups)
        return {
            a: Trigger.of(
                frozenset(self._singles.get(a, ())),
                {other: frozenset(ids) for other, ids in self._pairs.get(a, {}).items()},
                tuple(self._groups.get(a, ())),
            )
            for a in atoms
        }


class AtomIndex:
    """The index split for the first, largest batch of atoms: most atoms only
    satisfy conditions alone (one lookup each); the few that can complete an
    alternative of several atoms are found with one set intersection."""

    __slots__ = ("linked", "linked_atoms", "singles")

    def __init__(self, index: Index) -> None:
        self.singles = {a: t.single for a, t in index.items() if t.single}
        self.linked = {a: t for a, t in index.items() if t.pairs or t.many or t.groups}
        self.linked_atoms = frozenset(self.linked)

    def satisfy(self, atoms: set[str]) -> set[int]:
        """The conditions that ``atoms`` satisfy."""
        satisfied: set[int] = set()
        get = self.singles.get
        for atom in atoms:
            ids = get(atom)
            if ids is not None:
                satisfied |= ids
        linked = self.linked
        for atom in atoms.intersection(self.linked_atoms):
            linked[atom].fire(satisfied, atoms)
        return satisfied


# The plans below copy names out of the knowledge's Text values into plain
# fields: a judgment then follows one reference to reach a string, not two.


@dataclass(frozen=True, slots=True)
class BehaviorPlan:
    id: str
    atom: str  # "b:threat"
    axis: str
    name_ja: str
    name_en: str
    # The name without its gloss, as the explanation uses it.
    short_ja: str
    short_en: str
    manner: int  # 1 on the manner axis, else 0
    severity: int  # index in SEVERITIES
    demand: int  # INVALID if an inherently invalid demand | BY_CLAIM if judged by the claim
    rank: int  # position in the taxonomy, the output's order
    # The explanation lists manner behaviors first, then taxonomy order.
    explain_rank: int


@dataclass(frozen=True, slots=True)
class ElementPlan:
    id: str
    name_ja: str
    name_en: str
    # None: the element always applies.
    only_if: int | None
    # NEVER: the element is never skipped.
    skip_if: int
    established: int
    missing: int


@dataclass(frozen=True, slots=True)
class OffensePlan:
    id: str
    law: str
    article_ja: str
    article_en: str
    name_ja: str
    name_en: str
    penalty_ja: str
    penalty_en: str
    when: int
    unless: int
    elements: tuple[ElementPlan, ...]
    # None when the offense has no attempt; else the id of attempt.unless.
    attempt_unless: int | None
    attempt_law: str
    attempt_article_ja: str
    attempt_article_en: str
    # The note as output, (ja, en), without and with the attempt's; None for none.
    note: tuple[str, str] | None
    attempt_note: tuple[str, str] | None
    # How the explanation names it, (ja, en): "脅迫（刑法222条）".
    ref: tuple[str, str]
    attempt_ref: tuple[str, str]


@dataclass(frozen=True, slots=True)
class ActionPlan:
    id: str
    when: int
    ja: str
    en: str
    templated: bool


@dataclass(frozen=True, slots=True)
class Compiled:
    index: AtomIndex
    critical: int
    high: int
    behaviors: dict[str, BehaviorPlan]
    offenses: tuple[OffensePlan, ...]
    actions: tuple[ActionPlan, ...]
    criteria: dict[str, int]
    # Atoms that join with the verdict, (verdict, severity, claim addressable)
    # -> (atoms, their trigger); then those of offenses and of the policy.
    verdict_atoms: dict[tuple[str, str, bool], tuple[tuple[str, ...], Trigger]]
    offense_atom: Trigger
    # (police criteria met, ban criteria met) -> (atoms, their trigger)
    policy_atoms: dict[tuple[bool, bool], tuple[tuple[str, ...], Trigger]]
    criteria_ja: dict[str, str]
    criteria_en: dict[str, str]
    # Boolean fact -> (atom when false, atom when true), and the atoms of the
    # facts left unknown; only those some condition names, as no other atom
    # can change an answer.
    fact_atoms: dict[str, tuple[str | None, str | None]]
    unknown_fact_atoms: dict[str, str]
    # Atom of each known value: "d:other", "ch:phone", "cv:valid".
    demand_atoms: dict[str, str]
    channel_atoms: dict[str, str]
    validity_atoms: dict[str, str]


def short(name: str) -> str:
    """A name without its parenthetical gloss, to avoid nested brackets."""
    return name.split("（", maxsplit=1)[0].split(" (", maxsplit=1)[0]


def _joined(notes: list[Text]) -> tuple[str, str] | None:
    if not notes:
        return None
    return "".join(n.ja for n in notes), " ".join(n.en for n in notes)


def _offense_plans(kb: Knowledge, ids: ConditionIds) -> tuple[OffensePlan, ...]:
    plans = []
    for offense in kb.offenses:
        elements = tuple(
            ElementPlan(
                id=e.id,
                name_ja=e.name.ja,
                name_en=e.name.en,
                only_if=None if e.only_if is None else ids.id(e.only_if),
                skip_if=NEVER if e.skip_if is None else ids.id(e.skip_if),
                established=ids.id(e.established),
                missing=ids.id(e.missing),
            )
            for e in offense.elements
        )
        notes = [offense.note] if offense.note else []
        attempt = offense.attempt
        name, article = offense.name, offense.article
        ref = (f"{short(name.ja)}（{article.ja}）", f"{short(name.en).lower()} ({article.en})")
        attempt_ref = ref
        attempt_article = article
        if attempt is not None:
            attempt_article = attempt.article
            attempt_ref = (
                f"{short(attempt.name.ja)}（{attempt.article.ja}）",
                f"{short(attempt.name.en).lower()} ({attempt.article.en})",
            )
        plans.append(
            OffensePlan(
                id=offense.id,
                law=offense.law,
                article_ja=article.ja,
                article_en=article.en,
                name_ja=name.ja,
                name_en=name.en,
                penalty_ja=offense.penalty.ja,
                penalty_en=offense.penalty.en,
                when=ids.id(offense.when),
                unless=ids.id(offense.unless),
                elements=elements,
                attempt_unless=None if attempt is None else ids.id(attempt.unless),
                attempt_law=offense.law if attempt is None else attempt.law,
                attempt_article_ja=attempt_article.ja,
                attempt_article_en=attempt_article.en,
                note=_joined(notes),
                attempt_note=_joined([*notes, attempt.note]) if attempt is not None else None,
                ref=ref,
                attempt_ref=attempt_ref,
            )
        )
    return tuple(plans)


def _behavior_plans(kb: Knowledge) -> dict[str, BehaviorPlan]:
    count = len(kb.behaviors)
    rules = kb.rules
    return {
        b: BehaviorPlan(
            id=b,
            atom=f"b:{b}",
            axis=d.axis,
            name_ja=d.name.ja,
            name_en=d.name.en,
            short_ja=short(d.name.ja),
            short_en=short(d.name.en).lower(),
            manner=int(d.axis == "manner"),
            severity=SEVERITIES.index(d.severity),
            demand=INVALID * (b in rules.inherently_invalid)
            | BY_CLAIM * (b in rules.judged_by_claim),
            rank=kb.rank[b],
            explain_rank=(d.axis != "manner") * count + kb.rank[b],
        )
        for b, d in kb.behaviors.items()
    }


@cache
def compiled() -> Compiled:
    kb = knowledge()
    ids = ConditionIds()
    critical, high = ids.id(kb.rules.critical), ids.id(kb.rules.high)
    offenses = _offense_plans(kb, ids)
    actions = tuple(
        ActionPlan(a.id, ids.id(a.when), a.text.ja, a.text.en, a.templated) for a in kb.actions
    )
    criteria = {key: ids.id(condition) for key, condition in kb.criteria.items()}
    named = ids.atoms()
    index = ids.index()
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
    policy_atoms = {
        (police, ban): ("p:police",) * police + ("p:ban",) * ban
        for police in (False, True)
        for ban in (False, True)
    }
    return Compiled(
        index=AtomIndex(index),
        critical=critical,
        high=high,
        behaviors=_behavior_plans(kb),
        offenses=offenses,
        actions=actions,
        criteria=criteria,
        verdict_atoms={key: (a, merged(index, a)) for key, a in verdict_atoms.items()},
        offense_atom=merged(index, ("off:any",)),
        policy_atoms={key: (a, merged(index, a)) for key, a in policy_atoms.items()},
        criteria_ja={key: name.ja for key, name in kb.criteria_names.items()},
        criteria_en={key: name.en for key, name in kb.criteria_names.items()},
        fact_atoms={
            name: (
                f"!f:{name}" if f"!f:{name}" in named else None,
                f"f:{name}" if f"f:{name}" in named else None,
            )
            for name in BOOLEAN_FACTS
        },
        unknown_fact_atoms={name: f"?f:{name}" for name in BOOLEAN_FACTS if f"?f:{name}" in named},
        demand_atoms={d: f"d:{d}" for d in DEMANDS},
        channel_atoms={c: f"ch:{c}" for c in (*CHANNELS, "unknown")},
        validity_atoms={v: f"cv:{v}" for v in VALIDITIES},
    )
