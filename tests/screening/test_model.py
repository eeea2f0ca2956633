"""The learned layer: the shipped artefact and its pure-Python inference."""

from __future__ import annotations

import json
import math
import socket
import zlib
from array import array
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from kasudesk.screening import model as model_module
from kasudesk.screening.model import (
    FORMAT,
    FeatureSpec,
    Model,
    ModelError,
    counts,
    dump_weights,
    features,
    get_model,
    load_model,
)
from kasudesk.screening.normalize import normalize

MAX_ARTEFACT_BYTES = 20 * 1024 * 1024


@pytest.fixture
def shipped() -> Iterator[Model]:
    model = get_model()
    assert model is not None, "no model artefact in kasudesk/screening/data/model"
    yield model


def prob(model: Model, text: str, lang: str) -> float:
    return model.probability(normalize(text).text, lang)


def test_it_loads_from_the_package_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the model tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    get_model.cache_clear()
    try:
        model = get_model()
    finally:
        get_model.cache_clear()
    assert model is not None
    assert set(model.languages) == {"ja", "en"}


def test_it_ships_an_artefact_under_twenty_megabytes() -> None:
    folder = resources.files("kasudesk.screening").joinpath("data", "model")
    total = sum(len(entry.read_bytes()) for entry in folder.iterdir() if entry.is_file())
    assert 0 < total < MAX_ARTEFACT_BYTES


def test_it_records_how_it_was_trained(shipped: Model) -> None:
    for lang in ("ja", "en"):
        info = shipped.meta["languages"][lang]
        assert info["trained_on"], lang
        assert info["dev_trials"], lang
    assert "test split is never used" in shipped.meta["splits"]


@pytest.mark.parametrize(
    ("lang", "abusive", "neutral"),
    [
        ("ja", "お前みたいなクズは死ね、このバカ野郎", "商品の発送はいつ頃になりますか"),
        ("ja", "ふざけんなボケ、ぶっ殺すぞ", "ありがとうございました。また利用します"),
        ("ja", "この無能なクソ女が", "明日の予約を変更したいのですが"),
        ("en", "you are a fucking idiot, shut up bitch", "when will my order be delivered?"),
        ("en", "I will kill you, you worthless little clerk", "thanks for the quick reply"),
        ("en", "shut up, you dumb fucking bitch", "could you reset my password please"),
    ],
)
def test_it_rates_clear_abuse_above_neutral_text(
    shipped: Model, lang: str, abusive: str, neutral: str
) -> None:
    # The model is calibrated to be combined with the rules, so clear abuse need
    # not pass 0.5 on the model alone; ordinary requests must stay under it.
    assert prob(shipped, abusive, lang) > prob(shipped, neutral, lang)
    assert prob(shipped, neutral, lang) < 0.5


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_it_gives_empty_text_zero(shipped: Model, text: str) -> None:
    assert shipped.probability(text, "ja") == 0.0


def test_it_falls_back_to_english_for_an_unknown_language(shipped: Model) -> None:
    text = normalize("shut up you idiot").text
    assert shipped.probability(text, "fr") == shipped.probability(text, "en")


def test_it_hashes_n_grams_with_a_stable_hash() -> None:
    spec = FeatureSpec(bits=8, char_min=1, char_max=2, words=False)
    found = features("ab", spec)
    grams = [" ", "a", "b", " a", "ab", "b "]
    expected_keys = {zlib.crc32(g.encode("utf-32-le")) & 255 for g in grams if not g.isspace()}
    assert set(found) == expected_keys
    assert math.isclose(math.sqrt(sum(v * v for v in found.values())), 1.0)


def test_it_hashes_english_words_and_word_pairs() -> None:
    spec = FeatureSpec(bits=20, char_min=1, char_max=1, words=True)
    found = counts("go away", spec)
    for word in ("w:go", "w:away", "w:go away"):
        assert found[zlib.crc32(word.encode()) & (spec.size - 1)] >= 1


def test_it_folds_width_and_case_before_hashing() -> None:
    spec = FeatureSpec(bits=16, char_min=1, char_max=3, words=True)
    assert features("ＡＢＣ  Def", spec) == features("abc def", spec)


def tiny_model(weight: float) -> Model:
    spec = {"bits": 4, "char_min": 1, "char_max": 1, "words": False}
    weights = array("f", [0.0] * 16)
    weights[zlib.crc32("x".encode("utf-32-le")) & 15] = weight
    meta = {
        "format": FORMAT,
        "languages": {"en": {"weights": "en.bin", "bias": 0.0, "features": spec}},
    }
    return load_model(meta, {"en.bin": dump_weights(weights)})


@pytest.mark.parametrize(("weight", "expected"), [(0.0, 0.5), (2.0, 1 / (1 + math.exp(-2.0)))])
def test_it_scores_by_summing_hashed_weights(weight: float, expected: float) -> None:
    # "x" padded is " x ": one non-space gram, normalised to value 1.0.
    assert tiny_model(weight).probability("x", "en") == pytest.approx(expected, rel=1e-6)


def test_it_rejects_an_artefact_of_another_format() -> None:
    with pytest.raises(ModelError):
        load_model({"format": FORMAT + 1, "languages": {}}, {})


def test_it_rejects_a_weight_table_of_the_wrong_size() -> None:
    meta = {
        "format": FORMAT,
        "languages": {
            "en": {
                "weights": "en.bin",
                "bias": 0.0,
                "features": {"bits": 4, "char_min": 1, "char_max": 1, "words": False},
            }
        },
    }
    with pytest.raises(ModelError):
        load_model(meta, {"en.bin": dump_weights(array("f", [0.0] * 8))})


def test_it_returns_none_when_no_artefact_is_installed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setattr(model_module, "_artefact_dir", lambda: tmp_path)
    get_model.cache_clear()
    try:
        assert get_model() is None
    finally:
        get_model.cache_clear()


def test_it_reports_a_broken_artefact(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    meta = {"format": FORMAT, "languages": {"en": {"weights": "missing.gz"}}}
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setattr(model_module, "_artefact_dir", lambda: tmp_path)
    get_model.cache_clear()
    try:
        with pytest.raises(ModelError):
            get_model()
    finally:
        get_model.cache_clear()
