"""The report form's customer picker in a real browser: htmx and the page script."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from kasudesk.cases.actions import create_customer
from kasudesk.cases.models import Case
from tests.browser.conftest import PHONE
from tests.browser.pages import sign_in
from tests.conftest import World

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_it_picks_a_customer_while_typing_and_links_it(
    browser: Browser, live_server: object, world: World
) -> None:
    yamada = create_customer(
        world.desk, world.organization, name="山田 太郎", phone="090-1234-5678"
    )
    create_customer(world.desk, world.organization, name="佐々木 次郎", phone="03-9999-0000")
    page = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    base = str(live_server)
    sign_in(page, base, "manager")
    page.goto(f"{base}/cases/report/")
    page.locator("input[name=customer_search]").press_sequentially("０９０１２", delay=30)
    match = page.locator("#customer-matches button[data-customer-id]")
    expect(match).to_have_count(1)
    match.click()
    expect(page.locator("input[name=customer]")).to_have_value(str(yamada.pk))
    expect(page.locator("input[name=customer_search]")).to_have_value("山田 太郎")
    expect(page.locator("#customer-matches button")).to_have_count(0)
    page.locator("textarea[name=narrative]").fill("お客様が「殺すぞ」と怒鳴った。")
    page.locator("button[name=intent][value=submit]").click()
    page.wait_for_url("**/submitted/")
    assert Case.objects.get().customer_id == yamada.pk
