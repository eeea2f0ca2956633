"""Judging one incident: behaviors, verdict, severity, offenses, actions.

The algorithm is written up in docs/algorithms/judgment.md. Each step reads
the data files through ``knowledge()`` and the company's ``Policy``; the
incident is reduced once to a set of condition atoms, and every rule in the
data is a condition over that set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kasudesk.judgment.conditions import holds
from kasudesk.judgment.errors import JudgmentError
from kasudesk.judgment.explain import OffenseRef, explain
from kasudesk.judgment.incident import BOOLEAN_FACTS, Incident, parse_incident
from kasudesk.judgment.knowledge import SEVERITIES, Knowledge, knowledge
from kasudesk.judgment.policy import Policy, load_policy
from kasudesk.judgment.text import CarveOutLike, Screener, SignalLike, default_screener

SCHEMA_VERSION = 1


@dataclass(slots=True)
class Evidence:
    field: str
    text: str
    start: int | None = None
    end: int | None = None
    rule: str | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"field": self.field}
        if self.start is not None:
            out["start"] = self.start
            out["end"] = self.end
        out["text"] = self.text
        if self.rule is not None:
            out["rule"] = self.rule
        return out


@dataclass(slots=True)
class Found:
    """One behavior and what shows it, gathered from every source."""

    id: str
    sources: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    # Why facts produced it, as (ja, en), for the explanation.
    fact_reasons: list[tuple[str, str]] = field(default_factory=list)

    def add(self, source: str, evidence: Evidence) -> None:
        if source not in self.sources:
            self.sources.append(source)
        self.evidence.append(evidence)


@dataclass(slots=True)
class CarveOut:
    kind: str
    field: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Findings:
    behaviors: dict[str, Found] = field(default_factory=dict)
    carve_outs: list[CarveOut] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    lang: str | None = None

    def found(self, behavior: str) -> Found:
        entry = self.behaviors.get(behavior)
        if entry is None:
            entry = self.behaviors[behavior] = Found(behavior)
        return entry


def _fmt(value: float) -> str:
    return f"{value:g}"


def _note(
    out: Findings, behavior: str, field_name: str, value: str, reason: tuple[str, str]
) -> None:
    found = out.found(behavior)
    found.add("facts", Evidence(field_name, value))
    found.fact_reasons.append(reason)


def _time_facts(incident: Incident, policy: Policy, out: Findings) -> None:
    facts = incident.facts
    duration = facts.duration_minutes
    duration_field = "facts.duration_minutes"
    if duration is None:
        times = [u.t for u in incident.transcript if u.t is not None]
        if times:
            # The transcript's last timestamp is a lower bound on the length.
            duration = max(times) / 60
            duration_field = "transcript"
    limit = policy.max_minutes(incident.channel)
    if duration is not None and duration > limit:
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
        rule_ja = f"方針の基準は{_fmt(policy.repeat_days)}日間に{policy.repeat_count}回"
        rule_en = (
            f"the policy's threshold of {policy.repeat_count} in {_fmt(policy.repeat_days)} days"
        )
        if days is None:
            reason = (f"{count}回の連絡、{rule_ja}", f"{count} contacts, against {rule_en}")
        else:
            reason = (
                f"{_fmt(days)}日間に{count}回の連絡、{rule_ja}",
                f"{count} contacts in {_fmt(days)} days, against {rule_en}",
            )
        _note(out, "persistent_contact", "facts.contacts", f"{count}", reason)


def _flag_facts(incident: Incident, out: Findings) -> None:
    flag = incident.facts.flag
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


def _from_facts(incident: Incident, policy: Policy, kb: Knowledge, out: Findings) -> None:
    _time_facts(incident, policy, out)
    _flag_facts(incident, out)
    for i, demand in enumerate(incident.facts.demands):
        behavior = kb.rules.demand_facts.get(demand)
        if behavior is not None:
            _note(
                out,
                behavior,
                f"facts.demands[{i}]",
                demand,
                ("要求として記録されている", "recorded as a demand"),
            )


def _overlaps(signal: SignalLike, carve_outs: list[CarveOutLike]) -> bool:
    return any(c.start < signal.end and signal.start < c.end for c in carve_outs)


def _from_text(
    text: str,
    *,
    where: str,
    source: str,
    lang: str | None,
    screener: Screener,
    policy: Policy,
    kb: Knowledge,
    out: Findings,
) -> None:
    if not text.strip():
        return
    result = screener(text, lang)
    if out.lang is None:
        out.lang = result.lang
    carve_outs = [c for c in result.carve_outs if c.kind in kb.rules.ignored_carve_outs]
    for c in result.carve_outs:
        out.carve_outs.append(CarveOut(c.kind, where, c.start, c.end, c.text))
    corroborated = result.score >= policy.signal_threshold
    for signal in result.signals:
        definition = kb.behaviors.get(signal.behavior)
        if definition is None or _overlaps(signal, carve_outs):
            continue
        if definition.axis == "demand":
            counts = signal.score >= kb.rules.demand_signal_threshold
        else:
            counts = signal.score >= policy.signal_threshold or (
                corroborated and signal.score >= kb.rules.corroborated_floor
            )
        if not counts:
            continue
        out.found(signal.behavior).add(
            source, Evidence(where, signal.text, signal.start, signal.end, signal.rule)
        )
        out.rules.append(signal.rule)


_FACT_ATOMS = tuple((name, (f"f:{name}", f"!f:{name}", f"?f:{name}")) for name in BOOLEAN_FACTS)


def _base_atoms(incident: Incident, findings: Findings, kb: Knowledge) -> set[str]:
    facts = incident.facts
    atoms = {f"b:{b}" for b in findings.behaviors}
    flags = facts.flags
    for name, (true, false, unknown) in _FACT_ATOMS:
        value = flags.get(name)
        atoms.add(unknown if value is None else (true if value else false))
    atoms.update(f"d:{d}" for d in facts.demands)
    atoms.add(f"ch:{incident.channel or 'unknown'}")
    threat = findings.behaviors.get("threat")
    if facts.threat_target:
        atoms.add(f"t:{facts.threat_target}")
    elif threat and all(
        e.rule is not None and e.rule.startswith(kb.rules.company_threat_rules)
        for e in threat.evidence
    ):
        # Every threat found is against the business's property ("burn the
        # shop"): Art. 234/249 material rather than Art. 222.
        atoms.add("t:company")
    atoms.add(f"cv:{facts.claim_validity or 'unknown'}")
    atoms.update(f"co:{c.kind}" for c in findings.carve_outs)
    for rule in findings.rules:
        atoms.update(f"r:{s}" for s in kb.rule_substrings if s in rule)
    if threat and any(
        s in (e.rule or "") for e in threat.evidence for s in kb.rules.threat_to_life_rules
    ):
        atoms.add("x:threat_to_life")
    return atoms


@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: str
    reason: str
    claim_addressable: bool


def decide(
    behaviors: set[str] | frozenset[str], validity: str | None, carve_kinds: set[str], kb: Knowledge
) -> Verdict:
    """The two-axis decision, from behavior ids, claim validity and carve-outs."""
    validity = validity or "unknown"
    valid = validity == "valid"
    manner = [b for b in behaviors if kb.behaviors[b].axis == "manner"]
    if manner:
        return Verdict("harassment", "manner", valid)
    if any(b in kb.rules.inherently_invalid for b in behaviors):
        return Verdict("harassment", "disproportionate_demand", valid)
    if any(b in kb.rules.judged_by_claim for b in behaviors):
        if validity == "invalid":
            return Verdict("harassment", "invalid_demand", False)
        if valid:
            return Verdict("legitimate_complaint", "valid_demand", True)
        return Verdict("needs_fact_finding", "demand_unverified", False)
    if "accommodation_request" in carve_kinds:
        return Verdict("legitimate_complaint", "accommodation", True)
    if validity == "unknown":
        return Verdict("needs_fact_finding", "unverified", False)
    return Verdict("legitimate_complaint", "civil_complaint", valid)


def severity_of(
    verdict: Verdict, behaviors: set[str] | frozenset[str], atoms: set[str], kb: Knowledge
) -> str:
    if verdict.verdict != "harassment":
        return "none"
    rank = max((SEVERITIES.index(kb.behaviors[b].severity) for b in behaviors), default=1)
    manner = sum(1 for b in behaviors if kb.behaviors[b].axis == "manner")
    if manner >= kb.rules.escalate_count:
        rank = min(rank + 1, SEVERITIES.index("high")) if rank < SEVERITIES.index("high") else rank
    if holds(kb.rules.high, atoms):
        rank = max(rank, SEVERITIES.index("high"))
    if holds(kb.rules.critical, atoms):
        rank = SEVERITIES.index("critical")
    return SEVERITIES[max(rank, 1)]


def _offenses(atoms: set[str], kb: Knowledge) -> tuple[list[dict[str, object]], list[OffenseRef]]:
    result: list[dict[str, object]] = []
    refs: list[OffenseRef] = []
    for offense in kb.offenses:
        if not holds(offense.when, atoms) or holds(offense.unless, atoms):
            continue
        elements = []
        for element in offense.elements:
            if element.only_if is not None and not holds(element.only_if, atoms):
                continue
            if element.skip_if is not None and holds(element.skip_if, atoms):
                continue
            if holds(element.established, atoms):
                status = "established"
            elif holds(element.missing, atoms):
                status = "missing"
            else:
                status = "unknown"
            elements.append({"id": element.id, "name": element.name.as_dict(), "status": status})
        article, name = offense.article, offense.name
        entry: dict[str, object] = {
            "id": offense.id,
            "law": offense.law,
            "article": article.as_dict(),
            "name": offense.name.as_dict(),
            "penalty": offense.penalty.as_dict(),
            "likelihood": "likely"
            if all(e["status"] == "established" for e in elements)
            else "possible",
            "elements": elements,
        }
        notes = [offense.note] if offense.note else []
        if offense.attempt is not None:
            attempt = not holds(offense.attempt.unless, atoms)
            entry["attempt"] = attempt
            if attempt:
                entry["law"] = offense.attempt.law
                article, name = offense.attempt.article, offense.attempt.name
                entry["article"] = article.as_dict()
                notes.append(offense.attempt.note)
        if notes:
            entry["note"] = {
                "ja": "".join(n.ja for n in notes),
                "en": " ".join(n.en for n in notes),
            }
        result.append(entry)
        refs.append(OffenseRef(name.ja, name.en, article.ja, article.en))
    return result, refs


def _actions(
    atoms: set[str], incident: Incident, policy: Policy, severity: str, kb: Knowledge
) -> list[dict[str, object]]:
    chosen = [a for a in kb.actions if holds(a.when, atoms)]
    values: dict[str, object] = {}
    if any(a.templated for a in chosen):
        contacts = policy.escalation_for(severity) if severity != "none" else ()
        values = {
            "min_responders": policy.min_responders,
            "warnings": policy.warnings_before_end,
            "max_minutes": _fmt(policy.max_minutes(incident.channel)),
            "escalation_ja": "、".join(c.name_ja for c in contacts),
            "escalation_en": ", ".join(c.name_en for c in contacts),
        }
    return [
        {
            "id": action.id,
            "priority": rank,
            "text": {
                "ja": action.text.ja.format_map(values) if action.templated else action.text.ja,
                "en": action.text.en.format_map(values) if action.templated else action.text.en,
            },
        }
        for rank, action in enumerate(chosen, start=1)
    ]


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
    kb = knowledge()
    findings = Findings()
    lang = None if incident.lang == "auto" else incident.lang
    _from_facts(incident, chosen, kb, findings)
    if incident.narrative.strip() or any(u.speaker == "customer" for u in incident.transcript):
        run = screener or default_screener()
        _from_text(
            incident.narrative,
            where="narrative",
            source="narrative",
            lang=lang,
            screener=run,
            policy=chosen,
            kb=kb,
            out=findings,
        )
        for i, utterance in enumerate(incident.transcript):
            if utterance.speaker == "customer":
                _from_text(
                    utterance.text,
                    where=f"transcript[{i}].text",
                    source="transcript",
                    lang=lang,
                    screener=run,
                    policy=chosen,
                    kb=kb,
                    out=findings,
                )
    atoms = _base_atoms(incident, findings, kb)
    behavior_ids = set(findings.behaviors)
    carve_kinds = {c.kind for c in findings.carve_outs}
    verdict = decide(behavior_ids, incident.facts.claim_validity, carve_kinds, kb)
    severity = severity_of(verdict, behavior_ids, atoms, kb)
    atoms.add(f"v:{verdict.verdict}")
    atoms.add(f"sev:{severity}")
    atoms.update(f"sev>={s}" for s in SEVERITIES[: SEVERITIES.index(severity) + 1])
    if verdict.claim_addressable:
        atoms.add("ca:true")
    offenses, offense_refs = _offenses(atoms, kb) if verdict.verdict == "harassment" else ([], [])
    if offenses:
        atoms.add("off:any")
    police = ban = []
    if verdict.verdict == "harassment":
        police = [c for c in chosen.police_when if holds(kb.criteria[c], atoms)]
        ban = [c for c in chosen.ban_when if holds(kb.criteria[c], atoms)]
        if police:
            atoms.add("p:police")
        if ban:
            atoms.add("p:ban")
    actions = _actions(atoms, incident, chosen, severity, kb)
    behaviors_out = _behaviors_out(findings, kb)
    explanation = explain(
        verdict=verdict,
        validity=incident.facts.claim_validity,
        findings=findings,
        offenses=offense_refs,
        police=police,
        kb=kb,
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
        "carve_outs": [
            {"kind": c.kind, "field": c.field, "start": c.start, "end": c.end, "text": c.text}
            for c in findings.carve_outs
        ],
        "police_criteria_met": police,
        "ban_criteria_met": ban,
        "facts_considered": _facts_considered(incident),
        "assessed_at": now.astimezone(UTC).isoformat(),
    }


_SOURCE_ORDER = ("facts", "transcript", "narrative")


def _behaviors_out(findings: Findings, kb: Knowledge) -> list[dict[str, object]]:
    rank = kb.rank
    result: list[dict[str, object]] = []
    for found in sorted(findings.behaviors.values(), key=lambda f: rank[f.id]):
        sources = sorted(found.sources, key=_SOURCE_ORDER.index)
        definition = kb.behaviors[found.id]
        result.append(
            {
                "id": found.id,
                "source": sources[0],
                "sources": sources,
                "axis": definition.axis,
                "name": definition.name.as_dict(),
                "evidence": [e.as_dict() for e in found.evidence],
            }
        )
    return result


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
    out.extend({"field": f"facts.{name}", "value": value} for name, value in facts.flags.items())
    return out


def _guess_lang(text: str) -> str:
    return (
        "ja"
        if any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)
        else "en"
    )
