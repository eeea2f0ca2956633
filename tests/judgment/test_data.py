"""The data files: complete, sourced, and in step with the project's spec."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kasudesk.judgment.knowledge import knowledge, read_data


def _spec_ids(text: str, section: str, prefix: str = "") -> list[str]:
    part = text.split(section, 1)[1].split("\n## ", 1)[0]
    return [m for m in re.findall(r"^\| `([a-z_0-9]+)` \|", part, re.M) if m.startswith(prefix)]


def test_it_holds_exactly_the_behaviors_of_the_spec(shared_dir: Path) -> None:
    spec = (shared_dir / "spec" / "behaviors.md").read_text("utf-8")
    manner = _spec_ids(spec, "## Manner")
    demand = _spec_ids(spec, "## Demand content")
    behaviors = knowledge().behaviors
    assert [b for b in behaviors if behaviors[b].axis == "manner"] == manner
    assert [b for b in behaviors if behaviors[b].axis == "demand"] == demand


def test_it_holds_exactly_the_offenses_of_the_spec_with_current_penalties(shared_dir: Path) -> None:
    spec = (shared_dir / "spec" / "law.md").read_text("utf-8")
    rows = re.findall(r"^\| `(penal_\d+)` \| (刑法\d+条) \|[^|]*\|[^|]*\| ([^|]+?) \|", spec, re.M)
    offenses = {o.id: o for o in knowledge().offenses}
    assert list(offenses) == [row[0] for row in rows]
    penalties = {offense_id: penalty for offense_id, _, penalty in rows}
    penalties["penal_234"] = penalties["penal_233"]  # the spec says "as Art. 233"
    for offense_id, article, _ in rows:
        offense = offenses[offense_id]
        penalty = penalties[offense_id]
        assert offense.article.ja == article
        # The spec's penalty, minus its English parenthetical, opens ours.
        assert offense.penalty.ja.startswith(penalty.split(" (")[0].strip()), offense_id


@pytest.mark.parametrize("offense", knowledge().offenses, ids=lambda o: o.id)
def test_it_states_each_offense_with_post_2025_penalties_elements_and_sources(
    offense: object,
) -> None:
    from kasudesk.judgment.knowledge import OffenseDef

    assert isinstance(offense, OffenseDef)
    assert "拘禁刑" in offense.penalty.ja or "罰金" in offense.penalty.ja
    assert "懲役" not in offense.penalty.ja and "禁錮" not in offense.penalty.ja
    assert "imprisonment" not in offense.penalty.en.lower()
    assert offense.elements and offense.sources
    assert all(e.name.ja and e.name.en for e in offense.elements)


def test_it_gives_every_behavior_names_a_description_an_mhlw_type_and_sources() -> None:
    for behavior in knowledge().behaviors.values():
        assert behavior.name.ja and behavior.name.en
        assert behavior.description.ja.endswith("。") and behavior.description.en.endswith(".")
        assert behavior.mhlw_type.ja and behavior.sources


def test_it_offers_the_playbook_steps_the_issue_lists() -> None:
    actions = {a.id for a in knowledge().actions}
    assert {
        "ensure_safety",
        "separate_and_hand_over",
        "request_to_leave",
        "warning_script",
        "end_contact",
        "call_110",
        "preserve_evidence",
        "preserve_online",
        "written_warning",
        "premises_ban",
        "consult_counsel",
        "employee_aftercare",
    } <= actions
    for action in knowledge().actions:
        assert action.text.ja.endswith("。") and action.text.en.endswith(".")
        assert action.sources


def test_it_maps_every_demand_fact_to_a_known_behavior() -> None:
    rules = read_data("rules.json")
    assert set(rules["demand_facts"].values()) <= set(knowledge().behaviors)
    validity = rules["demand_validity"]
    demand_axis = {b for b, d in knowledge().behaviors.items() if d.axis == "demand"}
    assert set(validity["inherently_invalid"]) | set(validity["judged_by_claim"]) == demand_axis
