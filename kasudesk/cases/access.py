"""The choke points through which every view reaches cases, evidence and customers.

Built on ``kasudesk.accounts.access``. Who sees what:

- front-line staff: the cases they reported (drafts included);
- site managers: every submitted case at their sites;
- desk, counsel, admin, auditor: every submitted case in the organisation
  (auditors read only);
- executives: no single case, only aggregates.

No access at all is a 404, so that a record's existence is never revealed;
readable but not writable is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kasudesk.accounts.access import (
    CAPABILITIES,
    Capability,
    has_capability,
    organization_ids_where,
    organizations_where,
)
from kasudesk.accounts.models import Membership, Role
from kasudesk.audit.log import log_action
from kasudesk.cases.models import Case, CaseAction, Customer, Evidence, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from kasudesk.accounts.models import Site, User

# Roles that may read the customer registry of their organisation.
_REGISTRY_READERS = frozenset({Role.MANAGER, Role.DESK, Role.COUNSEL, Role.AUDITOR, Role.ADMIN})


def _in_scope(orgs: set[int], sites: set[int]) -> Q | None:
    parts = []
    if orgs:
        parts.append(Q(organization_id__in=sorted(orgs)))
    if sites:
        parts.append(Q(site_id__in=sorted(sites)))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else parts[0] | parts[1]


def cases_for_user(user: User | AnonymousUser) -> QuerySet[Case]:
    """Every case ``user`` may read; an empty set for anyone else.

    Built from the user's memberships in one query, since lists run on every
    page view. The condition is shaped for the indexes: where the user reads
    a whole site or organisation, one scope test plus "not someone else's
    draft", so the list walks the (site or organisation, occurred) index in
    order; own reports elsewhere only add a reporter branch.
    """
    if not (user.is_authenticated and user.is_active):
        return Case.objects.none()
    rows = list(
        Membership.objects.filter(user_id=user.pk).values_list("organization_id", "site_id", "role")
    )

    def grants(capability: Capability) -> tuple[set[int], set[int]]:
        roles = CAPABILITIES[capability]
        orgs = {org for org, site, role in rows if role in roles and site is None}
        sites = {site for _org, site, role in rows if role in roles and site is not None}
        return orgs, sites

    read_orgs, read_sites = grants(Capability.VIEW_SITE_CASES)
    own_orgs, own_sites = grants(Capability.VIEW_OWN_REPORTS)
    condition: Q | None = None
    readable = _in_scope(read_orgs, read_sites)
    if readable is not None:
        condition = readable & (~Q(status=Status.DRAFT) | Q(reported_by_id=user.pk))
    own = _in_scope(own_orgs - read_orgs, own_sites - read_sites)
    if own is not None:
        own &= Q(reported_by_id=user.pk)
        condition = own if condition is None else condition | own
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition)


def export_organization_ids(user: User | AnonymousUser) -> set[int]:
    """Organisations whose cases ``user`` may export in bulk.

    Only those who handle cases across a whole organisation (desk, counsel,
    admin) may: a list of many cases leaves the system, so site managers,
    auditors and executives get none.
    """
    return organization_ids_where(user, Capability.MANAGE_CASES)


def cases_for_export(user: User | AnonymousUser) -> QuerySet[Case]:
    """The cases ``user`` may export: those readable in the organisations above."""
    org_ids = export_organization_ids(user)
    if not org_ids:
        return Case.objects.none()
    return cases_for_user(user).filter(organization_id__in=sorted(org_ids))


def can_manage_case(user: User | AnonymousUser, case: Case) -> bool:
    if case.status == Status.DRAFT:
        return bool(user.pk == case.reported_by_id)
    return has_capability(user, Capability.MANAGE_CASES, case.site)


def can_contribute(user: User | AnonymousUser, case: Case) -> bool:
    """Whether ``user`` may add evidence or a statement to ``case``.

    The reporter may, while the case is open; so may anyone who manages it.
    """
    if user.pk == case.reported_by_id and case.status != Status.CLOSED:
        return has_capability(user, Capability.REPORT_INCIDENT, case.site)
    return can_manage_case(user, case)


def _is_privileged_reader(user: User | AnonymousUser, case: Case) -> bool:
    return bool(user.pk != case.reported_by_id)


def get_case_for_user(
    user: User | AnonymousUser,
    case_id: int,
    *,
    write: bool = False,
    contribute: bool = False,
    request: HttpRequest | None = None,
) -> Case:
    """The case, if ``user`` may read it (and write or contribute, when asked).

    A read by anyone but the reporter is written to the audit trail.
    """
    case = (
        cases_for_user(user)
        .select_related("site", "organization", "customer", "assignee", "reported_by")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    if write and not can_manage_case(user, case):
        raise PermissionDenied
    if contribute and not can_contribute(user, case):
        raise PermissionDenied
    if not (write or contribute) and _is_privileged_reader(user, case):
        log_action(
            "case.read",
            actor=user if user.is_authenticated else None,
            target=case,
            organization_id=case.organization_id,
            request=request,
        )
    return case


def get_evidence_for_user(
    user: User | AnonymousUser, evidence_id: int, *, include_deleted: bool = False
) -> Evidence:
    """Evidence of a case ``user`` may read; 404 otherwise.

    Custody logging is the caller's job through ``record_evidence_access``,
    since only the caller knows whether this is a view or a download.
    """
    evidence = (
        Evidence.objects.select_related("case", "case__site")
        .filter(pk=evidence_id, case__in=cases_for_user(user))
        .first()
    )
    if evidence is None or (evidence.is_deleted and not include_deleted):
        raise Http404
    return evidence


def get_case_action_for_user(user: User | AnonymousUser, action_id: int) -> CaseAction:
    """A checklist item of a case ``user`` manages; 404 or 403 otherwise."""
    action = (
        CaseAction.objects.select_related("case", "case__site")
        .filter(pk=action_id, case__in=cases_for_user(user))
        .first()
    )
    if action is None:
        raise Http404
    if not can_manage_case(user, action.case):
        raise PermissionDenied
    return action


def _registry_org_ids(user: User | AnonymousUser) -> list[int]:
    if not (user.is_authenticated and user.is_active):
        return []
    return list(
        Membership.objects.filter(user_id=user.pk, role__in=_REGISTRY_READERS)
        .values_list("organization_id", flat=True)
        .distinct()
    )


def customers_for_user(user: User | AnonymousUser) -> QuerySet[Customer]:
    """The customer registry of the organisations where ``user`` may read it."""
    org_ids = _registry_org_ids(user)
    if not org_ids:
        return Customer.objects.none()
    return Customer.objects.filter(organization_id__in=org_ids)


def can_manage_customer(user: User | AnonymousUser, customer: Customer) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(
        user_id=user.pk,
        organization_id=customer.organization_id,
        role__in=CAPABILITIES[Capability.MANAGE_CUSTOMERS],
    ).exists()


def get_customer_for_user(
    user: User | AnonymousUser,
    customer_id: int,
    *,
    write: bool = False,
    request: HttpRequest | None = None,
) -> Customer:
    customer = customers_for_user(user).filter(pk=customer_id).first()
    if customer is None:
        raise Http404
    if write and not can_manage_customer(user, customer):
        raise PermissionDenied
    if not write:
        log_action(
            "customer.read",
            actor=user if user.is_authenticated else None,
            target=customer,
            organization_id=customer.organization_id,
            request=request,
        )
    return customer


def can_ban(user: User | AnonymousUser, customer: Customer, site: Site | None) -> bool:
    """A site ban needs the capability at that site; an organisation ban, everywhere."""
    if site is not None:
        return site.organization_id == customer.organization_id and has_capability(
            user, Capability.BAN_CUSTOMERS, site
        )
    return (
        organizations_where(user, Capability.BAN_CUSTOMERS)
        .filter(pk=customer.organization_id)
        .exists()
    )
