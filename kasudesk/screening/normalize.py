"""Text normalisation for matching, with a map back to the original offsets.

Every character of the normalised text remembers the half-open range of the
original text it came from, so a match found after folding width, case,
look-alike digits, spacing tricks and elongation is reported on the exact
words the person wrote. The steps are described in
docs/algorithms/screening.md.

Katakana and hiragana are folded in a second view of the same length
(``kana_folded``): most rules match there, while a few (カス, scum, is not
the very common hiragana かす of 動かす) match the unfolded ``text``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kasudesk.screening.errors import ScreeningError

__all__ = ["KATAKANA_TO_HIRAGANA", "Normalized", "is_japanese_char", "normalize"]

_COMBINING_VOICED = {"\u3099", "\u309a", " \u3099", " \u309a"}
# Typographic quotes NFKC leaves alone; patterns are written with ASCII ones.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
# Digits and signs used as look-alike letters (k1ll, @ss, $hit).
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_LEET_BETWEEN_LETTERS = {"!": "i", "|": "l"}
# Separators inserted between the characters of a word to dodge a filter
# (死.ね, し ね, k.i.l.l); 、 and 。 are real punctuation and stay.
_SEPARATORS = ".・*_\\-/|+,'"
_JP_RANGES = "\u3041-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆〜~"
_GAP = f"[\\s{re.escape(_SEPARATORS)}]"
# Both patterns open with a character class rather than the look-behind
# that belongs before it (the look-behind moves after the class and looks
# one character further back), so the regex engine can skip ahead to the
# characters a match can start with.
_JP_GAP = re.compile(f"{_GAP}(?<=[{_JP_RANGES}]{_GAP}){_GAP}*(?=[{_JP_RANGES}])")
_SPACED_GAP = re.compile(r"[\s.\-_*/|+]")
# Three or more lone letters with gaps between them (k i l l): the match
# starts at the first gap, which the engine skips ahead to, where letters
# would stop it at almost every position of English text; the letter
# before the gap is checked by the look-behind. Only the gaps inside a
# match are used.
_SPACED_LETTERS = re.compile(
    f"{_SPACED_GAP.pattern}(?<=(?<![a-z])[a-z]{_SPACED_GAP.pattern})"
    f"{_SPACED_GAP.pattern}*[a-z](?![a-z])(?:{_SPACED_GAP.pattern}+[a-z](?![a-z]))+"
)


def is_japanese_char(ch: str) -> bool:
    """Kana, kanji or a Japanese iteration mark."""
    code = ord(ch)
    return (
        0x3041 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or ch in "々〆"
    )


def _is_ascii_letter(ch: str) -> bool:
    return "a" <= ch <= "z"


def _format_chars() -> str:
    """A character class of the invisible format characters (category Cf)."""
    codes = [code for code in range(0x10000) if unicodedata.category(chr(code)) == "Cf"]
    return "".join(re.escape(chr(code)) for code in codes) + "\U000e0000-\U000e007f"


# Text with none of these, already in NFKC, needs no per-character folding.
_NEEDS_CHAR_FOLD = re.compile(f"[\u2018\u2019\u201c\u201d\u3099\u309a{_format_chars()}]")
_NEEDS_UNLEET = re.compile(r"[0134579@$!|]")
_LEET_SIGN = re.compile(f"[{re.escape(''.join(_LEET))}]")
_BETWEEN_SIGN = re.compile(r"[!|]")
_LEET_RUN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!|")
_LEET_RUN = re.compile(r"[a-z0-9@$!|]+")
# Words that hold digits as digits: a number with an ordinal or a unit
# (1st, 10am, 30mins, 5g), a duration (4h10m, 2h30, 3m20s) and a name of
# two letters or more with a number after it (mp3, ps5, covid19).
# Look-alikes stand inside a word or open one (sh1t, 1d10t, 5hit), or
# follow one letter (a55).
_NUMBER_WORD = re.compile(
    r"[a-z]{2,}[0-9]+"
    r"|[0-9]+h[0-9]+m?|[0-9]+m[0-9]+s?"
    r"|[0-9]+(?:st|nd|rd|th|am|pm|s|k|g|m|h|x|p|d|kg|km|cm|mm|ml|gb|mb|tb|kb|hz|ghz|mph"
    r"|hrs?|mins?|secs?|yrs?|mo|mos|wks?|days?|pcs|kids)"
)
_ASCII_LETTER = re.compile("[a-z]")
# What _squeeze rewrites: white space other than one space or newline; ー, 〜
# and ~ after hiragana or kanji (emphasis: 死ねーー); after katakana, marks
# beyond the first (サービス keeps its one); any other character three or
# more times in a row (digits never: 1000 is a number).
_SQUEEZE = re.compile(
    r"(?P<space>\s{2,}|[^\S \n])"
    "|(?<=[\u3041-\u309f\u3400-\u4dbf\u4e00-\u9fff々])(?P<mark>[ー〜~]+)"
    "|(?<=[\u30a1-\u30fa])[ー〜~](?P<marks>[ー〜~]+)"
    r"|(?P<run>(?P<ch>[^\d\s])(?P=ch){2,})"
)


# What any match of _SQUEEZE needs, in searches that skip ahead: white space
# other than a space or newline, two marks in a row or a mark after
# hiragana or kanji, two white spaces in a row, or a character three times
# in a row.
_ODD_SPACE_OR_MARK = re.compile(
    "[\\sー〜~](?:(?<=[^\\S \n])|[ー〜~]|(?<=[\u3041-\u309f\u3400-\u4dbf\u4e00-\u9fff々][ー〜~]))"
)
_TWO_SPACES = ("  ", " \n", "\n ", "\n\n")
_THRICE = re.compile(r"(.)\1\1", re.DOTALL)


# In ASCII text the odd white space and the marks are these: one class a
# search skips ahead on.
_ASCII_ODD_SPACE_OR_MARK = re.compile("[\t\x0b\x0c\r\x1c-\x1f~]")


def _may_squeeze(text: str) -> bool:
    odd = _ASCII_ODD_SPACE_OR_MARK if text.isascii() else _ODD_SPACE_OR_MARK
    return (
        odd.search(text) is not None
        or any(map(text.__contains__, _TWO_SPACES))
        or _THRICE.search(text) is not None
    )


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if unicodedata.category(ch) == "Cf":  # zero-width joiners and the like hide nothing
        return ""
    return unicodedata.normalize("NFKC", ch).translate(_QUOTES).lower()


# Katakana to hiragana, one character for one, so offsets do not move.
KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
# The same as a string indexed by code point (characters past its end stay
# as they are): str.translate looks a character up in it much faster than in
# a dict.
_KANA_TABLE = "".join(map(chr, [*range(0x30A1), *range(0x3041, 0x3097), *range(0x30F7, 0x10000)]))


class _FoldTable(dict[int, str | None]):
    """Code point -> its fold when that is one character and no voiced mark.

    Any other character maps to None, which ``str.translate`` drops, so a
    translation as long as the text proves each character folded to one.
    Filled as characters are met (a dict lookup in C afterwards).
    """

    def __missing__(self, code: int) -> str | None:
        folded = _fold_char(chr(code))
        value = folded if len(folded) == 1 and folded not in _COMBINING_VOICED else None
        if len(self) < _FOLD_TABLE_LIMIT:
            self[code] = value
        return value


_FOLD_TABLE_LIMIT = 1 << 16
_FOLD_TABLE = _FoldTable()
_KATAKANA = re.compile("[\u30a1-\u30f6]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text; ``starts[i]:ends[i]`` is the original range of char i.

    ``kana_folded`` is ``text`` with katakana written as hiragana; it has
    the same length, so its offsets are those of ``text``. ``offsets`` holds
    ``(starts, ends)``, or None when character i of ``text`` is character i
    of ``original`` (the common case, whose map is never built).
    """

    original: str
    text: str
    kana_folded: str
    offsets: tuple[tuple[int, ...], tuple[int, ...]] | None = None

    @property
    def starts(self) -> tuple[int, ...]:
        if self.offsets is None:
            return tuple(range(len(self.text)))
        return self.offsets[0]

    @property
    def ends(self) -> tuple[int, ...]:
        if self.offsets is None:
            return tuple(range(1, len(self.text) + 1))
        return self.offsets[1]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the span of ``original`` it covers."""
        if not 0 <= start <= end <= len(self.text):
            raise ScreeningError(f"span {start}:{end} is outside the normalised text")
        if self.offsets is None:
            return start, end
        starts, ends = self.offsets
        if start == end:
            pos = starts[start] if start < len(self.text) else len(self.original)
            return pos, pos
        return starts[start], ends[end - 1]


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching and keep the offset map (see module docstring)."""
    joined = _fold_in_place(text)
    if joined is None:
        return _normalize_columns(text, *_fold(text))
    # Each step is skipped when a quick search shows it would change nothing.
    if _NEEDS_UNLEET.search(joined):
        chars = list(joined)
        _unleet(chars, joined)
        joined = "".join(chars)
    # In ASCII text only ~ counts as Japanese (a wave dash).
    jp_gap = (not joined.isascii() or "~" in joined) and _JP_GAP.search(joined)
    drop = _gaps(joined) if jp_gap or _SPACED_LETTERS.search(joined) else []
    kept = _without(joined, drop) if drop else joined
    if _may_squeeze(kept) and _SQUEEZE.search(kept):
        n = len(joined)
        columns = list(joined), list(range(n)), list(range(1, n + 1))
        return _normalize_columns(text, *columns, unleet=False)
    if not drop:
        return Normalized(text, joined, _kana_folded(joined))
    # Only separators dropped: character i came from the i-th kept position.
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for start, end in drop:
        if start > pos:
            starts += range(pos, start)
            ends += range(pos + 1, start + 1)
        pos = max(pos, end)
    starts += range(pos, len(joined))
    ends += range(pos + 1, len(joined) + 1)
    return Normalized(text, kept, _kana_folded(kept), (tuple(starts), tuple(ends)))


