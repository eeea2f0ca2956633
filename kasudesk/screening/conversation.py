"""Live screening of a call or chat, one utterance at a time.

``Conversation`` keeps the state a live contact needs (abuse so far,
warnings given, elapsed time) and turns each screened utterance into alerts
for staff, following the company policy's plain limits. The rules it
applies are written up in docs/algorithms/screening.md.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kasudesk.screening.engine import guessed_share, live_probability, screen
from kasudesk.screening.errors import ScreeningError
from kasudesk.screening.normalize import normalize
from kasudesk.screening.result import ScreenResult, Signal
from kasudesk.screening.rules import behaviors, compile_pattern, expand_endings, shared_sets

__all__ = ["Alert", "Conversation", "ConversationLimits"]

SPEAKERS = frozenset({"customer", "employee", "other"})
# A remark scoring this share of the threshold is tense: one weak sign such
# as rude address (お前, "you people") or brusque words (うるせえ) scores
# about 0.3, while a calm complaint stays near 0.
_TENSE_SHARE = 0.5
ALERT_KINDS = ("suggest_warning", "alert_supervisor", "suggest_end_contact")


@dataclass(frozen=True, slots=True)
class ConversationLimits:
    """The parts of a company policy a live contact needs.

    ``max_minutes``: suggest ending the contact once it runs longer (None:
    no limit). ``warnings_before_end``: warnings staff give before further
    abuse leads to suggesting the end of the contact. ``tense_in_a_row``:
    customer remarks in a row that are tense without being abuse (rude
    address, brusque words) after which the warning script is suggested
    anyway, because the contact is building up (None: never).
    """

    max_minutes: float | None
    warnings_before_end: int = 2
    tense_in_a_row: int | None = 3

    def __post_init__(self) -> None:
        if self.max_minutes is not None and not (
            math.isfinite(self.max_minutes) and self.max_minutes > 0
        ):
            raise ScreeningError("max_minutes must be a positive number or None")
        if self.warnings_before_end < 0:
            raise ScreeningError("warnings_before_end cannot be negative")
        if self.tense_in_a_row is not None and self.tense_in_a_row < 2:
            raise ScreeningError("tense_in_a_row must be at least 2, or None")


@dataclass(frozen=True, slots=True)
class Alert:
    """Something staff should do now, with the reason in both languages."""

    kind: str  # "suggest_warning" | "alert_supervisor" | "suggest_end_contact"
    reason: dict[str, str]  # {"ja": ..., "en": ...}
    t: float  # seconds since the contact began
    utterance: int  # 0-based index of the utterance that raised it
    signals: tuple[Signal, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "reason": dict(self.reason),
            "t": self.t,
            "utterance": self.utterance,
            "signals": [signal.to_json() for signal in self.signals],
        }


@dataclass(frozen=True, slots=True)
class _Texts:
    messages: dict[str, dict[str, str]]
    warning_phrases: tuple[re.Pattern[str], ...]
    # language -> the score a flag no rule explains needs to interrupt a contact
    model_gate: dict[str, float]
    # the behavior head's share on severe behaviors that calls a supervisor (None: never)
    model_supervisor: float | None
    # language -> the live gate's probability such a flag needs to interrupt a contact
    live_gate: dict[str, float]
    # language -> patterns of what a caller reports as said or done to them
    said_to_caller: dict[str, tuple[re.Pattern[str], ...]]


@cache
def _texts() -> _Texts:
    resource = resources.files("kasudesk.screening").joinpath("data", "conversation.toml")
    return parse_texts(tomllib.loads(resource.read_text(encoding="utf-8")))


def parse_texts(data: dict[str, Any]) -> _Texts:
    """The contents of data/conversation.toml, checked."""
    try:
        phrases = [_compiled(entry, {}) for entry in data["warning_phrases"]]
        endings = shared_sets(data, "conversation.toml")
        reported: dict[str, tuple[re.Pattern[str], ...]] = {}
        for entry in data.get("said_to_caller", []):
            found = reported.get(entry["lang"], ())
            reported[entry["lang"]] = (*found, _compiled(entry, endings))
        share = data.get("model_supervisor", {}).get("share")
        if share is not None and not 0.0 < _number(share) <= 1.0:
            raise ScreeningError("conversation.toml: model_supervisor.share must be in (0, 1]")
        return _Texts(
            messages=data["messages"],
            warning_phrases=tuple(phrases),
            model_gate=_cuts(data, "model_gate"),
            model_supervisor=None if share is None else float(share),
            live_gate=_cuts(data, "live_gate"),
            said_to_caller=reported,
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ScreeningError(f"conversation.toml is malformed: {exc!r}") from exc


def _compiled(entry: dict[str, Any], endings: dict[str, str]) -> re.Pattern[str]:
    """An entry's pattern, or its list of alternatives, with ``<<name>>`` spelled out."""
    pattern = entry["pattern"]
    if isinstance(pattern, list):
        pattern = "|".join(f"(?:{alternative})" for alternative in pattern)
    return compile_pattern(expand_endings(pattern, endings, f"conversation.toml {entry['id']}"))


