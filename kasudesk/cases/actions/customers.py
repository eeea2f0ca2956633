"""The customer registry: customers, contacts, warnings and premises bans."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kasudesk.accounts.models import Membership, Role
from kasudesk.audit.log import log_action
from kasudesk.cases.access import can_ban, can_manage_customer
from kasudesk.cases.actions._common import case_event, lock_case, now_or, save_case
from kasudesk.cases.customers import (
    matching_customers,
    normalize_email,
    normalize_name,
    normalize_phone,
    repeat_status,
)
from kasudesk.cases.models import Ban, Case, ContactLog, Customer, CustomerWarning, Notification
from kasudesk.cases.notify import notify

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kasudesk.accounts.models import Organization, Site, User


def _set_identity(customer: Customer, *, name: str, phone: str, email: str) -> None:
    customer.name = name.strip()
    customer.name_key = normalize_name(customer.name)
    customer.phone = phone.strip()
    customer.phone_key = normalize_phone(customer.phone)
    customer.email = email.strip()
    customer.email_key = normalize_email(customer.email)


def create_customer(
    actor: User,
    organization: Organization,
    *,
    name: str = "",
    phone: str = "",
    email: str = "",
    notes: str = "",
    request: HttpRequest | None = None,
) -> Customer:
    customer = Customer(organization=organization, notes=notes, created_by=actor)
    _set_identity(customer, name=name, phone=phone, email=email)
    with transaction.atomic():
        customer.save(force_insert=True)
        log_action(
            "customer.created",
            actor=actor,
            target=customer,
            organization_id=organization.pk,
            request=request,
        )
    return customer


def find_or_create_customer(
    actor: User,
    organization: Organization,
    *,
    name: str = "",
    phone: str = "",
    email: str = "",
    request: HttpRequest | None = None,
) -> Customer:
    """The registered customer with this phone or e-mail, else a new one.

    Names alone never merge two people: many share a name.
    """
    if phone or email:
        matches = matching_customers(organization.pk, phone=phone, email=email)
        if matches:
            return matches[0]
    return create_customer(
        actor, organization, name=name, phone=phone, email=email, request=request
    )


def update_customer(
    actor: User,
    customer: Customer,
    *,
    name: str,
    phone: str,
    email: str,
    notes: str,
    request: HttpRequest | None = None,
) -> Customer:
    if not can_manage_customer(actor, customer):
        raise PermissionDenied
    with transaction.atomic():
        _set_identity(customer, name=name, phone=phone, email=email)
        customer.notes = notes
        customer.save(
            update_fields=["name", "name_key", "phone", "phone_key", "email", "email_key", "notes"]
        )
        log_action(
            "customer.updated",
            actor=actor,
            target=customer,
            organization_id=customer.organization_id,
            request=request,
        )
    return customer


def set_customer_alert(
    actor: User,
    customer: Customer,
    *,
    alert: str,
    instruction: str = "",
    request: HttpRequest | None = None,
) -> Customer:
    """Flag a customer for the counter lookup, with what staff should do."""
    if not can_manage_customer(actor, customer):
        raise PermissionDenied
    if alert not in Customer.Alert.values:
        raise ValidationError(_("Unknown alert."))
    with transaction.atomic():
        customer.alert = alert
        customer.counter_instruction = instruction.strip()[:300]
        customer.save(update_fields=["alert", "counter_instruction"])
        log_action(
            "customer.alert.set",
            actor=actor,
            target=customer,
            organization_id=customer.organization_id,
            data={"alert": alert},
            request=request,
        )
    return customer


def link_customer(
    actor: User,
    case: Case,
    customer: Customer | None,
    *,
    expected_version: int,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Case:
    now = now_or(now)
    if customer is not None and customer.organization_id != case.organization_id:
        raise PermissionDenied
    with transaction.atomic():
        fresh = lock_case(case, expected_version)
        fresh.customer = customer
        save_case(fresh, ["customer"], original=case)
        case_event(
            fresh,
            "customer_linked",
            actor=actor,
            at=now,
            data={"customer": customer.pk if customer else None},
        )
        log_action(
            "case.customer.linked",
            actor=actor,
            target=fresh,
            organization_id=fresh.organization_id,
            data={"customer": customer.pk if customer else None},
            request=request,
        )
        return fresh


def record_contact(
    actor: User,
    customer: Customer,
    *,
    site: Site,
    kind: str,
    at: datetime,
    duration_minutes: int = 0,
    summary: str = "",
    case: Case | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> ContactLog:
    """Log one contact; when it reaches the policy's repeat threshold, flag
    the customer and tell the site's managers and the desk."""
    now = now_or(now)
    if site.organization_id != customer.organization_id:
        raise PermissionDenied
    if kind not in ContactLog.Kind.values:
        raise ValidationError(_("Unknown kind of contact."))
    if duration_minutes < 0:
        raise ValidationError(_("The duration cannot be negative."))
    with transaction.atomic():
        before = repeat_status(customer, site, now=now)
        contact = ContactLog.objects.create(
            customer=customer,
            site=site,
            case=case,
            kind=kind,
            at=at,
            duration_minutes=duration_minutes,
            summary=summary,
            recorded_by=actor,
        )
        after = repeat_status(customer, site, now=now)
        log_action(
            "customer.contact.recorded",
            actor=actor,
            target=customer,
            organization_id=customer.organization_id,
            data={"kind": kind, "site": site.pk, "count_in_window": after.count},
            request=request,
        )
        if after.is_repeat and not before.is_repeat:
            if customer.alert == Customer.Alert.NONE:
                customer.alert = Customer.Alert.REPEAT
                customer.save(update_fields=["alert"])
            log_action(
                "customer.repeat.detected",
                actor=actor,
                target=customer,
                organization_id=customer.organization_id,
                data={"count": after.count, "days": after.days},
                request=request,
            )
            recipients = Membership.objects.filter(
                organization_id=customer.organization_id,
                role__in=[Role.MANAGER, Role.DESK],
            ).filter(site__isnull=True) | Membership.objects.filter(
                site_id=site.pk, role=Role.MANAGER
            )
            notify(
                recipients.values_list("user_id", flat=True),
                Notification.Kind.REPEAT_CONTACT,
                case=case,
                now=now,
            )
        return contact


