"""The report form's customer picker: search as you type, and without JavaScript."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client

from kasudesk.cases.actions import create_customer, set_customer_alert
from kasudesk.cases.models import Case, Customer
from tests.cases.test_views_support import THREAT, sign_in
from tests.conftest import World

PICK = "/cases/report/customers/"


def _report(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "idempotency_key": uuid.uuid4().hex,
        "site": world.store.pk,
        "occurred_at": "2026-11-20T10:30",
        "channel": "in_person",
        "narrative": THREAT,
        "customer": "",
        "customer_search": "",
        "customer_name": "",
        "customer_phone": "",
        "claim_validity": "unknown",
        "intent": "submit",
    }
    data.update(overrides)
    return data


@pytest.fixture
def yamada(world: World) -> Customer:
    return create_customer(
        world.desk,
        world.organization,
        name="山田 太郎",
        phone="090-1234-5678",
        email="Taro.Yamada@example.jp",
    )


def _ids(body: str) -> list[int]:
    return [int(value) for value in re.findall(r'data-customer-id="(\d+)"', body)]


@pytest.mark.parametrize(
    "typed",
    [
        "０９０-１２３４",
        "+81 90 1234",
        "taro.yamada@ex",
        "TARO.YAMADA@EXAMPLE.JP",
        "山田",
        "山田太郎",
    ],
)
def test_it_finds_a_customer_by_normalised_phone_email_or_name(
    client: Client, world: World, yamada: Customer, typed: str
) -> None:
    create_customer(world.desk, world.organization, name="佐々木 次郎", phone="03-9999-0000")
    sign_in(client, world.manager)
    response = client.get(PICK, {"customer_search": typed}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert _ids(body) == [yamada.pk]


def test_it_offers_at_most_ten_matches_in_few_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    Customer.objects.bulk_create(
        Customer(organization=world.organization, name=f"客 {n:03}", name_key=f"客{n:03}")
        for n in range(300)
    )
    sign_in(client, world.desk)
    client.get(PICK, {"customer_search": "客"})  # warm the session and the template
    with django_assert_max_num_queries(6):
        body = client.get(PICK, {"customer_search": "客"}).content.decode()
    assert len(_ids(body)) == 10


def test_it_says_when_nothing_matches_and_waits_for_more_than_one_letter(
    client: Client, world: World, yamada: Customer
) -> None:
    sign_in(client, world.manager)
    assert "No registered customer matches" in (
        client.get(PICK, {"customer_search": "存在しない人"}).content.decode()
    )
    assert client.get(PICK, {"customer_search": "t"}).content.decode().strip() == ""
    assert _ids(client.get(PICK, {"customer_search": "山"}).content.decode()) == [yamada.pk]


def test_it_never_offers_another_organisations_customers(
    client: Client, world: World, yamada: Customer
) -> None:
    create_customer(world.desk, world.other_organization, name="山田 花子", phone="090-1234-0000")
    sign_in(client, world.desk)
    assert _ids(client.get(PICK, {"customer_search": "山田"}).content.decode()) == [yamada.pk]


@pytest.mark.parametrize(
    "persona", ["staff", "call_centre_staff", "executive", "auditor", "outsider", "other_staff"]
)
def test_it_hides_the_picker_from_those_who_may_not_read_the_registry_or_report(
    client: Client, world: World, yamada: Customer, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get(PICK, {"customer_search": "山田"}).status_code == 404


def test_it_links_the_picked_customer(client: Client, world: World, yamada: Customer) -> None:
    sign_in(client, world.manager)
    response = client.post(
        "/cases/report/", _report(world, customer=str(yamada.pk), customer_search="山田 太郎")
    )
    assert response.status_code == 302
    assert Case.objects.get().customer == yamada
    assert Customer.objects.count() == 1


@pytest.mark.parametrize("typed", ["090-1234-5678", "taro.yamada@example.jp"])
def test_it_matches_a_typed_phone_or_email_without_javascript(
    client: Client, world: World, yamada: Customer, typed: str
) -> None:
    sign_in(client, world.manager)
    response = client.post("/cases/report/", _report(world, customer_search=typed))
    assert response.status_code == 302
    assert Case.objects.get().customer == yamada
    assert Customer.objects.count() == 1


def test_it_registers_someone_new_from_a_typed_phone_number(
    client: Client, world: World, yamada: Customer
) -> None:
    sign_in(client, world.manager)
    response = client.post(
        "/cases/report/", _report(world, customer_search="080-5555-6666", customer_name="新規 客")
    )
    assert response.status_code == 302
    customer = Case.objects.get().customer
    assert customer is not None
    assert (customer.name, customer.phone_key) == ("新規 客", "08055556666")


def test_it_refuses_a_customer_id_from_another_organisation(
    client: Client, world: World, yamada: Customer
) -> None:
    stranger = create_customer(world.desk, world.other_organization, name="他社 客")
    sign_in(client, world.manager)
    response = client.post("/cases/report/", _report(world, customer=str(stranger.pk)))
    assert response.status_code == 400
    assert "That customer is not in the registry." in response.content.decode()
    assert not Case.objects.exists()


def test_it_renders_the_form_without_the_registry_in_few_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    Customer.objects.bulk_create(
        Customer(organization=world.organization, name=f"客 {n:04}") for n in range(1000)
    )
    sign_in(client, world.desk)
    with django_assert_max_num_queries(15):
        page = client.get("/cases/report/").content.decode()
    assert "客 0001" not in page
    assert 'name="customer_search"' in page


def test_it_reopens_a_draft_with_its_customer_picked(
    client: Client, world: World, yamada: Customer
) -> None:
    sign_in(client, world.manager)
    response = client.post(
        "/cases/report/", _report(world, customer=str(yamada.pk), intent="draft")
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f'name="customer" value="{yamada.pk}"' in page
    assert 'name="customer_search" value="山田 太郎"' in page


def test_it_shows_a_counter_alert_among_the_matches(
    client: Client, world: World, yamada: Customer
) -> None:
    set_customer_alert(world.desk, yamada, alert=Customer.Alert.REPEAT)
    sign_in(client, world.manager)
    body = client.get(PICK, {"customer_search": "山田"}).content.decode()
    assert "<strong>Repeated contact</strong>" in body
