"""Fixtures for the cases tests: a submitted case and a report builder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from kasudesk.accounts.models import User
from kasudesk.cases.actions import ReportInput, submit_incident
from kasudesk.cases.models import Case, Channel
from tests.conftest import World

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)

THREAT = (
    "レジで返品を断ったところ、客が「ふざけるな、殺すぞ」と怒鳴り、カウンターを叩いた。"
    "30分以上居座り、退去をお願いしても帰らなかった。"
)


@pytest.fixture(autouse=True)
def _own_media_root(settings: Any, tmp_path: Any) -> None:
    """Each test its own evidence folder, so that files can be counted."""
    settings.MEDIA_ROOT = tmp_path / "media"


def make_report(world: World, **overrides: Any) -> ReportInput:
    values: dict[str, Any] = {
        "site": world.store,
        "occurred_at": datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
        "channel": Channel.IN_PERSON,
        "narrative": THREAT,
        "summary": "返品を断られて激高",
        "facts": {"asked_to_leave": True, "left_after_request": False, "duration_minutes": 35},
    }
    values.update(overrides)
    return ReportInput(**values)


@pytest.fixture
def report_of(world: World) -> Callable[..., ReportInput]:
    def build(**overrides: Any) -> ReportInput:
        return make_report(world, **overrides)

    return build


@pytest.fixture
def submitted(world: World) -> Case:
    return submit_incident(world.staff, make_report(world), idempotency_key="k1", now=NOW)


def submit_as(user: User, world: World, key: str = "", **overrides: Any) -> Case:
    return submit_incident(user, make_report(world, **overrides), idempotency_key=key, now=NOW)
