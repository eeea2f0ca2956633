"""Fixtures for the screening tests."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from kasudesk.screening import engine
from kasudesk.screening import model as model_module
from kasudesk.screening.model import (
    FORMAT,
    BehaviorHead,
    FeatureSpec,
    dump_head,
    dump_table,
    load_model,
)


@pytest.fixture
def rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screen with the lexicons and patterns alone, without the learned model.

    The rule layer is what these tests pin; the model has its own tests and
    is retrained, so its probability must not move these expectations.
    """
    monkeypatch.setattr(engine, "_model_probability", lambda norm, lang: None)


@pytest.fixture
def zebra_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model that flags any text with a "z" in it and calls that a threat.

    No gate of conversation.toml applies to English unless a test sets one.
    """
    spec = FeatureSpec(char_min=1, char_max=1, words=False)
    meta = {
        "format": FORMAT,
        "languages": {
            "en": {
                "weights": "en.bin",
                "bias": -2.0,
                "features": {"char_min": 1, "char_max": 1, "words": False},
                "chars": 1,
                "words": 0,
                "behaviors": "en.head",
            }
        },
    }
    # Its live gate doubts any text with a "q" in it (about 0.88 without one).
    gate = {"weights": "en.live.bin", "bias": 2.0, "chars": 1, "words": 0}
    live = {"format": FORMAT, "languages": {"en": {**gate, "features": asdict(spec)}}}
    head = BehaviorHead(spec, ("threat", "verbal_abuse"), (0.0, 0.0), {"z": (1.0, -1.0)}, {})
    blobs = {
        "en.bin": dump_table({"z": 40.0}, {}),
        "en.head": dump_head(head),
        "en.live.bin": dump_table({"q": -40.0}, {}),
    }
    model = load_model(meta, blobs, live)
    monkeypatch.setattr(model_module, "get_model", lambda: model)
