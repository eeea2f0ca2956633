"""The ``kasudesk assess`` contract, run as a real process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kasudesk.judgment.cli import run_assess

ROOT = Path(__file__).parents[2]


def kasudesk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kasudesk", *args],
        input=stdin,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines()]


GOOD_JA = {
    "id": "ja-1",
    "channel": "in_person",
    "narrative": "",
    "facts": {"asked_to_leave": True, "left_after_request": False},
}
GOOD_EN = {"id": "en-1", "channel": "phone", "narrative": "", "facts": {"claim_validity": "valid"}}


def test_it_answers_each_line_in_order_and_goes_on_after_errors() -> None:
    stdin = "\n".join(
        [
            json.dumps(GOOD_JA, ensure_ascii=False),
            '{"id": "bad-fact", "narrative": "", "facts": {"duration_minutes": -5}}',
            "{not json",
            "",
            '["an", "array"]',
            json.dumps(GOOD_EN),
        ]
    )
    result = kasudesk("assess", "-", stdin=stdin)
    assert result.returncode == 1
    answers = lines(result.stdout)
    assert [a["id"] for a in answers] == ["ja-1", "bad-fact", None, None, "en-1"]
    assert answers[0]["verdict"] == "harassment" and answers[0]["schema"] == 1
    assert answers[1] == {
        "id": "bad-fact",
        "error": "facts.duration_minutes: expected a number >= 0",
    }
    assert answers[2]["error"].startswith("line 3: invalid JSON")
    assert answers[3] == {"id": None, "error": "incident: expected a JSON object"}
    assert answers[4]["verdict"] == "legitimate_complaint"


def test_it_exits_zero_when_every_line_is_judged(tmp_path: Path) -> None:
    path = tmp_path / "incidents.jsonl"
    path.write_text(
        json.dumps(GOOD_JA, ensure_ascii=False) + "\n" + json.dumps(GOOD_EN) + "\n", "utf-8"
    )
    result = kasudesk("assess", str(path))
    assert result.returncode == 0, result.stderr
    assert [a["id"] for a in lines(result.stdout)] == ["ja-1", "en-1"]


def test_it_reads_one_pretty_printed_document(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(GOOD_JA, ensure_ascii=False, indent=2), "utf-8")
    result = kasudesk("assess", str(path))
    assert result.returncode == 0
    assert [a["id"] for a in lines(result.stdout)] == ["ja-1"]
    # Japanese stays readable in the output.
    assert "不退去" in result.stdout


def test_it_judges_under_the_policy_given() -> None:
    document = json.dumps(
        {"id": "x", "channel": "in_person", "narrative": "", "facts": {"duration_minutes": 45}}
    )
    assert (
        lines(kasudesk("assess", "--policy", "government", "-", stdin=document).stdout)[0][
            "verdict"
        ]
        == "needs_fact_finding"
    )
    answer = lines(kasudesk("assess", "--policy", "food_service", "-", stdin=document).stdout)[0]
    assert (answer["verdict"], answer["policy"]) == ("harassment", "food_service")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("assess", "--policy", "bakery", "-"), "unknown preset 'bakery'"),
        (("assess", "/no/such/file.jsonl"), "cannot read /no/such/file.jsonl"),
        (("assess",), "the following arguments are required"),
    ],
)
def test_it_exits_two_for_a_bad_invocation(args: tuple[str, ...], message: str) -> None:
    result = kasudesk(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_it_runs_in_process_through_the_function_the_command_calls() -> None:
    out = io.StringIO()
    status = run_assess("-", policy=None, stdin=io.StringIO(json.dumps(GOOD_EN) + "\n"), stdout=out)
    assert status == 0
    assert json.loads(out.getvalue())["id"] == "en-1"


def test_it_reports_bytes_that_are_not_utf8_on_their_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kasudesk", "assess", "-"],
        input=b'{"id": "a", "narrative": "\xff"}\n{"id": "b", "narrative": ""}\n',
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    answers = lines(result.stdout.decode("utf-8"))
    assert result.returncode == 1
    assert answers[0]["id"] == "a" and answers[0]["error"].startswith("narrative:")
    assert answers[1]["verdict"] == "needs_fact_finding"


def test_it_writes_nothing_for_empty_input() -> None:
    result = kasudesk("assess", "-", stdin="\n\n")
    assert (result.returncode, result.stdout) == (0, "")