def _gaps(joined: str) -> list[tuple[int, int]]:
    """The sorted spans :func:`_close_gaps` drops."""
    drop = [match.span() for match in _JP_GAP.finditer(joined)]
    for match in _SPACED_LETTERS.finditer(joined):
        drop += [gap.span() for gap in _SPACED_GAP.finditer(joined, match.start(), match.end())]
    drop.sort()
    return drop


def _without(joined: str, drop: list[tuple[int, int]]) -> str:
    kept: list[str] = []
    pos = 0
    for start, end in drop:
        if start > pos:
            kept.append(joined[pos:start])
        pos = max(pos, end)
    kept.append(joined[pos:])
    return "".join(kept)


def _kana_folded(joined: str) -> str:
    # Most texts hold no katakana; translating them anyway is a dict lookup
    # per character.
    if joined.isascii() or _KATAKANA.search(joined) is None:
        return joined
    return joined.translate(_KANA_TABLE)


def _normalize_columns(
    text: str, chars: list[str], starts: list[int], ends: list[int], *, unleet: bool = True
) -> Normalized:
    """``normalize`` from the folded characters and their map, step by step.

    Without ``unleet`` the characters have been through :func:`_unleet`.
    """
    joined = "".join(chars)
    if chars:
        if unleet and _NEEDS_UNLEET.search(joined):
            _unleet(chars, joined)
            joined = "".join(chars)
        chars, starts, ends, joined = _close_gaps(chars, starts, ends, joined)
        changed = False
        if _may_squeeze(joined):
            chars, starts, ends, changed = _squeeze(chars, starts, ends, joined)
        if changed:
            # Dropping marks can join a new run (ぁぁ〜ぁ); a second pass settles
            # it. An unchanged text would come through a second pass unchanged.
            chars, starts, ends, _ = _squeeze(chars, starts, ends, "".join(chars))
            joined = "".join(chars)
    return Normalized(text, joined, _kana_folded(joined), (tuple(starts), tuple(ends)))


