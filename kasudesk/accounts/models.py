"""Organisations, their sites, people and what each person may do where."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Industry(models.TextChoices):
    RETAIL = "retail", _("Retail")
    FOOD_SERVICE = "food_service", _("Food service")
    CALL_CENTRE = "call_centre", _("Call centre")
    TRANSPORT = "transport", _("Railway and transport")
    HEALTHCARE = "healthcare", _("Healthcare and care")
    HOSPITALITY = "hospitality", _("Hotel and hospitality")
    GOVERNMENT = "government", _("Local government counter")
    FINANCE = "finance", _("Finance")


class SiteKind(models.TextChoices):
    STORE = "store", _("Store")
    CALL_CENTRE = "call_centre", _("Call centre")
    OFFICE = "office", _("Office")
    STATION = "station", _("Station")
    HOSPITAL = "hospital", _("Hospital or care facility")
    HOTEL = "hotel", _("Hotel")
    GOVERNMENT_COUNTER = "government_counter", _("Government counter")
    BRANCH = "branch", _("Bank branch")
    RESTAURANT = "restaurant", _("Restaurant")
    OTHER = "other", pgettext_lazy("site kind", "Other")


class Role(models.TextChoices):
    STAFF = "staff", _("Front-line staff")
    MANAGER = "manager", _("Site manager")
    DESK = "desk", _("Consultation desk")
    COUNSEL = "counsel", _("Counsel")
    EXECUTIVE = "executive", _("Executive")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


# Roles whose accounts reach sensitive records across the organisation and
# must therefore prove a second factor.
TWO_FACTOR_ROLES = frozenset({Role.DESK, Role.COUNSEL, Role.ADMIN})


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="sites", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=SiteKind.choices)
    prefecture = models.CharField(_("prefecture"), max_length=16, blank=True)
    industry = models.CharField(
        _("industry preset"),
        max_length=32,
        choices=Industry.choices,
        help_text=_("The judgment criteria preset this site works under."),
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["organization_id", "name"]  # noqa: RUF012 - list kept to match 0001_initial
        constraints = (
            models.UniqueConstraint(fields=("organization", "name"), name="site_name_unique"),
        )

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Names are shown family name first, as in Japan."""

    preferred_language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("ja", "日本語"), ("en", "English")],
        default="ja",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def display_name(self) -> str:
        full = f"{self.last_name} {self.first_name}".strip()
        return full or self.username

    def __str__(self) -> str:
        return self.display_name()


class Membership(models.Model):
    """A role held in one organisation, over one site or the whole of it.

    A membership with no site covers every site of the organisation.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("site"),
        help_text=_("Leave empty for the whole organisation."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    is_designated_responder = models.BooleanField(
        _("designated consultation responder"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = (
            models.UniqueConstraint(
                fields=("user", "organization", "site", "role"), name="membership_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}"


class LoginFailure(models.Model):
    """One failed sign-in, kept for throttling and lock-out."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self) -> str:
        return f"{self.username} {self.ip_address or '-'} {self.at.isoformat()}"
