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
from kasudesk.cases.forms import CustomerPickForm, ReportForm, initial_from_case
from kasudesk.cases.models import Assessment, Behavior, Case, Customer, Severity, Status
from kasudesk.cases.views_common import acting_user, int_or_none
from kasudesk.cases.views_customers import customer_search_condition

# Behaviors that put someone in danger at once, whatever the severity says.
DANGER_BEHAVIORS = frozenset({Behavior.PHYSICAL_ATTACK, Behavior.SEXUAL_CONDUCT})
FIRST_ACTIONS = 3
DRAFTS_SHOWN = 5
# Enough to pick from while typing; more means the query needs another letter.
PICK_LIMIT = 10
MIN_PICK_QUERY = 2


def _report_input(form: ReportForm) -> ReportInput:
    data = form.cleaned_data
    customer = data.get("customer")
    new_customer = None
    name, phone, email = form.typed_customer()
    if customer is None and (name or phone or email):
        new_customer = NewCustomer(name=name, phone=phone, email=email)
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
        if draft is not None and draft.customer is not None:
            initial["customer_search"] = draft.customer.label
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


@require_GET
def customer_pick(request: HttpRequest) -> HttpResponse:
    """The report form's customer picker: a few registry matches as a fragment."""
    require_capability_anywhere(request.user, Capability.REPORT_INCIDENT)
    customers = customers_for_user(request.user)
    if customers.query.is_empty():
        raise Http404
    form = CustomerPickForm(request.GET)
    query = form.cleaned_data["customer_search"].strip() if form.is_valid() else ""
    # One kanji can be a whole surname (林, 森); one Latin letter says nothing.
    searched = len(query) >= MIN_PICK_QUERY or (len(query) == 1 and not query.isascii())
    matches: list[Customer] = []
    if searched:
        matches = list(
            customers.filter(customer_search_condition(query)).order_by("name", "pk")[:PICK_LIMIT]
        )
    return render(
        request,
        "cases/_customer_matches.html",
        {"matches": matches, "query": query, "searched": searched},
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
