"""The front-line report and the guidance shown right after it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kasudesk.accounts.access import Capability, require_capability_anywhere, sites_where
from kasudesk.cases.access import cases_for_user, customers_for_user, get_case_for_user
from kasudesk.cases.actions import NewCustomer, ReportInput, current_assessment
from kasudesk.cases.actions_ui import report_incident
from kasudesk.cases.errors import EvidenceRejected
from kasudesk.cases.forms import ReportForm, initial_from_case
from kasudesk.cases.models import Assessment, Behavior, Case, Severity, Status
from kasudesk.cases.views_common import acting_user, int_or_none

# Behaviors that put someone in danger at once, whatever the severity says.
DANGER_BEHAVIORS = frozenset({Behavior.PHYSICAL_ATTACK, Behavior.SEXUAL_CONDUCT})
FIRST_ACTIONS = 3
DRAFTS_SHOWN = 5


def _report_input(form: ReportForm) -> ReportInput:
    data = form.cleaned_data
    customer = data.get("customer")
    new_customer = None
    if customer is None and (data["customer_name"].strip() or data["customer_phone"].strip()):
        new_customer = NewCustomer(name=data["customer_name"], phone=data["customer_phone"])
    return ReportInput(
        site=data["site"],
        occurred_at=data["occurred_at"],
        channel=data["channel"],
        narrative=data["narrative"],
        facts=form.facts(),
        customer=customer,
        new_customer=new_customer,
    )


def _draft_for(request: HttpRequest) -> Case | None:
    draft_id = int_or_none(request.GET.get("draft"))
    if draft_id is None:
        return None
    case = get_case_for_user(request.user, draft_id, write=True, request=request)
    if case.status != Status.DRAFT or case.reported_by_id != request.user.pk:
        raise Http404
    return case


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    require_capability_anywhere(request.user, Capability.REPORT_INCIDENT)
    user = acting_user(request)
    sites = sites_where(user, Capability.REPORT_INCIDENT).order_by("name")
    customers = customers_for_user(user).order_by("name")
    draft = _draft_for(request)
    upload_errors: list[str] = []
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, sites=sites, customers=customers)
        if form.is_valid():
            saving_draft = request.POST.get("intent") == "draft"
            try:
                case, _created = report_incident(
                    user,
                    _report_input(form),
                    uploads=form.uploads(),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    draft=saving_draft,
                    request=request,
                )
            except EvidenceRejected as error:
                upload_errors = list(error.messages)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if case.status == Status.DRAFT:
                    messages.success(
                        request,
                        _("Your draft is saved. You can finish it later from the case list."),
                    )
                    return redirect(f"{request.path}?draft={case.pk}")
                return redirect("cases:submitted", case_id=case.pk)
    else:
        initial: dict[str, Any] = initial_from_case(draft) if draft else {}
        form = ReportForm(initial=initial, sites=sites, customers=customers)
    status = 400 if request.method == "POST" else 200
    drafts = cases_for_user(user).filter(reported_by=user, status=Status.DRAFT)
    if draft is not None:
        drafts = drafts.exclude(pk=draft.pk)
    return render(
        request,
        "cases/report.html",
        {
            "form": form,
            "draft": draft,
            "drafts": drafts.order_by("-updated_at")[:DRAFTS_SHOWN],
            "upload_errors": upload_errors,
        },
        status=status,
    )


def needs_emergency_panel(case: Case, assessment: Assessment | None) -> bool:
    """Violence, a weapon, a threat to life or sexual contact: safety first."""
    if case.severity == Severity.CRITICAL:
        return True
    if case.facts.get("weapon") is True or case.facts.get("injury") is True:
        return True
    found = {str(item.get("id")) for item in (assessment.behaviors if assessment else [])}
    return bool(found & DANGER_BEHAVIORS)


@require_GET
def submitted(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, request=request)
    if case.status == Status.DRAFT:
        return redirect(f"{_report_path()}?draft={case.pk}")
    assessment = current_assessment(case)
    actions = list(case.actions.order_by("priority", "pk")[:FIRST_ACTIONS])
    return render(
        request,
        "cases/submitted.html",
        {
            "case": case,
            "assessment": assessment,
            "first_actions": actions,
            "emergency": needs_emergency_panel(case, assessment),
        },
    )


def _report_path() -> str:
    return reverse("cases:report")
