"""``kasudesk screen FILE|-``: the command-line contract."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kasudesk.screening.cli import run_screen

pytestmark = pytest.mark.usefixtures("rules_only")


def run(text: str, threshold: float = 0.5) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    status = run_screen("-", stdin=io.StringIO(text), stdout=out, threshold=threshold)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_screens_plain_lines_with_line_numbers_as_ids() -> None:
    status, rows = run("殺すぞ\n返金してください\n")
    assert status == 0
    assert [row["id"] for row in rows] == [1, 2]
    assert rows[0]["harassment"] is True
    assert rows[0]["signals"][0]["text"] == "殺すぞ"  # type: ignore[index]
    assert rows[1]["harassment"] is False


def test_it_screens_json_lines_and_echoes_ids_and_language() -> None:
    status, rows = run(
        '{"id": "c-7", "text": "You are an idiot", "lang": "en"}\n'
        '{"id": 8, "text": "hello", "lang": "ja"}\n'
    )
    assert status == 0
    assert rows[0]["id"] == "c-7"
    assert rows[0]["lang"] == "en"
    assert rows[0]["harassment"] is True
    assert rows[1]["lang"] == "ja"


def test_it_reports_a_bad_line_and_goes_on_with_exit_status_one() -> None:
    status, rows = run(
        '{"id": "a", "text": "fine"}\n'
        "{not json\n"
        '{"id": "b"}\n'
        '{"id": "c", "text": "x", "lang": "fr"}\n'
        '{"id": "d", "text": 5}\n'
        "殺すぞ\n"
    )
    assert status == 1
    assert [row["id"] for row in rows] == ["a", 2, "b", "c", "d", 6]
    assert [("error" in row) for row in rows] == [False, True, True, True, True, False]
    assert "harassment" in rows[-1]


def test_it_reads_a_line_that_is_not_a_json_object_as_plain_text() -> None:
    status, rows = run('["a list"]\n')
    assert status == 0
    assert rows[0]["id"] == 1


def test_it_skips_blank_lines_but_keeps_line_numbers() -> None:
    status, rows = run("\ufeff殺すぞ\n\n   \nfuck you\n")
    assert status == 0
    assert [row["id"] for row in rows] == [1, 4]
    assert rows[0]["signals"][0]["start"] == 0  # type: ignore[index]


def test_it_applies_the_threshold() -> None:
    _, rows = run("責任者を出せ\n", threshold=0.9)
    assert rows[0]["harassment"] is False


def test_it_reads_a_file(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "土下座しろ"}\r\n', encoding="utf-8")
    out = io.StringIO()
    assert run_screen(str(source), stdin=io.StringIO(), stdout=out) == 0
    row = json.loads(out.getvalue())
    assert row["signals"][0]["behavior"] == "kneeling_demand"


def test_it_fails_with_status_two_when_the_file_is_missing(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_screen(str(tmp_path / "missing.txt"), stdin=io.StringIO(), stdout=out) == 2
    assert out.getvalue() == ""


def test_it_runs_as_the_kasudesk_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kasudesk", "screen", "-"],
        input="I will kill you\n{broken\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows[0]["harassment"] is True
    assert rows[0]["signals"][0]["text"] == "I will kill you"
    assert "error" in rows[1]
