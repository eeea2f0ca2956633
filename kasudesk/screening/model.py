"""The learned layer: hashed character n-gram logistic regression, pure Python.

Training (scripts/train_screen_model.py) uses scikit-learn; running needs
only the standard library. Each language has one weight table indexed by
``zlib.crc32`` of an n-gram modulo the table size, stored as gzip-compressed
little-endian float32 in ``data/model/``. The features are built by
:func:`features`, which training calls too, so both sides hash the same
n-grams the same way.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import sys
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

FORMAT = 2


class ModelError(Exception):
    """The shipped model artefact is unreadable or inconsistent."""


@dataclass(frozen=True)
class FeatureSpec:
    """How a text becomes hashed features; stored with the weights."""

    bits: int
    char_min: int
    char_max: int
    words: bool

    @property
    def size(self) -> int:
        return 1 << self.bits


def canonical(text: str) -> str:
    """Cheap folding that is idempotent over the screening normaliser's output.

    Training and running both apply it, so the model never depends on whether
    the caller already folded width or case.
    """
    return unicodedata.normalize("NFKC", text).casefold()


def counts(text: str, spec: FeatureSpec) -> Counter[int]:
    """Bucket -> how many n-grams of ``text`` hash into it.

    Each n-gram is hashed as the UTF-32-LE bytes of its characters, so one
    encoding of the whole text serves every n-gram by slicing (four bytes a
    character); words, for English, as ``w:`` plus their UTF-8 bytes.
    """
    mask = spec.size - 1
    folded = " ".join(canonical(text).split())
    if not folded:
        return Counter()
    padded = f" {folded} "
    raw = padded.encode("utf-32-le")
    crc = zlib.crc32
    length = len(padded)
    keys: list[int] = []
    for n in range(spec.char_min, spec.char_max + 1):
        width = 4 * n
        if n == 1:
            # After folding, single spaces are the only n-grams made of spaces.
            keys += [crc(ch.encode("utf-32-le")) & mask for ch in padded if ch != " "]
        else:
            end = 4 * (length - n + 1)
            keys += [crc(raw[j : j + width]) & mask for j in range(0, end, 4)]
    if spec.words:
        tokens = folded.split(" ")
        keys += [crc(f"w:{token}".encode()) & mask for token in tokens]
        keys += [crc(f"w:{a} {b}".encode()) & mask for a, b in itertools.pairwise(tokens)]
    return Counter(keys)


def features(text: str, spec: FeatureSpec) -> dict[int, float]:
    """Hashed n-gram counts, sublinear (1 + ln c) and L2-normalised: bucket -> value."""
    found = counts(text, spec)
    if not found:
        return {}
    values = {key: 1.0 + math.log(c) if c > 1 else 1.0 for key, c in found.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return {key: v / norm for key, v in values.items()}


@dataclass(frozen=True)
class LanguageModel:
    spec: FeatureSpec
    weights: array[float]
    bias: float

    def logit(self, text: str) -> float:
        """``bias + weights · features(text)``, without building the feature dict."""
        found = counts(text, self.spec)
        if not found:
            return self.bias
        weights = self.weights
        # Most buckets occur once (value 1.0): sum those in C, then correct
        # the few repeated ones to their 1 + ln(count).
        dot = sum(map(weights.__getitem__, found))
        square = float(len(found))
        log = math.log
        for key, c in found.items():
            if c > 1:
                value = 1.0 + log(c)
                dot += weights[key] * (value - 1.0)
                square += value * value - 1.0
        return self.bias + dot / math.sqrt(square)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


class Model:
    """Per-language linear models; 0.5 is each one's dev-chosen threshold."""

    def __init__(self, languages: Mapping[str, LanguageModel], meta: Mapping[str, Any]) -> None:
        self.languages = dict(languages)
        self.meta = dict(meta)
        self.fallback = str(meta.get("fallback", "en"))

    def probability(self, normalized_text: str, lang: str) -> float:
        """Probability that the text is harassing, calibrated so 0.5 is the cut."""
        model = self.languages.get(lang) or self.languages.get(self.fallback)
        if model is None:
            raise ModelError(f"no model for language {lang!r}")
        if not normalized_text.strip():
            return 0.0
        return _sigmoid(model.logit(normalized_text))


def load_weights(blob: bytes, size: int) -> array[float]:
    weights = array("f")
    weights.frombytes(gzip.decompress(blob))
    if sys.byteorder == "big":
        weights.byteswap()
    if len(weights) != size:
        raise ModelError(f"weight table has {len(weights)} entries, expected {size}")
    return weights


def dump_weights(values: array[float]) -> bytes:
    """Serialise a weight table as written into data/model/ (little-endian)."""
    out = array("f", values)
    if sys.byteorder == "big":
        out.byteswap()
    return gzip.compress(out.tobytes(), compresslevel=9, mtime=0)


def load_model(meta: Mapping[str, Any], blobs: Mapping[str, bytes]) -> Model:
    if meta.get("format") != FORMAT:
        raise ModelError(f"unsupported model format {meta.get('format')!r}")
    languages: dict[str, LanguageModel] = {}
    for lang, info in meta["languages"].items():
        spec = FeatureSpec(**info["features"])
        weights = load_weights(blobs[info["weights"]], spec.size)
        languages[lang] = LanguageModel(spec=spec, weights=weights, bias=float(info["bias"]))
    return Model(languages, meta)


def _artefact_dir() -> Any:
    return resources.files("kasudesk.screening").joinpath("data", "model")


@cache
def get_model() -> Model | None:
    """The shipped model, loaded once; None when no artefact is installed."""
    folder = _artefact_dir()
    meta_file = folder.joinpath("model.json")
    if not meta_file.is_file():
        return None
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        blobs = {
            info["weights"]: folder.joinpath(info["weights"]).read_bytes()
            for info in meta["languages"].values()
        }
        return load_model(meta, blobs)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # A half-installed artefact is a packaging error, not "no model".
        raise ModelError(f"the model artefact is broken: {exc}") from exc
