"""Moving a case along: status, assignment, decisions, notes, statements, checklist."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kasudesk.accounts.access import Capability, has_capability
from kasudesk.audit.log import log_action
from kasudesk.cases.access import can_contribute
from kasudesk.cases.actions._common import case_event, lock_case, now_or, save_case
from kasudesk.cases.errors import TransitionError
from kasudesk.cases.models import (
    Assessment,
    Case,
    CaseAction,
    Decision,
    Note,
    Notification,
    Severity,
    Statement,
    Status,
    Verdict,
)
from kasudesk.cases.notify import notify

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kasudesk.accounts.models import User

# Where a case may go from each status. Drafts leave only by submission;
# a closed case comes back only by reopening, with a reason.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REPORTED: frozenset(
        {Status.FACT_FINDING, Status.ASSESSED, Status.RESPONDING, Status.CLOSED}
    ),
    Status.FACT_FINDING: frozenset({Status.ASSESSED, Status.RESPONDING, Status.CLOSED}),
    Status.ASSESSED: frozenset(
        {Status.FACT_FINDING, Status.RESPONDING, Status.MONITORING, Status.CLOSED}
    ),
    Status.RESPONDING: frozenset({Status.FACT_FINDING, Status.MONITORING, Status.CLOSED}),
    Status.MONITORING: frozenset({Status.RESPONDING, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.FACT_FINDING, Status.RESPONDING, Status.MONITORING}),
}


def allowed_transitions(case: Case) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS.get(case.status, frozenset())]


def _require(actor: User, case: Case, capability: Capability) -> None:
    if not has_capability(actor, capability, case.site):
        raise PermissionDenied


def change_status(
    actor: User,
    case: Case,
    new_status: str,
    *,
    expected_version: int,
    note: str = "",
    outcome: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Move the case to ``new_status``.

    Closing needs the outcome; reopening a closed case needs a reason (``note``).
    """
    now = now_or(now)
    _require(actor, case, Capability.MANAGE_CASES)
    with transaction.atomic():
        fresh = lock_case(case, expected_version)
        old = fresh.status
        if new_status not in TRANSITIONS.get(old, frozenset()):
            raise TransitionError(
                _("A case cannot go from %(old)s to %(new)s."),
                params={"old": old, "new": new_status},
            )
        fields = ["status"]
        if new_status == Status.CLOSED:
            if not outcome.strip():
                raise ValidationError(_("Describe the outcome before closing the case."))
            fresh.outcome = outcome.strip()
            fresh.closed_at = now
            fields += ["outcome", "closed_at"]
        if old == Status.CLOSED:
            if not note.strip():
                raise ValidationError(_("Give the reason for reopening the case."))
            fresh.closed_at = None
            fields.append("closed_at")
        fresh.status = new_status
        save_case(fresh, fields, original=case)
        kind = "reopened" if old == Status.CLOSED else "status_changed"
        data = {"from": old, "to": new_status, "note": note.strip()}
        case_event(fresh, kind, actor=actor, at=now, data=data)
        log_action(
            "case.reopened" if old == Status.CLOSED else "case.status.changed",
            actor=actor,
            target=fresh,
            organization_id=fresh.organization_id,
            data={"from": old, "to": new_status},
            request=request,
        )
        return fresh


