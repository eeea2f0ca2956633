"""The customer registry and the counter look-up."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasudesk.accounts.access import (
    Capability,
    has_capability_anywhere,
    require_capability_anywhere,
    sites_where,
)
from kasudesk.accounts.models import Organization, Site
from kasudesk.cases.access import (
    can_ban,
    can_manage_customer,
    cases_for_user,
    customers_for_user,
    get_case_for_user,
    get_customer_for_user,
)
from kasudesk.cases.actions import (
    ban_customer,
    create_customer,
    issue_warning,
    lift_ban,
    record_contact,
    set_customer_alert,
)
from kasudesk.cases.customers import (
    ban_state,
    in_force,
    lookup_for_counter,
    normalize_email,
    normalize_name,
    normalize_phone,
    review_due,
)
from kasudesk.cases.forms import (
    AlertForm,
    BanFilter,
    BanForm,
    ContactForm,
    CustomerForm,
    CustomerSearchForm,
    LiftBanForm,
    LookupForm,
    WarningForm,
)
from kasudesk.cases.models import Ban, Case, Customer
from kasudesk.cases.views_common import acting_user, int_or_none

PAGE_SIZE = 25


def _registry_or_404(request: HttpRequest) -> QuerySet[Customer]:
    """The registry, for those who manage customers or audit; 404 for anyone else."""
    user = request.user
    if not (
        has_capability_anywhere(user, Capability.MANAGE_CUSTOMERS)
        or has_capability_anywhere(user, Capability.VIEW_AUDIT)
    ):
        raise Http404
    return customers_for_user(user)


def customer_search_condition(query: str) -> Q:
    """Registry entries whose name, phone or e-mail fit what someone typed.

    On the normalised keys, so that "０９０-1234" finds 09012345678 and
    full-width letters find their ASCII spelling.
    """
    condition = Q(name_key__contains=normalize_name(query))
    digits = normalize_phone(query)
    if len(digits) >= 3:
        condition |= Q(phone_key__contains=digits)
    email = normalize_email(query)
    if "@" in email or len(email) >= 3:
        condition |= Q(email_key__startswith=email)
    return condition


@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    customers = _registry_or_404(request)
    form = CustomerSearchForm(request.GET or None)
    query = bans = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
        bans = form.cleaned_data["bans"]
    if query:
        customers = customers.filter(customer_search_condition(query))
    today = timezone.localdate()
    customers = customers.annotate(
        banned=Exists(Ban.objects.filter(in_force(today), customer=OuterRef("pk"))),
        ban_review_due=Exists(Ban.objects.filter(review_due(today), customer=OuterRef("pk"))),
    )
    if bans == BanFilter.IN_FORCE:
        customers = customers.filter(banned=True)
    elif bans == BanFilter.REVIEW_DUE:
        customers = customers.filter(ban_review_due=True)
    page = Paginator(customers.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": query, "bans": bans}
    return render(request, "cases/customers.html", context)


@require_http_methods(["GET", "POST"])
def customer_new(request: HttpRequest) -> HttpResponse:
    """Register someone before any case names them, e.g. on another branch's warning."""
    require_capability_anywhere(request.user, Capability.MANAGE_CUSTOMERS)
    organizations = Organization.objects.filter(
        pk__in=sites_where(request.user, Capability.MANAGE_CUSTOMERS).values("organization_id")
    ).order_by("name")
    form = CustomerForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        customer = create_customer(
            acting_user(request),
            data["organization"],
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            notes=data["notes"],
            request=request,
        )
        messages.success(request, _("The customer was added to the registry."))
        return redirect("cases:customer", customer_id=customer.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/customer_new.html", {"form": form}, status=status)


def _contact_sites(request: HttpRequest, customer: Customer) -> QuerySet[Site]:
    return (
        sites_where(request.user, Capability.MANAGE_CUSTOMERS)
        .filter(organization_id=customer.organization_id)
        .order_by("name")
    )


def _ban_sites(request: HttpRequest, customer: Customer) -> QuerySet[Site]:
    return (
        sites_where(request.user, Capability.BAN_CUSTOMERS)
        .filter(organization_id=customer.organization_id)
        .order_by("name")
    )


@dataclass(frozen=True)
class BanRow:
    """One ban as the customer page shows it, with the lift form where allowed."""

    ban: Ban
    lift_form: LiftBanForm | None
    review_due: bool
    state: str


def _lift_form(ban: Ban, data: QueryDict | None = None) -> LiftBanForm:
    return LiftBanForm(data, auto_id=f"id_lift_{ban.pk}_%s")


def _ban_rows(
    request: HttpRequest, customer: Customer, failed: tuple[int, LiftBanForm] | None
) -> list[BanRow]:
    today = timezone.localdate()
    rows = []
    bans = customer.bans.select_related("site", "decided_by", "lifted_by")
    for item in bans:
        form = None
        if failed and failed[0] == item.pk:
            form = failed[1]
        elif item.lifted_at is None and can_ban(request.user, customer, item.site):
            form = _lift_form(item)
        state = ban_state(item, today)
        # An ended, lifted or not yet started ban has nothing to review.
        due = state == "in_force" and item.review_on is not None and item.review_on <= today
        rows.append(BanRow(item, form, due, state))
    return rows


def _customer_page(
    request: HttpRequest,
    customer: Customer,
    *,
    status: int = 200,
    contact_form: ContactForm | None = None,
    warning_form: WarningForm | None = None,
    alert_form: AlertForm | None = None,
    failed_lift: tuple[int, LiftBanForm] | None = None,
) -> HttpResponse:
    manage = can_manage_customer(request.user, customer)
    context = {
        "customer": customer,
        "cases": list(
            cases_for_user(request.user)
            .filter(customer=customer)
            .select_related("site")
            .order_by("-occurred_at")
        ),
        "contacts": list(customer.contacts.select_related("site", "recorded_by")),
        "warnings": list(customer.warnings.select_related("issued_by", "case")),
        "bans": _ban_rows(request, customer, failed_lift),
        "can_manage": manage,
        "can_ban": can_ban(request.user, customer, None) or _ban_sites(request, customer).exists(),
        "contact_form": contact_form or ContactForm(sites=_contact_sites(request, customer)),
        "warning_form": warning_form or WarningForm(),
        "alert_form": alert_form
        or AlertForm(
            initial={"alert": customer.alert, "instruction": customer.counter_instruction}
        ),
    }
    return render(request, "cases/customer.html", context, status=status)


@require_GET
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer_for_user(request.user, customer_id, request=request)
    return _customer_page(request, customer)


@require_POST
def contact(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer_for_user(request.user, customer_id, write=True)
    form = ContactForm(request.POST, sites=_contact_sites(request, customer))
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_contact(
                acting_user(request),
                customer,
                site=data["site"],
                kind=data["kind"],
                at=data["at"],
                duration_minutes=data["duration_minutes"],
                summary=data["summary"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact was recorded."))
            return redirect("cases:customer", customer_id=customer.pk)
    return _customer_page(request, customer, status=400, contact_form=form)


@require_POST
def warning(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer_for_user(request.user, customer_id, write=True)
    form = WarningForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            issue_warning(
                acting_user(request),
                customer,
                form=data["form"],
                language=data["language"],
                note=data["note"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The warning was recorded."))
            return redirect("cases:customer", customer_id=customer.pk)
    return _customer_page(request, customer, status=400, warning_form=form)


def _case_of(request: HttpRequest, customer: Customer) -> Case | None:
    """The case a ban or warning comes from (``?case=``), if it is this customer's."""
    case_id = int_or_none(request.GET.get("case"))
    if case_id is None:
        return None
    case = get_case_for_user(request.user, case_id, request=request)
    if case.customer_id != customer.pk:
        raise Http404
    return case


@require_POST
def alert(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer_for_user(request.user, customer_id, write=True)
    form = AlertForm(request.POST)
    if form.is_valid():
        try:
            set_customer_alert(
                acting_user(request),
                customer,
                alert=form.cleaned_data["alert"],
                instruction=form.cleaned_data["instruction"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The counter alert was saved."))
            return redirect("cases:customer", customer_id=customer.pk)
    return _customer_page(request, customer, status=400, alert_form=form)


@require_http_methods(["GET", "POST"])
def ban(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer_for_user(request.user, customer_id, write=True)
    sites = _ban_sites(request, customer)
    if not sites.exists():
        raise PermissionDenied
    case = _case_of(request, customer)
    form = BanForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ban_customer(
                acting_user(request),
                customer,
                scope=data["scope"],
                site=data["site"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                review_on=data["review_on"],
                reason=data["reason"],
                case=case,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The ban was recorded."))
            return redirect("cases:customer", customer_id=customer.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/ban.html", {"customer": customer, "form": form}, status=status)


@require_POST
def ban_lift(request: HttpRequest, customer_id: int, ban_id: int) -> HttpResponse:
    customer = get_customer_for_user(request.user, customer_id, write=True)
    item = customer.bans.select_related("site", "customer").filter(pk=ban_id).first()
    if item is None:
        raise Http404
    if not can_ban(request.user, customer, item.site):
        raise PermissionDenied
    form = _lift_form(item, request.POST)
    if form.is_valid():
        try:
            lift_ban(
                acting_user(request),
                item,
                reason=form.cleaned_data["lift_reason"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The ban was lifted."))
            return redirect("cases:customer", customer_id=customer.pk)
    return _customer_page(request, customer, status=400, failed_lift=(item.pk, form))


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """For the counter: only whether there is a ban or an alert, and what to do."""
    require_capability_anywhere(request.user, Capability.LOOK_UP_BANS)
    form = LookupForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = lookup_for_counter(request.user, form.cleaned_data["q"], request=request)
    context = {
        "form": form,
        "results": results,
        "banned": any(r.banned for r in results or []),
        "alert": any(r.alert for r in results or []),
    }
    template = "cases/lookup.html"
    if request.headers.get("HX-Request") == "true":
        template += "#lookup-result"
    return render(request, template, context)
