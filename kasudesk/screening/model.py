"""The learned layer: character n-gram logistic regression, pure Python.

Training (scripts/train_screen_model.py) uses scikit-learn; running needs
only the standard library. Each language has an exact vocabulary, n-gram
string -> weight, kept to the n-grams seen often enough in training, and
stored in ``data/model/`` as one gzip-compressed file of little-endian
float32 weights followed by the n-grams. The n-grams are listed by
:func:`grams`, which training calls too, so both sides see the same
features. Running does not list them: the weights are loaded into one
Aho-Corasick automaton whose matches in the padded text are exactly the
known n-grams, so scoring a text is one pass in C.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import sys
import unicodedata
from array import array
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import repeat
from operator import add, itemgetter
from typing import Any

import ahocorasick

FORMAT = 3
# The live gates' metadata, beside model.json (written by scripts/train_live_gate.py).
LIVE_META = "live.json"
# Grams never hold a line break (fold() turns all white space into single
# spaces), so it can separate them in the artefact.
SEPARATOR = "\n"
# Slice objects kept per n-gram order, enough for texts of this many characters.
_SLICE_CACHE_LIMIT = 4096
_SLICES: dict[int, tuple[slice, ...]] = {}


class ModelError(Exception):
    """The shipped model artefact is unreadable or inconsistent."""


@dataclass(frozen=True)
class FeatureSpec:
    """Which n-grams a text yields; stored with the weights."""

    char_min: int
    char_max: int
    words: bool


def fold(text: str) -> str:
    """Cheap folding that is idempotent over the screening normaliser's output.

    Training and running both apply it, so the model never depends on whether
    the caller already folded width, case or white space.
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _windows(n: int, count: int) -> Iterable[slice]:
    """``slice(i, i + n)`` for each ``i < count``, from a per-order cache.

    Slicing the text with ready-made slice objects makes an n-gram with one
    allocation, where concatenating shorter grams takes one per order. The
    cache grows to the longest text seen, up to a bound; longer texts make
    their slices on the fly.
    """
    cached = _SLICES.get(n, ())
    if len(cached) < count <= _SLICE_CACHE_LIMIT:
        cached = tuple(map(slice, range(count), range(n, count + n)))
        _SLICES[n] = cached
    if count <= len(cached):
        return cached[:count]
    return map(slice, range(count), range(n, count + n))


def grams(text: str, spec: FeatureSpec) -> tuple[list[str], list[str]]:
    """The character n-grams and the words and word pairs of ``text``, repeats kept.

    Characters come from the folded text padded with one space at each end,
    so word edges are n-grams too; words and adjacent word pairs (``"a b"``)
    only when ``spec.words``. Every step is a C-level builtin over the
    whole text (``list``, ``map``, slicing), never a Python-level loop.
    """
    folded = fold(text)
    if not folded:
        return [], []
    padded = f" {folded} "
    found: list[str] = []
    if spec.char_min <= 2:
        chars = list(padded)
        if spec.char_min <= 1 <= spec.char_max:
            found += chars
        if spec.char_max >= 2:
            # One- and two-character strings are cheapest made by concatenation.
            found += map(add, chars, chars[1:])
    cut = padded.__getitem__
    for n in range(max(3, spec.char_min), spec.char_max + 1):
        found += map(cut, _windows(n, len(padded) - n + 1))
    if not spec.words:
        return found, []
    tokens = folded.split(" ")
    pairs = map(add, map(add, tokens, repeat(" ")), tokens[1:])
    return found, [*tokens, *pairs]


def features(text: str, spec: FeatureSpec) -> tuple[dict[str, float], dict[str, float]]:
    """Feature values, for training and tests: each n-gram's count / sqrt(all n-grams).

    Returned as (characters, words). Dividing by the square root of the
    number of n-grams keeps long and short texts on one scale, as an L2
    norm would, without a per-text pass over the counts at run time.
    """
    chars, words = grams(text, spec)
    total = len(chars) + len(words)
    if not total:
        return {}, {}
    scale = 1.0 / math.sqrt(total)
    out: tuple[dict[str, float], dict[str, float]] = ({}, {})
    for values, found in zip(out, (chars, words), strict=True):
        for gram in found:
            values[gram] = values.get(gram, 0.0) + scale
    return out


