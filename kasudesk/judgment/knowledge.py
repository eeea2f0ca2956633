"""The data files of the judgment core, read once and checked on load.

Behaviors, offenses, playbooks and rules are JSON in ``data/``; this module
turns them into frozen values and rejects a malformed file with the path of
the bad entry, so a mistake in the data fails the test suite rather than a
judgment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kasudesk.judgment.conditions import Condition, check_condition
from kasudesk.judgment.errors import JudgmentError

SEVERITIES = ("none", "low", "medium", "high", "critical")


@dataclass(frozen=True, slots=True)
class Text:
    ja: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"ja": self.ja, "en": self.en}


@dataclass(frozen=True, slots=True)
class BehaviorDef:
    id: str
    axis: str
    name: Text
    mhlw_type: Text
    description: Text
    severity: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ElementDef:
    id: str
    name: Text
    established: Condition
    missing: Condition
    only_if: Condition | None
    skip_if: Condition | None


@dataclass(frozen=True, slots=True)
class AttemptDef:
    unless: Condition
    law: str
    article: Text
    name: Text
    note: Text


@dataclass(frozen=True, slots=True)
class OffenseDef:
    id: str
    law: str
    article: Text
    name: Text
    penalty: Text
    note: Text | None
    when: Condition
    unless: Condition
    elements: tuple[ElementDef, ...]
    attempt: AttemptDef | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActionDef:
    id: str
    priority: int
    when: Condition
    text: Text
    sources: tuple[str, ...]
    # Whether the text has policy placeholders such as {min_responders}.
    templated: bool


@dataclass(frozen=True, slots=True)
class Rules:
    critical: Condition
    high: Condition
    escalate_count: int
    threat_to_life_rules: tuple[str, ...]
    inherently_invalid: frozenset[str]
    judged_by_claim: frozenset[str]
    demand_facts: dict[str, str]
    company_threat_rules: tuple[str, ...]
    ignored_carve_outs: frozenset[str]
    corroborated_floor: float
    demand_signal_threshold: float


@dataclass(frozen=True, slots=True)
class Knowledge:
    behaviors: dict[str, BehaviorDef]
    offenses: tuple[OffenseDef, ...]
    actions: tuple[ActionDef, ...]
    criteria: dict[str, Condition]
    criteria_names: dict[str, Text]
    rules: Rules
    rule_substrings: tuple[str, ...]
    # Position in the taxonomy, the order every output lists behaviors in.
    rank: dict[str, int]


def read_data(name: str) -> Any:
    source = resources.files("kasudesk.judgment").joinpath("data", name).read_text("utf-8")
    return json.loads(source)


def _text(raw: Any, where: str) -> Text:
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("ja"), str)
        or not isinstance(raw.get("en"), str)
    ):
        raise JudgmentError(where, "expected {ja, en} strings")
    return Text(raw["ja"], raw["en"])


def _sources(raw: Any, known: dict[str, Any], where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise JudgmentError(where, "expected a non-empty list of sources")
    for source in raw:
        if source not in known:
            raise JudgmentError(where, f"unknown source {source!r}")
    return tuple(raw)


def _behaviors(raw: Any) -> dict[str, BehaviorDef]:
    result = {}
    for i, entry in enumerate(raw["behaviors"]):
        where = f"behaviors.json behaviors[{i}]"
        if entry["axis"] not in ("manner", "demand") or entry["severity"] not in SEVERITIES[1:]:
            raise JudgmentError(where, "bad axis or severity")
        result[entry["id"]] = BehaviorDef(
            id=entry["id"],
            axis=entry["axis"],
            name=_text(entry["name"], f"{where}.name"),
            mhlw_type=_text(entry["mhlw_type"], f"{where}.mhlw_type"),
            description=_text(entry["description"], f"{where}.description"),
            severity=entry["severity"],
            sources=_sources(entry.get("sources"), raw["sources"], f"{where}.sources"),
        )
    return result


def _optional(raw: Any, where: str) -> Condition | None:
    return None if raw is None else check_condition(raw, where)


def _offenses(raw: Any) -> tuple[OffenseDef, ...]:
    result = []
    for i, entry in enumerate(raw["offenses"]):
        where = f"offenses.json offenses[{i}]"
        elements = tuple(
            ElementDef(
                id=el["id"],
                name=_text(el["name"], f"{where}.elements[{j}].name"),
                established=check_condition(
                    el["established"], f"{where}.elements[{j}].established"
                ),
                missing=check_condition(el["missing"], f"{where}.elements[{j}].missing"),
                only_if=_optional(el.get("only_if"), f"{where}.elements[{j}].only_if"),
                skip_if=_optional(el.get("skip_if"), f"{where}.elements[{j}].skip_if"),
            )
            for j, el in enumerate(entry["elements"])
        )
        attempt = None
        if "attempt" in entry:
            attempt = AttemptDef(
                unless=check_condition(entry["attempt"]["unless"], f"{where}.attempt.unless"),
                law=entry["attempt"]["law"],
                article=_text(entry["attempt"]["article"], f"{where}.attempt.article"),
                name=_text(entry["attempt"]["name"], f"{where}.attempt.name"),
                note=_text(entry["attempt"]["note"], f"{where}.attempt.note"),
            )
        result.append(
            OffenseDef(
                id=entry["id"],
                law=entry["law"],
                article=_text(entry["article"], f"{where}.article"),
                name=_text(entry["name"], f"{where}.name"),
                penalty=_text(entry["penalty"], f"{where}.penalty"),
                note=_text(entry["note"], f"{where}.note") if "note" in entry else None,
                when=check_condition(entry["when"], f"{where}.when"),
                unless=check_condition(entry["unless"], f"{where}.unless"),
                elements=elements,
                attempt=attempt,
                sources=_sources(entry.get("sources"), raw["sources"], f"{where}.sources"),
            )
        )
    return tuple(result)


def _actions(raw: Any) -> tuple[ActionDef, ...]:
    result = [
        ActionDef(
            id=entry["id"],
            priority=int(entry["priority"]),
            when=check_condition(entry["when"], f"playbooks.json actions[{i}].when"),
            text=_text(entry["text"], f"playbooks.json actions[{i}].text"),
            sources=_sources(
                entry.get("sources"), raw["sources"], f"playbooks.json actions[{i}].sources"
            ),
            templated="{" in entry["text"]["ja"] + entry["text"]["en"],
        )
        for i, entry in enumerate(raw["actions"])
    ]
    return tuple(sorted(result, key=lambda a: a.priority))


def _rules(raw: Any) -> Rules:
    severity = raw["severity"]
    validity = raw["demand_validity"]
    return Rules(
        critical=check_condition(severity["critical"], "rules.json severity.critical"),
        high=check_condition(severity["high"], "rules.json severity.high"),
        escalate_count=int(severity["escalate_when_distinct_manner_behaviors"]),
        threat_to_life_rules=tuple(raw["threat_to_life_rules"]),
        inherently_invalid=frozenset(validity["inherently_invalid"]),
        judged_by_claim=frozenset(validity["judged_by_claim"]),
        demand_facts=dict(raw["demand_facts"]),
        company_threat_rules=tuple(raw["company_threat_rules"]),
        ignored_carve_outs=frozenset(raw["ignored_carve_out_kinds_for_signals"]),
        corroborated_floor=float(raw["corroborated_floor"]),
        demand_signal_threshold=float(raw["demand_signal_threshold"]),
    )


def _atoms_of(conditions: list[Condition]) -> set[str]:
    return {atom for condition in conditions for atom in condition.atoms()}


@cache
def knowledge() -> Knowledge:
    behaviors = _behaviors(read_data("behaviors.json"))
    offenses = _offenses(read_data("offenses.json"))
    playbooks = read_data("playbooks.json")
    actions = _actions(playbooks)
    criteria: dict[str, Condition] = {
        key: check_condition(value["when"], f"playbooks.json criteria.{key}")
        for key, value in playbooks["criteria"].items()
    }
    criteria_names = {
        key: _text(value["name"], f"playbooks.json criteria.{key}.name")
        for key, value in playbooks["criteria"].items()
    }
    rules = _rules(read_data("rules.json"))
    conditions: list[Condition] = [rules.critical, rules.high, *criteria.values()]
    for offense in offenses:
        conditions += [offense.when, offense.unless]
        for element in offense.elements:
            conditions += [element.established, element.missing]
    conditions += [action.when for action in actions]
    atoms = _atoms_of(conditions)
    for atom in atoms:
        if atom.startswith("b:") and atom[2:] not in behaviors:
            raise JudgmentError("data", f"condition names unknown behavior {atom!r}")
    substrings = tuple(sorted(atom[2:] for atom in atoms if atom.startswith("r:")))
    rank = {behavior: i for i, behavior in enumerate(behaviors)}
    return Knowledge(
        behaviors, offenses, actions, criteria, criteria_names, rules, substrings, rank
    )
