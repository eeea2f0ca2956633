"""``screen``: find harassing language in one text and say where it is.

The text is normalised once; every rule and carve-out runs on the
normalised text and each match is mapped back to the original offsets. The
learned model and the score combination live in ``model.py`` and
``scoring.py``; they are imported lazily so the rule engine works (with a
simpler score) in an installation without them.
"""

from __future__ import annotations

import bisect
import importlib
import re
import string
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, cast

from kasudesk.screening.errors import ScreeningError
from kasudesk.screening.normalize import KATAKANA_TO_HIRAGANA, Normalized, normalize
from kasudesk.screening.prefilter import Requirement, RequirementIndex, may_match
from kasudesk.screening.result import CarveOut, ScreenResult, Signal
from kasudesk.screening.rules import (
    Alternation,
    CarveOutRule,
    Matcher,
    Rule,
    alternative,
    behaviors,
    carve_out_rules,
    rules,
    scan,
)

__all__ = ["detect_language", "screen", "warm_up"]

LANGUAGES = ("ja", "en")
_JAPANESE = re.compile("[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")
_LATIN = re.compile("[a-z]")
_SENTENCE_END = re.compile(r"[。!?\n]|\.(?=\s|$)")
# How far a sentence-wide carve-out reaches past its words, each way, in
# characters: a Japanese character carries about what two Latin ones do.
_SENTENCE_REACH = {"ja": 40, "en": 80, "any": 80}
# Narrowed matchers kept (see _narrowed): a live desk meets the same few
# hundred sets of alternatives again and again.
_NARROWED_KEPT = 4096
# Used only when scoring.py is absent: a covered signal keeps this share,
# and demand content alone stays below any sensible threshold.
_FALLBACK_CARVED = 0.2
_FALLBACK_DEMAND_CAP = 0.3

_Combine = Callable[[Sequence[Signal], float | None, Sequence[CarveOut]], float]


def detect_language(normalized_text: str) -> str:
    """``ja`` when kana or kanji carry the text, else ``en`` (cheap on purpose).

    One Japanese character carries about as much as three Latin letters, so
    a Japanese narrative quoting an English phrase stays ``ja``.
    """
    return _language_of(*_script_counts(normalized_text))


def _script_counts(normalized_text: str) -> tuple[int, int]:
    """(Japanese characters, Latin letters) in the normalised text."""
    if normalized_text.isascii():
        # 26 substring counts in C beat building a list of every letter.
        return 0, sum(map(normalized_text.count, string.ascii_lowercase))
    return len(_JAPANESE.findall(normalized_text)), len(_LATIN.findall(normalized_text))


def _scripts(normalized_text: str) -> tuple[str, bool, bool]:
    """(detected language, has Japanese, has Latin letters): counts only if both."""
    has_latin = _LATIN.search(normalized_text) is not None
    if normalized_text.isascii():
        return ("en" if has_latin else "ja"), False, has_latin
    has_japanese = _JAPANESE.search(normalized_text) is not None
    if has_japanese and has_latin:
        return _language_of(*_script_counts(normalized_text)), True, True
    return ("en" if has_latin else "ja"), has_japanese, has_latin


def _language_of(japanese: int, latin: int) -> str:
    if japanese == 0 and latin == 0:
        return "ja"
    return "ja" if japanese * 3 >= latin else "en"


