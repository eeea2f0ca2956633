"""``Conversation``: live alerts against the policy's plain limits."""

from __future__ import annotations

import dataclasses
import tomllib
from importlib import resources
from typing import Any

import pytest

from kasudesk.screening import (
    Alert,
    Conversation,
    ConversationLimits,
    ScreeningError,
    conversation,
    engine,
)
from kasudesk.screening.conversation import is_warning
from kasudesk.screening.rules import behaviors

_MODEL_PROBABILITY = engine._model_probability

pytestmark = pytest.mark.usefixtures("rules_only")

ABUSE = "ふざけんな、バカか"


def kinds(alerts: list[Alert]) -> list[str]:
    return [alert.kind for alert in alerts]


def test_it_suggests_the_warning_script_on_the_first_abuse() -> None:
    talk = Conversation(ConversationLimits(max_minutes=30))
    assert talk.feed("customer", "商品が届きません", 5) == []
    alerts = talk.feed("customer", ABUSE, 20)
    assert kinds(alerts) == ["suggest_warning"]
    assert alerts[0].utterance == 1
    assert alerts[0].t == 20
    assert {s.behavior for s in alerts[0].signals} == {"verbal_abuse"}
    assert "暴言" in alerts[0].reason["ja"]
    assert "verbal abuse" in alerts[0].reason["en"]
    assert talk.abuse_count == 1
    assert talk.warnings_given == 1


@pytest.mark.parametrize(
    ("warnings_before_end", "expected"),
    [
        (0, ["suggest_end_contact", "suggest_end_contact"]),
        (1, ["suggest_warning", "suggest_end_contact"]),
        (2, ["suggest_warning", "suggest_warning"]),
    ],
)
def test_it_suggests_ending_after_the_policy_number_of_warnings(
    warnings_before_end: int, expected: list[str]
) -> None:
    talk = Conversation(ConversationLimits(None, warnings_before_end=warnings_before_end))
    got = [kinds(talk.feed("customer", ABUSE, t))[0] for t in (1, 2)]
    assert got == expected


def test_it_counts_a_warning_staff_gave_on_their_own() -> None:
    talk = Conversation(ConversationLimits(None, warnings_before_end=1))
    talk.feed("employee", "これ以上続くようでしたら、対応を終了させていただきます", 1)
    assert talk.warnings_given == 1
    alerts = talk.feed("customer", ABUSE, 2)
    assert kinds(alerts) == ["suggest_end_contact"]
    assert "1" in alerts[0].reason["en"]


def test_it_does_not_count_a_suggested_warning_twice() -> None:
    talk = Conversation(ConversationLimits(None, warnings_before_end=2))
    talk.feed("customer", ABUSE, 1)
    talk.feed("employee", "If this continues I will have to end the call", 2)
    assert talk.warnings_given == 1
    assert kinds(talk.feed("customer", ABUSE, 3)) == ["suggest_warning"]
    assert kinds(talk.feed("customer", ABUSE, 4)) == ["suggest_end_contact"]


@pytest.mark.parametrize(
    "text",
    ["殺すぞ", "I will kill you", "外国人のくせに", "胸が大きいね", "send me nudes"],
)
def test_it_alerts_the_supervisor_now_on_severe_remarks(text: str) -> None:
    talk = Conversation(ConversationLimits(None))
    alerts = talk.feed("customer", text, 3)
    assert kinds(alerts) == ["alert_supervisor", "suggest_warning"]
    assert alerts[0].signals
    assert talk.supervisor_alerted
    assert not talk.end_suggested


def test_it_suggests_ending_once_the_time_limit_passes() -> None:
    talk = Conversation(ConversationLimits(max_minutes=10))
    assert talk.feed("customer", "まだ届きません", 599) == []
    alerts = talk.feed("employee", "確認いたします", 601)
    assert kinds(alerts) == ["suggest_end_contact"]
    assert talk.end_suggested
    assert not talk.supervisor_alerted
    assert "10分" in alerts[0].reason["ja"]
    assert "10 minutes" in alerts[0].reason["en"]
    assert talk.feed("customer", "まだですか", 700) == []


def test_it_never_times_out_without_a_limit() -> None:
    talk = Conversation(ConversationLimits(max_minutes=None))
    assert talk.feed("customer", "まだ届きません", 10_000) == []


