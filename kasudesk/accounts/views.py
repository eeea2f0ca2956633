"""Sign-in with throttling, second-factor enrolment and verification, password reset."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from kasudesk.accounts import two_factor as tf
from kasudesk.accounts.access import requires_two_factor
from kasudesk.accounts.forms import CodeForm, LocalisedPasswordResetForm
from kasudesk.accounts.models import Membership, User
from kasudesk.accounts.throttle import clear_failures, locked_until, record_failure
from kasudesk.audit.log import client_ip, log_action


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _sole_organization_id(user: User) -> int | None:
    # Sign-in entries belong to the person's organisation when there is just
    # one, so that its auditors see them.
    org_ids = set(Membership.objects.filter(user=user).values_list("organization_id", flat=True))
    return org_ids.pop() if len(org_ids) == 1 else None


def _locked_message(until: datetime) -> str:
    local = timezone.localtime(until)
    return _(
        "Too many failed sign-in attempts for this account or address. "
        "Please try again after %(time)s."
    ) % {"time": formats.time_format(local, "H:i")}


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    locked: str | None = None
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        ip = client_ip(request)
        now = timezone.now()
        until = locked_until(username, ip, now=now)
        if until is not None:
            log_action(
                "accounts.login.failed",
                actor=None,
                data={"username": username, "reason": "locked_out"},
                request=request,
            )
            locked = _locked_message(until)
            form = AuthenticationForm(request, initial={"username": username})
        elif form.is_valid():
            user = form.get_user()
            auth_login(request, user)
            clear_failures(username)
            log_action(
                "accounts.login.succeeded",
                actor=user,
                organization_id=_sole_organization_id(user),
                request=request,
            )
            if requires_two_factor(user):
                query = urlencode({"next": next_url})
                return HttpResponseRedirect(f"{reverse('accounts:two_factor')}?{query}")
            return HttpResponseRedirect(next_url)
        else:
            record_failure(username, ip, now=now)
            log_action(
                "accounts.login.failed",
                actor=None,
                data={"username": username, "reason": "invalid_credentials"},
                request=request,
            )
            until = locked_until(username, ip, now=now)
            if until is not None:
                log_action(
                    "accounts.locked_out",
                    actor=None,
                    data={"username": username, "until": until},
                    request=request,
                )
                locked = _locked_message(until)
    return render(
        request, "accounts/login.html", {"form": form, "locked": locked, "next": next_url}
    )


@never_cache
@sensitive_post_parameters("code")
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify the second factor, or enrol one first if the user has none."""
    user = request.user
    assert isinstance(user, User)
    next_url = _next_url(request)
    if tf.is_verified(user):
        return redirect(next_url)
    if tf.confirmed_totp_device(user) is None:
        return _enrol(request, user, next_url)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            log_action(
                "accounts.two_factor.verified",
                actor=user,
                organization_id=_sole_organization_id(user),
                data={"device": device.__class__.__name__},
                request=request,
            )
            return redirect(next_url)
        log_action(
            "accounts.two_factor.failed",
            actor=user,
            organization_id=_sole_organization_id(user),
            request=request,
        )
        form.add_error("code", _("That code is not valid. Please try again."))
    return render(request, "accounts/two_factor.html", {"form": form, "next": next_url})


def _enrol(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    device = tf.pending_totp_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = tf.confirm_enrolment(device)
            django_otp.login(request, device)
            log_action(
                "accounts.two_factor.enrolled",
                actor=user,
                target=user,
                organization_id=_sole_organization_id(user),
                request=request,
            )
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url})
        form.add_error(
            "code", _("That code does not match. Check the time on your phone and try again.")
        )
    uri = tf.provisioning_uri(device, user)
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            # segno draws the SVG from our own URI; it contains no user markup.
            "qr_svg": mark_safe(tf.qr_svg(uri)),  # noqa: S308
            "secret": tf.secret_text(device),
            "required": requires_two_factor(user),
        },
    )


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user if isinstance(request.user, User) else None
        response = super().post(request, *args, **kwargs)
        if user is not None:
            log_action(
                "accounts.logout",
                actor=user,
                organization_id=_sole_organization_id(user),
                request=request,
            )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LocalisedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: LocalisedPasswordResetForm) -> HttpResponse:  # type: ignore[override]
        # The address is logged, never whether it matched an account.
        log_action(
            "accounts.password.reset_requested",
            actor=None,
            data={"email": form.cleaned_data["email"]},
            request=self.request,
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        clear_failures(form.user.get_username())
        log_action(
            "accounts.password.reset_completed",
            actor=form.user,
            target=form.user,
            organization_id=_sole_organization_id(form.user),
            request=self.request,
        )
        return response
