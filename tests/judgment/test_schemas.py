"""The published JSON Schemas: valid, in step with the code and the docs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kasudesk.judgment import JudgmentError, assess

ROOT = Path(__file__).parents[2]
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


def schema(name: str) -> dict[str, Any]:
    text = resources.files("kasudesk.judgment").joinpath("schemas", name).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@pytest.mark.parametrize("name", ["assess-input.schema.json", "assess-output.schema.json"])
def test_it_publishes_valid_schemas_with_copies_in_the_docs(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(name))
    assert json.loads((ROOT / "docs" / "api" / name).read_text("utf-8")) == schema(name)


EXAMPLE = {
    "id": "c-1",
    "lang": "ja",
    "channel": "in_person",
    "narrative": "",
    "transcript": [{"speaker": "employee", "text": "申し訳ございません", "t": 3.5}],
    "facts": {
        "claim_validity": "invalid",
        "demands": ["refund_or_exchange", "kneeling_demand"],
        "duration_minutes": 95,
        "contacts": {"count": 12, "days": 5},
        "asked_to_leave": True,
        "previously_banned": False,
        "left_after_request": False,
        "physical_contact": True,
        "injury": False,
        "property_damage": True,
        "weapon": False,
        "posted_online": True,
        "employee_identified_online": True,
        "business_disrupted": True,
        "others_present": True,
        "staff_confined": False,
        "money_paid": False,
        "threat_target": "person",
    },
    "policy": "retail",
}

INVALID = [
    {"narrative": "", "facts": {"duration_minutes": -1}},
    {"narrative": "", "facts": {"injured": True}},
    {"narrative": "", "channel": "fax"},
    {"narrative": "", "transcript": [{"speaker": "customer"}]},
    {"narrative": "", "facts": {"contacts": {"count": 1.5}}},
    {"facts": {}},
]


def test_it_accepts_the_full_example_in_both_validator_and_schema() -> None:
    jsonschema.validate(EXAMPLE, schema("assess-input.schema.json"))
    result = assess(EXAMPLE, now=NOW)
    jsonschema.validate(result, schema("assess-output.schema.json"))


@pytest.mark.parametrize("document", INVALID)
def test_it_rejects_what_the_schema_rejects(document: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema("assess-input.schema.json"))
    with pytest.raises(JudgmentError):
        assess(document, now=NOW)


def test_it_describes_error_lines_in_the_output_schema() -> None:
    jsonschema.validate(
        {"id": None, "error": "line 2: invalid JSON"}, schema("assess-output.schema.json")
    )