@pytest.mark.parametrize(
    "text",
    [
        "消費者センターに相談します",
        "I'll take legal action if this is not fixed",
        "this app crashes all the damn time",
        "返金してください",
    ],
)
def test_it_does_not_interrupt_a_legitimate_complaint(text: str) -> None:
    talk = Conversation(ConversationLimits(max_minutes=30))
    assert talk.feed("customer", text, 1) == []
    assert talk.abuse_count == 0


def test_it_does_not_screen_staff_speech() -> None:
    talk = Conversation(ConversationLimits(None))
    assert talk.feed("employee", "お客様は『殺すぞ』とおっしゃいましたね", 1) == []
    assert talk.results == (None,)


def test_it_screens_a_third_party_on_the_customer_side() -> None:
    talk = Conversation(ConversationLimits(None))
    assert kinds(talk.feed("other", ABUSE, 1)) == ["suggest_warning"]


@pytest.mark.parametrize(
    ("speaker", "t"),
    [("manager", 1.0), ("customer", -1.0), ("customer", float("nan"))],
)
def test_it_rejects_a_bad_utterance(speaker: str, t: float) -> None:
    with pytest.raises(ScreeningError):
        Conversation(ConversationLimits(None)).feed(speaker, "こんにちは", t)


def test_it_rejects_utterances_out_of_time_order() -> None:
    talk = Conversation(ConversationLimits(None))
    talk.feed("customer", "a", 10)
    with pytest.raises(ScreeningError):
        talk.feed("customer", "b", 9)


@pytest.mark.parametrize(
    ("max_minutes", "warnings"), [(0.0, 2), (-5.0, 2), (float("inf"), 2), (10.0, -1)]
)
def test_it_rejects_impossible_limits(max_minutes: float, warnings: int) -> None:
    with pytest.raises(ScreeningError):
        ConversationLimits(max_minutes, warnings_before_end=warnings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("これ以上続くようでしたら、対応を終了させていただきます", True),
        ("If you continue, we will end this call", True),
        ("対応は終了しましたか", False),
        ("ご不便をおかけしております", False),
    ],
)
def test_it_recognises_the_warning_script(text: str, expected: bool) -> None:
    assert is_warning(text) is expected


# Remarks that are tense without being abuse on their own (rules only): rude
# address, brusque words.
TENSE = ["お前さ、いつまで待たせるの", "うるせえな", "お前、話聞いてる?"]


def test_it_suggests_the_warning_when_tense_remarks_pile_up() -> None:
    talk = Conversation(ConversationLimits(None))
    assert talk.feed("customer", TENSE[0], 1) == []
    assert talk.feed("employee", "確認いたしますので少々お待ちください", 2) == []
    assert talk.feed("customer", TENSE[1], 3) == []
    assert talk.tense_streak == 2
    alerts = talk.feed("customer", TENSE[2], 4)
    assert kinds(alerts) == ["suggest_warning"]
    assert alerts[0].utterance == 3
    assert "3" in alerts[0].reason["ja"] and "hostile" in alerts[0].reason["en"]
    assert {s.behavior for s in alerts[0].signals} == {"verbal_abuse"}
    assert talk.warnings_given == 1
    assert talk.abuse_count == 0
    assert talk.tense_streak == 0


def test_a_calm_remark_breaks_the_streak() -> None:
    talk = Conversation(ConversationLimits(None))
    talk.feed("customer", TENSE[0], 1)
    talk.feed("customer", TENSE[1], 2)
    assert talk.feed("customer", "わかりました、では明日また連絡します", 3) == []
    assert talk.tense_streak == 0
    assert talk.feed("customer", TENSE[2], 4) == []
    assert talk.warnings_given == 0


def test_a_warning_staff_give_restarts_the_streak() -> None:
    talk = Conversation(ConversationLimits(None))
    talk.feed("customer", TENSE[0], 1)
    talk.feed("customer", TENSE[1], 2)
    talk.feed("employee", "これ以上続くようでしたら、対応を終了させていただきます", 3)
    assert talk.tense_streak == 0
    assert talk.feed("customer", TENSE[2], 4) == []
    assert talk.warnings_given == 1


def test_an_abusive_remark_in_a_streak_is_warned_once() -> None:
    talk = Conversation(ConversationLimits(None))
    talk.feed("customer", TENSE[0], 1)
    talk.feed("customer", TENSE[1], 2)
    alerts = talk.feed("customer", ABUSE, 3)
    assert kinds(alerts) == ["suggest_warning"]
    assert talk.warnings_given == 1
    assert talk.tense_streak == 0


