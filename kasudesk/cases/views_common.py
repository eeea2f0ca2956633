"""Small helpers every case view shares."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kasudesk.accounts.models import User

CONFLICT_MESSAGE = _(
    "Someone else changed this case while you were working on it. Nothing was saved. "
    "Your input is kept below: check the case as it is now, then send again."
)


def acting_user(request: HttpRequest) -> User:
    """The signed-in user; LoginRequiredMiddleware guarantees there is one."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("a signed-in user is required")
    return user


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
