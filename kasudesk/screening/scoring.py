"""One score in [0, 1] from lexicon and pattern signals, the model and carve-outs.

The algorithm is written up in docs/algorithms/screening.md ("Learned layer
and score"). In short: manner signals and the model are independent pieces
of evidence joined by a noisy-OR; demand-content signals only amplify manner
evidence that is already there (asking for a refund is not harassment, asking
for it while insulting staff is the classic pattern); carve-outs (a lawful
remedy, profanity aimed at a product) discount what they cover.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Protocol

DEMAND_BEHAVIORS = frozenset(
    {
        "refund_or_exchange",
        "monetary_compensation",
        "apology_demand",
        "unrelated_demand",
        "excessive_demand",
    }
)

# A demand on its own is worth recording but never reaches the default
# policy threshold of 0.5.
DEMAND_ALONE_CAP = 0.3
# How strongly a demand raises manner evidence already present; below 1 so
# the score stays monotone in every input.
DEMAND_AMPLIFY = 0.4
# A signal inside a carve-out span keeps this share of its score.
CARVED_SIGNAL_FACTOR = 0.2
# The model reads the whole text and cannot see which part a carve-out
# excuses, so each carve-out scales its probability down by this factor.
CARVED_MODEL_FACTOR = 0.6
CARVED_MODEL_FLOOR = 0.3


class SignalLike(Protocol):
    """What scoring reads from a screening signal."""

    @property
    def behavior(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def score(self) -> float: ...

    @property
    def rule(self) -> str: ...


class CarveOutLike(Protocol):
    """What scoring reads from a carve-out (a span that excuses language)."""

    @property
    def kind(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def noisy_or(scores: Iterable[float]) -> float:
    """Probability that at least one piece of independent evidence holds."""
    miss = 1.0
    for score in scores:
        miss *= 1.0 - _clamp(score)
    return 1.0 - miss


def _clamp(value: float) -> float:
    if math.isnan(value):  # NaN never counts as evidence
        return 0.0
    return min(1.0, max(0.0, value))


def _covered(signal: SignalLike, carve_outs: Sequence[CarveOutLike]) -> bool:
    return any(signal.start < c.end and c.start < signal.end for c in carve_outs)


def combine(
    signals: Sequence[SignalLike],
    model_probability: float | None,
    carve_outs: Sequence[CarveOutLike] = (),
) -> float:
    """Return the harassment score in [0, 1] for one text.

    Monotone: raising any signal score or the model probability never lowers
    the result; adding a carve-out never raises it.
    """
    # One rule matching twice is one piece of evidence, not two independent ones.
    manner: dict[str, float] = {}
    demand: dict[str, float] = {}
    for signal in signals:
        score = _clamp(signal.score)
        if carve_outs and _covered(signal, carve_outs):
            score *= CARVED_SIGNAL_FACTOR
        bucket = demand if signal.behavior in DEMAND_BEHAVIORS else manner
        bucket[signal.rule] = max(score, bucket.get(signal.rule, 0.0))
    model = 0.0 if model_probability is None else _clamp(model_probability)
    if carve_outs:
        model *= max(CARVED_MODEL_FLOOR, CARVED_MODEL_FACTOR ** len(carve_outs))
    base = noisy_or([*manner.values(), model])
    if not demand:
        return base
    strength = noisy_or(demand.values())
    amplified = base + DEMAND_AMPLIFY * strength * base * (1.0 - base)
    return min(1.0, max(amplified, DEMAND_ALONE_CAP * strength))
