"""The checklist pages: the person's own lists, one list (tick items), and the
secretariat's overview of an arena's new members."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.common.http import AuthedRequest
from medvirk.onboarding.domain.checklists import (
    ensure_member_checklists,
    secretariat_checklist_for,
    tick,
)
from medvirk.onboarding.models import ChecklistItem
from medvirk.onboarding.selectors import (
    arena_for_overview,
    arena_member_checklists,
    arena_memberships_without_checklist,
    checklist_for_page,
    own_checklists,
    own_memberships_without_checklist,
    secretariat_checklist,
    shown,
)


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """The user's own lists; lists missing for their new seats are made now (the
    periodic job makes them too, whichever comes first)."""
    missing = own_memberships_without_checklist(request.user)
    if missing:
        ensure_member_checklists(missing)
    lists = shown(own_checklists(request.user))
    return render(request, "onboarding/mine.html", {"lists": lists})


@login_required
def checklist(request: AuthedRequest, pk: int) -> HttpResponse:
    found = checklist_for_page(pk)
    if found is None or not rules.has_perm("onboarding.view_checklist", request.user, found):
        raise Http404
    (state,) = shown([found])
    return render(
        request,
        "onboarding/checklist.html",
        {
            "state": state,
            "checklist": found,
            "arena": found.arena,
            "is_own": found.owner_user_id == request.user.pk,
            "can_tick": rules.has_perm("onboarding.tick_item", request.user, found),
        },
    )


@login_required
@require_POST
def tick_item(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    found = checklist_for_page(pk)
    if found is None or not rules.has_perm("onboarding.view_checklist", request.user, found):
        raise Http404
    item = get_object_or_404(ChecklistItem, pk=item_pk, checklist_id=found.pk)
    item.checklist = found
    done = request.POST.get("done") == "1"
    try:
        tick(item, by=request.user, done=done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if done:
            messages.success(
                request,
                _("«%(title)s» er krysset av.") % {"title": item.shown_title},
            )
        else:
            messages.success(
                request,
                _("Krysset for «%(title)s» er fjernet.") % {"title": item.shown_title},
            )
    return redirect(f"{found.get_absolute_url()}#punkt-{item.pk}")


def _arena(request: AuthedRequest, arena_pk: int):  # type: ignore[no-untyped-def]
    arena = arena_for_overview(arena_pk)
    if arena is None:
        raise Http404
    if not rules.has_perm("onboarding.view_overview", request.user, arena):
        raise PermissionDenied
    return arena


@login_required
def overview(request: AuthedRequest, arena_pk: int) -> HttpResponse:
    """The arena's new members and how many items each has open."""
    arena = _arena(request, arena_pk)
    missing = arena_memberships_without_checklist(arena)
    if missing:
        ensure_member_checklists(missing)
    rows = shown(arena_member_checklists(arena))
    return render(
        request,
        "onboarding/overview.html",
        {
            "arena": arena,
            "rows": rows,
            "own": secretariat_checklist(arena, request.user),
        },
    )


@login_required
@require_POST
def secretariat_list(request: AuthedRequest, arena_pk: int) -> HttpResponse:
    """Make (or find) the secretariat user's own list for the arena and open it."""
    arena = _arena(request, arena_pk)
    found = secretariat_checklist_for(arena, by=request.user)
    return redirect(found.get_absolute_url())
