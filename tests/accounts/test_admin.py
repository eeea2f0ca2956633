from __future__ import annotations

import pytest
from django.test import Client

from kasudesk.accounts.models import Membership, Organization, Role, Site, User
from kasudesk.audit.log import log_action
from kasudesk.audit.models import AuditEvent
from tests.conftest import PASSWORD, World
from tests.helpers import login_as

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_throttled_sign_in(client: Client) -> None:
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"


def test_it_sends_the_admin_login_page_to_the_throttled_sign_in(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "persona", ["staff", "manager", "desk", "counsel", "executive", "auditor", "outsider"]
)
def test_it_is_404_for_everyone_but_administrators(
    client: Client, world: World, persona: str
) -> None:
    login_as(client, world.persona(persona))
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/accounts/user/").status_code == 404
    assert client.get("/admin/login/").status_code == 404


def test_it_is_404_for_staff_flagged_users_without_the_role(client: Client, world: World) -> None:
    world.staff.is_staff = True
    world.staff.save(update_fields=["is_staff"])
    login_as(client, world.staff)
    assert client.get("/admin/").status_code == 404


def test_it_needs_the_second_factor_even_for_administrators(client: Client, world: World) -> None:
    client.force_login(world.admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_it_opens_for_a_verified_administrator(client: Client, world: World) -> None:
    login_as(client, world.admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/site/").status_code == 200


def test_it_opens_for_a_verified_superuser(client: Client, world: World) -> None:
    root = User.objects.create_superuser("root", "root@example.jp", PASSWORD)
    login_as(client, root)
    response = client.get("/admin/accounts/organization/")
    assert response.status_code == 200
    assert "別会社株式会社" in response.content.decode()


def test_it_shows_an_administrator_only_their_own_organisation(
    client: Client, world: World
) -> None:
    login_as(client, world.admin)
    sites = client.get("/admin/accounts/site/").content.decode()
    assert "新宿店" in sites
    assert "梅田支店" not in sites
    other = client.get(f"/admin/accounts/site/{world.other_site.pk}/change/")
    assert other.status_code == 302  # the admin's "does not exist" redirect
    users = client.get("/admin/accounts/user/").content.decode()
    assert "other_staff" not in users


def test_it_keeps_superuser_flags_out_of_an_administrator_s_reach(
    client: Client, world: World
) -> None:
    login_as(client, world.admin)
    page = client.get(f"/admin/accounts/user/{world.staff.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page


def test_it_audits_changes_made_in_the_admin(client: Client, world: World) -> None:
    login_as(client, world.admin)
    response = client.post(
        "/admin/accounts/site/add/",
        {
            "organization": world.organization.pk,
            "name": "横浜店",
            "kind": "store",
            "prefecture": "神奈川県",
            "industry": "retail",
        },
    )
    assert response.status_code == 302
    site = Site.objects.get(name="横浜店")
    event = AuditEvent.objects.get(action="admin.site.added")
    assert event.actor == world.admin
    assert event.target_id == str(site.pk)
    assert event.organization_id == world.organization.pk


def test_it_refuses_adding_a_site_to_another_organisation(client: Client, world: World) -> None:
    login_as(client, world.admin)
    response = client.post(
        "/admin/accounts/site/add/",
        {
            "organization": world.other_organization.pk,
            "name": "偽店",
            "kind": "store",
            "industry": "retail",
        },
    )
    assert response.status_code == 200  # the form shows an invalid choice
    assert not Site.objects.filter(name="偽店").exists()


def test_it_shows_the_audit_trail_read_only(client: Client, world: World) -> None:
    log_action("x.y", actor=None, organization_id=world.organization.pk)
    login_as(client, world.admin)
    event = AuditEvent.objects.get(action="x.y")
    assert client.get("/admin/audit/auditevent/").status_code == 200
    change = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert change.status_code == 200
    assert 'name="action"' not in change.content.decode()
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403


def test_a_site_scoped_administrator_manages_no_whole_organisation(
    client: Client, world: World
) -> None:
    site_admin = User.objects.create_user("site_admin", password=PASSWORD)
    Membership.objects.create(
        user=site_admin, organization=world.organization, site=world.store, role=Role.ADMIN
    )
    login_as(client, site_admin)
    orgs = client.get("/admin/accounts/organization/").content.decode()
    assert Organization.objects.count() == 2
    assert "テスト商事株式会社" not in orgs


def test_an_administrator_can_reset_a_lost_second_factor(client: Client, world: World) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.desk, name="phone", confirmed=True)
    login_as(client, world.admin)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [str(world.desk.pk)]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.desk).exists()
    event = AuditEvent.objects.get(action="accounts.two_factor.reset")
    assert event.actor == world.admin
    assert event.target_id == str(world.desk.pk)


def test_an_administrator_cannot_reach_a_superuser_of_their_organisation(
    client: Client, world: World
) -> None:
    root = User.objects.create_superuser("root", "root@example.jp", PASSWORD)
    Membership.objects.create(user=root, organization=world.organization, role=Role.ADMIN)
    login_as(client, world.admin)
    assert "root@example.jp" not in client.get("/admin/accounts/user/").content.decode()
    response = client.get(f"/admin/accounts/user/{root.pk}/password/")
    assert response.status_code == 404
    root.refresh_from_db()
    assert root.check_password(PASSWORD)
