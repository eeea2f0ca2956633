"""The sign-in, two-factor and password screens speak the browser's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from kasudesk.accounts.models import Industry, Role, SiteKind
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TWO_FACTOR = "/accounts/two-factor/"
RESET = "/accounts/password-reset/"

JAPANESE = "ja,en-US;q=0.8"
ENGLISH = "en-US,en;q=0.9"


@pytest.fixture(autouse=True)
def _limits(settings: Settings) -> None:
    settings.KASUDESK_LOGIN_MAX_FAILURES = 3
    settings.KASUDESK_LOGIN_LOCKOUT_MINUTES = 15


@pytest.mark.parametrize(
    ("accept", "present", "absent"),
    [
        (JAPANESE, ["<h1>ログイン</h1>", "ユーザー名", "パスワードをお忘れですか？"], ["Sign in"]),
        (ENGLISH, ["<h1>Sign in</h1>", "User name", "Forgot your password?"], ["ログイン"]),
    ],
)
def test_it_shows_the_sign_in_page_in_the_browser_s_language(
    client: Client, accept: str, present: list[str], absent: list[str]
) -> None:
    body = client.get(LOGIN, headers={"accept-language": accept}).content.decode()
    for text in present:
        assert text in body
    for text in absent:
        assert text not in body


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (
            JAPANESE,
            [
                "<h1>二要素認証の設定</h1>",
                "先に進む前に二要素認証の設定が必要です。",
                "アプリでこの QR コードを読み取ってください。",
                "アプリに表示されている6桁のコードを入力してください",
            ],
        ),
        (
            ENGLISH,
            [
                "<h1>Set up two-factor authentication</h1>",
                "a second factor is required before you continue.",
                "Scan this QR code with the app.",
            ],
        ),
    ],
)
def test_it_shows_two_factor_enrolment_in_the_browser_s_language(
    client: Client, world: World, accept: str, expected: list[str]
) -> None:
    client.force_login(world.desk)
    body = client.get(TWO_FACTOR, headers={"accept-language": accept}).content.decode()
    for text in expected:
        assert text in body


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (JAPANESE, "コードが一致しません。スマートフォンの時刻が正しいか確認してから"),
        (ENGLISH, "That code does not match. Check the time on your phone"),
    ],
)
def test_it_refuses_a_wrong_enrolment_code_in_the_browser_s_language(
    client: Client, world: World, accept: str, expected: str
) -> None:
    client.force_login(world.desk)
    client.get(TWO_FACTOR)
    response = client.post(TWO_FACTOR, {"code": "000000"}, headers={"accept-language": accept})
    assert expected in response.content.decode()


@pytest.mark.parametrize(
    ("accept", "template"),
    [
        (
            JAPANESE,
            "このアカウントまたは接続元アドレスからのログインに何度も失敗しました。"
            "{time} 以降にもう一度お試しください。",
        ),
        (
            ENGLISH,
            "Too many failed sign-in attempts for this account or address. "
            "Please try again after {time}.",
        ),
    ],
)
def test_it_tells_a_locked_out_person_when_to_retry_in_their_language(
    client: Client, world: World, accept: str, template: str
) -> None:
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            client.post(LOGIN, {"username": "staff", "password": "wrong"})
        response = client.post(
            LOGIN,
            {"username": "staff", "password": PASSWORD},
            headers={"accept-language": accept},
        )
    unlock = timezone.localtime(start + timedelta(minutes=15)).strftime("%H:%M")
    assert template.format(time=unlock) in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("language", "subject", "lines"),
    [
        ("ja", "KasuDesk のパスワード再設定", ["佐藤 花子 様", "ユーザー名は staff です。"]),
        ("en", "Reset your KasuDesk password", ["Dear 佐藤 花子,", "Your user name is staff."]),
    ],
)
def test_it_writes_the_reset_e_mail_in_the_recipient_s_language(
    client: Client, world: World, language: str, subject: str, lines: list[str]
) -> None:
    world.staff.preferred_language = language
    world.staff.save(update_fields=["preferred_language"])
    other = ENGLISH if language == "ja" else JAPANESE
    client.post(RESET, {"email": "staff@example.jp"}, headers={"accept-language": other})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == subject
    for line in lines:
        assert line in message.body


@pytest.mark.parametrize(
    ("choice", "japanese"),
    [
        (Role.STAFF, "現場スタッフ"),
        (Role.MANAGER, "拠点責任者"),
        (Role.DESK, "相談窓口"),
        (Role.COUNSEL, "法務"),
        (Role.EXECUTIVE, "経営層"),
        (Role.AUDITOR, "監査担当"),
        (Role.ADMIN, "管理者"),
        (Industry.RETAIL, "小売"),
        (Industry.GOVERNMENT, "自治体窓口"),
        (SiteKind.STORE, "店舗"),
        (SiteKind.OTHER, "その他"),
    ],
)
def test_it_names_roles_and_choices_with_the_glossary_terms(
    choice: Role | Industry | SiteKind, japanese: str
) -> None:
    with translation.override("ja"):
        assert str(choice.label) == japanese


def test_it_shows_the_role_on_the_home_page_in_japanese(client: Client, world: World) -> None:
    client.force_login(world.manager)
    body = client.get("/", headers={"accept-language": JAPANESE}).content.decode()
    assert "拠点責任者" in body
    assert "Site manager" not in body
