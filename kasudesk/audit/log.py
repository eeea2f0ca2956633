"""``log_action``: the one way any part of KasuDesk writes to the audit trail."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from kasudesk.audit.models import GENESIS_HASH, AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kasudesk.accounts.models import User

MASK = "***"
# Whole words in a key that mark its value as a secret.
_SECRET_WORDS = frozenset({"password", "passwd", "token", "secret", "otp", "code", "key", "pin"})
# Substrings that mark a key as secret even inside a compound word.
_SECRET_PARTS = ("password", "secret", "token", "apikey", "passphrase")
_WORD_SPLIT = re.compile(r"[^a-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
# PostgreSQL advisory lock key: any constant, unique to the audit appender.
_PG_LOCK_KEY = 0x4B415355  # "KASU"


def _is_secret_key(key: str) -> bool:
    lowered = key.lower()
    if any(part in lowered for part in _SECRET_PARTS):
        return True
    words = {word.lower() for word in _WORD_SPLIT.split(key) if word}
    return bool(words & _SECRET_WORDS)


def mask_secrets(value: Any) -> Any:
    """Return ``value`` with every secret-looking key's value replaced, at any depth."""
    if isinstance(value, Mapping):
        return {
            str(key): MASK if _is_secret_key(str(key)) else mask_secrets(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [mask_secrets(item) for item in value]
    return value


def _json_ready(value: Any) -> Any:
    # Round-trip once so that what is hashed is exactly what the database
    # gives back later (dates become strings, tuples lists, …).
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def canonical_fields(event: AuditEvent) -> dict[str, Any]:
    """The fields that the hash covers, as plain JSON values."""
    target_type = ""
    if event.target_type_id is not None:
        content_type = ContentType.objects.get_for_id(event.target_type_id)
        target_type = f"{content_type.app_label}.{content_type.model}"
    return {
        "sequence": event.sequence,
        "action": event.action,
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "at": event.at.astimezone(UTC).isoformat(),
        "organization_id": event.organization_id,
        "target_type": target_type,
        "target_id": event.target_id,
        "target_repr": event.target_repr,
        "ip_address": event.ip_address,
        "user_agent": event.user_agent,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }


def compute_hash(event: AuditEvent) -> str:
    """HMAC-SHA-256 of the entry and the previous hash.

    Keyed with KASUDESK_AUDIT_KEY, which lives outside the database, so that
    someone who can write to the database cannot rewrite the whole chain
    with hashes that verify.
    """
    canonical = json.dumps(
        canonical_fields(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    key = settings.KASUDESK_AUDIT_KEY.encode("utf-8")
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def client_ip(request: HttpRequest) -> str | None:
    # Only REMOTE_ADDR: forwarded headers are forgeable unless a trusted proxy
    # rewrites REMOTE_ADDR itself.
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def _lock_chain() -> None:
    # SQLite takes its write lock at BEGIN (IMMEDIATE transactions), which
    # already serialises appenders; PostgreSQL needs an explicit lock.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])


def log_action(
    action: str,
    *,
    actor: User | None,
    target: models.Model | None = None,
    organization_id: int | None = None,
    data: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one entry to the audit trail and return it.

    Runs inside the caller's transaction when there is one, so the entry
    commits or rolls back with the change it records.
    """
    if actor is not None and not actor.is_authenticated:
        actor = None
    event = AuditEvent(
        action=action,
        actor=actor,
        actor_name=actor.display_name() if actor is not None else "",
        at=timezone.now().astimezone(UTC),
        organization_id=organization_id,
        data=_json_ready(mask_secrets(dict(data or {}))),
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_repr = str(target)[:300]
    if request is not None:
        event.ip_address = client_ip(request)
        event.user_agent = str(request.META.get("HTTP_USER_AGENT", ""))[:300]
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
        event.sequence = last["sequence"] + 1 if last else 1
        event.prev_hash = last["hash"] if last else GENESIS_HASH
        event.hash = compute_hash(event)
        event.save()
    return event
