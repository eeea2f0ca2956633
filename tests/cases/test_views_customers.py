"""The customer registry, warnings, bans and the counter look-up."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from kasudesk.cases.actions import ban_customer
from kasudesk.cases.models import Ban, ContactLog, Customer, CustomerWarning
from tests.cases.test_views_support import report_case, sign_in
from tests.conftest import World


@pytest.fixture
def customer(world: World) -> Customer:
    case = report_case(
        world.staff, world.store, customer_name="山田 太郎", customer_phone="090-1234-5678"
    )
    assert case.customer is not None
    return case.customer


@pytest.mark.parametrize("persona", ["manager", "desk", "counsel", "auditor", "admin"])
def test_it_lists_and_finds_customers_for_registry_readers(
    client: Client, world: World, customer: Customer, persona: str
) -> None:
    Customer.objects.create(organization=world.organization, name="別人 花子")
    sign_in(client, world.persona(persona))
    page = client.get("/cases/customers/", {"q": "09012345678"}).content.decode()
    assert "山田 太郎" in page
    assert "別人 花子" not in page


@pytest.mark.parametrize("persona", ["staff", "executive", "outsider", "call_centre_staff"])
def test_it_hides_the_registry_from_others(
    client: Client, world: World, customer: Customer, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get("/cases/customers/").status_code == 404
    assert client.get(f"/cases/customers/{customer.pk}/").status_code == 404


def test_it_hides_another_organisations_customer(
    client: Client, world: World, customer: Customer
) -> None:
    other = Customer.objects.create(organization=world.other_organization, name="他社 客")
    sign_in(client, world.desk)
    assert client.get(f"/cases/customers/{other.pk}/").status_code == 404
    assert "他社 客" not in client.get("/cases/customers/").content.decode()


def test_it_shows_the_customer_page_with_linked_cases(
    client: Client, world: World, customer: Customer
) -> None:
    sign_in(client, world.manager)
    page = client.get(f"/cases/customers/{customer.pk}/").content.decode()
    assert "山田 太郎" in page
    assert customer.cases.get().reference in page


def test_it_records_a_contact(client: Client, world: World, customer: Customer) -> None:
    sign_in(client, world.manager)
    response = client.post(
        f"/cases/customers/{customer.pk}/contacts/",
        {
            "site": world.store.pk,
            "kind": "call",
            "at": "2026-11-20T09:00",
            "duration_minutes": "25",
            "summary": "同じ苦情の電話",
        },
    )
    assert response.status_code == 302
    assert ContactLog.objects.get().duration_minutes == 25


def test_it_refuses_a_contact_at_a_site_the_manager_does_not_run(
    client: Client, world: World, customer: Customer
) -> None:
    sign_in(client, world.manager)
    response = client.post(
        f"/cases/customers/{customer.pk}/contacts/",
        {
            "site": world.call_centre.pk,
            "kind": "call",
            "at": "2026-11-20T09:00",
            "duration_minutes": "5",
        },
    )
    assert response.status_code == 400
    assert not ContactLog.objects.exists()


def test_it_refuses_writes_from_the_auditor(
    client: Client, world: World, customer: Customer
) -> None:
    sign_in(client, world.auditor)
    response = client.post(
        f"/cases/customers/{customer.pk}/warnings/", {"form": "oral", "language": "ja"}
    )
    assert response.status_code == 403
    assert client.get(f"/cases/customers/{customer.pk}/ban/").status_code == 403


def test_it_records_a_warning(client: Client, world: World, customer: Customer) -> None:
    sign_in(client, world.manager)
    response = client.post(
        f"/cases/customers/{customer.pk}/warnings/",
        {"form": "written", "language": "ja", "note": "警告書を手渡し"},
    )
    assert response.status_code == 302
    assert CustomerWarning.objects.get().form == "written"


def test_it_keeps_the_ban_form_from_a_site_manager(
    client: Client, world: World, customer: Customer
) -> None:
    sign_in(client, world.manager)
    assert client.get(f"/cases/customers/{customer.pk}/ban/").status_code == 403


def test_it_bans_a_customer_across_the_organisation(
    client: Client, world: World, customer: Customer
) -> None:
    sign_in(client, world.desk)
    response = client.post(
        f"/cases/customers/{customer.pk}/ban/",
        {
            "scope": "organization",
            "starts_on": "2026-11-20",
            "ends_on": "2027-11-19",
            "review_on": "2027-05-20",
            "reason": "従業員への脅迫",
        },
    )
    assert response.status_code == 302
    ban = Ban.objects.get()
    assert ban.scope == Ban.Scope.ORGANIZATION
    assert ban.site is None
    assert ban.review_on == date(2027, 5, 20)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scope": "site"}, "Choose the site the ban applies to."),
        ({"scope": "organization", "ends_on": "2026-01-01"}, "cannot end before it starts"),
        ({"scope": "organization", "starts_on": "2026-02-30"}, "Enter a valid date."),
        ({"scope": "organization", "reason": ""}, "This field is required."),
    ],
)
def test_it_refuses_a_bad_ban(
    client: Client, world: World, customer: Customer, data: dict[str, str], message: str
) -> None:
    sign_in(client, world.desk)
    response = client.post(
        f"/cases/customers/{customer.pk}/ban/",
        {"starts_on": "2026-11-20", "reason": "理由", **data},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ban.objects.exists()


def _ban(world: World, customer: Customer, *, site_only: bool) -> Ban:
    return ban_customer(
        world.desk,
        customer,
        scope="site" if site_only else "organization",
        site=world.store if site_only else None,
        starts_on=date(2020, 1, 1),
        reason="脅迫",
    )


def test_it_tells_counter_staff_of_a_ban_and_nothing_else(
    client: Client, world: World, customer: Customer
) -> None:
    _ban(world, customer, site_only=False)
    sign_in(client, world.call_centre_staff)
    page = client.get("/cases/lookup/", {"q": "090-1234-5678"}).content.decode()
    assert "Banned from the premises" in page
    assert "山田" not in page
    assert "脅迫" not in page
    assert customer.cases.get().reference not in page


def test_it_does_not_show_a_ban_of_another_site(
    client: Client, world: World, customer: Customer
) -> None:
    _ban(world, customer, site_only=True)
    sign_in(client, world.call_centre_staff)
    page = client.get("/cases/lookup/", {"q": "09012345678"}).content.decode()
    assert "Banned from the premises" not in page
    assert "No ban or alert found" in page
    sign_in(client, world.staff)
    assert (
        "Banned from the premises"
        in client.get("/cases/lookup/", {"q": "09012345678"}).content.decode()
    )


def test_it_answers_the_look_up_as_an_htmx_fragment(
    client: Client, world: World, customer: Customer
) -> None:
    _ban(world, customer, site_only=False)
    sign_in(client, world.staff)
    response = client.get("/cases/lookup/", {"q": "09012345678"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="lookup-result"')
    assert "<html" not in body


@pytest.mark.parametrize("persona", ["auditor", "outsider"])
def test_it_keeps_the_look_up_from_those_without_it(
    client: Client, world: World, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get("/cases/lookup/", {"q": "090"}).status_code == 404


def test_it_does_not_look_into_another_organisation(
    client: Client, world: World, customer: Customer
) -> None:
    _ban(world, customer, site_only=False)
    sign_in(client, world.other_staff)
    page = client.get("/cases/lookup/", {"q": "09012345678"}).content.decode()
    assert "Banned from the premises" not in page


def test_it_links_a_ban_made_from_a_case_to_that_case(
    client: Client, world: World, customer: Customer
) -> None:
    case = customer.cases.get()
    sign_in(client, world.desk)
    assert (
        f"/cases/customers/{customer.pk}/ban/?case={case.pk}"
        in client.get(f"/cases/{case.pk}/").content.decode()
    )
    response = client.post(
        f"/cases/customers/{customer.pk}/ban/?case={case.pk}",
        {"scope": "site", "site": world.store.pk, "starts_on": "2026-11-20", "reason": "脅迫"},
    )
    assert response.status_code == 302
    assert Ban.objects.get().case == case
    assert case.events.filter(kind="customer_banned").exists()


def test_it_refuses_to_link_a_ban_to_another_customers_case(
    client: Client, world: World, customer: Customer
) -> None:
    other = report_case(world.staff, world.store, customer_name="別の 客")
    sign_in(client, world.desk)
    response = client.get(f"/cases/customers/{customer.pk}/ban/?case={other.pk}")
    assert response.status_code == 404


def test_it_adds_a_customer_to_the_registry(client: Client, world: World) -> None:
    sign_in(client, world.manager)
    assert client.get("/cases/customers/new/").status_code == 200
    response = client.post(
        "/cases/customers/new/",
        {"organization": world.organization.pk, "name": "新規 客", "phone": "03-1111-2222"},
    )
    customer = Customer.objects.get()
    assert response["Location"] == f"/cases/customers/{customer.pk}/"
    assert customer.phone_key == "0311112222"
    assert customer.created_by == world.manager


def test_it_needs_something_to_recognise_a_new_customer_by(client: Client, world: World) -> None:
    sign_in(client, world.manager)
    response = client.post("/cases/customers/new/", {"organization": world.organization.pk})
    assert response.status_code == 400
    assert not Customer.objects.exists()


def test_it_refuses_a_customer_for_another_organisation(client: Client, world: World) -> None:
    sign_in(client, world.desk)
    response = client.post(
        "/cases/customers/new/", {"organization": world.other_organization.pk, "name": "x"}
    )
    assert response.status_code == 400
    assert not Customer.objects.exists()


@pytest.mark.parametrize("persona", ["staff", "auditor", "executive", "outsider"])
def test_it_keeps_the_new_customer_form_from_others(
    client: Client, world: World, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get("/cases/customers/new/").status_code == 404


def test_it_sets_a_counter_alert_that_the_look_up_shows(
    client: Client, world: World, customer: Customer
) -> None:
    sign_in(client, world.manager)
    response = client.post(
        f"/cases/customers/{customer.pk}/alert/",
        {"alert": "caution", "instruction": "必ず二人で対応し、店長を呼ぶこと。"},
    )
    assert response.status_code == 302
    sign_in(client, world.staff)
    page = client.get("/cases/lookup/", {"q": "09012345678"}).content.decode()
    assert "Take care" in page
    assert "必ず二人で対応し、店長を呼ぶこと。" in page


@pytest.mark.parametrize(("persona", "status"), [("auditor", 403), ("staff", 404)])
def test_it_refuses_alerts_from_others(
    client: Client, world: World, customer: Customer, persona: str, status: int
) -> None:
    sign_in(client, world.persona(persona))
    response = client.post(f"/cases/customers/{customer.pk}/alert/", {"alert": "caution"})
    assert response.status_code == status
    customer.refresh_from_db()
    assert customer.alert == Customer.Alert.NONE
