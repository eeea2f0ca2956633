"""``kasudesk screen FILE|-``: screen plain lines or JSON Lines, one result a line.

Follows the screening contract: each input line gives one output line in
order; a line that cannot be read gets ``{"id": ..., "error": ...}`` and the
run goes on; the exit status is 1 if any line failed, 2 if the input could
not be opened at all.

``kasudesk screen --conversation`` replays one call or chat instead: each
line is an utterance ``{"speaker": ..., "text": ..., "t": ...}`` fed in order
to a ``Conversation``, and each output line tells what the live screen would
have shown staff at that moment, under the same error rules.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from kasudesk.screening.conversation import Conversation, ConversationLimits
from kasudesk.screening.engine import screen
from kasudesk.screening.errors import ScreeningError

__all__ = ["feed_line", "run_conversation", "run_screen", "screen_line"]


def screen_line(line: str, number: int, *, threshold: float) -> dict[str, object]:
    """The output object for one input line (an error object if it is unreadable)."""
    stripped = line.strip()
    if not stripped.startswith("{"):
        try:
            return screen(line.rstrip("\r\n"), threshold=threshold).to_json(number)
        except ScreeningError as exc:
            return {"id": number, "error": str(exc)}
    read = _read_item(stripped, number)
    if isinstance(read, dict):
        return read
    item, item_id, text = read
    lang = item.get("lang")
    if lang is not None and not isinstance(lang, str):
        return {"id": item_id, "error": "'lang' must be a string (ja or en)"}
    try:
        return screen(text, lang, threshold=threshold).to_json(item_id)
    except ScreeningError as exc:
        return {"id": item_id, "error": str(exc)}


def _read_item(line: str, number: int) -> tuple[dict[str, Any], object, str] | dict[str, object]:
    """A JSON line's object, its id (the line number by default) and its text, or the error."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": number, "error": f"invalid JSON: {exc.msg} (column {exc.colno})"}
    if not isinstance(item, dict):
        return {"id": number, "error": "a JSON line must be an object"}
    item_id = item.get("id", number)
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        return {"id": item_id, "error": "no text: give a non-empty string in 'text'"}
    return item, item_id, text


def feed_line(talk: Conversation, line: str, number: int) -> dict[str, object]:
    """The output object for one utterance of a replayed contact (an error object if unreadable)."""
    read = _read_item(line, number)
    if isinstance(read, dict):
        return read
    item, item_id, text = read
    speaker, t = item.get("speaker"), item.get("t")
    if not isinstance(speaker, str):
        return {"id": item_id, "error": "'speaker' must be customer, employee or other"}
    if isinstance(t, bool) or not isinstance(t, int | float):
        return {"id": item_id, "error": "'t' must be a number of seconds since the contact began"}
    try:
        alerts = talk.feed(speaker, text, t)
    except ScreeningError as exc:
        return {"id": item_id, "error": str(exc)}
    result = talk.results[-1]
    screened = None
    if result is not None:  # staff speech is not screened
        screened = result.to_json(item_id)
        del screened["id"]  # the line's own id says it
    return {
        "id": item_id,
        "utterance": talk.utterances - 1,
        "speaker": speaker,
        "screen": screened,
        "alerts": [alert.to_json() for alert in alerts],
    }


def _each_line(
    lines: Iterable[str], stdout: TextIO, answer: Callable[[str, int], dict[str, object]]
) -> int:
    failed = False
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.removeprefix("\ufeff")  # noqa: PLW2901 - a BOM is not text
        if not line.strip():
            continue  # blank lines separate items; they are not items
        out = answer(line, number)
        failed = failed or "error" in out
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()  # live use pipes utterances through one at a time
    return 1 if failed else 0


def _run(
    file: str, stdin: TextIO, stdout: TextIO, answer: Callable[[str, int], dict[str, object]]
) -> int:
    if file == "-":
        return _each_line(stdin, stdout, answer)
    try:
        with open(file, encoding="utf-8", errors="replace", newline="") as handle:
            return _each_line(handle, stdout, answer)
    except OSError as exc:
        sys.stderr.write(f"kasudesk screen: cannot read {file}: {exc.strerror}\n")
        return 2


def _threshold_ok(threshold: float) -> bool:
    if 0.0 <= threshold <= 1.0:
        return True
    sys.stderr.write("kasudesk screen: --threshold must be between 0 and 1\n")
    return False


def run_screen(file: str, *, stdin: TextIO, stdout: TextIO, threshold: float = 0.5) -> int:
    """Entry point of ``kasudesk screen``; returns the exit status."""
    if not _threshold_ok(threshold):
        return 2
    return _run(file, stdin, stdout, lambda line, n: screen_line(line, n, threshold=threshold))


def run_conversation(
    file: str,
    *,
    limits: ConversationLimits,
    stdin: TextIO,
    stdout: TextIO,
    threshold: float = 0.5,
) -> int:
    """Entry point of ``kasudesk screen --conversation``: one contact replayed in order."""
    if not _threshold_ok(threshold):
        return 2
    talk = Conversation(limits, threshold=threshold)
    return _run(file, stdin, stdout, lambda line, n: feed_line(talk, line, n))
