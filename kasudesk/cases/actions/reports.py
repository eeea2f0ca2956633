"""Reporting an incident: drafts, submission, changed facts, re-assessment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from kasudesk.accounts.access import Capability, has_capability
from kasudesk.audit.log import log_action
from kasudesk.cases.actions._common import case_event, lock_case, now_or, save_case
from kasudesk.cases.actions.customers import find_or_create_customer
from kasudesk.cases.facts import clean_facts
from kasudesk.cases.judging import incident_input, judge
from kasudesk.cases.models import (
    Assessment,
    Behavior,
    Case,
    CaseAction,
    CaseBehavior,
    Channel,
    Customer,
    Notification,
    Severity,
    Status,
)
from kasudesk.cases.notify import notify, report_recipients

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kasudesk.accounts.models import Site, User

# A clock a little ahead on a phone must not make a fresh report invalid.
FUTURE_TOLERANCE = timedelta(minutes=10)
_TRANSCRIPT_SPEAKERS = frozenset({"customer", "employee", "other"})


@dataclass(frozen=True)
class NewCustomer:
    """The least a report needs to know about a customer not yet registered."""

    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ReportInput:
    site: Site
    occurred_at: datetime
    channel: str
    narrative: str
    summary: str = ""
    facts: Mapping[str, Any] = field(default_factory=dict)
    transcript: Sequence[Mapping[str, Any]] = ()
    customer: Customer | None = None
    new_customer: NewCustomer | None = None


def _clean_transcript(lines: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    cleaned: list[dict[str, Any]] = []
    for line in lines:
        speaker, text = line.get("speaker"), line.get("text")
        if speaker not in _TRANSCRIPT_SPEAKERS or not isinstance(text, str):
            raise ValidationError(_("Each transcript line needs a speaker and a text."))
        item: dict[str, Any] = {"speaker": speaker, "text": text}
        if isinstance(line.get("t"), int | float):
            item["t"] = line["t"]
        cleaned.append(item)
    return cleaned


def _validate(actor: User, report: ReportInput, *, now: datetime, submitting: bool) -> None:
    if not has_capability(actor, Capability.REPORT_INCIDENT, report.site):
        raise PermissionDenied
    if report.channel not in Channel.values:
        raise ValidationError(_("Choose how the contact happened."))
    if report.occurred_at.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    if report.occurred_at > now + FUTURE_TOLERANCE:
        raise ValidationError(_("The incident cannot be in the future."))
    if submitting and not report.narrative.strip():
        raise ValidationError(_("Describe what happened."))
    if report.customer is not None and (
        report.customer.organization_id != report.site.organization_id
    ):
        raise PermissionDenied


def _customer_for(actor: User, report: ReportInput) -> Customer | None:
    if report.customer is not None:
        return report.customer
    new = report.new_customer
    if new is None or not (new.name.strip() or new.phone.strip() or new.email.strip()):
        return None
    return find_or_create_customer(
        actor, report.site.organization, name=new.name, phone=new.phone, email=new.email
    )


def _fill(case: Case, actor: User, report: ReportInput) -> None:
    case.site = report.site
    case.organization_id = report.site.organization_id
    case.occurred_at = report.occurred_at
    case.channel = report.channel
    case.narrative = report.narrative
    case.summary = report.summary.strip()[:200]
    case.facts = clean_facts(report.facts)
    case.transcript = _clean_transcript(report.transcript)
    case.customer = _customer_for(actor, report)


_REPORT_FIELDS = (
    "site",
    "organization",
    "occurred_at",
    "channel",
    "narrative",
    "summary",
    "facts",
    "transcript",
    "customer",
)


def _existing(actor: User, idempotency_key: str) -> Case | None:
    if not idempotency_key:
        return None
    return Case.objects.filter(reported_by=actor, idempotency_key=idempotency_key).first()


def _create(actor: User, report: ReportInput, idempotency_key: str, now: datetime) -> Case:
    case = Case(reported_by=actor, idempotency_key=idempotency_key[:64], status=Status.DRAFT)
    _fill(case, actor, report)
    try:
        with transaction.atomic():
            case.save(force_insert=True)
    except IntegrityError:
        # A retry raced us past the check above: the other request won.
        existing = _existing(actor, idempotency_key)
        if existing is None:
            raise
        return existing
    case_event(case, "draft_saved", actor=actor, at=now)
    return case


def save_draft(
    actor: User,
    report: ReportInput,
    *,
    draft: Case | None = None,
    expected_version: int | None = None,
    idempotency_key: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Create a draft, or update ``draft``; a repeated key returns the same draft."""
    now = now_or(now)
    with transaction.atomic():
        _validate(actor, report, now=now, submitting=False)
        if draft is None:
            draft = _existing(actor, idempotency_key)
            if draft is None:
                case = _create(actor, report, idempotency_key, now)
                log_action(
                    "case.draft.saved",
                    actor=actor,
                    target=case,
                    organization_id=case.organization_id,
                    request=request,
                )
                return case
            expected_version = draft.version
        if draft.status != Status.DRAFT:
            return draft
        if draft.reported_by_id != actor.pk:
            raise PermissionDenied
        case = lock_case(draft, draft.version if expected_version is None else expected_version)
        _fill(case, actor, report)
        save_case(case, _REPORT_FIELDS, original=draft)
        log_action(
            "case.draft.saved",
            actor=actor,
            target=case,
            organization_id=case.organization_id,
            request=request,
        )
        return case


