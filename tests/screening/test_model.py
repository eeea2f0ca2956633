"""The learned layer: the shipped artefact and its pure-Python inference."""

from __future__ import annotations

import dataclasses
import gzip
import json
import math
import socket
import struct
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kasudesk.screening import model as model_module
from kasudesk.screening.model import (
    FORMAT,
    LIVE_META,
    BehaviorHead,
    FeatureSpec,
    LanguageModel,
    Model,
    ModelError,
    dump_head,
    dump_table,
    features,
    get_model,
    grams,
    load_head,
    load_model,
    load_table,
)
from kasudesk.screening.normalize import normalize
from kasudesk.screening.rules import carve_out_rules, rules

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
        model = shipped.languages[lang]
        assert (len(model.chars), len(model.words)) == (info["chars"], info["words"])
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


def test_it_lists_character_n_grams_of_the_padded_text() -> None:
    chars, words = grams("ab", FeatureSpec(char_min=1, char_max=2, words=False))
    assert sorted(chars) == sorted([" ", "a", "b", " ", " a", "ab", "b "])
    assert words == []


def test_it_starts_at_the_lowest_order_asked_for() -> None:
    chars, _ = grams("abc", FeatureSpec(char_min=3, char_max=4, words=False))
    assert sorted(chars) == sorted([" ab", "abc", "bc ", " abc", "abc "])


def reference_grams(text: str, low: int, high: int) -> list[str]:
    padded = " " + " ".join(text.casefold().split()) + " "
    return [padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)]


@pytest.mark.parametrize(("low", "high"), [(1, 1), (1, 2), (2, 3), (1, 4), (3, 3), (4, 5)])
@pytest.mark.parametrize("text", ["a", "ab cd", "お前はバカだ", "xyz " * 1500])
def test_it_lists_every_n_gram_of_each_order(text: str, low: int, high: int) -> None:
    # The last text is longer than the slice cache holds.
    chars, _ = grams(text, FeatureSpec(char_min=low, char_max=high, words=False))
    assert sorted(chars) == sorted(reference_grams(text, low, high))


def test_it_lists_english_words_and_word_pairs() -> None:
    _, words = grams("go  away now", FeatureSpec(char_min=1, char_max=1, words=True))
    assert words == ["go", "away", "now", "go away", "away now"]


def test_it_keeps_repeated_n_grams() -> None:
    chars, _ = grams("aaa", FeatureSpec(char_min=2, char_max=2, words=False))
    assert sorted(chars) == sorted([" a", "aa", "aa", "a "])


def test_it_folds_width_case_and_white_space_first() -> None:
    spec = FeatureSpec(char_min=1, char_max=3, words=True)
    assert features("ＡＢＣ \n Def", spec) == features("abc def", spec)


def test_it_scales_counts_by_the_root_of_the_number_of_n_grams() -> None:
    chars, words = features("aaa", FeatureSpec(char_min=2, char_max=2, words=True))
    # Grams " a", "aa", "aa", "a " and the word "aaa": five in all.
    assert chars == pytest.approx({" a": 1 / 5**0.5, "aa": 2 / 5**0.5, "a ": 1 / 5**0.5})
    assert words == pytest.approx({"aaa": 1 / 5**0.5})


@pytest.mark.parametrize(
    "text",
    ["ab ab ab", "お前はバカだ、バカ", "YOU are an idiot, idiot!", "x", "シネ 死ね しね"],
)
def test_it_scores_what_training_sees(text: str) -> None:
    # The run-time sum over grams() must equal the dot product with the
    # feature values training builds its matrix from.
    spec = FeatureSpec(char_min=1, char_max=3, words=True)
    chars, words = grams(text, spec)
    char_weights = {g: (i % 7 - 3) / 10 for i, g in enumerate(sorted(set(chars)))}
    word_weights = {w: (i % 5 - 2) / 10 for i, w in enumerate(sorted(set(words)))}
    model = LanguageModel(spec, char_weights, word_weights, bias=0.25)
    values = features(text, spec)
    expected = 0.25 + sum(v * char_weights[g] for g, v in values[0].items())
    expected += sum(v * word_weights[w] for w, v in values[1].items())
    assert model.logit(text) == pytest.approx(expected)


def reference_logit(model: LanguageModel, text: str) -> float:
    """The logit as training defines it: the dot product with :func:`features`."""
    chars, words = features(text, model.spec)
    dot = sum(v * model.chars.get(g, 0.0) for g, v in chars.items())
    dot += sum(v * model.words.get(w, 0.0) for w, v in words.items())
    return model.bias + dot