_Columns = tuple[list[str], list[int], list[int]]


def _fold_in_place(text: str) -> str | None:
    """The folded text when each character folds to one (the map is the identity)."""
    if text.isascii() or (
        unicodedata.is_normalized("NFKC", text) and _NEEDS_CHAR_FOLD.search(text) is None
    ):
        lowered = text.lower()
        if len(lowered) == len(text):
            return lowered
    # No character vanished or grew and none is a voiced mark to join: a
    # full-width or curly-quoted text.
    folded = text.translate(_FOLD_TABLE)
    return folded if len(folded) == len(text) else None


def _fold(text: str) -> _Columns:
    """NFKC (width), case, quotes; half-width dakuten rejoin their kana."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, folded in enumerate(map(_fold_char, text)):
        if folded in _COMBINING_VOICED:
            if chars:
                joined = unicodedata.normalize("NFC", chars[-1] + folded.strip())
                if len(joined) == 1:
                    chars[-1] = joined
                ends[-1] = i + 1
            continue
        for piece in folded:
            chars.append(piece)
            starts.append(i)
            ends.append(i + 1)
    return chars, starts, ends


def _unleet(chars: list[str], joined: str) -> None:
    """Look-alike digits and signs inside a word that has a letter (k1ll, 1d10t).

    ``chars`` is ``joined`` as a list, changed in place.
    """
    # A word is a maximal run of letters and look-alikes that holds a real
    # letter; most words hold no look-alike, so start from the look-alikes.
    run_end = -1
    in_word = False
    for sign in _LEET_SIGN.finditer(joined):
        at = sign.start()
        if at >= run_end:
            start = at
            while start > 0 and joined[start - 1] in _LEET_RUN_CHARS:
                start -= 1
            run = _LEET_RUN.match(joined, at)  # the sign itself starts one
            run_end = run.end() if run else at + 1
            core_end = run_end
            while core_end > start and joined[core_end - 1] in "!|":
                core_end -= 1  # sh!t's sign is a letter; 10am!'s is punctuation
            in_word = (
                _ASCII_LETTER.search(joined, start, run_end) is not None
                and _NUMBER_WORD.fullmatch(joined, start, core_end) is None
            )
        if in_word:
            chars[at] = _LEET[chars[at]]
    last = len(chars) - 1
    # ! and | are not look-alike digits, so the loop above left them in place;
    # in order, each sees the letters its left neighbour may have become.
    for sign in _BETWEEN_SIGN.finditer(joined, 1, last):
        i = sign.start()
        if _is_ascii_letter(chars[i - 1]) and _is_ascii_letter(chars[i + 1]):
            chars[i] = _LEET_BETWEEN_LETTERS[chars[i]]


def _close_gaps(
    chars: list[str], starts: list[int], ends: list[int], joined: str
) -> tuple[list[str], list[int], list[int], str]:
    """Drop separators between Japanese characters and inside s.p.a.c.e.d words."""
    drop = _gaps(joined)
    if not drop:
        return chars, starts, ends, joined
    # The kept characters are the runs between the dropped spans, copied in
    # slices.
    kept: list[str] = []
    kept_starts: list[int] = []
    kept_ends: list[int] = []
    pos = 0
    for start, end in drop:
        if start > pos:
            kept += chars[pos:start]
            kept_starts += starts[pos:start]
            kept_ends += ends[pos:start]
        pos = max(pos, end)
    kept += chars[pos:]
    kept_starts += starts[pos:]
    kept_ends += ends[pos:]
    return kept, kept_starts, kept_ends, "".join(kept)


def _squeeze(
    chars: list[str], starts: list[int], ends: list[int], joined: str
) -> tuple[list[str], list[int], list[int], bool]:
    """Elongation marks, repeated characters and white space (ふざけんなあああ, 死ねーー).

    Only the places the regex finds are rebuilt; the rest is copied in slices.
    """
    out_c: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    pos = 0
    for match in _SQUEEZE.finditer(joined):
        start, end = match.span()
        if match.group("marks") is not None:
            start = match.start("marks")  # after katakana the first mark is the word's
        out_c += chars[pos:start]
        out_s += starts[pos:start]
        out_e += ends[pos:start]
        pos = end
        if match.group("space") is not None:
            out_c.append("\n" if "\n" in match.group("space") else " ")
            out_s.append(starts[start])
            out_e.append(ends[end - 1])
        elif match.group("run") is not None:
            keep = 2 if _is_ascii_letter(match.group("ch")) else 1
            out_c += chars[start : start + keep]
            out_s += starts[start : start + keep]
            out_e += ends[start : start + keep]
            out_e[-1] = ends[end - 1]
        elif out_e:  # dropped marks: the character before them now covers them
            out_e[-1] = ends[end - 1]
    if pos == 0:
        return chars, starts, ends, False
    out_c += chars[pos:]
    out_s += starts[pos:]
    out_e += ends[pos:]
    return out_c, out_s, out_e, True
