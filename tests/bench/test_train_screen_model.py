"""scripts/train_screen_model.py trains a loadable model on a tiny sample."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kasudesk.screening.model import load_model
from tests.bench.scripts import load_script


@pytest.fixture(scope="module")
def trainer() -> ModuleType:
    return load_script("train_screen_model")


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


def _f1(labels: list[bool], flagged: list[bool]) -> float:
    hit = sum(y and f for y, f in zip(labels, flagged, strict=True))
    wrong = sum(f and not y for y, f in zip(labels, flagged, strict=True))
    missed = sum(y and not f for y, f in zip(labels, flagged, strict=True))
    return 2 * hit / (2 * hit + wrong + missed) if hit else 0.0


def _dev_sample() -> tuple[list[float], list[bool], list[str]]:
    """Two dev sets of different sizes; the logits alone decide (no rules)."""
    logits = [2.5, 1.9, 1.4, 1.1, 0.7, 0.2, -0.4, -1.0, 3.0, 0.9, -0.2, -2.0, 0.5]
    labels = [True, True, False, True, True, False, False, True, True, False, True, False, False]
    groups = ["a"] * 8 + ["b"] * 5
    return logits, labels, groups


def _choose(
    trainer: ModuleType,
    *,
    resamples: int,
    alarm_logits: Sequence[float] = (),
    max_alarm_rate: float | dict[str, float] = 0.01,
    alarm_groups: Sequence[str] | None = None,
) -> Any:
    """choose_offset on the dev sample, with no rule evidence anywhere."""
    logits, labels, groups = _dev_sample()
    nothing = trainer.Evidence((), ())
    return trainer.choose_offset(
        logits,
        labels,
        [nothing] * len(logits),
        alarm_logits=list(alarm_logits),
        alarm_evidence=[nothing] * len(alarm_logits),
        max_alarm_rate=max_alarm_rate,
        alarm_groups=alarm_groups,
        groups=groups,
        resamples=resamples,
    )


def test_the_offset_is_the_best_raw_f1_without_resamples(trainer: ModuleType) -> None:
    logits, labels, groups = _dev_sample()
    choice = _choose(trainer, resamples=0)
    candidates = sorted({round(x, 3) for x in logits} | {0.0})

    def mean_f1(offset: float) -> float:
        flagged = [x >= offset for x in logits]  # sigmoid(x - offset) >= 0.5
        per_set = [
            _f1(
                [y for y, g in zip(labels, groups, strict=True) if g == name],
                [f for f, g in zip(flagged, groups, strict=True) if g == name],
            )
            for name in ("a", "b")
        ]
        return sum(per_set) / 2

    best = max(candidates, key=lambda o: (round(mean_f1(o), 9), o))
    assert choice.offset == best
    assert choice.score == pytest.approx(mean_f1(best))
    assert choice.raw_score == choice.score


def test_resampled_objective_matches_a_plain_bootstrap(trainer: ModuleType) -> None:
    import numpy as np

    logits, labels, groups = _dev_sample()
    choice = _choose(trainer, resamples=50)
    candidates = sorted({round(x, 3) for x in logits} | {0.0})
    rng = np.random.default_rng(trainer.SEED)
    draws = {}
    for name in ("a", "b"):  # the order the trainer draws in: sorted set names
        size = groups.count(name)
        draws[name] = [rng.integers(0, size, size) for _ in range(50)]

    def expected(offset: float) -> float:
        total = 0.0
        for name in ("a", "b"):
            ys = [y for y, g in zip(labels, groups, strict=True) if g == name]
            xs = [x for x, g in zip(logits, groups, strict=True) if g == name]
            total += sum(
                _f1([ys[i] for i in draw], [xs[i] >= offset for i in draw]) for draw in draws[name]
            ) / len(draws[name])
        return total / 2

    best = max(candidates, key=lambda o: (round(expected(o), 9), o))
    assert choice.offset == best
    assert choice.score == pytest.approx(expected(best))


def test_no_offset_is_chosen_that_flags_too_many_customer_care_messages(
    trainer: ModuleType,
) -> None:
    alarm_logits = [1.0, -3.0, -3.0, -3.0]  # one in four flagged below offset 1.0
    choice = _choose(trainer, resamples=20, alarm_logits=alarm_logits, max_alarm_rate=0.2)
    assert choice.offset >= 1.0
    assert choice.alarm_rate == 0.0


def test_each_alarm_set_is_held_to_its_own_limit(trainer: ModuleType) -> None:
    # Set "easy" is never flagged above offset -3; set "hard" has one text
    # at 1.5 in four, so a limit of 0 on it forces the offset above 1.5.
    alarm_logits = [-3.0, -3.0, -3.0, -3.0, 1.5, -3.0, -3.0, -3.0]
    alarm_groups = ["easy"] * 4 + ["hard"] * 4
    strict = _choose(
        trainer,
        resamples=0,
        alarm_logits=alarm_logits,
        max_alarm_rate={"easy": 0.0, "hard": 0.0},
        alarm_groups=alarm_groups,
    )
    assert strict.offset > 1.5
    loose = _choose(
        trainer,
        resamples=0,
        alarm_logits=alarm_logits,
        max_alarm_rate={"easy": 0.0, "hard": 0.25},
        alarm_groups=alarm_groups,
    )
    assert loose.offset < strict.offset
    assert loose.alarm_rate <= 0.25
