from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import translation
from pytest_django.fixtures import Settings

from kasudesk.cli import main
from kasudesk.web.diagnose import diagnose

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _run(deploy: bool = False) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = diagnose(deploy=deploy, out=out)
    return code, out.getvalue().splitlines()


def test_it_passes_a_healthy_installation() -> None:
    code, lines = _run()
    assert code == 0, lines
    assert all(line.startswith("✓ ") for line in lines)
    joined = "\n".join(lines)
    engine = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    assert f"Database reachable: {engine}" in joined
    assert "All migrations applied." in joined
    assert "Media storage writable" in joined
    assert "Secret key set, from" in joined


def test_it_reports_an_unreachable_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    code, lines = _run()
    assert code == 1
    assert lines[0].startswith("✗ Database not reachable")
    assert "connection refused" in lines[0]
    assert "Fix: Check KASUDESK_DATABASE_URL" in lines[0]


def test_it_reports_unapplied_migrations() -> None:
    MigrationRecorder.Migration.objects.filter(app="audit").delete()
    code, lines = _run()
    assert code == 1
    (line,) = [line for line in lines if "migrations not applied" in line]
    assert line.startswith("✗ 1 migrations not applied (audit.0001_initial)")
    assert line.endswith("Fix: Run kasudesk manage migrate.")


def test_it_reports_media_storage_that_cannot_be_written(
    settings: Settings, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    code, lines = _run()
    assert code == 1
    (line,) = [line for line in lines if "Media storage" in line]
    assert line.startswith(f"✗ Media storage not writable at {blocker / 'media'}")
    assert "KASUDESK_MEDIA_ROOT" in line


def test_it_reports_an_empty_secret_key(settings: Settings) -> None:
    settings.SECRET_KEY = ""
    code, lines = _run()
    assert code == 1
    assert "✗ No secret key is set. Fix: Set KASUDESK_SECRET_KEY_FILE" in "\n".join(lines)


def test_it_names_where_the_secret_key_came_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KASUDESK_SECRET_KEY", "from-the-environment-" * 3)
    _code, lines = _run()
    assert "✓ Secret key set, from the KASUDESK_SECRET_KEY environment variable." in lines


def test_it_reports_unsafe_production_settings_with_deploy(settings: Settings) -> None:
    settings.HTTPS = False
    code, lines = _run(deploy=True)
    assert code == 1
    (line,) = [line for line in lines if line.startswith("✗ kasudesk.W002")]
    assert "Fix: Serve KasuDesk behind a TLS-terminating proxy" in line


def test_it_reports_an_error_check_without_deploy(settings: Settings) -> None:
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["kasudesk.example.jp"]
    code, lines = _run()
    assert code == 1
    assert any(line.startswith("✗ kasudesk.E001: Debug mode is on") for line in lines)


def test_the_cli_runs_the_diagnosis(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "✓ All migrations applied." in capsys.readouterr().out
