"""The Django admin, open only to administrators who passed the second factor.

Superusers see everything. Holders of an administrator membership see and
edit only their own organisations, and cannot grant superuser or staff flags.
Every change made here is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from kasudesk.accounts.access import Capability, is_administrator, organization_ids_where
from kasudesk.accounts.models import LoginFailure, Membership, Organization, Site, User
from kasudesk.accounts.two_factor import is_verified, reset_two_factor
from kasudesk.audit.log import log_action


def admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and is_administrator(user) and is_verified(user))


_original_admin_view = admin.site.admin_view


def _guarded_admin_view(
    view: Callable[..., HttpResponseBase], cacheable: bool = False
) -> Callable[..., HttpResponseBase]:
    # Signed-in people who may not administer get a 404, as for any object
    # they cannot see; anonymous visitors go to the throttled sign-in page.
    checked = _original_admin_view(view, cacheable)

    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not admin_has_permission(request):
            if request.user.is_authenticated:
                raise Http404
            return redirect_to_login(request.get_full_path(), resolve_url("accounts:login"))
        return checked(request, *args, **kwargs)

    return never_cache(update_wrapper(guarded, checked))


@login_not_required
def _admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    if request.user.is_authenticated:
        raise Http404
    return redirect_to_login(request.GET.get("next", "/admin/"), resolve_url("accounts:login"))


# The default site instance is patched rather than replaced so that every
# app's admin.register() keeps working unchanged.
admin.site.has_permission = admin_has_permission  # type: ignore[method-assign]
admin.site.admin_view = _guarded_admin_view  # type: ignore[method-assign,assignment]
admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.site_header = _("KasuDesk administration")
admin.site.site_title = _("KasuDesk administration")


def _org_ids(request: HttpRequest) -> set[int] | None:
    """Organisations this administrator manages; None means all (superuser)."""
    if request.user.is_superuser:
        return None
    return organization_ids_where(request.user, Capability.ADMINISTER)


class OrganizationScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Grants the administrator role the model permissions, within its organisations."""

    organization_path = "organization_id"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return admin_has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return admin_has_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return admin_has_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return admin_has_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return admin_has_permission(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        org_ids = _org_ids(request)
        if org_ids is None:
            return queryset
        return queryset.filter(**{f"{self.organization_path}__in": org_ids}).distinct()

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        org_ids = _org_ids(request)
        if org_ids is not None:
            if db_field.related_model is Organization:
                kwargs["queryset"] = Organization.objects.filter(pk__in=org_ids)
            elif db_field.related_model is Site:
                kwargs["queryset"] = Site.objects.filter(organization_id__in=org_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _audit(self, request: HttpRequest, obj: Model, verb: str, message: Any) -> None:
        organization_id = getattr(obj, "organization_id", None)
        if isinstance(obj, Organization):
            organization_id = obj.pk
        log_action(
            f"admin.{obj._meta.model_name}.{verb}",
            actor=request.user if isinstance(request.user, User) else None,
            target=obj,
            organization_id=organization_id,
            data={"message": str(message)} if message else None,
            request=request,
        )

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._audit(request, obj, "added", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._audit(request, obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        for obj in queryset:
            self._audit(request, obj, "deleted", None)
        return super().log_deletions(request, queryset)


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    organization_path = "pk"
    list_display = ("name", "industry", "created_at")
    list_filter = ("industry",)
    search_fields = ("name",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # A new tenant is an installation-level decision.
        return bool(request.user.is_superuser and admin_has_permission(request))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser and admin_has_permission(request))


@admin.register(Site)
class SiteAdmin(OrganizationScopedAdmin):
    list_display = ("name", "organization", "kind", "prefecture", "industry")
    list_filter = ("kind", "industry", "organization")
    search_fields = ("name", "prefecture")


@admin.register(Membership)
class MembershipAdmin(OrganizationScopedAdmin):
    list_display = ("user", "role", "organization", "site", "is_designated_responder")
    list_filter = ("role", "organization", "is_designated_responder")
    search_fields = ("user__username", "user__last_name", "user__first_name")
    autocomplete_fields = ("user",)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    fk_name = "user"

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return admin_has_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return admin_has_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return admin_has_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return admin_has_permission(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        queryset: QuerySet[Membership] = super().get_queryset(request)
        org_ids = _org_ids(request)
        return queryset if org_ids is None else queryset.filter(organization_id__in=org_ids)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        org_ids = _org_ids(request)
        if org_ids is not None:
            if db_field.related_model is Organization:
                kwargs["queryset"] = Organization.objects.filter(pk__in=org_ids)
            elif db_field.related_model is Site:
                kwargs["queryset"] = Site.objects.filter(organization_id__in=org_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(OrganizationScopedAdmin, DjangoUserAdmin):  # type: ignore[type-arg]
    organization_path = "memberships__organization_id"
    inlines = (MembershipInline,)
    list_display = ("username", "last_name", "first_name", "email", "is_active")
    list_filter = ("is_active", "memberships__role")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Preferences"), {"fields": ("preferred_language",)}),
    )

    actions = ("reset_two_factor",)

    @admin.action(description=_("Reset two-factor authentication (lost phone)"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            reset_two_factor(user)
            log_action(
                "accounts.two_factor.reset",
                actor=request.user if isinstance(request.user, User) else None,
                target=user,
                request=request,
            )
        self.message_user(
            request,
            _("They will set up two-factor authentication again at their next sign-in."),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        # Only a superuser may hand out installation-wide powers.
        return (*readonly, "is_superuser", "is_staff", "groups", "user_permissions", "last_login")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # Changing a superuser's password would hand over the installation.
        return queryset.exclude(is_superuser=True)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # The audit trail keeps references to people: deactivate instead.
        return False


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("username", "ip_address", "at")
    search_fields = ("username", "ip_address")
    readonly_fields = ("username", "ip_address", "at")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser and admin_has_permission(request))

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser and admin_has_permission(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Deleting failures lifts a lock-out early.
        return bool(request.user.is_superuser and admin_has_permission(request))
