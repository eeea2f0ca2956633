"""The structured facts of a report, as the assessment contract defines them.

Only known facts are stored: a key that is absent means "unknown", which the
judgment core treats differently from ``False``. Forms build their fields
from the tables here so that the report screen and the contract never drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CLAIM_VALIDITY: dict[str, Promise] = {
    "valid": _("Valid: the company is at fault or the product is defective"),
    "invalid": _("Not valid: the company is not at fault"),
    "unknown": _("Not yet known"),
}

DEMANDS: dict[str, Promise] = {
    "refund_or_exchange": _("Refund or exchange"),
    "monetary_compensation": _("Money or compensation"),
    "apology_demand": _("An apology"),
    "kneeling_demand": _("A kneeling apology (dogeza)"),
    "dismissal_of_employee": _("Dismissal or punishment of an employee"),
    "off_site_visit": _("A visit to their home or another place"),
    "unrelated_demand": _("Something the business does not offer"),
    "other": pgettext_lazy("demand", "Other"),
}

# The yes/no questions of the report, in the order the form asks them.
BOOLEAN_FACTS: dict[str, Promise] = {
    "asked_to_leave": _("Was the customer asked to leave?"),
    "left_after_request": _("Did the customer leave when asked?"),
    "previously_banned": _("Was the customer already banned from the premises?"),
    "physical_contact": _("Was there any physical contact?"),
    "injury": _("Was anyone hurt?"),
    "property_damage": _("Was any property damaged?"),
    "weapon": _("Was a weapon shown or used?"),
    "posted_online": _("Did the customer post about it online?"),
    "employee_identified_online": _("Was an employee named or shown online?"),
    "business_disrupted": _("Was business disrupted?"),
    "others_present": _("Were other customers or staff present?"),
}

INTEGER_FACTS: dict[str, Promise] = {
    "duration_minutes": _("How long did it last (minutes)?"),
}


def clean_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise facts; drop the unknown ones.

    Raises ValidationError naming the first bad key.
    """
    facts: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None or value == "":
            continue
        if key in BOOLEAN_FACTS:
            if not isinstance(value, bool):
                raise ValidationError(_("%(fact)s must be yes or no."), params={"fact": key})
            facts[key] = value
        elif key in INTEGER_FACTS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValidationError(
                    _("%(fact)s must be a whole number of zero or more."), params={"fact": key}
                )
            facts[key] = value
        elif key == "claim_validity":
            if value not in CLAIM_VALIDITY:
                raise ValidationError(_("Unknown claim validity."))
            facts[key] = value
        elif key == "demands":
            if not isinstance(value, list | tuple | set | frozenset):
                raise ValidationError(_("Demands must be a list."))
            demands = list(value)
            unknown = [d for d in demands if d not in DEMANDS]
            if unknown:
                raise ValidationError(
                    _("Unknown demand: %(demand)s."), params={"demand": unknown[0]}
                )
            if demands:
                facts[key] = sorted(set(demands), key=list(DEMANDS).index)
        elif key == "contacts":
            if not isinstance(value, Mapping):
                raise ValidationError(_("Contacts need a count and a number of days."))
            count, days = value.get("count"), value.get("days")
            if not all(
                isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (count, days)
            ):
                raise ValidationError(_("Contacts need a count and a number of days."))
            facts[key] = {"count": count, "days": days}
        else:
            raise ValidationError(_("Unknown fact: %(fact)s."), params={"fact": key})
    return facts
