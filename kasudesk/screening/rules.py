"""Loads the detector data files and compiles them into regular expressions.

Rules, carve-outs and the behavior list live in ``data/*.toml`` inside the
package; this module only interprets them. Two kinds of entries exist:

* a *lexicon* entry lists literal terms. Each term is normalised like the
  text, its ASCII letters may repeat (fuuck) and English terms match whole
  words only;
* a *pattern* entry is a regular expression over the normalised text (or a
  list of alternatives); a named group ``hit`` narrows the reported span.
  ``<<name>>`` in a pattern stands for the shared set ``name`` of the file's
  ``[endings]`` table (one Japanese conjugation written once, for every
  verb) or ``[groups]`` table (one English phrasing, such as the ways to say
  "I will" or "you are going to", written once for every rule).

In both, every kana matches its hiragana and katakana forms (しね, シネ): the
rule runs on the kana-folded view of the text, unless the entry says
``kana = "exact"``. Patterns are lower-cased (the text is).
"""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from kasudesk.screening.errors import ScreeningError
from kasudesk.screening.normalize import KATAKANA_TO_HIRAGANA, Normalized, normalize
from kasudesk.screening.prefilter import Requirement, rarest, required_chars

__all__ = [
    "CARVE_OUT_KINDS",
    "Behavior",
    "CarveOutRule",
    "Rule",
    "behaviors",
    "carve_out_rules",
    "compile_pattern",
    "compile_terms",
    "expand_endings",
    "rules",
    "scan",
    "shared_sets",
    "skip_ahead",
    "sources",
    "view",
]

CARVE_OUT_KINDS = frozenset(
    {
        "lawful_remedy",
        "accommodation_request",
        "staff_apology",
        "quoted_policy",
        "self_directed",
        "product_profanity",
        "third_party",
    }
)
LANGS = frozenset({"ja", "en", "any"})


@dataclass(frozen=True, slots=True)
class Behavior:
    id: str
    axis: Literal["manner", "demand"]
    alert_supervisor: bool
    name_ja: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    behavior: str
    lang: str
    weight: float
    source: Literal["lexicon", "pattern"]
    pattern: str  # the regex as the data file gives it, expanded
    matcher: re.Pattern[str]  # the same matches, found faster (what runs)
    folded: bool
    word_start: bool
    triggers: Requirement | None  # what every match needs (None: unknown)
    supersedes: frozenset[str]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    # Each alternative of ``triggers`` as a regex of its own, in the same
    # order (a pattern's top-level alternatives, or a lexicon's terms), and
    # its place in ``matcher``'s own order; empty when the two cannot be
    # paired. See Alternation.
    alternatives: tuple[str, ...] = ()
    ranks: tuple[int, ...] = ()

    @property
    def regex(self) -> re.Pattern[str]:
        """``pattern`` compiled: what ``matcher`` is held to (compiled only when asked)."""
        return re.compile(self.pattern)

    def finditer(self, norm: Normalized) -> Iterator[re.Match[str]]:
        """Matches on the view of the text this rule runs on."""
        return scan(self.matcher, view(norm, folded=self.folded), word_start=self.word_start)


def alternative(rule: Rule, index: int) -> re.Pattern[str] | None:
    """Alternative ``index`` of the rule as a regex alone (slow to compile: keep it).

    None when it could match an empty string, which an Alternation cannot
    step over as ``finditer`` does: the rule then runs whole. Asked here,
    on first need, rather than when the rules load, because reading a
    pattern's widths costs as much as compiling it.
    """
    source = rule.alternatives[index]
    if not _never_empty(source):
        return None
    return skip_ahead(re.compile(source))


