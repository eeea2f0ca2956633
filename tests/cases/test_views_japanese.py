"""The case screens read in Japanese for a Japanese browser, with no English left over."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from kasudesk.cases.actions import ban_customer
from kasudesk.cases.models import Case, Customer
from tests.cases.test_views_support import report_case, sign_in
from tests.conftest import World
from tests.helpers import login_as

# The English sentences a Japanese user would otherwise most likely meet.
ENGLISH = (
    "Report an incident",
    "Where and when",
    "Quick questions",
    "Send the report",
    "Save as draft",
    "Your safety comes first",
    "call the police",
    "Call 110",
    "First assessment",
    "Open the case",
    "Response checklist",
    "Counter look-up",
    "Banned from the premises",
    "No ban or alert found",
    "Customers",
    "Sign out",
)
# Three English words in a row is a sentence or a label that escaped translation.
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}")


class _Text(HTMLParser):
    """Collects what a person reads or hears: text and the labelling attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        self.parts.extend(
            value for name, value in attrs if name in {"aria-label", "title", "alt"} and value
        )

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def readable_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def assert_japanese(html: str, *expected: str) -> None:
    text = readable_text(html)
    assert '<html lang="ja">' in html
    for phrase in expected:
        assert phrase in text, phrase
    leaked = [phrase for phrase in ENGLISH if phrase in text]
    assert leaked == []
    assert ENGLISH_RUN.findall(text) == []


@pytest.fixture
def threat_case(world: World) -> Case:
    return report_case(
        world.staff,
        world.store,
        facts={"weapon": True, "asked_to_leave": True, "left_after_request": False},
        customer_name="山田 太郎",
        customer_phone="090-1234-5678",
    )


def test_it_reads_the_readable_text_of_a_page() -> None:
    html = (
        '<p>Report <b>an</b> incident</p><script>var a = "one two three";</script>'
        '<a aria-label="Open the case" href="/x">x</a>'
    )
    assert readable_text(html) == "Report an incident Open the case x"


def test_it_finds_an_english_sentence_that_leaked() -> None:
    with pytest.raises(AssertionError):
        assert_japanese('<html lang="ja"><p>事案を報告</p><p>Save this step</p></html>')


def test_it_shows_the_report_form_in_japanese_to_a_japanese_browser(
    client: Client, world: World
) -> None:
    login_as(client, world.staff)
    html = client.get("/cases/report/", headers={"accept-language": "ja"}).content.decode()
    assert_japanese(
        html,
        "事案を報告",
        "場所と日時",
        "顧客について",
        "かんたんな質問",
        "けがをした人はいますか？",
        "分からない",
        "報告を送信",
        "下書き保存",
        "ログアウト",
    )


def test_it_follows_the_language_cookie_over_the_browser(client: Client, world: World) -> None:
    sign_in(client, world.staff, language="ja")
    html = client.get("/cases/report/", headers={"accept-language": "en"}).content.decode()
    assert_japanese(html, "事案を報告", "報告を送信")


def test_it_puts_safety_first_in_japanese_after_a_threat_to_life(
    client: Client, world: World, threat_case: Case
) -> None:
    sign_in(client, world.staff, language="ja")
    html = client.get(f"/cases/{threat_case.pk}/submitted/").content.decode()
    assert "alert-critical" in html
    assert_japanese(
        html,
        "まず身の安全を確保してください",
        "すぐに110番通報してください。",
        "顧客と二人きりにならないでください。",
        "上司か勤務中の責任者に引き継いでください。",
        "110番通報する",
        f"報告 {threat_case.reference} を送信しました",
        "一次判定",
        "案件を開く",
    )
    assert "判定: " + threat_case.get_verdict_display() in readable_text(html)


def test_it_shows_the_case_page_in_japanese(
    client: Client, world: World, threat_case: Case
) -> None:
    sign_in(client, world.manager, language="ja")
    html = client.get(f"/cases/{threat_case.pk}/").content.decode()
    assert_japanese(
        html,
        f"案件 {threat_case.reference}",
        "進捗",
        "判定:",
        "深刻度:",
        "対応チェックリスト",
        "聴取記録",
        "証拠",
        "内部メモ",
        "担当者と期限を保存",
        "- 選択してください -",
        "(刑法130条)",
    )
    assert threat_case.get_status_display() == "報告済み"
    # A fact behind a behavior is not a quote: no bare "true" after its name.
    assert " — true" not in readable_text(html)


def test_it_prints_the_warning_letter_as_a_formal_japanese_letter(
    client: Client, world: World, threat_case: Case
) -> None:
    sign_in(client, world.manager, language="ja")
    html = client.get(f"/cases/{threat_case.pk}/letter/?lang=ja").content.decode()
    assert_japanese(
        html,
        "警告書",
        "山田 太郎 様",
        "貴殿は、",
        "本書をもって警告いたします。",
        "当社施設への出入り禁止",
        "必要な措置を講じます。",
        "印刷",
    )


def test_it_answers_the_counter_look_up_in_japanese(
    client: Client, world: World, threat_case: Case
) -> None:
    assert threat_case.customer is not None
    ban_customer(
        world.desk,
        threat_case.customer,
        scope="organization",
        site=None,
        starts_on=threat_case.occurred_at.date(),
        reason="脅迫",
    )
    sign_in(client, world.call_centre_staff, language="ja")
    html = client.get("/cases/lookup/", {"q": "090-1234-5678"}).content.decode()
    assert_japanese(html, "窓口照会", "出入り禁止です", "一人で対応しないでください。")
    html = client.get("/cases/lookup/", {"q": "080-0000-0000"}).content.decode()
    assert_japanese(html, "出入り禁止・要注意の登録はありません", "通常どおり対応してください。")


def test_it_lists_customers_in_japanese(client: Client, world: World, threat_case: Case) -> None:
    customer = threat_case.customer
    assert customer is not None
    Customer.objects.filter(pk=customer.pk).update(alert=Customer.Alert.CAUTION)
    sign_in(client, world.desk, language="ja")
    html = client.get("/cases/customers/").content.decode()
    assert_japanese(html, "顧客", "顧客を追加", "検索", "山田 太郎", "要注意")
