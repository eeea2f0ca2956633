"""The customer registry: matching keys, repeat contact, warnings, bans, the counter lookup."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kasudesk.audit.models import AuditEvent
from kasudesk.cases.actions import (
    ban_customer,
    create_customer,
    issue_warning,
    lift_ban,
    link_customer,
    record_contact,
    set_customer_alert,
    update_customer,
)
from kasudesk.cases.customers import (
    CounterResult,
    lookup_for_counter,
    matching_customers,
    normalize_email,
    normalize_name,
    normalize_phone,
    repeat_status,
)
from kasudesk.cases.judging import repeat_threshold
from kasudesk.cases.models import Ban, Case, ContactLog, Customer, CustomerWarning, Notification
from kasudesk.judgment import load_policy
from tests.cases.conftest import NOW
from tests.conftest import World

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("090-1234-5678", "09012345678"),
        ("+81 90-1234-5678", "09012345678"),
        ("+81-3-1234-5678", "0312345678"),
        ("+81 (0)90 1234 5678", "09012345678"),
        ("0081 90 1234 5678", "09012345678"),
        ("０９０（１２３４）５６７８", "09012345678"),
        ("03.1234.5678", "0312345678"),
        ("+1 415 555 0100", "14155550100"),
        ("", ""),
    ],
)
def test_it_normalises_phone_numbers_for_matching(raw: str, key: str) -> None:
    assert normalize_phone(raw) == key


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Taro.Yamada@Example.JP ", "taro.yamada@example.jp"),
        ("ＡＢＣ@example.jp", "abc@example.jp"),
    ],
)
def test_it_lower_cases_e_mail_addresses(raw: str, key: str) -> None:
    assert normalize_email(raw) == key


def test_it_folds_names_for_exact_matching() -> None:
    assert normalize_name("山田　太郎") == normalize_name("山田太郎")
    assert normalize_name("Yamada Taro") == normalize_name("ｙａｍａｄａ taro")


def test_it_matches_customers_by_phone_e_mail_or_name(world: World) -> None:
    yamada = create_customer(
        world.desk, world.organization, name="山田 太郎", phone="+81 90-1111-2222"
    )
    sato = create_customer(world.desk, world.organization, email="Sato@Example.jp")
    create_customer(world.desk, world.other_organization, phone="090-1111-2222")

    org = world.organization.pk
    assert matching_customers(org, phone="09011112222") == [yamada]
    assert matching_customers(org, email="sato@example.JP") == [sato]
    assert matching_customers(org, name="山田太郎") == [yamada]
    assert matching_customers(org, name="山田") == []
    assert matching_customers(org, phone="2222") == []


def test_it_reads_the_repeat_threshold_from_the_sites_policy(world: World) -> None:
    for site in (world.store, world.call_centre):
        policy = load_policy(site.industry)
        assert repeat_threshold(site) == (policy.repeat_count, policy.repeat_days)


def test_it_flags_a_customer_at_the_policys_repeat_threshold(world: World) -> None:
    customer = create_customer(world.desk, world.organization, phone="090-0000-0001")
    count, days = repeat_threshold(world.store)
    start = NOW - timedelta(days=days) + timedelta(hours=1)
    for index in range(count - 1):
        record_contact(
            world.manager,
            customer,
            site=world.store,
            kind=ContactLog.Kind.CALL,
            at=start + timedelta(hours=index),
            duration_minutes=20,
            now=NOW,
        )
    assert not repeat_status(customer, world.store, now=NOW).is_repeat
    customer.refresh_from_db()
    assert customer.alert == Customer.Alert.NONE

    record_contact(
        world.manager,
        customer,
        site=world.store,
        kind=ContactLog.Kind.VISIT,
        at=NOW,
        duration_minutes=45,
        now=NOW,
    )
    status = repeat_status(customer, world.store, now=NOW)
    assert status.is_repeat
    assert status.count == count
    assert str(count) in status.suggested_response
    customer.refresh_from_db()
    assert customer.alert == Customer.Alert.REPEAT
    assert AuditEvent.objects.filter(action="customer.repeat.detected").count() == 1
    notified = set(
        Notification.objects.filter(kind=Notification.Kind.REPEAT_CONTACT).values_list(
            "recipient", flat=True
        )
    )
    assert {world.manager.pk, world.desk.pk} <= notified


def test_it_counts_only_contacts_inside_the_window(world: World) -> None:
    customer = create_customer(world.desk, world.organization, phone="090-0000-0002")
    count, days = repeat_threshold(world.store)
    for index in range(count + 2):
        record_contact(
            world.manager,
            customer,
            site=world.store,
            kind=ContactLog.Kind.CALL,
            at=NOW - timedelta(days=days + 1 + index),
            now=NOW,
        )
    assert repeat_status(customer, world.store, now=NOW).count == 0


def test_it_records_warnings_and_links_cases(world: World, submitted: Case) -> None:
    customer = create_customer(world.desk, world.organization, name="鈴木")
    link_customer(world.manager, submitted, customer, expected_version=submitted.version)
    warning = issue_warning(
        world.manager,
        customer,
        form=CustomerWarning.Form.WRITTEN,
        case=submitted,
        now=NOW,
    )
    assert list(customer.warnings.all()) == [warning]
    assert list(customer.cases.all()) == [submitted]
    with pytest.raises(PermissionDenied):
        issue_warning(world.staff, customer, form=CustomerWarning.Form.ORAL)


def test_it_bans_with_scope_dates_reason_and_decider(world: World, submitted: Case) -> None:
    customer = create_customer(world.desk, world.organization, name="田中")
    ban = ban_customer(
        world.desk,
        customer,
        scope=Ban.Scope.SITE,
        site=world.store,
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=365),
        review_on=TODAY + timedelta(days=180),
        reason="店員への脅迫と退去拒否",
        case=submitted,
        now=NOW,
    )
    assert (ban.decided_by, ban.scope, ban.site) == (world.desk, Ban.Scope.SITE, world.store)
    event = AuditEvent.objects.get(action="customer.banned")
    assert event.data["review_on"] == str(TODAY + timedelta(days=180))


@pytest.mark.parametrize("persona", ["staff", "manager", "executive", "auditor", "outsider"])
def test_it_lets_only_desk_counsel_and_admin_ban(world: World, persona: str) -> None:
    customer = create_customer(world.desk, world.organization)
    with pytest.raises(PermissionDenied):
        ban_customer(
            world.persona(persona),
            customer,
            scope=Ban.Scope.ORGANIZATION,
            site=None,
            starts_on=TODAY,
            reason="理由",
        )


def test_it_rejects_an_inconsistent_ban(world: World) -> None:
    customer = create_customer(world.desk, world.organization)
    cases = [
        {"scope": Ban.Scope.SITE, "site": None, "reason": "理由"},
        {"scope": Ban.Scope.ORGANIZATION, "site": world.store, "reason": "理由"},
        {"scope": Ban.Scope.ORGANIZATION, "site": None, "reason": " "},
    ]
    for values in cases:
        with pytest.raises(ValidationError):
            ban_customer(world.desk, customer, starts_on=TODAY, **values)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        ban_customer(
            world.desk,
            customer,
            scope=Ban.Scope.ORGANIZATION,
            site=None,
            starts_on=TODAY,
            ends_on=TODAY - timedelta(days=1),
            reason="理由",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Ban.objects.create(
            customer=customer,
            organization=world.organization,
            scope=Ban.Scope.SITE,
            starts_on=TODAY,
            reason="x",
            decided_by=world.desk,
            decided_at=NOW,
        )


def test_it_tells_the_counter_only_whether_there_is_a_ban_and_what_to_do(
    world: World,
) -> None:
    customer = create_customer(
        world.desk, world.organization, name="山田 太郎", phone="090-9999-0000", notes="機微な情報"
    )
    ban_customer(
        world.desk,
        customer,
        scope=Ban.Scope.ORGANIZATION,
        site=None,
        starts_on=TODAY - timedelta(days=1),
        reason="暴行",
    )

    for query in ("090 9999 0000", "+81 90-9999-0000", "山田太郎"):
        results = lookup_for_counter(world.staff, query, today=TODAY)
        assert len(results) == 1
        assert results[0].banned
        assert results[0].instruction
    assert [f.name for f in dataclasses.fields(CounterResult)] == [
        "banned",
        "alert",
        "instruction",
    ]
    assert "機微" not in results[0].instruction
    assert "暴行" not in results[0].instruction
    assert AuditEvent.objects.filter(action="customer.counter_lookup").count() == 3


def test_it_says_nothing_at_the_counter_about_customers_without_ban_or_alert(
    world: World,
) -> None:
    create_customer(world.desk, world.organization, name="普通 の客", phone="090-1212-3434")
    assert lookup_for_counter(world.staff, "090-1212-3434", today=TODAY) == []
    assert lookup_for_counter(world.staff, "", today=TODAY) == []


def test_it_shows_alerts_with_the_desks_instruction(world: World) -> None:
    customer = create_customer(world.desk, world.organization, email="loud@example.jp")
    set_customer_alert(
        world.desk,
        customer,
        alert=Customer.Alert.CAUTION,
        instruction="一人で対応せず、店長を呼んでください。",
    )
    [result] = lookup_for_counter(world.staff, "LOUD@example.jp", today=TODAY)
    assert (result.banned, result.alert) == (False, True)
    assert result.instruction == "一人で対応せず、店長を呼んでください。"


def test_it_ignores_bans_that_ended_were_lifted_or_cover_other_sites(world: World) -> None:
    ended = create_customer(world.desk, world.organization, phone="090-0000-1111")
    lifted = create_customer(world.desk, world.organization, phone="090-0000-2222")
    elsewhere = create_customer(world.desk, world.organization, phone="090-0000-3333")
    ban_customer(
        world.desk,
        ended,
        scope=Ban.Scope.ORGANIZATION,
        site=None,
        starts_on=TODAY - timedelta(days=30),
        ends_on=TODAY - timedelta(days=1),
        reason="期間満了",
    )
    ban = ban_customer(
        world.desk,
        lifted,
        scope=Ban.Scope.ORGANIZATION,
        site=None,
        starts_on=TODAY - timedelta(days=30),
        reason="解除予定",
    )
    with pytest.raises(ValidationError):
        lift_ban(world.desk, ban, reason="")
    lift_ban(world.desk, ban, reason="見直しの結果、解除")
    ban_customer(
        world.desk,
        elsewhere,
        scope=Ban.Scope.SITE,
        site=world.call_centre,
        starts_on=TODAY - timedelta(days=1),
        reason="コールセンターでの暴言",
    )
    for phone in ("090-0000-1111", "090-0000-2222", "090-0000-3333"):
        assert lookup_for_counter(world.staff, phone, today=TODAY) == []
    assert lookup_for_counter(world.call_centre_staff, "090-0000-3333", today=TODAY)[0].banned


def test_it_gives_the_counter_lookup_to_no_one_outside(world: World) -> None:
    customer = create_customer(world.desk, world.organization, phone="090-5555-6666")
    ban_customer(
        world.desk,
        customer,
        scope=Ban.Scope.ORGANIZATION,
        site=None,
        starts_on=TODAY,
        reason="理由",
    )
    for persona in ("outsider", "other_staff", "auditor"):
        assert lookup_for_counter(world.persona(persona), "090-5555-6666", today=TODAY) == []


def test_it_updates_a_customer_and_its_matching_keys(world: World) -> None:
    customer = create_customer(world.desk, world.organization, phone="090-1-1")
    update_customer(
        world.manager, customer, name="佐々木", phone="+81 80 2222 3333", email="", notes=""
    )
    customer.refresh_from_db()
    assert customer.phone_key == "08022223333"
    with pytest.raises(PermissionDenied):
        update_customer(world.staff, customer, name="x", phone="", email="", notes="")
