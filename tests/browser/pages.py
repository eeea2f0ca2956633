"""Small helpers the browser tests share: sign in, switch language."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def sign_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def switch_language(page: Page, code: str) -> None:
    page.locator("#language-select").select_option(code)
    page.locator(".language-form button[type=submit]").click()
    page.wait_for_load_state()
