"""Reporting: drafts, submission, idempotency, judgment, alerts, changed facts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from kasudesk.audit.models import AuditEvent
from kasudesk.cases.actions import (
    NewCustomer,
    ReportInput,
    reassess_case,
    save_draft,
    submit_incident,
    update_facts,
)
from kasudesk.cases.errors import ConflictError
from kasudesk.cases.judging import incident_input, repeat_threshold
from kasudesk.cases.models import (
    Assessment,
    Case,
    CaseAction,
    CaseBehavior,
    Customer,
    Notification,
    Severity,
    Status,
    Verdict,
)
from tests.cases.conftest import NOW
from tests.conftest import World

pytestmark = pytest.mark.django_db

Report = Callable[..., ReportInput]


def test_it_submits_a_report_judged_by_the_core(world: World, report_of: Report) -> None:
    case = submit_incident(world.staff, report_of(), idempotency_key="a", now=NOW)

    assert case.status == Status.REPORTED
    assert case.reported_at == NOW
    assert case.verdict == Verdict.HARASSMENT
    assert case.severity in (Severity.HIGH, Severity.CRITICAL)
    assessment = Assessment.objects.get(case=case)
    assert assessment.reason == Assessment.Reason.REPORTED
    assert assessment.input == incident_input(case)
    assert assessment.output["verdict"] == case.verdict
    behaviors = set(CaseBehavior.objects.filter(case=case).values_list("behavior", flat=True))
    assert "threat" in behaviors
    assert {b["id"] for b in assessment.behaviors} >= behaviors


def test_it_seeds_the_checklist_from_the_playbook(world: World, report_of: Report) -> None:
    case = submit_incident(world.staff, report_of(), now=NOW)

    expected = [a["id"] for a in Assessment.objects.get(case=case).recommended_actions]
    actions = list(CaseAction.objects.filter(case=case))
    assert expected
    assert sorted(a.action_id for a in actions) == sorted(expected)
    assert all(a.text_ja and a.text_en for a in actions)
    assert all(a.state == CaseAction.State.OPEN for a in actions)


def test_it_never_makes_two_cases_from_one_idempotency_key(world: World, report_of: Report) -> None:
    first = submit_incident(world.staff, report_of(), idempotency_key="tap", now=NOW)
    again = submit_incident(world.staff, report_of(narrative="別の文"), idempotency_key="tap")

    assert again.pk == first.pk
    assert again.narrative == first.narrative
    assert Case.objects.count() == 1
    assert Assessment.objects.count() == 1


def test_it_keeps_keys_apart_per_reporter(world: World, report_of: Report) -> None:
    submit_incident(world.staff, report_of(), idempotency_key="same", now=NOW)
    submit_incident(world.manager, report_of(), idempotency_key="same", now=NOW)

    assert Case.objects.count() == 2


def test_it_saves_a_draft_then_submits_it_under_the_same_key(
    world: World, report_of: Report
) -> None:
    draft = save_draft(world.staff, report_of(narrative=""), idempotency_key="d", now=NOW)
    assert draft.status == Status.DRAFT
    assert not Assessment.objects.exists()

    again = save_draft(world.staff, report_of(narrative="途中まで"), idempotency_key="d", now=NOW)
    assert again.pk == draft.pk
    assert again.narrative == "途中まで"

    case = submit_incident(world.staff, report_of(), idempotency_key="d", now=NOW)
    assert case.pk == draft.pk
    assert case.status == Status.REPORTED
    assert Case.objects.count() == 1


def test_it_refuses_to_submit_a_report_without_a_narrative(world: World, report_of: Report) -> None:
    with pytest.raises(ValidationError):
        submit_incident(world.staff, report_of(narrative="  "), now=NOW)
    assert not Case.objects.exists()


def test_it_refuses_a_report_from_someone_without_the_site(world: World, report_of: Report) -> None:
    for user in (world.call_centre_staff, world.outsider, world.executive, world.auditor):
        with pytest.raises(PermissionDenied):
            submit_incident(user, report_of(), now=NOW)


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"injury": "yes"}, "yes or no"),
        ({"duration_minutes": -1}, "whole number"),
        ({"demands": ["castle"]}, "Unknown demand"),
        ({"colour": "red"}, "Unknown fact"),
        ({"demands": "refund_or_exchange"}, "must be a list"),
        ({"contacts": 5}, "count and a number"),
        ({"contacts": {"count": 2}}, "count and a number"),
    ],
)
def test_it_rejects_malformed_facts(
    world: World, report_of: Report, facts: dict[str, Any], message: str
) -> None:
    # Outside a request the default language (Japanese) applies; read the English.
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        submit_incident(world.staff, report_of(facts=facts), now=NOW)


def test_it_drops_unknown_facts_instead_of_storing_false(world: World, report_of: Report) -> None:
    case = submit_incident(
        world.staff, report_of(facts={"injury": None, "weapon": False, "demands": []}), now=NOW
    )
    assert case.facts == {"weapon": False}


def test_it_rejects_an_incident_in_the_future(world: World, report_of: Report) -> None:
    with pytest.raises(ValidationError):
        submit_incident(world.staff, report_of(occurred_at=NOW + timedelta(hours=2)), now=NOW)


def test_it_links_a_new_customer_by_phone_to_the_registered_one(
    world: World, report_of: Report
) -> None:
    first = submit_incident(
        world.staff, report_of(new_customer=NewCustomer(phone="+81 90-1234-5678")), now=NOW
    )
    second = submit_incident(
        world.staff,
        report_of(new_customer=NewCustomer(name="山田", phone="090(1234)5678")),
        now=NOW,
    )
    assert first.customer is not None
    assert second.customer_id == first.customer.pk
    assert Customer.objects.count() == 1


def test_it_alerts_managers_and_desk_in_app_and_by_mail(
    world: World,
    report_of: Report,
    django_capture_on_commit_callbacks: Any,
) -> None:
    world.desk.preferred_language = "en"
    world.desk.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        case = submit_incident(world.staff, report_of(), now=NOW)

    recipients = set(Notification.objects.filter(case=case).values_list("recipient", flat=True))
    assert {world.manager.pk, world.desk.pk} <= recipients
    assert world.staff.pk not in recipients
    assert world.call_centre_staff.pk not in recipients
    by_address = {m.to[0]: m for m in mail.outbox}
    assert world.manager.email in by_address
    assert world.desk.email in by_address
    assert f"/cases/{case.pk}/" in by_address[world.desk.email].body
    assert case.narrative not in by_address[world.manager.email].body
    assert Notification.objects.filter(emailed_at__isnull=True, case=case).count() == 0


def test_it_marks_critical_reports_for_a_prominent_alert(world: World, report_of: Report) -> None:
    case = submit_incident(
        world.staff,
        report_of(
            narrative="客が包丁を取り出して「殺すぞ」と叫び、店員の腕を切りつけた。",
            facts={"weapon": True, "injury": True, "physical_contact": True},
        ),
        now=NOW,
    )
    assert case.severity == Severity.CRITICAL
    kinds = set(Notification.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == {Notification.Kind.CASE_CRITICAL}
    assert Notification.objects.filter(case=case, recipient=world.counsel).exists()


def test_it_writes_the_report_to_the_audit_trail(world: World, report_of: Report) -> None:
    case = submit_incident(world.staff, report_of(), now=NOW)

    event = AuditEvent.objects.get(action="case.reported")
    assert event.actor_id == world.staff.pk
    assert event.target_id == str(case.pk)
    assert event.organization_id == world.organization.pk
    assert event.data["severity"] == case.severity


def test_it_reassesses_when_facts_change_and_keeps_the_history(
    world: World, report_of: Report
) -> None:
    case = submit_incident(
        world.staff,
        report_of(narrative="商品の不具合について強い口調で返金を求められた。", facts={}),
        now=NOW,
    )
    before = case.version
    later = NOW + timedelta(hours=1)
    updated = update_facts(
        world.manager,
        case,
        expected_version=before,
        narrative="返金を断ると「殺すぞ」と脅された。",
        facts={"claim_validity": "invalid"},
        now=later,
    )

    assert updated.version == before + 1
    assert case.version == before + 1  # the caller's instance follows
    history = list(Assessment.objects.filter(case=case).order_by("created_at"))
    assert [a.reason for a in history] == [
        Assessment.Reason.REPORTED,
        Assessment.Reason.FACTS_CHANGED,
    ]
    assert updated.verdict == Verdict.HARASSMENT
    assert "threat" in set(updated.behavior_rows.values_list("behavior", flat=True))
    assert AuditEvent.objects.filter(action="case.facts.changed").count() == 1


def test_it_raises_a_conflict_when_the_case_changed_meanwhile(
    world: World, submitted: Case
) -> None:
    stale = submitted.version
    update_facts(world.manager, submitted, expected_version=stale, summary="一人目の変更")

    with pytest.raises(ConflictError) as error:
        update_facts(world.desk, submitted, expected_version=stale, summary="二人目の変更")
    assert error.value.expected == stale
    assert error.value.actual == stale + 1
    submitted.refresh_from_db()
    assert submitted.summary == "一人目の変更"


def test_it_reassesses_on_request_without_changing_facts(world: World, submitted: Case) -> None:
    assessment = reassess_case(
        world.desk, submitted, expected_version=submitted.version, now=NOW + timedelta(days=1)
    )
    assert assessment.reason == Assessment.Reason.REQUESTED
    assert Assessment.objects.filter(case=submitted).count() == 2


def test_it_keeps_the_occurrence_time_aware(world: World, report_of: Report) -> None:
    case = submit_incident(
        world.staff, report_of(occurred_at=datetime(2026, 11, 19, 9, 0, tzinfo=UTC)), now=NOW
    )
    case.refresh_from_db()
    assert case.occurred_at == datetime(2026, 11, 19, 9, 0, tzinfo=UTC)


def test_it_counts_contacts_from_the_registry_when_the_report_does_not(
    world: World, report_of: Report
) -> None:
    from kasudesk.cases.actions import create_customer, record_contact
    from kasudesk.cases.models import ContactLog

    customer = create_customer(world.desk, world.organization, phone="090-7777-8888")
    for hours in (1, 30, 60, 200):
        record_contact(
            world.manager,
            customer,
            site=world.store,
            kind=ContactLog.Kind.CALL,
            at=NOW - timedelta(hours=hours),
            now=NOW,
        )
    counted = submit_incident(world.staff, report_of(customer=customer, facts={}), now=NOW)
    told = submit_incident(
        world.staff,
        report_of(customer=customer, facts={"contacts": {"count": 1, "days": 1}}),
        now=NOW,
    )
    # The incident was an hour before NOW; retail counts the 7 days before it,
    # which leaves out the contact 200 hours back.
    assert repeat_threshold(world.store)[1] == 7
    assert Assessment.objects.get(case=counted).input["facts"]["contacts"] == {
        "count": 3,
        "days": 7,
    }
    assert Assessment.objects.get(case=told).input["facts"]["contacts"] == {"count": 1, "days": 1}


def test_it_returns_the_winner_when_a_retry_races_past_the_key_check(
    world: World, report_of: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kasudesk.cases.actions import reports

    first = submit_incident(world.staff, report_of(), idempotency_key="race", now=NOW)
    real_existing = reports._existing
    calls: list[str] = []

    def blind_once(actor: Any, key: str) -> Case | None:
        # The other request's row is not visible yet at the first check.
        calls.append(key)
        return None if len(calls) == 1 else real_existing(actor, key)

    monkeypatch.setattr(reports, "_existing", blind_once)
    again = submit_incident(world.staff, report_of(), idempotency_key="race", now=NOW)

    assert again.pk == first.pk
    assert Case.objects.count() == 1
    assert Assessment.objects.count() == 1
