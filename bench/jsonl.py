"""JSON Lines files this project wrote, read with each line's place for errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def numbered(path: Path, error: type[ValueError]) -> Iterator[tuple[str, Any]]:
    """``("file.jsonl:N", object)`` for each line that is not blank.

    A line that is not JSON raises ``error`` naming its place, so a writer
    of bench data can find the line to mend.
    """
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: not JSON ({exc.msg})") from None
