"""The live-call benchmark: its file format, what it expects and what it counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import screen_calls
from bench.screen_calls import (
    CallError,
    load,
    run,
    run_rules_only,
    summarise,
    supervisor_behaviors,
)


def _turn(speaker: str, t: float, text: str, label: int = 0, behavior: str = "") -> dict[str, Any]:
    if not behavior:
        behavior = "staff" if speaker == "employee" else "legit"
    return {"speaker": speaker, "t": t, "text": text, "label": label, "behavior": behavior}


LEGIT = {
    "id": "legit-1",
    "lang": "ja",
    "channel": "phone",
    "turns": [
        _turn("customer", 0, "注文した商品がまだ届かないんですけど"),
        _turn("employee", 10, "大変申し訳ございません。すぐにお調べいたします"),
        _turn("customer", 25, "明日までに届かないと困るんです、本当に"),
    ],
}
THREAT = {
    "id": "threat-1",
    "lang": "ja",
    "channel": "phone",
    "turns": [
        _turn("customer", 0, "返品したいんですけど"),
        _turn("employee", 8, "レシートはお持ちでしょうか"),
        _turn("customer", 20, "ふざけるな、殺すぞ", 1, "threat"),
        _turn("employee", 30, "これ以上続くようでしたら、対応を終了させていただきます"),
    ],
}
LONG = {
    "id": "long-1",
    "lang": "en",
    "channel": "chat",
    "turns": [
        _turn("customer", 0, "My router keeps dropping the connection every evening."),
        _turn("employee", 900, "Let's try a factory reset together."),
        _turn("customer", 1900, "Still dropping. Can you send an engineer?"),
    ],
}


def _write(folder: Path, *rows: object, name: str = "calls_test.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_it_expects_nothing_of_a_legitimate_call_and_a_supervisor_for_a_threat(
    tmp_path: Path,
) -> None:
    calls = load(_write(tmp_path, LEGIT, THREAT, LONG))
    outcomes = [run(call) for call in calls]
    legit, threat, long = outcomes
    assert legit.alerts == ()
    assert threat.call.first_harassing == 2
    assert (2, "alert_supervisor") in threat.alerts
    assert threat.customer_turns_to_alert() == 0
    assert threat.flagged == (False, None, True, None)
    # the time limit is the policy's suggestion, not a screening alert
    assert long.alerts == ()
    assert long.time_limit == 2

    summary = summarise("all", outcomes, supervisor_behaviors())
    assert (summary.calls, summary.legit, summary.legit_alerted) == (3, 2, 0)
    assert (summary.harassing, summary.caught, summary.caught_on_first) == (1, 1, 1)
    assert (summary.severe, summary.severe_supervisor, summary.other_supervisor) == (1, 1, 0)
    assert (summary.early, summary.time_limit, summary.turns_to_alert) == (0, 1, 0)


def test_it_counts_an_alert_before_the_harassment_as_early(tmp_path: Path) -> None:
    early = {
        "id": "early-1",
        "lang": "ja",
        "channel": "phone",
        "turns": [
            # labelled legitimate by its writer, flagged by the screen
            _turn("customer", 0, "おい、ふざけるな、殺すぞ"),
            _turn("employee", 5, "落ち着いてください"),
            _turn("customer", 9, "土下座しろ", 1, "kneeling_demand"),
        ],
    }
    (outcome,) = [run(call) for call in load(_write(tmp_path, early))]
    summary = summarise("all", [outcome], supervisor_behaviors())
    assert summary.early == 1
    assert summary.caught == 1  # the kneeling demand raises an alert of its own
    assert summary.other_supervisor == 1  # a supervisor, where no severe turn was labelled


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{not json", "not JSON"),
        ({"id": "x", "lang": "ja", "turns": []}, "needs the fields"),
        ({**LEGIT, "lang": "fr"}, "lang must be"),
        ({**LEGIT, "turns": []}, "at least one turn"),
        ({**LEGIT, "turns": [_turn("manager", 0, "hello")]}, "speaker must be"),
        ({**LEGIT, "turns": [_turn("customer", -1, "hello")]}, "not negative"),
        ({**LEGIT, "turns": [_turn("customer", 0, "  ")]}, "must not be empty"),
        ({**LEGIT, "turns": [_turn("customer", 0, "hi", 2)]}, "label must be"),
        ({**LEGIT, "turns": [_turn("employee", 0, "バカ", 1, "verbal_abuse")]}, "customer's"),
        ({**LEGIT, "turns": [_turn("customer", 0, "バカ", 1, "legit")]}, "manner behavior"),
        ({**LEGIT, "turns": [_turn("customer", 0, "hi", 0, "threat")]}, "not harassment"),
        (
            {**LEGIT, "turns": [_turn("customer", 5, "hi"), _turn("employee", 4, "hello")]},
            "back in time",
        ),
    ],
)
def test_it_rejects_a_malformed_conversation_with_its_place(
    tmp_path: Path, row: object, message: str
) -> None:
    with pytest.raises(CallError, match=message) as caught:
        load(_write(tmp_path, row))
    assert "calls_test.jsonl:1" in str(caught.value)


def test_it_rejects_an_id_used_twice(tmp_path: Path) -> None:
    with pytest.raises(CallError, match="used twice"):
        load(_write(tmp_path, LEGIT, LEGIT))


def test_main_reports_the_tables_and_fails_on_an_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert screen_calls.main(["--calls", str(_write(tmp_path / "calls", LEGIT, THREAT))]) == 0
    out = capsys.readouterr().out
    assert "| calls_test | 2 | 1 | 0 | 0 | 1 | 1 | 1 | 0.00 | 0 |" in out
    assert "| all ja | 1 | 1 | 0 | 0 |" in out
    assert "| ja | 4 | 1 | 1.000 | 1.000 | 1.000 | 0 |" in out
    # the baseline, in the same run: the threat is a rule's, so rules alone catch it too
    assert "| ja | screen() | 0 of 1 | 1 of 1 | 1 | 0 | 1 of 1 | 0 |" in out
    assert "| ja | rules only | 0 of 1 | 1 of 1 | 1 | 0 | 1 of 1 | 0 |" in out
    (tmp_path / "empty").mkdir()
    assert screen_calls.main(["--calls", str(tmp_path / "empty")]) == 2


def test_the_shipped_conversations_hold_both_languages_and_both_kinds() -> None:
    calls = load()
    for lang in ("ja", "en"):
        mine = [c for c in calls if c.lang == lang]
        assert sum(c.first_harassing is None for c in mine) >= 50
        assert sum(c.first_harassing is not None for c in mine) >= 50
    labelled = {t.behavior for c in calls for t in c.turns if t.harassing}
    assert supervisor_behaviors() <= labelled


class _AlwaysHarassing:
    """A learned layer that flags every text, so the baseline's switch shows."""

    def probability(self, text: str, lang: str) -> float:
        return 0.99

    def explain(self, text: str, lang: str) -> tuple[str, int, int]:
        return "verbal_abuse", 0, len(text)

    def behavior_share(self, text: str, lang: str, chosen: object) -> float:
        return 0.0  # verbal abuse, never severe

    def live_probability(self, text: str, lang: str) -> float:
        return 0.99  # the live gate agrees


def test_the_baseline_runs_without_the_learned_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kasudesk.screening import model

    monkeypatch.setattr(model, "get_model", _AlwaysHarassing)
    calls = load(_write(tmp_path, LEGIT))
    assert run(calls[0]).flagged == (True, None, True)
    assert run_rules_only(calls)[0].flagged == (False, None, False)


def test_main_names_a_policy_it_cannot_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = str(_write(tmp_path / "calls", LEGIT))
    assert screen_calls.main(["--calls", calls, "--policy", "no-such-preset"]) == 2
    assert "error: policy: unknown preset 'no-such-preset'" in capsys.readouterr().err
