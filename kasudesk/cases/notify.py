"""In-app notifications and the e-mails that go with them.

``notify`` runs inside an action's transaction: it writes the in-app rows at
once and schedules the e-mails for after the commit, as a task so that a
worker can take them over later. E-mails carry no personal data about the
customer or the incident, only the reference and a link; each is rendered
in its recipient's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kasudesk.accounts.models import Membership, Role
from kasudesk.cases.models import Case, Notification, Severity

if TYPE_CHECKING:
    from kasudesk.accounts.models import User


def case_url(case_id: int) -> str:
    try:
        path = reverse("cases:detail", args=[case_id])
    except NoReverseMatch:
        path = f"/cases/{case_id}/"
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def responders_for(case: Case, roles: Iterable[Role]) -> list[int]:
    """User ids holding one of ``roles`` over the case's site."""
    return sorted(
        set(
            Membership.objects.filter(
                Q(site__isnull=True) | Q(site_id=case.site_id),
                organization_id=case.organization_id,
                role__in=list(roles),
                user__is_active=True,
            ).values_list("user_id", flat=True)
        )
    )


def report_recipients(case: Case) -> list[int]:
    """Who hears of a new case at once: managers and desk; counsel too when serious."""
    roles = [Role.MANAGER, Role.DESK]
    if case.severity in (Severity.CRITICAL, Severity.HIGH):
        roles.append(Role.COUNSEL)
    return [pk for pk in responders_for(case, roles) if pk != case.reported_by_id]


def notify(
    recipient_ids: Iterable[int],
    kind: Notification.Kind,
    *,
    case: Case | None,
    now: datetime,
    email: bool = True,
) -> list[Notification]:
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient_id=pk, case=case, kind=kind, created_at=now)
            for pk in dict.fromkeys(recipient_ids)
        ]
    )
    if email:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: [send_notification_email.enqueue(pk) for pk in ids])
    return rows


def _message(notification: Notification) -> tuple[str, str]:
    case = notification.case
    reference = case.reference if case else ""
    site = case.site.name if case else ""
    link = case_url(case.pk) if case else settings.SITE_URL
    kind = notification.kind
    if kind == Notification.Kind.CASE_CRITICAL:
        subject = _("[KasuDesk] Critical case %(reference)s at %(site)s") % {
            "reference": reference,
            "site": site,
        }
        body = _(
            "A critical case was reported at %(site)s. Make sure the staff are safe, "
            "then open the case: %(link)s"
        ) % {"site": site, "link": link}
    elif kind == Notification.Kind.CASE_REPORTED:
        subject = _("[KasuDesk] New case %(reference)s at %(site)s") % {
            "reference": reference,
            "site": site,
        }
        body = _("A new case was reported at %(site)s. Open it here: %(link)s") % {
            "site": site,
            "link": link,
        }
    elif kind == Notification.Kind.CASE_ASSIGNED:
        subject = _("[KasuDesk] Case %(reference)s was assigned to you") % {"reference": reference}
        body = _("Case %(reference)s at %(site)s is now yours. Open it here: %(link)s") % {
            "reference": reference,
            "site": site,
            "link": link,
        }
    elif kind == Notification.Kind.CASE_DECIDED:
        subject = _("[KasuDesk] Case %(reference)s was decided") % {"reference": reference}
        body = _("A decision was recorded on case %(reference)s. Open it here: %(link)s") % {
            "reference": reference,
            "link": link,
        }
    else:
        subject = _("[KasuDesk] A customer keeps contacting you")
        body = _(
            "A customer has reached the repeated-contact threshold of your policy. "
            "Open KasuDesk to see the suggested response: %(link)s"
        ) % {"link": link}
    return subject, body


@task()
def send_notification_email(notification_id: int) -> None:
    notification = (
        Notification.objects.select_related("recipient", "case", "case__site")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return
    recipient: User = notification.recipient
    if not recipient.email:
        return
    with translation.override(recipient.preferred_language):
        subject, body = _message(notification)
    send_mail(subject, body, None, [recipient.email])
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
