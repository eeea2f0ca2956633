"""Helpers every action shares: optimistic locking and the case timeline."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from kasudesk.cases.errors import ConflictError
from kasudesk.cases.models import Case, CaseEvent

if TYPE_CHECKING:
    from kasudesk.accounts.models import User


def now_or(now: datetime | None) -> datetime:
    if now is None:
        return timezone.now()
    if timezone.is_naive(now):
        raise ValueError("naive datetime: pass a timezone-aware one")
    return now


def lock_case(case: Case, expected_version: int) -> Case:
    """The case's row, locked for this transaction, if nobody changed it since."""
    fresh = (
        Case.objects.select_for_update(of=("self",))
        .select_related("site", "organization", "customer")
        .get(pk=case.pk)
    )
    if fresh.version != expected_version:
        raise ConflictError(case.pk, expected_version, fresh.version)
    return fresh


def save_case(case: Case, fields: Sequence[str], *, original: Case | None = None) -> None:
    """Save the named fields, bump the version, and mirror them on ``original``.

    The caller's instance is kept current so that it can make a second
    change with the new version without reloading.
    """
    case.version += 1
    names = [*dict.fromkeys([*fields, "version", "updated_at"])]
    case.save(update_fields=names)
    if original is not None and original is not case:
        for name in names:
            setattr(original, name, getattr(case, name))


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    return dict(json.loads(json.dumps(dict(data), cls=DjangoJSONEncoder)))


def case_event(
    case: Case,
    kind: str,
    *,
    actor: User | None,
    at: datetime,
    data: Mapping[str, Any] | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, at=at, data=_plain(data or {})
    )