def _check_lang(lang: str) -> str:
    short = lang.strip().lower().replace("_", "-").split("-", 1)[0]
    if short not in LANGUAGES:
        raise ScreeningError(f"unsupported language {lang!r}; use ja or en")
    return short


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything screening precomputes once from the rules.

    Signal rules come first (Japanese, then the rest, each in file order),
    then carve-out rules (likewise); a rule's place in that list is its
    position in the requirement index.
    """

    signal_rules: tuple[Rule, ...]
    carve_rules: tuple[CarveOutRule, ...]
    # by (has Japanese, has Latin letters): the positions whose script is there
    scripts: dict[tuple[bool, bool], frozenset[int]]
    # Every rule's requirement, asked of the kana-folded view. A rule that
    # runs on the text as written is asked with its literals folded too (if
    # the text holds a literal, the folded text holds the folded literal),
    # and then asked again of the text as written.
    index: RequirementIndex
    exact: dict[int, Requirement | None]
    superseding: dict[str, frozenset[str]]


def _folded(requirement: Requirement | None) -> Requirement | None:
    if requirement is None:
        return None
    return tuple(
        tuple(frozenset(p.translate(KATAKANA_TO_HIRAGANA) for p in c) for c in branch)
        for branch in requirement
    )


@cache
def _plan() -> _Plan:
    japanese = tuple(rule for rule in rules() if rule.lang == "ja")
    latin = tuple(rule for rule in rules() if rule.lang != "ja")
    japanese_carves = tuple(rule for rule in carve_out_rules() if rule.lang == "ja")
    latin_carves = tuple(rule for rule in carve_out_rules() if rule.lang != "ja")
    everything: tuple[Rule | CarveOutRule, ...] = (
        *japanese,
        *latin,
        *japanese_carves,
        *latin_carves,
    )
    script = [0 if rule.lang == "ja" else 1 for rule in everything]
    return _Plan(
        signal_rules=japanese + latin,
        carve_rules=japanese_carves + latin_carves,
        scripts={
            (ja, latin): frozenset(i for i, need in enumerate(script) if (ja, latin)[need])
            for ja in (False, True)
            for latin in (False, True)
        },
        index=RequirementIndex(
            {i: r.triggers if r.folded else _folded(r.triggers) for i, r in enumerate(everything)}
        ),
        exact={i: r.triggers for i, r in enumerate(everything) if not r.folded},
        superseding={rule.id: rule.supersedes for rule in rules() if rule.supersedes},
    )


def _select(
    norm: Normalized, has_japanese: bool, has_latin: bool, *, prefilter: bool
) -> tuple[list[tuple[Rule, Matcher]], list[CarveOutRule]]:
    """The rules to run on this text, in file order (Japanese ones first).

    Rules run only when the text has the script they are written for and,
    with ``prefilter``, only when it holds what every match of the rule
    needs (its requirement, read from the pattern once when it loads), each
    with the regex to run: its matcher, narrowed to the alternatives the
    text may meet when that leaves some out.
    """
    plan = _plan()
    n_signals = len(plan.signal_rules)
    allowed = plan.scripts[has_japanese, has_latin]
    held: dict[int, tuple[int, ...] | None] = {}
    if prefilter:
        held = plan.index.held(norm.kana_folded)
        for position, requirement in plan.exact.items():
            if position in held and not may_match(requirement, norm.text):
                del held[position]
        positions = sorted(held.keys() & allowed)
    else:
        positions = sorted(allowed)
    selected: list[tuple[Rule, Matcher]] = []
    for position in positions:
        if position >= n_signals:
            break
        rule = plan.signal_rules[position]
        alternatives = held.get(position)
        # None: the text may meet every alternative (or the rule has no pairing).
        if alternatives is None or not rule.alternatives:
            selected.append((rule, rule.matcher))
        else:
            selected.append((rule, _narrowed(position, alternatives)))
    carves = [plan.carve_rules[p - n_signals] for p in positions if p >= n_signals]
    return selected, carves


@cache
def _alternative(position: int, index: int) -> re.Pattern[str] | None:
    """One alternative of a signal rule, compiled the first time a text needs it."""
    return alternative(_plan().signal_rules[position], index)


@lru_cache(maxsize=_NARROWED_KEPT)
def _narrowed(position: int, held: tuple[int, ...]) -> Matcher:
    """A signal rule run as the alternation of the alternatives ``held`` only.

    Held in the index's own (kana-folded) view: for a rule that runs on the
    text as written, an alternative may be kept that cannot match there,
    which only costs time.
    """
    rule = _plan().signal_rules[position]
    parts = [_alternative(position, i) for i in sorted(held, key=lambda i: (rule.ranks[i], i))]
    kept = [part for part in parts if part is not None]
    if len(kept) < len(parts):
        return rule.matcher  # one of them could match an empty string
    return kept[0] if len(kept) == 1 else Alternation(kept)


def _span(match: re.Match[str]) -> tuple[int, int]:
    if "hit" in match.re.groupindex and match.start("hit") >= 0:
        return match.start("hit"), match.end("hit")
    return match.start(), match.end()


def _sentence(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """The sentence around ``start:end``, at most ``reach`` characters beyond it.

    A speech recogniser writes no full stops, so a whole call can read as
    one sentence; the reach keeps a quoted policy from excusing all of it.
    """
    left = max(0, start - reach)
    for boundary in _SENTENCE_END.finditer(text, left, start):
        left = boundary.end()
    right_match = _SENTENCE_END.search(text, end, end + reach)
    right = right_match.end() if right_match else min(len(text), end + reach)
    return left, right


def _find_signals(norm: Normalized, selected: Sequence[tuple[Rule, Matcher]]) -> list[Signal]:
    found: list[Signal] = []
    original = norm.original
    identity = norm.offsets is None
    for rule, matcher in selected:
        text = norm.kana_folded if rule.folded else norm.text
        matches = (
            scan(matcher, text, word_start=True) if rule.word_start else matcher.finditer(text)
        )
        for match in matches:
            # An alternation's matches come from its parts: ask each of them.
            start, end = _span(match)
            if start == end:
                continue
            if not identity:
                start, end = norm.to_original(start, end)
            found.append(
                Signal(
                    behavior=rule.behavior,
                    start=start,
                    end=end,
                    text=original[start:end],
                    score=rule.weight,
                    source=rule.source,
                    rule=rule.id,
                )
            )
    return found


def _find_carve_outs(norm: Normalized, selected: Sequence[CarveOutRule]) -> list[CarveOut]:
    found: list[CarveOut] = []
    text = norm.text
    for rule in selected:
        for match in rule.finditer(norm):
            start, end = _span(match)
            if start == end:
                continue
            if rule.scope == "sentence":
                start, end = _sentence(text, start, end, _SENTENCE_REACH[rule.lang])
            o_start, o_end = norm.to_original(start, end)
            found.append(
                CarveOut(
                    kind=rule.kind,
                    start=o_start,
                    end=o_end,
                    text=norm.original[o_start:o_end],
                    rule=rule.id,
                )
            )
    return found


def _overlaps(a: Signal | CarveOut, b: Signal | CarveOut) -> bool:
    return a.start < b.end and b.start < a.end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined into disjoint ones, sorted."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _inside_any(signal: Signal, disjoint: list[tuple[int, int]]) -> bool:
    """Whether the signal overlaps one of the sorted, disjoint spans."""
    at = bisect.bisect_right(disjoint, (signal.start, sys.maxsize))
    return any(
        start < signal.end and signal.start < end
        for start, end in disjoint[max(0, at - 1) : at + 1]
    )


def _resolve(found: list[Signal]) -> list[Signal]:
    """Keep the strongest of overlapping signals of one behavior; apply supersedes.

    Runs in O(n log n): a long e-mail can carry thousands of signals.
    """
    if len(found) < 2:
        return found
    superseding = _plan().superseding
    if len({s.behavior for s in found}) == len(found) and not any(
        s.rule in superseding for s in found
    ):
        # One signal per behavior and none supersedes: all are kept.
        return sorted(found, key=lambda s: (s.start, -s.score, s.rule))
    return _resolve_overlaps(found, superseding)


def _resolve_overlaps(found: list[Signal], superseding: dict[str, frozenset[str]]) -> list[Signal]:
    """:func:`_resolve` the long way, for any signals."""
    covered: dict[str, list[tuple[int, int]]] = {}
    for signal in found:
        for behavior in superseding.get(signal.rule, ()):
            covered.setdefault(behavior, []).append((signal.start, signal.end))
    if covered:
        merged = {behavior: _merge(spans) for behavior, spans in covered.items()}
        found = [s for s in found if not _inside_any(s, merged.get(s.behavior, []))]
    ranked = sorted(found, key=lambda s: (-s.score, -(s.end - s.start), s.start, s.rule))
    # Per behavior, the kept spans are disjoint: keep them sorted by start and
    # test a newcomer against its neighbours only.
    starts: dict[str, list[int]] = {}
    spans: dict[str, list[Signal]] = {}
    kept: list[Signal] = []
    for signal in ranked:
        b_starts = starts.setdefault(signal.behavior, [])
        b_spans = spans.setdefault(signal.behavior, [])
        at = bisect.bisect_left(b_starts, signal.start)
        neighbours = b_spans[max(0, at - 1) : at + 1]
        if any(_overlaps(signal, other) for other in neighbours):
            continue
        b_starts.insert(at, signal.start)
        b_spans.insert(at, signal)
        kept.append(signal)
    kept.sort(key=lambda s: (s.start, -s.score, s.rule))
    return kept


def _optional(module: str, name: str) -> Any | None:
    """An attribute of a sibling module that may not be installed."""
    qualified = f"kasudesk.screening.{module}"
    loaded = sys.modules.get(qualified)  # what import_module would return, sooner
    if loaded is None:
        try:
            loaded = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name != qualified:  # a missing dependency *inside* it is a real bug
                raise
            return None
    return getattr(loaded, name, None)


@cache
def _combiner() -> _Combine:
    combine = _optional("scoring", "combine")
    if combine is None:
        return _fallback_combine
    return cast(_Combine, combine)


def _ask_model(question: str, *args: object) -> Any | None:
    """``get_model().<question>(*args)``; None when no model is installed.

    Callers handle one error type: a broken artefact is reported, not hidden.
    """
    get_model = _optional("model", "get_model")
    if get_model is None:
        return None
    try:
        model = get_model()
        return None if model is None else getattr(model, question)(*args)
    except Exception as exc:
        raise ScreeningError(f"the screening model failed: {exc}") from exc


def _model_probability(norm: Normalized, lang: str) -> float | None:
    probability = _ask_model("probability", norm.text, lang)
    return None if probability is None else float(probability)


def guessed_share(text: str, lang: str, chosen: Collection[str]) -> float | None:
    """How sure the learned layer's behavior head is that ``text`` shows one of ``chosen``.

    ``text`` as written; None when no model or no head is installed. Used
    by live screening to weigh a flag no rule explains.
    """
    if not isinstance(text, str):
        raise ScreeningError("text must be a string")
    share = _ask_model("behavior_share", normalize(text).text, _check_lang(lang), chosen)
    return None if share is None else float(share)


def live_probability(text: str, lang: str) -> float | None:
    """The live gate's reading of a customer's turn (``text`` as written).

    None when no model or no live gate for ``lang`` is installed. Used by
    live screening to doubt a flag no rule explains.
    """
    if not isinstance(text, str):
        raise ScreeningError("text must be a string")
    found = _ask_model("live_probability", normalize(text).text, _check_lang(lang))
    return None if found is None else float(found)


def _names_manner(signals: Sequence[Signal], threshold: float) -> bool:
    """Whether a rule's signal of a manner behavior would flag the text alone.

    Weak cues (お前, a bare "damn") do not explain a flag the model made.
    """
    axis = behaviors()
    return any(
        s.score >= threshold and (b := axis.get(s.behavior)) is not None and b.axis == "manner"
        for s in signals
    )


def _model_signal(norm: Normalized, lang: str, probability: float) -> Signal | None:
    """What the model saw in a text it flags where no rule's manner signal would.

    The behavior its head finds most like the text, on the clause the model
    weighs most; scored with the model's probability. Added after the score
    is computed, so it never counts twice.
    """
    found = _ask_model("explain", norm.text, lang)
    if found is None:
        return None
    behavior, start, end = found
    if behavior not in behaviors():
        raise ScreeningError(f"the screening model names an unknown behavior {behavior!r}")
    o_start, o_end = norm.to_original(start, end)
    return Signal(
        behavior=behavior,
        start=o_start,
        end=o_end,
        text=norm.original[o_start:o_end],
        score=round(probability, 4),
        source="model",
        rule=f"model.{lang}",
    )


def _fallback_combine(
    signals: Sequence[Signal], model_probability: float | None, carve_outs: Sequence[CarveOut]
) -> float:
    best = 0.0 if model_probability is None else model_probability
    axis = behaviors()
    for signal in signals:
        score = signal.score
        if any(_overlaps(signal, carve_out) for carve_out in carve_outs):
            score *= _FALLBACK_CARVED
        behavior = axis.get(signal.behavior)
        if behavior is not None and behavior.axis == "demand":
            score = min(score, _FALLBACK_DEMAND_CAP)
        best = max(best, score)
    return min(1.0, max(0.0, best))


def warm_up() -> int:
    """Load the rules and the model and compile every alternative now.

    Otherwise the first text a process screens loads the rules (about two
    seconds), and the first text that needs each alternative compiles it
    (up to about 20 ms): a server calls this as it starts, so the first
    people it serves wait for neither. Returns the alternatives compiled.
    """
    plan = _plan()
    _model_probability(normalize("warm up"), "en")
    for position, rule in enumerate(plan.signal_rules):
        for index in range(len(rule.alternatives)):
            _alternative(position, index)
    return sum(len(rule.alternatives) for rule in plan.signal_rules)


def screen(text: str, lang: str | None = None, *, threshold: float = 0.5) -> ScreenResult:
    """Screen one text; offsets in the result index the original ``text``."""
    return _screen(text, lang, threshold, prefilter=True)


def _screen(text: str, lang: str | None, threshold: float, *, prefilter: bool) -> ScreenResult:
    """``screen``; without ``prefilter`` every rule of the text's scripts runs.

    The slow path is the reference the tests hold the fast one to.
    """
    if not isinstance(text, str):
        raise ScreeningError("text must be a string")
    if not 0.0 <= threshold <= 1.0:
        raise ScreeningError("threshold must be between 0 and 1")
    norm = normalize(text)
    detected, has_japanese, has_latin = _scripts(norm.text)
    language = detected if lang is None else _check_lang(lang)
    selected, carves = _select(norm, has_japanese, has_latin, prefilter=prefilter)
    signals = _resolve(_find_signals(norm, selected)) if selected else []
    carve_outs = (
        sorted(_find_carve_outs(norm, carves), key=lambda c: (c.start, c.end, c.rule))
        if carves
        else []
    )
    probability = (
        _model_probability(norm, language) if norm.text and not norm.text.isspace() else None
    )
    score = min(1.0, max(0.0, float(_combiner()(signals, probability, carve_outs))))
    if score >= threshold and probability is not None and not _names_manner(signals, threshold):
        found = _model_signal(norm, language, probability)
        if found is not None:
            signals = sorted([*signals, found], key=lambda s: (s.start, -s.score, s.rule))
    return ScreenResult(
        lang=language,
        harassment=score >= threshold,
        score=score,
        signals=tuple(signals),
        carve_outs=tuple(carve_outs),
    )
