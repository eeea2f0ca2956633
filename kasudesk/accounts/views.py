"""Sign-in, sign-out and second-factor pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_not_required
def login(request: HttpRequest) -> HttpResponse:
    return auth_views.LoginView.as_view(template_name="accounts/login.html")(request)


def two_factor(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/two_factor.html")
