"""Strict readers for settings that come from environment variables.

A typo in a deployment must stop start-up with a message that names the
variable, not fall back silently to a default that looks like it worked.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PREFIX = "KASUDESK_"


class ConfigError(Exception):
    """A setting from the environment has a value KasuDesk cannot use."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


def _raw(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    env = os.environ if environ is None else environ
    value = env.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def envstr(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def envbool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise ConfigError(name, f"expected 'true' or 'false', got {value!r}")


def envint(
    name: str,
    default: int,
    environ: Mapping[str, str] | None = None,
    *,
    minimum: int | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(name, f"expected a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ConfigError(name, f"must be at least {minimum}, got {number}")
    return number


def envlist(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise ConfigError(name, f"has an empty entry in {value!r}; separate values with commas")
    return items


def envtimezone(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    value = envstr(name, default, environ)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(name, f"{value!r} is not an IANA time zone such as Asia/Tokyo") from None
    return value


def envsecret(
    name: str,
    generated_path: Path | None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """Read NAME, or the file named by NAME_FILE, or a key generated once.

    With no generated_path an unset secret reads as the empty string.

    The generated key lives outside the repository (under the var folder) so
    sessions survive restarts without anyone committing a secret.
    """
    direct = _raw(name, environ)
    file_name = _raw(f"{name}_FILE", environ)
    if direct is not None and file_name is not None:
        raise ConfigError(name, f"set either {name} or {name}_FILE, not both")
    if direct is not None:
        return direct
    if file_name is not None:
        try:
            content = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE", f"cannot read {file_name}: {exc.strerror}") from None
        if not content:
            raise ConfigError(f"{name}_FILE", f"{file_name} is empty")
        return content
    if generated_path is None:
        return ""
    if generated_path.exists():
        return generated_path.read_text(encoding="utf-8").strip()
    generated_path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(generated_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