class Alternation:
    """Several regexes searched as their alternation ``a|b|c`` would be.

    Of the matches each would find from a position, the leftmost wins, and
    of those that start at the same place the first in order: the regex
    engine tries the alternatives in order at each position and takes the
    first that matches there. None of the regexes may match an empty
    string, so each match ends past its start and the next search begins at
    its end, as ``finditer`` does. The rule engine runs a rule as the
    alternation of only the alternatives a text can meet (most texts meet
    one or two of a rule's dozens), which finds exactly what the whole rule
    finds there, at a fraction of the cost.
    """

    __slots__ = ("regexes",)

    def __init__(self, regexes: Sequence[re.Pattern[str]]) -> None:
        self.regexes = tuple(regexes)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        best: re.Match[str] | None = None
        for regex in self.regexes:
            found = regex.search(text, pos)
            if found is not None and (best is None or found.start() < best.start()):
                best = found
        return best

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        pos = 0
        while (found := self.search(text, pos)) is not None:
            yield found
            pos = found.end()


Matcher = re.Pattern[str] | Alternation


@dataclass(frozen=True, slots=True)
class CarveOutRule:
    id: str
    kind: str
    lang: str
    scope: Literal["match", "sentence"]
    pattern: str
    matcher: re.Pattern[str]
    folded: bool
    word_start: bool
    triggers: Requirement | None
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]

    @property
    def regex(self) -> re.Pattern[str]:
        """``pattern`` compiled: what ``matcher`` is held to (compiled only when asked)."""
        return re.compile(self.pattern)

    def finditer(self, norm: Normalized) -> Iterator[re.Match[str]]:
        """Matches on the view of the text this rule runs on."""
        return scan(self.matcher, view(norm, folded=self.folded), word_start=self.word_start)


def compile_pattern(source: str, *, both_kana: bool = True) -> re.Pattern[str]:
    """Compile a rule regex; with ``both_kana`` it is meant for ``kana_folded`` text.

    Folding the pattern's katakana to hiragana (one character for one, and
    no kana is regex syntax) makes it match both scripts of the folded text.
    """
    expanded = _expanded(source, both_kana=both_kana)
    try:
        return re.compile(expanded)
    except re.error as exc:
        raise ScreeningError(f"bad pattern {source!r}: {exc}") from exc


def _expanded(source: str, *, both_kana: bool) -> str:
    """The source ``compile_pattern`` compiles: katakana folded if asked, letters lowered."""
    return _lower(source.translate(KATAKANA_TO_HIRAGANA) if both_kana else source)


def _lower(source: str) -> str:
    """Lower-case the letters a pattern matches, leaving escapes and group syntax.

    The text is already lower case; a case-sensitive pattern lets the regex
    engine skip ahead on its first character, which IGNORECASE prevents.
    """
    out: list[str] = []
    for i, ch in enumerate(source):
        previous = source[i - 1] if i else ""
        if previous in ("\\", "?") or (previous == "<" and source[i - 2 : i] == "?<"):
            out.append(ch)
        else:
            out.append(ch.lower())
    return "".join(out)


class _Unknown(Exception):
    """A construct :func:`_first_chars` does not follow."""


def skip_ahead(regex: re.Pattern[str] | str) -> re.Pattern[str]:
    """``regex`` with a look-ahead for the characters a match can start with.

    It matches exactly where ``regex`` does. A pattern that opens with a
    group, a look-behind or ``\\b`` gives the regex engine nothing to skip
    ahead on, so it tries every alternative at every position of the text;
    a leading ``(?=[...])`` of the characters any match starts with turns
    most positions away with one class test. Patterns the engine can skip
    ahead on already (a literal or a class first), and patterns whose first
    characters cannot be read (``.``, ``\\w``, a negated class, or an empty
    match), are returned as they are. Given a source, it compiles once
    (re.error when the source is no regex).
    """
    source, flags = (regex, 0) if isinstance(regex, str) else (regex.pattern, regex.flags)
    plain = regex if isinstance(regex, re.Pattern) else None
    try:
        parser: Any = importlib.import_module("re._parser")
        constants: Any = importlib.import_module("re._constants")
        tree = parser.parse(source, flags)
        if tree.state.flags & ~re.UNICODE or _opens_with_literal(tree.data, constants):
            return plain or re.compile(source, flags)
        first, nullable = _first_chars(tree.data, constants)
    except (_Unknown, ImportError, AttributeError, TypeError, ValueError, re.error):
        return plain or re.compile(source, flags)
    if nullable or not first:
        return plain or re.compile(source, flags)
    cls = "".join(map(re.escape, sorted(first)))
    try:
        return re.compile(f"(?=[{cls}])(?:{source})", flags)
    except re.error:
        return plain or re.compile(source, flags)


