"""The requirement index: ``may_match`` for many rules in one pass over a text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kasudesk.screening import engine, prefilter
from kasudesk.screening.normalize import normalize
from kasudesk.screening.prefilter import Requirement, RequirementIndex, may_match
from kasudesk.screening.rules import carve_out_rules, rules, scan


def _req(*branches: list[set[str]]) -> Requirement:
    return tuple(tuple(frozenset(condition) for condition in branch) for branch in branches)


REQUIREMENTS: list[Requirement | None] = [
    _req([{"殺"}]),  # one kanji
    _req([{"ぶっころ"}], [{"殺"}, {"す", "せ"}]),  # a long literal, or a kanji and a kana
    _req([{"kill"}, {" you"}]),  # both conditions of one alternative
    _req([{"ab"}]),  # a pair of characters
    _req([{"abc"}]),  # a triple
    _req([{"abcd", "xyz"}]),  # either literal of one condition
    None,  # unknown: always a candidate
    _req([{""}]),  # an empty literal holds in any text
    _req([{""}, {"殺"}]),  # ... but the other conditions still count
    _req([{"kill", "murder"}, {" you", "ya"}]),  # conditions of several literals, long and short
    _req([{"zab"}, {"cdz"}], [{"ぶっころ"}]),  # several triples, or a long literal
    _req([{"殺"}, {"す"}, {"a", "b"}]),  # lone characters looked up, not scanned
    _req([{" "}, {"x", "yz"}], [{"a"}, {"c"}]),  # lone characters, and some filed under
    _req([{"kill"}, {" you"}], [{"kill"}], [{"kill"}]),  # alternatives that add nothing
]

TEXTS = [
    "",
    "殺す",
    "殺さない",
    "ぶっころすぞ",
    "i will kill you",
    "kill bill",
    "you kill",
    "ab",
    "a b c",
    "abc",
    "zabcdz",
    "xyz",
    "xy z",
    "全く関係ない文章です",
    "murder ya",
    "kill you all",
    "zabcdz zab",
    "zab cdz",
    "殺す a",
    "殺すb",
    "殺さ a",
    "x z",
    " yz",
    "ca",
]


@pytest.mark.parametrize("text", TEXTS)
def test_it_finds_exactly_the_requirements_a_text_may_meet(text: str) -> None:
    index = RequirementIndex(dict(enumerate(REQUIREMENTS)))
    expected = {i for i, requirement in enumerate(REQUIREMENTS) if may_match(requirement, text)}
    assert index.candidates(text) == expected


def test_it_keeps_the_callers_positions() -> None:
    index = RequirementIndex({7: _req([{"殺"}]), 3: _req([{"kill"}])})
    assert index.candidates("殺す kill") == {3, 7}
    assert index.candidates("nothing here") == set()


_ALPHABET = "abc 殺す"
_PIECES = st.text(alphabet=_ALPHABET, min_size=1, max_size=5)
_CONDITIONS = st.frozensets(_PIECES, min_size=1, max_size=3)
_BRANCHES = st.lists(_CONDITIONS, min_size=1, max_size=3).map(tuple)
_REQUIREMENTS = st.one_of(st.none(), st.lists(_BRANCHES, min_size=1, max_size=4).map(tuple))


@settings(max_examples=300, deadline=None)
@given(st.lists(_REQUIREMENTS, min_size=1, max_size=6), st.text(alphabet=_ALPHABET, max_size=30))
def test_it_agrees_with_may_match_on_any_requirement_and_text(
    requirements: list[Requirement | None], text: str
) -> None:
    index = RequirementIndex(dict(enumerate(requirements)))
    expected = {i for i, requirement in enumerate(requirements) if may_match(requirement, text)}
    assert index.candidates(text) == expected


def _expected_held(
    requirements: list[Requirement | None], text: str
) -> dict[int, tuple[int, ...] | None]:
    out: dict[int, tuple[int, ...] | None] = {}
    for position, requirement in enumerate(requirements):
        if not may_match(requirement, text):
            continue
        if requirement is None or not all(
            any("" not in condition for condition in branch) for branch in requirement
        ):
            out[position] = None
        else:
            met = tuple(i for i, b in enumerate(requirement) if may_match((b,), text))
            out[position] = None if len(met) == len(requirement) else met
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_it_names_exactly_the_alternatives_a_text_may_meet(text: str) -> None:
    index = RequirementIndex(dict(enumerate(REQUIREMENTS)))
    assert index.held(text) == _expected_held(REQUIREMENTS, text)


def test_it_asks_an_alternative_that_adds_nothing_only_of_its_own_conditions() -> None:
    # The second alternative asks all the first asks, and more: it is not
    # filed, but a text that meets it is told so.
    index = RequirementIndex({0: _req([{"kill"}], [{"kill"}, {" you"}], [{"kill"}, {"me"}])})
    assert index.held("kill you") == {0: (0, 1)}
    assert index.held("kill me") == {0: (0, 2)}
    assert index.held("kill") == {0: (0,)}
    assert index.held("you") == {}
    assert index.held("kill you, kill me") == {0: None}  # all of them


@settings(max_examples=300, deadline=None)
@given(st.lists(_REQUIREMENTS, min_size=1, max_size=6), st.text(alphabet=_ALPHABET, max_size=30))
def test_it_names_the_alternatives_for_any_requirement_and_text(
    requirements: list[Requirement | None], text: str
) -> None:
    index = RequirementIndex(dict(enumerate(requirements)))
    assert index.held(text) == _expected_held(requirements, text)


_FRAGMENTS = sorted(
    {text for rule in rules() for text in (*rule.examples, *rule.counter_examples)}
    | {text for rule in carve_out_rules() for text in (*rule.examples, *rule.counter_examples)}
)


@pytest.mark.parametrize("text", _FRAGMENTS)
def test_it_selects_the_rules_whose_requirement_the_text_may_meet(text: str) -> None:
    norm = normalize(text)
    japanese, latin = engine._script_counts(norm.text)
    selected, carves = engine._select(norm, japanese > 0, latin > 0, prefilter=True)
    every, every_carve = engine._select(norm, japanese > 0, latin > 0, prefilter=False)
    assert [rule for rule, _ in selected] == [
        rule
        for rule, _ in every
        if may_match(rule.triggers, norm.kana_folded if rule.folded else norm.text)
    ]
    # A narrowed matcher finds what the whole rule finds.
    for rule, matcher in selected:
        on = norm.kana_folded if rule.folded else norm.text
        assert [m.span() for m in scan(matcher, on, word_start=rule.word_start)] == [
            m.span() for m in scan(rule.matcher, on, word_start=rule.word_start)
        ]
    assert carves == [
        rule
        for rule in every_carve
        if may_match(rule.triggers, norm.kana_folded if rule.folded else norm.text)
    ]


@settings(max_examples=300, deadline=None)
@given(_CONDITIONS, st.text(alphabet=_ALPHABET, max_size=30))
def test_a_condition_without_its_longer_literals_holds_in_the_same_texts(
    condition: frozenset[str], text: str
) -> None:
    reduced = prefilter._reduced(condition)
    assert reduced <= condition
    assert any(p in text for p in reduced) == any(p in text for p in condition)
