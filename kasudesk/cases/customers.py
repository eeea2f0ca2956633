"""Matching customers, spotting repeated contact, and the counter lookup.

Phone numbers and e-mail addresses are matched on normalised keys: a phone
number keeps its digits only, with the Japanese country code +81 turned back
into the trunk prefix 0; an e-mail address is lower-cased. Names are matched
after NFKC folding (full-width letters, half-width kana) without spaces.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kasudesk.accounts.access import Capability, sites_where
from kasudesk.audit.log import log_action
from kasudesk.cases.judging import repeat_threshold
from kasudesk.cases.models import Ban, ContactLog, Customer

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from kasudesk.accounts.models import Site, User

# Fewer digits than this is not a phone number anyone could be found by.
MIN_PHONE_DIGITS = 6


def normalize_phone(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+81"):
        national = digits[2:]
    elif text.startswith("0081"):
        national = digits[4:]
    else:
        return digits
    # "+81 (0)90-…" keeps the trunk 0 already; "+81 90-…" needs it back.
    return national if national.startswith("0") else "0" + national


def normalize_email(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).strip().lower()


def normalize_name(raw: str) -> str:
    folded = unicodedata.normalize("NFKC", raw).casefold()
    return "".join(ch for ch in folded if not ch.isspace())


def matching_customers(
    organization_id: int, *, name: str = "", phone: str = "", email: str = ""
) -> list[Customer]:
    """Customers of the organisation that share a phone, e-mail or exact name."""
    condition = Q(pk__in=[])
    phone_key = normalize_phone(phone) if phone else ""
    if len(phone_key) >= MIN_PHONE_DIGITS:
        condition |= Q(phone_key=phone_key)
    email_key = normalize_email(email) if email else ""
    if "@" in email_key:
        condition |= Q(email_key=email_key)
    name_key = normalize_name(name) if name else ""
    if name_key:
        condition |= Q(name_key=name_key)
    return list(Customer.objects.filter(condition, organization_id=organization_id).order_by("pk"))


@dataclass(frozen=True)
class RepeatStatus:
    count: int
    threshold_count: int
    days: float
    is_repeat: bool
    suggested_response: str


def repeat_status(customer: Customer, site: Site, *, now: datetime) -> RepeatStatus:
    """Contacts in the policy's window and whether they reach its threshold."""
    threshold_count, days = repeat_threshold(site)
    since = now - timedelta(days=days)
    count = ContactLog.objects.filter(customer=customer, at__gt=since, at__lte=now).count()
    is_repeat = count >= threshold_count
    if is_repeat:
        suggestion = _(
            "This customer has contacted you %(count)d times in %(days)d days. Answer with one "
            "consistent position agreed with the desk, keep each contact short, and tell the "
            "customer that further contacts about the same matter will not be answered."
        ) % {"count": count, "days": round(days)}
    else:
        suggestion = ""
    return RepeatStatus(count, threshold_count, days, is_repeat, suggestion)


def in_force(on: date) -> Q:
    """Bans in force on ``on``: started, not ended and not lifted."""
    return Q(starts_on__lte=on, lifted_at__isnull=True) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def review_due(on: date) -> Q:
    """Bans in force whose review date has come: someone must decide to keep or lift them."""
    return in_force(on) & Q(review_on__lte=on)


def ban_state(ban: Ban, on: date) -> str:
    """``lifted``, ``ended``, ``scheduled`` or ``in_force`` on ``on``, as the registry shows it."""
    if ban.lifted_at is not None:
        return "lifted"
    if ban.ends_on is not None and ban.ends_on < on:
        return "ended"
    if ban.starts_on > on:
        return "scheduled"
    return "in_force"


def active_bans(customer_ids: list[int], *, on: date) -> list[Ban]:
    return list(
        Ban.objects.filter(in_force(on), customer_id__in=customer_ids).select_related("site")
    )


@dataclass(frozen=True)
class CounterResult:
    """What front-line staff see at the counter, and nothing more."""

    banned: bool
    alert: bool
    instruction: str


def lookup_for_counter(
    user: User | AnonymousUser,
    query: str,
    *,
    today: date | None = None,
    request: HttpRequest | None = None,
) -> list[CounterResult]:
    """Whether someone matching ``query`` is banned or flagged, and what to do.

    Matches exactly on a phone number, an e-mail address or a full name, in
    the organisations where ``user`` may look bans up. Only results with a
    ban or an alert are returned; no name, no history, no case.
    """
    query = query.strip()
    sites = list(sites_where(user, Capability.LOOK_UP_BANS).select_related("organization"))
    if not query or not sites:
        return []
    on = today or timezone.localdate()
    site_ids = {site.pk for site in sites}
    results: list[CounterResult] = []
    org_ids = sorted({site.organization_id for site in sites})
    matches: list[Customer] = []
    for org_id in org_ids:
        matches += matching_customers(
            org_id,
            name=query if "@" not in query else "",
            phone=query if any(ch.isdigit() for ch in query) else "",
            email=query if "@" in query else "",
        )
    bans = active_bans([c.pk for c in matches], on=on)
    for customer in matches:
        applicable = [
            ban
            for ban in bans
            if ban.customer_id == customer.pk
            and (ban.scope == Ban.Scope.ORGANIZATION or ban.site_id in site_ids)
        ]
        alert = customer.alert != Customer.Alert.NONE
        if not applicable and not alert:
            continue
        if applicable:
            instruction = _(
                "This person is banned from the premises. Do not serve them alone: call the "
                "manager on duty, ask them politely to leave, and call the police if they refuse."
            )
        else:
            instruction = customer.counter_instruction or _(
                "Take care with this person. Do not serve them alone and call the manager on duty."
            )
        results.append(CounterResult(bool(applicable), alert, instruction))
    if user.is_authenticated:
        log_action(
            "customer.counter_lookup",
            actor=user,
            organization_id=org_ids[0] if len(org_ids) == 1 else None,
            data={"results": len(results)},
            request=request,
        )
    return results