def test_a_streak_after_the_last_warning_does_not_end_the_contact() -> None:
    talk = Conversation(ConversationLimits(None, warnings_before_end=0))
    for t, text in enumerate(TENSE * 2):
        assert talk.feed("customer", text, t) == []
    assert not talk.end_suggested


@pytest.mark.parametrize(
    "text",
    ["いつまで待たせるんですか", "This is taking forever", "this damn thing is broken again"],
)
def test_fair_impatience_is_not_tension(text: str) -> None:
    talk = Conversation(ConversationLimits(None))
    for t in range(6):
        assert talk.feed("customer", text, t) == []
    assert talk.tense_streak == 0


def test_escalation_can_be_switched_off() -> None:
    talk = Conversation(ConversationLimits(None, tense_in_a_row=None))
    for t, text in enumerate(TENSE * 2):
        assert talk.feed("customer", text, t) == []
    assert talk.warnings_given == 0


@pytest.mark.parametrize("count", [0, 1, -3])
def test_it_rejects_a_streak_too_short_to_mean_anything(count: int) -> None:
    with pytest.raises(ScreeningError, match="tense_in_a_row"):
        ConversationLimits(None, tense_in_a_row=count)


@pytest.mark.usefixtures("zebra_model")
def test_a_behavior_only_the_model_guessed_suggests_a_warning_but_calls_no_supervisor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "_model_probability", _MODEL_PROBABILITY)  # undo rules_only
    _texts_with(monkeypatch, model_supervisor=None)
    talk = Conversation(ConversationLimits(None))
    alerts = talk.feed("customer", "zebra zone, zebra zone", 3)
    assert kinds(alerts) == ["suggest_warning"]
    assert alerts[0].signals[0].source == "model"
    assert not talk.supervisor_alerted


def _texts_with(monkeypatch: pytest.MonkeyPatch, **changes: Any) -> None:
    texts = dataclasses.replace(conversation._texts(), **changes)
    monkeypatch.setattr(conversation, "_texts", lambda: texts)


def _gate(monkeypatch: pytest.MonkeyPatch, lang: str, score: float) -> None:
    _texts_with(monkeypatch, model_gate={lang: score})


def _model_says(monkeypatch: pytest.MonkeyPatch, probability: float) -> None:
    """The learned layer gives ``probability`` to any text with a "z" in it."""
    monkeypatch.setattr(
        engine, "_model_probability", lambda norm, lang: probability if "z" in norm.text else None
    )


@pytest.mark.usefixtures("zebra_model")
def test_a_flag_only_the_model_raised_below_the_gate_is_tense_not_abuse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _gate(monkeypatch, "en", 0.8)
    _model_says(monkeypatch, 0.7)
    talk = Conversation(ConversationLimits(None))
    assert talk.feed("customer", "zebra zone", 1) == []
    assert talk.results[0] is not None and talk.results[0].harassment
    assert talk.abuse_count == 0
    assert talk.tense_streak == 1
    assert talk.feed("customer", "zebra zone again", 2) == []
    alerts = talk.feed("customer", "zebra zone, I said", 3)
    assert kinds(alerts) == ["suggest_warning"]
    assert "hostile" in alerts[0].reason["en"]  # the streak's reason, not abuse


@pytest.mark.usefixtures("zebra_model")
def test_a_flag_only_the_model_raised_at_the_gate_interrupts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _gate(monkeypatch, "en", 0.8)
    _model_says(monkeypatch, 0.8)
    talk = Conversation(ConversationLimits(None))
    assert kinds(talk.feed("customer", "zebra zone", 1)) == ["suggest_warning"]
    assert talk.abuse_count == 1


@pytest.mark.usefixtures("zebra_model")
def test_the_gate_is_the_language_s_own(monkeypatch: pytest.MonkeyPatch) -> None:
    _gate(monkeypatch, "ja", 0.99)
    _model_says(monkeypatch, 0.7)
    talk = Conversation(ConversationLimits(None))
    assert kinds(talk.feed("customer", "zebra zone", 1)) == ["suggest_warning"]


def test_a_flag_a_rule_explains_interrupts_whatever_the_gate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _gate(monkeypatch, "ja", 1.0)
    talk = Conversation(ConversationLimits(None))
    assert kinds(talk.feed("customer", ABUSE, 1)) == ["suggest_warning"]


