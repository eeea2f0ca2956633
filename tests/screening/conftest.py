"""Fixtures for the screening tests."""

from __future__ import annotations

import pytest

from kasudesk.screening import engine


@pytest.fixture
def rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screen with the lexicons and patterns alone, without the learned model.

    The rule layer is what these tests pin; the model has its own tests and
    is retrained, so its probability must not move these expectations.
    """
    monkeypatch.setattr(engine, "_model_probability", lambda norm, lang: None)
