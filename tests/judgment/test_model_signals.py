"""A judgment names behaviors on words a rule read, never on the model's guess."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from kasudesk.judgment.engine import judge
from tests.judgment.fakes import FakeScreen, FakeSignal

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


def _screener(source: str) -> Callable[[str, str | None], FakeScreen]:
    def screen(text: str, lang: str | None) -> FakeScreen:
        signal = FakeSignal("threat", 0, len(text), text, 0.9, source, "model.en")
        return FakeScreen("en", 0.9, [signal], [])

    return screen


def test_a_model_signal_is_no_behavior_of_the_judgment() -> None:
    document = {"narrative": "something menacing was said", "facts": {}}
    by_model = judge(document, now=NOW, screener=_screener("model"))
    by_rule = judge(document, now=NOW, screener=_screener("pattern"))
    behaviors = by_rule["behaviors"]
    assert isinstance(behaviors, list)
    assert [b["id"] for b in behaviors] == ["threat"]
    assert by_model["behaviors"] == []
