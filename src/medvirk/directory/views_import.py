"""CSV import of organisations: upload, dry-run report, apply, result.

The uploaded file is kept in the uploader's session (base64, at most 2 MB,
one file at a time) under a random token, so the report page can apply the
same bytes without a new upload. The session is already per user, is stored
server-side in the database, disappears on logout and needs no clean-up job
or migration; the token in the URL only ties the pages to the upload and is
checked against the session and the user.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.accounts.models import User
from medvirk.directory.domain.import_csv import COLUMNS
from medvirk.directory.domain.import_report import ImportReport
from medvirk.directory.domain.imports import import_organisations
from medvirk.directory.forms_import import ImportUploadForm
from medvirk.directory.selectors import all_target_groups

PENDING_KEY = "directory_import_pending"
RESULT_KEY = "directory_import_result"
EXAMPLE = Path(__file__).resolve().parent / "data" / "import_example.csv"


@dataclass
class Pending:
    token: str
    filename: str
    raw: bytes


def _check(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not rules.has_perm("directory.import_organisations", user):
        raise PermissionDenied
    return user


def _pending(request: HttpRequest, token: str) -> Pending | None:
    stored = request.session.get(PENDING_KEY)
    if not stored or stored.get("token") != token or stored.get("user") != request.user.pk:
        return None
    return Pending(token, stored["filename"], base64.b64decode(stored["raw"]))


def _missing(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request,
        _(
            "Fant ikke den opplastede filen. Den er kanskje allerede importert. Last den opp på nytt."
        ),
    )
    return redirect("directory:import")


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _check(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = secrets.token_urlsafe(16)
        request.session[PENDING_KEY] = {
            "token": token,
            "user": request.user.pk,
            "filename": form.cleaned_data["file"].name[:200],
            "raw": base64.b64encode(form.raw).decode("ascii"),
        }
        return redirect("directory:import_report", token=token)
    return render(
        request,
        "directory/import_upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "target_groups": all_target_groups(),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def import_example(request: HttpRequest) -> HttpResponse:
    _check(request)
    return HttpResponse(
        EXAMPLE.read_bytes(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="medvirk-import-eksempel.csv"'},
    )


def _render_report(
    request: HttpRequest, pending: Pending, report: ImportReport, *, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {"pending": pending, "report": report}
    return render(request, "directory/import_report.html", context, status=status)


@login_required
def import_report(request: HttpRequest, token: str) -> HttpResponse:
    user = _check(request)
    pending = _pending(request, token)
    if pending is None:
        return _missing(request)
    report = import_organisations(by=user, raw=pending.raw, dry_run=True)
    return _render_report(request, pending, report)


@require_POST
@login_required
def import_apply(request: HttpRequest, token: str) -> HttpResponse:
    user = _check(request)
    pending = _pending(request, token)
    if pending is None:
        return _missing(request)
    report = import_organisations(by=user, raw=pending.raw, dry_run=False)
    if not report.applied:
        # Something changed since the dry run (or the file was never clean).
        return _render_report(request, pending, report, status=422)
    del request.session[PENDING_KEY]
    request.session[RESULT_KEY] = {
        "token": token,
        "user": request.user.pk,
        "filename": pending.filename,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rows": [
            [row.number, row.action, row.name, row.organisation_id]
            for row in report.rows
            if row.action in ("create", "update")
        ],
    }
    return redirect("directory:import_result", token=token)


@login_required
def import_result(request: HttpRequest, token: str) -> HttpResponse:
    _check(request)
    result = request.session.get(RESULT_KEY)
    if not result or result.get("token") != token or result.get("user") != request.user.pk:
        return redirect("directory:import")
    rows = [
        {"number": number, "action": action, "name": name, "pk": pk}
        for number, action, name, pk in result["rows"]
    ]
    return render(request, "directory/import_result.html", {"result": result, "rows": rows})
