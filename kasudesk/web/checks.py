"""System checks that stop or warn about unsafe installation settings.

Run by ``kasudesk check`` and Django's ``check`` command; the deployment ones
only with ``--deploy``. Each has an id (``kasudesk.E001``…) and a hint.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.translation import gettext as _

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1", ".localhost", "testserver"})
CONSOLE_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)


@dataclass(frozen=True)
class SecretSource:
    """Where SECRET_KEY was read from, and the file behind it if any."""

    description: str
    path: Path | None


def secret_key_source() -> SecretSource:
    if os.environ.get("KASUDESK_SECRET_KEY", "").strip():
        return SecretSource(_("the KASUDESK_SECRET_KEY environment variable"), None)
    named = os.environ.get("KASUDESK_SECRET_KEY_FILE", "").strip()
    if named:
        return SecretSource(
            _("the file named by KASUDESK_SECRET_KEY_FILE (%(path)s)") % {"path": named},
            Path(named),
        )
    generated = Path(settings.VAR_DIR) / "secret_key"
    return SecretSource(
        _("the key generated at first start (%(path)s)") % {"path": generated}, generated
    )


def _email_backends() -> list[str]:
    mailers: Any = getattr(settings, "MAILERS", None)
    if isinstance(mailers, dict) and mailers:
        return [str(config.get("BACKEND", "")) for config in mailers.values()]
    # Older style, read only when MAILERS is absent (Django refuses both).
    backend = getattr(settings, "EMAIL_BACKEND", None)
    return [str(backend)] if backend else []


@register(Tags.security)
def check_debug_hosts(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    public = [host for host in settings.ALLOWED_HOSTS if host not in LOCAL_HOSTS]
    if settings.DEBUG and public:
        return [
            Error(
                _("Debug mode is on while the site answers to %(hosts)s.")
                % {"hosts": ", ".join(public)},
                hint=_(
                    "Debug pages reveal settings and records to anyone. Unset "
                    "KASUDESK_DEBUG (or set it to false) on any installation others can reach."
                ),
                id="kasudesk.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_database(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return [
            Warning(
                _("The database is SQLite."),
                hint=_(
                    "SQLite suits one site with a few users. For an organisation, set "
                    "KASUDESK_DATABASE_URL=postgres://… and back it up; see docs/deployment.md."
                ),
                id="kasudesk.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_https(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if not getattr(settings, "HTTPS", False):
        return [
            Warning(
                _("HTTPS is off: session and CSRF cookies may travel unencrypted."),
                hint=_(
                    "Serve KasuDesk behind a TLS-terminating proxy and set KASUDESK_HTTPS=true "
                    "(and KASUDESK_BEHIND_PROXY=true if the proxy sets X-Forwarded-Proto)."
                ),
                id="kasudesk.W002",
            )
        ]
    return []


@register(Tags.security)
def check_secret_key_file(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    source = secret_key_source()
    if source.path is None:
        return []
    try:
        mode = source.path.stat().st_mode
    except OSError:
        return []
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return [
            Warning(
                _("The secret key file %(path)s can be read by other accounts (mode %(mode)s).")
                % {"path": source.path, "mode": oct(stat.S_IMODE(mode))},
                hint=_("Anyone holding the key can forge sessions. Run: chmod 600 %(path)s")
                % {"path": source.path},
                id="kasudesk.W003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_email_backend(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if any(backend in CONSOLE_BACKENDS for backend in _email_backends()):
        return [
            Warning(
                _("E-mail is written to the console, so nobody receives password resets."),
                hint=_(
                    "Set KASUDESK_EMAIL_HOST (and KASUDESK_EMAIL_USER, "
                    "KASUDESK_EMAIL_PASSWORD_FILE) to send through your mail server."
                ),
                id="kasudesk.W004",
            )
        ]
    return []
