"""Case counts for people who see aggregates only (executives) and for overviews.

Counts never include drafts; nothing here names a customer, a reporter or a
narrative, so the figures can be shown to every role with VIEW_AGGREGATES.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.utils import timezone

from kasudesk.accounts.access import Capability, sites_where
from kasudesk.accounts.models import Site
from kasudesk.cases.models import Case, CaseBehavior, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kasudesk.accounts.models import User


@dataclass
class CaseCounts:
    total: int = 0
    by_site: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_verdict: dict[str, int] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=dict)
    by_behavior: dict[str, int] = field(default_factory=dict)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _cases(site_ids: list[int], since: date | None, until: date | None) -> QuerySet[Case]:
    cases = Case.objects.filter(site_id__in=site_ids).exclude(status=Status.DRAFT)
    if since is not None:
        cases = cases.filter(occurred_at__gte=_midnight(since))
    if until is not None:
        cases = cases.filter(occurred_at__lt=_midnight(until + timedelta(days=1)))
    return cases


def case_counts(
    site_ids: Iterable[int], *, since: date | None = None, until: date | None = None
) -> CaseCounts:
    """Counts of the sites' cases that occurred within the period (local dates)."""
    ids = sorted(set(site_ids))
    cases = _cases(ids, since, until)
    counts = CaseCounts()
    names = dict(Site.objects.filter(pk__in=ids).values_list("pk", "name"))
    counts.by_site = dict.fromkeys(sorted(names.values()), 0)
    for site_id, status, verdict, severity, n in (
        cases.values_list("site_id", "status", "verdict", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts.total += n
        counts.by_site[names[site_id]] += n
        counts.by_status[status] = counts.by_status.get(status, 0) + n
        if verdict:
            counts.by_verdict[verdict] = counts.by_verdict.get(verdict, 0) + n
        if severity:
            counts.by_severity[severity] = counts.by_severity.get(severity, 0) + n
    counts.by_behavior = dict(
        CaseBehavior.objects.filter(case__in=cases)
        .values_list("behavior")
        .annotate(n=Count("pk"))
        .order_by("-n", "behavior")
    )
    return counts


def case_counts_for_user(
    user: User | AnonymousUser, *, since: date | None = None, until: date | None = None
) -> CaseCounts:
    """Counts over the sites where ``user`` may see aggregates; empty otherwise."""
    ids = list(sites_where(user, Capability.VIEW_AGGREGATES).values_list("pk", flat=True))
    return case_counts(ids, since=since, until=until)
