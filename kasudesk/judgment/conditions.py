"""The small condition language the data files use.

A condition is a list of alternatives; an alternative is a list of atoms that
must all hold. An incident is reduced once to the set of atoms true for it,
so evaluating a condition is set membership: this keeps every rule in data
and the evaluation cheap enough to run thousands of times a second.
"""

from __future__ import annotations

from kasudesk.judgment.errors import JudgmentError

# Alternatives, each a frozen set of atoms: "all atoms hold" is a subset test.
Condition = tuple[frozenset[str], ...]

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
    return any(alternative <= atoms for alternative in condition)


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
    return tuple(result)
