"""The input document: validated into plain values, every error naming its field.

This validator mirrors ``schemas/assess-input.schema.json`` by hand: the
runtime must not depend on a JSON Schema library, and a hand-written check
names the field in words a person fixing a form can act on. A test keeps the
two in agreement.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeGuard

from kasudesk.judgment.errors import JudgmentError

LANGS = ("ja", "en", "auto")
CHANNELS = ("in_person", "phone", "email", "chat", "sns", "letter", "other")
SPEAKERS = ("customer", "employee", "other")
VALIDITIES = ("valid", "invalid", "unknown")
DEMANDS = (
    "refund_or_exchange",
    "monetary_compensation",
    "apology_demand",
    "kneeling_demand",
    "dismissal_of_employee",
    "off_site_visit",
    "unrelated_demand",
    "other",
)
BOOLEAN_FACTS = (
    "asked_to_leave",
    "previously_banned",
    "left_after_request",
    "physical_contact",
    "injury",
    "property_damage",
    "weapon",
    "posted_online",
    "employee_identified_online",
    "business_disrupted",
    "others_present",
    # Extensions beyond the contract's first version; optional like the rest.
    "staff_confined",
    "money_paid",
)
THREAT_TARGETS = ("person", "company", "unknown")
TOP_LEVEL = ("id", "lang", "channel", "narrative", "transcript", "facts", "policy")
FACT_KEYS = (
    "claim_validity",
    "demands",
    "duration_minutes",
    "contacts",
    "threat_target",
    *BOOLEAN_FACTS,
)
MAX_TEXT = 100_000
MAX_UTTERANCES = 2_000
_SURROGATE = re.compile("[\ud800-\udfff]")


# Not frozen: these are built for every incident and only read afterwards, and
# a frozen dataclass takes three times as long to build.
@dataclass(slots=True)
class Utterance:
    speaker: str
    text: str
    t: float | None


@dataclass(slots=True)
class Facts:
    """Facts as given; an absent fact is None (unknown), never false."""

    claim_validity: str | None = None
    demands: tuple[str, ...] = ()
    duration_minutes: float | None = None
    contacts_count: int | None = None
    contacts_days: float | None = None
    threat_target: str | None = None
    flags: Mapping[str, bool] = field(default_factory=dict)

    def flag(self, name: str) -> bool | None:
        return self.flags.get(name)


@dataclass(slots=True)
class Incident:
    id: str | None
    lang: str
    channel: str | None
    narrative: str
    transcript: tuple[Utterance, ...]
    facts: Facts
    policy: str | None


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _choice(value: object, where: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise JudgmentError(where, f"expected one of {', '.join(choices)}")
    return value


def _text(value: object, where: str, *, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise JudgmentError(where, "expected a string")
    if len(value) > limit:
        raise JudgmentError(where, f"expected at most {limit} characters")
    # JSON can carry "\ud800" escapes that are not text; nothing downstream
    # (screening, output encoding) can handle them.
    if not value.isascii() and _SURROGATE.search(value):
        raise JudgmentError(where, "contains an unpaired surrogate, which is not valid Unicode")
    return value


def _reject_unknown(data: Mapping[str, object], known: tuple[str, ...], prefix: str) -> None:
    for key in data:
        if key not in known:
            raise JudgmentError(
                f"{prefix}{key}", f"unknown field (expected one of {', '.join(known)})"
            )


# The checks below take a quick test of the common, valid case first and call
# the functions above, which word the error, only when it fails: so the field
# paths ("transcript[3].text") are formatted only for a document at fault.
_TOP_LEVEL = frozenset(TOP_LEVEL)
_FACT_KEYS = frozenset(FACT_KEYS)
_CONTACT_KEYS = ("count", "days")
_UTTERANCE_KEYS = ("speaker", "text", "t")
_UTTERANCE_KEY_SET = frozenset(_UTTERANCE_KEYS)
_LANGS = frozenset(LANGS)
_CHANNELS = frozenset(CHANNELS)
_SPEAKERS = frozenset(SPEAKERS)
_DEMANDS = frozenset(DEMANDS)
_BOOLEAN_FACTS = {name: i for i, name in enumerate(BOOLEAN_FACTS)}


def _is_text(value: object, limit: int = MAX_TEXT) -> bool:
    return (
        isinstance(value, str)
        and len(value) <= limit
        # Printable text has no surrogates (category Cs); testing that in C
        # spares the search in the common case.
        and (value.isascii() or value.isprintable() or not _SURROGATE.search(value))
    )


def incident_id(data: object) -> str | None:
    """The id to echo back, even from a document that fails validation."""
    if isinstance(data, Mapping):
        value = data.get("id")
        if isinstance(value, str) and (value.isascii() or not _SURROGATE.search(value)):
            return value
    return None


def _demands(raw: object) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise JudgmentError("facts.demands", "expected a list")
    demands: list[str] = []
    for i, demand in enumerate(raw):
        if not isinstance(demand, str) or demand not in _DEMANDS:
            _choice(demand, f"facts.demands[{i}]", DEMANDS)
        if demand not in demands:
            demands.append(demand)
    return tuple(demands)


def _contacts(contacts: object) -> tuple[int | None, float | None]:
    if not isinstance(contacts, Mapping):
        raise JudgmentError("facts.contacts", "expected an object with count and days")
    _reject_unknown(contacts, _CONTACT_KEYS, "facts.contacts.")
    count = None
    if "count" in contacts:
        value = contacts["count"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise JudgmentError("facts.contacts.count", "expected an integer >= 0")
        count = value
    days = _optional_amount(contacts, "days", "facts.contacts.days")
    return count, days


def _optional_amount(data: Mapping[str, object], key: str, field: str) -> float | None:
    """``data[key]`` as a number >= 0, or None when absent."""
    if key not in data:
        return None
    value = data[key]
    if not _is_number(value) or value < 0:
        raise JudgmentError(field, "expected a number >= 0")
    return float(value)


def _flags(data: Mapping[str, object]) -> dict[str, bool]:
    # Checked and kept in the order of BOOLEAN_FACTS, whatever the document's.
    names = [key for key in data if key in _BOOLEAN_FACTS]
    if len(names) > 1:
        names.sort(key=_BOOLEAN_FACTS.__getitem__)
    flags: dict[str, bool] = {}
    for name in names:
        value = data[name]
        if value is not True and value is not False:
            raise JudgmentError(f"facts.{name}", "expected true or false")
        flags[name] = value
    return flags


def _facts(data: object) -> Facts:
    if type(data) is not dict and not isinstance(data, Mapping):
        raise JudgmentError("facts", "expected an object")
    if not _FACT_KEYS.issuperset(data):
        _reject_unknown(data, FACT_KEYS, "facts.")
    validity = None
    if "claim_validity" in data:
        validity = data["claim_validity"]
        if not isinstance(validity, str) or validity not in VALIDITIES:
            _choice(validity, "facts.claim_validity", VALIDITIES)
    demands = _demands(data["demands"]) if "demands" in data else ()
    duration = _optional_amount(data, "duration_minutes", "facts.duration_minutes")
    count, days = _contacts(data["contacts"]) if "contacts" in data else (None, None)
    target = None
    if "threat_target" in data:
        target = _choice(data["threat_target"], "facts.threat_target", THREAT_TARGETS)
        target = None if target == "unknown" else target
    return Facts(validity, demands, duration, count, days, target, _flags(data))


def _utterance(item: object, i: int) -> Utterance:
    if type(item) is not dict and not isinstance(item, Mapping):
        raise JudgmentError(f"transcript[{i}]", "expected an object with speaker and text")
    if not _UTTERANCE_KEY_SET.issuperset(item):
        _reject_unknown(item, _UTTERANCE_KEYS, f"transcript[{i}].")
    if "text" not in item:
        raise JudgmentError(f"transcript[{i}].text", "required")
    speaker = item.get("speaker", "other")
    if not isinstance(speaker, str) or speaker not in _SPEAKERS:
        _choice(speaker, f"transcript[{i}].speaker", SPEAKERS)
    text = item["text"]
    if not _is_text(text):
        _text(text, f"transcript[{i}].text")
    t = None
    if "t" in item:
        value = item["t"]
        if not _is_number(value) or value < 0:
            raise JudgmentError(f"transcript[{i}].t", "expected a number of seconds >= 0")
        t = float(value)
    return Utterance(speaker, text, t)


def _transcript(data: object) -> tuple[Utterance, ...]:
    if not isinstance(data, list):
        raise JudgmentError("transcript", "expected a list of utterances")
    if len(data) > MAX_UTTERANCES:
        raise JudgmentError("transcript", f"expected at most {MAX_UTTERANCES} utterances")
    return tuple([_utterance(item, i) for i, item in enumerate(data)])


def parse_incident(data: object) -> Incident:
    """Validate one input document; raise JudgmentError naming the first bad field."""
    if type(data) is not dict and not isinstance(data, Mapping):
        raise JudgmentError("incident", "expected a JSON object")
    if not _TOP_LEVEL.issuperset(data):
        _reject_unknown(data, TOP_LEVEL, "")
    raw_id = data.get("id")
    if raw_id is not None and not _is_text(raw_id, 1_000):
        _text(raw_id, "id", limit=1_000)
    if "narrative" not in data:
        raise JudgmentError("narrative", "required")
    narrative = data["narrative"]
    if not _is_text(narrative):
        _text(narrative, "narrative")
    lang = data.get("lang", "auto")
    if not isinstance(lang, str) or lang not in _LANGS:
        _choice(lang, "lang", LANGS)
    channel = None
    if "channel" in data:
        channel = data["channel"]
        if not isinstance(channel, str) or channel not in _CHANNELS:
            _choice(channel, "channel", CHANNELS)
    transcript = _transcript(data["transcript"]) if "transcript" in data else ()
    facts = _facts(data["facts"]) if "facts" in data else Facts()
    policy = None
    if "policy" in data and data["policy"] is not None:
        policy = _text(data["policy"], "policy", limit=1_000)
    return Incident(raw_id, lang, channel, narrative, transcript, facts, policy)
