"""A case's timeline: every event, oldest first, with what it refers to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kasudesk.cases.models import Case, CaseEvent, Note, Statement


@dataclass(frozen=True)
class TimelineEntry:
    event: CaseEvent
    note: Note | None = None
    statement: Statement | None = None

    @property
    def kind(self) -> str:
        return self.event.kind

    @property
    def data(self) -> dict[str, Any]:
        return dict(self.event.data)


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Events with the notes and statements they added, in three queries."""
    events = list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk"))
    notes = {n.pk: n for n in Note.objects.filter(case=case).select_related("author")}
    statements = {s.pk: s for s in Statement.objects.filter(case=case)}
    return [
        TimelineEntry(
            event,
            note=notes.get(event.data.get("note", -1)) if event.kind == "note_added" else None,
            statement=(
                statements.get(event.data.get("statement", -1))
                if event.kind == "statement_added"
                else None
            ),
        )
        for event in events
    ]
