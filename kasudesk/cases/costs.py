"""What harassment costs: totals per case and per site."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet, Sum

from kasudesk.accounts.access import Capability, sites_where
from kasudesk.accounts.models import Site
from kasudesk.cases.models import Case, MoneyEntry, TimeEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kasudesk.accounts.models import User


@dataclass
class CostTotals:
    minutes_by_activity: dict[str, int] = field(default_factory=dict)
    yen_by_category: dict[str, int] = field(default_factory=dict)

    @property
    def minutes(self) -> int:
        return sum(self.minutes_by_activity.values())

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def yen(self) -> int:
        return sum(self.yen_by_category.values())


@dataclass
class SiteCosts:
    site_id: int
    site_name: str
    cases: int
    totals: CostTotals


def case_costs(case: Case) -> CostTotals:
    totals = CostTotals()
    for activity, minutes in (
        TimeEntry.objects.filter(case=case)
        .values_list("activity")
        .annotate(total=Sum("minutes"))
        .order_by("activity")
    ):
        totals.minutes_by_activity[activity] = int(minutes or 0)
    for category, amount in (
        MoneyEntry.objects.filter(case=case)
        .values_list("category")
        .annotate(total=Sum("amount_yen"))
        .order_by("category")
    ):
        totals.yen_by_category[category] = int(amount or 0)
    return totals


def _period[E: (QuerySet[TimeEntry], QuerySet[MoneyEntry])](
    entries: E, since: date | None, until: date | None
) -> E:
    if since is not None:
        entries = entries.filter(on__gte=since)
    if until is not None:
        entries = entries.filter(on__lte=until)
    return entries


def site_costs(
    site_ids: Iterable[int], *, since: date | None = None, until: date | None = None
) -> list[SiteCosts]:
    """Totals per site over the entries dated within the period, in five queries."""
    ids = sorted(set(site_ids))
    sites = {site.pk: site.name for site in Site.objects.filter(pk__in=ids)}
    rows = {pk: SiteCosts(pk, name, 0, CostTotals()) for pk, name in sites.items()}
    time_rows = _period(TimeEntry.objects.filter(case__site_id__in=ids), since, until)
    for site_id, activity, minutes in (
        time_rows.values_list("case__site_id", "activity")
        .annotate(total=Sum("minutes"))
        .order_by("case__site_id", "activity")
    ):
        rows[site_id].totals.minutes_by_activity[activity] = int(minutes or 0)
    money_rows = _period(MoneyEntry.objects.filter(case__site_id__in=ids), since, until)
    for site_id, category, amount in (
        money_rows.values_list("case__site_id", "category")
        .annotate(total=Sum("amount_yen"))
        .order_by("case__site_id", "category")
    ):
        rows[site_id].totals.yen_by_category[category] = int(amount or 0)
    costly: set[tuple[int, int]] = set()
    for entries in (time_rows, money_rows):
        costly.update(entries.values_list("case__site_id", "case_id").distinct().order_by())
    for site_id, _case_id in costly:
        rows[site_id].cases += 1
    return [rows[pk] for pk in sorted(rows, key=lambda pk: rows[pk].site_name)]


def site_costs_for_user(
    user: User | AnonymousUser, *, since: date | None = None, until: date | None = None
) -> list[SiteCosts]:
    """Per-site totals over the sites where ``user`` may see aggregates."""
    ids = sites_where(user, Capability.VIEW_AGGREGATES).values_list("pk", flat=True)
    return site_costs(list(ids), since=since, until=until)