@dataclass(frozen=True)
class LanguageModel:
    spec: FeatureSpec
    chars: dict[str, float]
    words: dict[str, float]
    bias: float
    # The weights as one automaton over the padded text, built once (see logit).
    _scorer: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_scorer", _scorer(self.spec, self.chars, self.words))

    def logit(self, text: str) -> float:
        """``bias + weights · features(text)``, summed in one C pass over the text.

        An n-gram's weight is added once per place it occurs, which is its
        count in :func:`grams`; the number of n-grams follows from the
        length of the text and its number of words.
        """
        folded = fold(text)
        if not folded:
            return self.bias
        padded = f" {folded} "
        spec = self.spec
        length = len(padded)
        total = sum(max(0, length - n + 1) for n in range(max(1, spec.char_min), spec.char_max + 1))
        if spec.words:
            total += 2 * folded.count(" ") + 1  # words, and one pair fewer
        if not total:
            return self.bias
        scorer = self._scorer
        dot = sum(map(_WEIGHT, scorer.iter(padded))) if scorer is not None else 0.0
        return self.bias + dot / math.sqrt(total)


# The value of an (end, value) pair the automaton reports.
_WEIGHT = itemgetter(1)


def _scorer(spec: FeatureSpec, chars: Mapping[str, float], words: Mapping[str, float]) -> Any:
    """An Aho-Corasick automaton whose matches in the padded text are the known n-grams.

    Keys are the character n-grams of the orders ``grams`` makes, and each
    word as `` word `` and word pair as `` one two `` with their padding
    spaces: the folded text has single spaces between words, so those
    occur exactly where ``grams`` lists the word or pair. A key of both
    kinds (the word "a" is also the trigram " a ") occurs at the same
    places as either, so it carries the sum of both weights. Vocabulary
    entries ``grams`` can never yield are left out. None when nothing is
    left.
    """
    weights: dict[str, float] = {}
    low = max(1, spec.char_min)
    for gram, weight in chars.items():
        if low <= len(gram) <= spec.char_max:
            weights[gram] = weights.get(gram, 0.0) + weight
    if spec.words:
        for word, weight in words.items():
            if word and word == " ".join(word.split()) and word.count(" ") <= 1:
                key = f" {word} "
                weights[key] = weights.get(key, 0.0) + weight
    if not weights:
        return None
    automaton = ahocorasick.Automaton()
    for key, weight in weights.items():
        automaton.add_word(key, weight)
    automaton.make_automaton()
    return automaton


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True)
class BehaviorHead:
    """Which behavior a text the model flags most resembles.

    A multinomial logistic regression over the same features as the
    model, trained on the harassing texts of the customer-service sets with
    the behavior each was written for. It runs only for a text the model
    flags with no rule to name what it saw, so it lists n-grams and looks
    each up rather than building an automaton.
    """

    spec: FeatureSpec
    behaviors: tuple[str, ...]
    bias: tuple[float, ...]
    chars: dict[str, tuple[float, ...]]
    words: dict[str, tuple[float, ...]]

    def scores(self, text: str) -> list[float]:
        """Each behavior's logit, in the order of ``behaviors``."""
        chars, words = grams(text, self.spec)
        # Every feature value is count / sqrt(total), so the weighted sum is
        # the plain sum over the n-grams as listed, repeats included, scaled
        # once; zip(*rows) adds up each behavior's column in C.
        rows = [
            *filter(None, map(self.chars.get, chars)),
            *filter(None, map(self.words.get, words)),
        ]
        scores = list(self.bias)
        if rows:
            scale = 1.0 / math.sqrt(len(chars) + len(words))
            scores = [
                b + sum(column) * scale
                for b, column in zip(scores, zip(*rows, strict=True), strict=True)
            ]
        return scores

    def behavior(self, text: str) -> str:
        scores = self.scores(text)
        return self.behaviors[max(range(len(scores)), key=scores.__getitem__)]

    def share(self, text: str, chosen: Collection[str]) -> float:
        """The softmax probability the head puts on the ``chosen`` behaviors together."""
        scores = self.scores(text)
        top = max(scores)
        weights = [math.exp(score - top) for score in scores]
        picked = sum(w for w, b in zip(weights, self.behaviors, strict=True) if b in chosen)
        return picked / sum(weights)