_RULE_TEXTS = sorted(
    {text for rule in rules() for text in (*rule.examples, *rule.counter_examples)}
    | {text for rule in carve_out_rules() for text in (*rule.examples, *rule.counter_examples)}
)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_it_scores_rule_texts_as_their_features_say(shipped: Model, lang: str) -> None:
    model = shipped.languages[lang]
    for text in _RULE_TEXTS:
        normalized = normalize(text).text
        assert model.logit(normalized) == pytest.approx(
            reference_logit(model, normalized), rel=0, abs=1e-9
        ), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab xyz I'd \n\tＡ死ねバカお前クズ、。!ß", max_size=60))
def test_it_scores_any_text_as_its_features_say(text: str) -> None:
    shipped = get_model()
    assert shipped is not None
    for model in shipped.languages.values():
        assert model.logit(text) == pytest.approx(reference_logit(model, text), rel=0, abs=1e-9)


def test_it_scores_real_texts_as_their_features_say(shipped: Model, shared_dir: Path) -> None:
    folder = shared_dir / "data" / "rtplx_dev"
    for name, lang in (("RTP_LX_JA.dev.jsonl", "ja"), ("RTP_LX_EN.dev.jsonl", "en")):
        lines = (folder / name).read_text("utf-8").splitlines()[:300]
        texts = [json.loads(line)["Prompt"] for line in lines if line.strip()]
        assert texts
        for text in texts:
            normalized = normalize(text).text
            for model in shipped.languages.values():
                expected = reference_logit(model, normalized)
                assert model.logit(normalized) == pytest.approx(expected, rel=0, abs=1e-9), lang


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [(1, 1, False), (1, 2, False), (2, 4, True), (3, 3, True), (1, 4, True)],
)
@pytest.mark.parametrize("text", ["a", "a a a", "ab ab", "I a b", "お前 は バカ", "a  b\tc"])
def test_it_counts_a_word_that_is_also_an_n_gram_both_ways(
    text: str, low: int, high: int, words: bool
) -> None:
    # With padding, the word "a" is the trigram " a " and "ab" the 4-gram
    # " ab "; "a b c" is no word nor pair, though " a b c " occurs.
    spec = FeatureSpec(char_min=low, char_max=high, words=words)
    chars, found = grams(text, spec)
    model = LanguageModel(
        spec,
        {g: 0.5 + len(g) / 8 + i / 64 for i, g in enumerate(sorted({*chars, " a ", " ab "}))},
        {
            w: -0.25 - i / 32
            for i, w in enumerate(sorted({*found, "a", "a b", "a b c", "a  b", " a"}))
        },
        bias=-0.5,
    )
    assert model.logit(text) == pytest.approx(reference_logit(model, text), rel=0, abs=1e-9)


def test_it_ignores_n_grams_outside_its_vocabulary() -> None:
    spec = FeatureSpec(char_min=1, char_max=1, words=False)
    model = LanguageModel(spec, {"x": 1.0}, {}, bias=0.0)
    # " x y " has five unigrams, one of them known.
    assert model.logit("x y") == pytest.approx(1.0 / 5**0.5)


def tiny_meta(chars: int, words: int) -> dict[str, Any]:
    spec = {"char_min": 1, "char_max": 1, "words": False}
    return {
        "format": FORMAT,
        "languages": {
            "en": {
                "weights": "en.bin",
                "bias": 0.0,
                "features": spec,
                "chars": chars,
                "words": words,
            }
        },
    }


@pytest.mark.parametrize(("weight", "expected"), [(0.0, 0.5), (2.0, 1 / (1 + math.exp(-2.0)))])
def test_it_scores_by_summing_n_gram_weights(weight: float, expected: float) -> None:
    # " x " has three unigrams, "x" once: its value is 1/sqrt(3).
    blob = dump_table({"x": weight * 3**0.5}, {})
    model = load_model(tiny_meta(1, 0), {"en.bin": blob})
    assert model.probability("x", "en") == pytest.approx(expected, rel=1e-6)


def test_it_round_trips_a_weight_table() -> None:
    chars = {"死": 1.5, " ば": -0.25, "ab": 0.125}
    words = {"idiot": 2.0, "you idiot": 0.5}
    loaded = load_table(dump_table(chars, words), len(chars), len(words))
    assert loaded == (chars, words)


def test_it_stores_weights_little_endian_whatever_the_machine() -> None:
    raw = gzip.decompress(dump_table({"a": 1.5, "b": -2.0}, {}))
    assert raw[:8] == struct.pack("<2f", 1.5, -2.0)
    assert raw[8:] == b"a\nb"


