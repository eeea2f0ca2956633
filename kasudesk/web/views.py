"""Pages that belong to no single capability: home, language, health."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from kasudesk.accounts.access import memberships_of


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of(request.user)
    return render(request, "web/home.html", {"memberships": memberships})


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For a load balancer: answers 200 only while the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})
