from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kasudesk.accounts.models import User
from kasudesk.audit.models import AuditEvent
from tests.conftest import PASSWORD, World
from tests.helpers import login_as

pytestmark = pytest.mark.django_db

TWO_FACTOR = "/accounts/two-factor/"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def totp(secret_base32: str, at: float | None = None) -> str:
    """RFC 6238 with SHA-1, six digits and 30-second steps, written out here."""
    secret = secret_base32.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def _secret_on_page(html: str) -> str:
    match = re.search(r"<code>([A-Z2-7 ]+)</code>", html)
    assert match is not None
    return match.group(1)


def _enrol(client: Client) -> tuple[str, list[str]]:
    page = client.get(TWO_FACTOR).content.decode()
    secret = _secret_on_page(page)
    response = client.post(TWO_FACTOR, {"code": totp(secret), "next": "/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    return secret, codes


@pytest.mark.parametrize("persona", ["desk", "counsel", "admin"])
def test_it_sends_two_factor_roles_without_a_device_to_enrolment(
    client: Client, world: World, persona: str
) -> None:
    client.force_login(world.persona(persona))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?next=%2F"


def test_it_requires_a_second_factor_of_superusers(client: Client, world: World) -> None:
    root = User.objects.create_superuser("root", "root@example.jp", PASSWORD)
    client.force_login(root)
    assert client.get("/")["Location"].startswith(TWO_FACTOR)


@pytest.mark.parametrize("persona", ["staff", "manager", "executive", "auditor", "outsider"])
def test_it_lets_other_roles_in_without_a_second_factor(
    client: Client, world: World, persona: str
) -> None:
    client.force_login(world.persona(persona))
    assert client.get("/").status_code == 200


def test_it_shows_a_local_svg_qr_code_and_the_secret(client: Client, world: World) -> None:
    client.force_login(world.desk)
    response = client.get(TWO_FACTOR)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    assert "<img" not in html
    secret = _secret_on_page(html)
    device = TOTPDevice.objects.get(user=world.desk)
    assert not device.confirmed
    plain = secret.replace(" ", "")
    assert base64.b32decode(plain + "=" * (-len(plain) % 8)) == bytes(device.bin_key)
    # CSP stays strict: the page carries no inline style attribute.
    assert "style=" not in html


def test_it_keeps_the_same_secret_until_enrolment_is_confirmed(
    client: Client, world: World
) -> None:
    client.force_login(world.desk)
    first = _secret_on_page(client.get(TWO_FACTOR).content.decode())
    second = _secret_on_page(client.get(TWO_FACTOR).content.decode())
    assert first == second


def test_it_refuses_a_wrong_enrolment_code(client: Client, world: World) -> None:
    client.force_login(world.desk)
    client.get(TWO_FACTOR)
    response = client.post(TWO_FACTOR, {"code": "000000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert b"That code does not match" in response.content
    assert not TOTPDevice.objects.get(user=world.desk).confirmed
    assert client.get("/").status_code == 302


def test_it_enrols_with_a_real_code_and_shows_backup_codes_once(
    client: Client, world: World
) -> None:
    client.force_login(world.desk)
    _secret, codes = _enrol(client)
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=world.desk).confirmed
    assert StaticToken.objects.filter(device__user=world.desk).count() == 10
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="accounts.two_factor.enrolled")
    assert event.actor == world.desk
    # Once verified, the page no longer shows codes or secrets.
    assert client.get(TWO_FACTOR).status_code == 302


def test_it_verifies_a_totp_code_at_each_sign_in(client: Client, world: World) -> None:
    client.force_login(world.desk)
    secret, _codes = _enrol(client)
    client.logout()
    later = time.time() + 60
    with time_machine.travel(later, tick=False):
        response = client.post("/accounts/login/", {"username": "desk", "password": PASSWORD})
        assert response["Location"].startswith(TWO_FACTOR)
        assert client.get("/").status_code == 302
        response = client.post(TWO_FACTOR, {"code": totp(secret, later), "next": "/"})
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.two_factor.verified").count() == 1


def test_it_refuses_a_wrong_code_and_logs_the_failure(client: Client, world: World) -> None:
    client.force_login(world.desk)
    _enrol(client)
    client.logout()
    client.force_login(world.desk)
    response = client.post(TWO_FACTOR, {"code": "123 456"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert b"That code is not valid" in response.content
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.two_factor.failed").exists()


def test_it_accepts_a_backup_code_once(client: Client, world: World) -> None:
    client.force_login(world.desk)
    _secret, codes = _enrol(client)
    client.logout()
    client.force_login(world.desk)
    assert client.post(TWO_FACTOR, {"code": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200
    client.logout()
    client.force_login(world.desk)
    assert client.post(TWO_FACTOR, {"code": codes[0]}).status_code == 200
    assert client.get("/").status_code == 302


def test_login_as_marks_the_session_verified_for_two_factor_roles(
    client: Client, world: World
) -> None:
    login_as(client, world.desk)
    assert client.get("/").status_code == 200
