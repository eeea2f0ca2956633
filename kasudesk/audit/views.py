"""The audit trail as auditors read it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kasudesk.accounts.access import (
    Capability,
    organization_ids_where,
    require_capability_anywhere,
)
from kasudesk.audit.models import AuditEvent

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action starts with"),
        required=False,
        max_length=100,
        help_text=_("For example accounts. or case.status"),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _local_midnight(day: date) -> datetime:
    # Dates are read in the installation's time zone, as people see them.
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def visible_events(request: HttpRequest) -> QuerySet[AuditEvent]:
    """Events of the organisations where the user may read the trail."""
    if request.user.is_superuser:
        return AuditEvent.objects.all()
    require_capability_anywhere(request.user, Capability.VIEW_AUDIT)
    org_ids = organization_ids_where(request.user, Capability.VIEW_AUDIT)
    return AuditEvent.objects.filter(organization_id__in=org_ids)


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = visible_events(request)
    form = AuditFilterForm(request.GET)
    if form.is_valid():
        if prefix := form.cleaned_data["action"].strip():
            events = events.filter(action__startswith=prefix)
        if form.cleaned_data["date_from"]:
            events = events.filter(at__gte=_local_midnight(form.cleaned_data["date_from"]))
        if form.cleaned_data["date_to"]:
            end = _local_midnight(form.cleaned_data["date_to"]) + timedelta(days=1)
            events = events.filter(at__lt=end)
    else:
        events = events.none()
    paginator = Paginator(events.order_by("-sequence"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
