"""The detector data files: well-formed, and every example pins its rule.

Each rule and carve-out carries examples that must match and
counter-examples that must not, so a pattern edit that breaks a known case
fails here with the rule's id.
"""

from __future__ import annotations

import pytest

from kasudesk.screening.errors import ScreeningError
from kasudesk.screening.normalize import normalize
from kasudesk.screening.prefilter import may_match, required_chars
from kasudesk.screening.rules import (
    CARVE_OUT_KINDS,
    CarveOutRule,
    Rule,
    behaviors,
    carve_out_rules,
    compile_pattern,
    compile_terms,
    rules,
    scan,
    sources,
    view,
)

RULES = rules()
CARVES = carve_out_rules()


def _id(entry: Rule | CarveOutRule) -> str:
    return entry.id


def _matches(entry: Rule | CarveOutRule, text: str) -> bool:
    norm = normalize(text)
    found = next(entry.finditer(norm), None) is not None
    if found:  # the prefilter must never skip a rule that matches
        text = view(norm, folded=entry.folded)
        assert may_match(entry.triggers, text)
    return found


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_it_matches_every_example_of_a_rule(rule: Rule) -> None:
    assert rule.examples, "every rule needs examples"
    missed = [text for text in rule.examples if not _matches(rule, text)]
    assert missed == []


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_it_matches_no_counter_example_of_a_rule(rule: Rule) -> None:
    assert rule.counter_examples, "every rule needs counter-examples"
    hit = [text for text in rule.counter_examples if _matches(rule, text)]
    assert hit == []


@pytest.mark.parametrize("carve", CARVES, ids=_id)
def test_it_matches_every_example_of_a_carve_out(carve: CarveOutRule) -> None:
    assert carve.examples
    missed = [text for text in carve.examples if not _matches(carve, text)]
    assert missed == []


@pytest.mark.parametrize("carve", CARVES, ids=_id)
def test_it_matches_no_counter_example_of_a_carve_out(carve: CarveOutRule) -> None:
    assert carve.counter_examples
    hit = [text for text in carve.counter_examples if _matches(carve, text)]
    assert hit == []


def test_it_covers_every_behavior_text_can_show() -> None:
    covered = {rule.behavior for rule in RULES}
    assert covered == set(behaviors())


def test_it_covers_every_carve_out_kind_in_both_languages() -> None:
    for lang in ("ja", "en"):
        assert {c.kind for c in CARVES if c.lang == lang} == CARVE_OUT_KINDS


def test_it_keeps_demand_content_below_the_default_threshold() -> None:
    demand = {b.id for b in behaviors().values() if b.axis == "demand"}
    loud = [rule.id for rule in RULES if rule.behavior in demand and rule.weight >= 0.5]
    assert loud == []


def test_it_cites_known_sources() -> None:
    assert {"mhlw-2022", "kasudesk-cases"} <= set(sources())
    for entry in sources().values():
        assert entry["title"]
        assert entry.get("url") or entry.get("path")


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("しね", "シネ", True),
        ("しね", "ｼﾈ", True),
        ("[かき]す", "キス", True),
        ("[ぁ-ん]+", "カタカナ", True),
        (r"\[か\]", "[カ]", True),
        ("サービス", "さーびす", False),
        ("しね", "死ね", False),
    ],
)
def test_it_lets_each_kana_of_a_pattern_match_both_scripts(
    pattern: str, text: str, expected: bool
) -> None:
    folded = normalize(text).kana_folded
    assert (compile_pattern(pattern).search(folded) is not None) is expected


def test_it_keeps_exact_kana_when_asked() -> None:
    assert compile_pattern("カス", both_kana=False).search(normalize("動かす").text) is None


@pytest.mark.parametrize(
    ("terms", "text", "expected"),
    [
        (["kill"], "KIIILLL", True),
        (["kill"], "skill", False),
        (["son of a bitch"], "son  of a b1tch", True),
        (["バカ"], "ばか", True),
    ],
)
def test_it_compiles_terms_as_whole_words_with_repeats(
    terms: list[str], text: str, expected: bool
) -> None:
    assert (compile_terms(terms).search(normalize(text).kana_folded) is not None) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("kill you", ["kill"]), ("skill, kill", ["kill"]), ("_kill kill", ["kill"]), ("skill", [])],
)
def test_it_scans_for_matches_that_begin_a_word(text: str, expected: list[str]) -> None:
    found = [m.group() for m in scan(compile_pattern("kill"), text, word_start=True)]
    assert found == expected


def test_it_rejects_a_broken_pattern() -> None:
    with pytest.raises(ScreeningError):
        compile_pattern("(unclosed")


@pytest.mark.parametrize(
    ("pattern", "matching", "other"),
    [
        ("(?<![忙黙])(?:ぶっ|ぶち)?殺(?:す|し)", "ぶっ殺す", "殺虫剤"),
        ("fu+ck (?:you|off)", "fuuuck off", "fork you"),
        ("k(?<![a-z]k)k*i+l+l+(?![a-z])", "kiiill", "skil"),
        ("(?:ab|cd)e{2,}f?", "cdeee", "abcd"),
        ("[xy]z|q", "yz", "zz"),
        (r"\bwatch (?:your|ur) back\b", "watch ur back", "watch back"),
    ],
)
def test_it_reads_what_every_match_of_a_pattern_needs(
    pattern: str, matching: str, other: str
) -> None:
    requirement = required_chars(pattern)
    assert requirement is not None
    assert may_match(requirement, matching)
    assert not may_match(requirement, other)


@pytest.mark.parametrize("pattern", [r"\w+", ".", "(?i)kill", "a?", "[^a]", "x|.*"])
def test_it_runs_a_pattern_it_cannot_read_always(pattern: str) -> None:
    assert required_chars(pattern) is None
    assert may_match(None, "")
