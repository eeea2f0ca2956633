from __future__ import annotations

import pytest

from kasudesk.audit.log import MASK, compute_hash, log_action, mask_secrets
from kasudesk.audit.models import GENESIS_HASH, AppendOnlyError, AuditEvent
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"password": "hunter2"}, {"password": MASK}),
        ({"new_password1": "x"}, {"new_password1": MASK}),
        ({"api_key": "k", "apiKey": "k"}, {"api_key": MASK, "apiKey": MASK}),
        ({"otp": "123456", "backup_code": "abc"}, {"otp": MASK, "backup_code": MASK}),
        (
            {"access_token": "t", "client_secret": "s"},
            {"access_token": MASK, "client_secret": MASK},
        ),
        ({"username": "desk", "status": "open"}, {"username": "desk", "status": "open"}),
        ({"nested": {"token": "t", "ok": 1}}, {"nested": {"token": MASK, "ok": 1}}),
        ({"items": [{"secret": "s"}, {"name": "n"}]}, {"items": [{"secret": MASK}, {"name": "n"}]}),
        ({"keyboard": "jis"}, {"keyboard": "jis"}),
    ],
)
def test_it_masks_secret_keys_at_any_depth(data: dict[str, object], expected: object) -> None:
    assert mask_secrets(data) == expected


def test_it_chains_each_entry_to_the_previous_one(world: World) -> None:
    first = log_action("test.first", actor=world.desk, data={"a": 1})
    second = log_action("test.second", actor=None, target=world.store)
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    stored = AuditEvent.objects.get(pk=second.pk)
    assert compute_hash(stored) == stored.hash


def test_it_records_actor_target_and_request(world: World, rf: object) -> None:
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_USER_AGENT="pytest", REMOTE_ADDR="192.0.2.7")
    event = log_action(
        "site.renamed",
        actor=world.admin,
        target=world.store,
        organization_id=world.organization.pk,
        data={"password": "never", "name": "新宿店"},
        request=request,
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_name == "山本 翔"
    assert stored.target_repr == "新宿店"
    assert stored.target_id == str(world.store.pk)
    assert stored.ip_address == "192.0.2.7"
    assert stored.user_agent == "pytest"
    assert stored.data == {"password": MASK, "name": "新宿店"}
    assert stored.at.utcoffset() is not None
    assert compute_hash(stored) == stored.hash


def test_it_stores_non_json_values_as_their_hashed_text(world: World) -> None:
    from datetime import UTC, datetime

    event = log_action("x.y", actor=None, data={"when": datetime(2026, 1, 2, tzinfo=UTC)})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.data == {"when": "2026-01-02T00:00:00Z"}
    assert compute_hash(stored) == stored.hash


def test_it_refuses_updates_and_deletes(world: World) -> None:
    event = log_action("x.y", actor=None)
    event.action = "x.z"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x.z")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "x.y"


def test_it_rolls_back_with_the_change_it_records(world: World) -> None:
    from django.db import transaction

    log_action("x.kept", actor=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        log_action("x.undone", actor=None)
        raise RuntimeError
    following = log_action("x.after", actor=None)
    assert not AuditEvent.objects.filter(action="x.undone").exists()
    assert following.sequence == 2
    assert following.prev_hash == AuditEvent.objects.get(action="x.kept").hash


def test_it_treats_an_anonymous_actor_as_the_system(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    event = log_action("x.y", actor=AnonymousUser())  # type: ignore[arg-type]
    assert event.actor is None
    assert event.actor_name == ""


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    from kasudesk.audit.chain import verify_chain

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the advisory lock under test exists only there")

    def append(worker: int) -> None:
        try:
            for i in range(10):
                log_action("x.concurrent", actor=None, data={"worker": worker, "i": i})
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(append, range(8)))
    assert AuditEvent.objects.count() == 80
    assert verify_chain() is None
