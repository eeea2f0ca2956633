from __future__ import annotations

import re

import pytest
from django.contrib.auth.forms import PasswordResetForm
from django.core import mail
from django.test import Client
from django.utils import translation

from kasudesk.accounts.models import LoginFailure
from kasudesk.audit.models import AuditEvent
from tests.conftest import World

pytestmark = pytest.mark.django_db

RESET = "/accounts/password-reset/"
NEW_PASSWORD = "a-brand-new-passphrase-42"


def _reset_link(client: Client, email: str) -> str:
    response = client.post(RESET, {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", str(mail.outbox[0].body))
    assert match is not None
    return match.group(1)


def test_it_shows_the_form_to_anonymous_visitors(client: Client) -> None:
    response = client.get(RESET)
    assert response.status_code == 200
    assert b'name="email"' in response.content


def test_it_resets_a_password_through_the_e_mailed_link(client: Client, world: World) -> None:
    link = _reset_link(client, "staff@example.jp")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert b'name="new_password1"' in form_page.content
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/complete/"
    world.staff.refresh_from_db()
    assert world.staff.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.password.reset_completed").exists()
    assert NEW_PASSWORD not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_it_writes_the_e_mail_in_the_recipient_s_language(client: Client, world: World) -> None:
    world.staff.preferred_language = "en"
    world.staff.save(update_fields=["preferred_language"])
    _reset_link(client, "staff@example.jp")
    assert "Dear 佐藤 花子," in mail.outbox[0].body
    assert mail.outbox[0].subject == "Reset your KasuDesk password"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_it_renders_the_e_mail_in_the_recipient_s_language(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    seen: list[str | None] = []

    def record(*args: object, **kwargs: object) -> None:
        seen.append(translation.get_language())

    monkeypatch.setattr(PasswordResetForm, "send_mail", record)
    world.staff.preferred_language = language
    world.staff.save(update_fields=["preferred_language"])
    other = "en" if language == "ja" else "ja"
    client.post(RESET, {"email": "staff@example.jp"}, HTTP_ACCEPT_LANGUAGE=other)
    assert seen == [language]


def test_it_says_the_same_for_an_unknown_address(client: Client, world: World) -> None:
    response = client.post(RESET, {"email": "nobody@example.jp"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_it_rejects_a_forged_link(client: Client, world: World) -> None:
    response = client.get("/accounts/password-reset/MQ/forged-token/")
    assert response.status_code == 200
    assert b'name="new_password1"' not in response.content


def test_it_lifts_a_lock_out_once_the_password_is_reset(client: Client, world: World) -> None:
    from django.utils import timezone

    LoginFailure.objects.create(username="staff", ip_address=None, at=timezone.now())
    link = _reset_link(client, "staff@example.jp")
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert not LoginFailure.objects.filter(username="staff").exists()
