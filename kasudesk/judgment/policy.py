"""Company policy: limits, thresholds and criteria decided in advance.

The source article insists each company sets its criteria for its industry
before anything happens; these files are where that decision lives. A policy
is TOML: an industry preset shipped in ``data/presets/`` or a company file that
``extends`` one and overrides what it needs.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kasudesk.judgment.errors import JudgmentError

PRESET_NAMES = (
    "retail",
    "food_service",
    "call_centre",
    "transport",
    "healthcare",
    "hospitality",
    "government",
    "finance",
)
BASE = "_base"
SEVERITIES = ("none", "low", "medium", "high", "critical")
CHANNELS = ("in_person", "phone", "email", "chat", "sns", "letter", "other")
# Criteria a policy may name for police and ban decisions; kept in step with
# the "criteria" table of data/playbooks.json by a test.
CRITERIA = (
    "weapon",
    "injury",
    "physical_attack",
    "threat_to_life",
    "threat",
    "sexual_contact",
    "sexual_conduct",
    "refusal_to_leave",
    "entry_after_ban",
    "confinement",
    "property_damage",
    "persistent_contact",
    "online_defamation",
    "discrimination",
    "kneeling_demand",
    "critical",
)


@dataclass(frozen=True, slots=True)
class ConversationLimits:
    """What a live conversation needs: when to stop, after how many warnings.

    The same fields as the screening core's ``ConversationLimits``, which
    takes them as they are (``ConversationLimits(**asdict(limits))``).
    """

    max_minutes: float
    warnings_before_end: int
    tense_in_a_row: int | None  # None: no warning for a build-up alone


@dataclass(frozen=True, slots=True)
class EscalationContact:
    role: str
    name_ja: str
    name_en: str
    min_severity: str
    within_minutes: int


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    label_ja: str
    label_en: str
    extends: str | None
    in_person_minutes: float
    phone_minutes: float
    online_minutes: float
    warnings_before_end: int
    tense_in_a_row: int  # 0: never suggest a warning for a build-up alone
    repeat_count: int
    repeat_days: float
    min_responders: int
    recording_notice: bool
    recording_text_ja: str
    recording_text_en: str
    signal_threshold: float
    police_when: tuple[str, ...]
    ban_when: tuple[str, ...]
    escalation: tuple[EscalationContact, ...]
    sources: tuple[str, ...]

    def max_minutes(self, channel: str | None) -> float:
        """The time limit for one contact on ``channel``.

        With the channel unknown the longest limit applies, so that an
        incident is never called prolonged on a guess about the channel.
        """
        if channel == "in_person":
            return self.in_person_minutes
        if channel == "phone":
            return self.phone_minutes
        if channel is None:
            return max(self.in_person_minutes, self.phone_minutes, self.online_minutes)
        return self.online_minutes

    def conversation_limits(self, channel: str) -> ConversationLimits:
        if channel not in CHANNELS:
            raise JudgmentError("channel", f"expected one of {', '.join(CHANNELS)}")
        return ConversationLimits(
            self.max_minutes(channel), self.warnings_before_end, self.tense_in_a_row or None
        )

    def escalation_for(self, severity: str) -> tuple[EscalationContact, ...]:
        rank = SEVERITIES.index(severity)
        return tuple(c for c in self.escalation if SEVERITIES.index(c.min_severity) <= rank)


# --- validation ---------------------------------------------------------------

Check = Callable[[object], bool]


def _number(minimum: float, *, strict: bool = False) -> tuple[Check, str]:
    def check(value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return value > minimum if strict else value >= minimum

    return check, f"expected a number {'>' if strict else '>='} {minimum:g}"


def _integer(minimum: int) -> tuple[Check, str]:
    def check(value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= minimum

    return check, f"expected an integer >= {minimum}"


def _streak() -> tuple[Check, str]:
    def check(value: object) -> bool:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (value == 0 or 2 <= value <= 99)
        )

    return check, "expected 0 (off) or an integer from 2 to 99"


def _text() -> tuple[Check, str]:
    return (lambda v: isinstance(v, str) and v.strip() != ""), "expected a non-empty string"


def _boolean() -> tuple[Check, str]:
    return (lambda v: isinstance(v, bool)), "expected true or false"


def _bilingual() -> tuple[Check, str]:
    def check(value: object) -> bool:
        return (
            isinstance(value, dict)
            and set(value) == {"ja", "en"}
            and all(isinstance(v, str) and v.strip() for v in value.values())
        )

    return check, 'expected a table { ja = "...", en = "..." }'


def _criteria() -> tuple[Check, str]:
    def check(value: object) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) and v in CRITERIA for v in value)

    return check, f"expected a list drawn from: {', '.join(CRITERIA)}"


def _strings() -> tuple[Check, str]:
    def check(value: object) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    return check, "expected a list of strings"


def _severity() -> tuple[Check, str]:
    return (lambda v: v in SEVERITIES[1:]), "expected one of low, medium, high, critical"


def _fraction() -> tuple[Check, str]:
    def check(value: object) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1

    return check, "expected a number between 0 and 1"


# Dotted key -> (check, message). Every key is required once presets are
# merged, so a company file only needs what it changes.
SCHEMA: dict[str, tuple[Check, str]] = {
    "name": _text(),
    "label": _bilingual(),
    "sources": _strings(),
    "limits.in_person_minutes": _number(0, strict=True),
    "limits.phone_minutes": _number(0, strict=True),
    "limits.online_minutes": _number(0, strict=True),
    "limits.warnings_before_end": _integer(0),
    "limits.tense_in_a_row": _streak(),
    "repeat_contact.count": _integer(2),
    "repeat_contact.days": _number(0, strict=True),
    "in_person.min_responders": _integer(1),
    "recording.notice": _boolean(),
    "recording.text": _bilingual(),
    "screening.threshold": _fraction(),
    "police.call_when": _criteria(),
    "ban.consider_when": _criteria(),
}
ESCALATION_SCHEMA: dict[str, tuple[Check, str]] = {
    "role": _text(),
    "name": _bilingual(),
    "min_severity": _severity(),
    "within_minutes": _integer(0),
}
TABLES = {key.split(".")[0] for key in SCHEMA if "." in key}


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")


def find_line(source: str, dotted: str) -> int | None:
    """The 1-based line of ``dotted`` (``limits.phone_minutes``, ``escalation[1].role``).

    tomllib reports lines only for syntax errors; for a wrong value we scan the
    source so the message can still point at the line to fix.
    """
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", dotted)
    names = [p for p in parts if not p.startswith("[")]
    index = next((int(p[1:-1]) for p in parts if p.startswith("[")), 0)
    key, table = names[-1], ".".join(names[:-1])
    current, seen = "", -1
    fallback: int | None = None
    key_pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    dotted_pattern = re.compile(rf"^\s*{re.escape(dotted)}\s*=")
    for number, line in enumerate(source.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = header.group(2)
            if current == table and header.group(1) == "[[":
                seen += 1
            if current == dotted or (current == table and not key_pattern.match(line)):
                fallback = fallback or (number if current == dotted else None)
            continue
        if current == table and key_pattern.match(line) and (seen in (-1, index)):
            return number
        if current == "" and dotted_pattern.match(line):
            return number
        if current == "" and table and re.match(rf"^\s*{re.escape(table)}\s*=", line):
            fallback = fallback or number
    return fallback


def _where(origin: str, source: str | None, dotted: str) -> str:
    line = find_line(source, dotted) if source else None
    return f"{origin}, line {line}: {dotted}" if line else f"{origin}: {dotted}"


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if (
            isinstance(value, dict)
            and isinstance(merged.get(key), dict)
            and key not in ("label", "text", "name")
        ):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _check_unknown_keys(raw: Mapping[str, Any], origin: str, source: str) -> None:
    for key, value in raw.items():
        if key in ("name", "label", "sources", "extends", "escalation"):
            continue
        if key not in TABLES:
            raise JudgmentError(_where(origin, source, key), "unknown key")
        if not isinstance(value, dict):
            raise JudgmentError(_where(origin, source, key), "expected a table")
        for sub in value:
            if f"{key}.{sub}" not in SCHEMA:
                raise JudgmentError(_where(origin, source, f"{key}.{sub}"), "unknown key")


def _validated(merged: Mapping[str, Any], origin: str, source: str | None) -> Policy:
    values: dict[str, Any] = {}
    for dotted, (check, message) in SCHEMA.items():
        node: Any = merged
        for part in dotted.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            raise JudgmentError(_where(origin, source, dotted), "missing")
        if not check(node):
            raise JudgmentError(_where(origin, source, dotted), message)
        values[dotted] = node
    contacts = merged.get("escalation", [])
    if not isinstance(contacts, list) or not contacts:
        raise JudgmentError(
            _where(origin, source, "escalation"), "expected at least one [[escalation]] table"
        )
    escalation = []
    for i, contact in enumerate(contacts):
        if not isinstance(contact, dict):
            raise JudgmentError(_where(origin, source, f"escalation[{i}]"), "expected a table")
        for sub in contact:
            if sub not in ESCALATION_SCHEMA:
                raise JudgmentError(_where(origin, source, f"escalation[{i}].{sub}"), "unknown key")
        for sub, (check, message) in ESCALATION_SCHEMA.items():
            if sub not in contact:
                raise JudgmentError(_where(origin, source, f"escalation[{i}].{sub}"), "missing")
            if not check(contact[sub]):
                raise JudgmentError(_where(origin, source, f"escalation[{i}].{sub}"), message)
        escalation.append(
            EscalationContact(
                role=contact["role"],
                name_ja=contact["name"]["ja"],
                name_en=contact["name"]["en"],
                min_severity=contact["min_severity"],
                within_minutes=contact["within_minutes"],
            )
        )
    extends = merged.get("extends")
    return Policy(
        name=values["name"],
        label_ja=values["label"]["ja"],
        label_en=values["label"]["en"],
        extends=extends if isinstance(extends, str) and extends != BASE else None,
        in_person_minutes=float(values["limits.in_person_minutes"]),
        phone_minutes=float(values["limits.phone_minutes"]),
        online_minutes=float(values["limits.online_minutes"]),
        warnings_before_end=values["limits.warnings_before_end"],
        tense_in_a_row=values["limits.tense_in_a_row"],
        repeat_count=values["repeat_contact.count"],
        repeat_days=float(values["repeat_contact.days"]),
        min_responders=values["in_person.min_responders"],
        recording_notice=values["recording.notice"],
        recording_text_ja=values["recording.text"]["ja"],
        recording_text_en=values["recording.text"]["en"],
        signal_threshold=float(values["screening.threshold"]),
        police_when=tuple(values["police.call_when"]),
        ban_when=tuple(values["ban.consider_when"]),
        escalation=tuple(escalation),
        sources=tuple(values["sources"]),
    )


def _parse(source: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already ends with "(at line N, column M)".
        raise JudgmentError(origin, f"not valid TOML: {exc}") from None


def _preset_source(name: str) -> str:
    return (
        resources.files("kasudesk.judgment")
        .joinpath("data", "presets", f"{name}.toml")
        .read_text("utf-8")
    )


def _resolve(raw: dict[str, Any], origin: str, source: str, depth: int = 0) -> dict[str, Any]:
    _check_unknown_keys(raw, origin, source)
    parent = raw.get("extends")
    if parent is None:
        return raw
    if not isinstance(parent, str) or parent not in (*PRESET_NAMES, BASE):
        raise JudgmentError(
            _where(origin, source, "extends"), f"expected one of {', '.join(PRESET_NAMES)}"
        )
    if depth > 3:
        raise JudgmentError(
            _where(origin, source, "extends"), "presets extend each other in a loop"
        )
    parent_source = _preset_source(parent)
    parent_raw = _resolve(
        _parse(parent_source, f"preset {parent}"), f"preset {parent}", parent_source, depth + 1
    )
    merged = _merge(parent_raw, raw)
    if parent != BASE:
        merged["extends"] = parent
    return merged


@lru_cache(maxsize=16)
def _load_preset(name: str) -> Policy:
    source = _preset_source(name)
    origin = f"preset {name}"
    return _validated(_resolve(_parse(source, origin), origin, source), origin, source)


@lru_cache(maxsize=32)
def _load_file(path: str, mtime_ns: int) -> Policy:
    # mtime_ns is part of the cache key so an edited file is read again.
    try:
        source = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise JudgmentError("policy", f"cannot read {path}: {exc}") from None
    raw = _parse(source, path)
    return _validated(_resolve(raw, path, source), path, source)


def load_policy(name_or_path: str | None) -> Policy:
    """A preset by name, a company TOML file by path, or the standard policy for None."""
    if name_or_path is None or name_or_path == "":
        return _load_preset(BASE)
    if name_or_path in PRESET_NAMES:
        return _load_preset(name_or_path)
    path = Path(name_or_path)
    if path.suffix != ".toml":
        raise JudgmentError(
            "policy",
            f"unknown preset {name_or_path!r}: expected one of {', '.join(PRESET_NAMES)} or a .toml file",
        )
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise JudgmentError("policy", f"cannot read {name_or_path}: {exc.strerror}") from None
    return _load_file(str(path.resolve()), mtime)


class _Presets(Mapping[str, Policy]):
    """The industry presets by name, each loaded on first use."""

    def __getitem__(self, name: str) -> Policy:
        if name not in PRESET_NAMES:
            raise KeyError(name)
        return _load_preset(name)

    def __iter__(self) -> Iterator[str]:
        return iter(PRESET_NAMES)

    def __len__(self) -> int:
        return len(PRESET_NAMES)


PRESETS: Mapping[str, Policy] = _Presets()
