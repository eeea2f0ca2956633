"""Case lists: filters, full-text search on both databases, pages, query counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection

from kasudesk.accounts.models import Site, User
from kasudesk.cases.actions import update_facts
from kasudesk.cases.models import Case, CaseBehavior, Channel, Severity, Status, Verdict
from kasudesk.cases.search import CaseFilters, apply_text_search, case_page, search_cases
from tests.conftest import World

pytestmark = pytest.mark.django_db

BASE = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)


def _case(
    world: World,
    narrative: str,
    *,
    site: Site | None = None,
    reporter: User | None = None,
    days: int = 0,
    behaviors: tuple[str, ...] = (),
    **values: Any,
) -> Case:
    # Rows straight in: these tests are about reading, and the triggers must
    # index whatever writes the table.
    site = site or world.store
    case = Case.objects.create(
        organization=site.organization,
        site=site,
        reported_by=reporter or world.staff,
        occurred_at=BASE + timedelta(days=days),
        reported_at=BASE + timedelta(days=days),
        channel=Channel.IN_PERSON,
        narrative=narrative,
        status=values.pop("status", Status.REPORTED),
        **values,
    )
    CaseBehavior.objects.bulk_create([CaseBehavior(case=case, behavior=b) for b in behaviors])
    return case


@pytest.fixture
def cases(world: World) -> dict[str, Case]:
    return {
        "threat": _case(
            world,
            "レジで「殺すぞ」と怒鳴られ、カウンターを叩かれた。",
            behaviors=("threat", "intimidation"),
            severity=Severity.HIGH,
            verdict=Verdict.HARASSMENT,
        ),
        "phone": _case(
            world,
            "Caller phoned forty times about the same refund and shouted at the operator.",
            site=world.call_centre,
            reporter=world.call_centre_staff,
            days=5,
            behaviors=("persistent_contact",),
            severity=Severity.MEDIUM,
            verdict=Verdict.HARASSMENT,
        ),
        "complaint": _case(
            world,
            "商品の初期不良について返金を求められた。丁寧な口調だった。",
            days=10,
            severity=Severity.NONE,
            verdict=Verdict.LEGITIMATE_COMPLAINT,
            status=Status.CLOSED,
        ),
        "dogeza": _case(
            world,
            "客が店長に土下座を要求し、SNSに晒すと言った。",
            days=20,
            behaviors=("kneeling_demand", "threat"),
            severity=Severity.HIGH,
            verdict=Verdict.HARASSMENT,
            assignee=world.manager,
        ),
    }


def _found(user: User, query: str = "", **filters: Any) -> set[str]:
    found = search_cases(user, query, CaseFilters(**filters))
    return {c.narrative[:6] for c in found}


def _names(cases: dict[str, Case], *keys: str) -> set[str]:
    return {cases[k].narrative[:6] for k in keys}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("殺すぞ", ["threat"]),
        ("カウンター", ["threat"]),
        ("返金", ["complaint"]),  # two characters: below a trigram
        ("土下座", ["dogeza"]),
        ("refund", ["phone"]),
        ("REFUND operator", ["phone"]),
        ("refund 殺すぞ", []),
        ("店長 SNS", ["dogeza"]),
        ("客", ["dogeza"]),
        ('"quoted', []),
        ("存在しない言葉", []),
    ],
)
def test_it_finds_words_in_narratives_on_this_database(
    world: World, cases: dict[str, Case], query: str, expected: list[str]
) -> None:
    assert _found(world.desk, query) == _names(cases, *expected)


def test_it_keeps_the_search_index_in_step_with_edits(world: World, cases: dict[str, Case]) -> None:
    case = cases["complaint"]
    case.status = Status.REPORTED
    case.save(update_fields=["status"])
    update_facts(
        world.manager,
        case,
        expected_version=case.version,
        narrative="客が警備員を突き飛ばした。",
    )
    assert _found(world.desk, "突き飛ばし") == {"客が警備員を"}
    assert _found(world.desk, "初期不良") == set()
    case.delete()
    assert _found(world.desk, "突き飛ばし") == set()


def test_it_searches_only_within_what_the_user_may_read(
    world: World, cases: dict[str, Case]
) -> None:
    assert _found(world.manager, "refund") == set()
    assert _found(world.call_centre_staff, "refund") == _names(cases, "phone")
    assert _found(world.executive, "殺すぞ") == set()
    assert _found(world.other_staff, "") == set()


def test_it_filters_by_each_criterion(world: World, cases: dict[str, Case]) -> None:
    desk = world.desk
    assert _found(desk, site_id=world.call_centre.pk) == _names(cases, "phone")
    assert _found(desk, status=Status.CLOSED) == _names(cases, "complaint")
    assert _found(desk, open_only=True) == _names(cases, "threat", "phone", "dogeza")
    assert _found(desk, behavior="threat") == _names(cases, "threat", "dogeza")
    assert _found(desk, severity=Severity.HIGH) == _names(cases, "threat", "dogeza")
    assert _found(desk, verdict=Verdict.LEGITIMATE_COMPLAINT) == _names(cases, "complaint")
    assert _found(desk, assignee_id=world.manager.pk) == _names(cases, "dogeza")
    assert _found(desk, since=date(2026, 11, 6), until=date(2026, 11, 11)) == _names(
        cases, "phone", "complaint"
    )
    assert _found(desk, "殺すぞ", behavior="kneeling_demand") == set()


def test_it_lists_newest_first_in_pages(world: World) -> None:
    for day in range(30):
        _case(world, f"第{day}日の件", days=day)
    page = case_page(search_cases(world.desk), 1, per_page=25)
    assert page.paginator.count == 30
    assert page.object_list[0].occurred_at == BASE + timedelta(days=29)
    assert len(case_page(search_cases(world.desk), 2, per_page=25).object_list) == 5
    assert case_page(search_cases(world.desk), 99, per_page=25).number == 2


@pytest.mark.parametrize("persona", ["staff", "manager", "desk", "auditor"])
def test_it_lists_a_page_in_a_fixed_number_of_queries(
    world: World, persona: str, django_assert_max_num_queries: Any
) -> None:
    for day in range(40):
        _case(world, f"店内で大声を出された件 {day}", days=day, assignee=world.manager)
    user = world.persona(persona)
    with django_assert_max_num_queries(3):
        page = case_page(
            search_cases(user, "大声", CaseFilters(behavior="threat", open_only=True)), 1
        )
        list(page.object_list)
    with django_assert_max_num_queries(3):
        page = case_page(search_cases(user), 1)
        rows = [(c.site.name, c.assignee, c.reported_by.pk, c.customer) for c in page]
    assert len(rows) == 25


def test_it_keeps_the_sqlite_triggers_after_every_migration() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    assert {"cases_case_fts_ai", "cases_case_fts_ad", "cases_case_fts_au"} <= triggers


@pytest.mark.parametrize(
    ("narrative", "query"),
    [
        ("店のSNSに書き込むと言われた。", "SNS"),
        ("ACMEとBETA社の件で怒鳴られた。", "beta"),
        ("客がLINEで何度も連絡してきた", "line"),
        ("返金はPayPayで、と言い張った。", "paypay"),
    ],
)
def test_it_finds_latin_words_written_inside_japanese_text(
    world: World, narrative: str, query: str
) -> None:
    case = _case(world, narrative)
    assert {c.pk for c in search_cases(world.desk, query)} == {case.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_the_postgresql_search_uses_its_index(world: World, cases: dict[str, Case]) -> None:
    # With sequential scans priced out, the plan names the index only if the
    # query's expression is exactly the indexed one.
    query = apply_text_search(Case.objects.all(), "refund").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cases_case_fts_gin" in plan, plan
