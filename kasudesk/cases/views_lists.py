"""The case list with its filters and search, the notifications and the cost totals."""

from __future__ import annotations

from dataclasses import asdict

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasudesk.accounts.access import (
    Capability,
    has_capability_anywhere,
    require_capability_anywhere,
    sites_where,
)
from kasudesk.accounts.models import Site, User
from kasudesk.cases.access import cases_for_export, cases_for_user, export_organization_ids
from kasudesk.cases.actions import mark_all_notifications_read, mark_notification_read
from kasudesk.cases.costs import site_costs_for_user
from kasudesk.cases.export import export_cases
from kasudesk.cases.forms import CaseFilterForm, CostPeriodForm
from kasudesk.cases.models import Notification
from kasudesk.cases.search import (
    CaseFilters,
    apply_filters,
    apply_text_search,
    case_page,
    search_cases,
)
from kasudesk.cases.views_common import acting_user

NOTIFICATIONS_SHOWN = 50


def _visible_sites(user: User) -> QuerySet[Site]:
    own = sites_where(user, Capability.VIEW_OWN_REPORTS).values("pk")
    readable = sites_where(user, Capability.VIEW_SITE_CASES).values("pk")
    return Site.objects.filter(Q(pk__in=own) | Q(pk__in=readable)).order_by("name")


def _filter_form(request: HttpRequest, user: User) -> CaseFilterForm:
    people = User.objects.filter(
        pk__in=cases_for_user(user).exclude(assignee=None).values("assignee_id")
    ).order_by("last_name", "first_name")
    return CaseFilterForm(request.GET or None, sites=_visible_sites(user), people=people)


def _filters(form: CaseFilterForm) -> tuple[str, CaseFilters]:
    """The search words and filters of a valid form; none for an unbound one."""
    if not form.is_bound:
        return "", CaseFilters()
    data = form.cleaned_data
    filters = CaseFilters(
        site_id=data["site"].pk if data["site"] else None,
        status=data["status"] or None,
        behavior=data["behavior"] or None,
        severity=data["severity"] or None,
        since=data["start"],
        until=data["end"],
        assignee_id=data["assignee"].pk if data["assignee"] else None,
    )
    return data["q"], filters


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not (
        has_capability_anywhere(user, Capability.VIEW_OWN_REPORTS)
        or has_capability_anywhere(user, Capability.VIEW_SITE_CASES)
    ):
        raise Http404
    form = _filter_form(request, user)
    query, filters = _filters(form) if not form.is_bound or form.is_valid() else ("", CaseFilters())
    page = case_page(search_cases(user, query, filters), request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "query_string": params.urlencode(),
            "can_export": bool(export_organization_ids(user)),
        },
    )


@require_GET
def case_export(request: HttpRequest) -> HttpResponse:
    """The filtered case list as CSV, for those who handle cases organisation-wide."""
    user = acting_user(request)
    org_ids = export_organization_ids(user)
    if not org_ids:
        raise Http404
    exportable = cases_for_export(user)
    form = _filter_form(request, user)
    if form.is_bound and not form.is_valid():
        # The list shows what is wrong with the filters.
        return redirect(f"{reverse('cases:list')}?{request.GET.urlencode()}")
    query, filters = _filters(form)
    cases = apply_filters(exportable, filters)
    if query.strip():
        cases = apply_text_search(cases, query)
    text = export_cases(
        user,
        cases.order_by("-occurred_at", "-pk"),
        organization_ids=org_ids,
        filters=asdict(filters),
        searched=bool(query.strip()),
        request=request,
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="kasudesk-cases-{stamp}.csv"'
    return response


@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if request.method == "POST":
        mark_all_notifications_read(user)
        return redirect("cases:notifications")
    items = list(
        Notification.objects.filter(recipient=user)
        .select_related("case", "case__site")
        .order_by("-created_at", "-pk")[:NOTIFICATIONS_SHOWN]
    )
    return render(request, "cases/notifications.html", {"items": items})


@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    item = mark_notification_read(acting_user(request), notification_id)
    if item.case_id is not None:
        return redirect("cases:detail", case_id=item.case_id)
    return redirect("cases:notifications")


@require_GET
def site_costs(request: HttpRequest) -> HttpResponse:
    require_capability_anywhere(request.user, Capability.VIEW_AGGREGATES)
    form = CostPeriodForm(request.GET or None)
    since = until = None
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data["start"], form.cleaned_data["end"]
    rows = site_costs_for_user(request.user, since=since, until=until)
    return render(
        request,
        "cases/site_costs.html",
        {
            "form": form,
            "rows": rows,
            "total_minutes": sum(row.totals.minutes for row in rows),
            "total_yen": sum(row.totals.yen for row in rows),
        },
    )
