"""The one error type of the screening core."""

from __future__ import annotations


class ScreeningError(ValueError):
    """Screening was asked something it cannot answer (bad input, bad data file)."""