def test_it_refuses_an_n_gram_with_a_line_break() -> None:
    with pytest.raises(ModelError):
        dump_table({"a\nb": 1.0}, {})


def test_it_rejects_an_artefact_of_another_format() -> None:
    with pytest.raises(ModelError):
        load_model({"format": FORMAT + 1, "languages": {}}, {})


@pytest.mark.parametrize(("chars", "words"), [(3, 0), (2, 1), (1, 0)])
def test_it_rejects_a_weight_table_of_the_wrong_size(chars: int, words: int) -> None:
    blob = dump_table({"a": 1.0, "b": 2.0}, {})
    with pytest.raises(ModelError):
        load_model(tiny_meta(chars, words), {"en.bin": blob})


def _loaded_from(monkeypatch: pytest.MonkeyPatch, folder: Any) -> Model | None:
    """``get_model()`` reading the artefact in ``folder``, the cache cleared around it."""
    monkeypatch.setattr(model_module, "_artefact_dir", lambda: folder)
    get_model.cache_clear()
    try:
        return get_model()
    finally:
        get_model.cache_clear()


def test_it_returns_none_when_no_artefact_is_installed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    assert _loaded_from(monkeypatch, tmp_path) is None


@pytest.mark.parametrize("content", [None, b"not gzip", gzip.compress(b"\x00\x00")])
def test_it_reports_a_broken_artefact(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, content: bytes | None
) -> None:
    (tmp_path / "model.json").write_text(json.dumps(tiny_meta(1, 0)), encoding="utf-8")
    if content is not None:
        (tmp_path / "en.bin").write_bytes(content)
    with pytest.raises(ModelError):
        _loaded_from(monkeypatch, tmp_path)


def _head() -> BehaviorHead:
    spec = FeatureSpec(char_min=1, char_max=1, words=False)
    chars: dict[str, tuple[float, ...]] = {"z": (2.0, -2.0), "b": (-1.0, 1.0)}
    return BehaviorHead(spec, ("threat", "verbal_abuse"), (0.0, 0.0), chars, {})


@pytest.mark.parametrize(("text", "expected"), [("zzz", "threat"), ("bbb", "verbal_abuse")])
def test_a_behavior_head_names_the_behavior_its_weights_favour(text: str, expected: str) -> None:
    assert _head().behavior(text) == expected


def test_a_behavior_head_falls_back_on_its_bias_without_a_known_n_gram() -> None:
    head = dataclasses.replace(_head(), bias=(-1.0, 1.0))
    assert head.behavior("qqq") == "verbal_abuse"


def test_the_shipped_behavior_heads_score_as_their_features_say() -> None:
    """The summed rows agree with bias + weights . features(), the training view."""
    model = model_module.get_model()
    assert model is not None
    texts = {
        "ja": [
            "土下座して謝れ、お前の家は知ってるぞ",
            "担当者の名前をネットに晒すからな。覚えとけ",
        ],
        "en": [
            "I know where you live, sweetheart",
            "go back to your own country and learn English",
        ],
    }
    for lang, samples in texts.items():
        head = model.heads[lang]
        for text in samples:
            scores = list(head.bias)
            for table, values in zip(
                (head.chars, head.words), features(text, head.spec), strict=True
            ):
                for gram, value in values.items():
                    for i, weight in enumerate(table.get(gram, ())):
                        scores[i] += weight * value
            expected = head.behaviors[max(range(len(scores)), key=scores.__getitem__)]
            assert head.behavior(text) == expected


def test_a_behavior_head_shares_its_probability_among_the_behaviors() -> None:
    head = _head()
    # "zz" in " zz " (padded): two z of four n-grams, scale 1/2 -> logits (2, -2)
    threat = math.exp(2.0) / (math.exp(2.0) + math.exp(-2.0))
    assert head.share("zz", {"threat"}) == pytest.approx(threat)
    assert head.share("zz", {"verbal_abuse"}) == pytest.approx(1 - threat)
    assert head.share("zz", {"threat", "verbal_abuse"}) == pytest.approx(1.0)
    assert head.share("zz", {"sexual_conduct"}) == 0.0
    assert head.share("qq", {"threat"}) == pytest.approx(0.5)  # bias alone: a tie