def dump_head(head: BehaviorHead) -> bytes:
    """Serialise a behavior head: gzip of JSON, weights rounded to 1e-5."""
    body = {
        "behaviors": list(head.behaviors),
        "bias": [round(b, 5) for b in head.bias],
        "chars": {g: [round(w, 5) for w in ws] for g, ws in sorted(head.chars.items())},
        "words": {g: [round(w, 5) for w in ws] for g, ws in sorted(head.words.items())},
    }
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return gzip.compress(raw, compresslevel=9, mtime=0)


def load_head(blob: bytes, spec: FeatureSpec) -> BehaviorHead:
    body = json.loads(gzip.decompress(blob).decode("utf-8"))
    behaviors = tuple(body["behaviors"])
    tables: list[dict[str, tuple[float, ...]]] = []
    for kind in ("chars", "words"):
        table = {gram: tuple(map(float, ws)) for gram, ws in body[kind].items()}
        if any(len(ws) != len(behaviors) for ws in table.values()):
            raise ModelError("a behavior head's weights do not match its behaviors")
        tables.append(table)
    if not behaviors or len(body["bias"]) != len(behaviors):
        raise ModelError("a behavior head needs one bias per behavior")
    return BehaviorHead(spec, behaviors, tuple(map(float, body["bias"])), *tables)


# A clause of normalised text: up to a Japanese or Latin sentence end or a
# line break (a full stop inside "3.5" or "e.g" does not end one).
_CLAUSE = re.compile(r"(?:[^。!?\n.]|\.(?=\S))+[。!?.]*")


class Model:
    """Per-language linear models; 0.5 is each one's dev-chosen threshold."""

    def __init__(
        self,
        languages: Mapping[str, LanguageModel],
        meta: Mapping[str, Any],
        heads: Mapping[str, BehaviorHead] | None = None,
        live: Mapping[str, LanguageModel] | None = None,
    ) -> None:
        self.languages = dict(languages)
        self.meta = dict(meta)
        self.heads = dict(heads or {})
        # Second opinions for live contacts, trained on customer turns of
        # calls and chats (scripts/train_live_gate.py); see live_probability.
        self.live = dict(live or {})
        self.fallback = str(meta.get("fallback", "en"))

    def explain(self, normalized_text: str, lang: str) -> tuple[str, int, int] | None:
        """The behavior a flagged text most resembles, and its clause the model weighs most.

        Offsets index ``normalized_text``; None without a behavior head for
        the language or without a clause.
        """
        head = self.heads.get(lang)
        model = self.languages.get(lang)
        if head is None or model is None:
            return None
        best: tuple[float, int, int] | None = None
        for clause in _CLAUSE.finditer(normalized_text):
            text = clause.group()
            start = clause.start() + len(text) - len(text.lstrip())
            end = clause.end() - (len(text) - len(text.rstrip()))
            if start >= end:
                continue
            logit = model.logit(normalized_text[start:end])
            if best is None or logit > best[0]:
                best = (logit, start, end)
        if best is None:
            return None
        return head.behavior(normalized_text), best[1], best[2]

    def behavior_share(
        self, normalized_text: str, lang: str, chosen: Collection[str]
    ) -> float | None:
        """How sure the behavior head is that a text shows one of ``chosen``.

        None without a behavior head for the language.
        """
        head = self.heads.get(lang)
        return None if head is None else head.share(normalized_text, chosen)

    def live_probability(self, normalized_text: str, lang: str) -> float | None:
        """How likely a customer's turn in a live contact is harassment, read alone.

        None without a live model for the language. Trained only on turns
        of calls and chats, it knows curt spoken complaints the main model,
        trained mostly on written text, takes for harassment.
        """
        model = self.live.get(lang)
        if model is None:
            return None
        return _sigmoid(model.logit(normalized_text)) if normalized_text.strip() else 0.0

    def probability(self, normalized_text: str, lang: str) -> float:
        """Probability that the text is harassing, calibrated so 0.5 is the cut."""
        model = self.languages.get(lang) or self.languages.get(self.fallback)
        if model is None:
            raise ModelError(f"no model for language {lang!r}")
        if not normalized_text.strip():
            return 0.0
        return _sigmoid(model.logit(normalized_text))


