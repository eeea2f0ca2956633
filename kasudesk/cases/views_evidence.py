"""Evidence: upload on a case, checked download, the administrator's deletion."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasudesk.accounts.access import Capability, has_capability
from kasudesk.cases import evidence as storage
from kasudesk.cases.access import get_case_for_user, get_evidence_for_user
from kasudesk.cases.actions import delete_evidence, record_evidence_access
from kasudesk.cases.actions_ui import attach_files
from kasudesk.cases.errors import EvidenceRejected
from kasudesk.cases.forms import EvidenceDeleteForm, EvidenceForm
from kasudesk.cases.views_case import detail_context
from kasudesk.cases.views_common import acting_user


@require_POST
def upload(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, contribute=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = attach_files(
                acting_user(request),
                case,
                form.cleaned_data["attachments"],
                description=form.cleaned_data["description"],
                request=request,
            )
        except EvidenceRejected as error:
            form.add_error("attachments", error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(count)d file(s) were added to the case.") % {"count": len(added)},
            )
            return redirect(reverse("cases:detail", args=[case.pk]) + "#evidence")
    fresh = get_case_for_user(request.user, case.pk, request=request)
    context = detail_context(request, fresh, evidence_form=form)
    return render(request, "cases/detail.html", context, status=400)


@require_GET
def download(request: HttpRequest, evidence_id: int) -> FileResponse:
    item = get_evidence_for_user(request.user, evidence_id)
    record_evidence_access(acting_user(request), item, downloaded=True, request=request)
    return storage.download_response(item)


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    item = get_evidence_for_user(request.user, evidence_id)
    if not has_capability(request.user, Capability.DELETE_EVIDENCE, item.case.site):
        raise PermissionDenied
    form = EvidenceDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delete_evidence(
                acting_user(request), item, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _("The file was deleted. Its record and hash are kept."))
            return redirect(reverse("cases:detail", args=[item.case_id]) + "#evidence")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "cases/evidence_delete.html", {"item": item, "form": form}, status=status
    )
