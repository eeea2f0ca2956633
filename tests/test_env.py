"""The strict environment readers behind kasudesk/settings.py."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kasudesk.env import (
    ConfigError,
    envbool,
    envint,
    envlist,
    envsecret,
    envstr,
    envtimezone,
)

NAME = "KASUDESK_X"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, "default"), ("", "default"), ("   ", "default"), (" value ", "value")],
)
def test_envstr_falls_back_on_unset_or_blank(raw: str | None, expected: str) -> None:
    environ = {} if raw is None else {NAME: raw}
    assert envstr(NAME, "default", environ) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, False), ("true", True), ("TRUE", True), ("false", False), (" False ", False)],
)
def test_envbool_reads_only_true_and_false(raw: str | None, expected: bool) -> None:
    environ = {} if raw is None else {NAME: raw}
    assert envbool(NAME, False, environ) is expected


@pytest.mark.parametrize("raw", ["1", "yes", "on", "ture", "0"])
def test_envbool_rejects_anything_else_naming_the_variable(raw: str) -> None:
    with pytest.raises(ConfigError) as caught:
        envbool(NAME, False, {NAME: raw})
    assert caught.value.name == NAME
    assert str(caught.value).startswith(f"{NAME}: expected 'true' or 'false'")


@pytest.mark.parametrize(("raw", "expected"), [(None, 7), ("12", 12), (" 0 ", 0), ("-3", -3)])
def test_envint_reads_whole_numbers(raw: str | None, expected: int) -> None:
    environ = {} if raw is None else {NAME: raw}
    assert envint(NAME, 7, environ) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1.5", "expected a whole number, got '1.5'"),
        ("five", "expected a whole number, got 'five'"),
        ("0", "must be at least 1, got 0"),
    ],
)
def test_envint_rejects_bad_numbers(raw: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        envint(NAME, 7, {NAME: raw}, minimum=1)
    assert str(caught.value) == f"{NAME}: {message}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, ["a"]), ("x.example.jp", ["x.example.jp"]), ("a, b ,c", ["a", "b", "c"])],
)
def test_envlist_splits_on_commas(raw: str | None, expected: list[str]) -> None:
    environ = {} if raw is None else {NAME: raw}
    assert envlist(NAME, ["a"], environ) == expected


@pytest.mark.parametrize("raw", ["a,,b", "a,", ",a"])
def test_envlist_rejects_empty_entries(raw: str) -> None:
    with pytest.raises(ConfigError, match=f"^{NAME}: has an empty entry"):
        envlist(NAME, [], {NAME: raw})


def test_envlist_returns_a_copy_of_the_default() -> None:
    default = ["a"]
    envlist(NAME, default, {}).append("b")
    assert default == ["a"]


def test_envtimezone_accepts_iana_names() -> None:
    assert envtimezone(NAME, "Asia/Tokyo", {}) == "Asia/Tokyo"
    assert envtimezone(NAME, "Asia/Tokyo", {NAME: "UTC"}) == "UTC"


@pytest.mark.parametrize("raw", ["JST+9", "Asia/Tokio", "../etc/passwd"])
def test_envtimezone_rejects_unknown_zones(raw: str) -> None:
    with pytest.raises(ConfigError, match=f"^{NAME}: .* is not an IANA time zone"):
        envtimezone(NAME, "Asia/Tokyo", {NAME: raw})


def test_envsecret_prefers_the_direct_value() -> None:
    assert envsecret(NAME, None, {NAME: "s3cret"}) == "s3cret"


def test_envsecret_reads_the_named_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-file\n", encoding="utf-8")
    assert envsecret(NAME, None, {f"{NAME}_FILE": str(secret)}) == "from-file"


def test_envsecret_refuses_both_forms(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=f"^{NAME}: set either {NAME} or {NAME}_FILE"):
        envsecret(NAME, None, {NAME: "a", f"{NAME}_FILE": str(tmp_path / "x")})


def test_envsecret_names_the_file_variable_when_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        envsecret(NAME, None, {f"{NAME}_FILE": str(tmp_path / "missing")})
    assert caught.value.name == f"{NAME}_FILE"
    assert "cannot read" in str(caught.value)


def test_envsecret_refuses_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"^{NAME}_FILE: .* is empty"):
        envsecret(NAME, None, {f"{NAME}_FILE": str(empty)})


def test_envsecret_generates_a_private_key_once(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    first = envsecret(NAME, path, {})
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert envsecret(NAME, path, {}) == first


def test_envsecret_without_a_generated_path_is_empty() -> None:
    assert envsecret(NAME, None, {}) == ""
