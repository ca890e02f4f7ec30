from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.arenas import selectors
from medvirk.arenas.caching import ARENA_PAGE
from medvirk.arenas.domain.arenas import (
    create_arena,
    set_reserved_seats,
    template_defaults,
    update_arena,
)
from medvirk.arenas.domain.documents import CONTENT_TYPES
from medvirk.arenas.domain.memberships import (
    SEAT_ROLES,
    add_membership,
    default_term,
    end_membership,
    promote_first_deputy,
    resign,
)
from medvirk.arenas.enums import ArenaKind, MemberRole
from medvirk.arenas.forms import (
    ArenaCreateForm,
    ArenaFilterForm,
    ArenaForm,
    EndMembershipForm,
    KindChoiceForm,
    MembershipForm,
    ReservedSeatFormSet,
)
from medvirk.arenas.models import Arena, Membership
from medvirk.common.http import AuthedRequest, Request
from medvirk.common.views import attach_domain_errors


def arena_list(request: Request) -> HttpResponse:
    form = ArenaFilterForm(request.GET or None)
    filters = form.filters()
    arenas = selectors.arenas_for_list(request.user, filters)
    page = Paginator(arenas, settings.MEDVIRK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "arenas/arena_list.html",
        {
            "form": form,
            "page": page,
            "can_add": rules.has_perm("arenas.add_arena", request.user),
            "filtered": bool(filters),
        },
    )


def _get_visible(request: Request, pk: int, *, defer: Sequence[str] = ()) -> Arena:
    if defer:
        arena = get_object_or_404(Arena.objects.select_related("owner").defer(*defer), pk=pk)
    else:
        arena = get_object_or_404(Arena.objects.select_related("owner"), pk=pk)
    if not rules.has_perm("arenas.view_arena", request.user, arena):
        # Not found rather than forbidden: a private arena's existence is not public either.
        raise Http404
    return arena


def group_members(memberships: Sequence[Membership]) -> dict[str, list[Membership]]:
    groups: dict[str, list[Membership]] = {role: [] for role in MemberRole.values}
    for membership in memberships:
        groups[membership.role].append(membership)
    groups[MemberRole.DEPUTY].sort(key=lambda m: (m.deputy_rank or 0, m.person.name))
    return groups


#: Ended memberships on an arena's page, per page, and the page's query parameter.
HISTORY_PAGE_SIZE = 25
HISTORY_PAGE = "historikk"
WIDE_ORGANISATION_FIELDS = ("owner__description", "owner__search_text")
DETAIL_TEMPLATE = "arenas/arena_detail.html"


def arena_detail(request: Request, pk: int) -> HttpResponse:
    today = timezone.localdate()
    arena = _get_visible(request, pk, defer=WIDE_ORGANISATION_FIELDS)
    if not request.user.is_authenticated:
        # Every anonymous visitor sees the same page of a public arena: its parts are
        # cached under the arena's version in the cache registry (arenas/caching.py).
        parts = ARENA_PAGE.get_or_set(
            "parts",
            pk,
            today,
            compute=lambda: _render_parts(request, arena, today, {})[0],
            scopes=[pk],
        )
        return render(request, DETAIL_TEMPLATE, {"arena": arena, "parts": parts})
    can_manage = rules.has_perm("arenas.manage_members", request.user, arena)
    context: dict[str, Any] = {
        "can_change": rules.has_perm("arenas.change_arena", request.user, arena),
        "can_manage": can_manage,
    }
    parts, groups = _render_parts(request, arena, today, context)
    context.update({"arena": arena, "parts": parts})
    if can_manage:
        sitting: list[Membership] = arena.current_memberships  # type: ignore[attr-defined]
        seated = len([m for m in sitting if m.role in SEAT_ROLES])
        # Ten years of ended seats in a busy arena: a page at a time, latest first.
        history = Paginator(selectors.ended_memberships(arena), HISTORY_PAGE_SIZE)
        context["history"] = history.get_page(request.GET.get(HISTORY_PAGE))
        context["history_page_param"] = HISTORY_PAGE
        context["upcoming"] = selectors.upcoming_memberships(arena, today)
        context["can_promote"] = seated < arena.members_count and bool(groups[MemberRole.DEPUTY])
    return render(request, DETAIL_TEMPLATE, context)


def _render_parts(
    request: Request, arena: Arena, today: Any, context: dict[str, Any]
) -> tuple[dict[str, str], dict[str, list[Membership]]]:
    """The arena's facts, mandate, composition and members as HTML, and the members by role.

    ``context`` holds the user's powers (empty for an anonymous visitor)."""
    selectors.prefetch_arena_page(arena, today)
    user = request.user
    memberships: list[Membership] = arena.current_memberships  # type: ignore[attr-defined]
    groups = group_members(memberships)
    context = {
        **context,
        "arena": arena,
        "chairs": groups[MemberRole.CHAIR],
        "deputy_chairs": groups[MemberRole.DEPUTY_CHAIR],
        "members": groups[MemberRole.MEMBER],
        "deputies": groups[MemberRole.DEPUTY],
        "own_membership_ids": {
            m.pk for m in memberships if user.is_authenticated and m.person.user_id == user.pk
        },
    }
    parts: dict[str, str] = {
        name: render_to_string(f"{DETAIL_TEMPLATE}#{name}", context, request)
        for name in ("head", "body")
    }
    return parts, groups


def mandate_document(request: Request, pk: int) -> FileResponse:
    arena = _get_visible(request, pk)
    if not arena.mandate_document:
        raise Http404
    name = arena.mandate_document.name or ""
    extension = name.rsplit(".", 1)[-1]
    content_type = CONTENT_TYPES.get(extension) or mimetypes.guess_type(name)[0]
    return FileResponse(
        arena.mandate_document.open("rb"),
        as_attachment=True,
        filename=name.rsplit("/", 1)[-1],
        content_type=content_type or "application/octet-stream",
    )


