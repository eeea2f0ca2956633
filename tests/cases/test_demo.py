"""``load_demo``: a realistic organisation, loaded once, through the actions."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from kasudesk.accounts.models import Membership, Organization, Role, User
from kasudesk.audit.models import AuditEvent
from kasudesk.cases.demo import DEMO_ORGANIZATION
from kasudesk.cases.models import (
    Assessment,
    Ban,
    Behavior,
    Case,
    CaseBehavior,
    ContactLog,
    Customer,
    Decision,
    MoneyEntry,
    Statement,
    Status,
    TimeEntry,
    Verdict,
)

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_it_loads_an_organisation_with_every_role_and_a_dozen_judged_cases() -> None:
    output = _load()

    org = Organization.objects.get(name=DEMO_ORGANIZATION)
    assert org.sites.count() == 3
    roles = set(Membership.objects.filter(organization=org).values_list("role", flat=True))
    assert roles == set(Role.values)
    cases = Case.objects.filter(organization=org)
    assert cases.count() >= 12
    assert not cases.filter(status=Status.DRAFT).exists()
    assert Assessment.objects.filter(case__organization=org).count() >= cases.count()
    assert cases.filter(verdict=Verdict.HARASSMENT).count() >= 8
    assert cases.filter(verdict=Verdict.LEGITIMATE_COMPLAINT).exists()
    assert cases.filter(status=Status.CLOSED).count() >= 2
    behaviors = set(CaseBehavior.objects.values_list("behavior", flat=True))
    assert len(behaviors & set(Behavior.values)) >= 8
    assert Statement.objects.exists()
    assert Decision.objects.filter(kind=Decision.Kind.OVERRIDE).exists()
    assert Ban.objects.filter(organization=org).count() == 1
    assert ContactLog.objects.count() >= 5
    assert Customer.objects.filter(organization=org).exclude(alert="none").exists()
    assert TimeEntry.objects.exists()
    assert MoneyEntry.objects.exists()
    assert AuditEvent.objects.filter(action="case.reported").count() == cases.count()
    assert mail.outbox == []

    for username in ("staff", "manager", "desk", "counsel", "executive", "auditor", "admin"):
        assert f"demo-{username}-2026" in output
        assert User.objects.get(username=username).check_password(f"demo-{username}-2026")
    assert "TOTP" in output


def test_it_does_no_harm_when_run_twice() -> None:
    _load()
    counts = (Case.objects.count(), User.objects.count(), AuditEvent.objects.count())

    output = _load()

    assert "already loaded" in output
    assert "demo-staff-2026" not in output
    assert (Case.objects.count(), User.objects.count(), AuditEvent.objects.count()) == counts