def _opens_with_literal(items: list[Any], c: Any) -> bool:
    """Whether the regex engine itself skips ahead on the pattern's first op."""
    if not items:
        return False
    op, av = items[0]
    while op is c.SUBPATTERN:
        items = av[3].data
        if not items:
            return False
        op, av = items[0]
    if op in (c.LITERAL, c.IN):
        return True
    if op is c.BRANCH:
        return all(alt.data and alt.data[0][0] is c.LITERAL for alt in av[1])
    return False


def _first_chars(items: list[Any], c: Any, *, words: bool = False) -> tuple[set[str], bool]:
    """(the characters a match of the sequence can start with, it can be empty).

    With ``words``, ``\\w`` and ``\\d`` stand for one word character ("0"),
    which is enough to tell whether a match starts with one.
    """
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            return out | {chr(av)}, False
        if op is c.IN:
            for member, value in av:
                if member is c.LITERAL:
                    out.add(chr(value))
                elif member is c.RANGE and value[1] - value[0] <= _MAX_RANGE:
                    out.update(map(chr, range(value[0], value[1] + 1)))
                elif (
                    words and member is c.CATEGORY and value in (c.CATEGORY_WORD, c.CATEGORY_DIGIT)
                ):
                    out.add("0")
                else:  # negated classes, categories such as \w, long ranges
                    raise _Unknown(member)
            return out, False
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero width: the next op starts the match
            continue
        if op is c.SUBPATTERN:
            if av[1] or av[2]:  # inline flags
                raise _Unknown(op)
            found, nullable = _first_chars(av[3].data, c, words=words)
        elif op is c.BRANCH:
            found, nullable = set(), False
            for alternative in av[1]:
                alt_found, alt_nullable = _first_chars(alternative.data, c, words=words)
                found |= alt_found
                nullable |= alt_nullable
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            found, nullable = _first_chars(av[2].data, c, words=words)
            nullable |= av[0] == 0
        else:  # any character, back-references, conditionals
            raise _Unknown(op)
        out |= found
        if not nullable:
            return out, False
    return out, True


# Ranges longer than this in a leading class are not listed.
_MAX_RANGE = 512


@cache  # each term is read when the rules load: for its regex, order and pairing
def _term_parts(term: str) -> tuple[str, str, str]:
    """A term's regex in three parts: its first character, a word-start guard, the rest."""
    folded = normalize(term).text
    pieces: list[str] = []
    for i, ch in enumerate(folded):
        if "a" <= ch <= "z":
            # A literal first character lets the engine skip ahead; the
            # repeat (fuuck) is written as c + c* for the same reason.
            pieces.append(ch + ch + "*" if i == 0 else ch + "+")
        elif ch == " ":
            pieces.append(r"\s*" if not folded.isascii() else r"\s+")
        else:
            pieces.append(re.escape(ch))
    if not pieces:  # the term folds to nothing
        return "", "", ""
    # The first piece is one literal character (c of cc*, or an escaped
    # character), except for a term that starts with white space.
    head = pieces[0][:1] if "a" <= folded[:1] <= "z" else pieces[0]
    rest = "".join(pieces)[len(head) :]
    if folded.isascii() and folded[:1].isalpha():
        # Word start checked after the first letter so the pattern still
        # begins with a literal.
        return head, f"(?<![a-z]{head})", f"{rest}(?![a-z])"
    return head, "", rest


