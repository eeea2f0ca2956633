"""The seam to the screening core: what judgment reads from a screen result.

Judgment depends only on these protocols, so the verdict logic can be tested
with hand-made signals, and the screening core can change its internals freely.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from functools import cache
from typing import Protocol, cast

from kasudesk.judgment.errors import JudgmentError


class SignalLike(Protocol):
    @property
    def behavior(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def source(self) -> str: ...
    @property
    def rule(self) -> str: ...


class CarveOutLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


class ScreenLike(Protocol):
    @property
    def lang(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def signals(self) -> Sequence[SignalLike]: ...
    @property
    def carve_outs(self) -> Sequence[CarveOutLike]: ...


Screener = Callable[[str, str | None], ScreenLike]


@cache
def default_screener() -> Screener:
    # Imported on first use: the command and the facts-only paths start faster,
    # and the dependency stays one-way (screening never imports judgment).
    module = importlib.import_module("kasudesk.screening")
    screen = module.screen
    screening_error: type[Exception] = module.ScreeningError

    def run(text: str, lang: str | None) -> ScreenLike:
        try:
            return cast(ScreenLike, screen(text, lang=lang))
        except screening_error as exc:
            # Keep the core's promise of a single error type.
            raise JudgmentError("text", f"screening failed: {exc}") from exc

    return run
