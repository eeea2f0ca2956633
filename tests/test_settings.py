"""Settings read from the environment, checked in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import json, kasudesk.settings as s; "
    "print(json.dumps({'storage': s.STORAGES['default'], 'db': s.DATABASES['default']['ENGINE'],"
    " 'tz': s.TIME_ZONE, 'debug': s.DEBUG}, default=str))"
)


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KASUDESK_")}
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "KASUDESK_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_defaults_to_sqlite_tokyo_time_and_no_debug(tmp_path: Path) -> None:
    result = _settings(tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["tz"] == "Asia/Tokyo"
    assert values["debug"] is False
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_it_keeps_evidence_in_s3_when_a_bucket_is_configured(tmp_path: Path) -> None:
    result = _settings(
        tmp_path,
        KASUDESK_S3_BUCKET="evidence-bucket",
        KASUDESK_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        KASUDESK_S3_SECRET_ACCESS_KEY="s3cret",
    )
    storage = json.loads(result.stdout)["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "evidence-bucket"
    assert storage["OPTIONS"]["default_acl"] == "private"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KASUDESK_DEBUG", "yes"),
        ("KASUDESK_TIME_ZONE", "Mars/Olympus"),
        ("KASUDESK_DATABASE_URL", "mysql://root@localhost/kasudesk"),
        ("KASUDESK_SESSION_MINUTES", "soon"),
    ],
)
def test_it_refuses_to_start_with_a_bad_value_and_names_the_variable(
    tmp_path: Path, variable: str, value: str
) -> None:
    result = _settings(tmp_path, **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
