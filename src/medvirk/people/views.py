"""People's own pages: the representative's profile, accommodation, data and deletion
request, organisations' pools, the profile form, courses, affiliations, claims.

The two person pages that show seats and nominations live above people in the layer
order: the person page in ``arenas/views_person.py``, "Mine oppdrag" in
``appointments/views_assignments.py``. Their routes stay in the ``people`` namespace.
"""

from __future__ import annotations

import json
from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.common.http import AuthedRequest
from medvirk.common.paging import counted_page
from medvirk.common.views import attach_domain_errors
from medvirk.directory.models import Organisation
from medvirk.people.domain.accommodation import (
    ACCOMMODATION_PURPOSE,
    READER_ROLES,
    give_accommodation_consent,
    read_accommodation,
    update_accommodation,
    withdraw_accommodation_consent,
)
from medvirk.people.domain.claims import claim_person, find_claimable, send_claim_invitation
from medvirk.people.domain.privacy import (
    carry_out_deletion,
    deletion_terms,
    export_personal_data,
    request_deletion,
)
from medvirk.people.domain.profiles import (
    add_affiliation,
    add_training_record,
    create_person,
    ensure_own_person,
    pool_admin_organisations,
    remove_affiliation,
    remove_training_record,
    update_person,
)
from medvirk.people.forms import (
    AccommodationForm,
    AffiliationForm,
    PersonForm,
    TrainingForm,
)
from medvirk.people.models import Affiliation, Person, TrainingRecord
from medvirk.people.selectors import (
    accommodation_reads,
    asks_personal_details,
    deletion_requests,
    has_accommodation,
    person_of_user,
    pool_count,
    pool_for_page,
)


def _own_person(request: AuthedRequest) -> Person | None:
    return person_of_user(request.user)


