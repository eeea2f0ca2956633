"""Who reaches which case, evidence and customer: the exact 404 and 403 per persona."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from kasudesk.audit.models import AuditEvent
from kasudesk.cases.access import (
    cases_for_user,
    customers_for_user,
    get_case_action_for_user,
    get_case_for_user,
    get_customer_for_user,
    get_evidence_for_user,
)
from kasudesk.cases.actions import add_evidence, create_customer, save_draft
from kasudesk.cases.models import Case, CaseAction, Status
from tests.cases.conftest import NOW, make_report, submit_as
from tests.conftest import World

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# persona -> (can read the store's case, can write it)
STORE_CASE = {
    "staff": (True, False),  # the reporter
    "manager": (True, True),
    "desk": (True, True),
    "counsel": (True, True),
    "admin": (True, True),
    "auditor": (True, False),
    "executive": (False, False),
    "outsider": (False, False),
    "call_centre_staff": (False, False),
    "other_staff": (False, False),
}


@pytest.mark.parametrize(("persona", "rights"), STORE_CASE.items())
def test_it_scopes_each_persona_to_its_cases(
    world: World, submitted: Case, persona: str, rights: tuple[bool, bool]
) -> None:
    user = world.persona(persona)
    can_read, can_write = rights
    assert cases_for_user(user).filter(pk=submitted.pk).exists() is can_read
    if not can_read:
        with pytest.raises(Http404):
            get_case_for_user(user, submitted.pk)
        with pytest.raises(Http404):
            get_case_for_user(user, submitted.pk, write=True)
        return
    assert get_case_for_user(user, submitted.pk).pk == submitted.pk
    if can_write:
        assert get_case_for_user(user, submitted.pk, write=True).pk == submitted.pk
    else:
        with pytest.raises(PermissionDenied):
            get_case_for_user(user, submitted.pk, write=True)


def test_it_shows_staff_only_their_own_reports(world: World, submitted: Case) -> None:
    colleague = submit_as(world.manager, world)
    assert set(cases_for_user(world.staff)) == {submitted}
    assert set(cases_for_user(world.manager)) == {submitted, colleague}


def test_it_lets_the_reporter_contribute_but_not_manage(world: World, submitted: Case) -> None:
    assert get_case_for_user(world.staff, submitted.pk, contribute=True)
    with pytest.raises(PermissionDenied):
        get_case_for_user(world.auditor, submitted.pk, contribute=True)


def test_it_keeps_drafts_to_their_author(world: World) -> None:
    draft = save_draft(world.staff, make_report(world), now=NOW)
    assert draft.status == Status.DRAFT
    assert get_case_for_user(world.staff, draft.pk, write=True)
    for persona in ("manager", "desk", "admin", "auditor"):
        with pytest.raises(Http404):
            get_case_for_user(world.persona(persona), draft.pk)


def test_it_gives_executives_no_single_case(world: World, submitted: Case) -> None:
    assert not cases_for_user(world.executive).exists()


def test_it_audits_privileged_reads_but_not_the_reporters(world: World, submitted: Case) -> None:
    get_case_for_user(world.staff, submitted.pk)
    assert not AuditEvent.objects.filter(action="case.read").exists()
    get_case_for_user(world.auditor, submitted.pk)
    event = AuditEvent.objects.get(action="case.read")
    assert event.actor_id == world.auditor.pk
    assert event.target_id == str(submitted.pk)


def test_it_reaches_evidence_only_through_a_readable_case(world: World, submitted: Case) -> None:
    item = add_evidence(world.staff, submitted, io.BytesIO(PNG), original_name="a.png")
    assert get_evidence_for_user(world.manager, item.pk) == item
    for persona in ("executive", "outsider", "call_centre_staff", "other_staff"):
        with pytest.raises(Http404):
            get_evidence_for_user(world.persona(persona), item.pk)


def test_it_reaches_checklist_items_only_for_managers(world: World, submitted: Case) -> None:
    action = CaseAction.objects.filter(case=submitted).first()
    assert action is not None
    assert get_case_action_for_user(world.manager, action.pk) == action
    with pytest.raises(PermissionDenied):
        get_case_action_for_user(world.auditor, action.pk)
    with pytest.raises(Http404):
        get_case_action_for_user(world.outsider, action.pk)


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("manager", True, True),
        ("desk", True, True),
        ("counsel", True, True),
        ("admin", True, True),
        ("auditor", True, False),
        ("staff", False, False),
        ("executive", False, False),
        ("outsider", False, False),
        ("other_staff", False, False),
    ],
)
def test_it_opens_the_customer_registry_to_the_right_roles(
    world: World, persona: str, read: bool, write: bool
) -> None:
    customer = create_customer(world.desk, world.organization, name="山田太郎")
    user = world.persona(persona)
    assert customers_for_user(user).filter(pk=customer.pk).exists() is read
    if not read:
        with pytest.raises(Http404):
            get_customer_for_user(user, customer.pk)
        return
    assert get_customer_for_user(user, customer.pk) == customer
    if write:
        assert get_customer_for_user(user, customer.pk, write=True) == customer
    else:
        with pytest.raises(PermissionDenied):
            get_customer_for_user(user, customer.pk, write=True)
