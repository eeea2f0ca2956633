from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from kasudesk.audit.chain import Head, verify_chain
from kasudesk.audit.log import canonical_fields, compute_hash, log_action
from kasudesk.audit.models import AuditEvent
from kasudesk.cli import main
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def trail(world: World) -> list[AuditEvent]:
    return [
        log_action("case.created", actor=world.desk, target=world.store, data={"n": i})
        for i in range(5)
    ]


def _raw(sql: str, params: Sequence[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_it_accepts_an_intact_trail(trail: list[AuditEvent]) -> None:
    assert verify_chain() is None


def test_it_accepts_an_empty_trail(db: None) -> None:
    assert verify_chain() is None


def test_it_finds_data_altered_with_raw_sql(trail: list[AuditEvent]) -> None:
    _raw("UPDATE audit_auditevent SET data = %s WHERE sequence = 3", ['{"n": 99}'])
    assert verify_chain() == (
        "Entry #3 (case.created) was altered: its content no longer matches its hash."
    )


def test_it_finds_an_altered_actor(trail: list[AuditEvent], world: World) -> None:
    _raw("UPDATE audit_auditevent SET actor_id = %s WHERE sequence = 2", [world.staff.pk])
    problem = verify_chain()
    assert problem is not None
    assert problem.startswith("Entry #2 ")


def test_it_finds_a_removed_middle_entry(trail: list[AuditEvent]) -> None:
    _raw("DELETE FROM audit_auditevent WHERE sequence = 3", [])
    assert verify_chain() == "Entry #3 is missing: the entry before #4 was removed."


def test_it_finds_a_removed_first_entry(trail: list[AuditEvent]) -> None:
    _raw("DELETE FROM audit_auditevent WHERE sequence = 1", [])
    assert verify_chain() == "Entry #1 is missing: the entry before #2 was removed."


def test_it_finds_a_forged_entry_appended_with_a_wrong_link(trail: list[AuditEvent]) -> None:
    forged = AuditEvent(
        sequence=6, action="case.deleted", at=trail[-1].at, data={}, prev_hash="f" * 64
    )
    # The forger computes a consistent hash but cannot link it to the real chain.
    forged.hash = compute_hash(forged)
    forged.save()
    assert verify_chain() == (
        "Entry #6 (case.deleted) does not follow entry #5: an entry was inserted or replaced."
    )


def test_it_finds_a_forged_entry_with_a_made_up_hash(trail: list[AuditEvent]) -> None:
    _raw(
        "INSERT INTO audit_auditevent (sequence, action, actor_name, at, target_id, "
        "target_repr, user_agent, data, prev_hash, hash) "
        "VALUES (6, 'case.deleted', '', %s, '', '', '', '{}', %s, %s)",
        [trail[-1].at, trail[-1].hash, hashlib.sha256(b"forged").hexdigest()],
    )
    assert verify_chain() == (
        "Entry #6 (case.deleted) was altered: its content no longer matches its hash."
    )


def test_it_finds_a_replaced_entry(trail: list[AuditEvent]) -> None:
    # Replacing entry 3 with a self-consistent forgery breaks the link from 4.
    _raw("DELETE FROM audit_auditevent WHERE sequence = 3", [])
    forged = AuditEvent(
        sequence=3, action="case.created", at=trail[2].at, data={}, prev_hash=trail[1].hash
    )
    forged.hash = compute_hash(forged)
    forged.save()
    assert verify_chain() == (
        "Entry #4 (case.created) does not follow entry #3: an entry was inserted or replaced."
    )


def test_the_cli_exits_1_naming_the_entry(
    trail: list[AuditEvent], capsys: pytest.CaptureFixture[str]
) -> None:
    _raw("UPDATE audit_auditevent SET action = 'case.closed' WHERE sequence = 2", [])
    assert main(["verify-audit"]) == 1
    assert "Entry #2 (case.closed) was altered" in capsys.readouterr().err


def test_the_cli_exits_0_on_an_intact_trail(
    trail: list[AuditEvent], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify-audit"]) == 0
    assert "intact" in capsys.readouterr().out


def test_it_finds_a_chain_rewritten_without_the_audit_key(world: World) -> None:
    for number in range(3):
        log_action("case.note.added", actor=world.manager, data={"n": number})
    # Someone with write access to the database, but not the key, rewrites an
    # entry and recomputes every hash after it with plain SHA-256.
    trail = list(AuditEvent.objects.order_by("sequence"))
    previous = trail[0].hash
    with connection.cursor() as cursor:
        for event in trail[1:]:
            event.data = {"n": "rewritten"}
            event.prev_hash = previous
            canonical = json.dumps(
                canonical_fields(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False
            )
            digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
            cursor.execute(
                "UPDATE audit_auditevent SET data = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [json.dumps(event.data), previous, digest, event.pk],
            )
            previous = digest
    problem = verify_chain()
    assert problem is not None
    assert f"#{trail[1].sequence}" in problem


def test_an_anchor_finds_the_newest_entries_removed(
    trail: list[AuditEvent], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    anchors = tmp_path / "audit-anchors.jsonl"
    assert main(["verify-audit", "--anchor", str(anchors)]) == 0
    recorded = json.loads(anchors.read_text().splitlines()[-1])
    assert (recorded["sequence"], recorded["hash"]) == (5, trail[-1].hash)
    _raw("DELETE FROM audit_auditevent WHERE sequence >= 4", [])
    # Without the anchor the shorter trail is still a valid chain.
    assert verify_chain() is None
    capsys.readouterr()
    assert main(["verify-audit", "--anchor", str(anchors)]) == 1
    assert (
        "The trail ends at entry #3 but the anchor recorded entry #5: "
        "the newest entries were removed."
    ) in capsys.readouterr().err
    # A broken trail is never anchored.
    assert len(anchors.read_text().splitlines()) == 1


def test_an_anchor_finds_the_anchored_entry_replaced(trail: list[AuditEvent]) -> None:
    anchor = Head(5, "0" * 64)
    assert verify_chain(anchor) == (
        "Entry #5 differs from the anchored copy: the trail was rewritten from there on."
    )
    assert verify_chain(Head(5, trail[-1].hash)) is None
    assert verify_chain(Head(2, trail[1].hash)) is None


def test_the_anchor_file_grows_only_when_the_trail_does(
    trail: list[AuditEvent], world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    anchors = tmp_path / "anchors.jsonl"
    assert main(["verify-audit", "--anchor", str(anchors)]) == 0
    assert main(["verify-audit", "--anchor", str(anchors)]) == 0
    assert len(anchors.read_text().splitlines()) == 1
    log_action("case.closed", actor=world.desk, target=world.store)
    assert main(["verify-audit", "--anchor", str(anchors)]) == 0
    assert [json.loads(line)["sequence"] for line in anchors.read_text().splitlines()] == [5, 6]
    assert "head #6" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content", ["not json\n", '{"sequence": "5", "hash": "ab"}\n', '{"hash": "ab"}\n', "[1]\n"]
)
def test_a_broken_anchor_file_is_an_error_not_a_pass(
    trail: list[AuditEvent], tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    anchors = tmp_path / "anchors.jsonl"
    anchors.write_text(content)
    assert main(["verify-audit", "--anchor", str(anchors)]) == 2
    assert "anchors.jsonl, line 1" in capsys.readouterr().err
    assert anchors.read_text() == content
