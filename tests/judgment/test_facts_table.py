"""Judgments from facts alone: one row per rule the facts can trigger."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kasudesk.judgment import assess

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


def judge(
    facts: dict[str, Any], channel: str | None = None, policy: str | None = None
) -> dict[str, Any]:
    document: dict[str, Any] = {"narrative": "", "facts": facts}
    if channel:
        document["channel"] = channel
    return assess(document, now=NOW, policy=policy)


def ids(result: dict[str, Any], key: str) -> set[str]:
    return {item["id"] for item in result[key]}


def offense(result: dict[str, Any], offense_id: str) -> dict[str, Any]:
    return next(o for o in result["offenses"] if o["id"] == offense_id)


# (name, facts, channel, policy, verdict, severity, behaviors, offenses)
ROWS: list[tuple[str, dict[str, Any], str | None, str | None, str, str, set[str], set[str]]] = [
    (
        "refund, no defect",
        {"claim_validity": "invalid", "demands": ["refund_or_exchange"]},
        "in_person",
        None,
        "harassment",
        "low",
        {"refund_or_exchange"},
        set(),
    ),
    (
        "refund, real defect",
        {"claim_validity": "valid", "demands": ["refund_or_exchange"]},
        "in_person",
        None,
        "legitimate_complaint",
        "none",
        {"refund_or_exchange"},
        set(),
    ),
    (
        "refund, not yet checked",
        {"demands": ["refund_or_exchange"]},
        "phone",
        None,
        "needs_fact_finding",
        "none",
        {"refund_or_exchange"},
        set(),
    ),
    (
        "unrelated demand, valid claim",
        {"claim_validity": "valid", "demands": ["unrelated_demand"]},
        None,
        None,
        "harassment",
        "low",
        {"unrelated_demand"},
        set(),
    ),
    (
        "apology for a real fault",
        {"claim_validity": "valid", "demands": ["apology_demand"]},
        None,
        None,
        "legitimate_complaint",
        "none",
        {"apology_demand"},
        set(),
    ),
    (
        "apology without a fault",
        {"claim_validity": "invalid", "demands": ["apology_demand"]},
        None,
        None,
        "harassment",
        "low",
        {"apology_demand"},
        set(),
    ),
    (
        "money, unverified",
        {"demands": ["monetary_compensation"]},
        None,
        None,
        "needs_fact_finding",
        "none",
        {"monetary_compensation"},
        set(),
    ),
    (
        "kneeling for a real fault",
        {"claim_validity": "valid", "demands": ["kneeling_demand"]},
        "in_person",
        None,
        "harassment",
        "high",
        {"kneeling_demand"},
        set(),
    ),
    (
        "hit",
        {"physical_contact": True},
        "in_person",
        None,
        "harassment",
        "high",
        {"physical_attack"},
        {"penal_208"},
    ),
    (
        "hit and injured",
        {"physical_contact": True, "injury": True},
        "in_person",
        None,
        "harassment",
        "critical",
        {"physical_attack"},
        {"penal_204"},
    ),
    (
        "20 calls in 3 days",
        {"contacts": {"count": 20, "days": 3}},
        "phone",
        None,
        "harassment",
        "medium",
        {"persistent_contact"},
        {"penal_233"},
    ),
    (
        "30 calls in 30 days",
        {"contacts": {"count": 30, "days": 30}},
        "phone",
        None,
        "harassment",
        "medium",
        {"persistent_contact"},
        {"penal_233"},
    ),
    (
        "2 calls in 7 days",
        {"contacts": {"count": 2, "days": 7}},
        "phone",
        None,
        "needs_fact_finding",
        "none",
        set(),
        set(),
    ),
    (
        "4 calls in 7 days, call centre",
        {"contacts": {"count": 4, "days": 7}},
        "phone",
        "call_centre",
        "needs_fact_finding",
        "none",
        set(),
        set(),
    ),
    (
        "95 minutes at a retail counter",
        {"duration_minutes": 95},
        "in_person",
        "retail",
        "harassment",
        "medium",
        {"prolonged_detention"},
        set(),
    ),
    (
        "25 minutes at a retail counter",
        {"duration_minutes": 25, "claim_validity": "valid"},
        "in_person",
        "retail",
        "legitimate_complaint",
        "none",
        set(),
        set(),
    ),
    (
        "45 minutes at a city hall counter",
        {"duration_minutes": 45, "claim_validity": "valid"},
        "in_person",
        "government",
        "legitimate_complaint",
        "none",
        set(),
        set(),
    ),
    (
        "45 minutes at a restaurant",
        {"duration_minutes": 45},
        "in_person",
        "food_service",
        "harassment",
        "medium",
        {"prolonged_detention"},
        set(),
    ),
    (
        "stayed after being asked",
        {"asked_to_leave": True, "left_after_request": False},
        "in_person",
        None,
        "harassment",
        "high",
        {"refusal_to_leave"},
        {"penal_130"},
    ),
    (
        "left when asked",
        {"asked_to_leave": True, "left_after_request": True, "claim_validity": "valid"},
        "in_person",
        None,
        "legitimate_complaint",
        "none",
        set(),
        set(),
    ),
    (
        "came back after a ban",
        {"previously_banned": True},
        "in_person",
        None,
        "harassment",
        "high",
        {"refusal_to_leave"},
        {"penal_130"},
    ),
    (
        "called after a ban",
        {"previously_banned": True},
        "phone",
        None,
        "harassment",
        "medium",
        {"persistent_contact"},
        {"penal_233"},
    ),
    (
        "post naming the employee",
        {"posted_online": True, "employee_identified_online": True},
        "sns",
        None,
        "harassment",
        "high",
        {"online_defamation"},
        {"penal_230", "penal_231"},
    ),
    (
        "review without names",
        {"posted_online": True, "employee_identified_online": False, "claim_validity": "valid"},
        "sns",
        None,
        "legitimate_complaint",
        "none",
        set(),
        set(),
    ),
    (
        "weapon shown",
        {"weapon": True},
        "in_person",
        None,
        "harassment",
        "critical",
        {"threat", "intimidation"},
        {"penal_222"},
    ),
    (
        "weapon, threat at the company",
        {"weapon": True, "threat_target": "company"},
        "in_person",
        None,
        "harassment",
        "critical",
        {"threat", "intimidation"},
        {"penal_234"},
    ),
    (
        "kicked a shelf",
        {"property_damage": True},
        "in_person",
        None,
        "harassment",
        "high",
        {"intimidation"},
        {"penal_261"},
    ),
    (
        "kicked a shelf, shop stopped",
        {"property_damage": True, "business_disrupted": True},
        "in_person",
        None,
        "harassment",
        "high",
        {"intimidation"},
        {"penal_261", "penal_234"},
    ),
    (
        "demanded dismissal",
        {"demands": ["dismissal_of_employee"]},
        "phone",
        None,
        "harassment",
        "medium",
        {"personal_attack"},
        set(),
    ),
    (
        "summoned to the home",
        {"demands": ["off_site_visit"], "claim_validity": "valid"},
        "phone",
        None,
        "harassment",
        "medium",
        {"off_site_summons"},
        set(),
    ),
    (
        "staff confined",
        {"staff_confined": True},
        "in_person",
        None,
        "harassment",
        "critical",
        {"refusal_to_leave"},
        {"penal_220", "penal_130"},
    ),
    (
        "groped",
        {"physical_contact": True},
        "in_person",
        None,
        "harassment",
        "high",
        {"physical_attack"},
        {"penal_208"},
    ),
    (
        "nothing, valid",
        {"claim_validity": "valid"},
        None,
        None,
        "legitimate_complaint",
        "none",
        set(),
        set(),
    ),
    (
        "nothing, invalid",
        {"claim_validity": "invalid"},
        None,
        None,
        "legitimate_complaint",
        "none",
        set(),
        set(),
    ),
    ("nothing, unknown", {}, None, None, "needs_fact_finding", "none", set(), set()),
    (
        "another demand, unknown",
        {"demands": ["other"]},
        None,
        None,
        "needs_fact_finding",
        "none",
        set(),
        set(),
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_it_judges_from_facts(
    row: tuple[str, dict[str, Any], str | None, str | None, str, str, set[str], set[str]],
) -> None:
    _, facts, channel, policy, verdict, severity, behaviors, offenses = row
    result = judge(facts, channel, policy)
    assert (result["verdict"], result["severity"]) == (verdict, severity)
    assert ids(result, "behaviors") == behaviors
    assert offenses <= ids(result, "offenses")
    assert all(b["source"] == "facts" for b in result["behaviors"])


def test_it_keeps_a_valid_claim_addressable_under_harassment() -> None:
    result = judge(
        {"claim_validity": "valid", "demands": ["kneeling_demand", "refund_or_exchange"]},
        "in_person",
    )
    assert result["verdict"] == "harassment"
    assert result["claim_addressable"] is True
    assert "address_claim" in ids(result, "actions")


def test_it_does_not_make_an_invalid_claim_addressable() -> None:
    result = judge({"claim_validity": "invalid", "demands": ["kneeling_demand"]}, "in_person")
    assert result["claim_addressable"] is False
    assert "address_claim" not in ids(result, "actions")


def test_it_marks_each_element_of_art_130_from_the_record() -> None:
    unknown = offense(
        judge({"left_after_request": False, "asked_to_leave": True}, "in_person"), "penal_130"
    )
    assert [e["status"] for e in unknown["elements"]] == ["established", "established"]
    assert unknown["likelihood"] == "likely"
    banned = offense(judge({"previously_banned": True}, "in_person"), "penal_130")
    assert [(e["id"], e["status"]) for e in banned["elements"]] == [
        ("entry_after_ban", "established")
    ]
    confined = offense(judge({"staff_confined": True}, "in_person"), "penal_130")
    assert {e["id"]: e["status"] for e in confined["elements"]} == {
        "demand_to_leave": "unknown",
        "stayed_after_demand": "unknown",
    }
    assert confined["likelihood"] == "possible"


def test_it_treats_an_unpaid_extortion_demand_as_an_attempt() -> None:
    unpaid = offense(
        judge({"weapon": True, "demands": ["monetary_compensation"]}, "in_person"), "penal_249"
    )
    assert unpaid["attempt"] is True
    assert "250" in unpaid["law"]
    assert "delivery" not in {e["id"] for e in unpaid["elements"]}
    paid = offense(
        judge(
            {"weapon": True, "demands": ["monetary_compensation"], "money_paid": True}, "in_person"
        ),
        "penal_249",
    )
    assert paid["attempt"] is False
    assert paid["law"] == "Penal Code Art. 249"
    assert paid["likelihood"] == "likely"


def test_it_names_222_only_for_threats_to_a_person() -> None:
    person = judge({"weapon": True, "threat_target": "person"}, "in_person")
    assert offense(person, "penal_222")["likelihood"] == "likely"
    company = judge({"weapon": True, "threat_target": "company"}, "in_person")
    assert "penal_222" not in ids(company, "offenses")
    assert "penal_234" in ids(company, "offenses")


def test_it_never_says_guilty() -> None:
    result = judge(
        {"physical_contact": True, "injury": True, "weapon": True, "property_damage": True},
        "in_person",
    )
    text = str(result).lower()
    assert "guilty" not in text.replace("not a finding of guilt", "")
    assert {o["likelihood"] for o in result["offenses"]} <= {"likely", "possible"}


def test_it_orders_actions_by_priority_and_starts_with_safety() -> None:
    result = judge({"physical_contact": True, "injury": True}, "in_person")
    actions = [a["id"] for a in result["actions"]]
    assert actions[:2] == ["ensure_safety", "call_110"]
    assert [a["priority"] for a in result["actions"]] == list(range(1, len(actions) + 1))
    assert actions[-1] == "employee_aftercare"


def test_it_fills_the_policy_numbers_into_the_playbook() -> None:
    result = judge(
        {"duration_minutes": 50, "contacts": {"count": 9, "days": 2}}, "phone", "healthcare"
    )
    end = next(a for a in result["actions"] if a["id"] == "end_contact")
    assert "20分" in end["text"]["ja"] and "20 minutes" in end["text"]["en"]
    assert "2回" in end["text"]["ja"]
    in_person = judge({"duration_minutes": 50}, "in_person", "retail")
    hand_over = next(a for a in in_person["actions"] if a["id"] == "separate_and_hand_over")
    assert "2人以上" in hand_over["text"]["ja"]


def test_it_asks_for_fact_finding_when_validity_is_unknown() -> None:
    result = judge({"demands": ["refund_or_exchange"]}, "phone")
    assert [a["id"] for a in result["actions"]] == ["fact_finding"]
    assert "事実を確認" in result["explanation"]["ja"]


def test_it_cites_the_deciding_facts_in_the_explanation() -> None:
    result = judge({"duration_minutes": 95}, "in_person", "retail")
    assert "95分" in result["explanation"]["ja"] and "30分" in result["explanation"]["ja"]
    assert "95 minutes" in result["explanation"]["en"]
    assert "厚生労働省" in result["explanation"]["ja"] and "MHLW" in result["explanation"]["en"]


def test_it_flags_police_and_ban_criteria_from_the_policy() -> None:
    result = judge({"previously_banned": True}, "in_person")
    assert "entry_after_ban" in result["police_criteria_met"]
    assert {"call_110", "premises_ban"} <= ids(result, "actions")


def test_it_reads_the_policy_named_in_the_document() -> None:
    document = {
        "narrative": "",
        "channel": "in_person",
        "facts": {"duration_minutes": 45},
        "policy": "government",
    }
    assert assess(document, now=NOW, policy="food_service")["verdict"] == "needs_fact_finding"
    del document["policy"]
    assert assess(document, now=NOW, policy="food_service")["verdict"] == "harassment"


def test_it_measures_duration_from_the_transcript_when_not_given() -> None:
    document = {
        "narrative": "",
        "channel": "phone",
        "transcript": [
            {"speaker": "employee", "text": "お待たせしました", "t": 0},
            {"speaker": "employee", "text": "失礼します", "t": 3000},
        ],
    }
    result: dict[str, Any] = assess(document, now=NOW)
    assert ids(result, "behaviors") == {"prolonged_detention"}
    assert result["behaviors"][0]["evidence"][0]["field"] == "transcript"
