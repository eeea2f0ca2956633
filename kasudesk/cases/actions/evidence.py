"""Evidence: upload, every view and download, checks, and the admin's deletion."""

from __future__ import annotations

from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kasudesk.accounts.access import Capability, has_capability
from kasudesk.audit.log import client_ip, log_action
from kasudesk.cases import evidence as storage
from kasudesk.cases.access import can_contribute
from kasudesk.cases.actions._common import case_event, now_or
from kasudesk.cases.models import Case, CustodyEntry, Evidence

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kasudesk.accounts.models import User


def _ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


def add_evidence(
    actor: User,
    case: Case,
    upload: IO[bytes] | Any,
    *,
    original_name: str,
    description: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Evidence:
    """Check the file by its content, store it, hash it and open its custody log.

    Raises EvidenceRejected for a type not accepted or a file too large.
    """
    now = now_or(now)
    if not can_contribute(actor, case):
        raise PermissionDenied
    stored = storage.store(upload)
    try:
        with transaction.atomic():
            item = Evidence.objects.create(
                case=case,
                kind=stored.kind,
                content_type=stored.content_type,
                original_name=(original_name or "evidence")[:255],
                stored_name=stored.stored_name,
                size=stored.size,
                sha256=stored.sha256,
                description=description.strip()[:500],
                uploaded_by=actor,
                uploaded_at=now,
            )
            CustodyEntry.objects.create(
                evidence=item,
                event=CustodyEntry.Event.UPLOADED,
                actor=actor,
                at=now,
                ip_address=_ip(request),
                detail=f"sha256={stored.sha256} size={stored.size}",
            )
            data = {"evidence": item.pk, "sha256": stored.sha256, "kind": stored.kind}
            case_event(case, "evidence_added", actor=actor, at=now, data=data)
            log_action(
                "evidence.uploaded",
                actor=actor,
                target=item,
                organization_id=case.organization_id,
                data={**data, "case": case.pk},
                request=request,
            )
    except BaseException:
        storage.discard(stored.stored_name)
        raise
    return item


def record_evidence_access(
    actor: User,
    item: Evidence,
    *,
    downloaded: bool,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> CustodyEntry:
    """Write a view or a download to the chain of custody and the audit trail."""
    now = now_or(now)
    event = CustodyEntry.Event.DOWNLOADED if downloaded else CustodyEntry.Event.VIEWED
    with transaction.atomic():
        entry = CustodyEntry.objects.create(
            evidence=item, event=event, actor=actor, at=now, ip_address=_ip(request)
        )
        log_action(
            f"evidence.{event}",
            actor=actor,
            target=item,
            organization_id=item.case.organization_id,
            data={"case": item.case_id},
            request=request,
        )
        return entry


def delete_evidence(
    actor: User,
    item: Evidence,
    *,
    reason: str,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Evidence:
    """Remove the file's content; its record, hash and custody log remain.

    Only an administrator may, and only with a reason.
    """
    now = now_or(now)
    if not has_capability(actor, Capability.DELETE_EVIDENCE, item.case.site):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give the reason for deleting this evidence."))
    if item.is_deleted:
        return item
    with transaction.atomic():
        item.deleted_at = now
        item.deleted_by = actor
        item.deletion_reason = reason.strip()
        item.save(update_fields=["deleted_at", "deleted_by", "deletion_reason"])
        CustodyEntry.objects.create(
            evidence=item,
            event=CustodyEntry.Event.DELETED,
            actor=actor,
            at=now,
            ip_address=_ip(request),
            detail=reason.strip()[:500],
        )
        case_event(item.case, "evidence_deleted", actor=actor, at=now, data={"evidence": item.pk})
        log_action(
            "evidence.deleted",
            actor=actor,
            target=item,
            organization_id=item.case.organization_id,
            data={"case": item.case_id, "reason": item.deletion_reason, "sha256": item.sha256},
            request=request,
        )
        stored_name = item.stored_name
        transaction.on_commit(lambda: storage.discard(stored_name))
        return item


def verify_evidence_hashes(
    items: QuerySet[Evidence] | None = None,
    *,
    actor: User | None = None,
    now: datetime | None = None,
) -> list[storage.HashMismatch]:
    """Re-hash stored files; log each mismatch to custody and the audit trail."""
    now = now_or(now)
    queryset = (items if items is not None else Evidence.objects.all()).filter(
        deleted_at__isnull=True
    )
    problems = storage.find_hash_mismatches(queryset.select_related("case").iterator())
    with transaction.atomic():
        by_id = {
            item.pk: item for item in queryset.filter(pk__in=[p.evidence_id for p in problems])
        }
        for problem in problems:
            item = by_id[problem.evidence_id]
            detail = (
                "file missing"
                if problem.actual is None
                else f"expected {problem.expected}, found {problem.actual}"
            )
            CustodyEntry.objects.create(
                evidence=item, event=CustodyEntry.Event.MISMATCH, actor=actor, at=now, detail=detail
            )
            log_action(
                "evidence.hash.mismatch",
                actor=actor,
                target=item,
                organization_id=item.case.organization_id,
                data={"expected": problem.expected, "actual": problem.actual},
            )
    return problems
