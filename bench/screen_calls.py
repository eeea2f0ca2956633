"""Live screening of whole calls and chats, turn by turn.

Usage: ``python bench/screen_calls.py [--calls DIR] [--policy NAME]
[--show missed|alerted] [--write-docs]``

``bench/screen_probes.py`` asks whether one text is harassment; a live desk
asks more of a contact as it unfolds: is a legitimate caller, however angry,
left alone; is a harassing one caught, and on which turn; does a threat,
a sexual or a discriminatory remark reach a supervisor at once. The
conversations under bench/calls/ were written for this project *blind*:
their writers read only the behavior list and the screening contract, and
labelled every customer turn (harassment of staff with its behavior, or
not). Nothing here is derived from the screening rules or the alert logic.

Each conversation is fed to ``kasudesk.screening.Conversation`` one turn at
a time (and again, as the baseline in the same run, with the learned layer
switched off) under the limits of a judgment policy (``--policy``, the standard
one by default: 30 minutes, the end suggested after two warnings, a
warning after three tense remarks in a row) for its channel. What is
expected follows from the labels alone:

* a conversation with no harassing customer turn should raise no alert
  (the time limit's suggestion to end a long contact is the policy's, not
  the screen's, and is counted apart);
* one with a harassing turn should raise an alert on that turn or later,
  and none before it;
* one whose harassing turns include a behavior marked ``alert_supervisor``
  in the behavior list (threat, physical attack, discrimination, sexual
  remarks) should alert a supervisor, and no other conversation should.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.docs import BENCHMARKS, replace_section  # noqa: E402
from bench.jsonl import numbered  # noqa: E402
from bench.screen_eval import THRESHOLD, count  # noqa: E402

CALLS = REPO / "bench" / "calls"
HEADING = "## Live screening of whole calls (`bench/screen_calls.py`)"
SPEAKERS = ("customer", "employee")
CHANNELS = ("phone", "chat")
_NOT_HARASSMENT = ("legit", "demand_only", "staff")
_FIELDS = {"id", "lang", "channel", "turns"}
_TURN_FIELDS = {"speaker", "t", "text", "label", "behavior"}


class CallError(ValueError):
    """A conversation file that does not follow the format above."""


@dataclass(frozen=True)
class Turn:
    speaker: str
    t: float
    text: str
    harassing: bool
    behavior: str


@dataclass(frozen=True)
class Call:
    set: str
    id: str
    lang: str
    channel: str
    turns: tuple[Turn, ...]

    @property
    def first_harassing(self) -> int | None:
        """Index of the first harassing customer turn, or None."""
        return next((i for i, turn in enumerate(self.turns) if turn.harassing), None)

    def severe(self, supervisor_behaviors: frozenset[str]) -> bool:
        return any(t.harassing and t.behavior in supervisor_behaviors for t in self.turns)


def _turn(raw: object, where: str, manner: frozenset[str]) -> Turn:
    if not isinstance(raw, dict) or not raw.keys() >= _TURN_FIELDS:
        raise CallError(f"{where}: a turn needs the fields {sorted(_TURN_FIELDS)}")
    speaker, t, text = raw["speaker"], raw["t"], raw["text"]
    label, behavior = raw["label"], raw["behavior"]
    if speaker not in SPEAKERS:
        raise CallError(f"{where}: speaker must be one of {SPEAKERS}")
    if isinstance(t, bool) or not isinstance(t, int | float) or t < 0:
        raise CallError(f"{where}: t must be a number of seconds, not negative")
    if not isinstance(text, str) or not text.strip():
        raise CallError(f"{where}: text must not be empty")
    if label not in (0, 1):
        raise CallError(f"{where}: label must be 0 or 1")
    if label == 1 and (speaker != "customer" or behavior not in manner):
        raise CallError(f"{where}: a harassing turn is a customer's, with a manner behavior")
    if label == 0 and behavior not in _NOT_HARASSMENT:
        raise CallError(f"{where}: a turn that is not harassment has behavior {_NOT_HARASSMENT}")
    return Turn(speaker, float(t), text, label == 1, behavior)


def _call(row: object, where: str, name: str, manner: frozenset[str]) -> Call:
    if not isinstance(row, dict) or not row.keys() >= _FIELDS:
        raise CallError(f"{where}: needs the fields {sorted(_FIELDS)}")
    if row["lang"] not in ("ja", "en") or row["channel"] not in CHANNELS:
        raise CallError(f"{where}: lang must be ja or en, and channel one of {CHANNELS}")
    raw_turns = row["turns"]
    if not isinstance(raw_turns, list) or not raw_turns:
        raise CallError(f"{where}: turns must be a list of at least one turn")
    turns = tuple(_turn(raw, f"{where} turn {i}", manner) for i, raw in enumerate(raw_turns))
    if any(b.t < a.t for a, b in itertools.pairwise(turns)):
        raise CallError(f"{where}: t must not go back in time")
    return Call(name, str(row["id"]), row["lang"], row["channel"], turns)


def manner_behaviors() -> frozenset[str]:
    from kasudesk.screening.rules import behaviors

    return frozenset(b for b, info in behaviors().items() if info.axis == "manner")


def supervisor_behaviors() -> frozenset[str]:
    from kasudesk.screening.rules import behaviors

    return frozenset(b for b, info in behaviors().items() if info.alert_supervisor)


def load(folder: Path = CALLS) -> list[Call]:
    """Every conversation of every ``*.jsonl`` file in ``folder``, in order."""
    return load_files(sorted(folder.glob("*.jsonl")))


def load_files(paths: Iterable[Path]) -> list[Call]:
    """Every conversation of the files, in order; an id may be used once in all."""
    manner = manner_behaviors()
    calls: list[Call] = []
    seen: set[str] = set()
    for path in paths:
        for where, row in numbered(path, CallError):
            call = _call(row, where, path.stem, manner)
            if call.id in seen:
                raise CallError(f"{where}: id {call.id!r} is used twice")
            seen.add(call.id)
            calls.append(call)
    return calls


@dataclass(frozen=True)
class Outcome:
    """What the live screen did with one conversation."""

    call: Call
    # (turn index, alert kind) of every alert the screen raised, in order;
    # the time limit's suggestion to end the contact is kept apart
    alerts: tuple[tuple[int, str], ...]
    time_limit: int | None  # the turn at which the time limit was passed
    flagged: tuple[bool | None, ...]  # per turn: screen() said harassment (None: staff)

    @property
    def first_alert(self) -> int | None:
        return self.alerts[0][0] if self.alerts else None

    @property
    def supervisor(self) -> bool:
        return any(kind == "alert_supervisor" for _, kind in self.alerts)

    def customer_turns_to_alert(self) -> int | None:
        """Customer turns from the first harassing one to the first alert at or after it."""
        first = self.call.first_harassing
        if first is None:
            return None
        after = [i for i, _ in self.alerts if i >= first]
        if not after:
            return None
        return sum(1 for turn in self.call.turns[first : after[0]] if turn.speaker == "customer")


def run(call: Call, policy: str | None = None) -> Outcome:
    from kasudesk.judgment.policy import load_policy
    from kasudesk.screening import Conversation, ConversationLimits

    limits = load_policy(policy).conversation_limits(call.channel)
    conversation = Conversation(ConversationLimits(**asdict(limits)), threshold=THRESHOLD)
    alerts: list[tuple[int, str]] = []
    time_limit = None
    for index, turn in enumerate(call.turns):
        for alert in conversation.feed(turn.speaker, turn.text, turn.t):
            # Only the time limit suggests the end with no words behind it.
            if alert.kind == "suggest_end_contact" and not alert.signals:
                time_limit = index
            else:
                alerts.append((index, alert.kind))
    flagged = tuple(None if r is None else r.harassment for r in conversation.results)
    return Outcome(call, tuple(alerts), time_limit, flagged)


@dataclass(frozen=True)
class Summary:
    """One language's (or one set's) figures."""

    name: str
    calls: int
    legit: int
    legit_alerted: int
    legit_supervisor: int
    harassing: int
    caught: int
    caught_on_first: int
    early: int
    turns_to_alert: float | None
    severe: int
    severe_supervisor: int
    other_supervisor: int
    time_limit: int


def summarise(name: str, outcomes: Sequence[Outcome], severe_kinds: frozenset[str]) -> Summary:
    legit = [o for o in outcomes if o.call.first_harassing is None]
    harassing = [o for o in outcomes if o.call.first_harassing is not None]
    delays = [d for o in harassing if (d := o.customer_turns_to_alert()) is not None]
    severe = [o for o in outcomes if o.call.severe(severe_kinds)]
    return Summary(
        name=name,
        calls=len(outcomes),
        legit=len(legit),
        legit_alerted=sum(1 for o in legit if o.alerts),
        legit_supervisor=sum(1 for o in legit if o.supervisor),
        harassing=len(harassing),
        caught=len(delays),
        caught_on_first=sum(1 for d in delays if d == 0),
        early=sum(
            1
            for o in harassing
            if o.first_alert is not None and o.first_alert < (o.call.first_harassing or 0)
        ),
        turns_to_alert=statistics.mean(delays) if delays else None,
        severe=len(severe),
        severe_supervisor=sum(1 for o in severe if o.supervisor),
        other_supervisor=sum(
            1 for o in outcomes if o.supervisor and not o.call.severe(severe_kinds)
        ),
        time_limit=sum(1 for o in outcomes if o.time_limit is not None),
    )


def run_rules_only(calls: Sequence[Call], policy: str | None = None) -> list[Outcome]:
    """The baseline: the same conversations with the learned layer switched off."""
    from unittest import mock

    from kasudesk.screening import model

    with mock.patch.object(model, "get_model", lambda: None):
        return [run(call, policy) for call in calls]


def _groups(outcomes: Sequence[Outcome]) -> Iterable[tuple[str, list[Outcome]]]:
    for key in sorted({o.call.set for o in outcomes}):
        yield key, [o for o in outcomes if o.call.set == key]
    for lang in ("ja", "en"):
        members = [o for o in outcomes if o.call.lang == lang]
        if members:
            yield f"all {lang}", members


def report(
    outcomes: Sequence[Outcome],
    policy: str | None,
    folder: Path = CALLS,
    baseline: Sequence[Outcome] = (),
) -> str:
    severe_kinds = supervisor_behaviors()
    summaries = [summarise(name, group, severe_kinds) for name, group in _groups(outcomes)]
    date = datetime.now(UTC).date().isoformat()
    where = folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder
    command = "python bench/screen_calls.py" + (f" --policy {policy}" if policy else "")
    lines = [
        f"Measured {date} by `{command}` on the conversations in {where}/, fed turn by "
        f"turn to `Conversation` under the {policy or 'standard'} policy's limits for "
        "each channel (threshold 0.5). Alerts are the warning script suggested, a "
        "supervisor alerted and the end of the contact suggested after warnings; the "
        "time limit's suggestion is counted apart.",
        "",
        "| set | calls | legitimate | legitimate with an alert | of them a supervisor "
        "| harassing | caught | on the first harassing turn | customer turns to the alert "
        "| alerted before the harassment |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        delay = "–" if s.turns_to_alert is None else f"{s.turns_to_alert:.2f}"
        lines.append(
            f"| {s.name} | {s.calls} | {s.legit} | {s.legit_alerted} | {s.legit_supervisor} "
            f"| {s.harassing} | {s.caught} | {s.caught_on_first} | {delay} | {s.early} |"
        )
    lines += [
        "",
        "Supervisor alerts (expected where a harassing turn is a threat, a physical "
        "attack, discrimination or a sexual remark), and contacts past the time limit:",
        "",
        "| set | conversations with a severe turn | supervisor alerted "
        "| supervisor alerted elsewhere | past the time limit |",
        "|---|---|---|---|---|",
    ]
    for s in summaries:
        lines.append(
            f"| {s.name} | {s.severe} | {s.severe_supervisor} | {s.other_supervisor} "
            f"| {s.time_limit} |"
        )
    if baseline:
        lines += [
            "",
            "Side by side in the same run with the learned layer switched off (rules only), "
            "over all sets of a language:",
            "",
            "| language | system | legitimate with an alert | caught | on the first harassing "
            "turn | alerted before the harassment | severe: supervisor alerted "
            "| supervisor alerted elsewhere |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for lang in ("ja", "en"):
            for system, group in (("screen()", outcomes), ("rules only", baseline)):
                members = [o for o in group if o.call.lang == lang]
                if not members:
                    continue
                b = summarise(lang, members, severe_kinds)
                lines.append(
                    f"| {lang} | {system} | {b.legit_alerted} of {b.legit} | {b.caught} of "
                    f"{b.harassing} | {b.caught_on_first} | {b.early} | {b.severe_supervisor} of "
                    f"{b.severe} | {b.other_supervisor} |"
                )
    lines += [
        "",
        "Customer turns one by one (screen() on each, against the writers' labels):",
        "",
        "| language | customer turns | harassing | precision | recall | F1 | legitimate flagged |",
        "|---|---|---|---|---|---|---|",
    ]
    for lang in ("ja", "en"):
        pairs = [
            (turn.harassing, bool(flag))
            for o in outcomes
            if o.call.lang == lang
            for turn, flag in zip(o.call.turns, o.flagged, strict=True)
            if turn.speaker == "customer"
        ]
        if pairs:
            c = count([g for g, _ in pairs], [p for _, p in pairs])
            lines.append(
                f"| {lang} | {len(pairs)} | {c.tp + c.fn} | {c.precision:.3f} | {c.recall:.3f} "
                f"| {c.f1:.3f} | {c.fp} |"
            )
    return "\n".join(lines) + "\n"


def show(outcomes: Sequence[Outcome], what: str) -> str:
    """Harassing conversations never alerted, or legitimate ones alerted."""
    out = []
    for o in outcomes:
        missed = what == "missed" and o.call.first_harassing is not None and not o.alerts
        alerted = what == "alerted" and o.call.first_harassing is None and o.alerts
        if missed or alerted:
            out.append(f"{o.call.id}\t{o.alerts}\n")
    return "".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=Path, default=CALLS)
    parser.add_argument("--policy", help="a judgment policy preset or file (default: standard)")
    parser.add_argument("--show", choices=["missed", "alerted"])
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    try:
        calls = load(args.calls)
    except CallError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not calls:
        print(f"error: no conversations in {args.calls}", file=sys.stderr)
        return 2
    from kasudesk.judgment.errors import JudgmentError
    from kasudesk.judgment.policy import load_policy

    try:
        load_policy(args.policy)  # a bad name or file is told once, before any call runs
    except JudgmentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    outcomes = [run(call, args.policy) for call in calls]
    if args.show:
        print(show(outcomes, args.show), end="")
        return 0
    baseline = run_rules_only(calls, args.policy)
    text = report(outcomes, args.policy, args.calls.resolve(), baseline)
    print(text, end="")
    if args.write_docs:
        replace_section(BENCHMARKS, HEADING, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
