"""The case workflow: status, assignment, decisions, notes, statements, checklist."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kasudesk.audit.models import AuditEvent
from kasudesk.cases.actions import (
    add_case_action,
    add_note,
    add_statement,
    allowed_transitions,
    assign_case,
    change_status,
    complete_case_action,
    decide_case,
    plan_case_action,
    update_facts,
)
from kasudesk.cases.errors import ConflictError, TransitionError
from kasudesk.cases.letters import warning_letter_data
from kasudesk.cases.models import (
    Assessment,
    Case,
    CaseAction,
    Decision,
    Notification,
    Severity,
    Statement,
    Status,
    Verdict,
)
from kasudesk.cases.timeline import case_timeline
from tests.cases.conftest import NOW
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _walk(case: Case, user: Any, *statuses: str, **kwargs: Any) -> Case:
    for status in statuses:
        change_status(user, case, status, expected_version=case.version, **kwargs)
    return case


def test_it_walks_the_whole_workflow(world: World, submitted: Case) -> None:
    _walk(submitted, world.manager, Status.FACT_FINDING, Status.ASSESSED, Status.RESPONDING)
    _walk(submitted, world.manager, Status.MONITORING)
    change_status(
        world.manager,
        submitted,
        Status.CLOSED,
        expected_version=submitted.version,
        outcome="出入り禁止を通知し、その後の来店なし。",
        now=NOW,
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.CLOSED
    assert submitted.closed_at == NOW
    codes = list(
        AuditEvent.objects.filter(action="case.status.changed")
        .order_by("sequence")
        .values_list("data", flat=True)
    )
    assert [c["to"] for c in codes] == [
        "fact_finding",
        "assessed",
        "responding",
        "monitoring",
        "closed",
    ]


def test_it_refuses_a_transition_the_workflow_lacks(world: World, submitted: Case) -> None:
    assert Status.MONITORING not in allowed_transitions(submitted)
    with pytest.raises(TransitionError):
        change_status(
            world.manager, submitted, Status.MONITORING, expected_version=submitted.version
        )


def test_it_needs_an_outcome_to_close_and_a_reason_to_reopen(world: World, submitted: Case) -> None:
    with pytest.raises(ValidationError):
        change_status(world.manager, submitted, Status.CLOSED, expected_version=submitted.version)
    change_status(
        world.manager, submitted, Status.CLOSED, expected_version=submitted.version, outcome="解決"
    )
    with pytest.raises(ValidationError):
        change_status(
            world.manager, submitted, Status.RESPONDING, expected_version=submitted.version
        )
    change_status(
        world.manager,
        submitted,
        Status.RESPONDING,
        expected_version=submitted.version,
        note="同じ客が再来店した",
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.RESPONDING
    assert submitted.closed_at is None
    assert AuditEvent.objects.filter(action="case.reopened").count() == 1


@pytest.mark.parametrize("persona", ["staff", "executive", "auditor", "call_centre_staff"])
def test_it_lets_only_case_managers_change_status(
    world: World, submitted: Case, persona: str
) -> None:
    with pytest.raises(PermissionDenied):
        change_status(
            world.persona(persona),
            submitted,
            Status.FACT_FINDING,
            expected_version=submitted.version,
        )


def test_it_never_loses_an_update_between_two_managers(world: World, submitted: Case) -> None:
    seen_by_both = submitted.version
    change_status(world.manager, submitted, Status.FACT_FINDING, expected_version=seen_by_both)
    with pytest.raises(ConflictError):
        assign_case(world.desk, submitted, world.desk, expected_version=seen_by_both)
    submitted.refresh_from_db()
    assert submitted.assignee_id is None


def test_it_assigns_with_a_due_date_and_tells_the_assignee(world: World, submitted: Case) -> None:
    due = NOW + timedelta(days=3)
    assign_case(
        world.manager, submitted, world.desk, expected_version=submitted.version, due_at=due
    )
    submitted.refresh_from_db()
    assert submitted.assignee_id == world.desk.pk
    assert submitted.due_at == due
    assert Notification.objects.filter(
        recipient=world.desk, kind=Notification.Kind.CASE_ASSIGNED
    ).exists()


def test_it_refuses_to_assign_someone_who_cannot_handle_the_site(
    world: World, submitted: Case
) -> None:
    for person in (world.staff, world.executive, world.outsider):
        with pytest.raises(ValidationError):
            assign_case(world.manager, submitted, person, expected_version=submitted.version)


def test_it_records_a_confirmation_with_its_reason(world: World, submitted: Case) -> None:
    assessment = Assessment.objects.get(case=submitted)
    decision = decide_case(
        world.manager,
        submitted,
        expected_version=submitted.version,
        reason="防犯カメラの映像と同僚の証言で事実を確認した。",
    )
    assert decision.kind == Decision.Kind.CONFIRM
    assert (decision.verdict, decision.severity) == (assessment.verdict, assessment.severity)
    submitted.refresh_from_db()
    assert submitted.status == Status.ASSESSED
    event = AuditEvent.objects.get(action="case.decided")
    assert event.data["reason"].startswith("防犯カメラ")


def test_it_records_an_override_and_makes_it_effective(world: World, submitted: Case) -> None:
    decision = decide_case(
        world.desk,
        submitted,
        expected_version=submitted.version,
        verdict=Verdict.HARASSMENT,
        severity=Severity.LOW,
        reason="客はその後謝罪し、脅しの意図はなかったと確認した。",
    )
    assert decision.kind == Decision.Kind.OVERRIDE
    submitted.refresh_from_db()
    assert submitted.severity == Severity.LOW
    event = AuditEvent.objects.get(action="case.decided")
    assert event.data["assessed_severity"] != "low"


def test_it_requires_a_reason_for_every_decision(world: World, submitted: Case) -> None:
    with pytest.raises(ValidationError):
        decide_case(world.manager, submitted, expected_version=submitted.version, reason=" ")
    assert not Decision.objects.exists()


def test_it_lets_a_reassessment_supersede_an_older_decision(world: World, submitted: Case) -> None:
    decide_case(
        world.manager,
        submitted,
        expected_version=submitted.version,
        severity=Severity.LOW,
        reason="軽微と判断",
    )
    update_facts(
        world.manager,
        submitted,
        expected_version=submitted.version,
        facts={"weapon": True, "injury": True},
    )
    submitted.refresh_from_db()
    assert submitted.severity == Severity.CRITICAL
    assert Decision.objects.count() == 1


def test_it_adds_notes_and_statements_to_the_timeline(world: World, submitted: Case) -> None:
    add_note(world.manager, submitted, "映像を保全済み", now=NOW + timedelta(minutes=5))
    add_statement(
        world.staff,
        submitted,
        party=Statement.Party.EMPLOYEE,
        text="返品できない理由を説明したところ、急に怒鳴り始めました。",
        now=NOW + timedelta(minutes=10),
    )
    add_statement(
        world.manager,
        submitted,
        party=Statement.Party.WITNESS,
        speaker_name="同僚A",
        text="カウンターを叩く音が聞こえました。",
        now=NOW + timedelta(minutes=20),
    )
    timeline = case_timeline(submitted)
    kinds = [entry.kind for entry in timeline]
    assert kinds == ["draft_saved", "reported", "note_added", "statement_added", "statement_added"]
    assert timeline[2].note is not None
    assert timeline[2].note.text == "映像を保全済み"
    assert timeline[4].statement is not None
    assert timeline[4].statement.speaker_name == "同僚A"


def test_it_keeps_notes_to_case_managers(world: World, submitted: Case) -> None:
    with pytest.raises(PermissionDenied):
        add_note(world.staff, submitted, "自分のメモ")


def test_it_refuses_statements_from_people_outside_the_case(world: World, submitted: Case) -> None:
    for persona in ("call_centre_staff", "auditor", "executive"):
        with pytest.raises(PermissionDenied):
            add_statement(
                world.persona(persona), submitted, party=Statement.Party.OTHER, text="..."
            )


def test_it_works_the_checklist(world: World, submitted: Case) -> None:
    action = CaseAction.objects.filter(case=submitted).first()
    assert action is not None
    plan_case_action(world.manager, action, owner=world.manager, due_at=NOW + timedelta(days=1))
    with pytest.raises(ValidationError):
        complete_case_action(world.manager, action, state=CaseAction.State.NOT_APPLICABLE)
    complete_case_action(
        world.manager, action, state=CaseAction.State.NOT_APPLICABLE, note="該当せず", now=NOW
    )
    action.refresh_from_db()
    assert action.state == CaseAction.State.NOT_APPLICABLE
    assert action.completed_by_id == world.manager.pk
    own = add_case_action(world.manager, submitted, text_ja="本部へ報告する", owner=world.desk)
    complete_case_action(world.desk, own, state=CaseAction.State.DONE)
    own.refresh_from_db()
    assert own.state == CaseAction.State.DONE
    assert own.text("en") == "本部へ報告する"


def test_it_fills_the_warning_letter_in_both_languages(world: World, submitted: Case) -> None:
    ja = warning_letter_data(submitted, language="ja", signatory="店長 鈴木一郎")
    en = warning_letter_data(submitted, language="en", signatory="Store manager")
    assert ja.title == "警告書"
    assert "新宿店" in ja.paragraphs[0]
    assert "2026年11月20日" in ja.paragraphs[0]
    assert ja.recipient == "お客様"
    assert any("脅迫" in b for b in ja.behaviors)
    assert en.title == "Written warning"
    assert "20 November 2026" in en.paragraphs[0]
    assert en.signature_lines == [world.organization.name, "Store manager"]
    assert ja.reference.endswith(submitted.reference)


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_concurrent_updates_win(world: World) -> None:
    import threading

    from django.db import connections

    from tests.cases.conftest import make_report, submit_as

    case = submit_as(world.staff, world, facts=make_report(world).facts)
    seen = case.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(user_pk: int, summary: str) -> None:
        from kasudesk.accounts.models import User

        try:
            user = User.objects.get(pk=user_pk)
            mine = Case.objects.select_related("site").get(pk=case.pk)
            barrier.wait(timeout=10)
            update_facts(user, mine, expected_version=seen, summary=summary)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=edit, args=(world.manager.pk, "店長の修正")),
        threading.Thread(target=edit, args=(world.desk.pk, "窓口の修正")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["conflict", "saved"]
    case.refresh_from_db()
    assert case.version == seen + 1
