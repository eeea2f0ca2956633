"""The case page and every change made from it.

Each POST view fetches the case through the access choke point, validates
its form and calls one action. When the action refuses (a conflict, a
transition the workflow forbids), the case page is rendered again with the
person's input still in the form, never silently dropped.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kasudesk.accounts.access import CAPABILITIES, Capability, has_capability
from kasudesk.accounts.models import Membership, Site, User
from kasudesk.cases.access import (
    can_contribute,
    can_manage_case,
    get_case_action_for_user,
    get_case_for_user,
)
from kasudesk.cases.actions import (
    add_money_entry,
    add_note,
    add_statement,
    add_time_entry,
    allowed_transitions,
    assign_case,
    change_status,
    complete_case_action,
    decide_case,
    plan_case_action,
    reassess_case,
    update_facts,
)
from kasudesk.cases.costs import case_costs
from kasudesk.cases.errors import ConflictError
from kasudesk.cases.forms import (
    AssignForm,
    CaseActionForm,
    DecisionForm,
    EvidenceForm,
    FactsForm,
    MoneyEntryForm,
    NoteForm,
    ReassessForm,
    StatementForm,
    StatusForm,
    TimeEntryForm,
    initial_from_case,
)
from kasudesk.cases.letters import LANGUAGES as LETTER_LANGUAGES
from kasudesk.cases.letters import warning_letter_data
from kasudesk.cases.models import Case, CaseEvent, Decision, Status
from kasudesk.cases.views_common import CONFLICT_MESSAGE, acting_user

# The order a case normally goes through, shown as a progress line.
STATUS_FLOW = (
    Status.REPORTED,
    Status.FACT_FINDING,
    Status.ASSESSED,
    Status.RESPONDING,
    Status.MONITORING,
    Status.CLOSED,
)

EVENT_LABELS = {
    "draft_saved": gettext_lazy("Draft saved"),
    "reported": gettext_lazy("Reported"),
    "facts_changed": gettext_lazy("Facts changed and judged again"),
    "reassessed": gettext_lazy("Judged again"),
    "status_changed": gettext_lazy("Status changed"),
    "reopened": gettext_lazy("Case reopened"),
    "assigned": gettext_lazy("Assignee or due date changed"),
    "decided": gettext_lazy("Decision recorded"),
    "note_added": gettext_lazy("Internal note added"),
    "statement_added": gettext_lazy("Statement recorded"),
    "evidence_added": gettext_lazy("Evidence uploaded"),
    "evidence_deleted": gettext_lazy("Evidence deleted"),
    "action_added": gettext_lazy("Checklist step added"),
    "action_planned": gettext_lazy("Checklist step planned"),
    "action_completed": gettext_lazy("Checklist step updated"),
    "time_recorded": gettext_lazy("Time recorded"),
    "money_recorded": gettext_lazy("Cost recorded"),
    "warning_issued": gettext_lazy("Warning given to the customer"),
    "customer_banned": gettext_lazy("Customer banned"),
    "customer_linked": gettext_lazy("Customer linked"),
}


def responders(site: Site) -> list[User]:
    """People who may handle cases at ``site``: the choices for assignee and owner."""
    user_ids = Membership.objects.filter(
        Q(site__isnull=True, organization_id=site.organization_id) | Q(site_id=site.pk),
        role__in=CAPABILITIES[Capability.MANAGE_CASES],
        user__is_active=True,
    ).values("user_id")
    return list(User.objects.filter(pk__in=user_ids).order_by("last_name", "first_name", "pk"))


def end_of_day(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def _timeline(case: Case) -> list[dict[str, Any]]:
    events = CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk")
    return [
        {
            "event": event,
            "label": EVENT_LABELS.get(event.kind, event.kind),
            "status_to": Status(event.data["to"]).label
            if event.data.get("to") in Status.values
            else "",
        }
        for event in events
    ]


def detail_context(request: HttpRequest, case: Case, **forms_given: Any) -> dict[str, Any]:
    """Everything the case page shows; bound forms passed in replace the blank ones."""
    user = acting_user(request)
    manage = can_manage_case(user, case)
    contribute = can_contribute(user, case)
    decide = has_capability(user, Capability.DECIDE_CASES, case.site)
    delete_evidence = has_capability(user, Capability.DELETE_EVIDENCE, case.site)
    assessments = list(case.assessments.select_related("created_by").order_by("-created_at", "-pk"))
    assessment = assessments[0] if assessments else None
    people = responders(case.site) if manage else []
    version = {"version": case.version}
    checklist = list(case.actions.select_related("owner", "completed_by").order_by("priority"))
    action_forms = forms_given.pop("action_forms", {})
    context: dict[str, Any] = {
        "case": case,
        "assessment": assessment,
        "assessments": assessments,
        "decisions": list(case.decisions.select_related("decided_by")),
        "statements": list(case.statements.select_related("recorded_by")),
        "notes": list(case.notes.select_related("author")) if manage else [],
        "timeline": _timeline(case),
        "evidence": list(case.evidence.select_related("uploaded_by").order_by("uploaded_at")),
        "checklist": [
            (
                item,
                action_forms.get(item.pk)
                or CaseActionForm(
                    people=people,
                    prefix=f"action-{item.pk}",
                    initial={
                        "state": item.state,
                        "note": item.note,
                        "owner": item.owner_id,
                        "due_on": _local_date(item.due_at),
                    },
                ),
            )
            for item in checklist
        ],
        "time_entries": list(case.time_entries.select_related("recorded_by")),
        "money_entries": list(case.money_entries.select_related("recorded_by")),
        "status_flow": STATUS_FLOW,
        "transitions": [Status(value) for value in allowed_transitions(case)] if manage else [],
        "can_manage": manage,
        "can_contribute": contribute,
        "can_decide": decide and case.status != Status.DRAFT,
        "can_delete_evidence": delete_evidence,
        "status_form": StatusForm(initial=version),
        "assign_form": AssignForm(
            people=people,
            initial={**version, "assignee": case.assignee_id, "due_on": _local_date(case.due_at)},
        ),
        "note_form": NoteForm(),
        "statement_form": StatementForm(),
        "decision_form": DecisionForm(
            initial={
                **version,
                "kind": Decision.Kind.CONFIRM,
                "verdict": case.verdict,
                "severity": case.severity,
            }
        ),
        "reassess_form": ReassessForm(initial=version),
        "facts_form": FactsForm(initial={**initial_from_case(case), **version}),
        "evidence_form": EvidenceForm(),
        "time_form": TimeEntryForm(initial={"on": timezone.localdate()}),
        "money_form": MoneyEntryForm(initial={"on": timezone.localdate()}),
    }
    context["costs"] = case_costs(case)
    context.update(forms_given)
    return context


@require_GET
def detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, request=request)
    if case.status == Status.DRAFT:
        return redirect(f"{_url('cases:report')}?draft={case.pk}")
    return render(request, "cases/detail.html", detail_context(request, case))


def _url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def _again(
    request: HttpRequest,
    case: Case,
    *,
    conflict: bool = False,
    status: int = 400,
    **bound: Any,
) -> HttpResponse:
    """The case page again, with the refused form still holding its input."""
    fresh = get_case_for_user(request.user, case.pk, request=request)
    if conflict:
        # Keep what the person typed, but against the version now on screen,
        # so that sending again after a look applies it instead of failing again.
        for form in bound.values():
            if isinstance(form, forms.Form) and isinstance(form.data, QueryDict):
                data = form.data.copy()
                data["version"] = str(fresh.version)
                form.data = data
    context = detail_context(request, fresh, **bound)
    if conflict:
        context["conflict"] = CONFLICT_MESSAGE
        status = 409
    return render(request, "cases/detail.html", context, status=status)


def _done(request: HttpRequest, case: Case, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(_url("cases:detail", case.pk) + (f"#{anchor}" if anchor else ""))


def _refuse(form: forms.Form, error: ValidationError) -> None:
    form.add_error(None, error)


@require_POST
def set_status(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, write=True)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _again(request, case, status_form=form)
    data = form.cleaned_data
    try:
        change_status(
            acting_user(request),
            case,
            data["status"],
            expected_version=data["version"],
            note=data["note"],
            outcome=data["note"] if data["status"] == Status.CLOSED else "",
            request=request,
        )
    except ConflictError:
        return _again(request, case, conflict=True, status_form=form)
    except ValidationError as error:
        _refuse(form, error)
        return _again(request, case, status_form=form)
    return _done(request, case, _("The status was changed."), "workflow")


@require_POST
def assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, write=True)
    form = AssignForm(request.POST, people=responders(case.site))
    if not form.is_valid():
        return _again(request, case, assign_form=form)
    data = form.cleaned_data
    try:
        assign_case(
            acting_user(request),
            case,
            data["assignee"],
            expected_version=data["version"],
            due_at=end_of_day(data["due_on"]),
            request=request,
        )
    except ConflictError:
        return _again(request, case, conflict=True, assign_form=form)
    except ValidationError as error:
        _refuse(form, error)
        return _again(request, case, assign_form=form)
    return _done(request, case, _("The assignee and due date were saved."), "workflow")


@require_POST
def note(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, write=True)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _again(request, case, note_form=form)
    try:
        add_note(acting_user(request), case, form.cleaned_data["text"], request=request)
    except ValidationError as error:
        _refuse(form, error)
        return _again(request, case, note_form=form)
    return _done(request, case, _("The note was added."), "notes")


@require_POST
def statement(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, contribute=True)
    form = StatementForm(request.POST)
    if not form.is_valid():
        return _again(request, case, statement_form=form)
    data = form.cleaned_data
    try:
        add_statement(
            acting_user(request),
            case,
            party=data["party"],
            text=data["text"],
            speaker_name=data["speaker_name"],
            taken_at=data["taken_at"],
            request=request,
        )
    except ValidationError as error:
        _refuse(form, error)
        return _again(request, case, statement_form=form)
    return _done(request, case, _("The statement was recorded."), "statements")


@require_POST
def decide(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, request=request)
    if not has_capability(request.user, Capability.DECIDE_CASES, case.site):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _again(request, case, decision_form=form)
    data = form.cleaned_data
    override = data["kind"] == Decision.Kind.OVERRIDE
    try:
        decide_case(
            acting_user(request),
            case,
            expected_version=data["version"],
            reason=data["reason"],
            verdict=data["verdict"] if override else None,
            severity=data["severity"] if override else None,
            request=request,
        )
    except ConflictError:
        return _again(request, case, conflict=True, decision_form=form)
    except ValidationError as error:
        _refuse(form, error)
        return _again(request, case, decision_form=form)
    return _done(request, case, _("Your decision was recorded."), "judgment")


@require_POST
def reassess(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, write=True)
    form = ReassessForm(request.POST)
    if not form.is_valid():
        return _again(request, case, reassess_form=form)
    try:
        reassess_case(
            acting_user(request),
            case,
            expected_version=form.cleaned_data["version"],
            request=request,
        )
    except ConflictError:
        return _again(request, case, conflict=True, reassess_form=form)
    except ValidationError as error:
        _refuse(form, error)
        return _again(request, case, reassess_form=form)
    return _done(request, case, _("The case was judged again."), "judgment")


@require_POST
def facts(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, write=True)
    form = FactsForm(request.POST)
    if not form.is_valid():
        return _again(request, case, facts_form=form)
    try:
        update_facts(
            acting_user(request),
            case,
            expected_version=form.cleaned_data["version"],
            narrative=form.cleaned_data["narrative"],
            facts=form.facts(),
            request=request,
        )
    except ConflictError:
        return _again(request, case, conflict=True, facts_form=form)
    except ValidationError as error:
        _refuse(form, error)
        return _again(request, case, facts_form=form)
    return _done(
        request, case, _("The facts were saved and the case was judged again."), "judgment"
    )


@require_POST
def checklist_item(request: HttpRequest, action_id: int) -> HttpResponse:
    item = get_case_action_for_user(request.user, action_id)
    case = item.case
    people = responders(case.site)
    form = CaseActionForm(request.POST, people=people, prefix=f"action-{item.pk}")
    htmx = request.headers.get("HX-Request") == "true"
    if form.is_valid():
        data = form.cleaned_data
        user = acting_user(request)
        try:
            due_at = end_of_day(data["due_on"])
            owner = data["owner"]
            if owner != item.owner or _local_date(due_at) != _local_date(item.due_at):
                plan_case_action(user, item, owner=owner, due_at=due_at, request=request)
            if data["state"] != item.state or data["note"].strip() != item.note:
                complete_case_action(
                    user, item, state=data["state"], note=data["note"], request=request
                )
        except ValidationError as error:
            _refuse(form, error)
        else:
            if not htmx:
                return _done(request, case, _("The checklist was updated."), "checklist")
            item.refresh_from_db()
            form = CaseActionForm(
                people=people,
                prefix=f"action-{item.pk}",
                initial={
                    "state": item.state,
                    "note": item.note,
                    "owner": item.owner_id,
                    "due_on": _local_date(item.due_at),
                },
            )
            return render(
                request,
                "cases/detail.html#checklist-item",
                {"item": item, "item_form": form, "can_manage": True, "saved": True},
            )
    if htmx:
        return render(
            request,
            "cases/detail.html#checklist-item",
            {"item": item, "item_form": form, "can_manage": True},
            status=400,
        )
    return _again(request, case, action_forms={item.pk: form})


@require_POST
def time_entry(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, write=True)
    form = TimeEntryForm(request.POST)
    if not form.is_valid():
        return _again(request, case, time_form=form)
    try:
        add_time_entry(acting_user(request), case, request=request, **form.cleaned_data)
    except ValidationError as error:
        _refuse(form, error)
        return _again(request, case, time_form=form)
    return _done(request, case, _("The time was recorded."), "costs")


@require_POST
def money_entry(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, write=True)
    form = MoneyEntryForm(request.POST)
    if not form.is_valid():
        return _again(request, case, money_form=form)
    try:
        add_money_entry(acting_user(request), case, request=request, **form.cleaned_data)
    except ValidationError as error:
        _refuse(form, error)
        return _again(request, case, money_form=form)
    return _done(request, case, _("The cost was recorded."), "costs")


@require_GET
def letter(request: HttpRequest, case_id: int) -> HttpResponse:
    """A written warning to the customer, from the template, ready to print."""
    # Read first, so that printing the customer's name leaves a case.read entry.
    case = get_case_for_user(request.user, case_id, request=request)
    if not can_manage_case(request.user, case):
        raise PermissionDenied
    language = request.GET.get("lang", "ja")
    if language not in LETTER_LANGUAGES:
        language = "ja"
    data = warning_letter_data(case, language=language, signatory=case.site.name)
    return render(
        request,
        "cases/letter.html",
        {"case": case, "letter": data, "languages": LETTER_LANGUAGES},
    )