def _term_regex(term: str) -> str:
    return "".join(_term_parts(term))


def _ordered_terms(terms: Sequence[str]) -> list[str]:
    ordered = sorted({_term_regex(t) for t in terms if t.strip()}, key=len, reverse=True)
    if not ordered:
        raise ScreeningError("a lexicon entry has no terms")
    return ordered


def compile_terms(terms: Sequence[str], *, both_kana: bool = True) -> re.Pattern[str]:
    """One alternation of literal terms, longest first."""
    return compile_pattern("|".join(_ordered_terms(terms)), both_kana=both_kana)


def _grouped_terms(terms: Sequence[str], *, both_kana: bool) -> re.Pattern[str]:
    """:func:`compile_terms`, its alternatives grouped by their first character.

    It matches exactly as the plain alternation does: at any position only
    the alternatives that start with the character there can match, and
    they keep their order. The engine then tries one group per position,
    and checks a group's shared word-start guard once, instead of trying
    each term (most positions are inside a word).
    """
    parts = {_term_regex(t): _term_parts(t) for t in terms if t.strip()}
    if any(not head or (head[:1] == "\\" and head[1:2].isalnum()) for head, _, _ in parts.values()):
        # A term that folds to nothing or starts with white space (\s*) has
        # no first character to group by.
        return compile_terms(terms, both_kana=both_kana)
    groups: dict[str, list[tuple[str, str]]] = {}
    for full in _ordered_terms(terms):
        head, guard, rest = parts[full]
        key = head.translate(KATAKANA_TO_HIRAGANA) if both_kana else head
        groups.setdefault(key, []).append((guard, rest))
    alternatives = []
    for head, members in groups.items():
        guards = {guard for guard, _ in members}
        if len(members) == 1:
            guard, rest = members[0]
            alternatives.append(head + guard + rest)
        elif len(guards) == 1:
            alternatives.append(f"{head}{guards.pop()}(?:{'|'.join(rest for _, rest in members)})")
        else:
            alternatives.append(f"{head}(?:{'|'.join(guard + rest for guard, rest in members)})")
    return compile_pattern("|".join(alternatives), both_kana=both_kana)


def _read(name: str) -> dict[str, Any]:
    resource = resources.files("kasudesk.screening").joinpath("data", name)
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ScreeningError(f"cannot read screening data file {name}: {exc}") from exc


def view(norm: Normalized, *, folded: bool) -> str:
    """The text a rule runs on: kana-folded unless the rule wants exact kana."""
    return norm.kana_folded if folded else norm.text


def scan(regex: Matcher, text: str, *, word_start: bool) -> Iterator[re.Match[str]]:
    """``regex.finditer(text)``, keeping only matches that begin a word if asked.

    Equivalent to a leading ``\\b`` in the pattern, but the engine can skip
    ahead on the pattern's first characters, which a leading ``\\b`` prevents.
    """
    if not word_start:
        yield from regex.finditer(text)
        return
    pos = 0
    while (match := regex.search(text, pos)) is not None:
        start = match.start()
        before = text[start - 1] if start else " "
        if before.isalnum() or before == "_":
            pos = start + 1
            continue
        yield match
        pos = match.end() if match.end() > start else start + 1


def _alternatives(source: str) -> list[str]:
    """The top-level alternatives of a regular expression."""
    parts: list[str] = []
    depth = 0
    in_class = False
    begin = 0
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[begin:i])
            begin = i + 1
        i += 1
    parts.append(source[begin:])
    return parts