def assign_case(
    actor: User,
    case: Case,
    assignee: User | None,
    *,
    expected_version: int,
    due_at: datetime | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Give the case to someone who may manage it, with a due date."""
    now = now_or(now)
    _require(actor, case, Capability.MANAGE_CASES)
    if assignee is not None and not has_capability(assignee, Capability.MANAGE_CASES, case.site):
        raise ValidationError(_("This person cannot handle cases at this site."))
    with transaction.atomic():
        fresh = lock_case(case, expected_version)
        previous = fresh.assignee_id
        fresh.assignee = assignee
        fresh.due_at = due_at
        save_case(fresh, ["assignee", "due_at"], original=case)
        data = {
            "assignee": assignee.pk if assignee else None,
            "previous": previous,
            "due_at": due_at,
        }
        case_event(fresh, "assigned", actor=actor, at=now, data=data)
        log_action(
            "case.assigned",
            actor=actor,
            target=fresh,
            organization_id=fresh.organization_id,
            data=data,
            request=request,
        )
        if assignee is not None and assignee.pk not in (previous, actor.pk):
            notify([assignee.pk], Notification.Kind.CASE_ASSIGNED, case=fresh, now=now)
        return fresh


def decide_case(
    actor: User,
    case: Case,
    *,
    expected_version: int,
    reason: str,
    verdict: str | None = None,
    severity: str | None = None,
    assessment: Assessment | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Decision:
    """Confirm the current assessment, or override its verdict and/or severity.

    Passing neither ``verdict`` nor ``severity`` (or the assessment's own)
    confirms it. The reason is mandatory either way and is recorded.
    """
    now = now_or(now)
    _require(actor, case, Capability.DECIDE_CASES)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    if verdict is not None and verdict not in Verdict.values:
        raise ValidationError(_("Unknown verdict."))
    if severity is not None and severity not in Severity.values:
        raise ValidationError(_("Unknown severity."))
    with transaction.atomic():
        fresh = lock_case(case, expected_version)
        if fresh.status == Status.DRAFT:
            raise ValidationError(_("Submit the report first."))
        basis = assessment or (
            Assessment.objects.filter(case=fresh).order_by("-created_at", "-pk").first()
        )
        if basis is None or basis.case_id != fresh.pk:
            raise ValidationError(_("There is no assessment to decide on."))
        final_verdict = verdict or basis.verdict
        final_severity = severity or basis.severity
        overridden = (final_verdict, final_severity) != (basis.verdict, basis.severity)
        decision = Decision.objects.create(
            case=fresh,
            assessment=basis,
            kind=Decision.Kind.OVERRIDE if overridden else Decision.Kind.CONFIRM,
            verdict=final_verdict,
            severity=final_severity,
            reason=reason.strip(),
            decided_by=actor,
            decided_at=now,
        )
        fresh.verdict = final_verdict
        fresh.severity = final_severity
        fields = ["verdict", "severity"]
        if fresh.status in (Status.REPORTED, Status.FACT_FINDING):
            fresh.status = Status.ASSESSED
            fields.append("status")
        save_case(fresh, fields, original=case)
        data = {
            "kind": decision.kind,
            "verdict": final_verdict,
            "severity": final_severity,
            "assessment": basis.pk,
            "assessed_verdict": basis.verdict,
            "assessed_severity": basis.severity,
            "reason": decision.reason,
        }
        case_event(fresh, "decided", actor=actor, at=now, data=data)
        log_action(
            "case.decided",
            actor=actor,
            target=fresh,
            organization_id=fresh.organization_id,
            data=data,
            request=request,
        )
        if fresh.assignee_id and fresh.assignee_id != actor.pk:
            notify([fresh.assignee_id], Notification.Kind.CASE_DECIDED, case=fresh, now=now)
        return decision


def add_note(
    actor: User,
    case: Case,
    text: str,
    *,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Note:
    now = now_or(now)
    _require(actor, case, Capability.MANAGE_CASES)
    if not text.strip():
        raise ValidationError(_("The note is empty."))
    with transaction.atomic():
        note = Note.objects.create(case=case, author=actor, text=text.strip(), created_at=now)
        case_event(case, "note_added", actor=actor, at=now, data={"note": note.pk})
        log_action(
            "case.note.added",
            actor=actor,
            target=case,
            organization_id=case.organization_id,
            data={"note": note.pk},
            request=request,
        )
        return note


def add_statement(
    actor: User,
    case: Case,
    *,
    party: str,
    text: str,
    speaker_name: str = "",
    taken_at: datetime | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Statement:
    """Record what the employee, a witness, a manager or the customer's side says."""
    now = now_or(now)
    if not can_contribute(actor, case):
        raise PermissionDenied
    if party not in Statement.Party.values:
        raise ValidationError(_("Unknown party."))
    if not text.strip():
        raise ValidationError(_("The statement is empty."))
    with transaction.atomic():
        statement = Statement.objects.create(
            case=case,
            party=party,
            speaker_name=speaker_name.strip(),
            text=text.strip(),
            taken_at=taken_at or now,
            recorded_by=actor,
        )
        case_event(
            case,
            "statement_added",
            actor=actor,
            at=now,
            data={"statement": statement.pk, "party": party},
        )
        log_action(
            "case.statement.added",
            actor=actor,
            target=case,
            organization_id=case.organization_id,
            data={"statement": statement.pk, "party": party},
            request=request,
        )
        return statement


def add_case_action(
    actor: User,
    case: Case,
    *,
    text_ja: str,
    text_en: str = "",
    owner: User | None = None,
    due_at: datetime | None = None,
    priority: int = 50,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> CaseAction:
    """Add a step of one's own to the checklist."""
    now = now_or(now)
    _require(actor, case, Capability.MANAGE_CASES)
    if not (text_ja.strip() or text_en.strip()):
        raise ValidationError(_("Describe the action."))
    with transaction.atomic():
        action = CaseAction.objects.create(
            case=case,
            priority=priority,
            text_ja=text_ja.strip() or text_en.strip(),
            text_en=text_en.strip(),
            owner=owner,
            due_at=due_at,
        )
        case_event(case, "action_added", actor=actor, at=now, data={"action": action.pk})
        log_action(
            "case.action.added",
            actor=actor,
            target=case,
            organization_id=case.organization_id,
            data={"action": action.pk},
            request=request,
        )
        return action


def plan_case_action(
    actor: User,
    action: CaseAction,
    *,
    owner: User | None,
    due_at: datetime | None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> CaseAction:
    """Set who does a checklist step and by when."""
    now = now_or(now)
    _require(actor, action.case, Capability.MANAGE_CASES)
    with transaction.atomic():
        action.owner = owner
        action.due_at = due_at
        action.save(update_fields=["owner", "due_at"])
        data = {"action": action.pk, "owner": owner.pk if owner else None, "due_at": due_at}
        case_event(action.case, "action_planned", actor=actor, at=now, data=data)
        log_action(
            "case.action.planned",
            actor=actor,
            target=action.case,
            organization_id=action.case.organization_id,
            data=data,
            request=request,
        )
        return action


def complete_case_action(
    actor: User,
    action: CaseAction,
    *,
    state: str,
    note: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> CaseAction:
    """Mark a step done or not applicable (which needs a note), or open again."""
    now = now_or(now)
    _require(actor, action.case, Capability.MANAGE_CASES)
    if state not in CaseAction.State.values:
        raise ValidationError(_("Unknown state."))
    if state == CaseAction.State.NOT_APPLICABLE and not note.strip():
        raise ValidationError(_("Say why this action does not apply."))
    with transaction.atomic():
        action.state = state
        action.note = note.strip()
        if state == CaseAction.State.OPEN:
            action.completed_at = None
            action.completed_by = None
        else:
            action.completed_at = now
            action.completed_by = actor
        action.save(update_fields=["state", "note", "completed_at", "completed_by"])
        data = {"action": action.pk, "state": state}
        case_event(action.case, "action_completed", actor=actor, at=now, data=data)
        log_action(
            "case.action.completed",
            actor=actor,
            target=action.case,
            organization_id=action.case.organization_id,
            data=data,
            request=request,
        )
        return action
