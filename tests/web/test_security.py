"""Headers and assets every page must have on a closed intranet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import kasudesk

pytestmark = pytest.mark.django_db
PACKAGE = Path(kasudesk.__file__).parent


def test_it_sends_a_content_security_policy_with_a_script_nonce(client: Client) -> None:
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    assert f'nonce="{nonce.group(1)}"' in response.content.decode()


def test_it_forbids_framing_and_sniffing(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_it_protects_forms_against_cross_site_requests() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/language/", {"language": "en"})
    assert response.status_code == 403


def test_it_loads_no_asset_from_another_host() -> None:
    external = re.compile(r"""(src|href)=["']https?://""")
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.html")
        if external.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_it_answers_health_checks_without_signing_in(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