def _number(value: object) -> float:
    # bool is an int to Python, and a string would parse; neither is meant.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScreeningError(f"conversation.toml: {value!r} is not a number")
    return float(value)


def _cuts(data: dict[str, Any], table: str) -> dict[str, float]:
    """A table of language -> probability cut, each checked to lie in [0, 1]."""
    cuts = {lang: _number(value) for lang, value in data.get(table, {}).items()}
    if not all(0.0 <= cut <= 1.0 for cut in cuts.values()):
        raise ScreeningError(f"conversation.toml: a {table} value must be between 0 and 1")
    return cuts


def is_warning(text: str) -> bool:
    """Whether staff words read as the warning script (これ以上続くようでしたら…)."""
    folded = normalize(text).kana_folded
    return any(p.search(folded) for p in _texts().warning_phrases)


def interrupts(result: ScreenResult, text: str | None = None) -> bool:
    """Whether a harassing remark is abuse a live contact acts on at once.

    A flag no rule explains (the learned layer's, with a ``source: "model"``
    signal) must also reach the language's ``model_gate`` and, given the
    remark's ``text``, the language's ``live_gate``; short of either the
    remark counts as tense, so a run of them still suggests the warning.
    """
    if not _trusted(result):
        return False
    if text is None or not _guessed(result):
        return True
    cut = _texts().live_gate.get(result.lang)
    if cut is None:
        return True
    found = live_probability(text, result.lang)
    return found is None or found >= cut


def _guessed(result: ScreenResult) -> bool:
    """Whether the flag is the learned layer's alone (no rule names a manner behavior)."""
    return any(signal.source == "model" for signal in result.signals)


def _trusted(result: ScreenResult) -> bool:
    """Harassment, and for a flag no rule explains, at or above the model gate."""
    if not result.harassment:
        return False
    gate = _texts().model_gate.get(result.lang)
    return gate is None or result.score >= gate or not _guessed(result)


def _surely_severe(text: str, result: ScreenResult) -> tuple[Signal, ...]:
    """The model's signals, when its behavior head is all but sure the remark is severe.

    Only for a flag no rule explains: a rule's severe signal calls the
    supervisor on its own, and a rule's milder one names what was said.
    """
    share = _texts().model_supervisor
    guessed = tuple(s for s in result.signals if s.source == "model")
    if share is None or not guessed:
        return ()
    severe = frozenset(b for b, info in behaviors().items() if info.alert_supervisor)
    found = guessed_share(text, result.lang, severe)
    return guessed if found is not None and found >= share else ()


def _manner(result: ScreenResult) -> tuple[Signal, ...]:
    """The signals of manner behaviors, or all of them when none is one."""
    known = behaviors()
    return tuple(s for s in result.signals if known[s.behavior].axis == "manner") or result.signals


def reported_to_caller(text: str, result: ScreenResult) -> tuple[Signal, ...]:
    """The signals of a customer's turn that tell what was said or done *to* them.

    「殺すぞ」って言われました reports a threat someone else made; in a live
    contact the caller is its target, not its author. Only for live turns:
    a staff narrative with the same words records harassment.
    """
    patterns = _texts().said_to_caller.get(result.lang, ())
    if not patterns or not result.signals:
        return ()
    norm = normalize(text)
    spans = [norm.to_original(*m.span()) for p in patterns for m in p.finditer(norm.kana_folded)]
    return tuple(s for s in result.signals if any(a <= s.start and s.end <= b for a, b in spans))