@login_required
def arena_create(request: AuthedRequest) -> HttpResponse:
    if not rules.has_perm("arenas.add_arena", request.user):
        raise PermissionDenied
    owners = selectors.owner_choices(request.user)
    kind = request.POST.get("kind") or request.GET.get("kind")
    if request.method != "POST" and kind not in ArenaKind.values:
        chooser = KindChoiceForm(request.GET or None)
        if request.GET:
            chooser.is_valid()
        return render(
            request,
            "arenas/arena_kind.html",
            {"form": chooser},
            status=422 if request.GET else 200,
        )
    initial: dict[str, Any] = {"kind": kind, "members_count": 7, "deputies_count": 3}
    if kind in ArenaKind.values:
        initial.update(template_defaults(kind))
    form = ArenaCreateForm(
        request.POST or None, request.FILES or None, owners=owners, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            arena = create_arena(
                by=request.user,
                owner=form.cleaned_data["owner"],
                kind=form.cleaned_data["kind"],
                mandate_document=form.cleaned_data.get("mandate_document"),
                required_competence=form.competence(),
                **form.domain_fields(),
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Arenaen er opprettet."))
            return redirect(arena)
    return render(
        request,
        "arenas/arena_form.html",
        {
            "form": form,
            "arena": None,
            "formset": None,
            "kind_label": ArenaKind(kind).label if kind in ArenaKind.values else "",
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def arena_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    arena = get_object_or_404(Arena.objects.select_related("owner"), pk=pk)
    if not rules.has_perm("arenas.change_arena", request.user, arena):
        raise PermissionDenied
    form = ArenaForm(request.POST or None, request.FILES or None, instance=arena)
    seats_initial = [
        {"organisation": s.organisation, "competence_area": s.competence_area, "seats": s.seats}
        for s in arena.reserved_seats.select_related("organisation", "competence_area")
    ]
    formset = ReservedSeatFormSet(request.POST or None, initial=seats_initial, prefix="seats")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data
            and (f.cleaned_data.get("organisation") or f.cleaned_data.get("competence_area"))
        ]
        fields = form.domain_fields()
        try:
            with transaction.atomic():
                # Seats first, checked against the new size; update_arena then
                # checks the saved seats against the saved size once more.
                arena.members_count = fields["members_count"]
                set_reserved_seats(arena, by=request.user, seats=rows)
                update_arena(
                    arena,
                    by=request.user,
                    mandate_document=form.cleaned_data.get("mandate_document"),
                    required_competence=form.competence(),
                    **fields,
                )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(arena)
    return render(
        request,
        "arenas/arena_form.html",
        {"form": form, "formset": formset, "arena": arena, "kind_label": arena.get_kind_display()},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def membership_add(request: AuthedRequest, pk: int) -> HttpResponse:
    arena = get_object_or_404(Arena.objects.select_related("owner"), pk=pk)
    if not rules.has_perm("arenas.manage_members", request.user, arena):
        raise PermissionDenied
    query = (request.GET.get("q") or "").strip()[:100]
    today = timezone.localdate()
    form = MembershipForm(
        request.POST or None,
        arena=arena,
        query=query,
        initial={
            "role": MemberRole.MEMBER,
            "starts_on": today,
            "ends_on": default_term(arena, today),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_membership(
                arena=arena,
                by=request.user,
                person=data["person"],
                role=data["role"],
                deputy_rank=data.get("deputy_rank"),
                represents=data.get("represents"),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("%(name)s er lagt til.") % {"name": data["person"].name})
            return redirect(arena)
    return render(
        request,
        "arenas/membership_form.html",
        {"form": form, "arena": arena, "query": query},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def membership_end(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("arena__owner", "person"), pk=pk
    )
    if not rules.has_perm("arenas.manage_members", request.user, membership):
        raise PermissionDenied
    form = EndMembershipForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            end_membership(
                membership,
                by=request.user,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Medlemskapet er avsluttet."))
            return redirect(membership.arena)
    return render(
        request,
        "arenas/membership_end.html",
        {"form": form, "membership": membership, "arena": membership.arena},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def membership_resign(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("arena__owner", "person"), pk=pk
    )
    if not rules.has_perm("arenas.resign", request.user, membership):
        raise PermissionDenied
    try:
        resign(membership, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Vervet er avsluttet. Sekretariatet har fått beskjed."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    if rules.has_perm("arenas.view_arena", request.user, membership.arena):
        return redirect(membership.arena)
    return redirect("arenas:list")


@login_required
@require_POST
def promote(request: AuthedRequest, pk: int) -> HttpResponse:
    arena = get_object_or_404(Arena.objects.select_related("owner"), pk=pk)
    if not rules.has_perm("arenas.manage_members", request.user, arena):
        raise PermissionDenied
    try:
        seat = promote_first_deputy(arena, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(name)s har rykket opp som medlem.") % {"name": seat.person.name}
        )
    return redirect(arena)


@login_required
def membership_resign_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """Ask before a person resigns from a seat (the POST goes to `membership_resign`)."""
    membership = get_object_or_404(
        Membership.objects.select_related("arena__owner", "person"), pk=pk
    )
    if not rules.has_perm("arenas.resign", request.user, membership):
        raise PermissionDenied
    # Asked from the arena page (?fra=arena): back and "Avbryt" return there, and after
    # resigning membership_resign decides (the arena if still visible, else the list).
    from_arena = request.GET.get("fra") == "arena"
    return render(
        request,
        "arenas/resign_confirm.html",
        {"membership": membership, "from_arena": from_arena},
    )
