"""Small helpers every case view shares."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
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


def add_errors(form: forms.Form, error: ValidationError, field: str | None = None) -> None:
    """Show an action's refusal on the form, as the form's own errors are shown."""
    form.add_error(field, error)


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
