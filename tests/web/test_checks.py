from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.checks import CheckMessage, run_checks
from django.utils import translation
from pytest_django.fixtures import Settings

from kasudesk.web import checks


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _ids(messages: Sequence[CheckMessage]) -> list[str]:
    return [str(m.id) for m in messages]


@pytest.mark.parametrize(
    ("debug", "hosts", "expected"),
    [
        (True, ["kasudesk.example.jp"], ["kasudesk.E001"]),
        (True, ["*"], ["kasudesk.E001"]),
        (True, ["127.0.0.1", "localhost", "[::1]"], []),
        (False, ["kasudesk.example.jp"], []),
    ],
)
def test_it_refuses_debug_on_a_public_host(
    settings: Settings, debug: bool, hosts: list[str], expected: list[str]
) -> None:
    settings.DEBUG = debug
    settings.ALLOWED_HOSTS = hosts
    messages = checks.check_debug_hosts()
    assert _ids(messages) == expected
    if messages:
        assert "KASUDESK_DEBUG" in str(messages[0].hint)


@pytest.mark.parametrize(
    ("engine", "expected"),
    [
        ("django.db.backends.sqlite3", ["kasudesk.W001"]),
        ("django.db.backends.postgresql", []),
    ],
)
def test_it_warns_about_sqlite_in_production(
    monkeypatch: pytest.MonkeyPatch, engine: str, expected: list[str]
) -> None:
    # Overriding the real DATABASES would disturb the test database connection.
    monkeypatch.setattr(
        checks, "settings", SimpleNamespace(DATABASES={"default": {"ENGINE": engine}})
    )
    assert _ids(checks.check_database()) == expected


@pytest.mark.parametrize(("https", "expected"), [(False, ["kasudesk.W002"]), (True, [])])
def test_it_warns_when_https_is_off(settings: Settings, https: bool, expected: list[str]) -> None:
    settings.HTTPS = https
    assert _ids(checks.check_https()) == expected


@pytest.mark.parametrize(
    ("mode", "expected"), [(0o644, ["kasudesk.W003"]), (0o640, ["kasudesk.W003"]), (0o600, [])]
)
def test_it_warns_when_the_generated_key_is_readable_by_others(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mode: int,
    expected: list[str],
) -> None:
    monkeypatch.delenv("KASUDESK_SECRET_KEY", raising=False)
    monkeypatch.delenv("KASUDESK_SECRET_KEY_FILE", raising=False)
    settings.VAR_DIR = tmp_path
    key = tmp_path / "secret_key"
    key.write_text("k" * 60)
    key.chmod(mode)
    messages = checks.check_secret_key_file()
    assert _ids(messages) == expected
    if messages:
        assert f"chmod 600 {key}" in str(messages[0].hint)


def test_it_checks_the_file_named_by_secret_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "mounted"
    key.write_text("k" * 60)
    key.chmod(0o644)
    monkeypatch.delenv("KASUDESK_SECRET_KEY", raising=False)
    monkeypatch.setenv("KASUDESK_SECRET_KEY_FILE", str(key))
    assert _ids(checks.check_secret_key_file()) == ["kasudesk.W003"]


def test_it_ignores_file_modes_when_the_key_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KASUDESK_SECRET_KEY", "x" * 60)
    assert checks.check_secret_key_file() == []
    assert "environment variable" in checks.secret_key_source().description


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        ("django.core.mail.backends.console.EmailBackend", ["kasudesk.W004"]),
        ("django.core.mail.backends.smtp.EmailBackend", []),
    ],
)
def test_it_warns_about_the_console_mail_backend(
    settings: Settings, backend: str, expected: list[str]
) -> None:
    settings.MAILERS = {"default": {"BACKEND": backend}}
    assert _ids(checks.check_email_backend()) == expected


def test_it_registers_deployment_checks_only_for_deploy(settings: Settings, db: None) -> None:
    settings.HTTPS = False
    plain = _ids(run_checks())
    deploy = _ids(run_checks(include_deployment_checks=True))
    assert "kasudesk.W002" not in plain
    assert "kasudesk.W002" in deploy
    on_sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    assert ("kasudesk.W001" in deploy) == on_sqlite
