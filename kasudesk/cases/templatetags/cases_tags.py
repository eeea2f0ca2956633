"""Template helpers of the case screens."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from kasudesk.cases.models import Activity, Behavior, MoneyCategory, Severity, Verdict

register = template.Library()


def narrative_spans(behaviors: Iterable[Mapping[str, Any]], length: int) -> list[tuple[int, int]]:
    """Merged, in-bounds (start, end) spans of the narrative quoted as evidence."""
    spans: list[tuple[int, int]] = []
    for behavior in behaviors:
        for item in behavior.get("evidence", []) or []:
            if item.get("field") != "narrative":
                continue
            start, end = item.get("start"), item.get("end")
            if not isinstance(start, int) or not isinstance(end, int):
                continue
            start, end = max(0, start), min(length, end)
            if start < end:
                spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@register.simple_tag
def highlight_narrative(narrative: str, behaviors: Iterable[Mapping[str, Any]]) -> SafeString:
    """The narrative, escaped, with each quoted span wrapped in <mark>."""
    text = narrative or ""
    pieces: list[str] = []
    cursor = 0
    for start, end in narrative_spans(list(behaviors or []), len(text)):
        pieces.append(str(conditional_escape(text[cursor:start])))
        pieces.append(str(format_html("<mark>{}</mark>", text[start:end])))
        cursor = end
    pieces.append(str(conditional_escape(text[cursor:])))
    # Every piece above is escaped or built with format_html.
    return mark_safe("".join(pieces))  # noqa: S308


@register.filter
def localized(value: Any) -> str:
    """Pick the current language from a {"ja": …, "en": …} text of the judgment."""
    if isinstance(value, Mapping):
        language = (get_language() or "ja")[:2]
        return str(value.get(language) or value.get("ja") or value.get("en") or "")
    return "" if value is None else str(value)


@register.filter
def action_text(action: Any) -> str:
    """A checklist item's text in the current language."""
    return str(action.text(get_language() or "ja"))


@register.filter
def minutes_as_hours(minutes: int | None) -> str:
    total = int(minutes or 0)
    return f"{total // 60}:{total % 60:02d}"


@register.filter
def yen(amount: int | None) -> str:
    return f"¥{int(amount or 0):,}"


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


@register.filter
def behavior_label(value: str) -> str:
    return _label(Behavior, value)


@register.filter
def verdict_label(value: str) -> str:
    return _label(Verdict, value)


@register.filter
def severity_label(value: str) -> str:
    return _label(Severity, value)


@register.filter
def activity_label(value: str) -> str:
    return _label(Activity, value)


@register.filter
def money_label(value: str) -> str:
    return _label(MoneyCategory, value)
