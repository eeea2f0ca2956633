"""Fixtures and builders the case view tests share (no tests of its own here).

The cases context processor is registered by the integrator in settings;
until then, and so the tests never depend on it, the fixture adds it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.test import Client
from django.utils import timezone

from kasudesk.accounts.models import Site, User
from kasudesk.cases.actions import NewCustomer, ReportInput, submit_incident
from kasudesk.cases.models import Case
from tests.helpers import login_as

THREAT = "お客様が「殺すぞ」と大声で怒鳴り、30分以上カウンターから離れなかった。"


def sign_in(client: Client, user: User, language: str = "en") -> Client:
    """Sign in (second factor included) and read the pages in ``language``.

    Assertions read English messages; Japanese pages have tests of their own.
    """
    login_as(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def report_case(
    reporter: User,
    site: Site,
    *,
    narrative: str = THREAT,
    facts: dict[str, Any] | None = None,
    customer_name: str = "",
    customer_phone: str = "",
    occurred_at: datetime | None = None,
    key: str = "",
) -> Case:
    report = ReportInput(
        site=site,
        occurred_at=occurred_at or timezone.now() - timedelta(hours=1),
        channel="in_person",
        narrative=narrative,
        facts=facts or {},
        new_customer=NewCustomer(name=customer_name, phone=customer_phone)
        if (customer_name or customer_phone)
        else None,
    )
    return submit_incident(reporter, report, idempotency_key=key)


BOUNDARY = "----kasudesk-test-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def raw_multipart(fields: dict[str, Any], files: list[tuple[str, str, bytes]]) -> bytes:
    """A multipart body whose file names are sent exactly as given.

    The test client (like browsers) sends base names only; an attacker's
    request need not.
    """
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.extend(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{item}\r\n".encode()
            for item in (value if isinstance(value, list) else [value])
        )
    for field, filename, content in files:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)
