"""The data of a written warning letter, in Japanese or English.

The wording lives in ``data/warning_letter.json`` with its sources; this
module fills it from the case. Rendering (HTML, print) is the view's job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from django.utils import timezone

from kasudesk.cases.judging import behavior_name
from kasudesk.cases.models import Behavior, Case, CaseBehavior

LANGUAGES = ("ja", "en")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Demand types say what was asked for, not how: a letter warns about conduct.
_DEMAND_CONTENT = frozenset(
    {
        Behavior.REFUND_OR_EXCHANGE,
        Behavior.MONETARY_COMPENSATION,
        Behavior.APOLOGY_DEMAND,
        Behavior.UNRELATED_DEMAND,
    }
)


@cache
def _wording() -> dict[str, Any]:
    text = resources.files("kasudesk.cases").joinpath("data/warning_letter.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def format_date(day: date, language: str) -> str:
    if language == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class WarningLetter:
    language: str
    title: str
    reference: str
    date_issued: str
    recipient: str
    paragraphs: list[str]
    behaviors_heading: str
    behaviors: list[str]
    signature_lines: list[str]


def warning_letter_data(
    case: Case, *, language: str = "ja", issued_on: date | None = None, signatory: str = ""
) -> WarningLetter:
    """The filled-in letter for ``case``; ``signatory`` is who signs (a title or a name)."""
    if language not in LANGUAGES:
        raise ValueError(f"letters are written in {' or '.join(LANGUAGES)}, not {language!r}")
    words = _wording()[language]
    occurred = timezone.localtime(case.occurred_at).date()
    values = {
        "customer": case.customer.name if case.customer and case.customer.name else "",
        "site": case.site.name,
        "organization": case.organization.name,
        "signatory": signatory,
        "reference": case.reference,
        "date_occurred": format_date(occurred, language),
        "date_issued": format_date(issued_on or timezone.localdate(), language),
    }
    behaviors = [
        behavior_name(b, language)
        for b in CaseBehavior.objects.filter(case=case)
        .exclude(behavior__in=_DEMAND_CONTENT)
        .order_by("behavior")
        .values_list("behavior", flat=True)
    ]
    recipient_key = "recipient" if values["customer"] else "recipient_unknown"
    return WarningLetter(
        language=language,
        title=words["title"],
        reference=words["reference"].format_map(values),
        date_issued=words["date_issued"].format_map(values),
        recipient=words[recipient_key].format_map(values),
        paragraphs=[p.format_map(values) for p in words["paragraphs"]],
        behaviors_heading=words["behaviors_heading"],
        behaviors=behaviors,
        signature_lines=[
            line for line in words["signature"].format_map(values).split("\n") if line
        ],
    )
