"""Seats in an arena: adding, ending, resigning and moving the first deputy up.

Memberships are never deleted; an ended one keeps its date and reason, so the
arena's whole history stays readable.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.accounts.enums import RoleKind
from medvirk.arenas.enums import EndReason, MemberRole
from medvirk.arenas.models import Arena, Membership
from medvirk.arenas.notifications import send_resignation
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import add_years, format_date
from medvirk.directory.models import Organisation
from medvirk.people.models import Person

if TYPE_CHECKING:
    from medvirk.accounts.models import User

ADDED = register_action("arenas.membership.added", gettext_lazy("La til medlem"))
ENDED = register_action("arenas.membership.ended", gettext_lazy("Avsluttet medlemskap"))
RESIGNED = register_action("arenas.membership.resigned", gettext_lazy("Trakk seg fra vervet"))
VACANCY = register_action(
    "arenas.membership.vacancy", gettext_lazy("Ledig plass: ny forespørsel om representant trengs")
)
DEPUTY_AVAILABLE = register_action(
    "arenas.membership.deputy_available",
    gettext_lazy("Ledig plass: første vararepresentant kan rykke opp"),
)
PROMOTED = register_action(
    "arenas.membership.promoted", gettext_lazy("Første vararepresentant rykket opp")
)

SEAT_ROLES = (MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.MEMBER)
UNIQUE_ROLES = (MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR)


def default_term(arena: Arena, starts_on: datetime.date) -> datetime.date:
    """The last day of a full term starting on ``starts_on``."""
    return add_years(starts_on, arena.term_years) - datetime.timedelta(days=1)


def overlapping(
    arena: Arena, starts_on: datetime.date, ends_on: datetime.date
) -> QuerySet[Membership]:
    """Memberships of the arena still running at some point in the period."""
    return Membership.objects.filter(
        arena=arena, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=starts_on))


def secretariat_emails(organisation: Organisation) -> list[str]:
    from medvirk.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            roles__organisation=organisation,
            roles__role=RoleKind.SECRETARIAT,
        )
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _link(arena: Arena) -> str:
    return settings.SITE_URL.rstrip("/") + arena.get_absolute_url()


def check_membership(
    *,
    arena: Arena,
    person: Person,
    role: str,
    deputy_rank: int | None,
    starts_on: datetime.date,
    ends_on: datetime.date,
    exclude: Membership | None = None,
) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if role not in MemberRole.values:
        add("role", _("Velg en rolle fra listen."))
    if ends_on <= starts_on:
        add("ends_on", _("Sluttdatoen må være etter startdatoen."))
    elif ends_on > add_years(starts_on, arena.term_years):
        add(
            "ends_on",
            _("Perioden er for lang. Arenaen har en periode på %(years)s år, til og med %(last)s.")
            % {
                "years": arena.term_years,
                "last": format_date(default_term(arena, starts_on), "SHORT_DATE_FORMAT"),
            },
        )
    if role == MemberRole.DEPUTY:
        if not deputy_rank:
            add("deputy_rank", _("Oppgi varanummer for vararepresentanten (1 er første vara)."))
    elif deputy_rank:
        add("deputy_rank", _("Bare vararepresentanter har varanummer."))
    if arena.max_age_at_appointment is not None:
        if person.birth_year is None:
            add(
                "person",
                _(
                    "Denne arenaen har en aldersgrense. Registrer fødselsåret til personen "
                    "før personen oppnevnes."
                ),
            )
        elif starts_on.year - person.birth_year - 1 > arena.max_age_at_appointment:
            add(
                "person",
                _("Medlemmene må være under %(limit)s år når de oppnevnes.")
                % {"limit": arena.max_age_at_appointment + 1},
            )
    if errors.get("ends_on") or errors.get("role"):
        raise ValidationError(errors)
    others = overlapping(arena, starts_on, ends_on)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    others_list = list(others.select_related("person"))
    if any(m.person_id == person.pk for m in others_list):
        add(
            "person",
            _("%(name)s har allerede et medlemskap i denne arenaen i perioden.")
            % {"name": person.name},
        )
    if role in UNIQUE_ROLES:
        holder = next((m for m in others_list if m.role == role), None)
        if holder is not None:
            add(
                "role",
                _("Arenaen har allerede en %(role)s i perioden: %(name)s.")
                % {"role": MemberRole(role).label.lower(), "name": holder.person.name},
            )
    if role == MemberRole.DEPUTY and deputy_rank:
        if any(m.role == MemberRole.DEPUTY and m.deputy_rank == deputy_rank for m in others_list):
            add(
                "deputy_rank",
                _("En annen vararepresentant har allerede varanummer %(rank)s i perioden.")
                % {"rank": deputy_rank},
            )
        deputies = sum(1 for m in others_list if m.role == MemberRole.DEPUTY)
        if deputies >= arena.deputies_count:
            add(
                "role",
                _("Arenaen har allerede %(count)s vararepresentanter, som er det høyeste antallet.")
                % {"count": arena.deputies_count},
            )
    elif role in SEAT_ROLES:
        seated = sum(1 for m in others_list if m.role in SEAT_ROLES)
        if seated >= arena.members_count:
            add(
                "role",
                _("Arenaen har allerede %(count)s medlemmer, som er det høyeste antallet.")
                % {"count": arena.members_count},
            )
    if errors:
        raise ValidationError(errors)


def add_membership(
    *,
    arena: Arena,
    by: User,
    person: Person,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    deputy_rank: int | None = None,
    represents: Organisation | None = None,
) -> Membership:
    if not rules.has_perm("arenas.manage_members", by, arena):
        raise PermissionDenied
    with transaction.atomic():
        # Lock the arena so two secretaries cannot seat two chairs at once.
        arena = Arena.objects.select_for_update().get(pk=arena.pk)
        check_membership(
            arena=arena,
            person=person,
            role=role,
            deputy_rank=deputy_rank,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        membership = Membership.objects.create(
            arena=arena,
            person=person,
            role=role,
            deputy_rank=deputy_rank if role == MemberRole.DEPUTY else None,
            represents=represents,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        log_activity(
            action=ADDED,
            actor=by,
            obj=membership,
            organisation=arena.owner,
            data={
                "person": person.name,
                "role": role,
                "deputy_rank": membership.deputy_rank,
                "represents": represents.name if represents else "",
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
            },
        )
    return membership


def _end(membership: Membership, reason: str, on: datetime.date) -> None:
    if membership.ended_on is not None:
        raise ValidationError(_("Medlemskapet er allerede avsluttet."))
    if reason not in EndReason.values:
        raise ValidationError({"reason": _("Velg en årsak fra listen.")})
    if on < membership.starts_on:
        on = membership.starts_on
    membership.ended_on = on
    membership.end_reason = reason
    membership.save(update_fields=["ended_on", "end_reason"])


def end_membership(
    membership: Membership,
    *,
    by: User,
    reason: str,
    on: datetime.date | None = None,
) -> Membership:
    if not rules.has_perm("arenas.manage_members", by, membership):
        raise PermissionDenied
    day = on or timezone.localdate()
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("arena__owner", "person")
            .get(pk=membership.pk)
        )
        _end(membership, reason, day)
        log_activity(
            action=ENDED,
            actor=by,
            obj=membership,
            organisation=membership.arena.owner,
            data={"person": membership.person.name, "reason": reason, "on": day.isoformat()},
        )
    return membership


def first_deputy(arena: Arena, on: datetime.date | None = None) -> Membership | None:
    return (
        Membership.objects.current(on)
        .filter(arena=arena, role=MemberRole.DEPUTY)
        .select_related("person")
        .order_by("deputy_rank", "pk")
        .first()
    )


def vacant_seats(arena: Arena, on: datetime.date | None = None) -> int:
    seated = Membership.objects.current(on).filter(arena=arena, role__in=SEAT_ROLES).count()
    return max(arena.members_count - seated, 0)


def resign(membership: Membership, *, by: User, on: datetime.date | None = None) -> Membership:
    """The person (or the secretariat on their behalf) leaves the seat.

    A member seat falling vacant is reported to the owner's secretariat: if a
    deputy is available they may move the first deputy up (an explicit action,
    :func:`promote_first_deputy`); otherwise a new request for a representative
    is needed.
    """
    if not rules.has_perm("arenas.resign", by, membership):
        raise PermissionDenied
    day = on or timezone.localdate()
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("arena__owner", "person")
            .get(pk=membership.pk)
        )
        arena = membership.arena
        _end(membership, EndReason.RESIGNED, day)
        log_activity(
            action=RESIGNED,
            actor=by,
            obj=membership,
            organisation=arena.owner,
            data={"person": membership.person.name, "role": membership.role, "on": day.isoformat()},
        )
        if membership.role not in SEAT_ROLES:
            return membership
        deputy = first_deputy(arena, day)
        recipients = secretariat_emails(arena.owner)
        if deputy is not None:
            log_activity(
                action=DEPUTY_AVAILABLE,
                actor=by,
                obj=arena,
                organisation=arena.owner,
                data={"resigned": membership.person.name, "deputy": deputy.person.name},
            )
        else:
            log_activity(
                action=VACANCY,
                actor=by,
                obj=arena,
                organisation=arena.owner,
                data={"resigned": membership.person.name},
            )
        send_resignation(arena, membership, deputy, to=recipients)
    return membership


def promote_first_deputy(arena: Arena, *, by: User, on: datetime.date | None = None) -> Membership:
    """Move the first-ranked current deputy into a vacant member seat for the rest
    of their term. Their deputy membership ends as PROMOTED; the history keeps both."""
    if not rules.has_perm("arenas.manage_members", by, arena):
        raise PermissionDenied
    day = on or timezone.localdate()
    with transaction.atomic():
        arena = Arena.objects.select_for_update().select_related("owner").get(pk=arena.pk)
        if vacant_seats(arena, day) == 0:
            raise ValidationError(_("Arenaen har ingen ledig medlemsplass."))
        deputy = first_deputy(arena, day)
        if deputy is None:
            raise ValidationError(_("Arenaen har ingen vararepresentant som kan rykke opp."))
        _end(deputy, EndReason.PROMOTED, day)
        seat = Membership.objects.create(
            arena=arena,
            person=deputy.person,
            role=MemberRole.MEMBER,
            represents_id=deputy.represents_id,
            starts_on=max(day, deputy.starts_on),
            ends_on=deputy.ends_on,
        )
        log_activity(
            action=PROMOTED,
            actor=by,
            obj=seat,
            organisation=arena.owner,
            data={"person": deputy.person.name, "deputy_rank": deputy.deputy_rank},
        )
    return seat
