"""Actions the screens need that combine the domain's own.

A report from the phone form arrives with its files in the same request:
either the case and every file are kept, or nothing is. The domain's
``submit_incident``/``save_draft`` and ``add_evidence`` each commit on their
own; this wraps them in one transaction and removes the files already
written when a later one is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kasudesk.cases import evidence as storage
from kasudesk.cases.actions import ReportInput, add_evidence, save_draft, submit_incident
from kasudesk.cases.errors import EvidenceRejected
from kasudesk.cases.models import Case, Evidence, Status

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kasudesk.accounts.models import User

MiB = 1024 * 1024


def upload_limit() -> int | None:
    """An installation-wide cap on one upload, below the per-kind limits.

    ``KASUDESK_MAX_UPLOAD_BYTES`` lets an operator with a small disk (or a
    test) refuse large files before they are written anywhere.
    """
    value = getattr(settings, "KASUDESK_MAX_UPLOAD_BYTES", None)
    return int(value) if value else None


def check_upload_size(upload: Any) -> None:
    limit = upload_limit()
    size = getattr(upload, "size", None)
    if limit is not None and isinstance(size, int) and size > limit:
        raise EvidenceRejected(
            _("The file “%(name)s” is too large: files may be up to %(limit)s MB."),
            params={"name": getattr(upload, "name", ""), "limit": round(limit / MiB, 1)},
        )


def attach_files(
    actor: User,
    case: Case,
    uploads: Sequence[Any],
    *,
    description: str = "",
    request: HttpRequest | None = None,
) -> list[Evidence]:
    """Add every file to ``case``, or none of them."""
    for upload in uploads:
        check_upload_size(upload)
    added: list[Evidence] = []
    try:
        with transaction.atomic():
            for upload in uploads:
                item = add_evidence(
                    actor,
                    case,
                    upload,
                    original_name=upload.name,
                    description=description,
                    request=request,
                )
                # Kept one by one so that a refusal midway knows what to remove.
                added.append(item)
    except BaseException:
        for item in added:
            storage.discard(item.stored_name)
        raise
    return added


def report_incident(
    actor: User,
    report: ReportInput,
    *,
    uploads: Sequence[Any],
    idempotency_key: str,
    draft: bool,
    request: HttpRequest | None = None,
) -> tuple[Case, bool]:
    """Save or submit a report with its files; (case, created-by-this-call).

    A repeated idempotency key for a report already submitted returns that
    case untouched and adds no file a second time.
    """
    done = (
        Case.objects.filter(reported_by=actor, idempotency_key=idempotency_key)
        .exclude(status=Status.DRAFT)
        .first()
    )
    if done is not None:
        return done, False
    for upload in uploads:
        check_upload_size(upload)
    added: list[Evidence] = []
    try:
        with transaction.atomic():
            if draft:
                case = save_draft(actor, report, idempotency_key=idempotency_key, request=request)
            else:
                case = submit_incident(
                    actor, report, idempotency_key=idempotency_key, request=request
                )
            for upload in uploads:
                item = add_evidence(actor, case, upload, original_name=upload.name, request=request)
                added.append(item)
    except BaseException:
        for item in added:
            storage.discard(item.stored_name)
        raise
    return case, True
