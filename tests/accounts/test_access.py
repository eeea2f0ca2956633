"""Who may do what where: the capability table checked persona by persona."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from kasudesk.accounts.access import (
    Capability,
    get_site_for_user,
    has_capability,
    has_capability_anywhere,
    is_administrator,
    memberships_of,
    organization_ids_where,
    organizations_where,
    require_capability,
    require_capability_anywhere,
    requires_two_factor,
    sites_where,
)
from kasudesk.accounts.models import User
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db

EVERYONE = (
    "staff",
    "manager",
    "desk",
    "counsel",
    "executive",
    "auditor",
    "admin",
    "outsider",
    "other_staff",
    "call_centre_staff",
)
SITES = ("store", "call_centre", "other_site")

# Written out by hand from the role descriptions, not derived from the code's
# table: who holds each capability at (新宿店, 大阪コールセンター, 梅田支店).
EXPECTED: dict[Capability, tuple[str, str, str]] = {
    Capability.REPORT_INCIDENT: (
        "staff manager desk counsel admin",
        "call_centre_staff desk counsel admin",
        "other_staff",
    ),
    Capability.VIEW_OWN_REPORTS: (
        "staff manager desk admin",
        "call_centre_staff desk admin",
        "other_staff",
    ),
    Capability.VIEW_SITE_CASES: (
        "manager desk counsel auditor admin",
        "desk counsel auditor admin",
        "",
    ),
    Capability.MANAGE_CASES: ("manager desk counsel admin", "desk counsel admin", ""),
    Capability.DECIDE_CASES: ("manager desk counsel admin", "desk counsel admin", ""),
    Capability.MANAGE_CUSTOMERS: ("manager desk counsel admin", "desk counsel admin", ""),
    Capability.BAN_CUSTOMERS: ("desk counsel admin", "desk counsel admin", ""),
    Capability.LOOK_UP_BANS: (
        "staff manager desk counsel executive admin",
        "call_centre_staff desk counsel executive admin",
        "other_staff",
    ),
    Capability.VIEW_AGGREGATES: (
        "manager desk counsel executive auditor admin",
        "desk counsel executive auditor admin",
        "",
    ),
    Capability.VIEW_AUDIT: ("auditor admin", "auditor admin", ""),
    Capability.DELETE_EVIDENCE: ("admin", "admin", ""),
    Capability.ADMINISTER: ("admin", "admin", ""),
}


def test_the_table_covers_every_capability() -> None:
    assert set(EXPECTED) == set(Capability)


@pytest.mark.parametrize("capability", list(Capability))
def test_it_grants_each_capability_exactly_where_the_role_allows(
    world: World, capability: Capability
) -> None:
    for site_name, expected in zip(SITES, EXPECTED[capability], strict=True):
        site = getattr(world, site_name)
        allowed = {
            persona
            for persona in EVERYONE
            if has_capability(world.persona(persona), capability, site)
        }
        assert allowed == set(expected.split()), (capability, site_name)


@pytest.mark.parametrize("capability", list(Capability))
def test_sites_where_agrees_with_has_capability(world: World, capability: Capability) -> None:
    for persona in EVERYONE:
        user = world.persona(persona)
        listed = set(sites_where(user, capability).values_list("name", flat=True))
        checked = {
            getattr(world, name).name
            for name in (*SITES, "head_office")
            if has_capability(user, capability, getattr(world, name))
        }
        assert listed == checked, (persona, capability)


def test_require_capability_is_404_for_those_who_cannot_see(world: World) -> None:
    with pytest.raises(Http404):
        require_capability(world.staff, Capability.MANAGE_CASES, world.store)
    with pytest.raises(Http404):
        require_capability(world.other_staff, Capability.VIEW_SITE_CASES, world.store)


def test_require_capability_is_403_for_readers_asking_to_write(world: World) -> None:
    with pytest.raises(PermissionDenied):
        require_capability(world.auditor, Capability.MANAGE_CASES, world.store, readable=True)
    with pytest.raises(PermissionDenied):
        require_capability(world.executive, Capability.DECIDE_CASES, world.store, readable=True)


def test_require_capability_passes_silently_when_allowed(world: World) -> None:
    require_capability(world.manager, Capability.MANAGE_CASES, world.store)
    require_capability(world.desk, Capability.BAN_CUSTOMERS, world.call_centre)


def test_require_capability_anywhere(world: World) -> None:
    require_capability_anywhere(world.auditor, Capability.VIEW_AUDIT)
    for persona in ("staff", "manager", "desk", "counsel", "executive", "outsider"):
        with pytest.raises(Http404):
            require_capability_anywhere(world.persona(persona), Capability.VIEW_AUDIT)


def test_get_site_for_user_hides_sites_outside_the_grant(world: World) -> None:
    assert get_site_for_user(world.manager, world.store.pk, Capability.MANAGE_CASES) == world.store
    with pytest.raises(Http404):
        get_site_for_user(world.manager, world.call_centre.pk, Capability.MANAGE_CASES)
    with pytest.raises(Http404):
        get_site_for_user(world.desk, world.other_site.pk, Capability.MANAGE_CASES)
    with pytest.raises(Http404):
        get_site_for_user(world.desk, 987654, Capability.MANAGE_CASES)


def test_organizations_where_needs_a_whole_organisation_membership(world: World) -> None:
    assert list(organizations_where(world.desk, Capability.MANAGE_CASES)) == [world.organization]
    assert not organizations_where(world.manager, Capability.MANAGE_CASES).exists()
    assert organization_ids_where(world.auditor, Capability.VIEW_AUDIT) == {world.organization.pk}
    assert organization_ids_where(world.staff, Capability.VIEW_AUDIT) == set()


def test_inactive_and_anonymous_users_hold_nothing(world: World) -> None:
    world.admin.is_active = False
    world.admin.save(update_fields=["is_active"])
    for user in (world.admin, AnonymousUser()):
        assert not has_capability(user, Capability.ADMINISTER, world.store)
        assert not has_capability_anywhere(user, Capability.LOOK_UP_BANS)
        assert not sites_where(user, Capability.LOOK_UP_BANS).exists()
        assert memberships_of(user) == []
        assert not requires_two_factor(user)
        assert not is_administrator(user)


@pytest.mark.parametrize(
    ("persona", "required"),
    [
        ("staff", False),
        ("manager", False),
        ("desk", True),
        ("counsel", True),
        ("executive", False),
        ("auditor", False),
        ("admin", True),
        ("outsider", False),
    ],
)
def test_requires_two_factor_for_desk_counsel_and_admin(
    world: World, persona: str, required: bool
) -> None:
    assert requires_two_factor(world.persona(persona)) is required


def test_superusers_need_two_factor_and_count_as_administrators(world: World) -> None:
    root = User.objects.create_superuser("root", "root@example.jp", PASSWORD)
    assert requires_two_factor(root)
    assert is_administrator(root)
    assert is_administrator(world.admin)
    assert not is_administrator(world.desk)


def test_memberships_of_lists_roles_with_their_scope(world: World) -> None:
    (membership,) = memberships_of(world.manager)
    assert membership.site == world.store
    assert membership.organization == world.organization
