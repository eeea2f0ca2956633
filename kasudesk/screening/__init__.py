"""Screening: find harassing language in text and point at the exact words.

A pure core (no Django, no judgment): ``screen`` for one text,
``Conversation`` for a live call or chat fed one utterance at a time. See
docs/algorithms/screening.md.
"""

from __future__ import annotations

from kasudesk.screening.conversation import Alert, Conversation, ConversationLimits
from kasudesk.screening.engine import screen, warm_up
from kasudesk.screening.errors import ScreeningError
from kasudesk.screening.result import CarveOut, ScreenResult, Signal

__all__ = [
    "Alert",
    "CarveOut",
    "Conversation",
    "ConversationLimits",
    "ScreenResult",
    "ScreeningError",
    "Signal",
    "screen",
    "warm_up",
]
