"""The few functions through which every view reaches people and places.

Deny by default: a user may do something at a site only when one of their
memberships grants a role that the capability table below lists, and the
membership covers that site (site-scoped) or its whole organisation.
Other apps build their object accessors (``get_case_for_user`` …) on these.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, TypeGuard

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kasudesk.accounts.models import TWO_FACTOR_ROLES, Membership, Organization, Role, Site

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kasudesk.accounts.models import User


class Capability(StrEnum):
    """What a person may do; each maps to the roles that may do it."""

    REPORT_INCIDENT = "report_incident"
    VIEW_OWN_REPORTS = "view_own_reports"
    VIEW_SITE_CASES = "view_site_cases"
    MANAGE_CASES = "manage_cases"
    DECIDE_CASES = "decide_cases"
    MANAGE_CUSTOMERS = "manage_customers"
    BAN_CUSTOMERS = "ban_customers"
    LOOK_UP_BANS = "look_up_bans"
    VIEW_AGGREGATES = "view_aggregates"
    VIEW_AUDIT = "view_audit"
    DELETE_EVIDENCE = "delete_evidence"
    ADMINISTER = "administer"


_ALL_ROLES = frozenset(Role)
_CASE_READERS = frozenset({Role.MANAGER, Role.DESK, Role.COUNSEL, Role.AUDITOR, Role.ADMIN})

CAPABILITIES: dict[Capability, frozenset[Role]] = {
    Capability.REPORT_INCIDENT: frozenset(
        {Role.STAFF, Role.MANAGER, Role.DESK, Role.COUNSEL, Role.ADMIN}
    ),
    Capability.VIEW_OWN_REPORTS: frozenset({Role.STAFF, Role.MANAGER, Role.DESK, Role.ADMIN}),
    Capability.VIEW_SITE_CASES: _CASE_READERS,
    Capability.MANAGE_CASES: frozenset({Role.MANAGER, Role.DESK, Role.COUNSEL, Role.ADMIN}),
    Capability.DECIDE_CASES: frozenset({Role.MANAGER, Role.DESK, Role.COUNSEL, Role.ADMIN}),
    Capability.MANAGE_CUSTOMERS: frozenset({Role.MANAGER, Role.DESK, Role.COUNSEL, Role.ADMIN}),
    Capability.BAN_CUSTOMERS: frozenset({Role.DESK, Role.COUNSEL, Role.ADMIN}),
    Capability.LOOK_UP_BANS: _ALL_ROLES - {Role.AUDITOR},
    Capability.VIEW_AGGREGATES: frozenset(
        {Role.MANAGER, Role.DESK, Role.COUNSEL, Role.EXECUTIVE, Role.AUDITOR, Role.ADMIN}
    ),
    Capability.VIEW_AUDIT: frozenset({Role.AUDITOR, Role.ADMIN}),
    Capability.DELETE_EVIDENCE: frozenset({Role.ADMIN}),
    Capability.ADMINISTER: frozenset({Role.ADMIN}),
}

# Roles that may read what the capability covers but never change it.
READ_ONLY_ROLES = frozenset({Role.AUDITOR, Role.EXECUTIVE})


def _active(user: User | AnonymousUser) -> TypeGuard[User]:
    return bool(user.is_authenticated and user.is_active)


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    if not _active(user):
        return []
    return list(
        Membership.objects.filter(user_id=user.pk)
        .select_related("organization", "site")
        .order_by("organization_id", "site_id", "role")
    )


def requires_two_factor(user: User | AnonymousUser) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user_id=user.pk, role__in=TWO_FACTOR_ROLES).exists()


def _granting(user: User | AnonymousUser, capability: Capability) -> QuerySet[Membership]:
    if not _active(user):
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk, role__in=CAPABILITIES[capability])


def sites_where(user: User | AnonymousUser, capability: Capability) -> QuerySet[Site]:
    """Every site at which ``user`` holds ``capability``."""
    grants = list(_granting(user, capability).values_list("organization_id", "site_id"))
    if not grants:
        return Site.objects.none()
    whole_orgs = {org for org, site in grants if site is None}
    single_sites = {site for _org, site in grants if site is not None}
    return Site.objects.filter(Q(organization_id__in=whole_orgs) | Q(pk__in=single_sites))


def organizations_where(
    user: User | AnonymousUser, capability: Capability
) -> QuerySet[Organization]:
    """Organisations where ``user`` holds ``capability`` over every site."""
    org_ids = _granting(user, capability).filter(site__isnull=True).values("organization_id")
    return Organization.objects.filter(pk__in=org_ids)


def has_capability(user: User | AnonymousUser, capability: Capability, site: Site) -> bool:
    return (
        _granting(user, capability)
        .filter(Q(site__isnull=True, organization_id=site.organization_id) | Q(site_id=site.pk))
        .exists()
    )


def has_capability_anywhere(user: User | AnonymousUser, capability: Capability) -> bool:
    return _granting(user, capability).exists()


def require_capability(
    user: User | AnonymousUser,
    capability: Capability,
    site: Site,
    *,
    readable: bool = False,
) -> None:
    """Raise unless ``user`` may exercise ``capability`` at ``site``.

    ``readable`` tells whether the user can at least see the object: then a
    refusal is a 403 (they know it exists); otherwise a 404, so that the
    existence of a record is never revealed to someone with no access.
    """
    if has_capability(user, capability, site):
        return
    if readable:
        raise PermissionDenied
    raise Http404


def require_capability_anywhere(user: User | AnonymousUser, capability: Capability) -> None:
    """Raise Http404 unless ``user`` holds ``capability`` at some site.

    For pages that are not about one object (lists, dashboards): someone who
    may never use them learns nothing from a 404.
    """
    if not has_capability_anywhere(user, capability):
        raise Http404


def organization_ids_where(user: User | AnonymousUser, capability: Capability) -> set[int]:
    """Ids of organisations in which ``user`` holds ``capability`` over every site."""
    return set(organizations_where(user, capability).values_list("pk", flat=True))


def is_administrator(user: User | AnonymousUser) -> bool:
    """Superusers and holders of an administrator membership."""
    if not _active(user):
        return False
    return user.is_superuser or has_capability_anywhere(user, Capability.ADMINISTER)


def get_site_for_user(user: User | AnonymousUser, site_id: int, capability: Capability) -> Site:
    try:
        return sites_where(user, capability).select_related("organization").get(pk=site_id)
    except Site.DoesNotExist:
        raise Http404 from None
