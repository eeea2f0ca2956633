"""Policies: the eight industry presets, company files, and their errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kasudesk import screening
from kasudesk.accounts.models import Industry
from kasudesk.judgment import PRESETS, JudgmentError, Policy, load_policy
from kasudesk.judgment.knowledge import read_data
from kasudesk.judgment.policy import CRITERIA, find_line


def test_it_names_the_presets_like_the_industry_choices() -> None:
    assert list(PRESETS) == [choice.value for choice in Industry]


@pytest.mark.parametrize("name", list(PRESETS))
def test_it_loads_every_preset(name: str) -> None:
    policy = PRESETS[name]
    assert isinstance(policy, Policy)
    assert policy.name == name
    assert policy.label_ja and policy.label_en
    assert policy.escalation and policy.police_when and policy.sources
    assert load_policy(name) is policy


def test_it_returns_the_standard_policy_for_none() -> None:
    assert load_policy(None).name == "standard"


def test_it_keeps_criteria_in_step_with_the_playbooks() -> None:
    assert set(CRITERIA) == set(read_data("playbooks.json")["criteria"])


@pytest.mark.parametrize(
    ("name", "channel", "minutes", "warnings"),
    [
        ("retail", "in_person", 30, 2),
        ("food_service", "in_person", 20, 2),
        ("government", "in_person", 60, 3),
        ("transport", "in_person", 15, 2),
        ("healthcare", "phone", 20, 2),
        ("call_centre", "chat", 30, 2),
    ],
)
def test_it_gives_conversation_limits_as_plain_numbers(
    name: str, channel: str, minutes: float, warnings: int
) -> None:
    limits = PRESETS[name].conversation_limits(channel)
    assert (limits.max_minutes, limits.warnings_before_end) == (minutes, warnings)
    assert isinstance(limits.max_minutes, float) and isinstance(limits.warnings_before_end, int)


def test_it_passes_the_tension_streak_to_live_screening(tmp_path: Path) -> None:
    assert PRESETS["retail"].conversation_limits("phone").tense_in_a_row == 3
    path = tmp_path / "calm.toml"
    path.write_text('name = "calm"\nextends = "retail"\n[limits]\ntense_in_a_row = 0\n', "utf-8")
    assert load_policy(str(path)).conversation_limits("phone").tense_in_a_row is None


def test_its_limits_are_what_live_screening_takes() -> None:
    limits = PRESETS["government"].conversation_limits("in_person")
    live = screening.ConversationLimits(**dataclasses.asdict(limits))
    assert (live.max_minutes, live.warnings_before_end, live.tense_in_a_row) == (60, 3, 3)


@pytest.mark.parametrize("value", ["1", "-1", "true", "2.5"])
def test_it_rejects_a_tension_streak_that_means_nothing(tmp_path: Path, value: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        f'name = "x"\nextends = "retail"\n[limits]\ntense_in_a_row = {value}\n', "utf-8"
    )
    with pytest.raises(JudgmentError, match=r"line 4: limits\.tense_in_a_row: expected 0 \(off\)"):
        load_policy(str(path))


def test_it_rejects_an_unknown_channel_for_limits() -> None:
    with pytest.raises(JudgmentError, match=r"^channel:"):
        PRESETS["retail"].conversation_limits("fax")


def test_it_lets_a_company_file_override_a_preset(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(
        'name = "acme"\nextends = "government"\nlabel = { ja = "アクメ", en = "Acme" }\n\n'
        "[limits]\nphone_minutes = 15\n\n[repeat_contact]\ncount = 10\n",
        "utf-8",
    )
    policy = load_policy(str(path))
    assert policy.name == "acme"
    assert policy.extends == "government"
    assert policy.phone_minutes == 15
    assert policy.in_person_minutes == 60  # from the preset
    assert policy.warnings_before_end == 3  # from the preset
    assert policy.repeat_count == 10
    assert policy.repeat_days == 7  # from the base


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            'name = "x"\nextends = "retail"\n\n[limits]\nphone_minutes = -5\n',
            r"line 5: limits\.phone_minutes: expected a number > 0",
        ),
        (
            'name = "x"\nextends = "retail"\n[limits]\nphone_minuets = 5\n',
            r"line 4: limits\.phone_minuets: unknown key",
        ),
        ('name = "x"\nextends = "bakery"\n', r"line 2: extends: expected one of retail"),
        (
            'name = "x"\nextends = "retail"\n\n[police]\ncall_when = ["weapon", "rudeness"]\n',
            r"line 5: police\.call_when: expected a list drawn from",
        ),
        (
            'name = "x"\nextends = "retail"\n[repeat_contact]\ncount = 1\n',
            r"line 4: repeat_contact\.count: expected an integer >= 2",
        ),
        (
            'name = "x"\nextends = "retail"\n[recording]\nnotice = "yes"\n',
            r"line 4: recording\.notice: expected true or false",
        ),
        (
            'name = "x"\nextends = "retail"\n[[escalation]]\nrole = "desk"\nname = { ja = "窓口", en = "desk" }\nmin_severity = "urgent"\nwithin_minutes = 5\n',
            r"line 6: escalation\[0\]\.min_severity",
        ),
        ('name = "x"\n[limits]\nphone_minutes = 5\n', r"bad\.toml: label: missing"),
        ('name = "x"\n[limits\nphone_minutes = 5\n', r"not valid TOML: .*line 2"),
        ('name = "x"\ncolour = "red"\n', r"line 2: colour: unknown key"),
    ],
)
def test_it_names_the_key_and_line_of_a_bad_file(tmp_path: Path, source: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(source, "utf-8")
    with pytest.raises(JudgmentError, match=message):
        load_policy(str(path))


def test_it_reads_an_edited_file_again(tmp_path: Path) -> None:
    path = tmp_path / "co.toml"
    path.write_text('name = "co"\nextends = "retail"\n[limits]\nphone_minutes = 10\n', "utf-8")
    assert load_policy(str(path)).phone_minutes == 10
    path.write_text('name = "co"\nextends = "retail"\n[limits]\nphone_minutes = 12\n', "utf-8")
    import os

    os.utime(path, ns=(1, 10**18))
    assert load_policy(str(path)).phone_minutes == 12


@pytest.mark.parametrize("value", ["bakery", "policy.yaml", "/no/such/file.toml"])
def test_it_rejects_an_unknown_name_or_missing_file(value: str) -> None:
    with pytest.raises(JudgmentError, match=r"^policy:"):
        load_policy(value)


@pytest.mark.parametrize(
    ("dotted", "line"),
    [
        ("limits.phone_minutes", 3),
        ("name", 1),
        ("escalation[1].role", 8),
        ("escalation[0].role", 6),
        ("repeat_contact.count", None),
    ],
)
def test_it_finds_the_line_of_a_key(dotted: str, line: int | None) -> None:
    source = 'name = "x"\n[limits]\nphone_minutes = 5\n\n[[escalation]]\nrole = "a"\n[[escalation]]\nrole = "b"\n'
    assert find_line(source, dotted) == line


def test_it_accepts_the_company_file_shown_in_the_docs(tmp_path: Path) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "algorithms" / "judgment.md").read_text("utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "acme.toml"
    path.write_text(example, "utf-8")
    policy = load_policy(str(path))
    assert (policy.name, policy.extends, policy.in_person_minutes) == ("acme-stores", "retail", 20)
