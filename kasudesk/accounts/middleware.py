"""Second factor enforcement for the roles that must use one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class TwoFactorRequiredMiddleware:
    """Send a privileged user without a verified second factor to set one up.

    Runs after OTPMiddleware, which sets ``request.user.is_verified``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from kasudesk.accounts.access import requires_two_factor

        user = request.user
        if user.is_authenticated and requires_two_factor(user) and not user.is_verified():  # type: ignore[union-attr]
            allowed = (
                reverse("accounts:two_factor"),
                reverse("accounts:logout"),
                reverse("web:set_language"),
            )
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("accounts:two_factor")
        return self.get_response(request)