def dump_table(chars: Mapping[str, float], words: Mapping[str, float]) -> bytes:
    """Serialise one language's weights as written into data/model/.

    Layout: ``len(chars) + len(words)`` little-endian float32 weights, then
    the n-grams in the same order, UTF-8, separated by line breaks; the two
    counts are kept in model.json. Sorted, so gzip finds shared prefixes.
    """
    keys = sorted(chars) + sorted(words)
    if any(SEPARATOR in key or not key for key in keys):
        raise ModelError("an n-gram is empty or holds a line break")
    weights = array("f", [chars[k] for k in sorted(chars)] + [words[k] for k in sorted(words)])
    if sys.byteorder == "big":
        weights.byteswap()
    raw = weights.tobytes() + SEPARATOR.join(keys).encode("utf-8")
    return gzip.compress(raw, compresslevel=9, mtime=0)


def load_table(
    blob: bytes, n_chars: int, n_words: int
) -> tuple[dict[str, float], dict[str, float]]:
    """The (characters, words) weight dictionaries of a blob written by :func:`dump_table`."""
    raw = gzip.decompress(blob)
    n = n_chars + n_words
    if n_chars < 0 or n_words < 0 or len(raw) < 4 * n:
        raise ModelError(f"weight table is too short for {n_chars} + {n_words} n-grams")
    weights = array("f")
    weights.frombytes(raw[: 4 * n])
    if sys.byteorder == "big":
        weights.byteswap()
    keys = raw[4 * n :].decode("utf-8").split(SEPARATOR) if n else []
    if len(weights) != n or len(keys) != n:
        raise ModelError(
            f"weight table has {len(weights)} weights and {len(keys)} n-grams, expected {n}"
        )
    return dict(zip(keys[:n_chars], weights, strict=False)), dict(
        zip(keys[n_chars:], weights[n_chars:], strict=True)
    )


def _language_model(info: Mapping[str, Any], blobs: Mapping[str, bytes]) -> LanguageModel:
    spec = FeatureSpec(**info["features"])
    chars, words = load_table(blobs[info["weights"]], int(info["chars"]), int(info["words"]))
    return LanguageModel(spec, chars, words, float(info["bias"]))


def load_model(
    meta: Mapping[str, Any],
    blobs: Mapping[str, bytes],
    live_meta: Mapping[str, Any] | None = None,
) -> Model:
    """The model of ``meta`` (model.json) and, when given, its live gates (live.json)."""
    for found in (meta, live_meta or {"format": FORMAT}):
        if found.get("format") != FORMAT:
            raise ModelError(f"unsupported model format {found.get('format')!r}")
    languages: dict[str, LanguageModel] = {}
    heads: dict[str, BehaviorHead] = {}
    for lang, info in meta["languages"].items():
        languages[lang] = _language_model(info, blobs)
        if info.get("behaviors"):
            heads[lang] = load_head(blobs[info["behaviors"]], languages[lang].spec)
    live = {
        lang: _language_model(info, blobs)
        for lang, info in (live_meta or {}).get("languages", {}).items()
    }
    return Model(languages, meta, heads, live)


def _artefact_dir() -> Any:
    return resources.files("kasudesk.screening").joinpath("data", "model")


@cache
def get_model() -> Model | None:
    """The shipped model, loaded once; None when no artefact is installed."""
    folder = _artefact_dir()
    meta_file = folder.joinpath("model.json")
    if not meta_file.is_file():
        return None
    live_file = folder.joinpath(LIVE_META)
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        live = json.loads(live_file.read_text(encoding="utf-8")) if live_file.is_file() else None
        infos = [*meta["languages"].values(), *(live or {}).get("languages", {}).values()]
        blobs = {
            name: folder.joinpath(name).read_bytes()
            for info in infos
            for name in (info["weights"], info.get("behaviors"))
            if name
        }
        return load_model(meta, blobs, live)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # A half-installed artefact is a packaging error, not "no model".
        raise ModelError(f"the model artefact is broken: {exc}") from exc
