from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_lists_the_roles_of_the_signed_in_person(client: Client, world: World) -> None:
    client.force_login(world.staff)
    response = client.get("/", headers={"accept-language": "en"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Front-line staff" in body
    assert "新宿店" in body


def test_it_tells_a_person_without_membership_to_ask_for_one(client: Client, world: World) -> None:
    client.force_login(world.outsider)
    response = client.get("/", headers={"accept-language": "en"})
    assert "You have no role in any organisation yet" in response.content.decode()


def test_it_shows_names_family_name_first(client: Client, world: World) -> None:
    client.force_login(world.staff)
    response = client.get("/")
    assert "佐藤 花子" in response.content.decode()
