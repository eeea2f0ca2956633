"""Anchor files: the audit trail's head, recorded outside the database.

One JSON object per line, appended, never rewritten, so the file can live
on append-only or write-once storage, or be shipped to another host:
``{"sequence": 1234, "hash": "…", "at": "2026-11-29T03:00:00+00:00"}``.
Only the last line is read back; the earlier ones are history for people.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from kasudesk.audit.chain import Head


class AnchorError(Exception):
    """The anchor file exists but cannot be read as anchors."""


def last_anchor(path: Path) -> Head | None:
    """The newest anchor in ``path``; None when the file is absent or empty."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnchorError(f"cannot read {path}: {exc}") from exc
    lines = [line for line in lines if line.strip()]
    if not lines:
        return None
    try:
        record = json.loads(lines[-1])
        sequence, digest = record["sequence"], record["hash"]
    except (ValueError, KeyError, TypeError) as exc:
        raise AnchorError(
            f"{path}, line {len(lines)}: not an anchor (expected a JSON object with "
            f'"sequence" and "hash")'
        ) from exc
    if not isinstance(sequence, int) or sequence < 1 or not isinstance(digest, str):
        raise AnchorError(f"{path}, line {len(lines)}: sequence or hash has the wrong type")
    return Head(sequence, digest)


def append_anchor(path: Path, head: Head) -> None:
    """Append ``head`` to ``path`` and flush it to disk before returning."""
    record = {"sequence": head.sequence, "hash": head.hash, "at": datetime.now(UTC).isoformat()}
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")
        out.flush()
        os.fsync(out.fileno())
