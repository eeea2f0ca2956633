from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from kasudesk.accounts.models import Membership, Role, User
from kasudesk.audit.log import log_action
from kasudesk.audit.views import PAGE_SIZE
from tests.conftest import PASSWORD, World
from tests.helpers import login_as

pytestmark = pytest.mark.django_db

AUDIT = "/audit/"


@pytest.mark.parametrize(
    "persona", ["staff", "manager", "desk", "counsel", "executive", "outsider", "other_staff"]
)
def test_it_is_404_for_everyone_without_the_audit_capability(
    client: Client, world: World, persona: str
) -> None:
    login_as(client, world.persona(persona))
    assert client.get(AUDIT).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    response = client.get(AUDIT)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["auditor", "admin"])
def test_it_lists_the_organisation_s_entries_to_auditors_and_admins(
    client: Client, world: World, persona: str
) -> None:
    log_action(
        "case.created",
        actor=world.staff,
        organization_id=world.organization.pk,
        data={"site": "新宿店", "password": "hidden"},
    )
    log_action("case.secret_other", actor=None, organization_id=world.other_organization.pk)
    log_action("system.started", actor=None)
    login_as(client, world.persona(persona))
    response = client.get(AUDIT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "case.created" in html
    assert "佐藤 花子" in html
    assert "{&quot;password&quot;: &quot;***&quot;, &quot;site&quot;: &quot;新宿店&quot;}" in html
    assert "case.secret_other" not in html
    assert "system.started" not in html


def test_it_shows_everything_to_a_superuser(client: Client, world: World) -> None:
    log_action("system.started", actor=None)
    root = User.objects.create_superuser("root", "root@example.jp", PASSWORD)
    login_as(client, root)
    assert "system.started" in client.get(AUDIT).content.decode()


def test_it_filters_by_action_prefix(client: Client, world: World) -> None:
    org = world.organization.pk
    log_action("case.status.changed", actor=None, organization_id=org)
    log_action("accounts.login.succeeded", actor=None, organization_id=org)
    login_as(client, world.auditor)
    html = client.get(AUDIT, {"action": "case."}).content.decode()
    assert "case.status.changed" in html
    assert "accounts.login.succeeded" not in html


def test_it_filters_by_tokyo_dates(client: Client, world: World) -> None:
    org = world.organization.pk
    # 2026-04-01 23:30 in Tokyo is still 14:30 UTC on the same day.
    with time_machine.travel(datetime(2026, 4, 1, 14, 30, tzinfo=UTC), tick=False):
        log_action("case.first_day", actor=None, organization_id=org)
    # 2026-04-02 00:30 in Tokyo is 15:30 UTC on 1 April.
    with time_machine.travel(datetime(2026, 4, 1, 15, 30, tzinfo=UTC), tick=False):
        log_action("case.second_day", actor=None, organization_id=org)
    login_as(client, world.auditor)
    first = client.get(AUDIT, {"date_from": "2026-04-01", "date_to": "2026-04-01"})
    assert "case.first_day" in first.content.decode()
    assert "case.second_day" not in first.content.decode()
    second = client.get(AUDIT, {"date_from": "2026-04-02"})
    assert "case.first_day" not in second.content.decode()
    assert "case.second_day" in second.content.decode()


def test_it_shows_nothing_for_an_invalid_filter(client: Client, world: World) -> None:
    log_action("case.created", actor=None, organization_id=world.organization.pk)
    login_as(client, world.auditor)
    response = client.get(AUDIT, {"date_from": "not-a-date"})
    assert response.status_code == 200
    assert "case.created" not in response.content.decode()


def test_it_paginates_with_a_bounded_number_of_queries(
    client: Client, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for i in range(PAGE_SIZE + 5):
        log_action(f"case.n{i:03d}", actor=world.staff, organization_id=world.organization.pk)
    login_as(client, world.auditor)
    with django_assert_max_num_queries(12):
        first = client.get(AUDIT, {"action": "case."}).content.decode()
    assert f"case.n{PAGE_SIZE + 4:03d}" in first
    assert "case.n000" not in first
    assert "action=case.&amp;page=2" in first
    second = client.get(AUDIT, {"action": "case.", "page": "2"}).content.decode()
    assert "case.n000" in second


def test_a_site_scoped_auditor_sees_no_organisation_entries(client: Client, world: World) -> None:
    site_auditor = User.objects.create_user("site_auditor", password=PASSWORD)
    Membership.objects.create(
        user=site_auditor, organization=world.organization, site=world.store, role=Role.AUDITOR
    )
    log_action("case.created", actor=None, organization_id=world.organization.pk)
    login_as(client, site_auditor)
    response = client.get(AUDIT)
    assert response.status_code == 200
    assert "case.created" not in response.content.decode()