@pytest.mark.parametrize(
    ("table", "value"),
    [
        ("model_gate", {"ja": -0.1}),
        ("model_gate", {"ja": 1.5}),
        ("model_supervisor", {"share": 0.0}),
        ("model_supervisor", {"share": 1.5}),
    ],
)
def test_it_rejects_a_score_outside_zero_and_one(table: str, value: dict[str, float]) -> None:
    data = tomllib.loads(
        resources.files("kasudesk.screening")
        .joinpath("data", "conversation.toml")
        .read_text("utf-8")
    )
    data[table] = value
    with pytest.raises(ScreeningError, match=table):
        conversation.parse_texts(data)


@pytest.mark.parametrize(
    ("table", "value", "message"),
    [
        ("live_gate", {"ja": 1.5}, "live_gate"),
        ("live_gate", {"ja": "0.5"}, "not a number"),
        ("model_gate", {"ja": True}, "not a number"),
        ("model_supervisor", {"share": "high"}, "not a number"),
        ("live_gate", ["ja"], "malformed"),
        ("messages", None, "malformed"),
    ],
)
def test_it_reports_a_malformed_conversation_file_as_a_screening_error(
    table: str, value: object, message: str
) -> None:
    data = tomllib.loads(
        resources.files("kasudesk.screening")
        .joinpath("data", "conversation.toml")
        .read_text("utf-8")
    )
    if value is None:
        del data[table]
    else:
        data[table] = value
    with pytest.raises(ScreeningError, match=message):
        conversation.parse_texts(data)


def test_the_shipped_gates_are_for_known_languages() -> None:
    texts = conversation._texts()
    assert set(texts.model_gate) | set(texts.live_gate) <= {"ja", "en"}


def _live_gate(monkeypatch: pytest.MonkeyPatch, cut: float, **changes: Any) -> None:
    monkeypatch.setattr(engine, "_model_probability", _MODEL_PROBABILITY)  # undo rules_only
    _texts_with(monkeypatch, model_gate={}, live_gate={"en": cut}, **changes)


@pytest.mark.usefixtures("zebra_model")
def test_a_flag_the_live_gate_doubts_is_tense_not_abuse(monkeypatch: pytest.MonkeyPatch) -> None:
    _live_gate(monkeypatch, 0.5, model_supervisor=None)
    talk = Conversation(ConversationLimits(None))
    assert talk.feed("customer", "zebra quiz", 1) == []
    assert talk.results[0] is not None and talk.results[0].harassment
    assert (talk.abuse_count, talk.tense_streak) == (0, 1)
    assert kinds(talk.feed("customer", "zebra zone", 2)) == ["suggest_warning"]
    assert talk.abuse_count == 1


@pytest.mark.parametrize(("cut", "interrupted"), [(0.85, True), (0.9, False)])
@pytest.mark.usefixtures("zebra_model")
def test_the_live_gate_lets_through_what_reaches_its_cut(
    monkeypatch: pytest.MonkeyPatch, cut: float, interrupted: bool
) -> None:
    _live_gate(monkeypatch, cut, model_supervisor=None)
    assert engine.live_probability("zebra zone", "en") == pytest.approx(0.8808, abs=1e-4)
    alerts = Conversation(ConversationLimits(None)).feed("customer", "zebra zone", 1)
    assert kinds(alerts) == (["suggest_warning"] if interrupted else [])


@pytest.mark.usefixtures("zebra_model")
def test_the_live_gate_never_doubts_a_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    _live_gate(monkeypatch, 1.0)
    alerts = Conversation(ConversationLimits(None)).feed("customer", "quiz: ふざけんな、バカか", 1)
    assert kinds(alerts) == ["suggest_warning"]


@pytest.mark.usefixtures("zebra_model")
def test_a_flag_the_live_gate_doubts_still_calls_a_supervisor_when_surely_severe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _live_gate(monkeypatch, 0.5, model_supervisor=0.8)
    talk = Conversation(ConversationLimits(None))
    alerts = talk.feed("customer", "zebra quiz, zebra quiz", 1)
    assert kinds(alerts) == ["alert_supervisor"]
    assert alerts[0].signals[0].source == "model"
    assert (talk.abuse_count, talk.warnings_given, talk.tense_streak) == (0, 0, 1)


@pytest.mark.usefixtures("zebra_model")
def test_a_flag_below_the_model_gate_never_reaches_the_live_gate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _live_gate(monkeypatch, 0.5, model_supervisor=0.8)
    _gate(monkeypatch, "en", 0.99)
    _texts_with(monkeypatch, live_gate={"en": 0.5}, model_supervisor=0.8)
    alerts = Conversation(ConversationLimits(None)).feed("customer", "zebra quiz, zebra quiz", 1)
    assert alerts == []  # below the model gate: not even the supervisor check runs


