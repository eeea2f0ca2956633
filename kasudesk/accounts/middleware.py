"""Second factor enforcement for the roles that must use one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from kasudesk.accounts.access import requires_two_factor
from kasudesk.accounts.two_factor import is_verified


class TwoFactorRequiredMiddleware:
    """Send a privileged user without a verified second factor to set one up.

    Runs after OTPMiddleware, which sets ``request.user.is_verified``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not is_verified(user) and requires_two_factor(user):
            allowed = (
                reverse("accounts:two_factor"),
                reverse("accounts:logout"),
                reverse("web:set_language"),
            )
            if request.path not in allowed and not request.path.startswith("/static/"):
                target = reverse("accounts:two_factor")
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(target)
        return self.get_response(request)
