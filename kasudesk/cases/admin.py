"""Read-only admin pages for support staff.

Every change goes through the action functions (and their audit entries),
so the admin shows records but never adds, edits or deletes them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kasudesk.cases.models import (
    Assessment,
    Ban,
    Case,
    ContactLog,
    CustodyEntry,
    Customer,
    Decision,
    Evidence,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("reference", "site", "status", "verdict", "severity", "occurred_at")
    list_filter = ("status", "severity", "verdict", "site")
    list_select_related = ("site",)
    # Narratives hold personal data: the admin lists cases, the case page shows them.
    exclude = ("narrative", "transcript", "facts")
    date_hierarchy = "occurred_at"


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("case", "created_at", "reason", "verdict", "severity", "policy")
    list_filter = ("reason", "verdict", "severity")
    exclude = ("input",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("case", "decided_at", "kind", "verdict", "severity", "decided_by")
    list_filter = ("kind",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "size", "sha256", "uploaded_at", "deleted_at")
    list_filter = ("kind",)
    exclude = ("original_name", "description", "stored_name")


@admin.register(CustodyEntry)
class CustodyEntryAdmin(ReadOnlyAdmin):
    list_display = ("evidence", "event", "actor", "at", "ip_address")
    list_filter = ("event",)


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ("pk", "organization", "alert", "created_at")
    list_filter = ("alert",)
    # Identity fields are shown only to those the registry's own pages allow.
    exclude = ("name", "name_key", "phone", "phone_key", "email", "email_key", "notes")


@admin.register(Ban)
class BanAdmin(ReadOnlyAdmin):
    list_display = ("customer", "scope", "site", "starts_on", "ends_on", "review_on", "lifted_at")
    list_filter = ("scope",)


@admin.register(ContactLog)
class ContactLogAdmin(ReadOnlyAdmin):
    list_display = ("customer", "site", "kind", "at", "duration_minutes")
    list_filter = ("kind",)
    exclude = ("summary",)
