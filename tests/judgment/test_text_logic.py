"""How text signals feed the judgment, with a stand-in screener.

These rows pin the logic (thresholds, carve-outs, offsets, field names)
independently of what the real screening lexicons happen to contain.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kasudesk.judgment.engine import judge
from tests.judgment.fakes import fake_screener

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


def run(document: dict[str, Any], policy: str | None = None) -> dict[str, Any]:
    return judge(document, now=NOW, policy=policy, screener=fake_screener)


def ids(result: dict[str, Any], key: str) -> set[str]:
    return {item["id"] for item in result[key]}


def test_it_quotes_narrative_evidence_with_offsets_into_the_original() -> None:
    narrative = "お客様が大声で「殺すぞ」と言った。"
    result = run({"narrative": narrative, "channel": "in_person"})
    threat = next(b for b in result["behaviors"] if b["id"] == "threat")
    evidence = threat["evidence"][0]
    assert threat["source"] == "narrative"
    assert evidence["field"] == "narrative"
    assert narrative[evidence["start"] : evidence["end"]] == evidence["text"] == "殺すぞ"
    assert "「殺すぞ」" in result["explanation"]["ja"]
    assert "\u201c殺すぞ\u201d" in result["explanation"]["en"]


def test_it_screens_only_what_the_customer_said_in_a_transcript() -> None:
    document: dict[str, Any] = {
        "narrative": "電話での苦情。",
        "channel": "phone",
        "transcript": [
            {"speaker": "employee", "text": "バカなことを申しました、失礼しました", "t": 1},
            {"speaker": "customer", "text": "お前はバカか。殺すぞ", "t": 5},
        ],
    }
    result = run(document)
    assert ids(result, "behaviors") == {"verbal_abuse", "threat"}
    for behavior in result["behaviors"]:
        assert behavior["source"] == "transcript"
        for evidence in behavior["evidence"]:
            assert evidence["field"] == "transcript[1].text"
            assert (
                document["transcript"][1]["text"][evidence["start"] : evidence["end"]]
                == evidence["text"]
            )


def test_it_makes_a_threat_to_life_critical() -> None:
    assert run({"narrative": "殺すぞと言われた"})["severity"] == "critical"
    assert run({"narrative": "ネットにさらすと言われた"})["severity"] == "high"


def test_it_does_not_treat_a_lawful_remedy_as_a_threat() -> None:
    result = run(
        {
            "narrative": "消費者センターに相談しますと言われた。",
            "facts": {"claim_validity": "valid"},
        }
    )
    assert result["verdict"] == "legitimate_complaint"
    assert result["behaviors"] == [] and result["offenses"] == []
    assert [c["kind"] for c in result["carve_outs"]] == ["lawful_remedy"]
    assert "脅迫には当たりません" in result["explanation"]["ja"]
    unknown = run({"narrative": "I'll take legal action, the customer said."})
    assert unknown["verdict"] == "needs_fact_finding"
    assert "not a threat" in unknown["explanation"]["en"]


def test_it_drops_a_signal_inside_a_carve_out() -> None:
    inside = run({"narrative": "裁判で訴えると言われた。", "facts": {"claim_validity": "valid"}})
    assert inside["verdict"] == "legitimate_complaint"
    outside = run({"narrative": "訴えるぞと言われた。", "facts": {"claim_validity": "valid"}})
    assert outside["verdict"] == "harassment"


def test_it_treats_an_accommodation_request_as_legitimate() -> None:
    result = run({"narrative": "車椅子で入れるようにしてほしいと何度か相談があった。"})
    assert result["verdict"] == "legitimate_complaint"
    assert result["claim_addressable"] is True
    assert {"accommodation_dialogue", "address_claim"} <= ids(result, "actions")
    assert "合理的配慮" in result["explanation"]["ja"]


def test_it_ignores_a_signal_below_the_policy_threshold(tmp_path: Path) -> None:
    assert run({"narrative": "弱い脅し"})["verdict"] == "needs_fact_finding"
    strict = tmp_path / "strict.toml"
    strict.write_text(
        'name = "strict"\nextends = "retail"\n[screening]\nthreshold = 0.1\n', "utf-8"
    )
    assert run({"narrative": "弱い脅し"}, policy=str(strict))["verdict"] == "harassment"


def test_it_judges_a_spoken_demand_against_validity() -> None:
    invalid = run({"narrative": "返金しろ", "facts": {"claim_validity": "invalid"}})
    valid = run({"narrative": "返金しろ", "facts": {"claim_validity": "valid"}})
    unknown = run({"narrative": "refund me"})
    assert (invalid["verdict"], valid["verdict"], unknown["verdict"]) == (
        "harassment",
        "legitimate_complaint",
        "needs_fact_finding",
    )


def test_it_names_attempted_extortion_for_money_demanded_with_a_threat() -> None:
    result = run({"narrative": "誠意を見せろ、殺すぞ"})
    extortion = next(o for o in result["offenses"] if o["id"] == "penal_249")
    assert extortion["attempt"] is True
    assert "249条・250条" in result["explanation"]["ja"] or "恐喝" in result["explanation"]["ja"]


def test_it_names_obstruction_by_deception_for_silent_calls() -> None:
    result = run(
        {"narrative": "無言電話が続いた", "channel": "phone", "facts": {"business_disrupted": True}}
    )
    obstruction = next(o for o in result["offenses"] if o["id"] == "penal_233")
    assert {e["id"]: e["status"] for e in obstruction["elements"]} == {
        "deceptive_means": "established",
        "business_obstructed": "established",
    }
    assert obstruction["likelihood"] == "likely"


def test_it_merges_a_behavior_seen_in_text_and_facts() -> None:
    result = run({"narrative": "土下座しろと言われた", "facts": {"demands": ["kneeling_demand"]}})
    kneeling = next(b for b in result["behaviors"] if b["id"] == "kneeling_demand")
    assert kneeling["source"] == "facts"
    assert kneeling["sources"] == ["facts", "narrative"]
    assert {e["field"] for e in kneeling["evidence"]} == {"facts.demands[0]", "narrative"}


def test_it_treats_status_pressure_as_low_severity_harassment() -> None:
    result = run(
        {"narrative": "社長を知っているぞと繰り返した", "facts": {"claim_validity": "valid"}}
    )
    assert (result["verdict"], result["severity"], result["claim_addressable"]) == (
        "harassment",
        "low",
        True,
    )


def test_it_raises_severity_when_many_manner_behaviors_combine() -> None:
    result = run(
        {
            "narrative": "バカ、土下座しろ",
            "facts": {"duration_minutes": 200},
            "channel": "in_person",
        }
    )
    assert result["severity"] == "high"
    assert run({"narrative": "バカ"})["severity"] == "medium"
