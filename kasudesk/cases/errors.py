"""The errors the case actions raise; views turn them into messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ConflictError(Exception):
    """The case changed since the caller read it; reload and try again."""

    def __init__(self, case_id: int, expected: int, actual: int) -> None:
        super().__init__(
            f"case {case_id} is at version {actual}, not {expected}: "
            "someone else changed it meanwhile"
        )
        self.case_id = case_id
        self.expected = expected
        self.actual = actual


class TransitionError(ValidationError):
    """A status change the workflow does not allow."""


class EvidenceRejected(ValidationError):
    """An upload whose content is not an accepted kind, or is too large."""
