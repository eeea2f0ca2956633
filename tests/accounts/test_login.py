from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from kasudesk.accounts.models import LoginFailure
from kasudesk.audit.models import AuditEvent
from tests.conftest import PASSWORD, World

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _limits(settings: Settings) -> None:
    settings.KASUDESK_LOGIN_MAX_FAILURES = 3
    settings.KASUDESK_LOGIN_LOCKOUT_MINUTES = 15


def _post(
    client: Client, username: str, password: str, ip: str = "192.0.2.1"
) -> _MonkeyPatchedWSGIResponse:
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_it_shows_the_sign_in_form_to_anonymous_visitors(client: Client) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in response.content


def test_it_sends_anonymous_visitors_of_any_page_to_sign_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_it_signs_staff_in_and_goes_home(client: Client, world: World) -> None:
    response = _post(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.get("/").status_code == 200


def test_it_follows_a_safe_next_but_not_an_external_one(client: Client, world: World) -> None:
    response = client.post(LOGIN, {"username": "staff", "password": PASSWORD, "next": "/cases/"})
    assert response["Location"] == "/cases/"
    client.logout()
    response = client.post(
        LOGIN, {"username": "staff", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("web:home")


def test_it_sends_a_desk_user_to_the_second_factor(client: Client, world: World) -> None:
    response = _post(client, "desk", PASSWORD)
    assert response["Location"].startswith(reverse("accounts:two_factor"))


def test_it_refuses_a_wrong_password_and_logs_it_without_the_password(
    client: Client, world: World
) -> None:
    response = _post(client, "staff", "wrong-password-123")
    assert response.status_code == 200
    assert b"Please enter a correct" in response.content
    event = AuditEvent.objects.get(action="accounts.login.failed")
    assert event.data == {"username": "staff", "reason": "invalid_credentials"}
    assert event.ip_address == "192.0.2.1"
    assert "wrong-password-123" not in str(AuditEvent.objects.values_list("data", flat=True))


def test_it_logs_success(client: Client, world: World) -> None:
    _post(client, "staff", PASSWORD)
    event = AuditEvent.objects.get(action="accounts.login.succeeded")
    assert event.actor == world.staff
    assert event.organization_id == world.organization.pk


def test_it_locks_a_user_name_out_after_too_many_failures(client: Client, world: World) -> None:
    for i in range(3):
        _post(client, "staff", "wrong-password", ip=f"192.0.2.{i + 10}")
    response = _post(client, "staff", PASSWORD, ip="192.0.2.99")
    assert response.status_code == 200
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.locked_out").count() == 1
    assert AuditEvent.objects.filter(
        action="accounts.login.failed", data__reason="locked_out"
    ).exists()


def test_it_locks_out_name_variants_in_other_letter_case(client: Client, world: World) -> None:
    for name in ("staff", "STAFF", "Staff"):
        _post(client, name, "wrong-password")
    response = _post(client, "staff", PASSWORD)
    assert b"Too many failed sign-in attempts" in response.content


def test_it_locks_an_address_out_after_failures_on_many_names(client: Client, world: World) -> None:
    for name in ("a", "b", "c"):
        _post(client, name, "wrong-password", ip="198.51.100.5")
    response = _post(client, "staff", PASSWORD, ip="198.51.100.5")
    assert b"Too many failed sign-in attempts" in response.content
    # Another address is not affected.
    response = _post(client, "staff", PASSWORD, ip="198.51.100.6")
    assert response.status_code == 302


def test_it_says_when_to_try_again(client: Client, world: World) -> None:
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            _post(client, "staff", "wrong-password")
        response = _post(client, "staff", PASSWORD)
    unlock = timezone.localtime(start + timedelta(minutes=15)).strftime("%H:%M")
    assert f"Please try again after {unlock}.".encode() in response.content


def test_it_lets_the_right_password_in_once_the_window_passes(client: Client, world: World) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            _post(client, "staff", "wrong-password")
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        response = _post(client, "staff", PASSWORD)
    assert response.status_code == 302


def test_it_clears_the_name_s_failures_on_success(client: Client, world: World) -> None:
    for _ in range(2):
        _post(client, "staff", "wrong-password")
    assert _post(client, "staff", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="staff").exists()


def test_it_refuses_an_inactive_account(client: Client, world: World) -> None:
    world.staff.is_active = False
    world.staff.save(update_fields=["is_active"])
    response = _post(client, "staff", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_needs_a_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    assert response.status_code == 403


def test_it_expires_sessions_at_browser_close_and_after_the_configured_age(
    settings: Settings,
) -> None:
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 3600


def test_it_hashes_passwords_with_argon2_in_production() -> None:
    from kasudesk import settings as product_settings

    assert product_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_it_logs_sign_out(client: Client, world: World) -> None:
    _post(client, "staff", PASSWORD)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.get(action="accounts.logout").actor == world.staff
