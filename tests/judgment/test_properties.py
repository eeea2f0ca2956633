"""Invariants of the judgment, checked on generated incidents."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from kasudesk.judgment.engine import judge
from kasudesk.judgment.incident import BOOLEAN_FACTS, CHANNELS, DEMANDS
from kasudesk.judgment.policy import PRESET_NAMES
from tests.judgment.fakes import PHRASES, fake_screener

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
OUTPUT_SCHEMA = json.loads(
    resources.files("kasudesk.judgment")
    .joinpath("schemas", "assess-output.schema.json")
    .read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(OUTPUT_SCHEMA)
FILLER = [
    "お客様が来店した。",
    "The customer called.",
    "商品について話した。",
    "He was upset. ",
    "、",
    " ",
]
# Manner behaviors that can be added as a fact or as words.
MANNER_ADDITIONS: list[tuple[str, Any]] = [
    ("fact", ("physical_contact", True)),
    ("fact", ("weapon", True)),
    ("fact", ("property_damage", True)),
    ("demand", "kneeling_demand"),
    ("demand", "dismissal_of_employee"),
    ("text", "殺すぞ"),
    ("text", "バカ"),
    ("text", "idiot"),
    ("text", "土下座しろ"),
]

facts_strategy = st.fixed_dictionaries(
    {},
    optional={
        "claim_validity": st.sampled_from(["valid", "invalid", "unknown"]),
        "demands": st.lists(st.sampled_from(DEMANDS), max_size=4),
        "duration_minutes": st.floats(min_value=0, max_value=600, allow_nan=False),
        "contacts": st.fixed_dictionaries(
            {}, optional={"count": st.integers(0, 60), "days": st.floats(0, 90, allow_nan=False)}
        ),
        "threat_target": st.sampled_from(["person", "company", "unknown"]),
        **{name: st.booleans() for name in BOOLEAN_FACTS},
    },
)
narrative_strategy = st.lists(st.sampled_from([*FILLER, *PHRASES]), max_size=6).map("".join)
incident_strategy = st.fixed_dictionaries(
    {"narrative": narrative_strategy, "facts": facts_strategy},
    optional={
        "id": st.text(max_size=10),
        "channel": st.sampled_from(CHANNELS),
        "lang": st.sampled_from(["ja", "en", "auto"]),
        "policy": st.sampled_from(PRESET_NAMES),
        "transcript": st.lists(
            st.fixed_dictionaries(
                {
                    "speaker": st.sampled_from(["customer", "employee", "other"]),
                    "text": narrative_strategy,
                },
                optional={"t": st.floats(0, 7200, allow_nan=False)},
            ),
            max_size=4,
        ),
    },
)


def run(document: dict[str, Any]) -> dict[str, Any]:
    return judge(document, now=NOW, screener=fake_screener)


def with_manner(document: dict[str, Any], addition: tuple[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    kind, value = addition
    if kind == "fact":
        changed["facts"][value[0]] = value[1]
    elif kind == "demand":
        changed["facts"]["demands"] = [*changed["facts"].get("demands", []), value]
    else:
        changed["narrative"] += f"「{value}」"
    return changed


@settings(max_examples=150, deadline=None)
@given(incident_strategy)
def test_it_always_answers_in_the_published_schema(document: dict[str, Any]) -> None:
    result = run(document)
    VALIDATOR.validate(result)
    assert (result["severity"] == "none") == (result["verdict"] != "harassment")


@settings(max_examples=150, deadline=None)
@given(incident_strategy, st.sampled_from(MANNER_ADDITIONS))
def test_it_never_excuses_harassment_when_a_manner_behavior_is_added(
    document: dict[str, Any], addition: tuple[str, Any]
) -> None:
    before = run(document)
    after = run(with_manner(document, addition))
    assert after["verdict"] == "harassment"
    if before["verdict"] == "harassment":
        order = ["low", "medium", "high", "critical"]
        assert order.index(after["severity"]) >= order.index(before["severity"])


@settings(max_examples=60, deadline=None)
@given(incident_strategy)
def test_it_needs_fact_finding_once_every_signal_is_removed_and_validity_unknown(
    document: dict[str, Any],
) -> None:
    stripped = {key: value for key, value in document.items() if key not in ("transcript", "facts")}
    stripped["narrative"] = "".join(FILLER)
    if document["facts"].get("claim_validity") == "unknown":
        stripped["facts"] = {"claim_validity": "unknown"}
    assert run(stripped)["verdict"] == "needs_fact_finding"


@settings(max_examples=60, deadline=None)
@given(incident_strategy)
def test_it_points_every_quote_at_its_place_in_the_input(document: dict[str, Any]) -> None:
    result = run(document)
    for behavior in result["behaviors"]:
        for evidence in behavior["evidence"]:
            if "start" not in evidence:
                continue
            field = evidence["field"]
            if field == "narrative":
                source = document["narrative"]
            else:
                index = int(field.removeprefix("transcript[").split("]")[0])
                source = document["transcript"][index]["text"]
            assert source[evidence["start"] : evidence["end"]] == evidence["text"]


@settings(max_examples=60, deadline=None)
@given(incident_strategy)
def test_it_gives_the_same_answer_twice(document: dict[str, Any]) -> None:
    assert run(document) == run(copy.deepcopy(document))


@settings(max_examples=60, deadline=None)
@given(incident_strategy)
def test_it_names_offenses_only_for_harassment_and_only_as_likely_or_possible(
    document: dict[str, Any],
) -> None:
    result = run(document)
    if result["verdict"] != "harassment":
        assert result["offenses"] == []
    for offense in result["offenses"]:
        statuses = {e["status"] for e in offense["elements"]}
        assert (offense["likelihood"] == "likely") == (statuses == {"established"})


REAL_PHRASES = [
    "ぶっ殺すぞ",
    "土下座して謝れ",
    "消費者センターに相談します",
    "I'll kill you",
    "useless idiot",
    "I'll take legal action",
    "返金しろ",
    "ｂａｋａ",
    "ﾊﾞｶ",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(REAL_PHRASES), st.text(max_size=20)), max_size=5).map(
        "".join
    ),
    facts_strategy,
)
def test_it_answers_in_schema_with_exact_offsets_using_the_real_screener(
    narrative: str, facts: dict[str, Any]
) -> None:
    from kasudesk.judgment import assess

    document = {
        "narrative": narrative,
        "facts": facts,
        "transcript": [{"speaker": "customer", "text": narrative}],
    }
    result: dict[str, Any] = assess(document, now=NOW)
    VALIDATOR.validate(result)
    for behavior in result["behaviors"]:
        for evidence in behavior["evidence"]:
            if "start" in evidence:
                assert narrative[evidence["start"] : evidence["end"]] == evidence["text"]