def submit_incident(
    actor: User,
    report: ReportInput | None = None,
    *,
    draft: Case | None = None,
    expected_version: int | None = None,
    idempotency_key: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Submit a report, judge it, seed the checklist and alert the responders.

    Either pass ``report`` (with an ``idempotency_key`` so that a double tap
    or a retry never makes two cases) or a saved ``draft``. Submitting what
    was already submitted returns the existing case unchanged.
    """
    now = now_or(now)
    with transaction.atomic():
        if draft is None:
            draft = _existing(actor, idempotency_key)
        if draft is not None and draft.status != Status.DRAFT:
            return draft
        if draft is not None and draft.reported_by_id != actor.pk:
            raise PermissionDenied
        if report is not None:
            _validate(actor, report, now=now, submitting=True)
            if draft is None:
                case = _create(actor, report, idempotency_key, now)
                if case.status != Status.DRAFT:
                    return case
            else:
                case = lock_case(
                    draft, draft.version if expected_version is None else expected_version
                )
                _fill(case, actor, report)
        elif draft is not None:
            case = lock_case(draft, draft.version if expected_version is None else expected_version)
            if not case.narrative.strip():
                raise ValidationError(_("Describe what happened."))
        else:
            raise ValueError("submit_incident needs a report or a draft")

        case.status = Status.REPORTED
        case.reported_at = now
        assessment = _assess(case, actor, Assessment.Reason.REPORTED, now)
        _apply_judgment(case, assessment.verdict, assessment.severity, assessment)
        save_case(
            case,
            [*_REPORT_FIELDS, "status", "reported_at", "verdict", "severity"],
            original=draft,
        )
        _seed_actions(case, assessment)
        case_event(
            case,
            "reported",
            actor=actor,
            at=now,
            data={"verdict": case.verdict, "severity": case.severity},
        )
        log_action(
            "case.reported",
            actor=actor,
            target=case,
            organization_id=case.organization_id,
            data={"site": case.site_id, "verdict": case.verdict, "severity": case.severity},
            request=request,
        )
        kind = (
            Notification.Kind.CASE_CRITICAL
            if case.severity == Severity.CRITICAL
            else Notification.Kind.CASE_REPORTED
        )
        notify(report_recipients(case), kind, case=case, now=now)
        return case


def _assess(case: Case, actor: User | None, reason: str, now: datetime) -> Assessment:
    document = incident_input(case)
    output = judge(document, now=now)
    return Assessment.objects.create(
        case=case,
        created_at=now,
        created_by=actor,
        reason=reason,
        policy=str(document.get("policy") or ""),
        input=document,
        output=output,
        verdict=str(output["verdict"]),
        severity=str(output["severity"]),
    )


def _apply_judgment(case: Case, verdict: str, severity: str, assessment: Assessment) -> None:
    """Make the judgment effective on the case row and its behavior index."""
    case.verdict = verdict
    case.severity = severity
    behaviors = {
        str(item["id"]) for item in assessment.behaviors if item.get("id") in Behavior.values
    }
    CaseBehavior.objects.filter(case=case).exclude(behavior__in=behaviors).delete()
    present = set(CaseBehavior.objects.filter(case=case).values_list("behavior", flat=True))
    CaseBehavior.objects.bulk_create(
        [CaseBehavior(case=case, behavior=b) for b in sorted(behaviors - present)]
    )


def _seed_actions(case: Case, assessment: Assessment) -> None:
    """Add the playbook's recommended actions that the checklist lacks."""
    present = set(CaseAction.objects.filter(case=case).values_list("action_id", flat=True))
    new = []
    for item in assessment.recommended_actions:
        action_id = str(item.get("id", ""))
        if not action_id or action_id in present:
            continue
        text = item.get("text") or {}
        new.append(
            CaseAction(
                case=case,
                action_id=action_id,
                priority=int(item.get("priority", 5)),
                text_ja=str(text.get("ja", "")),
                text_en=str(text.get("en", "")),
            )
        )
        present.add(action_id)
    CaseAction.objects.bulk_create(new)


def update_facts(
    actor: User,
    case: Case,
    *,
    expected_version: int,
    narrative: str | None = None,
    summary: str | None = None,
    facts: Mapping[str, Any] | None = None,
    transcript: Sequence[Mapping[str, Any]] | None = None,
    channel: str | None = None,
    occurred_at: datetime | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Correct what is known about a submitted case and judge it again.

    The earlier assessments stay, so the history of the judgment is kept.
    """
    now = now_or(now)
    with transaction.atomic():
        fresh = lock_case(case, expected_version)
        if fresh.status == Status.DRAFT:
            raise ValidationError(_("Edit a draft through the report form."))
        changed: list[str] = []
        if narrative is not None and narrative != fresh.narrative:
            if not narrative.strip():
                raise ValidationError(_("Describe what happened."))
            fresh.narrative = narrative
            changed.append("narrative")
        if summary is not None and summary.strip()[:200] != fresh.summary:
            fresh.summary = summary.strip()[:200]
            changed.append("summary")
        if facts is not None:
            cleaned = clean_facts(facts)
            if cleaned != fresh.facts:
                fresh.facts = cleaned
                changed.append("facts")
        if transcript is not None:
            lines = _clean_transcript(transcript)
            if lines != fresh.transcript:
                fresh.transcript = lines
                changed.append("transcript")
        if channel is not None and channel != fresh.channel:
            if channel not in Channel.values:
                raise ValidationError(_("Choose how the contact happened."))
            fresh.channel = channel
            changed.append("channel")
        if occurred_at is not None and occurred_at != fresh.occurred_at:
            fresh.occurred_at = occurred_at
            changed.append("occurred_at")
        if not changed:
            return fresh
        judged = {"narrative", "facts", "transcript", "channel"} & set(changed)
        if judged:
            assessment = _assess(fresh, actor, Assessment.Reason.FACTS_CHANGED, now)
            _apply_judgment(fresh, assessment.verdict, assessment.severity, assessment)
            _seed_actions(fresh, assessment)
            changed += ["verdict", "severity"]
        save_case(fresh, changed, original=case)
        case_event(fresh, "facts_changed", actor=actor, at=now, data={"fields": changed})
        log_action(
            "case.facts.changed",
            actor=actor,
            target=fresh,
            organization_id=fresh.organization_id,
            data={"fields": changed},
            request=request,
        )
        return fresh


def reassess_case(
    actor: User,
    case: Case,
    *,
    expected_version: int,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Assessment:
    """Run the judgment again on unchanged facts (after a policy change, say)."""
    now = now_or(now)
    with transaction.atomic():
        fresh = lock_case(case, expected_version)
        if fresh.status == Status.DRAFT:
            raise ValidationError(_("Submit the report first."))
        assessment = _assess(fresh, actor, Assessment.Reason.REQUESTED, now)
        _apply_judgment(fresh, assessment.verdict, assessment.severity, assessment)
        _seed_actions(fresh, assessment)
        save_case(fresh, ["verdict", "severity"], original=case)
        case_event(
            fresh,
            "reassessed",
            actor=actor,
            at=now,
            data={"verdict": assessment.verdict, "severity": assessment.severity},
        )
        log_action(
            "case.reassessed",
            actor=actor,
            target=fresh,
            organization_id=fresh.organization_id,
            data={"verdict": assessment.verdict, "severity": assessment.severity},
            request=request,
        )
        return assessment


def current_assessment(case: Case) -> Assessment | None:
    return Assessment.objects.filter(case=case).order_by("-created_at", "-pk").first()
