"""The audit trail in the admin: readable by administrators, never editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from kasudesk.accounts.access import Capability, organization_ids_where
from kasudesk.accounts.admin import admin_has_permission
from kasudesk.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("sequence", "at", "action", "actor_name", "target_repr", "ip_address")
    list_filter = ("action",)
    search_fields = ("action", "actor_name", "target_repr")
    date_hierarchy = "at"
    ordering = ("-sequence",)
    list_select_related = ("target_type",)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return [field.name for field in AuditEvent._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return admin_has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return admin_has_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        queryset: QuerySet[AuditEvent] = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            organization_id__in=organization_ids_where(request.user, Capability.ADMINISTER)
        )
