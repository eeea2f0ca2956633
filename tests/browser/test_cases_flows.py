"""The case screens on a phone: report a threat, triage it, ban, look the ban up.

One long Japanese flow follows a case from a part-timer's report to the
counter at another site; a shorter English run covers the report alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from kasudesk.cases.models import (
    Ban,
    Case,
    CaseAction,
    Decision,
    Evidence,
    Statement,
    Status,
)
from tests.browser.conftest import PHONE
from tests.browser.pages import sign_in, switch_language
from tests.conftest import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
THREAT_JA = (
    "返品をお断りしたところ、お客様が「ふざけるな、殺すぞ」と怒鳴り、カウンターを叩いた。"
    "退店をお願いしたが30分以上帰らなかった。"
)
PHONE_NUMBER = "090-1234-5678"


def new_page(browser: Browser, locale: str = "ja-JP") -> Page:
    context = browser.new_context(viewport=PHONE, locale=locale)
    return context.new_page()


def answer(page: Page, fact: str, value: str) -> None:
    page.locator(f"input[name=fact_{fact}][value={value}]").check()


def sign_in_with_second_factor(page: Page, base: str, world: World) -> None:
    device = TOTPDevice.objects.create(user=world.desk, name="phone", confirmed=True)
    sign_in(page, base, world.desk.username)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    code = totp(bytes(device.bin_key), device.step, device.t0, device.digits, device.drift)
    page.locator("input[name=code]").fill(f"{code:0{device.digits}d}")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("input[name=code]")).to_have_count(0)


def report_threat(page: Page, base: str, tmp_path: Path, screenshot_dir: Path) -> None:
    photo = tmp_path / "counter.png"
    photo.write_bytes(PNG)
    page.goto(f"{base}/cases/report/")
    page.locator("input[name=customer_name]").fill("山田 太郎")
    page.locator("input[name=customer_phone]").fill(PHONE_NUMBER)
    page.locator("textarea[name=narrative]").fill(THREAT_JA)
    page.locator("input[name=duration_minutes]").fill("35")
    answer(page, "asked_to_leave", "yes")
    answer(page, "left_after_request", "no")
    answer(page, "injury", "no")
    page.locator("input[name=demands][value=apology_demand]").check()
    page.locator("input[name=photo]").set_input_files(str(photo))
    page.screenshot(path=str(screenshot_dir / "cases-report-form-ja.png"), full_page=True)
    page.locator("button[name=intent][value=submit]").click()


def triage_as_manager(page: Page, base: str, case: Case, screenshot_dir: Path) -> None:
    """Fact-finding, a witness statement, and an override of the severity."""
    expect(page.locator(".bell-count")).to_be_visible()  # every page shows the unread count
    page.goto(f"{base}/cases/")
    expect(page.locator(".bell-count")).to_be_visible()
    page.get_by_role("link", name=case.reference).click()
    expect(page.locator(".narrative mark").first).to_be_visible()
    page.locator("button[name=status][value=fact_finding]").click()
    expect(page.locator(".message-success")).to_be_visible()
    statement = page.locator("form[action$='/statements/']")
    statement.locator("select[name=party]").select_option("witness")
    statement.locator("input[name=speaker_name]").fill("田中（アルバイト）")
    statement.locator("textarea[name=text]").fill("お客様が大声で「殺すぞ」と言うのを聞きました。")
    statement.locator("button[type=submit]").click()
    expect(page.locator(".statement")).to_contain_text("殺すぞ")
    step = page.locator(".checklist-item").first
    step.locator("select[name$=-state]").select_option("done")
    step.locator("button[type=submit]").click()
    # htmx swaps the step in place: the page is not reloaded.
    expect(page.locator(".checklist-item").first.locator(".message-success")).to_be_visible()
    decision = page.locator("form.decision-form")
    decision.locator("input[name=kind][value=override]").check()
    decision.locator("select[name=verdict]").select_option("harassment")
    decision.locator("select[name=severity]").select_option("high")
    decision.locator("textarea[name=reason]").fill(
        "凶器はなく、店外へ退去済みのため重大度を下げる。"
    )
    decision.locator("button[type=submit]").click()
    expect(page.locator(".case-severity")).to_have_attribute("class", re.compile("severity-high"))
    page.screenshot(path=str(screenshot_dir / "cases-triage-manager-ja.png"), full_page=True)


def ban_as_desk(page: Page, base: str, case: Case, screenshot_dir: Path) -> None:
    """From the case to the customer, then a ban over every site."""
    page.goto(f"{base}/cases/{case.pk}/")
    page.locator("dd a", has_text="山田 太郎").click()
    page.locator(f"a[href='/cases/customers/{case.customer_id}/ban/']").click()
    page.locator("input[name=scope][value=organization]").check()
    page.locator("input[name=review_on]").fill("2027-05-20")
    page.locator("textarea[name=reason]").fill("従業員に対する脅迫（殺すぞ）。")
    page.locator("form.ban-form button[type=submit]").click()
    expect(page.locator("#bans .ban")).to_contain_text("2027")
    expect(page.locator("#bans .ban-in_force")).to_contain_text("有効")
    page.screenshot(path=str(screenshot_dir / "cases-ban-desk-ja.png"), full_page=True)
    # The registry lists who is banned now.
    page.goto(f"{base}/cases/customers/")
    page.locator("select[name=bans]").select_option("in_force")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator(".customer-list li")).to_have_count(1)
    expect(page.locator(".customer-list li")).to_contain_text("出入り禁止")
    page.screenshot(path=str(screenshot_dir / "cases-registry-banned-ja.png"), full_page=True)


def test_it_follows_a_threat_from_report_to_the_counter_of_another_site(
    browser: Browser,
    live_server: object,
    world: World,
    screenshot_dir: Path,
    tmp_path: Path,
) -> None:
    base = str(live_server)

    # A part-timer reports on her phone, in Japanese, with a photo.
    page = new_page(browser)
    sign_in(page, base, world.staff.username)
    report_threat(page, base, tmp_path, screenshot_dir)
    expect(page).to_have_url(re.compile(r"/cases/\d+/submitted/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator(".alert-critical")).to_be_visible()
    expect(page.locator(".alert-critical")).to_contain_text("110")
    page.screenshot(path=str(screenshot_dir / "cases-report-guidance-ja.png"), full_page=True)
    case = Case.objects.get()
    assert case.status == Status.REPORTED
    assert case.facts["injury"] is False
    assert "weapon" not in case.facts
    assert Evidence.objects.get(case=case).original_name == "counter.png"
    page.context.close()

    page = new_page(browser)
    sign_in(page, base, world.manager.username)
    triage_as_manager(page, base, case, screenshot_dir)
    case.refresh_from_db()
    # Fact-finding first; the decision then marks the case assessed.
    assert case.events.filter(kind="status_changed", data__to=Status.FACT_FINDING).exists()
    assert case.status == Status.ASSESSED
    assert Statement.objects.get(case=case).party == "witness"
    assert Decision.objects.get(case=case).kind == Decision.Kind.OVERRIDE
    assert case.actions.filter(state=CaseAction.State.DONE).count() == 1
    page.context.close()

    page = new_page(browser)
    sign_in_with_second_factor(page, base, world)
    ban_as_desk(page, base, case, screenshot_dir)
    assert Ban.objects.get().scope == Ban.Scope.ORGANIZATION
    page.context.close()

    # Staff at another site look the phone number up at the counter.
    page = new_page(browser)
    sign_in(page, base, world.call_centre_staff.username)
    page.goto(f"{base}/cases/lookup/")
    page.locator("input[name=q]").fill(PHONE_NUMBER)
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator(".lookup-ban")).to_be_visible()
    expect(page.locator("#lookup-result")).not_to_contain_text("山田")
    page.screenshot(path=str(screenshot_dir / "cases-lookup-other-site-ja.png"), full_page=True)
    page.context.close()


def test_it_reports_in_english_and_refuses_a_double_tap(
    browser: Browser,
    live_server: object,
    world: World,
    screenshot_dir: Path,
    tmp_path: Path,
) -> None:
    base = str(live_server)
    page = new_page(browser, locale="en-US")
    sign_in(page, base, world.staff.username)
    switch_language(page, "en")
    page.goto(f"{base}/cases/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report an incident")
    expect(page.locator("input[name=photo]")).to_have_attribute("capture", "environment")
    page.locator("textarea[name=narrative]").fill(
        "The customer shouted 'I will kill you' at the till and would not leave for 40 minutes."
    )
    answer(page, "asked_to_leave", "yes")
    answer(page, "left_after_request", "no")
    submit = page.locator("button[name=intent][value=submit]")
    submit.dblclick()
    expect(page).to_have_url(re.compile(r"/cases/\d+/submitted/$"))
    expect(page.locator("h1")).to_contain_text("was sent")
    expect(page.locator(".first-actions li").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "cases-report-guidance-en.png"), full_page=True)
    assert Case.objects.count() == 1
    page.context.close()


def test_it_keeps_a_draft_and_shows_an_invalid_date(
    browser: Browser, live_server: object, world: World
) -> None:
    base = str(live_server)
    page = new_page(browser, locale="en-US")
    sign_in(page, base, world.staff.username)
    switch_language(page, "en")
    page.goto(f"{base}/cases/report/")
    page.locator("textarea[name=narrative]").fill("Half written on a break.")
    page.locator("button[name=intent][value=draft]").click()
    expect(page).to_have_url(re.compile(r"/cases/report/\?draft=\d+$"))
    expect(page.locator("textarea[name=narrative]")).to_have_value("Half written on a break.")
    page.locator("input[name=occurred_at]").fill("2099-01-01T10:00")
    page.locator("button[name=intent][value=submit]").click()
    expect(page.locator("#field-occurred_at .errorlist")).to_contain_text("future")
    expect(page.locator("textarea[name=narrative]")).to_have_value("Half written on a break.")
    assert Case.objects.get().status == Status.DRAFT
    page.context.close()
