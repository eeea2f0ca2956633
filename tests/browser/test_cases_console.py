"""The case screens run in the browser without a Content Security Policy error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, ConsoleMessage, expect

from tests.browser.conftest import PHONE
from tests.browser.pages import sign_in
from tests.cases.test_views_support import report_case
from tests.conftest import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
]


def test_it_raises_no_console_error_on_the_case_screens(
    browser: Browser, live_server: object, world: World
) -> None:
    case = report_case(world.staff, world.store, customer_phone="090-1234-5678")
    page = browser.new_context(viewport=PHONE).new_page()
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    base = str(live_server)
    sign_in(page, base, world.manager.username)
    # Listen from here: the sign-in pages are not the case screens.
    page.on("console", keep)
    for path in ("/cases/report/", f"/cases/{case.pk}/", f"/cases/{case.pk}/letter/", "/cases/"):
        page.goto(f"{base}{path}")
    page.goto(f"{base}/cases/lookup/")
    page.locator("input[name=q]").fill("090-1234-5678")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator(".lookup-clear")).to_be_visible()
    # htmx answered in place: the address did not change to a full GET.
    assert page.url == f"{base}/cases/lookup/"
    assert errors == []
