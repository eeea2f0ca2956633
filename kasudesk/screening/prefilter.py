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

import re
from collections.abc import Iterable, Mapping
from functools import cache
from operator import itemgetter
from typing import Any

import ahocorasick

__all__ = ["Requirement", "RequirementIndex", "may_match", "rarest", "required_chars"]

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
    return tuple(map(rarest, branches))


def may_match(requirement: Requirement | None, text: str) -> bool:
    """False only when no match of the pattern can exist in ``text``."""
    if requirement is None:
        return True
    # Loops rather than nested any/all generators: this runs per text.
    for branch in requirement:
        for condition in branch:
            for piece in condition:
                if piece in text:
                    break
            else:
                break  # no literal of this condition: the alternative fails
        else:
            return True
    return False


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
    best = [min(map(_reduced, branch), key=_likelihood) for branch in branches]
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


# English letters from most to least frequent: a run of rare letters is
# the better key for a literal. A hiragana is about as common as a letter
# of middling frequency (every Japanese sentence holds some), a katakana
# rarer, a kanji rarer still.
_LETTER_FREQUENCY = " etaoinshrdlcumwfgypbvkjxqz"
# One alternative of a requirement: its position, the literals of its
# conditions of one literal, and for each condition of several literals,
# those literals.
_Entry = tuple[int, int, frozenset[str], tuple[frozenset[str], ...]]
# The same, ready to check: each set of literals split into those the
# automaton reports and the lone characters looked up in the text instead.
_Check = tuple[
    int, int, frozenset[str], tuple[str, ...], tuple[tuple[frozenset[str], tuple[str, ...]], ...]
]
# The value of an (end, value) pair the automaton reports.
_SECOND = itemgetter(1)


def _char_key_cost(ch: str) -> int:
    at = _LETTER_FREQUENCY.find(ch)
    if at >= 0:
        return 40 - at
    code = ord(ch)
    if code < 0x80 or 0x3040 <= code <= 0x309F:
        return 20
    if 0x30A0 <= code <= 0x30FF:
        return 5
    return 1


def _triple(piece: str) -> str:
    """The rarest run of three characters of a longer literal."""
    runs = (piece[i : i + 3] for i in range(len(piece) - 2))
    return min(runs, key=lambda run: (sum(map(_char_key_cost, run)), run))


# Loading the rules asks for the same literals' weights about a hundred
# thousand times.
@cache
def _weight(piece: str) -> float:
    """A rough share of texts that hold ``piece`` (only its order matters).

    A lone character is likelier than any run that holds it, a longer
    literal less likely than its rarest triple: each further character
    halves it (" better watch " is far rarer than "you").
    """
    if len(piece) > 3:
        cost = sum(map(_char_key_cost, _triple(piece))) - 8 * (len(piece) - 3)
    else:
        cost = sum(map(_char_key_cost, piece)) + 40 * (3 - len(piece))
    return float(2.0 ** ((cost - 120) / 8))


@cache
def _likelihood(pieces: frozenset[str]) -> tuple[float, tuple[str, ...]]:
    return sum(map(_weight, pieces)), tuple(sorted(pieces))


def _reduced(condition: Condition) -> Condition:
    """``condition`` without the literals that hold another of its literals.

    A text holds "fucking" only if it holds "fuck", so {fuck, fucking}
    holds exactly when "fuck" does; the smaller set is judged more fairly
    by :func:`_likelihood` and gives the automaton fewer literals.
    """
    return frozenset(p for p in condition if not any(q in p for q in condition if q != p))


def rarest(conditions: Iterable[Condition]) -> tuple[Condition, ...]:
    """The conditions a text is least likely to meet, as many as are kept."""
    return tuple(sorted(set(map(_reduced, conditions)), key=_likelihood)[:_MAX_CONDITIONS])


def _entry(
    position: int, branch: int, conditions: list[Condition]
) -> tuple[_Entry, frozenset[str]]:
    """The entry of alternative ``branch``, and the literals to file it under.

    It is filed under the rarest literal of its conditions of one literal,
    or under every literal of one condition of several (the text holds one
    of them if the condition holds), whichever a text is less likely to
    hold.
    """
    need = frozenset(piece for c in conditions if len(c) == 1 for piece in c)
    several = [c for c in conditions if len(c) > 1]
    options = [frozenset({min(need, key=lambda p: (_weight(p), p))})] if need else []
    options += several
    filing = min(options, key=_likelihood)
    # An entry is looked at only when the text holds a literal it is filed
    # under, so that condition is not asked again.
    if filing in several:
        several = [c for c in several if c != filing]
    else:
        need -= filing
    # The condition least likely to hold is asked first.
    several.sort(key=_likelihood)
    return (position, branch, need, tuple(several)), filing


