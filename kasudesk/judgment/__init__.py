"""The judgment core: is it customer harassment, what happened, what to do.

Pure Python, no Django: plain mappings in, the contract's JSON-ready dict out
(see /docs/algorithms/judgment.md and schemas/). Every failure is a
``JudgmentError`` naming the field at fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from kasudesk.judgment.engine import judge
from kasudesk.judgment.errors import JudgmentError
from kasudesk.judgment.policy import PRESETS, ConversationLimits, Policy, load_policy

__all__ = ["PRESETS", "ConversationLimits", "JudgmentError", "Policy", "assess", "load_policy"]


def assess(
    incident: Mapping[str, object],
    *,
    now: datetime | None = None,
    policy: Policy | str | None = None,
) -> dict[str, object]:
    """Judge one incident document; the result follows the assessment contract.

    ``policy`` is the caller's default (a preset name, a TOML path or a loaded
    ``Policy``); a ``policy`` field in the document itself takes precedence.
    ``now`` must be timezone-aware; it defaults to the current UTC time.
    """
    return judge(incident, now=now, policy=policy)
