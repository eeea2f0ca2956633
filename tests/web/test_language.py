from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_speaks_japanese_by_default(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert '<html lang="ja">' in response.content.decode()


def test_it_follows_the_browser_language(client: Client) -> None:
    response = client.get("/accounts/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="en">' in response.content.decode()


def test_it_switches_language_with_the_switcher_and_remembers_it(client: Client) -> None:
    response = client.post("/language/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/")
    assert '<html lang="en">' in page.content.decode()


def test_it_refuses_to_redirect_off_site_after_switching(client: Client) -> None:
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_it_shows_the_footer_promise_in_japanese(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert "不利益な取扱いを受けることはありません" in response.content.decode()