class RequirementIndex:
    """Many requirements checked at once: :func:`may_match` for each, in one pass.

    It is built from requirements by position (a rule's place in the
    caller's list); ``held(text)`` gives the positions ``i`` with
    ``may_match(requirements[i], text)``, exactly, at a fraction of the cost
    of asking each rule in turn, and for each the alternatives the text may
    meet, so the caller can run only those:

    * which literals occur: one Aho-Corasick automaton over the literals
      reports, in one pass over the text in C, each one the text holds,
      whatever its length. Lone characters no alternative is filed under
      (a space, "e", the hiragana of every sentence) are left out: they
      would be reported at most places of most texts, each report costing
      more than looking the character up when an alternative needs it;
    * which alternatives hold: each is filed under the literal of one of its
      conditions a text is least likely to hold (or under every literal of
      a condition of several), and is looked at only when the text holds
      that literal: it holds when the text holds every other literal of
      its conditions of one literal (a subset test in C, and a look-up of
      each lone character) and one literal of each of its other conditions
      (a disjointness test in C each, and look-ups of lone characters). An
      alternative that asks all another of its requirement asks, and more,
      is not filed: it can hold only when that one does, so it is asked
      (with :func:`may_match`) only then.

    A requirement that is unknown (None) always holds, and so does one with
    an alternative whose every condition holds in any text (it offers the
    empty literal); their alternatives are not told apart.
    """

    def __init__(self, requirements: Mapping[int, Requirement | None]) -> None:
        always: set[int] = set()
        filed: dict[str, list[_Entry]] = {}
        # position -> alternative -> the alternatives that ask all it asks, and more
        implied: dict[int, dict[int, list[tuple[int, Requirement]]]] = {}
        sizes: dict[int, int] = {}
        for position, requirement in requirements.items():
            if requirement is None:
                always.add(position)
                continue
            branches = [frozenset(c for c in branch if "" not in c) for branch in requirement]
            if not all(branches):
                always.add(position)
                continue
            sizes[position] = len(branches)
            for i, conditions in enumerate(branches):
                # An alternative that asks part of what this one asks holds
                # whenever this one does; one of them is filed itself, since
                # "asks part of" is an order.
                below = _below(branches, i)
                if below:
                    least = next(j for j in below if not _below(branches, j))
                    by_branch = implied.setdefault(position, {})
                    by_branch.setdefault(least, []).append((i, (requirement[i],)))
                    continue
                entry, filing = _entry(position, i, list(conditions))
                for piece in filing:
                    filed.setdefault(piece, []).append(entry)
        pieces = {p for entries in filed.values() for e in entries for p in e[2].union(*e[3])}
        scanned = frozenset(filed).union(p for p in pieces if len(p) > 1)

        def split(literals: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
            return literals & scanned, tuple(sorted(literals - scanned))

        def check(entry: _Entry) -> _Check:
            position, branch, need, several = entry
            return (position, branch, *split(need), tuple(map(split, several)))

        self._always = frozenset(always)
        self._implied = {
            position: {branch: tuple(others) for branch, others in by_branch.items()}
            for position, by_branch in implied.items()
        }
        self._sizes = sizes
        self._filed = {piece: tuple(map(check, entries)) for piece, entries in filed.items()}
        self._filed_pieces = frozenset(filed)
        # Each literal is its own value: iterating yields the literals found.
        self._finder: Any = None
        if scanned:
            self._finder = ahocorasick.Automaton()
            for piece in sorted(scanned):
                self._finder.add_word(piece, piece)
            self._finder.make_automaton()

    def candidates(self, text: str) -> set[int]:
        """Positions of the requirements ``text`` may meet."""
        return set(self.held(text))

    def held(self, text: str) -> dict[int, tuple[int, ...] | None]:
        """Position -> the alternatives of its requirement ``text`` may meet.

        Only the positions whose requirement the text may meet are keys.
        The alternatives are indices into the requirement, in order, each
        ``i`` with ``may_match((requirement[i],), text)``; None where the
        text may meet all of them, or the requirement always holds.
        """
        found: dict[int, tuple[int, ...] | None] = dict.fromkeys(self._always)
        if self._finder is None:
            return found
        held = set(map(_SECOND, self._finder.iter(text)))
        holds = text.__contains__
        filed = self._filed
        met: dict[int, set[int]] = {}
        for piece in self._filed_pieces.intersection(held):
            for position, branch, need, lone, several in filed[piece]:
                if not need <= held or (lone and not all(map(holds, lone))):
                    continue
                for pieces, chars in several:
                    if pieces.isdisjoint(held) and not (chars and any(map(holds, chars))):
                        break
                else:
                    branches = met.get(position)
                    if branches is None:
                        met[position] = {branch}
                    else:
                        branches.add(branch)
        sizes = self._sizes
        implied = self._implied
        for position, branches in met.items():
            if position in implied:
                for branch in tuple(branches):
                    for other, requirement in implied[position].get(branch, ()):
                        if may_match(requirement, text):
                            branches.add(other)
            found[position] = None if len(branches) == sizes[position] else tuple(sorted(branches))
        return found


def _below(branches: list[frozenset[Condition]], i: int) -> list[int]:
    """The alternatives that ask part of what alternative ``i`` asks."""
    return [
        j
        for j, other in enumerate(branches)
        if other < branches[i] or (other == branches[i] and j < i)
    ]
