"""The normaliser: folding for matching, and the map back to original offsets."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kasudesk.screening.errors import ScreeningError
from kasudesk.screening.normalize import (
    _JP_GAP,
    _SPACED_LETTERS,
    KATAKANA_TO_HIRAGANA,
    Normalized,
    _close_gaps,
    _fold,
    _kana_folded,
    _squeeze,
    _unleet,
    normalize,
)

# Characters that exercise every step, mixed with any text.
TRICKY = st.text(
    alphabet="aAkK10l!|@$ .-/\n\r\t\x85\u3000あぁアｱﾞーー〜~しね死殺ＳＮＳ’“㏠⼀", max_size=30
)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("ｼﾈ", "シネ"),  # half-width katakana
        ("ｶﾞｲｼﾞﾝ", "ガイジン"),  # half-width voiced marks rejoin their kana
        ("ＳＮＳ", "sns"),  # full-width Latin, lower case
        ("死.ね", "死ね"),  # separators between Japanese characters
        ("し ね", "しね"),
        ("殺　す　ぞ", "殺すぞ"),
        ("ふざけんなあああ", "ふざけんなあ"),  # repeated characters
        ("死ねーーー", "死ね"),  # elongation after kana or kanji
        ("サービス", "サービス"),  # a katakana long vowel is part of the word
        ("k1ll", "kill"),  # look-alike digits between letters
        ("1d10t", "idiot"),
        ("$hit", "shit"),
        ("K.I.L.L you", "kill you"),  # s.p.a.c.e.d letters
        ("fuuuuuck", "fuuck"),
        ("I’ll", "i'll"),  # typographic apostrophe
        ("a\u200bb", "ab"),  # zero-width characters
        ("1000円", "1000円"),  # numbers stay numbers
        ("10a", "ioa"),  # a look-alike next to a look-alike is still in the word
        ("at 10am on the 1st", "at 10am on the 1st"),  # times and ordinals stay numbers
        ("10:30am, 3rd floor", "10:30am, 3rd floor"),
        ("my ps5 and the mp3!", "my ps5 and the mp3!"),  # so do model numbers
        ("waited 45mins", "waited 45mins"),
        ("on the line 4h10m, then 2h30", "on the line 4h10m, then 2h30"),  # durations too
        ("5hit sh1t", "shit shit"),  # a look-alike that opens or sits inside a word
        ("b1tch!", "bitch!"),
        ("a55", "ass"),  # one letter before the digits is no model name
        ("ぁぁ〜ぁ", "ぁ"),  # a dropped mark can join a run
        ("3 hours", "3 hours"),
        ("hello  there\n\n again", "hello there\nagain"),
        ("k  i  l  l", "kill"),
    ],
)
def test_it_folds_text_for_matching(original: str, expected: str) -> None:
    assert normalize(original).text == expected


def test_it_folds_katakana_in_a_view_with_the_same_offsets() -> None:
    norm = normalize("コロスぞ")
    assert norm.kana_folded == "ころすぞ"
    assert len(norm.kana_folded) == len(norm.text)


@pytest.mark.parametrize(
    ("original", "needle", "expected_original"),
    [
        ("お客様は『ｼﾈ』と言った", "シネ", "ｼﾈ"),
        ("おい し ね よ", "しね", "し ね"),
        ("ふざけんなあああ!", "ふざけんなあ", "ふざけんなあああ"),
        ("you are a K.I.L.L.E.R", "killer", "K.I.L.L.E.R"),
        ("it is ｶﾞｲｼﾞﾝ", "ガイジン", "ｶﾞｲｼﾞﾝ"),
        ("死ねーーーよ", "死ね", "死ねーーー"),
    ],
)
def test_it_maps_a_normalised_span_back_to_the_original_words(
    original: str, needle: str, expected_original: str
) -> None:
    norm = normalize(original)
    start = norm.text.index(needle)
    o_start, o_end = norm.to_original(start, start + len(needle))
    assert original[o_start:o_end] == expected_original


def test_it_maps_an_empty_span_to_a_position() -> None:
    norm = normalize("ab")
    assert norm.to_original(2, 2) == (2, 2)
    assert norm.to_original(0, 0) == (0, 0)


def test_it_rejects_a_span_outside_the_text() -> None:
    with pytest.raises(ScreeningError):
        normalize("abc").to_original(1, 9)


@given(st.text(max_size=60) | TRICKY)
def test_it_keeps_a_monotone_map_inside_the_original(text: str) -> None:
    norm = normalize(text)
    assert len(norm.starts) == len(norm.ends) == len(norm.text) == len(norm.kana_folded)
    for start, end in zip(norm.starts, norm.ends, strict=True):
        assert 0 <= start < end <= len(text)
    assert list(norm.starts) == sorted(norm.starts)
    assert list(norm.ends) == sorted(norm.ends)


@given(st.text(alphabet="しねシネｼﾈ死殺 .・ー!kil1 あ", max_size=30), st.data())
def test_it_maps_every_span_to_a_non_empty_original_span(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    if not norm.text:
        return
    start = data.draw(st.integers(0, len(norm.text) - 1))
    end = data.draw(st.integers(start + 1, len(norm.text)))
    o_start, o_end = norm.to_original(start, end)
    assert 0 <= o_start < o_end <= len(text)


@settings(max_examples=300)
@given(st.text(max_size=40) | TRICKY)
def test_it_is_idempotent_on_its_own_output(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


def _by_columns(text: str) -> Normalized:
    """The reference: every step on per-character columns, with no shortcut."""
    chars, starts, ends = _fold(text)
    _unleet(chars, "".join(chars))
    chars, starts, ends, joined = _close_gaps(chars, starts, ends, "".join(chars))
    chars, starts, ends, changed = _squeeze(chars, starts, ends, joined)
    if changed:
        chars, starts, ends, _ = _squeeze(chars, starts, ends, "".join(chars))
    joined = "".join(chars)
    kana = joined.translate(KATAKANA_TO_HIRAGANA)
    return Normalized(text, joined, kana, (tuple(starts), tuple(ends)))


_JP = "\u3041-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆〜~"
# The patterns as first written, before they opened with a character class.
_PLAIN_JP_GAP = re.compile(f"(?<=[{_JP}])[\\s.・*_\\-/|+,']+(?=[{_JP}])")
_PLAIN_SPACED = re.compile(r"(?<![a-z])[a-z](?:[\s.\-_*/|+]+[a-z](?![a-z])){2,}")


@settings(max_examples=300)
@given(st.text(alphabet="ab k.-/ \n死ね・~〜ーア", max_size=30) | TRICKY)
def test_its_patterns_match_as_first_written(text: str) -> None:
    assert [m.span() for m in _JP_GAP.finditer(text)] == [
        m.span() for m in _PLAIN_JP_GAP.finditer(text)
    ]
    # The spaced-letters pattern starts one character later, at the first gap.
    assert [m.span() for m in _SPACED_LETTERS.finditer(text)] == [
        (m.start() + 1, m.end()) for m in _PLAIN_SPACED.finditer(text)
    ]


def _no_astral_format_char(text: str) -> bool:
    """Whether ``text`` lacks an invisible format character past U+FFFF.

    Text already in NFKC keeps those (only the tag block is listed among the
    characters to fold), while the per-character path drops them: a known
    difference this test leaves alone, since screening keeps it as it was.
    """
    return not any(
        ord(ch) > 0xFFFF and unicodedata.category(ch) == "Cf" and not 0xE0000 <= ord(ch) <= 0xE007F
        for ch in text
    )


_ANY_TEXT = st.text(max_size=40) | TRICKY
_FOLDS = st.text(alphabet="ａＫ①ﬁ゛ﾞ\u3099\u200bｶﾞカ ~〜ー1!", max_size=20)


@settings(max_examples=500)
@given((_ANY_TEXT | _FOLDS).filter(_no_astral_format_char))
def test_it_takes_shortcuts_that_change_nothing(text: str) -> None:
    fast, slow = normalize(text), _by_columns(text)
    assert (fast.text, fast.kana_folded) == (slow.text, slow.kana_folded)
    assert (fast.starts, fast.ends) == (slow.starts, slow.ends)
    for start in range(len(fast.text) + 1):
        for end in range(start, len(fast.text) + 1):
            assert fast.to_original(start, end) == slow.to_original(start, end)


@pytest.mark.parametrize(
    ("text", "one_for_one"),
    [
        ("plain ascii text", True),
        ("ＦＵＬＬ width", True),
        ("カタカナとひらがな", True),
        ("it’s k1ll", True),
        ("x ~ ~y", False),
        ("し ね", False),
        ("ｶﾞ", False),
        ("aaa", False),
    ],
)
def test_it_builds_the_map_only_when_characters_move(text: str, one_for_one: bool) -> None:
    norm = normalize(text)
    assert (norm.offsets is None) is one_for_one
    slow = _by_columns(text)
    assert norm.text == slow.text
    if one_for_one:
        assert slow.starts == tuple(range(len(text)))
        assert slow.ends == tuple(range(1, len(text) + 1))


def test_it_folds_every_katakana_as_the_public_table_says() -> None:
    every = "".join(map(chr, range(0x3000, 0x3100))) + "漢字abc\U0001f600"
    assert _kana_folded(every) == every.translate(KATAKANA_TO_HIRAGANA)
