"""Evidence files on disk: type checks by content, random names, hashes.

Files live under ``MEDIA_ROOT/evidence/`` with random names and no
extension, outside the web root; the only way out is ``download_response``,
called from a permission-checked view, which always sends an attachment.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import filetype
from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from kasudesk.cases.errors import EvidenceRejected
from kasudesk.cases.models import Evidence

MiB = 1024 * 1024
CHUNK = 64 * 1024
# filetype looks at no more than this many leading bytes.
HEAD_BYTES = 8192

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


def evidence_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "evidence"


def evidence_path(stored_name: str) -> Path:
    root = evidence_root().resolve()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        # Stored names are ours, but a tampered row must not reach outside.
        raise ValueError(f"stored name {stored_name!r} leaves the evidence folder")
    return path


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
    """Check ``source`` by content and write it under a new random name.

    ``source`` is an open binary file or a Django ``File``/``UploadedFile``.
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

    token = secrets.token_hex(16)
    stored_name = f"{token[:2]}/{token}"
    path = evidence_path(stored_name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            for chunk in _chunks(source):
                size += len(chunk)
                if size > limit:
                    raise _too_large(kind, limit)
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(stored_name, size, digest.hexdigest(), content_type, kind)


def _too_large(kind: Evidence.Kind, limit: int) -> EvidenceRejected:
    return EvidenceRejected(
        _("This file is too large: %(kind)s files may be up to %(limit)d MB."),
        params={"kind": kind.label, "limit": limit // MiB},
    )


def discard(stored_name: str) -> None:
    evidence_path(stored_name).unlink(missing_ok=True)


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
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
        path = evidence_path(item.stored_name)
        actual = hash_file(path) if path.is_file() else None
        if actual != item.sha256:
            problems.append(HashMismatch(item.pk, item.sha256, actual))
    return problems


def download_response(evidence: Evidence) -> FileResponse:
    """An attachment response for ``evidence``; never rendered inline.

    The type is always application/octet-stream so that no browser renders
    the content, whatever it says it is.
    """
    handle = evidence_path(evidence.stored_name).open("rb")
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
