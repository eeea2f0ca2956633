"""Evidence on a case: upload, checked download with custody, deletion by an admin."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kasudesk.cases.actions import add_evidence
from kasudesk.cases.models import Case, CustodyEntry, Evidence
from tests.cases.test_views_report import EXE, PNG
from tests.cases.test_views_support import report_case, sign_in
from tests.conftest import World


@pytest.fixture
def case(world: World) -> Case:
    return report_case(world.staff, world.store)


@pytest.fixture
def item(world: World, case: Case) -> Evidence:
    upload = SimpleUploadedFile("レシート.png", PNG, content_type="image/png")
    return add_evidence(world.staff, case, upload, original_name="レシート.png")


def test_it_adds_files_to_a_case(client: Client, world: World, case: Case) -> None:
    sign_in(client, world.staff)
    files = [
        SimpleUploadedFile("a.png", PNG, content_type="image/png"),
        SimpleUploadedFile("note.txt", "録音の書き起こし".encode(), content_type="text/plain"),
    ]
    response = client.post(
        f"/cases/{case.pk}/evidence/", {"attachments": files, "description": "現場写真"}
    )
    assert response.status_code == 302
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["a.png", "note.txt"]


def test_it_refuses_an_executable_and_keeps_nothing(
    client: Client, world: World, case: Case, settings: LazySettings
) -> None:
    sign_in(client, world.manager)
    files = [
        SimpleUploadedFile("a.png", PNG, content_type="image/png"),
        SimpleUploadedFile("b.jpg", EXE, content_type="image/jpeg"),
    ]
    response = client.post(f"/cases/{case.pk}/evidence/", {"attachments": files})
    assert response.status_code == 400
    assert "cannot be kept as evidence" in response.content.decode()
    assert not Evidence.objects.exists()
    root = Path(settings.MEDIA_ROOT) / "evidence"
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("auditor", 403), ("outsider", 404), ("call_centre_staff", 404), ("executive", 404)],
)
def test_it_refuses_uploads_from_others(
    client: Client, world: World, case: Case, persona: str, status: int
) -> None:
    sign_in(client, world.persona(persona))
    upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    response = client.post(f"/cases/{case.pk}/evidence/", {"attachments": [upload]})
    assert response.status_code == status
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("persona", ["staff", "manager", "desk", "auditor", "admin"])
def test_it_downloads_as_an_attachment_and_writes_custody(
    client: Client, world: World, item: Evidence, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    response = client.get(f"/cases/evidence/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response.getvalue() == PNG
    entry = CustodyEntry.objects.filter(evidence=item, event=CustodyEntry.Event.DOWNLOADED).get()
    assert entry.actor == world.persona(persona)


@pytest.mark.parametrize("persona", ["outsider", "call_centre_staff", "executive", "other_staff"])
def test_it_hides_the_file_from_everyone_else(
    client: Client, world: World, item: Evidence, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get(f"/cases/evidence/{item.pk}/").status_code == 404
    assert not CustodyEntry.objects.filter(event=CustodyEntry.Event.DOWNLOADED).exists()


@pytest.mark.parametrize(("persona", "status"), [("manager", 403), ("desk", 403), ("staff", 403)])
def test_it_lets_only_an_admin_delete(
    client: Client, world: World, item: Evidence, persona: str, status: int
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get(f"/cases/evidence/{item.pk}/delete/").status_code == status
    response = client.post(f"/cases/evidence/{item.pk}/delete/", {"reason": "x"})
    assert response.status_code == status
    item.refresh_from_db()
    assert not item.is_deleted


def test_it_hides_the_delete_page_from_strangers(
    client: Client, world: World, item: Evidence
) -> None:
    sign_in(client, world.outsider)
    assert client.get(f"/cases/evidence/{item.pk}/delete/").status_code == 404


def test_it_needs_a_reason_to_delete(client: Client, world: World, item: Evidence) -> None:
    sign_in(client, world.admin)
    response = client.post(f"/cases/evidence/{item.pk}/delete/", {"reason": "   "})
    assert response.status_code == 400
    item.refresh_from_db()
    assert not item.is_deleted


def test_it_deletes_with_a_reason_and_keeps_the_record(
    client: Client, world: World, item: Evidence
) -> None:
    sign_in(client, world.admin)
    response = client.post(
        f"/cases/evidence/{item.pk}/delete/", {"reason": "本人の写り込みのため削除依頼"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_deleted
    assert item.deletion_reason == "本人の写り込みのため削除依頼"
    assert CustodyEntry.objects.filter(evidence=item, event=CustodyEntry.Event.DELETED).exists()
    assert client.get(f"/cases/evidence/{item.pk}/").status_code == 404
    page = client.get(f"/cases/{item.case_id}/").content.decode()
    assert "本人の写り込みのため削除依頼" in page
