"""The case list as a CSV file, with the customer's identity masked.

Written for Excel as used in Japan: UTF-8 with a byte-order mark (without it
Excel reads the file as Shift_JIS and garbles every Japanese character),
CRLF line ends, and cells that could start a formula neutralised, since a
customer's name is typed by whoever reported the case.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kasudesk.audit.log import log_action

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from kasudesk.accounts.models import User
    from kasudesk.cases.models import Case

BOM = "\ufeff"
MASK = "***"
PHONE_DIGITS_SHOWN = 4
# Excel and LibreOffice run a cell as a formula when it starts with one of these.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def mask_name(name: str) -> str:
    """The first character and a mask: enough to tell two cases apart, no more."""
    name = name.strip()
    return f"{name[0]}{MASK}" if name else ""


def mask_phone(phone_key: str) -> str:
    """The last four digits behind a mask, which also keeps Excel from
    dropping a leading zero."""
    if len(phone_key) < PHONE_DIGITS_SHOWN:
        return MASK if phone_key else ""
    return f"{MASK}{phone_key[-PHONE_DIGITS_SHOWN:]}"


def safe_cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _header() -> list[str]:
    return [
        _("Reference"),
        _("Occurred"),
        _("Site"),
        _("Channel"),
        _("Status"),
        _("Verdict"),
        _("Severity"),
        _("Assignee"),
        _("Customer"),
        _("Customer's phone"),
    ]


def _row(case: Case) -> list[str]:
    customer = case.customer
    occurred = timezone.localtime(case.occurred_at).strftime("%Y-%m-%d %H:%M")
    return [
        case.reference,
        occurred,
        case.site.name,
        case.get_channel_display(),
        case.get_status_display(),
        case.get_verdict_display() if case.verdict else "",
        case.get_severity_display() if case.severity else "",
        case.assignee.display_name() if case.assignee else "",
        mask_name(customer.name) if customer else "",
        mask_phone(customer.phone_key) if customer else "",
    ]


def write_csv(rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def export_cases(
    actor: User,
    cases: QuerySet[Case],
    *,
    organization_ids: Iterable[int],
    filters: dict[str, Any],
    searched: bool,
    request: HttpRequest | None = None,
) -> str:
    """The CSV text of ``cases``, in the active language, and its audit entry.

    The search words are not logged, only that there were some: people
    search by names.
    """
    chosen = list(cases.select_related("site", "customer", "assignee").iterator(chunk_size=500))
    text = write_csv([_header(), *(_row(case) for case in chosen)])
    org_ids = sorted(set(organization_ids))
    with transaction.atomic():
        log_action(
            "case.exported",
            actor=actor,
            organization_id=org_ids[0] if len(org_ids) == 1 else None,
            data={
                "rows": len(chosen),
                "filters": {key: value for key, value in filters.items() if value},
                "searched": searched,
            },
            request=request,
        )
    return text
