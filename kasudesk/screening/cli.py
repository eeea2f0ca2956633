"""``kasudesk screen FILE|-``: screen plain lines or JSON Lines, one result a line.

Follows the screening contract: each input line gives one output line in
order; a line that cannot be read gets ``{"id": ..., "error": ...}`` and the
run goes on; the exit status is 1 if any line failed, 2 if the input could
not be opened at all.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

from kasudesk.screening.engine import screen
from kasudesk.screening.errors import ScreeningError

__all__ = ["run_screen", "screen_line"]


def screen_line(line: str, number: int, *, threshold: float) -> dict[str, object]:
    """The output object for one input line (an error object if it is unreadable)."""
    stripped = line.strip()
    if not stripped.startswith("{"):
        try:
            return screen(line.rstrip("\r\n"), threshold=threshold).to_json(number)
        except ScreeningError as exc:
            return {"id": number, "error": str(exc)}
    try:
        item = json.loads(stripped)
    except json.JSONDecodeError as exc:
        return {"id": number, "error": f"invalid JSON: {exc.msg} (column {exc.colno})"}
    if not isinstance(item, dict):
        return {"id": number, "error": "a JSON line must be an object"}
    item_id = item.get("id", number)
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        return {"id": item_id, "error": "no text: give a non-empty string in 'text'"}
    lang = item.get("lang")
    if lang is not None and not isinstance(lang, str):
        return {"id": item_id, "error": "'lang' must be a string (ja or en)"}
    try:
        return screen(text, lang, threshold=threshold).to_json(item_id)
    except ScreeningError as exc:
        return {"id": item_id, "error": str(exc)}


def _screen_lines(lines: Iterable[str], stdout: TextIO, threshold: float) -> int:
    failed = False
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.removeprefix("\ufeff")  # noqa: PLW2901 - a BOM is not text
        if not line.strip():
            continue  # blank lines separate items; they are not items
        out = screen_line(line, number, threshold=threshold)
        failed = failed or "error" in out
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()  # live use pipes utterances through one at a time
    return 1 if failed else 0


def run_screen(file: str, *, stdin: TextIO, stdout: TextIO, threshold: float = 0.5) -> int:
    """Entry point of ``kasudesk screen``; returns the exit status."""
    if not 0.0 <= threshold <= 1.0:
        sys.stderr.write("kasudesk screen: --threshold must be between 0 and 1\n")
        return 2
    if file == "-":
        return _screen_lines(stdin, stdout, threshold)
    try:
        with open(file, encoding="utf-8", errors="replace", newline="") as handle:
            return _screen_lines(handle, stdout, threshold)
    except OSError as exc:
        sys.stderr.write(f"kasudesk screen: cannot read {file}: {exc.strerror}\n")
        return 2
