"""The person page (/personer/<pk>/, ``people:detail``).

It shows a person's profile, affiliations, courses and accommodation (people's) together
with the person's seats (arenas'), so it lives here, in the lowest app above both: people
sit below arenas in the layer order and never import them. Its route stays in the
``people`` namespace (``medvirk/urls.py`` composes it with people's own routes).
"""

from __future__ import annotations

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from medvirk.arenas.selectors import current_and_past, seats_of
from medvirk.common.http import AuthedRequest
from medvirk.people.domain.accommodation import read_accommodation
from medvirk.people.forms import AffiliationForm
from medvirk.people.models import Person
from medvirk.people.selectors import pool_admin_organisation_ids, pool_admin_organisations_of


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("created_by", "user"), pk=pk)
    user = request.user
    if not rules.has_perm("people.view_person", user, person):
        raise PermissionDenied
    can_see_accommodation = rules.has_perm("people.view_accommodation", user, person)
    accommodation = read_accommodation(person, by=user) if can_see_accommodation else None
    current, past = current_and_past(seats_of(person, visible_to=user))
    # The organisations whose pool the user manages, from the request's roles: the form
    # (and its one query for the menu) only for those who manage one.
    admin_org_ids = pool_admin_organisation_ids(user)
    affiliation_form = (
        AffiliationForm(organisations=pool_admin_organisations_of(admin_org_ids))
        if admin_org_ids
        else None
    )
    return render(
        request,
        "arenas/person_detail.html",
        {
            "person": person,
            "affiliations": person.affiliations.select_related("organisation"),
            "training": person.training.select_related("course"),
            "competence": person.competence_areas.all(),
            "current": current,
            "past": past,
            "accommodation": accommodation,
            "can_see_accommodation": can_see_accommodation,
            "can_change": rules.has_perm("people.change_person", user, person),
            "admin_org_ids": admin_org_ids,
            "affiliation_form": affiliation_form,
        },
    )
