"""The report form and the guidance right after it."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kasudesk.cases.models import Case, Customer, Evidence, Notification, Status
from tests.cases.test_views_support import (
    MULTIPART,
    THREAT,
    raw_multipart,
    report_case,
    sign_in,
)
from tests.conftest import World

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def form_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "idempotency_key": uuid.uuid4().hex,
        "site": world.store.pk,
        "occurred_at": "2026-11-20T10:30",
        "channel": "in_person",
        "narrative": THREAT,
        "customer_name": "",
        "customer_phone": "",
        "fact_asked_to_leave": "yes",
        "fact_left_after_request": "no",
        "fact_weapon": "unknown",
        "claim_validity": "invalid",
        "demands": ["apology_demand"],
        "duration_minutes": "35",
        "intent": "submit",
    }
    data.update(overrides)
    return data


def evidence_files(settings: LazySettings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_renders_the_form_with_a_fresh_idempotency_key_and_camera_capture(
    client: Client, world: World
) -> None:
    sign_in(client, world.staff)
    first = client.get("/cases/report/").content.decode()
    second = client.get("/cases/report/").content.decode()
    keys = [
        re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page)
        for page in (first, second)
    ]
    assert keys[0] and keys[1] and keys[0].group(1) != keys[1].group(1)
    assert 'capture="environment"' in first
    assert 'accept="image/*"' in first
    assert "application/pdf" in first and "message/rfc822" in first
    # Every yes/no question starts on "unknown", never on "no".
    assert 'name="fact_injury" value="unknown" required id="id_fact_injury_2" checked' in (
        first
    ) or re.search(r'name="fact_injury" value="unknown"[^>]*checked', first)


@pytest.mark.parametrize("persona", ["executive", "auditor", "outsider"])
def test_it_hides_the_form_from_people_who_cannot_report(
    client: Client, world: World, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get("/cases/report/").status_code == 404


def test_it_submits_a_report_with_a_photo_and_shows_guidance(
    client: Client, world: World, settings: LazySettings
) -> None:
    sign_in(client, world.staff)
    photo = SimpleUploadedFile("counter.png", PNG, content_type="image/png")
    response = client.post(
        "/cases/report/",
        form_data(
            world,
            photo=photo,
            customer_name="山田 太郎",
            customer_phone="090-1234-5678",
            fact_weapon="yes",
        ),
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/submitted/"
    assert case.status == Status.REPORTED
    assert case.facts["asked_to_leave"] is True
    assert case.facts["left_after_request"] is False
    assert case.facts["weapon"] is True
    assert "injury" not in case.facts  # unknown is absent, never False
    assert case.customer is not None and case.customer.phone_key == "09012345678"
    assert Evidence.objects.get().original_name == "counter.png"
    assert Notification.objects.filter(case=case, recipient=world.manager).exists()

    page = client.get(response["Location"]).content.decode()
    assert "alert-critical" in page
    assert "110" in page
    assert case.get_verdict_display() in page


def test_it_shows_no_emergency_panel_for_a_plain_complaint(client: Client, world: World) -> None:
    case = report_case(
        world.staff,
        world.store,
        narrative="商品の説明が分かりにくいと、落ち着いた口調でご意見をいただいた。",
        facts={"claim_validity": "valid"},
    )
    sign_in(client, world.staff)
    page = client.get(f"/cases/{case.pk}/submitted/").content.decode()
    assert "alert-critical" not in page


def test_it_makes_one_case_from_a_double_submit(client: Client, world: World) -> None:
    sign_in(client, world.staff)
    data = form_data(world)
    first = client.post("/cases/report/", data)
    second = client.post(
        "/cases/report/",
        {**data, "photo": SimpleUploadedFile("late.png", PNG, content_type="image/png")},
    )
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert Evidence.objects.count() == 0


def test_it_saves_a_draft_and_reopens_it_with_the_answers(client: Client, world: World) -> None:
    sign_in(client, world.staff)
    data = form_data(world, intent="draft", narrative="途中まで")
    response = client.post("/cases/report/", data)
    draft = Case.objects.get()
    assert draft.status == Status.DRAFT
    assert response["Location"] == f"/cases/report/?draft={draft.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "途中まで" in page
    assert data["idempotency_key"] in page
    assert re.search(r'name="fact_asked_to_leave" value="yes"[^>]*checked', page)

    assert f'href="?draft={draft.pk}"' in client.get("/cases/report/").content.decode()
    client.post(f"/cases/report/?draft={draft.pk}", {**data, "intent": "submit"})
    draft.refresh_from_db()
    assert draft.status == Status.REPORTED
    assert Case.objects.count() == 1


def test_it_hides_a_draft_from_everyone_but_its_reporter(client: Client, world: World) -> None:
    sign_in(client, world.staff)
    client.post("/cases/report/", form_data(world, intent="draft"))
    draft = Case.objects.get()
    for persona in ("manager", "desk", "call_centre_staff", "outsider"):
        sign_in(client, world.persona(persona))
        assert client.get(f"/cases/report/?draft={draft.pk}").status_code == 404
        assert client.get(f"/cases/{draft.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"occurred_at": "2026-13-45T99:00"}, "Enter a valid date/time."),
        ({"occurred_at": "2099-01-01T10:00"}, "cannot be in the future"),
        ({"narrative": ""}, "This field is required."),
        ({"idempotency_key": "not-a-key"}, "Reload the page"),
        ({"contacts_count": "5"}, "or neither"),
        ({"site": "999999"}, "Select a valid choice."),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(
    client: Client, world: World, overrides: dict[str, Any], message: str
) -> None:
    sign_in(client, world.staff)
    response = client.post("/cases/report/", form_data(world, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Case.objects.count() == 0


def test_it_refuses_a_site_the_reporter_does_not_work_at(client: Client, world: World) -> None:
    sign_in(client, world.staff)
    response = client.post("/cases/report/", form_data(world, site=world.call_centre.pk))
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_it_refuses_an_executable_renamed_jpg_and_stores_nothing(
    client: Client, world: World, settings: LazySettings
) -> None:
    sign_in(client, world.staff)
    good = SimpleUploadedFile("good.png", PNG, content_type="image/png")
    bad = SimpleUploadedFile("photo.jpg", EXE, content_type="image/jpeg")
    response = client.post("/cases/report/", form_data(world, attachments=[good, bad]))
    assert response.status_code == 400
    assert "cannot be kept as evidence" in response.content.decode()
    assert Case.objects.count() == 0
    assert Customer.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert evidence_files(settings) == []


def test_it_refuses_a_hidden_file_name(client: Client, world: World) -> None:
    sign_in(client, world.staff)
    body = raw_multipart(form_data(world), [("attachments", ".htaccess", PNG)])
    response = client.generic("POST", "/cases/report/", body, content_type=MULTIPART)
    assert response.status_code == 400
    assert "is not allowed" in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.parametrize("name", ["../../etc/passwd.png", "C:\\Users\\me\\photo.png"])
def test_it_never_keeps_a_path_from_the_file_name(
    client: Client, world: World, settings: LazySettings, name: str
) -> None:
    sign_in(client, world.staff)
    body = raw_multipart(form_data(world), [("attachments", name, PNG)])
    response = client.generic("POST", "/cases/report/", body, content_type=MULTIPART)
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert "/" not in item.original_name
    assert "\\" not in item.original_name
    root = (Path(settings.MEDIA_ROOT) / "evidence").resolve()
    assert [p.resolve().parent.parent for p in evidence_files(settings)] == [root]


def test_it_refuses_a_file_over_the_size_limit(
    client: Client, world: World, settings: LazySettings
) -> None:
    settings.KASUDESK_MAX_UPLOAD_BYTES = 64
    sign_in(client, world.staff)
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * 100, content_type="image/png")
    response = client.post("/cases/report/", form_data(world, photo=big))
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert Case.objects.count() == 0
    assert evidence_files(settings) == []


def test_it_offers_registry_customers_only_to_those_who_may_read_the_registry(
    client: Client, world: World
) -> None:
    Customer.objects.create(organization=world.organization, name="登録 済子")
    sign_in(client, world.staff)
    page = client.get("/cases/report/").content.decode()
    assert 'name="customer_search"' not in page
    assert 'name="customer"' not in page
    sign_in(client, world.manager)
    page = client.get("/cases/report/").content.decode()
    assert 'hx-get="/cases/report/customers/"' in page
    # The picker searches; the page itself never lists the registry.
    assert "登録 済子" not in page


@pytest.mark.parametrize("persona", ["call_centre_staff", "executive", "outsider", "other_staff"])
def test_it_hides_the_guidance_from_others(client: Client, world: World, persona: str) -> None:
    case = report_case(world.staff, world.store)
    sign_in(client, world.persona(persona))
    assert client.get(f"/cases/{case.pk}/submitted/").status_code == 404


def test_it_renders_the_form_in_few_queries_however_large_the_registry(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    Customer.objects.bulk_create(
        Customer(organization=world.organization, name=f"客 {number}") for number in range(50)
    )
    sign_in(client, world.manager)
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        assert client.get("/cases/report/").status_code == 200