def _names(signals: Sequence[Signal], lang: str) -> str:
    known = behaviors()
    seen: list[str] = []
    for signal in signals:
        if signal.behavior not in seen:
            seen.append(signal.behavior)
    if lang == "ja":
        return "".join(f"「{known[b].name_ja}」" for b in seen)
    return ", ".join(known[b].name_en for b in seen)


def _reason(key: str, values: dict[str, dict[str, str]]) -> dict[str, str]:
    template = _texts().messages[key]
    return {lang: template[lang].format(**values[lang]) for lang in ("ja", "en")}


def _behaviors_reason(key: str, signals: Sequence[Signal]) -> dict[str, str]:
    return _reason(key, {lang: {"behaviors": _names(signals, lang)} for lang in ("ja", "en")})


def _minutes(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


class Conversation:
    """One live contact. Feed utterances in order; act on the alerts returned.

    * the first abusive utterance suggests the warning script (a flag only
      the learned layer raised needs a higher score, see :func:`interrupts`);
    * a threat, a sexual or a discriminatory remark (or a described physical
      attack) that a rule reads, or that the learned layer is all but sure
      of (``model_supervisor`` in conversation.toml), alerts the supervisor
      at once, on top of the above;
    * abuse after ``warnings_before_end`` warnings, or a contact longer than
      ``max_minutes``, suggests ending the contact as the policy allows;
    * ``tense_in_a_row`` tense customer remarks in a row, none of them abuse
      on its own, suggest the warning script too: the contact is escalating.

    Only customer and other (the customer's side) speech is screened. Staff
    speech that reads as the warning script counts as a warning given,
    unless it answers a warning this object already suggested.
    """

    def __init__(self, limits: ConversationLimits, *, threshold: float = 0.5) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ScreeningError("threshold must be between 0 and 1")
        self.limits = limits
        self.threshold = threshold
        self._utterances = 0
        self._abuse = 0
        self._warnings = 0
        self._warning_pending = False
        self._time_alerted = False
        self._supervisor_alerted = False
        self._end_suggested = False
        self._last_t = 0.0
        self._results: list[ScreenResult | None] = []
        # The customer's tense remarks since the last calm one or warning.
        self._tense: list[ScreenResult] = []

    @property
    def utterances(self) -> int:
        return self._utterances

    @property
    def abuse_count(self) -> int:
        """Screened utterances found harassing so far."""
        return self._abuse

    @property
    def warnings_given(self) -> int:
        return self._warnings

    @property
    def supervisor_alerted(self) -> bool:
        """Whether a severe remark has escalated this contact to a supervisor."""
        return self._supervisor_alerted

    @property
    def end_suggested(self) -> bool:
        """Whether ending the contact has been suggested (abuse or time)."""
        return self._end_suggested

    @property
    def tense_streak(self) -> int:
        """Customer remarks in a row that were tense or abusive, since the last warning."""
        return len(self._tense)

    @property
    def elapsed(self) -> float:
        """Seconds from the start to the latest utterance."""
        return self._last_t

    @property
    def results(self) -> tuple[ScreenResult | None, ...]:
        """The screening result of each utterance (None for staff speech)."""
        return tuple(self._results)

    def feed(self, speaker: str, text: str, t: float) -> list[Alert]:
        """Take the next utterance; ``t`` is seconds since the contact began."""
        if speaker not in SPEAKERS:
            raise ScreeningError(f"speaker must be one of {sorted(SPEAKERS)}")
        if not isinstance(t, int | float) or not math.isfinite(t) or t < 0:
            raise ScreeningError("t must be a finite number of seconds, not negative")
        if t < self._last_t:
            raise ScreeningError("utterances must be fed in time order")
        index = self._utterances
        self._utterances += 1
        self._last_t = float(t)
        alerts: list[Alert] = []
        if speaker == "employee":
            self._results.append(None)
            if is_warning(text):
                self._tense.clear()
                if self._warning_pending:
                    self._warning_pending = False
                else:
                    self._warnings += 1
        else:
            result = screen(text, threshold=self.threshold)
            self._results.append(result)
            alerts.extend(self._on_customer(text, result, index, float(t)))
        alerts.extend(self._check_time(index, float(t)))
        self._supervisor_alerted |= any(a.kind == "alert_supervisor" for a in alerts)
        self._end_suggested |= any(a.kind == "suggest_end_contact" for a in alerts)
        return alerts

    def _on_customer(self, text: str, result: ScreenResult, index: int, t: float) -> list[Alert]:
        told = reported_to_caller(text, result) if result.harassment else ()
        if told:
            kept = tuple(s for s in result.signals if s not in told)
            own = [s for s in kept if behaviors()[s.behavior].axis == "manner"]
            if not own:
                return []  # a caller telling of harm done to them: neither abuse nor tension
            result = dataclasses.replace(result, signals=kept)
            if not any(s.score >= self.threshold for s in own):
                # The score is the told words' as much as the caller's own
                # (a rude お前 beside a reported threat): tense, not abuse.
                return self._on_tension(result, False, index, t)
        abuse = interrupts(result, text)
        alerts: list[Alert] = []
        if abuse:
            alerts.extend(self._on_abuse(text, result, index, t))
        elif _trusted(result):
            # The live gate doubts only the warning script: a flag the
            # behavior head reads as surely severe still calls someone.
            alerts.extend(self._supervisor(text, result, index, t))
        alerts.extend(self._on_tension(result, abuse, index, t))
        return alerts

    def _on_abuse(self, text: str, result: ScreenResult, index: int, t: float) -> list[Alert]:
        self._abuse += 1
        alerts = self._supervisor(text, result, index, t)
        manner = _manner(result)
        if self._warnings < self.limits.warnings_before_end:
            self._warnings += 1
            self._warning_pending = True
            self._tense.clear()
            alerts.append(
                Alert(
                    "suggest_warning",
                    _behaviors_reason("suggest_warning", manner),
                    t,
                    index,
                    manner,
                )
            )
        else:
            count = str(self._warnings)
            reason = _reason(
                "end_after_warnings", {"ja": {"warnings": count}, "en": {"warnings": count}}
            )
            alerts.append(Alert("suggest_end_contact", reason, t, index, manner))
        return alerts

    def _supervisor(self, text: str, result: ScreenResult, index: int, t: float) -> list[Alert]:
        """A supervisor alert for a severe remark a rule read, or the model is all but sure of."""
        known = behaviors()
        severe = tuple(
            s
            for s in _manner(result)
            if known[s.behavior].alert_supervisor
            and s.source != "model"  # a guess at the behavior does not call a supervisor
            and s.score >= self.threshold
            and not any(c.start < s.end and s.start < c.end for c in result.carve_outs)
        )
        if severe:
            reason = _behaviors_reason("alert_supervisor", severe)
            return [Alert("alert_supervisor", reason, t, index, severe)]
        if guessed := _surely_severe(text, result):
            reason = _behaviors_reason("alert_supervisor_model", guessed)
            return [Alert("alert_supervisor", reason, t, index, guessed)]
        return []

    def _on_tension(self, result: ScreenResult, abuse: bool, index: int, t: float) -> list[Alert]:
        """Suggest the warning when tense remarks pile up without a warning."""
        if result.score < self.threshold * _TENSE_SHARE:
            self._tense.clear()
            return []
        if abuse and not self._tense:
            return []  # a warning was just suggested, or abuse goes on after warnings
        self._tense.append(result)
        enough = self.limits.tense_in_a_row
        if (
            enough is None
            or len(self._tense) < enough
            or self._warnings >= self.limits.warnings_before_end
        ):
            return []
        known = behaviors()
        signals = tuple(
            s for r in self._tense for s in r.signals if known[s.behavior].axis == "manner"
        )
        count = str(len(self._tense))
        self._tense.clear()
        self._warnings += 1
        self._warning_pending = True
        reason = _reason("escalating", {"ja": {"count": count}, "en": {"count": count}})
        return [Alert("suggest_warning", reason, t, index, signals)]

    def _check_time(self, index: int, t: float) -> list[Alert]:
        limit = self.limits.max_minutes
        if limit is None or self._time_alerted or t <= limit * 60:
            return []
        self._time_alerted = True
        minutes = _minutes(limit)
        reason = _reason("end_time_limit", {"ja": {"limit": minutes}, "en": {"limit": minutes}})
        return [Alert("suggest_end_contact", reason, t, index, ())]
