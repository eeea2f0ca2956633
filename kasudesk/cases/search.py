"""Case lists: filters, full-text search and pages, the same on SQLite and PostgreSQL.

SQLite searches an FTS5 table with the trigram tokenizer, which finds any
substring of three characters or more, Japanese included. PostgreSQL
searches a GIN-indexed ``to_tsvector('simple', ...)``; its parser splits on
spaces and punctuation, which Japanese lacks, so Japanese terms and terms
shorter than three characters go to LIKE instead (as they do on SQLite,
where trigrams cannot match them). The parser would also glue a Latin word
to the Japanese around it ("店のSNSに" is one token), so the index covers the
text with a space put between the two scripts (migration 0004), and Latin
words are matched as prefixes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from kasudesk.cases.access import cases_for_user
from kasudesk.cases.models import Case, CaseBehavior, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kasudesk.accounts.models import User

PAGE_SIZE = 25
MAX_TERMS = 8
TRIGRAM = 3
# Hiragana, katakana, CJK ideographs, full-width forms: scripts written without spaces.
_WORD = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# PostgreSQL's indexed expression, written exactly as in migration 0004 so
# the planner uses the index: the text with a space between Latin letters or
# digits and anything outside printable ASCII.
_PG_SPACED = (
    'regexp_replace(regexp_replace("cases_case"."summary" || \' \' || "cases_case"."narrative",'
    r" '([^ -~])([A-Za-z0-9])', '\1 \2', 'g'),"
    r" '([A-Za-z0-9])([^ -~])', '\1 \2', 'g')"
)


@dataclass(frozen=True)
class CaseFilters:
    site_id: int | None = None
    status: str | None = None
    behavior: str | None = None
    severity: str | None = None
    verdict: str | None = None
    since: date | None = None
    until: date | None = None
    assignee_id: int | None = None
    open_only: bool = False


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def apply_filters(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    if filters.site_id is not None:
        cases = cases.filter(site_id=filters.site_id)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.open_only:
        cases = cases.exclude(status__in=[Status.DRAFT, Status.CLOSED])
    if filters.severity:
        cases = cases.filter(severity=filters.severity)
    if filters.verdict:
        cases = cases.filter(verdict=filters.verdict)
    if filters.assignee_id is not None:
        cases = cases.filter(assignee_id=filters.assignee_id)
    if filters.since is not None:
        cases = cases.filter(occurred_at__gte=_local_midnight(filters.since))
    if filters.until is not None:
        cases = cases.filter(occurred_at__lt=_local_midnight(filters.until + timedelta(days=1)))
    if filters.behavior:
        cases = cases.filter(
            Exists(CaseBehavior.objects.filter(case_id=OuterRef("pk"), behavior=filters.behavior))
        )
    return cases


def _like(term: str) -> Q:
    return Q(narrative__icontains=term) | Q(summary__icontains=term)


def _fts5_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def apply_text_search(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Cases whose summary or narrative contain every term of ``query``."""
    terms = [t for t in query.split() if t][:MAX_TERMS]
    if not terms:
        return cases
    vendor = connections[cases.db].vendor
    indexed: list[str] = []
    for term in terms:
        usable = (
            len(term) >= TRIGRAM
            if vendor == "sqlite"
            else (
                len(term) >= TRIGRAM and not _CJK.search(term) and bool(_WORD.findall(term.lower()))
            )
        )
        if usable and vendor in ("sqlite", "postgresql"):
            indexed.append(term)
        else:
            cases = cases.filter(_like(term))
    if not indexed:
        return cases
    if vendor == "sqlite":
        expression = " AND ".join(_fts5_phrase(t) for t in indexed)
        return cases.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %s", [expression]
            )
        )
    # Prefix queries, so "refund" also finds "refunds".
    words = [w for t in indexed for w in _WORD.findall(t.lower())]
    # The SQL is built from constants only; the user's words are a parameter.
    matched = RawSQL(  # noqa: S611
        f"to_tsvector('simple', {_PG_SPACED}) @@ to_tsquery('simple', %s)",
        [" & ".join(f"{w}:*" for w in words)],
        output_field=BooleanField(),
    )
    return cases.alias(_fts=matched).filter(_fts=True)


def search_cases(
    user: User | AnonymousUser, query: str = "", filters: CaseFilters | None = None
) -> QuerySet[Case]:
    """The cases ``user`` may read that match ``query`` and ``filters``, newest first."""
    cases = cases_for_user(user)
    if filters is not None:
        cases = apply_filters(cases, filters)
    if query.strip():
        cases = apply_text_search(cases, query)
    return cases.select_related("site", "customer", "assignee", "reported_by").order_by(
        "-occurred_at", "-pk"
    )


def case_page(
    cases: QuerySet[Case], number: int | str | None, *, per_page: int = PAGE_SIZE
) -> Page[Case]:
    """One page of ``cases``; out-of-range numbers give the nearest page."""
    return Paginator(cases, per_page).get_page(number)
