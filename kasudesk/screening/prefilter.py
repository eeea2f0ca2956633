"""What a regular expression cannot match without, read once from its source.

Most rule patterns start with a group or a look-behind, so the regex engine
cannot skip ahead and tries every position of the text. Reading the pattern
once for the substrings every match must contain (殺 for the kill patterns,
"kill" for the English ones) lets the engine skip a rule for a text that
lacks them, which is most rules for most texts.

A requirement is a tuple of alternatives, as the top level of the pattern
has; an alternative is a tuple of conditions that must all hold; a condition
is a set of substrings of which the text must contain one. The reading is
conservative: whatever it does not follow (escapes such as ``\\w``, ``.``,
negated classes and ranges, inline flags) adds no condition, and an
alternative with no condition makes the whole pattern "always run" (None).

:class:`RequirementIndex` answers :func:`may_match` for every rule at once,
so the engine pays one pass over the text, not one search per rule.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

__all__ = ["Requirement", "RequirementIndex", "may_match", "required_chars"]

Condition = frozenset[str]
Requirement = tuple[tuple[Condition, ...], ...]

_BRACES = re.compile(r"\{(\d*)(?:,(\d*))?\}")
# Per alternative, at most this many conditions are kept (the rarest ones).
_MAX_CONDITIONS = 3


class _Unknown(Exception):
    """A construct this reader does not follow; the caller runs the rule always."""


def required_chars(source: str) -> Requirement | None:
    """What every match of ``source`` needs, or None when it cannot tell."""
    try:
        branches, end = _branches(source, 0)
    except (_Unknown, IndexError, ValueError):
        return None
    if end != len(source) or any(not branch for branch in branches):
        return None
    return tuple(
        tuple(sorted(set(branch), key=lambda c: (_cost(c), sorted(c)))[:_MAX_CONDITIONS])
        for branch in branches
    )


def may_match(requirement: Requirement | None, text: str) -> bool:
    """False only when no match of the pattern can exist in ``text``."""
    if requirement is None:
        return True
    return any(
        all(any(piece in text for piece in condition) for condition in branch)
        for branch in requirement
    )


def _cost(condition: Condition) -> float:
    """How likely a text is to meet ``condition``: longer and rarer is better.

    Hiragana and ASCII fill every text, katakana less so, a kanji is rare.
    """
    total = 0.0
    for piece in condition:
        rarest = min(_char_cost(ch) for ch in piece)
        total += rarest / len(piece)
    return total


def _char_cost(ch: str) -> int:
    code = ord(ch)
    if code < 0x80 or 0x3040 <= code <= 0x309F:
        return 10
    if 0x30A0 <= code <= 0x30FF:
        return 3
    return 1


def _branches(src: str, i: int) -> tuple[list[list[Condition]], int]:
    """The conditions of each alternative, up to the end or the closing ``)``."""
    branches: list[list[Condition]] = []
    while True:
        conditions, i = _sequence(src, i)
        branches.append(conditions)
        if i < len(src) and src[i] == "|":
            i += 1
            continue
        return branches, i


def _sequence(src: str, i: int) -> tuple[list[Condition], int]:
    conditions: list[Condition] = []
    run = ""  # literal characters certain to appear next to each other

    def close_run() -> None:
        nonlocal run
        if run:
            conditions.append(frozenset({run}))
            run = ""

    while i < len(src) and src[i] not in "|)":
        literal, condition, i = _atom(src, i)
        optional, repeated, i = _quantifier(src, i)
        if optional:
            close_run()
            continue
        if literal is not None:
            run += literal
            if repeated:  # x+ y: the last x touches y, so "xy" still holds
                close_run()
                run = literal
            continue
        close_run()
        if condition is not None:
            conditions.append(condition)
    close_run()
    return conditions, i


def _atom(src: str, i: int) -> tuple[str | None, Condition | None, int]:
    """(a literal character, or a condition, or neither; index after the atom)."""
    ch = src[i]
    if ch == "\\":
        following = src[i + 1]
        if following == "x":
            return chr(int(src[i + 2 : i + 4], 16)), None, i + 4
        if following.isalnum():  # \b \s \d \w, back-references: nothing certain
            return None, None, i + 2
        return following, None, i + 2
    if ch == "(":
        condition, i = _group(src, i)
        return None, condition, i
    if ch == "[":
        condition, i = _char_class(src, i)
        return None, condition, i
    if ch in ".^$":
        return None, None, i + 1
    return ch, None, i + 1


def _group(src: str, i: int) -> tuple[Condition | None, int]:
    lookaround = False
    if src.startswith("(?:", i):
        start = i + 3
    elif src.startswith(("(?=", "(?!"), i):
        start, lookaround = i + 3, True
    elif src.startswith(("(?<=", "(?<!"), i):
        start, lookaround = i + 4, True
    elif src.startswith("(?P<", i):
        start = src.index(">", i) + 1
    elif src.startswith("(?", i):
        raise _Unknown(src[i : i + 4])
    else:
        start = i + 1
    branches, end = _branches(src, start)
    if end >= len(src) or src[end] != ")":
        raise _Unknown("unbalanced group")
    if lookaround or any(not branch for branch in branches):
        return None, end + 1
    # Each alternative contributes its best condition; one of them will hold.
    best = [min(branch, key=_cost) for branch in branches]
    return frozenset().union(*best), end + 1


def _char_class(src: str, i: int) -> tuple[Condition | None, int]:
    k = i + 1
    certain = True
    if src[k] == "^":
        certain = False
        k += 1
    members: set[str] = set()
    first = True
    while first or src[k] != "]":
        first = False
        if src[k] == "\\":
            certain = False
            k += 2
        elif src[k + 1] == "-" and src[k + 2] != "]":
            certain = False  # ranges are left to the regex engine
            k += 3
        else:
            members.add(src[k])
            k += 1
    return (frozenset(members) if certain and members else None), k + 1


def _quantifier(src: str, i: int) -> tuple[bool, bool, int]:
    """(the atom may be absent, the atom may repeat, index after the quantifier)."""
    if i >= len(src):
        return False, False, i
    ch = src[i]
    if ch in "?*":
        optional, repeated, i = True, ch == "*", i + 1
    elif ch == "+":
        optional, repeated, i = False, True, i + 1
    elif ch == "{" and (braces := _BRACES.match(src, i)) is not None:
        optional, repeated, i = braces.group(1) in ("", "0"), True, braces.end()
    else:
        return False, False, i
    if i < len(src) and src[i] in "?+":  # lazy or possessive
        i += 1
    return optional, repeated, i


# English letters from most to least frequent: a bigram of rare letters is
# the better key for a literal (a kana or kanji is rarer still).
_LETTER_FREQUENCY = " etaoinshrdlcumwfgypbvkjxqz"


def _key_cost(key: tuple[str, ...]) -> int:
    """How common a run of characters is likely to be (lower is rarer)."""
    return sum(map(_char_key_cost, key))


def _char_key_cost(ch: str) -> int:
    at = _LETTER_FREQUENCY.find(ch)
    if at >= 0:
        return 40 - at
    code = ord(ch)
    if code < 0x80 or 0x3040 <= code <= 0x309F:
        return 12
    if 0x30A0 <= code <= 0x30FF:
        return 5
    return 1


class RequirementIndex:
    """Many requirements checked at once: :func:`may_match` for each, in one pass.

    It is built from requirements by position (a rule's place in the
    caller's list); ``candidates(text)`` is the set of positions ``i`` with
    ``may_match(requirements[i], text)``, exactly, at a fraction of the cost
    of asking each rule in turn:

    * which literals occur: those of one, two and three characters are a
      set intersection each with the text's characters, pairs and triples
      of adjacent characters; a longer one is looked for (``in``, a C
      substring search) only when the text holds its rarest triple;
    * which conditions hold: the union of the conditions of the literals
      found (conditions are numbered, shared between rules);
    * which alternatives hold: each is filed under its first (rarest)
      condition and holds when all its conditions do, a subset test in C.

    Checking every condition, not only the rarest one, skips most English
    rules for an ordinary complaint, whose rarest literal is often a common
    pair of letters.
    A requirement that is unknown (None) is always a candidate.
    """

    def __init__(self, requirements: Mapping[int, Requirement | None]) -> None:
        always: set[int] = set()
        condition_ids: dict[Condition, int] = {}
        by_first: dict[int, list[tuple[int, frozenset[int]]]] = {}
        for position, requirement in requirements.items():
            if requirement is None or any(
                "" in condition for branch in requirement for condition in branch
            ):
                always.add(position)
                continue
            for branch in requirement:
                ids = [condition_ids.setdefault(c, len(condition_ids)) for c in branch]
                by_first.setdefault(ids[0], []).append((position, frozenset(ids)))
        holders: dict[str, set[int]] = {}
        for condition, number in condition_ids.items():
            for piece in condition:
                holders.setdefault(piece, set()).add(number)
        self._always = frozenset(always)
        self._by_first = {first: tuple(found) for first, found in by_first.items()}
        self._first_keys = frozenset(self._by_first)
        self._single = {piece: frozenset(s) for piece, s in holders.items() if len(piece) == 1}
        self._pair = {
            (piece[0], piece[1]): frozenset(s) for piece, s in holders.items() if len(piece) == 2
        }
        by_triple: dict[tuple[str, ...], list[tuple[str, frozenset[int]]]] = {}
        for piece, s in holders.items():
            if len(piece) > 2:
                triple = min(zip(piece, piece[1:], piece[2:], strict=False), key=_key_cost)
                # A literal of three characters is its own key: present once
                # the key is, so it is looked for as "", which every text holds.
                look_for = "" if len(piece) == 3 else piece
                by_triple.setdefault(triple, []).append((look_for, frozenset(s)))
        self._by_triple = {triple: tuple(found) for triple, found in by_triple.items()}
        self._single_keys = frozenset(self._single)
        self._pair_keys = frozenset(self._pair)
        self._triple_keys = frozenset(self._by_triple)

    def candidates(self, text: str) -> set[int]:
        """Positions of the requirements ``text`` may meet."""
        # Literals of one or two characters need no substring search: being
        # in the set of the text's characters or adjacent pairs is occurring.
        held: set[int] = set()
        held.update(*map(self._single.__getitem__, self._single_keys.intersection(text)))
        pairs = self._pair_keys.intersection(itertools.pairwise(text))
        held.update(*map(self._pair.__getitem__, pairs))
        by_triple = self._by_triple
        triples = zip(text, text[1:], text[2:], strict=False)
        held.update(
            *[
                conditions
                for key in self._triple_keys.intersection(triples)
                for piece, conditions in by_triple[key]
                if piece in text
            ]
        )
        found = set(self._always)
        by_first = self._by_first
        for first in self._first_keys.intersection(held):
            for position, branch in by_first[first]:
                if position not in found and branch <= held:
                    found.add(position)
        return found
