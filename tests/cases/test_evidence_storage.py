"""Evidence: content-checked uploads, random names, hashes, custody, deletion."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kasudesk.audit.models import AuditEvent
from kasudesk.cases import evidence as storage
from kasudesk.cases.actions import (
    add_evidence,
    delete_evidence,
    record_evidence_access,
    verify_evidence_hashes,
)
from kasudesk.cases.errors import EvidenceRejected
from kasudesk.cases.models import Case, CustodyEntry, Evidence
from tests.conftest import World

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 200
EMAIL = (
    "From: customer@example.jp\r\nTo: shop@example.jp\r\nSubject: 返金しろ\r\n"
    "Date: Fri, 20 Nov 2026 10:00:00 +0900\r\n\r\n誠意を見せろ。\r\n"
).encode()
TEXT = "通話メモ：客が30分以上同じ要求を繰り返した。".encode()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 200


@pytest.mark.parametrize(
    ("content", "kind", "content_type"),
    [
        (PNG, Evidence.Kind.IMAGE, "image/png"),
        (JPEG, Evidence.Kind.IMAGE, "image/jpeg"),
        (PDF, Evidence.Kind.PDF, "application/pdf"),
        (MP3, Evidence.Kind.AUDIO, "audio/mpeg"),
        (EMAIL, Evidence.Kind.EMAIL, "message/rfc822"),
        (TEXT, Evidence.Kind.TEXT, "text/plain"),
    ],
)
def test_it_recognises_accepted_files_by_content(
    content: bytes, kind: Evidence.Kind, content_type: str
) -> None:
    assert storage.sniff(content[: storage.HEAD_BYTES]) == (content_type, kind)


@pytest.mark.parametrize("content", [EXE, ZIP, b"\x00\x01\x02\xff\xfe" * 40, b""])
def test_it_rejects_other_content(content: bytes) -> None:
    with pytest.raises(EvidenceRejected):
        storage.sniff(content)


def test_it_judges_by_content_not_by_name(world: World, submitted: Case) -> None:
    item = add_evidence(world.staff, submitted, io.BytesIO(PNG), original_name="report.pdf")
    assert item.kind == Evidence.Kind.IMAGE
    with pytest.raises(EvidenceRejected):
        add_evidence(world.staff, submitted, io.BytesIO(EXE), original_name="photo.jpg")


def test_it_stores_under_a_random_name_outside_the_web_root(world: World, submitted: Case) -> None:
    upload = SimpleUploadedFile("防犯カメラ.png", PNG, content_type="text/html")
    item = add_evidence(world.staff, submitted, upload, original_name=upload.name or "")

    assert item.original_name == "防犯カメラ.png"
    assert "防犯カメラ" not in item.stored_name
    assert "." not in Path(item.stored_name).name
    path = Path(settings.MEDIA_ROOT) / item.stored_name
    assert path.read_bytes() == PNG
    assert item.sha256 == hashlib.sha256(PNG).hexdigest()
    assert item.size == len(PNG)
    assert item.content_type == "image/png"
    other = add_evidence(world.staff, submitted, io.BytesIO(PNG), original_name="a.png")
    assert other.stored_name != item.stored_name


def test_it_enforces_a_size_limit_per_kind(
    world: World, submitted: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(storage.SIZE_LIMITS, Evidence.Kind.IMAGE, 100)
    with translation.override("en"), pytest.raises(EvidenceRejected, match="too large"):
        add_evidence(world.staff, submitted, io.BytesIO(PNG), original_name="big.png")
    assert not Evidence.objects.exists()
    evidence_dir = Path(settings.MEDIA_ROOT) / "evidence"
    leftovers = [p for p in evidence_dir.rglob("*") if p.is_file()] if evidence_dir.exists() else []
    assert leftovers == []
    add_evidence(world.staff, submitted, io.BytesIO(PDF), original_name="small.pdf")


def test_it_opens_the_chain_of_custody_at_upload_and_logs_every_access(
    world: World, submitted: Case
) -> None:
    item = add_evidence(world.staff, submitted, io.BytesIO(PDF), original_name="letter.pdf")
    record_evidence_access(world.manager, item, downloaded=False)
    record_evidence_access(world.counsel, item, downloaded=True)

    entries = list(CustodyEntry.objects.filter(evidence=item).order_by("pk"))
    assert [(e.event, e.actor_id) for e in entries] == [
        (CustodyEntry.Event.UPLOADED, world.staff.pk),
        (CustodyEntry.Event.VIEWED, world.manager.pk),
        (CustodyEntry.Event.DOWNLOADED, world.counsel.pk),
    ]
    assert item.sha256 in entries[0].detail
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"evidence.uploaded", "evidence.viewed", "evidence.downloaded"} <= actions


def test_it_sends_evidence_only_as_an_opaque_attachment(world: World, submitted: Case) -> None:
    item = add_evidence(world.staff, submitted, io.BytesIO(PNG), original_name="写真.png")
    response = storage.download_response(item)
    try:
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PNG  # type: ignore[arg-type]
    finally:
        response.close()


def test_it_refuses_uploads_from_outside_the_case(world: World, submitted: Case) -> None:
    for persona in ("auditor", "executive", "call_centre_staff"):
        with pytest.raises(PermissionDenied):
            add_evidence(world.persona(persona), submitted, io.BytesIO(PNG), original_name="x")


@pytest.mark.parametrize("persona", ["staff", "manager", "desk", "counsel", "auditor"])
def test_it_lets_no_one_but_an_admin_delete_evidence(
    world: World, submitted: Case, persona: str
) -> None:
    item = add_evidence(world.staff, submitted, io.BytesIO(PNG), original_name="a.png")
    with pytest.raises(PermissionDenied):
        delete_evidence(world.persona(persona), item, reason="誤って撮影")
    item.refresh_from_db()
    assert not item.is_deleted


def test_it_deletes_the_content_with_a_recorded_reason_and_keeps_the_record(
    world: World, submitted: Case, django_capture_on_commit_callbacks: object
) -> None:
    item = add_evidence(world.staff, submitted, io.BytesIO(PNG), original_name="a.png")
    with pytest.raises(ValidationError):
        delete_evidence(world.admin, item, reason="")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        delete_evidence(world.admin, item, reason="無関係の第三者が写っていたため")
    item.refresh_from_db()
    assert item.is_deleted
    assert item.deletion_reason == "無関係の第三者が写っていたため"
    assert not (Path(settings.MEDIA_ROOT) / item.stored_name).exists()
    assert CustodyEntry.objects.filter(evidence=item, event=CustodyEntry.Event.DELETED).exists()
    assert AuditEvent.objects.get(action="evidence.deleted").data["sha256"] == item.sha256


def test_it_reports_files_whose_hash_no_longer_matches(world: World, submitted: Case) -> None:
    intact = add_evidence(world.staff, submitted, io.BytesIO(PNG), original_name="a.png")
    altered = add_evidence(world.staff, submitted, io.BytesIO(PDF), original_name="b.pdf")
    missing = add_evidence(world.staff, submitted, io.BytesIO(JPEG), original_name="c.jpg")
    (Path(settings.MEDIA_ROOT) / altered.stored_name).write_bytes(PDF + b"tampered")
    (Path(settings.MEDIA_ROOT) / missing.stored_name).unlink()

    problems = verify_evidence_hashes()

    by_id = {p.evidence_id: p for p in problems}
    assert set(by_id) == {altered.pk, missing.pk}
    assert by_id[missing.pk].actual is None
    assert by_id[altered.pk].actual == hashlib.sha256(PDF + b"tampered").hexdigest()
    assert intact.pk not in by_id
    assert CustodyEntry.objects.filter(event=CustodyEntry.Event.MISMATCH).count() == 2


def test_it_verifies_hashes_from_the_command_line(world: World, submitted: Case) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    item = add_evidence(world.staff, submitted, io.BytesIO(PNG), original_name="a.png")
    out = StringIO()
    call_command("verify_evidence", stdout=out)
    assert "All evidence files match" in out.getvalue()

    (Path(settings.MEDIA_ROOT) / item.stored_name).write_bytes(b"changed")
    err = StringIO()
    with pytest.raises(CommandError, match="1 evidence file"):
        call_command("verify_evidence", stdout=out, stderr=err)
    assert f"evidence {item.pk}" in err.getvalue()
