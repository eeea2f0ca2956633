"""Input validation: every invalid document gets an error naming its field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from kasudesk.judgment import JudgmentError, assess
from kasudesk.judgment.incident import parse_incident

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("document", "error"),
    [
        ([], "incident: expected a JSON object"),
        ({}, "narrative: required"),
        ({"narrative": 5}, "narrative: expected a string"),
        ({"narrative": "", "id": 7}, "id: expected a string"),
        ({"narrative": "", "lang": "fr"}, "lang: expected one of ja, en, auto"),
        (
            {"narrative": "", "channel": "fax"},
            "channel: expected one of in_person, phone, email, chat, sns, letter, other",
        ),
        ({"narrative": "", "colour": "red"}, "colour: unknown field"),
        ({"narrative": "", "facts": []}, "facts: expected an object"),
        (
            {"narrative": "", "facts": {"duration_minutes": -1}},
            "facts.duration_minutes: expected a number >= 0",
        ),
        (
            {"narrative": "", "facts": {"duration_minutes": "90"}},
            "facts.duration_minutes: expected a number >= 0",
        ),
        (
            {"narrative": "", "facts": {"duration_minutes": True}},
            "facts.duration_minutes: expected a number >= 0",
        ),
        (
            {"narrative": "", "facts": {"duration_minutes": float("nan")}},
            "facts.duration_minutes: expected a number >= 0",
        ),
        (
            {"narrative": "", "facts": {"claim_validity": "maybe"}},
            "facts.claim_validity: expected one of valid, invalid, unknown",
        ),
        ({"narrative": "", "facts": {"demands": "refund"}}, "facts.demands: expected a list"),
        (
            {"narrative": "", "facts": {"demands": ["refund_or_exchange", "cake"]}},
            "facts.demands[1]: expected one of",
        ),
        ({"narrative": "", "facts": {"contacts": 5}}, "facts.contacts: expected an object"),
        (
            {"narrative": "", "facts": {"contacts": {"count": 2.5}}},
            "facts.contacts.count: expected an integer >= 0",
        ),
        (
            {"narrative": "", "facts": {"contacts": {"count": 2, "days": -1}}},
            "facts.contacts.days: expected a number >= 0",
        ),
        (
            {"narrative": "", "facts": {"contacts": {"weeks": 1}}},
            "facts.contacts.weeks: unknown field",
        ),
        ({"narrative": "", "facts": {"injury": "yes"}}, "facts.injury: expected true or false"),
        ({"narrative": "", "facts": {"injury": 1}}, "facts.injury: expected true or false"),
        ({"narrative": "", "facts": {"injured": True}}, "facts.injured: unknown field"),
        (
            {"narrative": "", "facts": {"threat_target": "dog"}},
            "facts.threat_target: expected one of person, company, unknown",
        ),
        ({"narrative": "", "transcript": {}}, "transcript: expected a list of utterances"),
        ({"narrative": "", "transcript": ["hi"]}, "transcript[0]: expected an object"),
        (
            {"narrative": "", "transcript": [{"speaker": "customer"}]},
            "transcript[0].text: required",
        ),
        (
            {"narrative": "", "transcript": [{"text": "a"}, {"speaker": "boss", "text": "b"}]},
            "transcript[1].speaker: expected one of customer, employee, other",
        ),
        (
            {"narrative": "", "transcript": [{"text": "a", "t": -3}]},
            "transcript[0].t: expected a number of seconds >= 0",
        ),
        (
            {"narrative": "", "transcript": [{"text": "a", "when": 1}]},
            "transcript[0].when: unknown field",
        ),
        ({"narrative": "", "policy": 3}, "policy: expected a string"),
        ({"narrative": "", "policy": "bakery"}, "policy: unknown preset 'bakery'"),
        ({"narrative": "x" * 100_001}, "narrative: expected at most 100000 characters"),
        ({"narrative": "\ud800殺すぞ"}, "narrative: contains an unpaired surrogate"),
        (
            {"narrative": "", "transcript": [{"text": "\udfff"}]},
            "transcript[0].text: contains an unpaired surrogate",
        ),
        ({"narrative": "", "id": "\ud83d"}, "id: contains an unpaired surrogate"),
    ],
)
def test_it_names_the_field_of_an_invalid_document(document: object, error: str) -> None:
    with pytest.raises(JudgmentError) as caught:
        assess(document, now=NOW)  # type: ignore[arg-type]
    assert str(caught.value).startswith(error)


def test_it_exposes_the_field_on_the_error() -> None:
    with pytest.raises(JudgmentError) as caught:
        assess({"narrative": "", "facts": {"duration_minutes": -1}}, now=NOW)
    assert caught.value.field == "facts.duration_minutes"
    assert caught.value.message == "expected a number >= 0"


def test_it_rejects_a_naive_clock() -> None:
    with pytest.raises(JudgmentError, match=r"^now:"):
        assess({"narrative": ""}, now=datetime(2026, 11, 29))  # noqa: DTZ001


def test_it_reports_the_clock_it_was_given_in_utc() -> None:
    tokyo = timezone(timedelta(hours=9))
    result = assess({"narrative": ""}, now=datetime(2026, 11, 29, 12, 0, tzinfo=tokyo))
    assert result["assessed_at"] == "2026-11-29T03:00:00+00:00"


def test_it_treats_an_absent_fact_as_unknown_not_false() -> None:
    facts = parse_incident({"narrative": "", "facts": {"injury": False}}).facts
    assert facts.flag("injury") is False
    assert facts.flag("weapon") is None
    assert facts.claim_validity is None


def test_it_collapses_repeated_demands() -> None:
    facts = parse_incident({"narrative": "", "facts": {"demands": ["other", "other"]}}).facts
    assert facts.demands == ("other",)
