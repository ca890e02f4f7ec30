"""The involvement log's pages: a service's log by year (filters, shares as charts, a
page of entries), and the secretariat's hand-made entries (new, change, delete) and its
"collect again" button."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.arenas.enums import Influence, Level
from medvirk.common.http import AuthedRequest, Request
from medvirk.common.paging import counted_page
from medvirk.common.rows import choice_labels, url_maker
from medvirk.common.views import attach_domain_errors
from medvirk.directory.models import Organisation
from medvirk.involvement.charts import share_charts
from medvirk.involvement.domain.collect import refresh_log
from medvirk.involvement.domain.entries import create_entry, delete_entry, update_entry
from medvirk.involvement.enums import EntryKind
from medvirk.involvement.forms import EntryForm, LogFilterForm
from medvirk.involvement.models import InvolvementEntry
from medvirk.involvement.selectors import (
    ALL,
    PUBLIC,
    arena_choices,
    entries_for,
    entry_for_change,
    figures,
    filter_entries,
    log_rows,
    log_service,
    organisations_menu,
    people_menu,
)

PAGE_SIZE = 25


@dataclass(frozen=True)
class LogRow:
    """One row of the log as shown: labels and names worked out once (common/rows.py)."""

    entry: InvolvementEntry
    kind: str
    level: str
    degree: str
    arena: str
    organisations: str
    people: str
    edit_url: str
    delete_url: str


def _rows(entries: list[InvolvementEntry], *, with_people: bool) -> list[LogRow]:
    kinds, levels, degrees = (choice_labels(c) for c in (EntryKind, Level, Influence))
    edit, delete = url_maker("involvement:entry_edit"), url_maker("involvement:entry_delete")
    return [
        LogRow(
            entry=entry,
            kind=kinds.get(entry.kind, entry.kind),
            level=levels.get(entry.level, entry.level),
            degree=degrees.get(entry.degree, entry.degree),
            arena=entry.arena.name if entry.arena else "",
            organisations=", ".join(o.name for o in entry.organisations.all()),
            people=", ".join(p.name for p in entry.people.all()) if with_people else "",
            edit_url=edit(entry.pk),
            delete_url=delete(entry.pk),
        )
        for entry in entries
    ]


def _service(request: Request, pk: int, perm: str = "involvement.view_log") -> Organisation:
    service = log_service(pk)
    if service is None or not rules.has_perm("involvement.view_log", request.user, service):
        raise Http404
    if not rules.has_perm(perm, request.user, service):
        raise PermissionDenied
    return service


def log_url(service_pk: int, year: int | None = None) -> str:
    url = reverse("involvement:log", args=[service_pk])
    return f"{url}?{urlencode({'year': year})}" if year else url


def service_log(request: Request, org_pk: int) -> HttpResponse:
    service = _service(request, org_pk)
    sees_all = rules.has_perm("involvement.view_all_entries", request.user, service)
    audience = ALL if sees_all else PUBLIC
    counted = figures(service, audience)
    years = list(counted.years) or [timezone.localdate().year]
    form = LogFilterForm(request.GET or None, years=years, arenas=counted.arenas)
    filters = form.filters()
    rows = log_rows(filter_entries(entries_for(service, audience), filters), with_people=sees_all)
    page = counted_page(
        rows, PAGE_SIZE, count=counted.count(filters), number=request.GET.get("page")
    )
    can_keep = rules.has_perm("involvement.add_entry", request.user, service)
    shown = _rows(list(page.object_list), with_people=sees_all)
    return render(
        request,
        "involvement/log.html",
        {
            "service": service,
            "form": form,
            "filters": filters,
            "page": page,
            "rows": shown,
            "charts": share_charts(counted, year=filters.year),
            "year_total": counted.count(type(filters)(year=filters.year)),
            "sees_all": sees_all,
            "can_keep": can_keep,
            "reset_url": log_url(service.pk),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()][:500]


def _entry_form(
    request: AuthedRequest, service: Organisation, entry: InvolvementEntry | None = None
) -> tuple[EntryForm, bool]:
    """The entry form, bound to a POST that saves; and whether to save. The lists of
    people and organisations show the chosen arena's (every seat ever held there) or,
    with no arena, today's seat holders in the service's arenas, plus those already
    chosen: a national service has thousands. Choosing another arena lists its people:
    the arena menu asks for the lists again (htmx), or without JavaScript the button
    "Vis personene i arenaen" posts the form back unsaved, keeping what was typed."""
    initial = EntryForm.initial_for(entry) if entry is not None else {}
    data = request.POST if request.method == "POST" else None
    shown: Any = None
    if data is not None and "vis-arena" in data:
        shown, data = data, None
    elif data is None and "arena" in request.GET:
        shown = request.GET
    if shown is not None:
        initial = {
            name: shown.getlist(name) if name in ("people", "organisations") else shown.get(name)
            for name in EntryForm.base_fields
        }
    if data is not None:
        arena, people, organisations = (
            data.get("arena"),
            data.getlist("people"),
            data.getlist("organisations"),
        )
    else:
        arena = initial.get("arena")
        people = initial.get("people") or []
        organisations = initial.get("organisations") or []
    arena_text = str(arena or "")
    arena_id = int(arena_text) if arena_text.isdigit() else None
    keep_people = _ids([str(value) for value in people])
    keep_organisations = _ids([str(value) for value in organisations])
    form = EntryForm(
        data,
        initial=initial,
        arenas=arena_choices(service),
        people=people_menu(service, arena_id=arena_id, keep=keep_people),
        organisations=organisations_menu(service, arena_id=arena_id, keep=keep_organisations),
    )
    form.listed_arena = next(  # type: ignore[attr-defined]
        (name for pk, name in arena_choices(service) if pk == arena_id), None
    )
    return form, data is not None


def _entry_page(
    request: AuthedRequest, form: EntryForm, service: Organisation, entry: Any, saving: bool
) -> HttpResponse:
    return render(
        request,
        "involvement/entry_form.html",
        {"form": form, "service": service, "entry": entry},
        status=422 if saving else 200,
    )


@login_required
def entry_create(request: AuthedRequest, org_pk: int) -> HttpResponse:
    service = _service(request, org_pk, "involvement.add_entry")
    form, saving = _entry_form(request, service)
    if saving and form.is_valid():
        try:
            entry = create_entry(service, by=request.user, **form.values())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Medvirkningen er ført inn i loggen."))
            return redirect(log_url(service.pk, entry.date.year))
    return _entry_page(request, form, service, None, saving)


def _entry(request: AuthedRequest, pk: int) -> InvolvementEntry:
    entry = entry_for_change(pk)
    if entry is None:
        raise Http404
    if not rules.has_perm("involvement.change_entry", request.user, entry):
        raise PermissionDenied
    return entry


@login_required
def entry_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form, saving = _entry_form(request, entry.service, entry)
    if saving and form.is_valid():
        try:
            update_entry(entry, by=request.user, **form.values())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(log_url(entry.service_id, entry.date.year))
    return _entry_page(request, form, entry.service, entry, saving)


@login_required
def entry_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """Confirm, then delete."""
    entry = _entry(request, pk)
    if request.method == "POST":
        delete_entry(entry, by=request.user)
        messages.success(request, _("Medvirkningen er slettet fra loggen."))
        return redirect(log_url(entry.service_id, entry.date.year))
    return render(
        request, "involvement/entry_delete.html", {"entry": entry, "service": entry.service}
    )


@login_required
@require_POST
def refresh(request: AuthedRequest, org_pk: int) -> HttpResponse:
    """Collect one year of the service's automatic entries again, now."""
    service = _service(request, org_pk, "involvement.refresh_log")
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    try:
        counts = refresh_log(service, by=request.user, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(log_url(service.pk))
    messages.success(
        request,
        _(
            "Loggen for %(year)s er hentet på nytt: %(created)s nye, %(updated)s endret, %(deleted)s fjernet."
        )
        % {
            "year": year,
            "created": counts.created,
            "updated": counts.updated,
            "deleted": counts.deleted,
        },
    )
    return redirect(log_url(service.pk, year))
