"""combine(): one score from signals, the model and carve-outs."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kasudesk.screening.scoring import (
    DEMAND_ALONE_CAP,
    DEMAND_BEHAVIORS,
    combine,
    noisy_or,
)


@dataclass(frozen=True)
class Sig:
    behavior: str
    start: int
    end: int
    score: float
    rule: str = ""

    def __post_init__(self) -> None:
        if not self.rule:  # distinct rules by default: independent evidence
            object.__setattr__(self, "rule", f"{self.behavior}.{self.start}")


@dataclass(frozen=True)
class Carve:
    kind: str
    start: int
    end: int


scores = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
behaviors = st.sampled_from(["threat", "verbal_abuse", "sexual_conduct", *sorted(DEMAND_BEHAVIORS)])
signals = st.lists(
    st.builds(
        Sig, behavior=behaviors, start=st.integers(0, 20), end=st.integers(21, 30), score=scores
    ),
    max_size=4,
)
carves = st.lists(
    st.builds(
        Carve, kind=st.just("lawful_remedy"), start=st.integers(0, 30), end=st.integers(31, 40)
    ),
    max_size=2,
)
models = st.one_of(st.none(), scores)


@pytest.mark.parametrize(
    ("found", "model", "expected"),
    [
        ([], None, 0.0),
        ([], 0.0, 0.0),
        ([], 0.7, 0.7),
        ([Sig("threat", 0, 3, 0.9)], None, 0.9),
        ([Sig("threat", 0, 3, 0.5), Sig("verbal_abuse", 5, 8, 0.5)], None, 0.75),
        ([Sig("verbal_abuse", 0, 3, 0.5)], 0.5, 0.75),
        ([Sig("refund_or_exchange", 0, 3, 1.0)], None, DEMAND_ALONE_CAP),
    ],
)
def test_it_combines_evidence_as_a_noisy_or(
    found: list[Sig], model: float | None, expected: float
) -> None:
    assert combine(found, model, ()) == pytest.approx(expected)


@given(found=signals, model=models, carve=carves)
def test_it_stays_in_the_unit_interval(
    found: list[Sig], model: float | None, carve: list[Carve]
) -> None:
    assert 0.0 <= combine(found, model, carve) <= 1.0


@given(found=signals, model=models, carve=carves, index=st.integers(0, 3), bump=scores)
def test_it_is_monotone_in_each_signal_score(
    found: list[Sig], model: float | None, carve: list[Carve], index: int, bump: float
) -> None:
    if not found:
        return
    i = index % len(found)
    raised = [*found]
    raised[i] = Sig(
        found[i].behavior, found[i].start, found[i].end, max(found[i].score, bump), found[i].rule
    )
    assert combine(raised, model, carve) >= combine(found, model, carve) - 1e-12


@given(found=signals, model=scores, carve=carves, bump=scores)
def test_it_is_monotone_in_the_model_probability(
    found: list[Sig], model: float, carve: list[Carve], bump: float
) -> None:
    assert combine(found, max(model, bump), carve) >= combine(found, model, carve) - 1e-12


@given(
    demands=st.lists(
        st.builds(
            Sig,
            behavior=st.sampled_from(sorted(DEMAND_BEHAVIORS)),
            start=st.integers(0, 20),
            end=st.integers(21, 30),
            score=scores,
        ),
        min_size=1,
        max_size=5,
    ),
    model=st.one_of(st.none(), st.floats(min_value=0.0, max_value=0.3)),
)
def test_it_keeps_demands_alone_below_the_policy_threshold(
    demands: list[Sig], model: float | None
) -> None:
    assert combine(demands, model, ()) < 0.5


def test_it_counts_one_rule_matching_twice_once() -> None:
    once = [Sig("verbal_abuse", 0, 2, 0.5, "abuse.omae")]
    twice = [*once, Sig("verbal_abuse", 10, 12, 0.5, "abuse.omae")]
    assert combine(twice, None, ()) == pytest.approx(combine(once, None, ()))


def test_it_lets_a_demand_amplify_abuse() -> None:
    abuse = [Sig("verbal_abuse", 0, 3, 0.4)]
    with_demand = [*abuse, Sig("monetary_compensation", 5, 10, 0.9)]
    assert combine(with_demand, 0.1, ()) > combine(abuse, 0.1, ())


@given(found=signals, model=models, carve=carves, extra=carves)
def test_it_never_rises_when_a_carve_out_is_added(
    found: list[Sig], model: float | None, carve: list[Carve], extra: list[Carve]
) -> None:
    assert combine(found, model, [*carve, *extra]) <= combine(found, model, carve) + 1e-12


@pytest.mark.parametrize(
    ("found", "model", "carve"),
    [
        ([Sig("verbal_abuse", 10, 14, 0.8)], None, [Carve("product_profanity", 5, 20)]),
        ([], 0.8, [Carve("lawful_remedy", 0, 10)]),
        ([Sig("threat", 0, 4, 0.6)], 0.6, [Carve("lawful_remedy", 0, 10)]),
    ],
)
def test_it_lowers_the_score_under_a_carve_out(
    found: list[Sig], model: float | None, carve: list[Carve]
) -> None:
    assert combine(found, model, carve) < combine(found, model, ())


def test_it_keeps_abuse_outside_a_carve_out() -> None:
    found = [Sig("verbal_abuse", 30, 33, 0.9)]
    assert combine(found, None, [Carve("lawful_remedy", 0, 10)]) == pytest.approx(0.9)


@pytest.mark.parametrize("bad", [float("nan"), -1.0, 2.0])
def test_it_clamps_out_of_range_inputs(bad: float) -> None:
    assert 0.0 <= combine([Sig("threat", 0, 1, bad)], bad, ()) <= 1.0


def test_it_computes_noisy_or_of_nothing_as_zero() -> None:
    assert noisy_or([]) == 0.0
