"""What every page needs from cases: the unread-notification count and
which case screens the signed-in person may open (for the navigation).

Both are lazy so that pages that never show them run no query.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kasudesk.accounts.access import CAPABILITIES, Capability
from kasudesk.accounts.models import Membership
from kasudesk.cases.models import Notification


def _unread_count(request: HttpRequest) -> int:
    user = request.user
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def _capabilities(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    roles: set[str] = set()
    if user.is_authenticated and user.is_active:
        roles = set(Membership.objects.filter(user_id=user.pk).values_list("role", flat=True))
    return {cap.value: bool(roles & CAPABILITIES[cap]) for cap in Capability}


def cases(request: HttpRequest) -> dict[str, Any]:
    return {
        "unread_notifications": SimpleLazyObject(lambda: _unread_count(request)),
        "case_caps": SimpleLazyObject(lambda: _capabilities(request)),
    }
