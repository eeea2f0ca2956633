"""Judging one incident: behaviors, verdict, severity, offenses, actions.

The algorithm is written up in docs/algorithms/judgment.md. Each step reads
the data files through ``knowledge()`` (compiled once by ``compiled()``) and
the company's ``Policy``; the incident is reduced once to a set of condition
atoms, and every rule in the data is a condition over that set, read as a
membership test on the set of satisfied conditions.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from kasudesk.judgment.compiled import (
    BY_CLAIM,
    INVALID,
    ActionPlan,
    BehaviorPlan,
    Compiled,
    compiled,
)
from kasudesk.judgment.errors import JudgmentError
from kasudesk.judgment.explain import explain
from kasudesk.judgment.incident import BOOLEAN_FACTS, Incident, parse_incident
from kasudesk.judgment.knowledge import SEVERITIES, Knowledge, knowledge
from kasudesk.judgment.policy import Policy, load_policy
from kasudesk.judgment.text import Screener, default_screener

SCHEMA_VERSION = 1

# Sources as bits, so the output order (facts, transcript, narrative) is a
# table lookup rather than a sort.
FACTS, TRANSCRIPT, NARRATIVE = 1, 2, 4
_SOURCE_BITS = {"facts": FACTS, "transcript": TRANSCRIPT, "narrative": NARRATIVE}
_SOURCES = tuple(
    tuple(name for name, bit in _SOURCE_BITS.items() if mask & bit) for mask in range(8)
)


class Found:
    """One behavior and what shows it, gathered from every source."""

    __slots__ = ("evidence", "id", "plan", "quote", "reason", "sources")

    def __init__(self, behavior: BehaviorPlan) -> None:
        self.id = behavior.id
        self.plan = behavior
        self.sources = 0
        # Output-ready evidence dicts, in the order they were found.
        self.evidence: list[dict[str, Any]] = []
        # The first quoted words, and the first reason facts gave, as (ja, en),
        # for the explanation.
        self.quote: str | None = None
        self.reason: tuple[str, str] | None = None


class Findings:
    __slots__ = ("behaviors", "carve_outs", "known", "lang", "rules")

    def __init__(self, plan: Compiled) -> None:
        self.known = plan.behaviors
        self.behaviors: dict[str, Found] = {}
        # Output-ready: kind, field, start, end, text.
        self.carve_outs: list[dict[str, Any]] = []
        self.rules: list[str] = []
        self.lang: str | None = None

    def found(self, behavior: str) -> Found:
        entry = self.behaviors.get(behavior)
        if entry is None:
            entry = self.behaviors[behavior] = Found(self.known[behavior])
        return entry


def _fmt(value: float) -> str:
    return f"{value:g}"


class _PolicyTables:
    """What a policy contributes to every judgment, worked out once per policy."""

    __slots__ = ("action_texts", "ban_when", "police_when", "policy", "repeat_en", "repeat_ja")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        criteria = compiled().criteria
        # (criterion, its condition id), in the policy's order.
        self.police_when = tuple((c, criteria[c]) for c in policy.police_when)
        self.ban_when = tuple((c, criteria[c]) for c in policy.ban_when)
        self.repeat_ja = f"方針の基準は{_fmt(policy.repeat_days)}日間に{policy.repeat_count}回"
        self.repeat_en = (
            f"the policy's threshold of {policy.repeat_count} in {_fmt(policy.repeat_days)} days"
        )
        # (channel, severity) -> action id -> (ja, en) with the placeholders filled.
        self.action_texts: dict[tuple[str | None, str], dict[str, tuple[str, str]]] = {}

    def texts(self, channel: str | None, severity: str) -> dict[str, tuple[str, str]]:
        """Action id -> (ja, en) with the placeholders filled, for those formatted so far."""
        key = (channel, severity)
        texts = self.action_texts.get(key)
        if texts is None:
            texts = self.action_texts[key] = {}
        return texts

    def text(self, action: ActionPlan, channel: str | None, severity: str) -> tuple[str, str]:
        policy = self.policy
        contacts = policy.escalation_for(severity) if severity != "none" else ()
        values = {
            "min_responders": policy.min_responders,
            "warnings": policy.warnings_before_end,
            "max_minutes": _fmt(policy.max_minutes(channel)),
            "escalation_ja": "、".join(c.name_ja for c in contacts),
            "escalation_en": ", ".join(c.name_en for c in contacts),
        }
        text = (action.ja.format_map(values), action.en.format_map(values))
        self.texts(channel, severity)[action.id] = text
        return text


# Keyed by id(); the entry holds the policy itself, so the id cannot be reused
# by another object while the entry lives.
_TABLES: dict[int, _PolicyTables] = {}


def _tables(policy: Policy) -> _PolicyTables:
    tables = _TABLES.get(id(policy))
    if tables is None or tables.policy is not policy:
        if len(_TABLES) >= 64:
            _TABLES.clear()
        tables = _TABLES[id(policy)] = _PolicyTables(policy)
    return tables


def _note(
    out: Findings, behavior: str, field_name: str, value: str, reason: tuple[str, str]
) -> None:
    found = out.found(behavior)
    found.sources |= FACTS
    found.evidence.append({"field": field_name, "text": value})
    if found.reason is None:
        found.reason = reason


def _time_facts(incident: Incident, policy: Policy, tables: _PolicyTables, out: Findings) -> None:
    facts = incident.facts
    duration = facts.duration_minutes
    duration_field = "facts.duration_minutes"
    if duration is None and incident.transcript:
        times = [u.t for u in incident.transcript if u.t is not None]
        if times:
            # The transcript's last timestamp is a lower bound on the length.
            duration = max(times) / 60
            duration_field = "transcript"
    if duration is not None:
        limit = policy.max_minutes(incident.channel)
        if duration > limit:
            _note(
                out,
                "prolonged_detention",
                duration_field,
                f"{round(duration, 1):g}",
                (
                    f"対応時間{round(duration):d}分、方針の上限は{_fmt(limit)}分",
                    f"{round(duration):d} minutes against the policy's limit of {_fmt(limit)}",
                ),
            )
    count, days = facts.contacts_count, facts.contacts_days
    # Compare rates, so 30 calls in 30 days meet "3 in 7 days" too.
    if (
        count is not None
        and count >= policy.repeat_count
        and (
            days is None
            or days <= policy.repeat_days
            or count * policy.repeat_days / days >= policy.repeat_count
        )
    ):
        rule_ja, rule_en = tables.repeat_ja, tables.repeat_en
        if days is None:
            reason = (f"{count}回の連絡、{rule_ja}", f"{count} contacts, against {rule_en}")
        else:
            reason = (
                f"{_fmt(days)}日間に{count}回の連絡、{rule_ja}",
                f"{count} contacts in {_fmt(days)} days, against {rule_en}",
            )
        _note(out, "persistent_contact", "facts.contacts", f"{count}", reason)


def _flag_facts(incident: Incident, out: Findings) -> None:
    flags = incident.facts.flags
    if not flags:
        return
    flag = flags.get
    if flag("asked_to_leave") and flag("left_after_request") is False:
        _note(
            out,
            "refusal_to_leave",
            "facts.left_after_request",
            "false",
            ("退去を求められた後も退去しなかった", "stayed after being asked to leave"),
        )
    if flag("previously_banned"):
        if incident.channel in (None, "in_person", "other"):
            _note(
                out,
                "refusal_to_leave",
                "facts.previously_banned",
                "true",
                ("出入禁止の後に再び来た", "came back after a ban"),
            )
        else:
            _note(
                out,
                "persistent_contact",
                "facts.previously_banned",
                "true",
                ("取引停止の後も連絡してきた", "kept contacting after being barred"),
            )
    if flag("staff_confined"):
        _note(
            out,
            "refusal_to_leave",
            "facts.staff_confined",
            "true",
            ("従業員が出られないようにした", "kept staff from leaving"),
        )
    if flag("injury"):
        _note(
            out,
            "physical_attack",
            "facts.injury",
            "true",
            ("けがを負わせた", "an employee was injured"),
        )
    if flag("physical_contact"):
        _note(
            out,
            "physical_attack",
            "facts.physical_contact",
            "true",
            ("体に触れる、または力を加えた", "physical contact with an employee"),
        )
    if flag("weapon"):
        _note(out, "threat", "facts.weapon", "true", ("凶器を示した", "a weapon was shown"))
        _note(out, "intimidation", "facts.weapon", "true", ("凶器を示した", "a weapon was shown"))
    if flag("property_damage"):
        _note(
            out,
            "intimidation",
            "facts.property_damage",
            "true",
            ("物を壊した", "property was damaged"),
        )
    if flag("posted_online") and flag("employee_identified_online"):
        _note(
            out,
            "online_defamation",
            "facts.employee_identified_online",
            "true",
            ("従業員を特定できる投稿がネット上にある", "an online post identifies the employee"),
        )


_DEMAND_REASON = ("要求として記録されている", "recorded as a demand")
_DEMAND_FIELDS = tuple(f"facts.demands[{i}]" for i in range(16))


def _from_facts(
    incident: Incident, policy: Policy, tables: _PolicyTables, kb: Knowledge, out: Findings
) -> None:
    _time_facts(incident, policy, tables, out)
    _flag_facts(incident, out)
    demand_facts = kb.rules.demand_facts
    for i, demand in enumerate(incident.facts.demands):
        behavior = demand_facts.get(demand)
        if behavior is not None:
            where = _DEMAND_FIELDS[i] if i < len(_DEMAND_FIELDS) else f"facts.demands[{i}]"
            _note(out, behavior, where, demand, _DEMAND_REASON)


def _from_text(
    text: str,
    where: str,
    source: int,
    *,
    lang: str | None,
    screener: Screener,
    policy: Policy,
    kb: Knowledge,
    plan: Compiled,
    out: Findings,
) -> None:
    if not text or text.isspace():
        return
    result = screener(text, lang)
    if out.lang is None:
        out.lang = result.lang
    ignored: list[tuple[int, int]] = []
    if result.carve_outs:
        kinds = kb.rules.ignored_carve_outs
        append = out.carve_outs.append
        for c in result.carve_outs:
            if c.kind in kinds:
                ignored.append((c.start, c.end))
            append({"kind": c.kind, "field": where, "start": c.start, "end": c.end, "text": c.text})
    threshold = policy.signal_threshold
    rules = kb.rules
    demand_threshold, floor = rules.demand_signal_threshold, rules.corroborated_floor
    corroborated = result.score >= threshold
    known = plan.behaviors
    behaviors = out.behaviors
    for signal in result.signals:
        definition = known.get(signal.behavior)
        if definition is None or signal.source == "model":
            # The model's guess at a behavior points a screen at a clause; a
            # judgment names behaviors only on the words a rule read.
            continue
        score = signal.score
        if definition.axis == "demand":
            if score < demand_threshold:
                continue
        elif not (score >= threshold or (corroborated and score >= floor)):
            continue
        start, end = signal.start, signal.end
        if ignored and any(s < end and start < e for s, e in ignored):
            continue
        behavior = signal.behavior
        found = behaviors.get(behavior)
        if found is None:
            found = behaviors[behavior] = Found(definition)
        found.sources |= source
        signal_text, rule = signal.text, signal.rule
        if rule is not None:
            found.evidence.append(
                {"field": where, "start": start, "end": end, "text": signal_text, "rule": rule}
            )
        else:
            found.evidence.append({"field": where, "start": start, "end": end, "text": signal_text})
        if found.quote is None:
            found.quote = signal_text
        out.rules.append(rule)


# rule id -> (a threat to the company's property, a threat to life, its "r:"
# atoms); rule ids are a fixed vocabulary of the screening data.
_RULE_FACTS: dict[str, tuple[bool, bool, tuple[str, ...]]] = {}


def _rule_facts(rule: str, kb: Knowledge) -> tuple[bool, bool, tuple[str, ...]]:
    facts = _RULE_FACTS.get(rule)
    if facts is None:
        if len(_RULE_FACTS) >= 4096:
            _RULE_FACTS.clear()
        rules = kb.rules
        facts = _RULE_FACTS[rule] = (
            rule.startswith(rules.company_threat_rules),
            any(s in rule for s in rules.threat_to_life_rules),
            tuple(f"r:{s}" for s in kb.rule_substrings if s in rule),
        )
    return facts


def _base_atoms(incident: Incident, findings: Findings, kb: Knowledge, plan: Compiled) -> set[str]:
    facts = incident.facts
    flags = facts.flags
    atoms = set(plan.unknown_fact_atoms.values())
    add = atoms.add
    if flags:
        unknown_atoms, fact_atoms = plan.unknown_fact_atoms, plan.fact_atoms
        for name, value in flags.items():
            unknown = unknown_atoms.get(name)
            if unknown is not None:
                atoms.discard(unknown)
            atom = fact_atoms[name][value]
            if atom is not None:
                add(atom)
    for found in findings.behaviors.values():
        add(found.plan.atom)
    if facts.demands:
        demand_atoms = plan.demand_atoms
        for d in facts.demands:
            add(demand_atoms[d])
    add(plan.channel_atoms[incident.channel or "unknown"])
    threat = findings.behaviors.get("threat")
    known = _RULE_FACTS
    company_only = to_life = False
    if threat:
        # Whether every threat found is against the business's property ("burn
        # the shop": Art. 234/249 material rather than Art. 222), and whether
        # any is a threat to life.
        company_only = True
        for evidence in threat.evidence:
            rule = evidence.get("rule")
            if rule is None:
                company_only = False
                continue
            company, life, _ = known.get(rule) or _rule_facts(rule, kb)
            company_only = company_only and company
            to_life = to_life or life
    if facts.threat_target:
        add(f"t:{facts.threat_target}")
    elif company_only:
        add("t:company")
    add(plan.validity_atoms[facts.claim_validity or "unknown"])
    for c in findings.carve_outs:
        add(f"co:{c['kind']}")
    for rule in findings.rules:
        rule_atoms = (known.get(rule) or _rule_facts(rule, kb))[2]
        if rule_atoms:
            atoms.update(rule_atoms)
    if to_life:
        add("x:threat_to_life")
    return atoms


class Verdict:
    __slots__ = ("claim_addressable", "reason", "verdict")

    def __init__(self, verdict: str, reason: str, claim_addressable: bool) -> None:
        self.verdict = verdict
        self.reason = reason
        self.claim_addressable = claim_addressable


# Every verdict there can be, made once: judging picks one and never changes it.
_VERDICTS = {
    (reason, addressable): Verdict(verdict, reason, addressable)
    for verdict, reason in (
        ("harassment", "manner"),
        ("harassment", "disproportionate_demand"),
        ("harassment", "invalid_demand"),
        ("legitimate_complaint", "valid_demand"),
        ("needs_fact_finding", "demand_unverified"),
        ("legitimate_complaint", "accommodation"),
        ("needs_fact_finding", "unverified"),
        ("legitimate_complaint", "civil_complaint"),
    )
    for addressable in (True, False)
}


class Traits:
    """What the verdict and the severity read of the behaviors found, in one pass."""

    __slots__ = ("by_claim", "invalid", "manner", "rank")

    def __init__(self, behaviors: Collection[Found]) -> None:
        manner = flags = 0
        rank = -1
        for found in behaviors:
            definition = found.plan
            manner += definition.manner
            flags |= definition.demand
            if definition.severity > rank:  # noqa: PLR1730 - max() costs a call per behavior
                rank = definition.severity
        self.manner = manner
        # Without behaviors the severity starts from "low".
        self.rank = 1 if rank < 0 else rank
        self.invalid = bool(flags & INVALID)
        self.by_claim = bool(flags & BY_CLAIM)


def decide(traits: Traits, validity: str | None, accommodation: bool) -> Verdict:
    """The two-axis decision, from the behaviors, claim validity and carve-outs."""
    validity = validity or "unknown"
    valid = validity == "valid"
    if traits.manner:
        return _VERDICTS["manner", valid]
    if traits.invalid:
        return _VERDICTS["disproportionate_demand", valid]
    if traits.by_claim:
        if validity == "invalid":
            return _VERDICTS["invalid_demand", False]
        if valid:
            return _VERDICTS["valid_demand", True]
        return _VERDICTS["demand_unverified", False]
    if accommodation:
        return _VERDICTS["accommodation", True]
    if validity == "unknown":
        return _VERDICTS["unverified", False]
    return _VERDICTS["civil_complaint", valid]


_HIGH = SEVERITIES.index("high")
_CRITICAL = SEVERITIES.index("critical")


def severity_of(
    verdict: Verdict, traits: Traits, satisfied: set[int], kb: Knowledge, plan: Compiled
) -> str:
    """The severity, from the behaviors and the conditions the base atoms satisfy."""
    if verdict.verdict != "harassment":
        return "none"
    rank = traits.rank
    if traits.manner >= kb.rules.escalate_count and rank < _HIGH:
        rank = min(rank + 1, _HIGH)
    if plan.high in satisfied:
        rank = max(rank, _HIGH)
    if plan.critical in satisfied:
        rank = _CRITICAL
    return SEVERITIES[max(rank, 1)]


OffenseRef = tuple[str, str]


def _offenses(
    satisfied: set[int], plan: Compiled
) -> tuple[list[dict[str, object]], list[OffenseRef]]:
    result: list[dict[str, object]] = []
    refs: list[OffenseRef] = []
    for offense in plan.offenses:
        if offense.when not in satisfied or offense.unless in satisfied:
            continue
        elements: list[dict[str, object]] = []
        likely = True
        for element in offense.elements:
            if element.only_if is not None and element.only_if not in satisfied:
                continue
            if element.skip_if in satisfied:
                continue
            if element.established in satisfied:
                status = "established"
            else:
                likely = False
                status = "missing" if element.missing in satisfied else "unknown"
            elements.append(
                {
                    "id": element.id,
                    "name": {"ja": element.name_ja, "en": element.name_en},
                    "status": status,
                }
            )
        entry: dict[str, object] = {
            "id": offense.id,
            "law": offense.law,
            "article": {"ja": offense.article_ja, "en": offense.article_en},
            "name": {"ja": offense.name_ja, "en": offense.name_en},
            "penalty": {"ja": offense.penalty_ja, "en": offense.penalty_en},
            "likelihood": "likely" if likely else "possible",
            "elements": elements,
        }
        note, ref = offense.note, offense.ref
        if offense.attempt_unless is not None:
            attempt = offense.attempt_unless not in satisfied
            entry["attempt"] = attempt
            if attempt:
                entry["law"] = offense.attempt_law
                entry["article"] = {
                    "ja": offense.attempt_article_ja,
                    "en": offense.attempt_article_en,
                }
                note, ref = offense.attempt_note, offense.attempt_ref
        if note is not None:
            entry["note"] = {"ja": note[0], "en": note[1]}
        result.append(entry)
        refs.append(ref)
    return result, refs


def _actions(
    satisfied: set[int], incident: Incident, tables: _PolicyTables, severity: str, plan: Compiled
) -> list[dict[str, object]]:
    result: list[dict[str, object]] = []
    channel = incident.channel
    texts: dict[str, tuple[str, str]] | None = None
    rank = 0
    for action in plan.actions:
        if action.when not in satisfied:
            continue
        rank += 1
        if action.templated:
            if texts is None:
                texts = tables.texts(channel, severity)
            text = texts.get(action.id)
            ja, en = text if text is not None else tables.text(action, channel, severity)
        else:
            ja, en = action.ja, action.en
        result.append({"id": action.id, "priority": rank, "text": {"ja": ja, "en": en}})
    return result


def _resolve_policy(incident: Incident, policy: Policy | str | None) -> Policy:
    # The document's own policy is the more specific choice and wins over the
    # caller's default (the command's --policy, a company's setting).
    if incident.policy is not None:
        try:
            return load_policy(incident.policy)
        except JudgmentError as exc:
            raise JudgmentError(
                "policy", exc.message if exc.field == "policy" else str(exc)
            ) from None
    if isinstance(policy, Policy):
        return policy
    return load_policy(policy)


def judge(
    raw: Mapping[str, object],
    *,
    now: datetime | None = None,
    policy: Policy | str | None = None,
    screener: Screener | None = None,
) -> dict[str, object]:
    """``assess`` with the screening step replaceable (tests, benchmarks)."""
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None or now.utcoffset() is None:
        raise JudgmentError("now", "expected a timezone-aware datetime")
    incident = parse_incident(raw)
    chosen = _resolve_policy(incident, policy)
    tables = _tables(chosen)
    kb = knowledge()
    plan = compiled()
    findings = Findings(plan)
    lang = None if incident.lang == "auto" else incident.lang
    _from_facts(incident, chosen, tables, kb, findings)
    transcript = incident.transcript
    narrative = incident.narrative
    if (narrative and not narrative.isspace()) or any(u.speaker == "customer" for u in transcript):
        run = screener or default_screener()
        _from_text(
            narrative,
            "narrative",
            NARRATIVE,
            lang=lang,
            screener=run,
            policy=chosen,
            kb=kb,
            plan=plan,
            out=findings,
        )
        for i, utterance in enumerate(transcript):
            if utterance.speaker == "customer":
                _from_text(
                    utterance.text,
                    f"transcript[{i}].text",
                    TRANSCRIPT,
                    lang=lang,
                    screener=run,
                    policy=chosen,
                    kb=kb,
                    plan=plan,
                    out=findings,
                )
    behaviors = findings.behaviors
    atoms = _base_atoms(incident, findings, kb, plan)
    satisfied = plan.index.satisfy(atoms)
    accommodation = any(c["kind"] == "accommodation_request" for c in findings.carve_outs)
    traits = Traits(behaviors.values())
    verdict = decide(traits, incident.facts.claim_validity, accommodation)
    severity = severity_of(verdict, traits, satisfied, kb, plan)
    new, trigger = plan.verdict_atoms[verdict.verdict, severity, verdict.claim_addressable]
    atoms.update(new)
    trigger.fire(satisfied, atoms)
    harassment = verdict.verdict == "harassment"
    offenses, offense_refs = _offenses(satisfied, plan) if harassment else ([], [])
    if offenses:
        atoms.add("off:any")
        plan.offense_atom.fire(satisfied, atoms)
    police: list[str] = []
    ban: list[str] = []
    if harassment:
        police = [c for c, condition in tables.police_when if condition in satisfied]
        ban = [c for c, condition in tables.ban_when if condition in satisfied]
        if police or ban:
            new, trigger = plan.policy_atoms[bool(police), bool(ban)]
            atoms.update(new)
            trigger.fire(satisfied, atoms)
    actions = _actions(satisfied, incident, tables, severity, plan)
    behaviors_out = _behaviors_out(findings)
    explanation = explain(
        verdict=verdict,
        findings=findings,
        offenses=offense_refs,
        police=police,
        plan=plan,
    )
    return {
        "id": incident.id,
        "schema": SCHEMA_VERSION,
        "verdict": verdict.verdict,
        "claim_addressable": verdict.claim_addressable,
        "severity": severity,
        "behaviors": behaviors_out,
        "offenses": offenses,
        "actions": actions,
        "explanation": explanation,
        "lang": findings.lang or (lang or _guess_lang(incident.narrative)),
        "policy": chosen.name,
        "carve_outs": findings.carve_outs,
        "police_criteria_met": police,
        "ban_criteria_met": ban,
        "facts_considered": _facts_considered(incident),
        "assessed_at": _stamp(now),
    }


# The last time stamp written: a batch (the command's JSON Lines) is judged
# with one ``now``, and formatting it is a noticeable part of a judgment.
_LAST_STAMP: tuple[datetime | None, str] = (None, "")


def _stamp(now: datetime) -> str:
    global _LAST_STAMP  # noqa: PLW0603 - a one-entry cache
    last, text = _LAST_STAMP
    if last is not now:
        text = now.astimezone(UTC).isoformat()
        _LAST_STAMP = (now, text)
    return text


_BY_RANK = attrgetter("plan.rank")


def _behaviors_out(findings: Findings) -> list[dict[str, object]]:
    found = findings.behaviors
    if not found:
        return []
    result: list[dict[str, object]] = []
    entries = sorted(found.values(), key=_BY_RANK) if len(found) > 1 else found.values()
    for entry in entries:
        sources = _SOURCES[entry.sources]
        definition = entry.plan
        result.append(
            {
                "id": entry.id,
                "source": sources[0],
                "sources": list(sources),
                "axis": definition.axis,
                "name": {"ja": definition.name_ja, "en": definition.name_en},
                "evidence": entry.evidence,
            }
        )
    return result


_FLAG_FIELDS = {name: f"facts.{name}" for name in BOOLEAN_FACTS}


def _facts_considered(incident: Incident) -> list[dict[str, object]]:
    facts = incident.facts
    out: list[dict[str, object]] = []
    if facts.claim_validity is not None:
        out.append({"field": "facts.claim_validity", "value": facts.claim_validity})
    if facts.demands:
        out.append({"field": "facts.demands", "value": list(facts.demands)})
    if facts.duration_minutes is not None:
        out.append({"field": "facts.duration_minutes", "value": facts.duration_minutes})
    if facts.contacts_count is not None or facts.contacts_days is not None:
        out.append(
            {
                "field": "facts.contacts",
                "value": {"count": facts.contacts_count, "days": facts.contacts_days},
            }
        )
    if facts.threat_target is not None:
        out.append({"field": "facts.threat_target", "value": facts.threat_target})
    if facts.flags:
        fields = _FLAG_FIELDS
        out += [{"field": fields[name], "value": value} for name, value in facts.flags.items()]
    return out


_KANA_OR_KANJI = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")


def _guess_lang(text: str) -> str:
    return "ja" if _KANA_OR_KANJI.search(text) else "en"
