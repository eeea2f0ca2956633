"""A person signs in on a phone, in Japanese and in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE
from tests.browser.pages import sign_in, switch_language
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_signs_staff_in_on_a_phone_in_japanese(
    browser: Browser, live_server: object, world: World, screenshot_dir: Path
) -> None:
    context = browser.new_context(viewport=PHONE, locale="ja-JP")
    page = context.new_page()
    base = str(live_server)
    sign_in(page, base, world.staff.username)
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_contain_text("佐藤 花子")
    expect(page.locator("body")).to_contain_text("現場スタッフ")
    page.screenshot(path=str(screenshot_dir / "home-staff-ja.png"), full_page=True)
    context.close()


def test_it_signs_a_manager_in_and_switches_to_english(
    browser: Browser, live_server: object, world: World, screenshot_dir: Path
) -> None:
    context = browser.new_context(viewport=PHONE, locale="ja-JP")
    page = context.new_page()
    base = str(live_server)
    sign_in(page, base, world.manager.username)
    switch_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("body")).to_contain_text("Site manager")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "home-manager-en.png"), full_page=True)
    context.close()


def test_it_shows_the_sign_in_page_in_english_to_an_english_browser(
    browser: Browser, live_server: object
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    context.close()
