"""The case list as CSV: who may export, the filters, the masking, the audit entry."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasudesk.audit.models import AuditEvent
from kasudesk.cases.export import mask_name, mask_phone, safe_cell
from kasudesk.cases.models import Case
from tests.cases.test_views_support import report_case, sign_in
from tests.conftest import World

EXPORT = "/cases/export.csv"


@pytest.fixture
def cases(world: World) -> list[Case]:
    return [
        report_case(
            world.staff,
            world.store,
            customer_name="山田 太郎",
            customer_phone="090-1234-5678",
            occurred_at=datetime(2026, 11, 1, 3, 0, tzinfo=UTC),
        ),
        report_case(
            world.call_centre_staff,
            world.call_centre,
            customer_name='=HYPERLINK("http://evil")',
            customer_phone="06-0000-0123",
            occurred_at=datetime(2026, 11, 2, 3, 0, tzinfo=UTC),
        ),
        report_case(world.staff, world.store, occurred_at=datetime(2026, 10, 1, 3, 0, tzinfo=UTC)),
    ]


def _rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("persona", ["desk", "counsel", "admin"])
def test_it_exports_the_cases_with_the_customer_masked(
    client: Client, world: World, cases: list[Case], persona: str
) -> None:
    sign_in(client, world.persona(persona))
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="kasudesk-cases-')
    header, *rows = _rows(response.content)
    assert header[0] == "Reference"
    assert [row[0] for row in rows] == [cases[1].reference, cases[0].reference, cases[2].reference]
    yamada = rows[1]
    assert yamada[1] == "2026-11-01 12:00"  # Asia/Tokyo
    assert yamada[2] == "新宿店"
    assert (yamada[8], yamada[9]) == ("山***", "***5678")
    assert (rows[2][8], rows[2][9]) == ("", "")
    body = response.content.decode("utf-8-sig")
    for secret in ("山田", "太郎", "1234", "090", "殺すぞ"):
        assert secret not in body


def test_it_neutralises_cells_that_excel_would_run_as_formulas(
    client: Client, world: World, cases: list[Case]
) -> None:
    sign_in(client, world.desk)
    _header, *rows = _rows(client.get(EXPORT).content)
    assert (rows[0][8], rows[0][9]) == ("'=***", "***0123")


def test_it_applies_the_list_filters_and_search(
    client: Client, world: World, cases: list[Case]
) -> None:
    sign_in(client, world.desk)
    _header, *rows = _rows(
        client.get(EXPORT, {"site": str(world.store.pk), "start": "2026-10-15"}).content
    )
    assert [row[0] for row in rows] == [cases[0].reference]
    _header, *rows = _rows(client.get(EXPORT, {"q": "殺すぞ"}).content)
    assert {row[0] for row in rows} == {case.reference for case in cases}


def test_it_sends_bad_filters_back_to_the_list(
    client: Client, world: World, cases: list[Case]
) -> None:
    sign_in(client, world.desk)
    response = client.get(EXPORT, {"start": "2026-02-31"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/?start=2026-02-31"
    assert not AuditEvent.objects.filter(action="case.exported").exists()


def test_it_writes_an_audit_entry_without_the_search_words(
    client: Client, world: World, cases: list[Case]
) -> None:
    sign_in(client, world.counsel)
    client.get(EXPORT, {"q": "山田", "status": "reported"})
    event = AuditEvent.objects.get(action="case.exported")
    assert event.actor == world.counsel
    assert event.organization_id == world.organization.pk
    assert event.data["filters"] == {"status": "reported"}
    assert event.data["searched"] is True
    assert "山田" not in str(event.data)


def test_it_exports_in_japanese_for_a_japanese_reader(
    client: Client, world: World, cases: list[Case]
) -> None:
    sign_in(client, world.desk, language="ja")
    header = _rows(client.get(EXPORT).content)[0]
    assert header[:2] == ["案件番号", "発生日時"]


@pytest.mark.parametrize(
    "persona",
    ["staff", "call_centre_staff", "manager", "executive", "auditor", "outsider", "other_staff"],
)
def test_it_hides_the_export_from_everyone_else(
    client: Client, world: World, cases: list[Case], persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get(EXPORT).status_code == 404
    assert EXPORT not in client.get("/cases/").content.decode()
    assert not AuditEvent.objects.filter(action="case.exported").exists()


def test_it_offers_the_export_on_the_list_with_the_filters(
    client: Client, world: World, cases: list[Case]
) -> None:
    sign_in(client, world.desk)
    page = client.get("/cases/", {"status": "reported"}).content.decode()
    assert f"{EXPORT}?status=reported" in page


@pytest.mark.parametrize(("name", "masked"), [("山田 太郎", "山***"), ("  Ann ", "A***"), ("", "")])
def test_it_masks_a_name_to_its_initial(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone_key", "masked"), [("09012345678", "***5678"), ("123", "***"), ("", "")]
)
def test_it_masks_a_phone_to_its_last_four_digits(phone_key: str, masked: str) -> None:
    assert mask_phone(phone_key) == masked


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=1+1", "'=1+1"), ("+81", "'+81"), ("-2", "'-2"), ("@SUM", "'@SUM"), ("新宿店", "新宿店")],
)
def test_it_neutralises_formula_cells(value: str, safe: str) -> None:
    assert safe_cell(value) == safe


def test_it_exports_many_cases_in_few_queries(client: Client, world: World) -> None:
    def export_queries() -> tuple[int, bytes]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(EXPORT)
        return len(queries), response.content

    for number in range(3):
        report_case(
            world.staff, world.store, customer_phone=f"090-0000-{number:04}", key=f"k{number}"
        )
    sign_in(client, world.desk)
    few, _content = export_queries()
    for number in range(3, 30):
        report_case(
            world.staff, world.store, customer_phone=f"090-0000-{number:04}", key=f"k{number}"
        )
    many, content = export_queries()
    # The count does not grow with the rows; the budget leaves room for the
    # audit append, which takes an advisory lock on PostgreSQL.
    assert many == few
    assert many <= 17
    assert len(_rows(content)) == 31
