from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from medvirk.common.models import ActivityLog
from medvirk.common.views import attach_domain_errors
from medvirk.directory.domain.organisations import create_organisation, update_organisation
from medvirk.directory.filters import filter_organisations, with_listing_data
from medvirk.directory.forms import ContactFormSet, DirectoryFilterForm, OrganisationForm
from medvirk.directory.models import Contact, Organisation, stale_cutoff


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.to_filter()
    queryset = with_listing_data(filter_organisations(filters))
    paginator = Paginator(queryset, settings.MEDVIRK_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "stale_cutoff": stale_cutoff(),
        "can_add": request.user.has_perm("directory.add_organisation"),
    }
    template = "directory/organisation_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def organisation_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV (open data): public entries and public contacts only."""
    filters = DirectoryFilterForm(request.GET or None).to_filter()
    queryset = with_listing_data(filter_organisations(filters))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="medvirk-organisasjoner.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
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
    )
    for org in queryset:
        writer.writerow(
            [
                org.pk,
                csv_safe(org.name),
                org.kind_display,
                org.org_number,
                org.get_level_display(),
                csv_safe(org.parent.name if org.parent else ""),
                csv_safe(" | ".join(u.name for u in org.umbrellas.all())),
                " | ".join(r.name for r in org.regions.all()),
                " | ".join(t.name for t in org.target_groups.all()),
                csv_safe(org.website),
                org.last_confirmed_at.date().isoformat() if org.last_confirmed_at else "",
                csv_safe(
                    " | ".join(
                        ", ".join(x for x in (c.name, c.role, c.email, c.phone) if x)
                        for c in org.public_contacts
                    )
                ),
            ]
        )
    return response


def csv_safe(value: str) -> str:
    """Defuse spreadsheet formulas in exported text (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent", "parent__parent").prefetch_related(
            "regions",
            "target_groups",
            Prefetch("umbrellas", queryset=Organisation.objects.public()),
            Prefetch("children", queryset=Organisation.objects.public()),
            Prefetch("members", queryset=Organisation.objects.public()),
        ),
        pk=pk,
    )
    can_see_private = request.user.has_perm("directory.view_organisation_private", organisation)
    if not organisation.is_public and not can_see_private:
        raise PermissionDenied
    contacts = organisation.contacts.all()
    if not can_see_private:
        contacts = contacts.filter(is_public=True)
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "can_see_private": can_see_private,
            "can_change": request.user.has_perm("directory.change_organisation", organisation),
            "can_view_history": request.user.has_perm(
                "directory.view_organisation_history", organisation
            ),
        },
    )


def _edit(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    instance = organisation or Organisation()
    form = OrganisationForm(request.POST or None, instance=instance)
    formset = ContactFormSet(
        request.POST or None,
        instance=instance,
        queryset=Contact.objects.filter(organisation=organisation)
        if organisation
        else Contact.objects.none(),
        prefix="contacts",
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
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("directory.add_organisation"):
        raise PermissionDenied
    return _edit(request, None)


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not request.user.has_perm("directory.change_organisation", organisation):
        raise PermissionDenied
    return _edit(request, organisation)


@login_required
def organisation_history(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not request.user.has_perm("directory.view_organisation_history", organisation):
        raise PermissionDenied
    entries = ActivityLog.objects.filter(organisation=organisation).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/organisation_history.html",
        {"organisation": organisation, "page": page, "now": timezone.now()},
    )
