"""scripts/train_live_gate.py: the cut it chooses, and a gate the product loads."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from kasudesk.screening.model import LIVE_META, load_model
from tests.bench.scripts import load_script


@pytest.fixture(scope="module")
def trainer() -> ModuleType:
    return load_script("train_live_gate")


def _trial(trainer: ModuleType, cut: float | None, legit: int, early: int, caught: int) -> object:
    return trainer.Trial(cut, legit, early, caught, 0, 0)


def test_it_chooses_the_fewest_false_alerts_within_the_calls_it_may_lose(
    trainer: ModuleType,
) -> None:
    trials = [
        _trial(trainer, None, 9, 5, 50),
        _trial(trainer, 0.2, 8, 5, 50),
        _trial(trainer, 0.3, 6, 4, 49),
        _trial(trainer, 0.4, 3, 2, 48),  # the fewest, but two calls lost
    ]
    assert trainer.choose(trials).cut == 0.3


def test_it_prefers_the_lower_cut_on_a_tie(trainer: ModuleType) -> None:
    trials = [_trial(trainer, None, 5, 5, 50), _trial(trainer, 0.3, 4, 4, 50)]
    trials.append(_trial(trainer, 0.2, 5, 3, 50))
    assert trainer.choose(trials).cut == 0.2


def test_it_keeps_no_gate_when_every_cut_loses_too_much(trainer: ModuleType) -> None:
    trials = [_trial(trainer, None, 5, 5, 50), _trial(trainer, 0.2, 0, 0, 40)]
    assert trainer.choose(trials).cut is None


def _call(number: int, harassing: bool) -> dict[str, object]:
    said = ["請求が二重になっています", "いつ返金されますか", "では確認をお願いします"]
    if harassing:
        said[1] = "ふざけんなバカ、殺すぞ"
    turns: list[dict[str, object]] = []
    for i, text in enumerate(said):
        abusive = harassing and i == 1
        customer = {"label": int(abusive), "behavior": "threat" if abusive else "legit"}
        turns.append({"speaker": "customer", "t": 20 * i, "text": text, **customer})
        staff = {"label": 0, "behavior": "staff"}
        turns.append({"speaker": "employee", "t": 20 * i + 10, "text": "承知しました", **staff})
    return {"id": f"t-{number}", "lang": "ja", "channel": "phone", "turns": turns}


def test_it_writes_a_gate_the_product_loads(trainer: ModuleType, tmp_path: Path) -> None:
    calls = tmp_path / "calls.jsonl"
    rows = [_call(n, harassing=n % 2 == 0) for n in range(20)]
    calls.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    assert trainer.main(["--calls", str(calls), "--out", str(tmp_path)]) == 0
    live = json.loads((tmp_path / LIVE_META).read_text(encoding="utf-8"))
    info = live["languages"]["ja"]
    assert info["calls"] == 20 and info["turns"] == 60 and info["harassing_turns"] == 10
    assert info["data"] == ["calls.jsonl"]
    assert {t["cut"] for t in info["cross_validation"]} == {None, *trainer.CUTS}
    main = {"format": live["format"], "languages": {}}
    model = load_model(main, {info["weights"]: (tmp_path / info["weights"]).read_bytes()}, live)
    rough = model.live_probability("ふざけんなバカ、殺すぞ", "ja")
    fair = model.live_probability("いつ返金されますか", "ja")
    assert rough is not None and fair is not None and rough > 0.5 > fair


def test_a_dry_run_writes_nothing(trainer: ModuleType, tmp_path: Path) -> None:
    calls = tmp_path / "calls.jsonl"
    rows = [_call(n, harassing=n % 2 == 0) for n in range(10)]
    calls.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert trainer.main(["--calls", str(calls), "--out", str(out), "--dry-run"]) == 0
    assert list(out.iterdir()) == []
