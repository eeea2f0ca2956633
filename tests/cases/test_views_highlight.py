"""The template helpers of the case screens: highlighted quotes and labels."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from kasudesk.cases.context_processors import cases as cases_context
from kasudesk.cases.templatetags.cases_tags import (
    behavior_label,
    highlight_narrative,
    minutes_as_hours,
    narrative_spans,
    yen,
)
from tests.cases.test_views_support import report_case, sign_in
from tests.conftest import World


def quote(start: int, end: int, field: str = "narrative") -> dict[str, Any]:
    return {"id": "threat", "evidence": [{"field": field, "start": start, "end": end}]}


@pytest.mark.parametrize(
    ("narrative", "behaviors", "expected"),
    [
        ("殺すぞと言った", [quote(0, 3)], "<mark>殺すぞ</mark>と言った"),
        ("abc", [], "abc"),
        ("a<b>c", [quote(1, 4)], "a<mark>&lt;b&gt;</mark>c"),
        ("<script>x</script>", [], "&lt;script&gt;x&lt;/script&gt;"),
        ("abcdef", [quote(1, 3), quote(2, 5)], "a<mark>bcde</mark>f"),
        ("abcdef", [quote(4, 99)], "abcd<mark>ef</mark>"),
        ("abcdef", [quote(-5, 1)], "<mark>a</mark>bcdef"),
        ("abcdef", [quote(3, 3), quote(5, 2)], "abcdef"),
        ("abcdef", [quote(0, 2, field="transcript")], "abcdef"),
        (
            "abcdef",
            [{"id": "threat", "evidence": [{"field": "narrative", "start": "0"}]}],
            "abcdef",
        ),
    ],
)
def test_it_marks_only_valid_narrative_spans_and_escapes_the_rest(
    narrative: str, behaviors: list[dict[str, Any]], expected: str
) -> None:
    assert str(highlight_narrative(narrative, behaviors)) == expected


def test_it_merges_touching_spans() -> None:
    assert narrative_spans([quote(0, 2), quote(2, 4), quote(6, 7)], 10) == [(0, 4), (6, 7)]


@pytest.mark.parametrize(
    ("value", "expected"), [(0, "0:00"), (5, "0:05"), (90, "1:30"), (None, "0:00")]
)
def test_it_shows_minutes_as_hours(value: int | None, expected: str) -> None:
    assert minutes_as_hours(value) == expected


def test_it_formats_yen_and_labels() -> None:
    assert yen(1234567) == "¥1,234,567"
    assert behavior_label("no_such_behavior") == "no_such_behavior"


def test_it_escapes_the_narrative_on_the_case_page(client: Client, world: World) -> None:
    case = report_case(world.staff, world.store, narrative="<script>alert(1)</script>殺すぞ")
    sign_in(client, world.manager)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_runs_no_query_until_the_page_asks(world: World) -> None:
    request = RequestFactory().get("/")
    request.user = world.manager
    with CaptureQueriesContext(connection) as queries:
        context = cases_context(request)
    assert len(queries.captured_queries) == 0
    assert context["case_caps"]["manage_cases"] is True
    assert context["case_caps"]["ban_customers"] is False
    assert str(context["unread_notifications"]) == "0"
