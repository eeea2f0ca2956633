"""The screening benchmarks run end to end on a tiny sample, so they cannot rot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import screen_eval, screen_speed
from bench.screen_data import DATASETS, load, split_of


@pytest.fixture
def docs_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repo's docs/ so --write-docs is exercised without touching it."""
    repo = tmp_path / "repo"
    shutil.copytree(screen_eval.REPO / "docs", repo / "docs")
    monkeypatch.setattr(screen_eval, "REPO", repo)
    monkeypatch.setattr(screen_speed, "REPO", repo)
    return repo / "docs" / "benchmarks.md"


def test_it_evaluates_every_data_set_on_a_sample(
    shared_dir: Path, docs_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = docs_copy.read_text(encoding="utf-8")
    code = screen_eval.main(["--shared", str(shared_dir), "--limit", "20", "--write-docs"])
    out = capsys.readouterr().out
    assert code == 0
    for dataset in ("rtplx_ja", "rtplx_en", "inspection_ai_ja", "davidson"):
        assert f"| {dataset} | KasuDesk screen() |" in out
    assert "| davidson | alt-profanity-check |" not in out
    assert "| rtplx_ja | JA 21-keyword floor |" in out
    assert "| KasuDesk screen() | 20 |" in out  # customer-care false alarms
    after = docs_copy.read_text(encoding="utf-8")
    assert "## Screening speed" in after
    assert after.split("## Screening speed")[1] == before.split("## Screening speed")[1]
    assert "| rtplx_en | alt-profanity-check |" in after


def test_it_measures_speed_on_a_sample(
    shared_dir: Path, docs_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = screen_speed.main(["--shared", str(shared_dir), "--limit", "20", "--write-docs"])
    out = capsys.readouterr().out
    assert code == 0
    assert "| KasuDesk screen(), one at a time |" in out
    assert "| alt-profanity-check, one call per text |" in out
    assert "MB resident" in out
    assert "x the rate of alt-profanity-check" in docs_copy.read_text(encoding="utf-8")


def test_it_exits_clearly_without_shared_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert screen_eval.main(["--shared", str(tmp_path), "--limit", "1"]) == 2
    assert "KASUDESK_SHARED_DIR" in capsys.readouterr().err
    assert screen_speed.main(["--shared", str(tmp_path), "--limit", "1"]) == 2


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
