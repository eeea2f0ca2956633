"""scripts/train_screen_model.py trains a loadable model on a tiny sample."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kasudesk.screening.model import load_model

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_screen_model.py"


@pytest.fixture(scope="module")
def trainer() -> ModuleType:
    pytest.importorskip("sklearn", reason="training needs the bench extra")
    spec = importlib.util.spec_from_file_location("train_screen_model", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


def test_it_writes_a_model_the_product_loads(
    trainer: ModuleType, shared_dir: Path, tmp_path: Path
) -> None:
    code = trainer.main(["--shared", str(shared_dir), "--limit", "30", "--out", str(tmp_path)])
    assert code == 0
    meta = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    assert set(meta["languages"]) == {"ja", "en"}
    assert "test" not in json.dumps(meta["languages"]["ja"]["trained_on"])
    blobs = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix == ".gz"}
    model = load_model(meta, blobs)
    assert 0.0 <= model.probability("ふざけるな", "ja") <= 1.0


def test_it_exits_clearly_without_shared_data(trainer: ModuleType, tmp_path: Path) -> None:
    assert trainer.main(["--shared", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
