"""CSV import of organisations: upload, then the check's and the real run's pages.

The upload becomes an import job (``directory/domain/import_jobs.py``) that a task
worker runs; the URL's token names the job. ``/katalog/import/<token>/`` follows the
check and then shows its report with the apply button, ``.../resultat/`` follows the
real run and then shows what it saved. While a job waits or runs, the page polls a
fragment of itself with htmx every two seconds (and has an "Oppdater" link that does
the same without JavaScript); only a change of status is announced to screen readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.accounts.models import User
from medvirk.common.http import Request
from medvirk.directory.domain.import_csv import COLUMNS
from medvirk.directory.domain.import_jobs import report_of, request_apply, start_import
from medvirk.directory.enums import ImportMode, ImportStatus
from medvirk.directory.forms_import import ImportUploadForm
from medvirk.directory.models import ImportJob
from medvirk.directory.selectors import all_target_groups, import_job_by_token

EXAMPLE = Path(__file__).resolve().parent / "data" / "import_example.csv"
JOB_TEMPLATE = "directory/import_job.html"


def _check(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not rules.has_perm("directory.import_organisations", user):
        raise PermissionDenied
    return user


def _job(request: HttpRequest, user: User, token: str) -> ImportJob | None:
    job = import_job_by_token(token)
    if job is not None and not rules.has_perm("directory.run_import_job", user, job):
        raise Http404  # another admin's upload: its file is theirs alone
    return job


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
    user = _check(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = start_import(
                by=user,
                filename=form.cleaned_data["file"].name,
                raw=form.raw,
                language=get_language() or "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("directory:import_report", token=job.token)
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


def _render_job(request: Request, job: ImportJob) -> HttpResponse:
    """The job's page, or (for htmx's polling) its changing part. ``?seen=<status>`` is
    the status the polling page shows: the status line and heading are sent again only
    when it changed, so screen readers hear each change once."""
    report = None if job.is_active or job.status == ImportStatus.FAILED else report_of(job)
    context: dict[str, Any] = {
        "job": job,
        "report": report,
        "is_apply": job.mode == ImportMode.APPLY,
        "saved_rows": [row for row in report.rows if row.action in ("create", "update")]
        if report is not None and report.applied
        else [],
        "status_changed": request.GET.get("seen") != job.status,
        "retention_days": settings.MEDVIRK_IMPORT_FILE_RETENTION_DAYS,
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, f"{JOB_TEMPLATE}#job", context)
    else:
        # A real run that saved nothing (the directory changed since the check) is
        # unprocessable, as the apply's answer was when it ran in the request.
        refused = job.mode == ImportMode.APPLY and report is not None and not report.applied
        response = render(request, JOB_TEMPLATE, context, status=422 if refused else 200)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def import_report(request: Request, token: str) -> HttpResponse:
    user = _check(request)
    job = _job(request, user, token)
    if job is None:
        return _missing(request)
    if job.mode == ImportMode.APPLY:
        return redirect("directory:import_result", token=token)
    return _render_job(request, job)


@require_POST
@login_required
def import_apply(request: HttpRequest, token: str) -> HttpResponse:
    user = _check(request)
    job = _job(request, user, token)
    if job is None:
        return _missing(request)
    if not request_apply(job, by=user):
        job.refresh_from_db(fields=["erased_at"])
        if job.erased_at is None:
            return _missing(request)
        days = settings.MEDVIRK_IMPORT_FILE_RETENTION_DAYS
        messages.error(
            request,
            ngettext(
                "Filen ble slettet etter %(days)s dag og kan ikke importeres lenger. "
                "Last den opp på nytt.",
                "Filen ble slettet etter %(days)s dager og kan ikke importeres lenger. "
                "Last den opp på nytt.",
                days,
            )
            % {"days": days},
        )
        return redirect("directory:import")
    return redirect("directory:import_result", token=token)


@login_required
def import_result(request: Request, token: str) -> HttpResponse:
    user = _check(request)
    job = _job(request, user, token)
    if job is None:
        return redirect("directory:import")
    if job.mode == ImportMode.CHECK:
        return redirect("directory:import_report", token=token)
    return _render_job(request, job)
