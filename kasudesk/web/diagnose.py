"""``kasudesk check``: is this installation ready to serve?

Each line starts with ✓ or ✗; every ✗ says how to fix it. Nothing here
changes the installation, except a probe file created and removed again in
the media folder.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.checks import WARNING, run_checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from kasudesk.web.checks import secret_key_source

OK = "✓"
FAIL = "✗"


@dataclass(frozen=True)
class Finding:
    ok: bool
    message: str
    hint: str = ""

    def line(self) -> str:
        mark = OK if self.ok else FAIL
        if self.ok or not self.hint:
            return f"{mark} {self.message}"
        fix = _("%(problem)s Fix: %(hint)s") % {"problem": self.message, "hint": self.hint}
        return f"{mark} {fix}"


def _database_label() -> str:
    config = settings.DATABASES["default"]
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return _("SQLite at %(path)s") % {"path": config["NAME"]}
    return _("PostgreSQL database %(name)s on %(host)s") % {
        "name": config.get("NAME", ""),
        "host": config.get("HOST") or "localhost",
    }


def check_database() -> list[Finding]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return [
            Finding(
                False,
                _("Database not reachable (%(label)s): %(error)s")
                % {"label": _database_label(), "error": str(exc).strip() or type(exc).__name__},
                _("Check KASUDESK_DATABASE_URL and that the database server is running."),
            )
        ]
    return [Finding(True, _("Database reachable: %(label)s.") % {"label": _database_label()})]


def check_migrations() -> list[Finding]:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return [
            Finding(
                False,
                _("Cannot read the migration state: %(error)s") % {"error": exc},
                _("Make the database reachable first."),
            )
        ]
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:3])
        more = "…" if len(plan) > 3 else ""
        return [
            Finding(
                False,
                _("%(count)d migrations not applied (%(names)s%(more)s).")
                % {"count": len(plan), "names": names, "more": more},
                _("Run kasudesk manage migrate."),
            )
        ]
    return [Finding(True, _("All migrations applied."))]


def check_media() -> list[Finding]:
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".kasudesk-check-") as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError as exc:
        return [
            Finding(
                False,
                _("Media storage not writable at %(path)s: %(error)s")
                % {"path": root, "error": exc.strerror or exc},
                _(
                    "Create the folder and give the KasuDesk account write access, "
                    "or set KASUDESK_MEDIA_ROOT."
                ),
            )
        ]
    return [Finding(True, _("Media storage writable: %(path)s.") % {"path": root})]


def check_secret_key() -> list[Finding]:
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:
        key = ""
    if not key:
        return [
            Finding(
                False,
                _("No secret key is set."),
                _("Set KASUDESK_SECRET_KEY_FILE to a file holding a long random string."),
            )
        ]
    source = secret_key_source()
    return [Finding(True, _("Secret key set, from %(source)s.") % {"source": source.description})]


def check_settings(deploy: bool) -> list[Finding]:
    messages = [m for m in run_checks(include_deployment_checks=deploy) if m.level >= WARNING]
    if not messages:
        scope = _("with deployment checks") if deploy else _("without deployment checks")
        return [
            Finding(
                True,
                _("Settings safe: Django's system checks (%(scope)s) found no problems.")
                % {"scope": scope},
            )
        ]
    return [Finding(False, f"{m.id}: {m.msg}", str(m.hint) if m.hint else "") for m in messages]


def diagnose(deploy: bool, out: TextIO) -> int:
    """Print one line per finding; return 0 if all are fine, else 1."""
    steps: list[Callable[[], list[Finding]]] = [
        check_database,
        check_migrations,
        check_media,
        check_secret_key,
        lambda: check_settings(deploy),
    ]
    failed = False
    for step in steps:
        for finding in step():
            out.write(finding.line() + "\n")
            failed = failed or not finding.ok
    return 1 if failed else 0
