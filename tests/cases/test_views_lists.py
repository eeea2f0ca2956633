"""The case list, notifications with the header bell, and the cost totals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from kasudesk.cases.actions import add_money_entry, add_time_entry
from kasudesk.cases.models import Case, Notification
from tests.cases.test_views_support import report_case, sign_in
from tests.conftest import World

CALM = "商品の説明が分かりにくいと、落ち着いた口調でご意見をいただいた。"


def references(page: str, cases: list[Case]) -> set[str]:
    return {case.reference for case in cases if case.reference in page}


@pytest.fixture
def cases(world: World) -> list[Case]:
    return [
        report_case(world.staff, world.store, occurred_at=datetime(2026, 11, 1, 3, 0, tzinfo=UTC)),
        report_case(
            world.staff,
            world.store,
            narrative=CALM,
            facts={"claim_validity": "valid"},
            occurred_at=datetime(2026, 10, 1, 3, 0, tzinfo=UTC),
        ),
        report_case(
            world.call_centre_staff,
            world.call_centre,
            occurred_at=datetime(2026, 11, 2, 3, 0, tzinfo=UTC),
        ),
    ]


def test_it_lists_only_the_cases_each_person_may_read(
    client: Client, world: World, cases: list[Case]
) -> None:
    sign_in(client, world.staff)
    assert references(client.get("/cases/").content.decode(), cases) == {
        cases[0].reference,
        cases[1].reference,
    }
    sign_in(client, world.manager)
    assert cases[2].reference not in client.get("/cases/").content.decode()
    sign_in(client, world.desk)
    assert references(client.get("/cases/").content.decode(), cases) == {
        case.reference for case in cases
    }


@pytest.mark.parametrize("persona", ["executive", "outsider"])
def test_it_hides_the_list_from_those_who_read_no_case(
    client: Client, world: World, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get("/cases/").status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"severity": "critical"}, {0, 2}),
        ({"behavior": "threat"}, {0, 2}),
        ({"status": "reported"}, {0, 1, 2}),
        ({"status": "closed"}, set()),
        ({"start": "2026-10-15", "end": "2026-11-01"}, {0}),
        ({"q": "落ち着いた口調"}, {1}),
        ({"q": "殺すぞ"}, {0, 2}),
    ],
)
def test_it_filters_and_searches(
    client: Client,
    world: World,
    cases: list[Case],
    params: dict[str, str],
    expected: set[int],
) -> None:
    sign_in(client, world.desk)
    page = client.get("/cases/", params).content.decode()
    assert references(page, cases) == {cases[i].reference for i in expected}


def test_it_filters_by_site_and_assignee(client: Client, world: World, cases: list[Case]) -> None:
    Case.objects.filter(pk=cases[1].pk).update(assignee=world.desk)
    sign_in(client, world.desk)
    page = client.get("/cases/", {"site": world.call_centre.pk}).content.decode()
    assert references(page, cases) == {cases[2].reference}
    page = client.get("/cases/", {"assignee": world.desk.pk}).content.decode()
    assert references(page, cases) == {cases[1].reference}


def test_it_reports_a_bad_period(client: Client, world: World, cases: list[Case]) -> None:
    sign_in(client, world.desk)
    page = client.get("/cases/", {"start": "2026-12-01", "end": "2026-11-01"}).content.decode()
    assert "The end of the period is before its start." in page
    bad = client.get("/cases/", {"start": "2026-02-31"}).content.decode()
    assert "Enter a valid date." in bad


def test_it_pages_through_many_cases_in_few_queries(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    for number in range(30):
        report_case(world.staff, world.store, key=f"k{number}")
    sign_in(client, world.desk)
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        first = client.get("/cases/")
    assert "Page 1 of 2" in first.content.decode()
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        second = client.get("/cases/", {"page": "2", "status": "reported"})
    page = second.content.decode()
    assert "Page 2 of 2" in page
    assert "status=reported&amp;page=1" in page


def test_it_shows_the_unread_count_in_the_header_and_marks_read(
    client: Client, world: World
) -> None:
    case = report_case(world.staff, world.store)
    unread = Notification.objects.filter(recipient=world.manager, read_at__isnull=True).count()
    assert unread >= 1
    sign_in(client, world.manager)
    page = client.get("/cases/").content.decode()
    assert f'<span class="badge bell-count">{unread}</span>' in page
    item = Notification.objects.filter(recipient=world.manager).first()
    assert item is not None
    response = client.post(f"/cases/notifications/{item.pk}/")
    assert response["Location"] == f"/cases/{case.pk}/"
    client.post("/cases/notifications/")
    assert not Notification.objects.filter(recipient=world.manager, read_at__isnull=True).exists()
    assert "bell-count" not in client.get("/cases/").content.decode()


def test_it_keeps_others_notifications_private(client: Client, world: World) -> None:
    report_case(world.staff, world.store)
    item = Notification.objects.filter(recipient=world.manager).first()
    assert item is not None
    sign_in(client, world.desk)
    assert client.post(f"/cases/notifications/{item.pk}/").status_code == 404


def test_it_totals_costs_per_site(client: Client, world: World) -> None:
    store_case = report_case(world.staff, world.store)
    centre_case = report_case(world.call_centre_staff, world.call_centre)
    on = datetime(2026, 11, 20, tzinfo=UTC).date()
    add_time_entry(world.desk, store_case, activity="phone_support", minutes=45, on=on)
    add_money_entry(world.desk, store_case, category="lost_sales", amount_yen=5000, on=on)
    add_time_entry(world.desk, centre_case, activity="phone_support", minutes=30, on=on)
    sign_in(client, world.desk)
    page = client.get("/cases/costs/").content.decode()
    assert "新宿店" in page and "大阪コールセンター" in page
    assert "1:15" in page  # the total over both sites
    assert "¥5,000" in page
    sign_in(client, world.manager)
    page = client.get("/cases/costs/").content.decode()
    assert "新宿店" in page and "大阪コールセンター" not in page


@pytest.mark.parametrize("persona", ["staff", "outsider"])
def test_it_keeps_cost_totals_from_others(client: Client, world: World, persona: str) -> None:
    sign_in(client, world.persona(persona))
    assert client.get("/cases/costs/").status_code == 404
