"""The screening benchmarks run end to end on a tiny sample, so they cannot rot."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from bench import screen_eval, screen_speed
from bench.docs import BENCHMARKS
from bench.screen_data import DATASETS, load, split_of

# The peer and psutil come with the "bench" extra; without them the scripts
# still run, leaving the peer out or the memory line off.
PEER = importlib.util.find_spec("profanity_check") is not None
PSUTIL = importlib.util.find_spec("psutil") is not None
PEER_ARGS = [] if PEER else ["--skip-peer"]


@pytest.fixture
def docs_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of docs/benchmarks.md so --write-docs is exercised without touching it."""
    copy = tmp_path / "benchmarks.md"
    shutil.copyfile(BENCHMARKS, copy)
    monkeypatch.setattr(screen_eval, "BENCHMARKS", copy)
    monkeypatch.setattr(screen_speed, "BENCHMARKS", copy)
    return copy


def test_it_evaluates_every_data_set_on_a_sample(
    shared_dir: Path, docs_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = docs_copy.read_text(encoding="utf-8")
    args = ["--shared", str(shared_dir), "--limit", "20", "--write-docs", *PEER_ARGS]
    code = screen_eval.main(args)
    out = capsys.readouterr().out
    assert code == 0
    for dataset in ("rtplx_ja", "rtplx_en", "inspection_ai_ja", "davidson"):
        assert f"| {dataset} | KasuDesk screen() |" in out
    assert "| davidson | alt-profanity-check |" not in out
    assert ("| rtplx_en | alt-profanity-check |" in out) is PEER
    assert "| rtplx_ja | JA 21-keyword floor |" in out
    assert "| ibm_custcare | KasuDesk screen() | 20 |" in out  # false-alarm table
    assert "| plain_ja | KasuDesk screen() | 20 |" in out
    assert "| plain_en | KasuDesk screen() | 20 |" in out
    assert "| complaints_ja | KasuDesk screen() |" in out
    assert "| complaints_en | KasuDesk screen() |" in out
    assert "- Japanese RTP-LX F1 >= 0.80:" in out
    after = docs_copy.read_text(encoding="utf-8")
    assert "## Screening speed" in after
    assert after.split("## Screening speed")[1] == before.split("## Screening speed")[1]
    assert "| rtplx_ja | KasuDesk screen() |" in after


def test_it_measures_speed_on_a_sample(
    shared_dir: Path, docs_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--shared", str(shared_dir), "--limit", "20", "--rounds", "1", "--write-docs"]
    code = screen_speed.main([*args, *PEER_ARGS])
    out = capsys.readouterr().out
    assert code == 0
    assert "| KasuDesk screen(), one at a time |" in out
    assert ("| alt-profanity-check, one call per text |" in out) is PEER
    assert ("MB resident" in out) is PSUTIL
    assert "- p99 < 2 ms per 100-character utterance:" in docs_copy.read_text(encoding="utf-8")


def test_it_exits_clearly_without_shared_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert screen_eval.main(["--shared", str(tmp_path), "--limit", "1", *PEER_ARGS]) == 2
    assert "KASUDESK_SHARED_DIR" in capsys.readouterr().err
    assert screen_speed.main(["--shared", str(tmp_path), "--limit", "1", *PEER_ARGS]) == 2


def test_it_splits_translations_of_an_item_together(shared_dir: Path) -> None:
    english = {i.key: i.split for i in load(shared_dir, "rtplx_en")}
    japanese = {i.key: i.split for i in load(shared_dir, "rtplx_ja")}
    assert english == japanese


@pytest.mark.parametrize(
    ("family", "key", "split"),
    [
        ("rtplx", "0", "train"),
        ("rtplx", "2", "test"),
        ("rtplx", "6", "test"),
        ("rtplx", "12", "test"),
        ("rtplx", "14", "dev"),
        ("davidson", "0", "test"),
        ("inspection_ai_ja", "3", "train"),
    ],
)
def test_it_pins_the_documented_splits(family: str, key: str, split: str) -> None:
    assert split_of(family, key) == split


@pytest.mark.parametrize("dataset", DATASETS)
def test_it_gives_every_data_set_all_three_splits(shared_dir: Path, dataset: str) -> None:
    assert {i.split for i in load(shared_dir, dataset)} == {"train", "dev", "test"}


@pytest.mark.parametrize(
    ("dataset", "lang", "least"),
    [
        ("plain_ja", "ja", 500),
        ("plain_en", "en", 500),
        ("complaints_ja", "ja", 200),
        ("complaints_en", "en", 200),
    ],
)
def test_the_everyday_sets_are_negatives_of_their_language(
    shared_dir: Path, dataset: str, lang: str, least: int
) -> None:
    items = load(shared_dir, dataset)
    assert len(items) >= least
    assert len({i.key for i in items}) == len(items)
    assert {i.label for i in items} == {False}
    assert {i.lang for i in items} == {lang}


def test_it_scores_the_keyword_floor_on_japanese_sets_only() -> None:
    japanese = screen_eval.systems_for("plain_ja", "ja", peer=False)
    english = screen_eval.systems_for("plain_en", "en", peer=False)
    assert "JA 21-keyword floor" in japanese
    assert "JA 21-keyword floor" not in english


def test_it_refuses_a_data_set_of_two_languages() -> None:
    from bench.screen_data import Item

    mixed = [
        Item("odd", "1", "ja", "こんにちは", False, "test"),
        Item("odd", "2", "en", "hello", False, "test"),
    ]
    with pytest.raises(ValueError, match="mixes languages"):
        screen_eval.evaluate({"odd": mixed}, peer=False)
