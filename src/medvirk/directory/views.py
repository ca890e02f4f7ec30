from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple, cast

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from medvirk.common.csv_export import csv_safe, streaming_csv
from medvirk.common.http import AuthedRequest, Request
from medvirk.common.models import ActivityLog
from medvirk.common.views import attach_domain_errors
from medvirk.directory.caching import DIRECTORY
from medvirk.directory.domain.organisations import create_organisation, update_organisation
from medvirk.directory.enums import Level, OrganisationKind, ServiceKind
from medvirk.directory.forms import (
    BaseContactFormSet,
    ContactFormSet,
    DirectoryFilterForm,
    OrganisationForm,
)
from medvirk.directory.models import Organisation, stale_cutoff
from medvirk.directory.selectors import (
    contacts_for_edit,
    export_related,
    export_values,
    filter_organisations,
    history_entries,
    names_by_kind,
    organisations_for_detail_page,
    public_arenas_of,
    with_row_data,
)

LIST_TEMPLATE = "directory/organisation_list.html"


def organisation_list(request: Request) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    results = _results(request, form)
    # Live filtering swaps in just the results. A history restore (back button
    # after a cache miss) and a boosted link need the whole page.
    if request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request:
        response = HttpResponse(results["results"])
    else:
        context = {
            "form": form,
            "results": results,
            "can_add": rules.has_perm("directory.add_organisation", request.user),
        }
        response = render(request, LIST_TEMPLATE, context)
    # The same URL answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _results(request: Request, form: DirectoryFilterForm) -> dict[str, str]:
    """The hit count and the hits as HTML.

    Public entries only, the same for every visitor: cached per language, directory
    version and query string (which the links in the fragment repeat)."""

    def render_results() -> dict[str, str]:
        filters = form.to_filter()
        queryset = with_row_data(filter_organisations(filters))
        page = Paginator(queryset, settings.MEDVIRK_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"filters": filters, "page": page, "stale_cutoff": stale_cutoff()}
        return {
            name: render_to_string(f"{LIST_TEMPLATE}#{name}", context, request)
            for name in ("count", "results")
        }

    return DIRECTORY.get_or_set(
        "results", request.GET.urlencode(), bool(request.htmx), compute=render_results
    )


EXPORT_HEADER = [
    "id",
    "navn",
    "type",
    "organisasjonsnummer",
    "nivå",
    "overordnet",
    "paraplyer",
    "områder",
    "målgrupper",
    "nettsted",
    "sist_bekreftet",
    "offentlige_kontakter",
]


def organisation_export(request: Request) -> StreamingHttpResponse:
    """The filtered list as CSV (open data): public entries and public contacts only.

    Streamed as it is written: the rows are plain values from a server-side cursor, the
    names of umbrellas, regions, target groups and contacts are read in bulk (one
    statement each) and the labels in the request's language before the first row."""
    filters = DirectoryFilterForm(request.GET or None).to_filter()
    queryset = filter_organisations(filters)
    related = export_related(queryset, (get_language() or "nb")[:2])
    kinds = {value: str(label) for value, label in OrganisationKind.choices}
    service_kinds = {value: str(label) for value, label in ServiceKind.choices}
    levels = {value: str(label) for value, label in Level.choices}

    def rows() -> Iterator[list[Any]]:
        empty: list[str] = []
        for (
            pk,
            name,
            kind,
            service_kind,
            org_number,
            level,
            parent_name,
            parent_is_public,
            website,
            last_confirmed_at,
        ) in export_values(queryset):
            # Organisation.kind_display: a service shows its kind of service.
            if kind == OrganisationKind.SERVICE and service_kind:
                kind_label = service_kinds.get(service_kind, service_kind)
            else:
                kind_label = kinds.get(kind, kind)
            yield [
                pk,
                csv_safe(name),
                kind_label,
                org_number,
                levels.get(level, level),
                csv_safe(parent_name if parent_is_public else ""),
                csv_safe(" | ".join(related["umbrellas"].get(pk, empty))),
                " | ".join(related["regions"].get(pk, empty)),
                " | ".join(related["target_groups"].get(pk, empty)),
                csv_safe(website),
                # The UTC day, as the export has always written it.
                last_confirmed_at.date().isoformat() if last_confirmed_at else "",
                csv_safe(" | ".join(related["contacts"].get(pk, empty))),
            ]

    return streaming_csv(EXPORT_HEADER, rows(), 'attachment; filename="medvirk-organisasjoner.csv"')


DETAIL_TEMPLATE = "directory/organisation_detail.html"


def organisation_detail(request: Request, pk: int) -> HttpResponse:
    if request.user.is_authenticated:
        parts = _detail_for_user(request, pk)
    else:
        parts = _public_detail(request, pk)
    if parts is None:
        # Not found rather than forbidden: a hidden entry's existence is not public either.
        raise Http404
    probe = Organisation(pk=pk)  # the permission rules need only the pk
    return render(
        request,
        DETAIL_TEMPLATE,
        {
            "pk": pk,
            "parts": parts,
            "can_change": rules.has_perm("directory.change_organisation", request.user, probe),
            "can_view_history": rules.has_perm(
                "directory.view_organisation_history", request.user, probe
            ),
        },
    )


def _render_parts(request: Request, context: dict[str, Any]) -> dict[str, str]:
    parts: dict[str, str] = {
        name: render_to_string(f"{DETAIL_TEMPLATE}#{name}", context, request)
        for name in ("head", "body")
    }
    parts["name"] = context["organisation"].name
    return parts


