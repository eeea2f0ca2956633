"""The one error the judgment core raises."""

from __future__ import annotations


class JudgmentError(ValueError):
    """Invalid input, policy or data; ``field`` names where the problem is.

    ``str(error)`` reads ``"<field>: <message>"`` so a caller can show it as is,
    e.g. ``facts.duration_minutes: expected a number >= 0``.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
