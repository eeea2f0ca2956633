"""Sign-in throttling: a temporary lock-out after repeated failures.

Failures are counted per user name and per address inside a sliding window
of KASUDESK_LOGIN_LOCKOUT_MINUTES. Reaching KASUDESK_LOGIN_MAX_FAILURES for
either locks sign-in until the oldest counted failure leaves the window; while
locked, even the right password is refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from kasudesk.accounts.models import LoginFailure


def _window() -> timedelta:
    return timedelta(minutes=settings.KASUDESK_LOGIN_LOCKOUT_MINUTES)


def _normalise(username: str) -> str:
    # Case variants of one name must share one counter.
    return username.strip().lower()[:150]


def locked_until(username: str, ip_address: str | None, *, now: datetime) -> datetime | None:
    """When sign-in for this name or address unlocks, or None if it is not locked."""
    limit: int = settings.KASUDESK_LOGIN_MAX_FAILURES
    since = now - _window()
    ends: list[datetime] = []
    scopes = [Q(username=_normalise(username))]
    if ip_address:
        scopes.append(Q(ip_address=ip_address))
    for scope in scopes:
        recent = list(
            LoginFailure.objects.filter(scope, at__gt=since)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            # Unlocks when the limit-th most recent failure ages out.
            ends.append(recent[limit - 1] + _window())
    return max(ends) if ends else None


def record_failure(username: str, ip_address: str | None, *, now: datetime) -> None:
    LoginFailure.objects.create(username=_normalise(username), ip_address=ip_address, at=now)
    # Keep the table small: nothing older than the window ever counts again.
    LoginFailure.objects.filter(at__lte=now - _window()).delete()


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=_normalise(username)).delete()
