"""Lifting a premises ban from the customer page, and what the page shows of bans."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from kasudesk.audit.models import AuditEvent
from kasudesk.cases.actions import ban_customer, lift_ban
from kasudesk.cases.models import Ban, Customer
from tests.cases.test_views_support import report_case, sign_in
from tests.conftest import World


@pytest.fixture
def customer(world: World) -> Customer:
    case = report_case(
        world.staff, world.store, customer_name="山田 太郎", customer_phone="090-1234-5678"
    )
    assert case.customer is not None
    return case.customer


def _ban(world: World, customer: Customer, **overrides: object) -> Ban:
    values: dict[str, object] = {
        "scope": "organization",
        "site": None,
        "starts_on": date(2020, 1, 1),
        "reason": "従業員への脅迫",
    }
    values.update(overrides)
    return ban_customer(world.desk, customer, **values)  # type: ignore[arg-type]


def _lift_url(customer: Customer, ban: Ban) -> str:
    return f"/cases/customers/{customer.pk}/bans/{ban.pk}/lift/"


@pytest.mark.parametrize("persona", ["desk", "counsel", "admin"])
def test_it_lifts_a_ban_with_a_reason(
    client: Client, world: World, customer: Customer, persona: str
) -> None:
    ban = _ban(world, customer)
    user = world.persona(persona)
    sign_in(client, user)
    response = client.post(_lift_url(customer, ban), {"lift_reason": "謝罪があり和解した"})
    assert response.status_code == 302
    ban.refresh_from_db()
    assert ban.lifted_by == user
    assert ban.lift_reason == "謝罪があり和解した"
    assert ban.lifted_at is not None
    assert AuditEvent.objects.filter(action="customer.ban.lifted", actor=user).count() == 1


def test_it_needs_a_reason_to_lift_a_ban(client: Client, world: World, customer: Customer) -> None:
    ban = _ban(world, customer)
    sign_in(client, world.desk)
    response = client.post(_lift_url(customer, ban), {"lift_reason": "   "})
    assert response.status_code == 400
    assert "Give the reason for lifting the ban." in response.content.decode()
    ban.refresh_from_db()
    assert ban.lifted_at is None


def test_it_does_not_lift_a_ban_twice(client: Client, world: World, customer: Customer) -> None:
    ban = _ban(world, customer)
    lift_ban(world.desk, ban, reason="和解")
    first = Ban.objects.get(pk=ban.pk).lifted_at
    sign_in(client, world.counsel)
    response = client.post(_lift_url(customer, ban), {"lift_reason": "再度"})
    assert response.status_code == 400
    assert "This ban has already been lifted." in response.content.decode()
    ban.refresh_from_db()
    assert (ban.lifted_at, ban.lifted_by, ban.lift_reason) == (first, world.desk, "和解")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("staff", 404),
        ("call_centre_staff", 404),
        ("executive", 404),
        ("outsider", 404),
        ("other_staff", 404),
        ("manager", 403),
        ("auditor", 403),
    ],
)
def test_it_refuses_to_lift_for_those_who_may_not_ban(
    client: Client, world: World, customer: Customer, persona: str, status: int
) -> None:
    ban = _ban(world, customer)
    sign_in(client, world.persona(persona))
    response = client.post(_lift_url(customer, ban), {"lift_reason": "理由"})
    assert response.status_code == status
    ban.refresh_from_db()
    assert ban.lifted_at is None


def test_it_hides_a_ban_of_another_customer_behind_this_one(
    client: Client, world: World, customer: Customer
) -> None:
    other = Customer.objects.create(organization=world.organization, name="別人 花子")
    ban = _ban(world, other)
    sign_in(client, world.desk)
    response = client.post(_lift_url(customer, ban), {"lift_reason": "理由"})
    assert response.status_code == 404
    ban.refresh_from_db()
    assert ban.lifted_at is None


def test_it_only_accepts_posts(client: Client, world: World, customer: Customer) -> None:
    ban = _ban(world, customer)
    sign_in(client, world.desk)
    assert client.get(_lift_url(customer, ban)).status_code == 405


def test_it_offers_the_lift_form_only_to_those_who_may_ban(
    client: Client, world: World, customer: Customer
) -> None:
    ban = _ban(world, customer)
    action = _lift_url(customer, ban)
    sign_in(client, world.desk)
    assert action in client.get(f"/cases/customers/{customer.pk}/").content.decode()
    for persona in ("manager", "auditor"):
        sign_in(client, world.persona(persona))
        page = client.get(f"/cases/customers/{customer.pk}/").content.decode()
        assert "従業員への脅迫" in page
        assert action not in page


def test_it_shows_who_lifted_a_ban_when_and_why(
    client: Client, world: World, customer: Customer
) -> None:
    ban = _ban(world, customer)
    lift_ban(world.counsel, ban, reason="謝罪文を受領した")
    sign_in(client, world.desk)
    page = client.get(f"/cases/customers/{customer.pk}/").content.decode()
    assert "Lifted by 田中 健 on" in page
    assert "謝罪文を受領した" in page
    assert _lift_url(customer, ban) not in page


def test_it_stops_reporting_a_lifted_ban_at_the_counter(
    client: Client, world: World, customer: Customer
) -> None:
    ban = _ban(world, customer)
    sign_in(client, world.staff)
    assert "Banned from the premises" in (
        client.get("/cases/lookup/", {"q": "09012345678"}).content.decode()
    )
    sign_in(client, world.desk)
    client.post(_lift_url(customer, ban), {"lift_reason": "和解した"})
    sign_in(client, world.staff)
    page = client.get("/cases/lookup/", {"q": "09012345678"}).content.decode()
    assert "Banned from the premises" not in page
    assert "No ban or alert found" in page


def test_it_marks_bans_whose_review_is_due(
    client: Client, world: World, customer: Customer
) -> None:
    today = timezone.localdate()
    due = _ban(world, customer, review_on=today - timedelta(days=1), reason="期日超過")
    _ban(world, customer, review_on=today + timedelta(days=30), reason="期日前")
    lifted = _ban(world, customer, review_on=today - timedelta(days=3), reason="解除済み")
    lift_ban(world.desk, lifted, reason="和解")
    _ban(
        world,
        customer,
        ends_on=today - timedelta(days=2),
        review_on=today - timedelta(days=5),
        reason="終了済み",
    )
    sign_in(client, world.desk)
    page = client.get(f"/cases/customers/{customer.pk}/").content.decode()
    assert page.count("Review due") == 1
    card = page[page.index(f'id="ban-{due.pk}"') :]
    assert "Review due" in card[: card.index("</div>")]


def _card(page: str, ban: Ban) -> str:
    card = page[page.index(f'id="ban-{ban.pk}"') - 40 :]
    return card[: card.index("</div>")]


def test_it_tells_bans_in_force_from_those_that_are_not(
    client: Client, world: World, customer: Customer
) -> None:
    today = timezone.localdate()
    current = _ban(world, customer, reason="現在有効")
    lifted = _ban(world, customer, reason="解除済み")
    lift_ban(world.desk, lifted, reason="和解")
    ended = _ban(world, customer, ends_on=today - timedelta(days=1), reason="終了済み")
    later = _ban(world, customer, starts_on=today + timedelta(days=3), reason="開始前")
    sign_in(client, world.desk)
    page = client.get(f"/cases/customers/{customer.pk}/").content.decode()
    expected = {
        current: ("ban-in_force", "In force"),
        lifted: ("ban-lifted", "Lifted"),
        ended: ("ban-ended", "Ended"),
        later: ("ban-scheduled", "Not yet in force"),
    }
    for ban, (css, label) in expected.items():
        card = _card(page, ban)
        assert f'class="card ban {css}"' in card
        assert label in card
    # The stylesheet greys out every state but the one in force.
    css_text = (Path(__file__).parents[2] / "kasudesk/cases/static/cases/cases.css").read_text()
    for state in ("ban-lifted", "ban-ended", "ban-scheduled"):
        assert f".{state}" in css_text
    assert ".ban-in_force" not in css_text


def _registry(client: Client, **params: str) -> str:
    response = client.get("/cases/customers/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_registry_lists_customers_banned_now_or_due_for_review(
    client: Client, world: World, customer: Customer
) -> None:
    today = timezone.localdate()
    _ban(world, customer, review_on=today - timedelta(days=1))
    banned = Customer.objects.create(organization=world.organization, name="鈴木 一郎")
    _ban(world, banned, review_on=today + timedelta(days=30))
    lifted = Customer.objects.create(organization=world.organization, name="佐藤 次郎")
    lift_ban(world.desk, _ban(world, lifted, review_on=today - timedelta(days=9)), reason="和解")
    Customer.objects.create(organization=world.organization, name="高橋 三郎")
    sign_in(client, world.desk)

    everyone = _registry(client)
    for name in ("山田 太郎", "鈴木 一郎", "佐藤 次郎", "高橋 三郎"):
        assert name in everyone
    assert everyone.count('badge severity-critical">Banned<') == 2
    assert everyone.count('class="badge">Ban review due<') == 1

    now = _registry(client, bans="in_force")
    assert "山田 太郎" in now and "鈴木 一郎" in now
    assert "佐藤 次郎" not in now and "高橋 三郎" not in now

    due = _registry(client, bans="review_due")
    assert "山田 太郎" in due
    assert "鈴木 一郎" not in due and "佐藤 次郎" not in due

    assert "山田 太郎" in _registry(client, q="山田", bans="review_due")
    assert "山田 太郎" not in _registry(client, q="鈴木", bans="review_due")
    assert "Select a valid choice" in _registry(client, bans="nonsense")
