"""Aggregate case counts: by site, status, verdict, severity and behavior."""

from __future__ import annotations

from datetime import date

import pytest

from kasudesk.cases.actions import save_draft
from kasudesk.cases.models import Case
from kasudesk.cases.stats import case_counts, case_counts_for_user
from tests.cases.conftest import NOW, make_report, submit_as
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_it_counts_cases_per_dimension_without_drafts(world: World, submitted: Case) -> None:
    submit_as(world.call_centre_staff, world, site=world.call_centre)
    save_draft(world.staff, make_report(world), now=NOW)

    counts = case_counts([world.store.pk, world.call_centre.pk, world.head_office.pk])

    assert counts.total == 2
    assert counts.by_site == {"大阪コールセンター": 1, "新宿店": 1, "本社": 0}
    assert counts.by_status == {"reported": 2}
    assert sum(counts.by_verdict.values()) == 2
    assert sum(counts.by_severity.values()) == 2
    assert counts.by_behavior["threat"] == 2


def test_it_limits_counts_to_the_period(world: World, submitted: Case) -> None:
    assert case_counts([world.store.pk], since=date(2026, 11, 21)).total == 0
    assert case_counts([world.store.pk], until=date(2026, 11, 20)).total == 1


def test_it_gives_executives_counts_and_staff_nothing(world: World, submitted: Case) -> None:
    assert case_counts_for_user(world.executive).total == 1
    assert case_counts_for_user(world.manager).by_site == {"新宿店": 1}
    assert case_counts_for_user(world.staff).total == 0
    assert case_counts_for_user(world.outsider).by_site == {}