# The zebra model's head reads "zebra zone, zebra zone" as a threat with a
# share of about 0.84 (logits +-0.82).
@pytest.mark.parametrize(("share", "called"), [(0.8, True), (0.9, False)])
@pytest.mark.usefixtures("zebra_model")
def test_a_severe_behavior_the_model_is_sure_of_calls_the_supervisor(
    monkeypatch: pytest.MonkeyPatch, share: float, called: bool
) -> None:
    monkeypatch.setattr(engine, "_model_probability", _MODEL_PROBABILITY)  # undo rules_only
    _texts_with(monkeypatch, model_supervisor=share)
    talk = Conversation(ConversationLimits(None))
    alerts = talk.feed("customer", "zebra zone, zebra zone", 3)
    assert talk.supervisor_alerted is called
    if called:
        assert kinds(alerts) == ["alert_supervisor", "suggest_warning"]
        assert alerts[0].signals[0].source == "model"
        assert "学習モデル" in alerts[0].reason["ja"]
        assert "learned model" in alerts[0].reason["en"]
    else:
        assert kinds(alerts) == ["suggest_warning"]


def test_the_model_s_guess_never_replaces_a_rule_s_severe_signal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _texts_with(monkeypatch, model_supervisor=0.01)
    alerts = Conversation(ConversationLimits(None)).feed("customer", "殺すぞ", 1)
    assert kinds(alerts) == ["alert_supervisor", "suggest_warning"]
    assert {s.source for s in alerts[0].signals} != {"model"}
    assert "学習モデル" not in alerts[0].reason["ja"]


def _said_to_caller_entries() -> list[dict[str, Any]]:
    data = tomllib.loads(
        resources.files("kasudesk.screening")
        .joinpath("data", "conversation.toml")
        .read_text("utf-8")
    )
    entries: list[dict[str, Any]] = data["said_to_caller"]
    return entries


_TOLD = [(e["lang"], text) for e in _said_to_caller_entries() for text in e["examples"]]
_NOT_TOLD = [(e["lang"], text) for e in _said_to_caller_entries() for text in e["counter_examples"]]


@pytest.mark.parametrize(("lang", "text"), _TOLD)
def test_a_caller_telling_of_harm_done_to_them_raises_no_alert(lang: str, text: str) -> None:
    result = engine.screen(text, lang)
    told = conversation.reported_to_caller(text, result)
    manner = [s for s in result.signals if s.behavior in _MANNER]
    assert all(s in told for s in manner), [s.text for s in manner if s not in told]
    talk = Conversation(ConversationLimits(None))
    assert talk.feed("customer", text, 1) == []
    assert talk.abuse_count == 0
    if result.harassment:  # set aside whole: not even tense
        assert talk.tense_streak == 0


@pytest.mark.parametrize(("lang", "text"), _NOT_TOLD)
def test_a_report_turned_into_a_threat_is_the_caller_s_own(lang: str, text: str) -> None:
    result = engine.screen(text, lang)
    assert conversation.reported_to_caller(text, result) == ()


def test_only_the_words_told_are_set_aside() -> None:
    text = "前の店員にも「バカ」って言われたけど、お前ぶっ殺すぞ"
    alerts = Conversation(ConversationLimits(None)).feed("customer", text, 1)
    assert kinds(alerts) == ["alert_supervisor", "suggest_warning"]
    assert "バカ" not in {s.text for a in alerts for s in a.signals}
    assert "ぶっ殺すぞ" in {s.text for s in alerts[0].signals}


def test_what_a_caller_was_told_still_screens_as_harassment() -> None:
    # A staff narrative with the same words records harassment; only the
    # live contact knows the caller is the one it was said to.
    assert engine.screen("「次なんか言ったら殺すぞ」って言われました", "ja").harassment


_MANNER = frozenset(b for b, info in behaviors().items() if info.axis == "manner")


def test_a_rude_word_beside_a_reported_threat_is_tense_not_abuse() -> None:
    talk = Conversation(ConversationLimits(None))
    text = "昨日ドアの前で「殺すぞ」って言われたんだよ、お前んとこの店で"
    assert talk.feed("customer", text, 1) == []
    assert (talk.abuse_count, talk.tense_streak) == (0, 1)