def _lift_word_start(items: list[str]) -> tuple[list[str], bool]:
    """The top-level alternatives, without a leading ``\\b`` when all have one.

    :func:`scan` then keeps the matches that begin a word, which is what the
    ``\\b`` meant only where every match starts with a word character: before
    an apostrophe (``\\b\x27d``) it asks for a word character *before* the
    match, so such a rule keeps its ``\\b``.
    """
    alternatives = [alt for item in items for alt in _alternatives(item)]
    if all(alt.startswith("\\b") and _opens_a_word(alt[2:]) for alt in alternatives):
        return [alt[2:] for alt in alternatives], True
    return alternatives, False


def _opens_a_word(source: str) -> bool:
    """Whether every match of ``source`` starts with a word character."""
    try:
        parser: Any = importlib.import_module("re._parser")
        constants: Any = importlib.import_module("re._constants")
        first, nullable = _first_chars(parser.parse(source).data, constants, words=True)
    except (_Unknown, ImportError, AttributeError, TypeError, ValueError, re.error):
        return False
    return bool(first) and not nullable and all(ch.isalnum() or ch == "_" for ch in first)


_ENDING_REF = re.compile(r"<<([a-z_]+)>>")


def expand_endings(source: str, endings: dict[str, str], where: str) -> str:
    """``source`` with each ``<<name>>`` replaced by that ending set, as a group."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in endings:
            raise ScreeningError(f"{where}: unknown ending set {name!r}")
        return f"(?:{endings[name]})"

    return _ENDING_REF.sub(one, source)


def shared_sets(data: dict[str, Any], name: str) -> dict[str, str]:
    """The named sets a rule file shares among its patterns, by name.

    ``[endings]`` and ``[groups]`` are one namespace; a set may use the sets
    written before it (``staff_ref`` uses ``staff_noun``).
    """
    out: dict[str, str] = {}
    for table in ("endings", "groups"):
        for key, value in data.get(table, {}).items():
            where = f"{name}: {table} {key!r}"
            if key in out:
                raise ScreeningError(f"{where}: defined twice")
            out[key] = expand_endings(value, out, where)
    return out


def _regex_of(
    entry: dict[str, Any], where: str, endings: dict[str, str] | None = None
) -> tuple[str, bool, bool]:
    """(the expanded regex source, is a lexicon, matches must begin a word)."""
    both = entry.get("kana", "both") != "exact"
    if "terms" in entry and "pattern" not in entry:
        return _expanded("|".join(_ordered_terms(entry["terms"])), both_kana=both), True, False
    if "pattern" in entry and "terms" not in entry:
        pattern = entry["pattern"]
        items = pattern if isinstance(pattern, list) else [pattern]
        items = [expand_endings(item, endings or {}, where) for item in items]
        items, word_start = _lift_word_start(items)
        joined = "|".join(items)  # each is balanced and has no top-level |
        return _expanded(joined, both_kana=both), False, word_start
    raise ScreeningError(f"{where}: give either terms or pattern")


def _requirement(
    entry: dict[str, Any], source: str
) -> tuple[Requirement | None, tuple[str, ...], tuple[int, ...]]:
    """What every match of the rule needs (see prefilter.py), and its alternatives.

    The alternatives pair with the requirement's, in order, each as a regex
    of its own with its place in the rule's matcher (see Alternation): a
    lexicon's terms, or a pattern's top-level alternatives; none when they
    cannot be paired.
    """
    if "terms" in entry:
        both = entry.get("kana", "both") != "exact"
        terms = tuple(t for t in entry["terms"] if t.strip())
        found = _lexicon_requirement(terms, both_kana=both)
        if found is None or len(found) != len(terms):
            # Read from the pattern, whose alternatives are ordered and grouped.
            return required_chars(source), (), ()
        place = {regex: rank for rank, regex in enumerate(_ordered_terms(terms))}
        sources = [_term_regex(term) for term in terms]
        ranks = tuple(place[source] for source in sources)
        return found, tuple(_expanded(source, both_kana=both) for source in sources), ranks
    requirement = required_chars(source)
    parts = tuple(_alternatives(source))
    if (
        requirement is None
        or len(parts) != len(requirement)
        or _GLOBAL_FLAGS.search(source)  # they would apply to one part only
    ):
        return requirement, (), ()
    return requirement, parts, tuple(range(len(parts)))


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _never_empty(source: str) -> bool:
    """Whether every match of the regex ``source`` holds at least one character."""
    try:
        parser: Any = importlib.import_module("re._parser")
        return bool(parser.parse(source).getwidth()[0] > 0)
    except (ImportError, AttributeError, TypeError, ValueError, re.error):
        return False


def _lexicon_requirement(terms: Sequence[str], *, both_kana: bool) -> Requirement | None:
    """What every match of a lexicon needs in normalised text, term by term.

    Read from the pattern, a term whose letters may repeat (i+d+i+o+t+)
    leaves only pairs (di, io, ot), which most English texts hold.
    Normalised text holds a Latin letter at most twice in a row, so a match
    of the term holds each three neighbouring letters with the middle one
    once or twice (idi or iddi, and kill or kiill as its ll stays two): those
    are the conditions here. None when a term cannot be read so (it needs a
    letter three times in a row).
    """
    branches = []
    for term in terms:
        folded = normalize(term).text
        if both_kana:
            folded = folded.translate(KATAKANA_TO_HIRAGANA)
        conditions: list[frozenset[str]] = []
        for segment in folded.split(" "):  # white space may vary or vanish
            runs = _runs(segment)
            if runs is None:
                return None
            if len(runs) == 1:
                conditions.append(frozenset({runs[0][0] * runs[0][1][0]}))
            elif len(runs) == 2:
                conditions.append(
                    frozenset({runs[0][0] * runs[0][1][0] + runs[1][0] * runs[1][1][0]})
                )
            for (first, before), (middle, counts), (last, after) in zip(
                runs, runs[1:], runs[2:], strict=False
            ):
                ends = first * before[0], last * after[0]
                conditions.append(frozenset(ends[0] + middle * n + ends[1] for n in counts))
        conditions = [c for c in conditions if "" not in c]
        if not conditions:
            return None
        branches.append(rarest(conditions))
    return tuple(branches) or None


def _runs(segment: str) -> list[tuple[str, tuple[int, ...]]] | None:
    """Each character of a term's segment with the counts it can show in a row.

    A Latin letter shows once or twice, and a letter the term repeats (ll)
    is one run of at least that many; any other character shows as written.
    """
    runs: list[tuple[str, tuple[int, ...]]] = []
    for ch in segment:
        if not "a" <= ch <= "z":
            runs.append((ch, (1,)))
            continue
        least = 1
        if runs and runs[-1][0] == ch:
            least += runs.pop()[1][0]
        if least > 2:
            return None
        runs.append((ch, tuple(range(least, 3))))
    return runs


def _matcher(entry: dict[str, Any], source: str, where: str) -> re.Pattern[str]:
    """The regex a rule matches with: ``source``, rewritten to match faster alike.

    Compiled once, here: a bad pattern is reported with the rule's place.
    The rule's requirement is read from ``source`` itself, whose
    alternatives are not grouped.
    """
    try:
        if "terms" in entry:
            return _grouped_terms(entry["terms"], both_kana=entry.get("kana", "both") != "exact")
        return skip_ahead(source)
    except re.error as exc:
        raise ScreeningError(f"{where}: bad pattern {source!r}: {exc}") from exc


def _check_common(entry: dict[str, Any], where: str, known_sources: frozenset[str]) -> None:
    if entry.get("lang") not in LANGS:
        raise ScreeningError(f"{where}: lang must be one of {sorted(LANGS)}")
    cited = entry.get("sources", [])
    if not cited or not set(cited) <= known_sources:
        raise ScreeningError(f"{where}: sources must name entries of sources.toml")


@cache
def sources() -> dict[str, dict[str, str]]:
    """Where the knowledge in the data files comes from, by id."""
    return {entry["id"]: entry for entry in _read("sources.toml")["sources"]}


@cache
def behaviors() -> dict[str, Behavior]:
    """The behavior ids of behaviors.md that screening can report."""
    out: dict[str, Behavior] = {}
    for entry in _read("behaviors.toml")["behaviors"]:
        out[entry["id"]] = Behavior(
            id=entry["id"],
            axis=entry["axis"],
            alert_supervisor=bool(entry.get("alert_supervisor", False)),
            name_ja=entry["ja"],
            name_en=entry["en"],
        )
    return out


_RULE_FILES = ("rules_ja.toml", "rules_en.toml")
_CARVE_OUT_FILES = ("carve_outs_ja.toml", "carve_outs_en.toml")


@cache
def rules() -> tuple[Rule, ...]:
    """Every detector rule, in file order."""
    known = frozenset(sources())
    valid = behaviors()
    seen: set[str] = set()
    out: list[Rule] = []
    for name in _RULE_FILES:
        data = _read(name)
        endings = shared_sets(data, name)
        for entry in data["rules"]:
            where = f"{name}: rule {entry.get('id')!r}"
            _check_common(entry, where, known)
            if entry["id"] in seen:
                raise ScreeningError(f"{where}: duplicate id")
            seen.add(entry["id"])
            if entry.get("behavior") not in valid:
                raise ScreeningError(f"{where}: unknown behavior {entry.get('behavior')!r}")
            weight = float(entry["weight"])
            if not 0.0 < weight <= 1.0:
                raise ScreeningError(f"{where}: weight must be in (0, 1]")
            source, is_lexicon, word_start = _regex_of(entry, where, endings)
            triggers, alternatives, ranks = _requirement(entry, source)
            out.append(
                Rule(
                    id=entry["id"],
                    behavior=entry["behavior"],
                    lang=entry["lang"],
                    weight=weight,
                    source="lexicon" if is_lexicon else "pattern",
                    pattern=source,
                    matcher=_matcher(entry, source, where),
                    folded=entry.get("kana", "both") != "exact",
                    word_start=word_start,
                    triggers=triggers,
                    supersedes=frozenset(entry.get("supersedes", ())),
                    examples=tuple(entry.get("examples", ())),
                    counter_examples=tuple(entry.get("counter_examples", ())),
                    alternatives=alternatives,
                    ranks=ranks,
                )
            )
    return tuple(out)


@cache
def carve_out_rules() -> tuple[CarveOutRule, ...]:
    """Every carve-out rule (language that excuses what it covers)."""
    known = frozenset(sources())
    seen: set[str] = set()
    out: list[CarveOutRule] = []
    entries = [(name, entry) for name in _CARVE_OUT_FILES for entry in _read(name)["carve_outs"]]
    for name, entry in entries:
        where = f"{name}: {entry.get('id')!r}"
        _check_common(entry, where, known)
        if entry["id"] in seen:
            raise ScreeningError(f"{where}: duplicate id")
        seen.add(entry["id"])
        if entry.get("kind") not in CARVE_OUT_KINDS:
            raise ScreeningError(f"{where}: unknown kind {entry.get('kind')!r}")
        scope = entry.get("scope", "match")
        if scope not in ("match", "sentence"):
            raise ScreeningError(f"{where}: scope must be match or sentence")
        source, _, word_start = _regex_of(entry, where)
        out.append(
            CarveOutRule(
                id=entry["id"],
                kind=entry["kind"],
                lang=entry["lang"],
                scope=scope,
                pattern=source,
                matcher=_matcher(entry, source, where),
                folded=entry.get("kana", "both") != "exact",
                word_start=word_start,
                triggers=_requirement(entry, source)[0],
                examples=tuple(entry.get("examples", ())),
                counter_examples=tuple(entry.get("counter_examples", ())),
            )
        )
    return tuple(out)
