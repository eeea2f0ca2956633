"""The one bridge between cases and the pure judgment core.

``incident_input`` turns a case into the contract's input document;
``judge`` runs the core on it; ``repeat_threshold`` reads the company
policy's repeat-contact rule. Nothing else in cases imports the core.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kasudesk.accounts.models import Site
    from kasudesk.cases.models import Case

# The standard preset's rule (judgment/data/presets/_base.toml), used only
# when the policy cannot be read.
DEFAULT_REPEAT_THRESHOLD = (3, 7)


def incident_input(case: Case) -> dict[str, Any]:
    """The assessment contract's input for ``case`` as it stands now."""
    document: dict[str, Any] = {
        "id": str(case.pk),
        "lang": "auto",
        "channel": case.channel,
        "narrative": case.narrative,
        "facts": dict(case.facts),
        "policy": case.site.industry,
    }
    if case.transcript:
        document["transcript"] = list(case.transcript)
    return document


def judge(document: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    # Imported here until the core lands, so that cases stays importable.
    from kasudesk.judgment import assess  # noqa: PLC0415

    policy = document.get("policy")
    return dict(assess(document, now=now, policy=str(policy) if policy else None))


def repeat_threshold(site: Site) -> tuple[int, int]:
    """(count, days): that many contacts within that many days is a repeat."""
    try:
        from kasudesk.judgment import load_policy  # noqa: PLC0415

        policy: Any = load_policy(site.industry)
    except (ImportError, ValueError, LookupError):
        return DEFAULT_REPEAT_THRESHOLD
    rule: Any = getattr(policy, "repeat_contact", None)
    if rule is None:
        return DEFAULT_REPEAT_THRESHOLD
    if isinstance(rule, dict):
        return int(rule["count"]), int(rule["days"])
    return int(rule.count), int(rule.days)
