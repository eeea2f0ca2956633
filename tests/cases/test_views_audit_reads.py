"""What the audit trail keeps of reads: case pages opened and evidence downloaded."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kasudesk.audit.chain import verify_chain
from kasudesk.audit.models import AuditEvent
from kasudesk.cases.actions import add_evidence
from kasudesk.cases.models import Case, CustodyEntry, Evidence
from tests.cases.test_views_report import PNG
from tests.cases.test_views_support import report_case, sign_in
from tests.conftest import World

READERS = ["manager", "desk", "counsel", "auditor", "admin"]
STRANGERS = ["executive", "outsider", "call_centre_staff", "other_staff"]


@pytest.fixture
def case(world: World) -> Case:
    return report_case(world.staff, world.store)


@pytest.fixture
def item(world: World, case: Case) -> Evidence:
    upload = SimpleUploadedFile("録音.png", PNG, content_type="image/png")
    return add_evidence(world.staff, case, upload, original_name="録音.png")


def _reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="case.read").order_by("sequence"))


@pytest.mark.parametrize("persona", READERS)
def test_it_audits_each_privileged_read_of_a_case_page(
    client: Client, world: World, case: Case, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    response = client.get(f"/cases/{case.pk}/", headers={"user-agent": "KasuDeskTest/1"})
    assert response.status_code == 200
    [event] = _reads()
    assert event.actor == world.persona(persona)
    assert (event.target_type.model if event.target_type else "", event.target_id) == (
        "case",
        str(case.pk),
    )
    assert event.organization_id == world.organization.pk
    assert event.ip_address == "127.0.0.1"
    assert event.user_agent == "KasuDeskTest/1"
    client.get(f"/cases/{case.pk}/")
    assert len(_reads()) == 2
    assert verify_chain() is None


def test_it_does_not_audit_the_reporter_reading_their_own_case(
    client: Client, world: World, case: Case
) -> None:
    sign_in(client, world.staff)
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/cases/{case.pk}/submitted/").status_code == 200
    assert _reads() == []


@pytest.mark.parametrize("persona", STRANGERS)
def test_it_records_no_read_for_those_turned_away(
    client: Client, world: World, case: Case, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk}/submitted/").status_code == 404
    assert _reads() == []


def test_it_audits_a_privileged_read_of_the_guidance_page(
    client: Client, world: World, case: Case
) -> None:
    sign_in(client, world.desk)
    assert client.get(f"/cases/{case.pk}/submitted/").status_code == 200
    [event] = _reads()
    assert event.actor == world.desk


@pytest.mark.parametrize("persona", ["staff", *READERS])
def test_it_writes_custody_and_audit_for_each_download(
    client: Client, world: World, item: Evidence, persona: str
) -> None:
    user = world.persona(persona)
    sign_in(client, user)
    assert client.get(f"/cases/evidence/{item.pk}/").status_code == 200
    custody = CustodyEntry.objects.get(evidence=item, event=CustodyEntry.Event.DOWNLOADED)
    assert (custody.actor, custody.ip_address) == (user, "127.0.0.1")
    event = AuditEvent.objects.get(action="evidence.downloaded")
    assert event.actor == user
    assert event.target_id == str(item.pk)
    assert event.data == {"case": item.case_id}
    assert event.organization_id == world.organization.pk
    assert event.ip_address == "127.0.0.1"
    assert verify_chain() is None


@pytest.mark.parametrize("persona", STRANGERS)
def test_it_writes_neither_custody_nor_audit_for_a_refused_download(
    client: Client, world: World, item: Evidence, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get(f"/cases/evidence/{item.pk}/").status_code == 404
    assert not CustodyEntry.objects.filter(event=CustodyEntry.Event.DOWNLOADED).exists()
    assert not AuditEvent.objects.filter(action="evidence.downloaded").exists()


def test_it_audits_printing_a_warning_letter(client: Client, world: World, case: Case) -> None:
    sign_in(client, world.manager)
    assert client.get(f"/cases/{case.pk}/letter/").status_code == 200
    [event] = _reads()
    assert (event.actor, event.ip_address) == (world.manager, "127.0.0.1")


@pytest.mark.parametrize(("persona", "status"), [("auditor", 403), ("staff", 403)])
def test_it_refuses_the_letter_to_readers_who_cannot_manage(
    client: Client, world: World, case: Case, persona: str, status: int
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get(f"/cases/{case.pk}/letter/").status_code == status
