"""Evidence files: type checks by content, random names, hashes.

Files go to Django's default storage (``MEDIA_ROOT/evidence/`` on disk, or a
private S3 bucket) under random names with no extension, outside the web
root; the only way out is ``download_response``, called from a
permission-checked view, which always sends an attachment.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from kasudesk.cases.errors import EvidenceRejected
from kasudesk.cases.models import Evidence

MiB = 1024 * 1024
CHUNK = 64 * 1024
# filetype looks at no more than this many leading bytes.
HEAD_BYTES = 8192
# Uploads larger than this go to a temporary file while they are hashed.
SPOOL_BYTES = 8 * MiB

# Accepted content types by what the file turns out to be.
ACCEPTED: dict[str, Evidence.Kind] = {
    "image/jpeg": Evidence.Kind.IMAGE,
    "image/png": Evidence.Kind.IMAGE,
    "image/gif": Evidence.Kind.IMAGE,
    "image/webp": Evidence.Kind.IMAGE,
    "image/heic": Evidence.Kind.IMAGE,
    "image/avif": Evidence.Kind.IMAGE,
    "image/bmp": Evidence.Kind.IMAGE,
    "image/tiff": Evidence.Kind.IMAGE,
    "audio/mpeg": Evidence.Kind.AUDIO,
    "audio/mp4": Evidence.Kind.AUDIO,
    "audio/ogg": Evidence.Kind.AUDIO,
    "audio/x-wav": Evidence.Kind.AUDIO,
    "audio/amr": Evidence.Kind.AUDIO,
    "audio/aac": Evidence.Kind.AUDIO,
    "audio/x-flac": Evidence.Kind.AUDIO,
    "video/mp4": Evidence.Kind.VIDEO,
    "video/quicktime": Evidence.Kind.VIDEO,
    "video/webm": Evidence.Kind.VIDEO,
    "video/3gpp": Evidence.Kind.VIDEO,
    "video/x-m4v": Evidence.Kind.VIDEO,
    "video/x-msvideo": Evidence.Kind.VIDEO,
    "video/mpeg": Evidence.Kind.VIDEO,
    "application/pdf": Evidence.Kind.PDF,
    "message/rfc822": Evidence.Kind.EMAIL,
    "text/plain": Evidence.Kind.TEXT,
}

# Security-camera footage and long call recordings are large; documents not.
SIZE_LIMITS: dict[Evidence.Kind, int] = {
    Evidence.Kind.IMAGE: 25 * MiB,
    Evidence.Kind.AUDIO: 200 * MiB,
    Evidence.Kind.VIDEO: 1024 * MiB,
    Evidence.Kind.PDF: 50 * MiB,
    Evidence.Kind.EMAIL: 25 * MiB,
    Evidence.Kind.TEXT: 5 * MiB,
}

_MAIL_HEADER = re.compile(
    rb"^(?:From|To|Subject|Date|Received|Return-Path|Message-ID|MIME-Version|Delivered-To)"
    rb":[ \t]",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_LINE = re.compile(rb"^[A-Za-z0-9-]+:[ \t]")


def evidence_storage() -> Storage:
    """Django's default storage: the file system under MEDIA_ROOT, or S3."""
    return storages["default"]


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    # A multi-byte character may be cut at the end of the sample.
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def sniff(head: bytes) -> tuple[str, Evidence.Kind]:
    """The content type and kind of a file from its first bytes.

    Raises EvidenceRejected when the content is not an accepted kind,
    whatever the file is called.
    """
    guess = filetype.guess(head) if head else None
    if guess is not None:
        mime = str(guess.mime)
        if mime in ACCEPTED:
            return mime, ACCEPTED[mime]
        raise EvidenceRejected(
            _("Files of this type cannot be kept as evidence (%(type)s)."),
            params={"type": mime},
        )
    if head and _looks_like_text(head):
        first_line = head.split(b"\n", 1)[0]
        if _HEADER_LINE.match(first_line) and _MAIL_HEADER.search(head):
            return "message/rfc822", Evidence.Kind.EMAIL
        return "text/plain", Evidence.Kind.TEXT
    raise EvidenceRejected(
        _("The file's content was not recognised as a photo, audio, video, PDF or e-mail.")
    )


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    size: int
    sha256: str
    content_type: str
    kind: Evidence.Kind


def _chunks(source: IO[bytes] | Any) -> Iterator[bytes]:
    if hasattr(source, "chunks"):
        yield from source.chunks(CHUNK)
        return
    while chunk := source.read(CHUNK):
        yield chunk


def store(source: IO[bytes] | Any) -> StoredFile:
    """Check ``source`` by content and save it under a new random name.

    ``source`` is an open binary file or a Django ``File``/``UploadedFile``.
    The hash is taken while the bytes are copied, so it covers exactly what
    was stored.
    """
    if hasattr(source, "seek"):
        source.seek(0)
    head = source.read(HEAD_BYTES)
    content_type, kind = sniff(head)
    limit = SIZE_LIMITS[kind]
    declared = getattr(source, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise _too_large(kind, limit)
    source.seek(0)

    digest = hashlib.sha256()
    size = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        for chunk in _chunks(source):
            size += len(chunk)
            if size > limit:
                raise _too_large(kind, limit)
            digest.update(chunk)
            spool.write(chunk)
        spool.seek(0)
        token = secrets.token_hex(16)
        # No extension: nothing about the name tells a server how to render it.
        name = evidence_storage().save(f"evidence/{token[:2]}/{token}", File(spool))
    return StoredFile(name, size, digest.hexdigest(), content_type, kind)


def _too_large(kind: Evidence.Kind, limit: int) -> EvidenceRejected:
    return EvidenceRejected(
        _("This file is too large: %(kind)s files may be up to %(limit)d MB."),
        params={"kind": kind.label, "limit": limit // MiB},
    )


def discard(stored_name: str) -> None:
    evidence_storage().delete(stored_name)


def hash_stored(stored_name: str) -> str | None:
    """The SHA-256 of a stored file, or None when it is missing."""
    store_ = evidence_storage()
    if not store_.exists(stored_name):
        return None
    digest = hashlib.sha256()
    with store_.open(stored_name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class HashMismatch:
    evidence_id: int
    expected: str
    actual: str | None  # None: the file is missing


def find_hash_mismatches(items: Iterable[Evidence]) -> list[HashMismatch]:
    """Re-hash each stored file and report those that differ or are missing."""
    problems: list[HashMismatch] = []
    for item in items:
        actual = hash_stored(item.stored_name)
        if actual != item.sha256:
            problems.append(HashMismatch(item.pk, item.sha256, actual))
    return problems


def download_response(evidence: Evidence) -> FileResponse:
    """An attachment response for ``evidence``; never rendered inline.

    The type is always application/octet-stream so that no browser renders
    the content, whatever it says it is.
    """
    handle = evidence_storage().open(evidence.stored_name, "rb")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
