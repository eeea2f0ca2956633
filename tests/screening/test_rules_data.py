"""The detector data files: well-formed, and every example pins its rule.

Each rule and carve-out carries examples that must match and
counter-examples that must not, so a pattern edit that breaks a known case
fails here with the rule's id.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kasudesk.screening.errors import ScreeningError
from kasudesk.screening.normalize import normalize
from kasudesk.screening.prefilter import may_match, required_chars
from kasudesk.screening.rules import (
    CARVE_OUT_KINDS,
    Alternation,
    CarveOutRule,
    Matcher,
    Rule,
    _grouped_terms,
    _lexicon_requirement,
    _lift_word_start,
    _matcher,
    _requirement,
    _runs,
    alternative,
    behaviors,
    carve_out_rules,
    compile_pattern,
    compile_terms,
    expand_endings,
    rules,
    scan,
    shared_sets,
    skip_ahead,
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


@pytest.mark.parametrize(
    ("alternatives", "lifted"),
    [
        ([r"\bkill", r"\b(?:you|u) suck"], True),
        ([r"\b\w+ must die"], True),
        ([r"\bkill", r"\b\x27d have you"], False),  # \b before ' wants a letter before it
        ([r"\b(?:would|\x27d) expose"], False),
        ([r"\bkill", "kill"], False),
    ],
)
def test_it_lifts_a_leading_word_boundary_only_where_scan_means_the_same(
    alternatives: list[str], lifted: bool
) -> None:
    items, word_start = _lift_word_start(alternatives)
    assert word_start is lifted
    text = "he said he'd have you killed, you suck, they must die"
    joined = re.compile("|".join(alternatives))
    assert [m.span() for m in scan(re.compile("|".join(items)), text, word_start=word_start)] == [
        m.span() for m in joined.finditer(text)
    ]


def test_it_rejects_a_broken_pattern() -> None:
    with pytest.raises(ScreeningError):
        compile_pattern("(unclosed")
    with pytest.raises(ScreeningError, match="rule 'x'"):
        _matcher({"pattern": "(unclosed"}, "(unclosed", "rules_en.toml: rule 'x'")


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


# Patterns that open without a literal the regex engine could skip ahead on.
SKIPPABLE = [
    "(?<![忙黙])(?:ぶっ|ぶち)?殺(?:す|し)",
    r"\bwatch (?:your|ur) back\b|\bgo to hell\b",
    "(?:ab|cd)?e{2,}f|(?<=x)[k-m]+",
    "\\b(?:he|she|the (?:man|woman))\\s+(?:hit|kicked) (?P<hit>me|us)",
    "(?=ab)(?:a|z)b+c?",
    "(?:a|b)*?c|(?:d{0,2})e",
]
# Patterns it leaves alone: the engine skips ahead on them already, or their
# first characters cannot be listed (any character, a category, a negated
# class, inline flags), or they can match nothing at all.
LEFT_ALONE = [
    "kill",
    "[xy]z",
    "ab|cd",
    "(?:he|she) hit",
    r"(?:\w+)x",
    "(?:.)y",
    "(?:[^a])b",
    "(?i:k)ill",
    "a?",
    "(?:x|)",
]
_SKIP_TEXTS = st.text(alphabet="abcdefhiklmnoprstuwxyz 殺すしぶっち忙黙", max_size=40)


@pytest.mark.parametrize("pattern", SKIPPABLE)
def test_it_looks_ahead_for_the_first_characters_of_a_match(pattern: str) -> None:
    assert skip_ahead(re.compile(pattern)).pattern.startswith("(?=[")


@pytest.mark.parametrize("pattern", LEFT_ALONE)
def test_it_leaves_a_pattern_without_listable_first_characters(pattern: str) -> None:
    plain = re.compile(pattern)
    assert skip_ahead(plain) is plain


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SKIPPABLE + LEFT_ALONE), _SKIP_TEXTS)
def test_it_finds_the_same_matches_with_the_look_ahead(pattern: str, text: str) -> None:
    plain = re.compile(pattern)
    fast = skip_ahead(plain)
    assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == [
        (m.span(), m.groupdict()) for m in plain.finditer(text)
    ]


@pytest.mark.parametrize("entry", RULES + CARVES, ids=_id)
def test_each_rule_runs_a_regex_that_matches_as_its_own_does(entry: Rule | CarveOutRule) -> None:
    texts = [*entry.examples, *entry.counter_examples, " ".join(entry.examples)]
    texts += [text[i:] for text in entry.examples for i in range(1, len(text))]
    for text in texts:
        on = view(normalize(text), folded=entry.folded)
        assert [(m.span(), m.groupdict()) for m in entry.matcher.finditer(on)] == [
            (m.span(), m.groupdict()) for m in entry.regex.finditer(on)
        ]


def _found(match: re.Match[str]) -> tuple[int, int]:
    """The span a signal reports: the ``hit`` group where it took part."""
    if "hit" in match.re.groupindex and match.start("hit") >= 0:
        return match.span("hit")
    return match.span()


def _kept(rule: Rule, held: list[int]) -> Matcher:
    """What the engine runs for ``rule`` in a text that may meet ``held``."""
    parts = [alternative(rule, i) for i in sorted(held, key=lambda i: (rule.ranks[i], i))]
    kept = [part for part in parts if part is not None]
    assert len(kept) == len(parts), "an alternative could match an empty string"
    return kept[0] if len(kept) == 1 else Alternation(kept)


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_a_rule_kept_to_the_alternatives_a_text_may_meet_finds_the_same(rule: Rule) -> None:
    if rule.triggers is None or not rule.alternatives:
        return  # such a rule always runs whole
    assert len(rule.alternatives) == len(rule.triggers) == len(rule.ranks)
    texts = [*rule.examples, *rule.counter_examples, " ".join(rule.examples)]
    texts.append(" ".join((*rule.counter_examples, *rule.examples)))
    every = list(range(len(rule.alternatives)))
    for text in texts:
        on = view(normalize(text), folded=rule.folded)
        whole = [_found(m) for m in scan(rule.matcher, on, word_start=rule.word_start)]
        # All of them at once is the whole rule, in the same order.
        assert [
            _found(m) for m in scan(_kept(rule, every), on, word_start=rule.word_start)
        ] == whole
        held = [i for i, branch in enumerate(rule.triggers) if may_match((branch,), on)]
        if held:
            kept = _kept(rule, held)
            assert [_found(m) for m in scan(kept, on, word_start=rule.word_start)] == whole


@pytest.mark.parametrize(
    ("pattern", "split"),
    [
        ("kill|murder", True),
        ("(?s)kill.x|murder", False),  # a flag that would reach one part only
        ("(?:kill|murder) you", True),  # one top-level alternative
    ],
)
def test_it_splits_a_pattern_only_where_the_parts_match_as_the_whole(
    pattern: str, split: bool
) -> None:
    requirement, parts, ranks = _requirement({"pattern": pattern}, compile_pattern(pattern).pattern)
    assert bool(parts) is split
    if split:
        assert requirement is not None and len(parts) == len(requirement) == len(ranks)


def test_it_runs_a_rule_whole_where_an_alternative_could_match_nothing() -> None:
    rule = next(r for r in RULES if len(r.alternatives) > 1)
    nullable = dataclasses.replace(rule, alternatives=("kill", "(?:murder)?"), ranks=(0, 1))
    assert alternative(nullable, 0) is not None
    assert alternative(nullable, 1) is None


def test_most_rules_can_be_run_alternative_by_alternative() -> None:
    paired = [r for r in RULES if r.alternatives]
    assert len(paired) >= 0.9 * len(RULES)


@pytest.mark.parametrize(
    ("parts", "text"),
    [
        (["ab", "a"], "xab a ab"),  # the first that matches at a place wins
        (["a", "ab"], "xab a ab"),
        (["b+", "ab+"], "abbb bb"),  # the leftmost match wins, whichever part finds it
        (["(?<![a-z])kill", "ill"], "kill skill ill"),  # look-behinds see before pos
        (["(?P<hit>a)b", "c"], "abc"),
    ],
)
def test_an_alternation_matches_as_the_joined_regex(parts: list[str], text: str) -> None:
    joined = re.compile("|".join(parts))
    split = Alternation([re.compile(p) for p in parts])
    assert [m.span() for m in split.finditer(text)] == [m.span() for m in joined.finditer(text)]
    for pos in range(len(text) + 1):
        ours, theirs = split.search(text, pos), joined.search(text, pos)
        assert (ours and ours.span()) == (theirs and theirs.span())


_PARTS = st.sampled_from(["a", "ab", "b+", "ba", "a[bc]", "(?<!a)b", "c(?=a)", "abc", "[ab]{2}"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PARTS, min_size=1, max_size=4), st.text(alphabet="abc ", max_size=20))
def test_an_alternation_matches_as_the_joined_regex_for_any_parts(
    parts: list[str], text: str
) -> None:
    joined = re.compile("|".join(parts))
    split = Alternation([re.compile(p) for p in parts])
    assert [m.span() for m in split.finditer(text)] == [m.span() for m in joined.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([r for r in RULES if r.source == "lexicon"]),
    st.lists(st.sampled_from(["", " ", "a", "x", "s", "ー", "!", "の"]), max_size=4),
    st.data(),
)
def test_a_grouped_lexicon_matches_as_the_plain_one(
    entry: Rule, glue: list[str], data: st.DataObject
) -> None:
    words = data.draw(st.lists(st.sampled_from(entry.examples or ("x",)), min_size=1, max_size=3))
    text = "".join(w + g for w, g in zip(words, [*glue, "", "", ""], strict=False))
    on = view(normalize(text), folded=entry.folded)
    assert [m.span() for m in entry.matcher.finditer(on)] == [
        m.span() for m in entry.regex.finditer(on)
    ]


@pytest.mark.parametrize(
    "text", ["ばか野郎", "バカヤロウ、ばか", "killer kill", "a kill-ler", "ばかやろ", "あほ 1000"]
)
def test_it_groups_terms_without_changing_which_one_matches(text: str) -> None:
    terms = ["ばか", "ばか野郎", "バカヤロウ", "kill", "killer", "あほ", "あほう", "1000"]
    on = normalize(text).kana_folded
    grouped = _grouped_terms(terms, both_kana=True)
    assert [m.span() for m in grouped.finditer(on)] == [
        m.span() for m in compile_terms(terms).finditer(on)
    ]


_LEXICONS = [r for r in (*RULES, *CARVES) if isinstance(r, Rule) and r.source == "lexicon"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_LEXICONS), st.data())
def test_a_lexicon_requirement_holds_wherever_its_terms_match(
    entry: Rule, data: st.DataObject
) -> None:
    """Letters repeated, dotted, spaced or swapped for look-alikes still meet it."""
    word = data.draw(st.sampled_from(entry.examples))
    stretched = "".join(ch * data.draw(st.integers(1, 4)) for ch in word)
    noise = data.draw(st.sampled_from(["", ".", " ", "!", "ー", "1"]))
    text = data.draw(st.sampled_from([stretched, noise.join(word), f"x{stretched}{noise}"]))
    on = view(normalize(text), folded=entry.folded)
    if entry.regex.search(on) is not None:
        assert may_match(entry.triggers, on)


@pytest.mark.parametrize(
    ("terms", "matching", "other"),
    [
        (["idiot"], "iddiot", "io di ot"),
        (["kill"], "kiill", "kil"),
        (["son of a bitch"], "son of a biitch", "bitch son"),
        (["バカ野郎"], "ばか野郎", "バカ"),
    ],
)
def test_it_reads_a_lexicon_for_runs_of_three(terms: list[str], matching: str, other: str) -> None:
    requirement = _lexicon_requirement(terms, both_kana=True)
    assert requirement is not None
    assert may_match(requirement, normalize(matching).kana_folded)
    assert not may_match(requirement, normalize(other).kana_folded)


def test_it_gives_up_on_a_letter_three_times_in_a_row() -> None:
    # A term is normalised first, so only a bug could leave three in a row.
    assert _runs("kiiil") is None
    assert _runs("kiil") == [("k", (1, 2)), ("i", (2,)), ("l", (1, 2))]


def test_it_expands_a_shared_ending_set_as_one_group() -> None:
    endings = {"will": "てやる|たろ"}
    source = expand_endings("殴っ<<will>>", endings, "test")
    assert source == "殴っ(?:てやる|たろ)"
    assert compile_pattern(source).search("殴ったろか") is not None


def test_it_rejects_an_unknown_ending_set() -> None:
    with pytest.raises(ScreeningError, match="unknown ending set"):
        expand_endings("殴っ<<nowhere>>", {}, "test")


def test_every_shared_ending_set_is_used() -> None:
    folder = resources.files("kasudesk.screening").joinpath("data")
    for name in ("rules_ja.toml", "rules_en.toml"):
        data = tomllib.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        text = folder.joinpath(name).read_text(encoding="utf-8")
        for ending in (*data.get("endings", {}), *data.get("groups", {})):
            assert f"<<{ending}>>" in text, f"{name}: shared set {ending} is never used"


def test_it_lets_a_shared_group_use_the_groups_before_it() -> None:
    data = {"groups": {"noun": "clerk|cashier", "staff": "(?:the|that) <<noun>>"}}
    shared = shared_sets(data, "test")
    source = expand_endings(r"\bkill <<staff>>\b", shared, "test")
    assert compile_pattern(source).search("ill kill that cashier") is not None
    assert compile_pattern(source).search("ill kill that process") is None


def test_it_rejects_a_group_defined_twice() -> None:
    data = {"endings": {"will": "てやる"}, "groups": {"will": "i\x27ll"}}
    with pytest.raises(ScreeningError, match="defined twice"):
        shared_sets(data, "test")
