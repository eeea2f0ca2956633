"""Cost of harassment: time and money per case and per site."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kasudesk.audit.models import AuditEvent
from kasudesk.cases.actions import add_money_entry, add_time_entry
from kasudesk.cases.costs import case_costs, site_costs, site_costs_for_user
from kasudesk.cases.models import Activity, Case, MoneyCategory
from tests.cases.conftest import submit_as
from tests.conftest import World

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


def test_it_totals_time_and_money_per_case(world: World, submitted: Case) -> None:
    add_time_entry(world.manager, submitted, activity=Activity.ON_SITE_RESPONSE, minutes=45, on=DAY)
    add_time_entry(world.manager, submitted, activity=Activity.ON_SITE_RESPONSE, minutes=15, on=DAY)
    add_time_entry(
        world.desk, submitted, activity=Activity.COUNSEL_CONSULTATION, minutes=90, on=DAY
    )
    add_money_entry(
        world.counsel, submitted, category=MoneyCategory.COUNSEL_FEES, amount_yen=55000, on=DAY
    )
    add_money_entry(
        world.manager, submitted, category=MoneyCategory.LOST_SALES, amount_yen=12000, on=DAY
    )

    totals = case_costs(submitted)
    assert totals.minutes_by_activity == {"counsel_consultation": 90, "on_site_response": 60}
    assert totals.minutes == 150
    assert totals.hours == 2.5
    assert totals.yen_by_category == {"counsel_fees": 55000, "lost_sales": 12000}
    assert totals.yen == 67000
    assert AuditEvent.objects.filter(action__startswith="case.cost.").count() == 5


def test_it_totals_per_site_within_a_period(world: World, submitted: Case) -> None:
    phone_case = submit_as(world.call_centre_staff, world, site=world.call_centre)
    add_time_entry(world.manager, submitted, activity=Activity.APOLOGY_VISIT, minutes=60, on=DAY)
    add_time_entry(
        world.manager, submitted, activity=Activity.OTHER, minutes=30, on=date(2026, 10, 1)
    )
    add_time_entry(world.desk, phone_case, activity=Activity.PHONE_SUPPORT, minutes=120, on=DAY)
    add_money_entry(
        world.desk, phone_case, category=MoneyCategory.REFUND_COMPENSATION, amount_yen=3000, on=DAY
    )

    rows = {
        row.site_name: row
        for row in site_costs(
            [world.store.pk, world.call_centre.pk, world.head_office.pk],
            since=date(2026, 11, 1),
            until=date(2026, 11, 30),
        )
    }
    assert rows["新宿店"].totals.minutes == 60
    assert rows["新宿店"].cases == 1
    assert rows["大阪コールセンター"].totals.minutes == 120
    assert rows["大阪コールセンター"].totals.yen == 3000
    assert rows["本社"].cases == 0
    assert rows["本社"].totals.minutes == 0


def test_it_gives_aggregates_by_role_and_site(world: World, submitted: Case) -> None:
    add_time_entry(world.manager, submitted, activity=Activity.OTHER, minutes=10, on=DAY)
    assert {r.site_name for r in site_costs_for_user(world.executive)} == {
        "新宿店",
        "大阪コールセンター",
        "本社",
    }
    assert {r.site_name for r in site_costs_for_user(world.manager)} == {"新宿店"}
    assert site_costs_for_user(world.staff) == []
    assert site_costs_for_user(world.outsider) == []


def test_it_rejects_cost_entries_that_make_no_sense(world: World, submitted: Case) -> None:
    with pytest.raises(ValidationError):
        add_time_entry(world.manager, submitted, activity="napping", minutes=10, on=DAY)
    with pytest.raises(ValidationError):
        add_time_entry(world.manager, submitted, activity=Activity.OTHER, minutes=0, on=DAY)
    with pytest.raises(ValidationError):
        add_money_entry(
            world.manager, submitted, category=MoneyCategory.OTHER, amount_yen=0, on=DAY
        )
    with pytest.raises(PermissionDenied):
        add_time_entry(world.staff, submitted, activity=Activity.OTHER, minutes=5, on=DAY)
