"""The case page: workflow, judgment and decision, statements, notes, checklist, costs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasudesk.cases.models import (
    Assessment,
    Case,
    CaseAction,
    Decision,
    MoneyEntry,
    Note,
    Statement,
    Status,
    TimeEntry,
)
from tests.cases.test_views_support import report_case, sign_in
from tests.conftest import World

READERS = ["staff", "manager", "desk", "counsel", "auditor", "admin"]
STRANGERS = ["executive", "outsider", "other_staff", "call_centre_staff"]


@pytest.fixture
def case(world: World) -> Case:
    return report_case(
        world.staff, world.store, facts={"asked_to_leave": True, "left_after_request": False}
    )


@pytest.mark.parametrize("persona", READERS)
def test_it_shows_the_case_to_those_who_may_read_it(
    client: Client, world: World, case: Case, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    assert case.reference in response.content.decode()


@pytest.mark.parametrize("persona", STRANGERS)
def test_it_hides_the_case_from_everyone_else(
    client: Client, world: World, case: Case, persona: str
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_it_highlights_the_quoted_words_in_the_narrative(
    client: Client, world: World, case: Case
) -> None:
    sign_in(client, world.manager)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assessment = Assessment.objects.get(case=case)
    quotes = [
        item["text"]
        for behavior in assessment.behaviors
        for item in behavior.get("evidence", [])
        if item.get("field") == "narrative"
    ]
    assert quotes, "the threat should be found in the narrative"
    assert f"<mark>{quotes[0]}</mark>" in page


def test_it_shows_internal_notes_only_to_those_who_manage_the_case(
    client: Client, world: World, case: Case
) -> None:
    sign_in(client, world.manager)
    client.post(f"/cases/{case.pk}/notes/", {"text": "店長メモ：防犯カメラ確認済み"})
    assert Note.objects.filter(case=case).count() == 1
    assert "防犯カメラ確認済み" in client.get(f"/cases/{case.pk}/").content.decode()
    sign_in(client, world.staff)
    assert "防犯カメラ確認済み" not in client.get(f"/cases/{case.pk}/").content.decode()


@pytest.mark.parametrize(("persona", "status"), [("staff", 403), ("auditor", 403)])
def test_it_refuses_notes_from_readers_who_cannot_manage(
    client: Client, world: World, case: Case, persona: str, status: int
) -> None:
    sign_in(client, world.persona(persona))
    assert client.post(f"/cases/{case.pk}/notes/", {"text": "x"}).status_code == status
    assert not Note.objects.exists()


def test_it_moves_the_case_through_the_workflow_and_reopens_it(
    client: Client, world: World, case: Case
) -> None:
    sign_in(client, world.manager)
    response = client.post(
        f"/cases/{case.pk}/status/", {"status": "fact_finding", "version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.FACT_FINDING
    client.post(
        f"/cases/{case.pk}/status/",
        {"status": "closed", "version": case.version, "note": "謝罪なしで終了"},
    )
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Reopen as" in page
    refused = client.post(
        f"/cases/{case.pk}/status/", {"status": "responding", "version": case.version}
    )
    assert refused.status_code == 400
    assert "reason for reopening" in refused.content.decode()
    client.post(
        f"/cases/{case.pk}/status/",
        {"status": "responding", "version": case.version, "note": "再来店があった"},
    )
    case.refresh_from_db()
    assert case.status == Status.RESPONDING


@pytest.mark.parametrize(
    ("persona", "status"),
    [("staff", 403), ("auditor", 403), ("outsider", 404), ("call_centre_staff", 404)],
)
def test_it_refuses_status_changes_from_others(
    client: Client, world: World, case: Case, persona: str, status: int
) -> None:
    sign_in(client, world.persona(persona))
    response = client.post(
        f"/cases/{case.pk}/status/", {"status": "fact_finding", "version": case.version}
    )
    assert response.status_code == status
    case.refresh_from_db()
    assert case.status == Status.REPORTED


def test_it_keeps_the_input_and_says_so_on_a_conflict(
    client: Client, world: World, case: Case
) -> None:
    sign_in(client, world.manager)
    stale = case.version
    client.post(f"/cases/{case.pk}/status/", {"status": "fact_finding", "version": stale})
    response = client.post(
        f"/cases/{case.pk}/decide/",
        {
            "version": stale,
            "kind": "override",
            "verdict": "harassment",
            "severity": "low",
            "reason": "上書きの理由をここに丁寧に書いた",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this case" in page
    assert "上書きの理由をここに丁寧に書いた" in page
    assert not Decision.objects.exists()
    case.refresh_from_db()
    assert f'name="version" value="{case.version}"' in page.split('class="card decision-form"')[1]
    # Sent again after a look, the same input now goes through.
    again = client.post(
        f"/cases/{case.pk}/decide/",
        {
            "version": case.version,
            "kind": "override",
            "verdict": "harassment",
            "severity": "low",
            "reason": "上書きの理由をここに丁寧に書いた",
        },
    )
    assert again.status_code == 302
    assert Decision.objects.get().severity == "low"


def test_it_overrides_the_severity_with_a_reason(client: Client, world: World, case: Case) -> None:
    sign_in(client, world.manager)
    response = client.post(
        f"/cases/{case.pk}/decide/",
        {
            "version": case.version,
            "kind": "override",
            "verdict": "harassment",
            "severity": "medium",
            "reason": "防犯カメラで確認したところ、脅しの言葉は冗談めかしたものだった",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.kind == Decision.Kind.OVERRIDE
    assert decision.severity == "medium"
    case.refresh_from_db()
    assert case.severity == "medium"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "防犯カメラで確認したところ、脅しの言葉は冗談めかしたものだった" in page


def test_it_confirms_the_assessment_without_changing_it(
    client: Client, world: World, case: Case
) -> None:
    sign_in(client, world.desk)
    client.post(
        f"/cases/{case.pk}/decide/",
        {
            "version": case.version,
            "kind": "confirm",
            "verdict": "legitimate_complaint",
            "severity": "none",
            "reason": "内容を確認した",
        },
    )
    decision = Decision.objects.get()
    assert decision.kind == Decision.Kind.CONFIRM
    assert decision.severity == case.severity


def test_it_requires_a_reason_for_a_decision(client: Client, world: World, case: Case) -> None:
    sign_in(client, world.manager)
    response = client.post(
        f"/cases/{case.pk}/decide/",
        {"version": case.version, "kind": "override", "verdict": "harassment", "severity": "low"},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Decision.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("staff", 403), ("auditor", 403)])
def test_it_refuses_decisions_from_those_who_cannot_decide(
    client: Client, world: World, case: Case, persona: str, status: int
) -> None:
    sign_in(client, world.persona(persona))
    response = client.post(
        f"/cases/{case.pk}/decide/",
        {
            "version": case.version,
            "kind": "confirm",
            "verdict": "harassment",
            "severity": "low",
            "reason": "x",
        },
    )
    assert response.status_code == status


def test_it_judges_again_and_keeps_the_history(client: Client, world: World, case: Case) -> None:
    sign_in(client, world.manager)
    response = client.post(f"/cases/{case.pk}/reassess/", {"version": case.version})
    assert response.status_code == 302
    assert Assessment.objects.filter(case=case).count() == 2
    assert "History of the judgment" in client.get(f"/cases/{case.pk}/").content.decode()


def test_it_saves_changed_facts_and_judges_again(client: Client, world: World, case: Case) -> None:
    sign_in(client, world.manager)
    response = client.post(
        f"/cases/{case.pk}/facts/",
        {
            "version": case.version,
            "narrative": case.narrative,
            "fact_weapon": "yes",
            "fact_injury": "unknown",
            "claim_validity": "invalid",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.facts["weapon"] is True
    assert "injury" not in case.facts
    assert Assessment.objects.filter(case=case).count() == 2


def test_it_lets_the_reporter_add_a_statement(client: Client, world: World, case: Case) -> None:
    sign_in(client, world.staff)
    response = client.post(
        f"/cases/{case.pk}/statements/",
        {
            "party": "employee",
            "speaker_name": "佐藤",
            "taken_at": "2026-11-20T12:00",
            "text": "怖くて動けませんでした。",
        },
    )
    assert response.status_code == 302
    assert Statement.objects.get().party == "employee"


def test_it_refuses_statements_from_readers_who_cannot_contribute(
    client: Client, world: World, case: Case
) -> None:
    sign_in(client, world.auditor)
    response = client.post(
        f"/cases/{case.pk}/statements/",
        {"party": "witness", "taken_at": "2026-11-20T12:00", "text": "x"},
    )
    assert response.status_code == 403


def test_it_assigns_the_case_with_a_due_date(client: Client, world: World, case: Case) -> None:
    sign_in(client, world.manager)
    response = client.post(
        f"/cases/{case.pk}/assign/",
        {"version": case.version, "assignee": world.desk.pk, "due_on": "2026-12-01"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == world.desk
    assert case.due_at is not None


def test_it_refuses_an_assignee_who_cannot_handle_cases(
    client: Client, world: World, case: Case
) -> None:
    sign_in(client, world.manager)
    response = client.post(
        f"/cases/{case.pk}/assign/", {"version": case.version, "assignee": world.staff.pk}
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assignee is None


def test_it_updates_a_checklist_step_as_an_htmx_fragment(
    client: Client, world: World, case: Case
) -> None:
    item = CaseAction.objects.filter(case=case).first()
    assert item is not None
    sign_in(client, world.manager)
    prefix = f"action-{item.pk}"
    response = client.post(
        f"/cases/checklist/{item.pk}/",
        {f"{prefix}-state": "done", f"{prefix}-note": "", f"{prefix}-owner": world.manager.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<li")
    assert "<html" not in body
    item.refresh_from_db()
    assert item.state == CaseAction.State.DONE
    assert item.owner == world.manager


def test_it_needs_a_note_to_mark_a_step_not_applicable(
    client: Client, world: World, case: Case
) -> None:
    item = CaseAction.objects.filter(case=case).first()
    assert item is not None
    sign_in(client, world.manager)
    prefix = f"action-{item.pk}"
    response = client.post(
        f"/cases/checklist/{item.pk}/",
        {f"{prefix}-state": "not_applicable", f"{prefix}-note": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.state == CaseAction.State.OPEN


@pytest.mark.parametrize(
    ("persona", "status"), [("staff", 403), ("auditor", 403), ("outsider", 404)]
)
def test_it_refuses_checklist_changes_from_others(
    client: Client, world: World, case: Case, persona: str, status: int
) -> None:
    item = CaseAction.objects.filter(case=case).first()
    assert item is not None
    sign_in(client, world.persona(persona))
    prefix = f"action-{item.pk}"
    response = client.post(f"/cases/checklist/{item.pk}/", {f"{prefix}-state": "done"})
    assert response.status_code == status


def test_it_records_time_and_money_and_shows_the_totals(
    client: Client, world: World, case: Case
) -> None:
    sign_in(client, world.manager)
    client.post(
        f"/cases/{case.pk}/time/",
        {"activity": "on_site_response", "minutes": "90", "on": "2026-11-20"},
    )
    client.post(
        f"/cases/{case.pk}/money/",
        {"category": "lost_sales", "amount_yen": "12000", "on": "2026-11-20"},
    )
    assert TimeEntry.objects.get().minutes == 90
    assert MoneyEntry.objects.get().amount_yen == 12000
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "1:30" in page
    assert "¥12,000" in page
    assert "On-site response: 1:30" in page
    assert "Lost sales: ¥12,000" in page


def test_it_refuses_costs_from_the_reporter(client: Client, world: World, case: Case) -> None:
    sign_in(client, world.staff)
    response = client.post(
        f"/cases/{case.pk}/time/",
        {"activity": "on_site_response", "minutes": "90", "on": "2026-11-20"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(("language", "title"), [("ja", "警告書"), ("en", "Written warning")])
def test_it_prints_a_warning_letter_in_japanese_and_english(
    client: Client, world: World, case: Case, language: str, title: str
) -> None:
    sign_in(client, world.manager)
    page = client.get(f"/cases/{case.pk}/letter/?lang={language}").content.decode()
    assert title in page
    assert case.reference in page
    assert "print.js" in page


@pytest.mark.parametrize(("persona", "status"), [("staff", 403), ("outsider", 404)])
def test_it_keeps_the_letter_from_those_who_cannot_manage(
    client: Client, world: World, case: Case, persona: str, status: int
) -> None:
    sign_in(client, world.persona(persona))
    assert client.get(f"/cases/{case.pk}/letter/").status_code == status


def test_it_shows_the_case_page_in_a_bounded_number_of_queries(
    client: Client, world: World, case: Case, django_assert_max_num_queries: object
) -> None:
    sign_in(client, world.manager)
    with CaptureQueriesContext(connection) as before:
        client.get(f"/cases/{case.pk}/")
    for number in range(3):
        client.post(f"/cases/{case.pk}/notes/", {"text": f"note {number}"})
        client.post(
            f"/cases/{case.pk}/statements/",
            {"party": "witness", "taken_at": "2026-11-20T12:00", "text": f"seen {number}"},
        )
        client.post(
            f"/cases/{case.pk}/time/",
            {"activity": "phone_support", "minutes": "5", "on": "2026-11-20"},
        )
    with django_assert_max_num_queries(45):  # type: ignore[operator]
        assert client.get(f"/cases/{case.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as after:
        client.get(f"/cases/{case.pk}/")
    # More rows on the page, not more queries.
    assert len(after.captured_queries) == len(before.captured_queries)


WRITE_ENDPOINTS = ["status", "assign", "notes", "decide", "reassess", "facts", "time", "money"]


@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("staff", 403),
        ("auditor", 403),
        ("executive", 404),
        ("outsider", 404),
        ("other_staff", 404),
        ("call_centre_staff", 404),
    ],
)
def test_it_answers_every_change_with_the_exact_refusal(
    client: Client, world: World, case: Case, *, endpoint: str, persona: str, status: int
) -> None:
    sign_in(client, world.persona(persona))
    before = case.version
    response = client.post(f"/cases/{case.pk}/{endpoint}/", {"version": before})
    assert response.status_code == status
    case.refresh_from_db()
    assert case.version == before


@pytest.mark.parametrize("endpoint", ["status", "decide", "notes", "statements"])
def test_it_accepts_only_posts_for_changes(
    client: Client, world: World, case: Case, endpoint: str
) -> None:
    sign_in(client, world.manager)
    assert client.get(f"/cases/{case.pk}/{endpoint}/").status_code == 405


def test_it_shows_offences_with_the_state_of_each_element(
    client: Client, world: World, case: Case
) -> None:
    assessment = Assessment.objects.get(case=case)
    assert assessment.offenses, "a threat to kill should suggest an offence"
    sign_in(client, world.manager)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    offense = assessment.offenses[0]
    assert offense["name"]["en"] in page
    for element in offense["elements"]:
        assert f'class="element-{element["status"]}"' in page
    for action in assessment.recommended_actions[:1]:
        assert action["text"]["en"] in page
