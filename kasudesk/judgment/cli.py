"""``kasudesk assess``: judge a JSON document or JSON Lines, one answer a line.

A bad line gets ``{"id": ..., "error": ...}`` and the run goes on; the exit
status is 0 when every line was judged, 1 when any line failed, 2 when the
invocation itself is wrong (unreadable file, unknown policy).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from kasudesk.judgment.engine import judge
from kasudesk.judgment.errors import JudgmentError
from kasudesk.judgment.incident import incident_id
from kasudesk.judgment.policy import Policy, load_policy

OK, LINE_ERROR, BAD_INVOCATION = 0, 1, 2


def _documents(text: str) -> Iterator[tuple[int, object | None, str | None]]:
    """(line number, parsed document or None, error) for each input document.

    One JSON object may span several lines (pretty-printed); anything else is
    read as JSON Lines, so one bad line cannot hide the others.
    """
    stripped = text.strip()
    if not stripped:
        return
    if "\n" in stripped:
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            pass
        else:
            yield 1, whole, None
            return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield number, None, f"line {number}: invalid JSON: {exc.msg} (column {exc.colno})"


def run_assess(file: str, *, policy: str | None, stdin: TextIO, stdout: TextIO) -> int:
    try:
        default: Policy = load_policy(policy)
    except JudgmentError as exc:
        sys.stderr.write(f"kasudesk assess: {exc}\n")
        return BAD_INVOCATION
    if file == "-":
        try:
            text = stdin.read()
        except UnicodeDecodeError as exc:
            sys.stderr.write(f"kasudesk assess: standard input is not UTF-8: {exc}\n")
            return BAD_INVOCATION
    else:
        try:
            text = Path(file).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            sys.stderr.write(f"kasudesk assess: cannot read {file}: {exc}\n")
            return BAD_INVOCATION
    status = OK
    # One clock reading for the run keeps a batch's answers consistent.
    now = datetime.now(UTC)
    for _number, document, error in _documents(text):
        if error is None:
            try:
                if not isinstance(document, dict):
                    raise JudgmentError("incident", "expected a JSON object")
                answer: dict[str, object] = judge(document, now=now, policy=default)
            except JudgmentError as exc:
                answer = {"id": incident_id(document), "error": str(exc)}
        else:
            answer = {"id": None, "error": error}
        if "error" in answer:
            status = LINE_ERROR
        stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
    stdout.flush()
    return status
