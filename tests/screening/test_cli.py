"""``kasudesk screen FILE|-``: the command-line contract."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kasudesk.screening import ConversationLimits
from kasudesk.screening.cli import run_conversation, run_screen

pytestmark = pytest.mark.usefixtures("rules_only")


def run(text: str, threshold: float = 0.5) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    status = run_screen("-", stdin=io.StringIO(text), stdout=out, threshold=threshold)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def kasudesk(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    """The installed command run as a user runs it, standard input given."""
    return subprocess.run(
        [sys.executable, "-m", "kasudesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )


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
    done = kasudesk("screen", "-", stdin="I will kill you\n{broken\n")
    assert done.returncode == 1
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows[0]["harassment"] is True
    assert rows[0]["signals"][0]["text"] == "I will kill you"
    assert "error" in rows[1]


def replay(text: str, limits: ConversationLimits | None = None) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    status = run_conversation(
        "-", limits=limits or ConversationLimits(30), stdin=io.StringIO(text), stdout=out
    )
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def _turn(speaker: str, text: str, t: float, **extra: object) -> str:
    return json.dumps({"speaker": speaker, "text": text, "t": t, **extra}, ensure_ascii=False)


def test_it_replays_a_contact_and_says_what_staff_would_have_been_shown() -> None:
    lines = [
        _turn("customer", "注文した商品がまだ届きません", 0, id="u1"),
        _turn("employee", "確認いたします", 10),
        _turn("customer", "ふざけんな、殺すぞ", 30),
    ]
    status, rows = replay("\n".join(lines) + "\n")
    assert status == 0
    assert [row["id"] for row in rows] == ["u1", 2, 3]
    assert [row["utterance"] for row in rows] == [0, 1, 2]
    assert rows[0]["alerts"] == [] and rows[0]["screen"]["harassment"] is False
    assert rows[1]["screen"] is None  # staff speech is not screened
    kinds = [alert["kind"] for alert in rows[2]["alerts"]]
    assert kinds == ["alert_supervisor", "suggest_warning"]
    alert = rows[2]["alerts"][0]
    assert alert["t"] == 30 and alert["utterance"] == 2
    assert alert["signals"][0]["text"] == "殺すぞ"
    assert "管理者" in alert["reason"]["ja"] and "supervisor" in alert["reason"]["en"]


def test_it_reports_a_bad_utterance_and_replays_the_rest() -> None:
    lines = [
        _turn("customer", "ふざけんな", 20),
        _turn("customer", "まだですか", 5),  # time going back
        "{broken",
        _turn("caller", "もしもし", 30),
        json.dumps({"speaker": "customer", "text": "はい", "t": "soon"}),
        json.dumps({"speaker": "customer", "t": 40}),
        _turn("customer", "ふざけんな、もういい", 50),
    ]
    status, rows = replay("\n".join(lines) + "\n")
    assert status == 1
    assert [("error" in row) for row in rows] == [False, True, True, True, True, True, False]
    assert "time order" in rows[1]["error"]
    assert rows[-1]["utterance"] == 1  # only utterances that were read are counted


def test_it_applies_the_limits_it_is_given() -> None:
    lines = [_turn("customer", "ふざけんな", t) for t in (0, 10, 20)]
    _, rows = replay("\n".join(lines) + "\n", ConversationLimits(30, warnings_before_end=1))
    kinds = [[alert["kind"] for alert in row["alerts"]] for row in rows]
    assert kinds == [["suggest_warning"], ["suggest_end_contact"], ["suggest_end_contact"]]


def test_the_command_replays_under_a_policy_preset_and_channel() -> None:
    lines = [_turn("customer", "I will kill you", 0), _turn("customer", "hello?", 4000)]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kasudesk",
            "screen",
            "--conversation",
            "--policy",
            "retail",
            "--channel",
            "chat",
            "-",
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert "alert_supervisor" in [alert["kind"] for alert in rows[0]["alerts"]]
    assert [alert["kind"] for alert in rows[1]["alerts"]] == ["suggest_end_contact"]  # time limit


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--policy", "no-such"], "unknown preset"), (["--channel", "fax"], "channel")],
)
def test_the_command_names_a_policy_or_channel_it_cannot_use(args: list[str], message: str) -> None:
    done = kasudesk("screen", "--conversation", *args, "-", stdin=_turn("customer", "hi", 0) + "\n")
    assert done.returncode == 2
    assert message in done.stderr and done.stdout == ""