def test_a_model_has_no_behavior_share_without_a_head() -> None:
    meta = tiny_meta(1, 0)
    meta["languages"]["en"]["behaviors"] = "en.head"
    blobs = {"en.bin": dump_table({"z": 5.0}, {}), "en.head": dump_head(_head())}
    model = load_model(meta, blobs)
    assert model.behavior_share("zz", "en", {"threat"}) == pytest.approx(
        _head().share("zz", {"threat"})
    )
    assert model.behavior_share("zz", "ja", {"threat"}) is None


def test_a_behavior_head_round_trips_and_rejects_a_mismatch() -> None:
    head = _head()
    assert load_head(dump_head(head), head.spec) == head
    body = json.loads(gzip.decompress(dump_head(head)))
    body["chars"]["z"] = [1.0]
    with pytest.raises(ModelError, match="do not match"):
        load_head(gzip.compress(json.dumps(body).encode()), head.spec)


def test_it_explains_a_text_by_the_clause_it_weighs_most() -> None:
    meta = tiny_meta(1, 0)
    meta["languages"]["en"]["behaviors"] = "en.head"
    blobs = {"en.bin": dump_table({"z": 5.0}, {}), "en.head": dump_head(_head())}
    model = load_model(meta, blobs)
    text = "all good here. then zero fuzz at all! fine"
    behavior, start, end = model.explain(text, "en") or ("", 0, 0)
    assert (behavior, text[start:end]) == ("threat", "then zero fuzz at all!")
    assert model.explain(text, "ja") is None  # no head for the language


def test_the_shipped_model_has_a_behavior_head_for_each_language() -> None:
    model = model_module.get_model()
    assert model is not None
    for lang in ("ja", "en"):
        head = model.heads[lang]
        assert len(head.behaviors) >= 10
        assert head.behavior("dummy text") in head.behaviors


def _with_live(tmp_path: Any, live: dict[str, Any] | None) -> None:
    (tmp_path / "model.json").write_text(json.dumps(tiny_meta(1, 0)), encoding="utf-8")
    (tmp_path / "en.bin").write_bytes(dump_table({"z": 1.0}, {}))
    if live is not None:
        (tmp_path / LIVE_META).write_text(json.dumps(live), encoding="utf-8")
        (tmp_path / "en.live.bin").write_bytes(dump_table({"q": -3.0}, {}))


def test_it_loads_a_live_gate_beside_the_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    info = {**tiny_meta(1, 0)["languages"]["en"], "weights": "en.live.bin", "bias": 1.0}
    _with_live(tmp_path, {"format": FORMAT, "languages": {"en": info}})
    model = _loaded_from(monkeypatch, tmp_path)
    assert model is not None
    assert model.live_probability("zoo", "en") == pytest.approx(1 / (1 + math.exp(-1.0)))
    # "q" among the padded " q ": one n-gram of three, weight -3 scaled by 1/sqrt(3)
    expected = 1 / (1 + math.exp(-(1.0 - 3.0 / math.sqrt(3))))
    assert model.live_probability("q", "en") == pytest.approx(expected)
    assert model.live_probability("  ", "en") == 0.0
    assert model.live_probability("zoo", "ja") is None  # no gate for the language


def test_it_runs_without_a_live_gate(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    _with_live(tmp_path, None)
    model = _loaded_from(monkeypatch, tmp_path)
    assert model is not None and model.live == {}
    assert model.live_probability("zoo", "en") is None


_MISSING = {**tiny_meta(1, 0)["languages"]["en"], "weights": "missing.bin"}


@pytest.mark.parametrize(
    "live",
    [{"format": FORMAT + 1, "languages": {}}, {"format": FORMAT, "languages": {"en": _MISSING}}],
)
def test_it_reports_a_broken_live_gate(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, live: dict[str, Any]
) -> None:
    _with_live(tmp_path, live)
    with pytest.raises(ModelError):
        _loaded_from(monkeypatch, tmp_path)


def test_the_shipped_live_gate_is_the_one_its_training_chose(shipped: Model) -> None:
    from kasudesk.screening import conversation

    live = json.loads(
        resources.files("kasudesk.screening")
        .joinpath("data", "model", LIVE_META)
        .read_text("utf-8")
    )
    assert set(shipped.live) == set(live["languages"]) == {"ja", "en"}
    for lang, info in live["languages"].items():
        assert f"calls_{lang}_gate.jsonl" in info["data"]
        held_back = ("_a.jsonl", "_d.jsonl", "_g.jsonl", "_h.jsonl")
        assert not any(name.endswith(held_back) for name in info["data"])
        assert info["chosen_cut"] == conversation._texts().live_gate[lang]
        gate = shipped.live[lang]
        assert (len(gate.chars), len(gate.words)) == (info["chars"], info["words"])
