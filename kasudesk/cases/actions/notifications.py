"""Reading in-app notifications."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.http import Http404

from kasudesk.cases.actions._common import now_or
from kasudesk.cases.models import Notification

if TYPE_CHECKING:
    from kasudesk.accounts.models import User


def mark_notification_read(
    actor: User, notification_id: int, *, now: datetime | None = None
) -> Notification:
    """Mark one of the actor's own notifications read; 404 for anyone else's."""
    now = now_or(now)
    notification = Notification.objects.filter(pk=notification_id, recipient=actor).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_notifications_read(actor: User, *, now: datetime | None = None) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=now_or(now)
    )
