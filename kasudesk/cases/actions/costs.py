"""Recording what harassment cost: time by activity, money by category."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kasudesk.accounts.access import Capability, has_capability
from kasudesk.audit.log import log_action
from kasudesk.cases.actions._common import case_event, now_or
from kasudesk.cases.models import Activity, Case, MoneyCategory, MoneyEntry, TimeEntry

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kasudesk.accounts.models import User


def add_time_entry(
    actor: User,
    case: Case,
    *,
    activity: str,
    minutes: int,
    on: date,
    note: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> TimeEntry:
    now = now_or(now)
    if not has_capability(actor, Capability.MANAGE_CASES, case.site):
        raise PermissionDenied
    if activity not in Activity.values:
        raise ValidationError(_("Unknown activity."))
    if minutes <= 0:
        raise ValidationError(_("Enter the time spent in minutes."))
    with transaction.atomic():
        entry = TimeEntry.objects.create(
            case=case,
            activity=activity,
            minutes=minutes,
            on=on,
            note=note.strip()[:300],
            recorded_by=actor,
            recorded_at=now,
        )
        data = {"entry": entry.pk, "activity": activity, "minutes": minutes}
        case_event(case, "time_recorded", actor=actor, at=now, data=data)
        log_action(
            "case.cost.time",
            actor=actor,
            target=case,
            organization_id=case.organization_id,
            data=data,
            request=request,
        )
        return entry


def add_money_entry(
    actor: User,
    case: Case,
    *,
    category: str,
    amount_yen: int,
    on: date,
    note: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> MoneyEntry:
    now = now_or(now)
    if not has_capability(actor, Capability.MANAGE_CASES, case.site):
        raise PermissionDenied
    if category not in MoneyCategory.values:
        raise ValidationError(_("Unknown category."))
    if amount_yen <= 0:
        raise ValidationError(_("Enter the amount in yen."))
    with transaction.atomic():
        entry = MoneyEntry.objects.create(
            case=case,
            category=category,
            amount_yen=amount_yen,
            on=on,
            note=note.strip()[:300],
            recorded_by=actor,
            recorded_at=now,
        )
        data = {"entry": entry.pk, "category": category, "amount_yen": amount_yen}
        case_event(case, "money_recorded", actor=actor, at=now, data=data)
        log_action(
            "case.cost.money",
            actor=actor,
            target=case,
            organization_id=case.organization_id,
            data=data,
            request=request,
        )
        return entry
