"""The compiled conditions answer exactly as the conditions they come from.

Judging reads every rule as a membership test on the set of satisfied
condition ids, grown stage by stage (the incident's atoms, then the
verdict's, the offenses', the policy's). These tests check that reading
against ``holds`` on plain atom sets, for every condition in the data.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kasudesk.judgment.compiled import NEVER, Compiled, compiled
from kasudesk.judgment.conditions import Condition, holds
from kasudesk.judgment.knowledge import SEVERITIES, knowledge

PLAN = compiled()
KB = knowledge()


def _conditions(plan: Compiled) -> list[tuple[int, Condition]]:
    """(id, condition) for every condition the plan gave an id."""
    kb = KB
    pairs: list[tuple[int, Condition]] = [
        (plan.critical, kb.rules.critical),
        (plan.high, kb.rules.high),
    ]
    pairs += [(plan.criteria[key], condition) for key, condition in kb.criteria.items()]
    pairs += [(a.when, d.when) for a, d in zip(plan.actions, kb.actions, strict=True)]
    for offense, definition in zip(plan.offenses, kb.offenses, strict=True):
        pairs += [(offense.when, definition.when), (offense.unless, definition.unless)]
        if definition.attempt is not None:
            assert offense.attempt_unless is not None
            pairs.append((offense.attempt_unless, definition.attempt.unless))
        for element, source in zip(offense.elements, definition.elements, strict=True):
            pairs += [(element.established, source.established), (element.missing, source.missing)]
            if source.only_if is not None:
                assert element.only_if is not None
                pairs.append((element.only_if, source.only_if))
            if source.skip_if is not None:
                pairs.append((element.skip_if, source.skip_if))
    return pairs


CONDITIONS = _conditions(PLAN)
BASE_ATOMS = sorted(
    {
        atom
        for _, condition in CONDITIONS
        for atom in condition.atoms()
        if not atom.startswith(("v:", "sev:", "sev>=", "ca:", "off:", "p:"))
    }
)


def _check(satisfied: set[int], atoms: set[str]) -> None:
    for number, condition in CONDITIONS:
        assert (number in satisfied) == holds(condition, atoms), (condition, sorted(atoms))


STAGES = st.fixed_dictionaries(
    {
        "verdict": st.sampled_from(sorted({key[0] for key in PLAN.verdict_atoms})),
        "severity": st.sampled_from(SEVERITIES),
        "addressable": st.booleans(),
        "offenses": st.booleans(),
        "police": st.booleans(),
        "ban": st.booleans(),
    }
)


@settings(max_examples=300, deadline=None)
@given(base=st.sets(st.sampled_from(BASE_ATOMS)), stages=STAGES)
def test_it_grows_the_satisfied_set_as_holds_would_answer_at_each_stage(
    base: set[str], stages: dict[str, Any]
) -> None:
    atoms = set(base)
    satisfied = PLAN.index.satisfy(atoms)
    _check(satisfied, atoms)
    new, trigger = PLAN.verdict_atoms[stages["verdict"], stages["severity"], stages["addressable"]]
    atoms.update(new)
    trigger.fire(satisfied, atoms)
    _check(satisfied, atoms)
    if stages["offenses"]:
        atoms.add("off:any")
        PLAN.offense_atom.fire(satisfied, atoms)
        _check(satisfied, atoms)
    new, trigger = PLAN.policy_atoms[stages["police"], stages["ban"]]
    atoms.update(new)
    trigger.fire(satisfied, atoms)
    _check(satisfied, atoms)


def test_it_gives_a_condition_that_never_holds_no_id() -> None:
    empty = Condition(frozenset(), ())
    assert not holds(empty, set(BASE_ATOMS))
    assert all(number != NEVER for number, condition in CONDITIONS if condition.atoms())
    assert all(number == NEVER for number, condition in CONDITIONS if not condition.atoms())


def test_it_keeps_condition_ids_small_enough_to_share() -> None:
    # Below 256 Python keeps one object per integer, so testing an id in the
    # satisfied set allocates nothing; more conditions would still be right.
    assert max(number for number, _ in CONDITIONS) < 256