def issue_warning(
    actor: User,
    customer: Customer,
    *,
    form: str,
    case: Case | None = None,
    language: str = "ja",
    note: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> CustomerWarning:
    now = now_or(now)
    if not can_manage_customer(actor, customer):
        raise PermissionDenied
    if form not in CustomerWarning.Form.values:
        raise ValidationError(_("Unknown form of warning."))
    with transaction.atomic():
        warning = CustomerWarning.objects.create(
            customer=customer,
            case=case,
            form=form,
            language=language,
            issued_at=now,
            issued_by=actor,
            note=note,
        )
        if case is not None:
            case_event(case, "warning_issued", actor=actor, at=now, data={"form": form})
        log_action(
            "customer.warned",
            actor=actor,
            target=customer,
            organization_id=customer.organization_id,
            data={"form": form, "case": case.pk if case else None},
            request=request,
        )
        return warning


def ban_customer(
    actor: User,
    customer: Customer,
    *,
    scope: str,
    site: Site | None,
    starts_on: date,
    reason: str,
    ends_on: date | None = None,
    review_on: date | None = None,
    case: Case | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Ban:
    """Ban a customer from one site or the whole organisation, with a reason."""
    now = now_or(now)
    if scope not in Ban.Scope.values:
        raise ValidationError(_("Unknown scope."))
    if (scope == Ban.Scope.SITE) != (site is not None):
        raise ValidationError(_("A site ban names its site; an organisation-wide ban does not."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the ban."))
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("The ban cannot end before it starts."))
    if not can_ban(actor, customer, site):
        raise PermissionDenied
    with transaction.atomic():
        ban = Ban.objects.create(
            customer=customer,
            organization_id=customer.organization_id,
            scope=scope,
            site=site,
            case=case,
            starts_on=starts_on,
            ends_on=ends_on,
            review_on=review_on,
            reason=reason.strip(),
            decided_by=actor,
            decided_at=now,
        )
        if case is not None:
            case_event(case, "customer_banned", actor=actor, at=now, data={"ban": ban.pk})
        log_action(
            "customer.banned",
            actor=actor,
            target=customer,
            organization_id=customer.organization_id,
            data={
                "ban": ban.pk,
                "scope": scope,
                "site": site.pk if site else None,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "review_on": review_on,
            },
            request=request,
        )
        return ban


def lift_ban(
    actor: User,
    ban: Ban,
    *,
    reason: str,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Ban:
    now = now_or(now)
    if not reason.strip():
        raise ValidationError(_("Give the reason for lifting the ban."))
    if not can_ban(actor, ban.customer, ban.site):
        raise PermissionDenied
    # A second lift would overwrite who lifted it, when and why.
    if ban.lifted_at is not None:
        raise ValidationError(_("This ban has already been lifted."))
    with transaction.atomic():
        ban.lifted_at = now
        ban.lifted_by = actor
        ban.lift_reason = reason.strip()
        ban.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        log_action(
            "customer.ban.lifted",
            actor=actor,
            target=ban.customer,
            organization_id=ban.organization_id,
            data={"ban": ban.pk},
            request=request,
        )
        return ban
