"""The small condition language the data files use.

A condition is a list of alternatives; an alternative is a list of atoms that
must all hold. An incident is reduced once to the set of atoms true for it,
so evaluating a condition is set membership: this keeps every rule in data
and the evaluation cheap enough to run thousands of times a second.
"""

from __future__ import annotations

from dataclasses import dataclass

from kasudesk.judgment.errors import JudgmentError


@dataclass(frozen=True, slots=True)
class Condition:
    """Alternatives split for speed: one-atom ones become a single disjointness
    test, the rest subset tests ("all atoms hold" is ``alternative <= atoms``)."""

    singles: frozenset[str]
    groups: tuple[frozenset[str], ...]

    def atoms(self) -> frozenset[str]:
        return self.singles.union(*self.groups)

    @classmethod
    def of(cls, alternatives: list[frozenset[str]]) -> Condition:
        singles = frozenset(next(iter(a)) for a in alternatives if len(a) == 1)
        return cls(singles, tuple(a for a in alternatives if len(a) > 1))


ATOM_KINDS = (
    "b",
    "f",
    "!f",
    "?f",
    "d",
    "ch",
    "t",
    "r",
    "v",
    "sev",
    "sev>=",
    "cv",
    "ca",
    "co",
    "p",
    "off",
    "x",
)


def holds(condition: Condition, atoms: frozenset[str] | set[str]) -> bool:
    """True when any alternative has all its atoms in ``atoms``."""
    if not condition.singles.isdisjoint(atoms):
        return True
    return any(group <= atoms for group in condition.groups)


def atom_kind(atom: str) -> str:
    if atom.startswith("sev>="):
        return "sev>="
    head, sep, _ = atom.partition(":")
    return head if sep else ""


def check_condition(condition: object, where: str) -> Condition:
    """Validate a condition read from a data file; raise on a malformed one."""
    if not isinstance(condition, list):
        raise JudgmentError(where, "expected a list of lists of atoms")
    result: list[frozenset[str]] = []
    for i, alternative in enumerate(condition):
        if not isinstance(alternative, list) or not alternative:
            raise JudgmentError(f"{where}[{i}]", "expected a non-empty list of atoms")
        for atom in alternative:
            if not isinstance(atom, str) or atom_kind(atom) not in ATOM_KINDS:
                raise JudgmentError(f"{where}[{i}]", f"unknown condition atom {atom!r}")
        result.append(frozenset(str(a) for a in alternative))
    return Condition.of(result)