@login_required
def my_profile(request: AuthedRequest) -> HttpResponse:
    person = _own_person(request)
    if person is None:
        initial: dict[str, Any] = {"name": request.user.name, "email": request.user.email}
    else:
        initial = PersonForm.initial_for(person)
    form = PersonForm(
        request.POST or None, initial=initial, ask_personal=asks_personal_details(person)
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = ensure_own_person(by=request.user)
            update_person(person, by=request.user, data=form.domain_data())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Profilen din er lagret."))
            return redirect("people:mine")
    return render(
        request,
        "people/profile_form.html",
        {"form": form, "person": person, "own": True},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def my_accommodation(request: AuthedRequest) -> HttpResponse:
    person = _own_person(request)
    accommodation = read_accommodation(person, by=request.user) if person else None
    updating = accommodation is not None
    initial = {"needs": accommodation.needs} if accommodation else {}
    form = AccommodationForm(request.POST or None, initial=initial, updating=updating)
    if request.method == "POST" and form.is_valid():
        try:
            if accommodation is not None:
                update_accommodation(
                    accommodation.person, by=request.user, needs=form.cleaned_data["needs"]
                )
                messages.success(request, _("Opplysningene om tilrettelegging er endret."))
            else:
                own = ensure_own_person(by=request.user)
                give_accommodation_consent(
                    own,
                    by=request.user,
                    needs=form.cleaned_data["needs"],
                    purpose=str(ACCOMMODATION_PURPOSE),
                    consent=form.cleaned_data["consent"],
                )
                messages.success(request, _("Samtykket og opplysningene er lagret."))
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            return redirect("people:mine")
    return render(
        request,
        "people/accommodation_form.html",
        {
            "form": form,
            "accommodation": accommodation,
            "purpose": accommodation.consent_purpose if accommodation else ACCOMMODATION_PURPOSE,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def my_accommodation_withdraw(request: AuthedRequest) -> HttpResponse:
    person = _own_person(request)
    if person is None or not has_accommodation(person):
        messages.info(request, _("Du har ikke gitt noe samtykke til tilrettelegging."))
        return redirect("people:mine")
    if request.method == "POST":
        withdraw_accommodation_consent(person, by=request.user)
        messages.success(
            request,
            _("Samtykket er trukket tilbake, og opplysningene om tilrettelegging er slettet."),
        )
        return redirect("people:mine")
    return render(request, "people/accommodation_withdraw.html")


READS_PAGE_SIZE = 20


@login_required
def my_accommodation_reads(request: AuthedRequest) -> HttpResponse:
    """Who has read my accommodation needs, and when (from the activity log, kept for
    MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS)."""
    person = _own_person(request)
    page = None
    if person is not None:
        reads = accommodation_reads(person)
        page = counted_page(
            reads, READS_PAGE_SIZE, count=reads.count(), number=request.GET.get("page")
        )
    rows = [
        {
            "entry": entry,
            "reader": (entry.actor.name or entry.actor.email)
            if entry.actor
            else entry.actor_display,
            "role": READER_ROLES.get(entry.data.get("as", ""), ""),
            "about": entry.data.get("about", ""),
        }
        for entry in (page.object_list if page else [])
    ]
    return render(
        request,
        "people/accommodation_reads.html",
        {
            "page": page,
            "rows": rows,
            "retention_months": settings.MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS,
        },
    )


@login_required
def my_data(request: AuthedRequest) -> HttpResponse:
    data = export_personal_data(by=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="medvirk-mine-data.json"'
    return response


@login_required
def my_deletion(request: AuthedRequest) -> HttpResponse:
    person = _own_person(request)
    if request.method == "POST":
        request_deletion(by=request.user)
        messages.success(
            request,
            _("Vi har tatt imot ønsket ditt om sletting. Du får beskjed når kontoen er slettet."),
        )
        # Back to the page, which now confirms the request and what will be kept.
        return redirect("people:my_deletion")
    return render(
        request, "people/deletion_request.html", {"person": person, "terms": deletion_terms()}
    )


# --- Organisations' pools and person pages ---------------------------------------------

# A big user organisation's pool holds thousands of people: shown a page at a time.
POOL_PAGE_SIZE = 25


@login_required
def pool(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=org_pk)
    if not rules.has_perm("people.view_pool", request.user, organisation):
        raise PermissionDenied
    today = timezone.localdate()
    page = counted_page(
        pool_for_page(organisation, today),
        POOL_PAGE_SIZE,
        count=pool_count(organisation),
        number=request.GET.get("page"),
    )
    return render(
        request,
        "people/pool.html",
        {
            "organisation": organisation,
            "people": page.object_list,
            "page": page,
            "can_add": rules.has_perm("people.add_person", request.user, organisation),
        },
    )


@login_required
def person_create(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=org_pk)
    if not rules.has_perm("people.add_person", request.user, organisation):
        raise PermissionDenied
    form = PersonForm(request.POST or None, ask_personal=False)
    if request.method == "POST" and form.is_valid():
        try:
            person = create_person(
                by=request.user, organisation=organisation, data=form.domain_data()
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Personen er registrert i representantpoolen."))
            return redirect(person)
    return render(
        request,
        "people/profile_form.html",
        {"form": form, "organisation": organisation, "own": False},
        status=422 if request.method == "POST" else 200,
    )


def _viewable_person(request: AuthedRequest, pk: int) -> Person:
    person = get_object_or_404(Person.objects.select_related("created_by", "user"), pk=pk)
    if not rules.has_perm("people.view_person", request.user, person):
        raise PermissionDenied
    return person


@login_required
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not rules.has_perm("people.change_person", request.user, person):
        raise PermissionDenied
    form = PersonForm(
        request.POST or None,
        initial=PersonForm.initial_for(person),
        ask_personal=asks_personal_details(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_person(person, by=request.user, data=form.domain_data())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(person)
    return render(
        request,
        "people/profile_form.html",
        {"form": form, "person": person, "own": False},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def person_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    try:
        send_claim_invitation(person, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Lenken er sendt til %(email)s. Den gjelder i 14 dager.") % {"email": person.email},
        )
    return redirect(person)


@login_required
def training_add(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not rules.has_perm("people.change_person", request.user, person):
        raise PermissionDenied
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_training_record(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Kurset er registrert."))
            return redirect(person)
    return render(
        request,
        "people/training_form.html",
        {"form": form, "person": person},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def training_remove(request: AuthedRequest, pk: int, record_pk: int) -> HttpResponse:
    record = get_object_or_404(
        TrainingRecord.objects.select_related("person"), pk=record_pk, person_id=pk
    )
    remove_training_record(record, by=request.user)
    messages.success(request, _("Kurset er fjernet."))
    return redirect(record.person)


@login_required
@require_POST
def affiliation_add(request: AuthedRequest, pk: int) -> HttpResponse:
    person = _viewable_person(request, pk)
    form = AffiliationForm(request.POST, organisations=pool_admin_organisations(request.user))
    if form.is_valid():
        try:
            add_affiliation(
                person=person,
                organisation=form.cleaned_data["organisation"],
                kind=form.cleaned_data["kind"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Tilknytningen er lagt til."))
    else:
        messages.error(request, _("Velg organisasjon og tilknytning."))
    return redirect(person)


@login_required
@require_POST
def affiliation_remove(request: AuthedRequest, pk: int, affiliation_pk: int) -> HttpResponse:
    affiliation = get_object_or_404(
        Affiliation.objects.select_related("person", "organisation"),
        pk=affiliation_pk,
        person_id=pk,
    )
    remove_affiliation(affiliation, by=request.user)
    messages.success(request, _("Tilknytningen er fjernet."))
    if rules.has_perm("people.view_person", request.user, affiliation.person):
        return redirect(affiliation.person)
    return redirect("people:pool", org_pk=affiliation.organisation_id)


# --- Claiming a profile --------------------------------------------------------------


@login_required
def claim(request: AuthedRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            claim_person(token, by=request.user)
        except ValidationError as error:
            return render(
                request, "people/claim_invalid.html", {"errors": error.messages}, status=400
            )
        messages.success(request, _("Profilen er nå koblet til kontoen din."))
        return redirect("people:mine")
    person = find_claimable(token)
    if person is None:
        return render(
            request,
            "people/claim_invalid.html",
            {"errors": [_("Lenken er ikke gyldig, er utløpt eller er allerede brukt.")]},
            status=404,
        )
    return render(request, "people/claim.html", {"person": person})


# --- Deletion requests (platform admin) ----------------------------------------------


@login_required
def deletion_list(request: AuthedRequest) -> HttpResponse:
    if not rules.has_perm("people.process_deletion", request.user):
        raise PermissionDenied
    requests = deletion_requests()
    return render(request, "people/deletion_list.html", {"requests": requests})


@login_required
def deletion_carry_out(request: AuthedRequest, pk: int) -> HttpResponse:
    if not rules.has_perm("people.process_deletion", request.user):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=pk, deletion_requested_at__isnull=False)
    error = None
    if request.method == "POST":
        try:
            carry_out_deletion(person, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Personen er slettet og anonymisert."))
            return redirect("people:deletions")
    return render(
        request,
        "people/deletion_confirm.html",
        {"person": person, "terms": deletion_terms(), "error": error},
        status=422 if error else 200,
    )
