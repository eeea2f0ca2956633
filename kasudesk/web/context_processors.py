from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kasudesk import __version__


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"kasudesk_version": __version__}
