"""The probe benchmark reads its sets strictly and reports what the screen did."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from bench import screen_probes
from bench.docs import BENCHMARKS


def _write(folder: Path, name: str, rows: list[dict[str, object]]) -> None:
    lines = (json.dumps(row, ensure_ascii=False) for row in rows)
    (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _row(id: str, text: str, label: int, behavior: str, part: str = "heldout") -> dict[str, object]:
    lang = "en" if text.isascii() else "ja"
    return {"id": id, "lang": lang, "text": text, "label": label, "behavior": behavior,
            "note": "test", "part": part}  # fmt: skip


def test_the_committed_sets_load_and_hold_both_labels_in_each_part() -> None:
    probes = screen_probes.load()
    assert probes, "bench/probes/ holds no probe set"
    by_set = Counter((p.set, p.part, p.harassing) for p in probes)
    for name, part in {(p.set, p.part) for p in probes}:
        assert by_set[name, part, True] and by_set[name, part, False], (name, part)
    # Every set keeps a part back; some are held back whole.
    assert {p.set for p in probes} == {p.set for p in probes if p.part == "heldout"}


def test_it_scores_a_set_and_lists_its_misses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        tmp_path,
        "mini_ja",
        [
            _row("j1", "殺すぞ", 1, "threat"),
            _row("j2", "土下座しろ", 1, "kneeling_demand"),
            _row("j3", "商品が届いていません。確認をお願いします。", 0, "legit"),
            _row("j4", "返金してください", 0, "demand_only"),
            _row("j5", "この件は以上です", 1, "verbal_abuse"),  # a miss, on purpose
            _row("j6", "死ぬほど美味しかった", 0, "legit", part="tune"),
        ],
    )
    assert screen_probes.main(["--probes", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # Held-back part only by default: two of three harassing found, no false alarm.
    assert "| mini_ja | heldout | 3 | 2 | 1.000 | 0.667 | 0.800 | 0 | 0 of 1 |" in out
    assert "| ja | threat | 1 | 1 | 1.00 |" in out
    assert screen_probes.main(["--probes", str(tmp_path), "--show", "misses"]) == 0
    assert capsys.readouterr().out == "j5\tverbal_abuse\tこの件は以上です\n"
    assert screen_probes.main(["--probes", str(tmp_path), "--part", "tune"]) == 0
    assert "| mini_ja | tune | 0 | 1 |" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ('{"id": "x"}', "needs the fields"),
        (json.dumps(_row("x", "hi", 2, "legit")), "label must be 0 or 1"),
        (json.dumps(_row("x", "hi", 0, "legit", part="train")), "part one of"),
        (json.dumps(_row("x", " ", 0, "legit")), "text not empty"),
    ],
)
def test_it_rejects_a_malformed_line_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    (tmp_path / "bad.jsonl").write_text(line + "\n", encoding="utf-8")
    assert screen_probes.main(["--probes", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bad.jsonl:1" in err and message in err


def test_it_rejects_an_id_used_twice(tmp_path: Path) -> None:
    _write(tmp_path, "a", [_row("same", "hello", 0, "legit")])
    _write(tmp_path, "b", [_row("same", "hello", 0, "legit")])
    with pytest.raises(screen_probes.ProbeError, match="used twice"):
        screen_probes.load(tmp_path)


def test_it_writes_only_its_own_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "benchmarks.md"
    shutil.copyfile(BENCHMARKS, copy)
    monkeypatch.setattr(screen_probes, "BENCHMARKS", copy)
    probes = tmp_path / "probes"
    probes.mkdir()
    _write(probes, "mini_en", [_row("e1", "I will kill you", 1, "threat")])
    assert screen_probes.main(["--probes", str(probes), "--write-docs"]) == 0
    before, after = BENCHMARKS.read_text(encoding="utf-8"), copy.read_text(encoding="utf-8")
    assert "| mini_en | heldout | 1 | 0 | 1.000 | 1.000 | 1.000 | 0 | 0 of 0 |" in after
    assert after.split(screen_probes.HEADING)[0] == before.split(screen_probes.HEADING)[0]
    capsys.readouterr()


def test_no_probe_is_in_the_training_sets() -> None:
    """The probes measure text the model never saw: none may leak into training."""
    from bench.screen_data import TRAINING

    probes = {" ".join(p.text.split()) for p in screen_probes.load()}
    for path in sorted(TRAINING.glob("cs_*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert rows, path
        assert len({row["id"] for row in rows}) == len(rows), f"{path.name}: an id twice"
        assert {row["label"] for row in rows} == {0, 1}, path.name
        leaked = [row["id"] for row in rows if " ".join(row["text"].split()) in probes]
        assert not leaked, f"{path.name} holds probe texts: {leaked[:5]}"
