"""The append-only, hash-chained record of who did what and when."""

from __future__ import annotations

import json
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    # Bulk paths bypass Model.save()/delete(); close them too so that only raw
    # SQL can alter the log, and the hash chain catches that.
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditEvent(models.Model):
    sequence = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    # PROTECT: deleting a person must not rewrite history; deactivate instead.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=300, blank=True)
    at = models.DateTimeField(_("time"), db_index=True)
    organization_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target type"),
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects: ClassVar[AuditEventQuerySet] = AuditEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ("-sequence",)
        indexes = (models.Index(fields=("organization_id", "at"), name="audit_org_at"),)

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be updated")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")

    def data_text(self) -> str:
        """The data as compact JSON with Japanese kept readable."""
        return json.dumps(self.data, ensure_ascii=False, sort_keys=True)
