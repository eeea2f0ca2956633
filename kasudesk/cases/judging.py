"""The one bridge between cases and the pure judgment core.

``incident_input`` turns a case into the contract's input document;
``judge`` runs the core on it; ``repeat_threshold`` reads the company
policy's repeat-contact rule. Nothing else in cases imports the core.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from kasudesk.cases.models import ContactLog
from kasudesk.judgment import JudgmentError, assess, load_policy
from kasudesk.judgment.knowledge import knowledge

if TYPE_CHECKING:
    from kasudesk.accounts.models import Site
    from kasudesk.cases.models import Case


def incident_input(case: Case) -> dict[str, Any]:
    """The assessment contract's input for ``case`` as it stands now.

    When the reporter did not say how often the customer has been in touch
    and the customer is in the registry, the contact log answers, counted
    over the policy's repeat window up to the incident.
    """
    facts = dict(case.facts)
    if "contacts" not in facts:
        counted = registry_contacts(case)
        if counted is not None:
            facts["contacts"] = counted
    document: dict[str, Any] = {
        "id": str(case.pk),
        "lang": "auto",
        "channel": case.channel,
        "narrative": case.narrative,
        "facts": facts,
        "policy": case.site.industry,
    }
    if case.transcript:
        document["transcript"] = list(case.transcript)
    return document


def registry_contacts(case: Case) -> dict[str, int] | None:
    """Contacts logged for the case's customer in the policy's window, if any."""
    if case.customer_id is None:
        return None
    _count, days = repeat_threshold(case.site)
    since = case.occurred_at - timedelta(days=days)
    count = ContactLog.objects.filter(
        customer_id=case.customer_id, at__gt=since, at__lte=case.occurred_at
    ).count()
    if count == 0:
        return None
    return {"count": count, "days": math.ceil(days)}


def judge(document: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    """The contract's output for ``document``; bad input becomes a ValidationError."""
    try:
        return dict(assess(document, now=now))
    except JudgmentError as exc:
        raise ValidationError(str(exc)) from exc


def repeat_threshold(site: Site) -> tuple[int, float]:
    """(count, days): that many contacts within that many days is a repeat."""
    policy = load_policy(site.industry)
    return policy.repeat_count, policy.repeat_days


def behavior_name(behavior_id: str, language: str) -> str:
    """The behavior's name from the core's taxonomy, in Japanese or English."""
    definition = knowledge().behaviors.get(behavior_id)
    if definition is None:
        return behavior_id
    return definition.name.en if language.startswith("en") else definition.name.ja