def _public_detail(request: Request, pk: int) -> dict[str, str] | None:
    """The entry as everyone may see it, as HTML: cached per language and directory version
    (which its public arenas' changes bump too). None if not public."""

    def render_parts() -> dict[str, str]:
        organisation = organisations_for_detail_page().filter(pk=pk, is_public=True).first()
        if organisation is None:
            return {}
        parent = organisation.parent
        context = {
            "organisation": organisation,
            "parent": parent if parent is not None and parent.is_public else None,
            "contacts": organisation.contacts.filter(is_public=True),
            "can_see_private": False,
            "public_arenas": public_arenas_of(pk),
        }
        return _render_parts(request, context)

    return DIRECTORY.get_or_set("detail", pk, compute=render_parts) or None


def _detail_for_user(request: Request, pk: int) -> dict[str, str] | None:
    """The entry for a logged-in user: with private contacts, or a hidden entry, for those
    who may see them. Not cached."""
    organisation = organisations_for_detail_page().filter(pk=pk).first()
    if organisation is None:
        return None
    can_see_private = rules.has_perm(
        "directory.view_organisation_private", request.user, organisation
    )
    if not organisation.is_public and not can_see_private:
        return None
    contacts = organisation.contacts.all()
    if not can_see_private:
        contacts = contacts.filter(is_public=True)
    parent = organisation.parent
    if parent is not None and not (
        parent.is_public
        or rules.has_perm("directory.view_organisation_private", request.user, parent)
    ):
        parent = None
    context = {
        "organisation": organisation,
        "parent": parent,
        "contacts": contacts,
        "can_see_private": can_see_private,
        "public_arenas": list(public_arenas_of(pk)),
    }
    return _render_parts(request, context)


def _edit(request: AuthedRequest, organisation: Organisation | None) -> HttpResponse:
    instance = organisation or Organisation()
    form = OrganisationForm(request.POST or None, instance=instance)
    formset = cast(
        BaseContactFormSet,
        ContactFormSet(
            request.POST or None,
            instance=instance,
            queryset=contacts_for_edit(organisation),
            prefix="contacts",
        ),
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if organisation is None:
                organisation = create_organisation(
                    by=request.user, data=data, contacts=formset.domain_rows()
                )
                messages.success(request, _("Organisasjonen er opprettet."))
            else:
                update_organisation(
                    organisation, by=request.user, data=data, contacts=formset.domain_rows()
                )
                messages.success(request, _("Endringene er lagret."))
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            return redirect(organisation)
    return render(
        request,
        "directory/organisation_form.html",
        {"form": form, "formset": formset, "organisation": organisation},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def organisation_create(request: AuthedRequest) -> HttpResponse:
    if not rules.has_perm("directory.add_organisation", request.user):
        raise PermissionDenied
    return _edit(request, None)


@login_required
def organisation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not rules.has_perm("directory.change_organisation", request.user, organisation):
        raise PermissionDenied
    return _edit(request, organisation)


@login_required
def organisation_history(request: AuthedRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not rules.has_perm("directory.view_organisation_history", request.user, organisation):
        raise PermissionDenied
    entries = history_entries(organisation)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = describe_changes(list(page.object_list))
    return render(
        request,
        "directory/organisation_history.html",
        {"organisation": organisation, "page": page, "rows": rows, "now": timezone.now()},
    )


CHOICE_FIELDS = {"kind": OrganisationKind, "service_kind": ServiceKind, "level": Level}


def describe_changes(entries: list[ActivityLog]) -> list[tuple[ActivityLog, list[Change]]]:
    """The log entries with their changes in words: field labels and names, not ids.

    Names are looked up for the whole page at once (a constant number of queries).
    """
    wanted: dict[str, set[int]] = {"organisation": set(), "region": set(), "target_group": set()}
    kinds = {"parent": "organisation", "umbrellas": "organisation"}
    kinds |= {"regions": "region", "target_groups": "target_group"}
    for entry in entries:
        for field, values in (entry.data.get("changes") or {}).items():
            if field in kinds:
                for value in values:
                    ids = value if isinstance(value, list) else [value]
                    wanted[kinds[field]].update(i for i in ids if isinstance(i, int))
    names = names_by_kind(wanted)

    def label(field: str) -> str:
        if field == "contacts":
            return _("Kontaktpersoner")
        try:
            model_field = Organisation._meta.get_field(field)
        except FieldDoesNotExist:
            return field
        return str(getattr(model_field, "verbose_name", field)).capitalize()

    def show(field: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "–"
        if field in kinds:
            lookup = names[kinds[field]]
            ids = value if isinstance(value, list) else [value]
            return ", ".join(lookup.get(i, f"#{i}") for i in ids)
        if field in CHOICE_FIELDS:
            choices = dict(CHOICE_FIELDS[field].choices)
            return str(choices.get(value, value))
        if field == "contacts" and isinstance(value, list):
            return "; ".join(
                ", ".join(
                    str(c.get(f) or "") for f in ("name", "role", "email", "phone") if c.get(f)
                )
                + ("" if c.get("is_public") else " " + _("(ikke offentlig)"))
                for c in value
                if isinstance(c, dict)
            )
        if isinstance(value, bool):
            return _("Ja") if value else _("Nei")
        return str(value)

    rows = []
    for entry in entries:
        changes = entry.data.get("changes") or {}
        rows.append(
            (
                entry,
                [
                    Change(label(field), show(field, old), show(field, new))
                    for field, (old, new) in changes.items()
                ],
            )
        )
    return rows


class Change(NamedTuple):
    label: str
    old: str
    new: str
