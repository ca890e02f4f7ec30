"""The decision (oppnevning): the secretariat chooses members and ranked deputies.

`preview` runs the arena's composition rules on the proposed set (with the
members whose terms continue); `decide` does it for real: memberships,
appointed seats, statuses, the log, and -- after commit -- letters and news to
every candidate and every nominating organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import medvirk.appointments.rules_decisions  # noqa: F401  (registers appointments.decide)
from medvirk.accounts.enums import RoleKind
from medvirk.appointments.domain.letters import render_letter
from medvirk.appointments.enums import (
    LIVE_REQUEST_STATUSES,
    NominationStatus,
    RequestStatus,
)
from medvirk.appointments.models import AppointedSeat, AppointmentRequest, Decision, Nomination
from medvirk.appointments.notifications import (
    send_appointment_letter,
    send_not_appointed,
    send_organisation_summary,
)
from medvirk.arenas.composition import Finding, Rules, Seat, check, has_dispensation, is_blocked
from medvirk.arenas.domain.memberships import add_membership, overlapping
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Membership
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.people.models import Person

if TYPE_CHECKING:
    from medvirk.accounts.models import User

DECIDED = register_action("appointments.decision.made", gettext_lazy("Oppnevnte medlemmer"))
DISPENSATION = register_action(
    "appointments.decision.dispensation",
    gettext_lazy("Oppnevnte med dispensasjon fra sammensetningsreglene"),
)

MEMBER_ROLES = (MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.MEMBER)

# (nomination, MemberRole value, deputy rank or None)
Choice = tuple[Nomination, str, int | None]


def can_decide(user: User, request: AppointmentRequest) -> bool:
    return bool(rules.has_perm("appointments.decide", user, request))


def candidates(request: AppointmentRequest) -> QuerySet[Nomination]:
    """The confirmed nominations of a request, with everything the rules and the
    decision page read, in a constant number of queries."""
    today = timezone.localdate()
    return (
        Nomination.objects.filter(request=request, status=NominationStatus.CONFIRMED)
        .select_related("person", "organisation")
        .prefetch_related("person__competence_areas", "organisation__umbrellas")
        .annotate(
            current_seats=Count(
                "person__memberships",
                filter=Q(
                    person__memberships__starts_on__lte=today,
                    person__memberships__ends_on__gte=today,
                    person__memberships__ended_on__isnull=True,
                ),
                distinct=True,
            )
        )
        .order_by("person__name", "pk")
    )


def _organisation_ids(nomination: Nomination) -> set[int]:
    organisation = nomination.organisation
    return {organisation.pk, *(u.pk for u in organisation.umbrellas.all())}


def _current_seats(nomination: Nomination) -> int:
    annotated = getattr(nomination, "current_seats", None)
    if annotated is not None:
        return int(annotated)
    return Membership.objects.current().filter(person_id=nomination.person_id).count()


def _continuing(request: AppointmentRequest, chosen: set[int]) -> list[Seat]:
    """Seats of members whose terms run into the new period (the rules are about the
    whole arena), leaving out people being appointed again."""
    memberships = (
        overlapping(request.arena, request.term_starts_on, request.term_ends_on)
        .exclude(person_id__in=chosen)
        .select_related("person")
        .prefetch_related(Prefetch("person__competence_areas"))
    )
    return [
        Seat.from_person(
            m.person,
            role=m.role,
            organisation_ids=[m.represents_id] if m.represents_id else [],
        )
        for m in memberships
    ]


def preview(request: AppointmentRequest, choices: Sequence[Choice]) -> list[Finding]:
    """The composition rules' findings for the proposed choices."""
    rules = Rules.from_arena(request.arena, on=request.term_starts_on)
    seats = [
        Seat.from_person(
            nomination.person,
            role=role,
            organisation_ids=_organisation_ids(nomination),
            current_assignments=_current_seats(nomination),
        )
        for nomination, role, _rank in choices
    ]
    seats += _continuing(request, {n.person_id for n, _r, _k in choices})
    return check(rules, seats)


def _validate_choices(request: AppointmentRequest, choices: Sequence[Choice]) -> None:
    errors: list[str] = []
    if not choices:
        errors.append(_("Velg minst én kandidat som medlem eller vararepresentant."))
    seen: set[int] = set()
    ranks: list[int] = []
    for nomination, role, rank in choices:
        name = nomination.person.name
        if nomination.request_id != request.pk:
            errors.append(_("%(name)s er ikke foreslått til denne forespørselen.") % {"name": name})
            continue
        if nomination.pk in seen:
            errors.append(_("%(name)s er valgt mer enn én gang.") % {"name": name})
        seen.add(nomination.pk)
        if nomination.status == NominationStatus.WITHDRAWN:
            errors.append(
                _("%(name)s er trukket som kandidat og kan ikke oppnevnes.") % {"name": name}
            )
        elif nomination.status == NominationStatus.DECLINED:
            errors.append(_("%(name)s har takket nei og kan ikke oppnevnes.") % {"name": name})
        elif nomination.status != NominationStatus.CONFIRMED:
            errors.append(
                _(
                    "%(name)s kan ikke oppnevnes før kandidaten har samtykket og "
                    "organisasjonen har bekreftet forslaget."
                )
                % {"name": name}
            )
        if role == MemberRole.DEPUTY:
            if not rank or rank < 1:
                errors.append(
                    _("Oppgi varanummer for %(name)s (1 er første vara).") % {"name": name}
                )
            else:
                ranks.append(rank)
        elif role in MEMBER_ROLES:
            if rank:
                errors.append(
                    _("%(name)s er medlem. Bare vararepresentanter har varanummer.")
                    % {"name": name}
                )
        else:
            errors.append(_("Velg en gyldig rolle for %(name)s.") % {"name": name})
    for unique in (MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR):
        if sum(1 for _n, role, _k in choices if role == unique) > 1:
            errors.append(
                _("Bare én kan være %(role)s.") % {"role": MemberRole(unique).label.lower()}
            )
    if ranks and sorted(ranks) != list(range(1, len(ranks) + 1)):
        errors.append(
            _("Varanumrene må være 1, 2, 3 … uten hull eller like numre. Nå er de %(ranks)s.")
            % {"ranks": ", ".join(str(r) for r in sorted(ranks))}
        )
    if errors:
        raise ValidationError(errors)


def review(
    request: AppointmentRequest, choices: Sequence[Choice], dispensation_reason: str = ""
) -> list[Finding]:
    """What `decide` would refuse, without deciding: raises ValidationError for illegal
    choices or a blocked composition without a dispensation reason, else returns the
    rules' findings (warnings, and what the dispensation covers). The decision page's
    confirmation step shows them before anything is written."""
    _validate_choices(request, choices)
    findings = preview(request, choices)
    if is_blocked(findings, dispensation_reason.strip()):
        raise ValidationError(
            [f.message for f in findings if f.blocks]
            + [
                _(
                    "Sammensetningen bryter reglene for arenaen. Endre valgene, eller "
                    "oppgi en grunn for dispensasjon (minst 10 tegn)."
                )
            ]
        )
    return findings


def decide(
    request: AppointmentRequest,
    *,
    by: User,
    choices: Sequence[Choice],
    dispensation_reason: str = "",
) -> Decision:
    """Appoint the chosen candidates. Refuses (ValidationError) illegal choices, a
    blocked composition without a dispensation reason, and a second decision."""
    if not can_decide(by, request):
        raise PermissionDenied
    dispensation_reason = dispensation_reason.strip()
    try:
        with transaction.atomic():
            # Lock the request: a second decider waits here, then sees DECIDED.
            request = (
                AppointmentRequest.objects.select_for_update()
                .select_related("arena__owner")
                .get(pk=request.pk)
            )
            if request.status == RequestStatus.DECIDED or _has_decision(request):
                raise ValidationError(_("Forespørselen er allerede avgjort."))
            if request.status not in LIVE_REQUEST_STATUSES:
                raise ValidationError(
                    _("Forespørselen har status «%(status)s» og kan ikke avgjøres nå.")
                    % {"status": request.get_status_display()}
                )
            fresh = {n.pk: n for n in candidates(request)}
            others = Nomination.objects.select_related("person").in_bulk(
                [n.pk for n, _r, _k in choices if n.pk not in fresh]
            )
            # Judge each choice by the row as it is now, not as the form saw it.
            current: list[Choice] = [
                (fresh.get(n.pk) or others.get(n.pk) or n, role, rank or None)
                for n, role, rank in choices
            ]
            findings = review(request, current, dispensation_reason)
            blocking = [f for f in findings if f.blocks]
            decision = Decision.objects.create(
                request=request,
                decided_by=by,
                dispensation_reason=dispensation_reason if blocking else "",
                findings=[asdict(f) for f in findings],
            )
            _appoint(request, decision, by, current)
            request.status = RequestStatus.DECIDED
            request.save(update_fields=["status"])
            log_activity(
                action=DECIDED,
                actor=by,
                obj=decision,
                organisation=request.arena.owner,
                data={
                    "request": request.title,
                    "appointed": [
                        {"person": n.person.name, "role": role, "deputy_rank": rank}
                        for n, role, rank in current
                    ],
                },
            )
            if blocking and has_dispensation(dispensation_reason):
                log_activity(
                    action=DISPENSATION,
                    actor=by,
                    obj=decision,
                    organisation=request.arena.owner,
                    data={
                        "reason": dispensation_reason,
                        "findings": [asdict(f) for f in blocking],
                    },
                )
            # The letters (PDFs) and outcome mails are outbox rows of this transaction:
            # they go out when, and only if, the decision commits.
            notify(decision.pk)
    except IntegrityError as error:
        # The OneToOne on Decision.request: another decision won the race.
        raise ValidationError(_("Forespørselen er allerede avgjort.")) from error
    return decision


def _has_decision(request: AppointmentRequest) -> bool:
    return Decision.objects.filter(request=request).exists()


def _appoint(
    request: AppointmentRequest, decision: Decision, by: User, choices: Sequence[Choice]
) -> None:
    # Members first, so the arena's seat count is checked in a stable order.
    ordered = sorted(choices, key=lambda c: (c[1] == MemberRole.DEPUTY, c[2] or 0))
    chosen = set()
    for nomination, role, rank in ordered:
        try:
            membership = add_membership(
                arena=request.arena,
                by=by,
                person=nomination.person,
                role=role,
                deputy_rank=rank if role == MemberRole.DEPUTY else None,
                represents=nomination.organisation,
                starts_on=request.term_starts_on,
                ends_on=request.term_ends_on,
            )
        except ValidationError as error:
            raise ValidationError(
                [f"{nomination.person.name}: {message}" for message in error.messages]
            ) from error
        AppointedSeat.objects.create(
            decision=decision,
            nomination=nomination,
            role=role,
            deputy_rank=membership.deputy_rank,
            membership=membership,
        )
        chosen.add(nomination.pk)
    Nomination.objects.filter(pk__in=chosen).update(status=NominationStatus.APPOINTED)
    Nomination.objects.filter(request=request, status=NominationStatus.CONFIRMED).exclude(
        pk__in=chosen
    ).update(status=NominationStatus.NOT_APPOINTED)


# --- Notifications (in the decision's transaction) -------------------------------------


def _admin_emails(organisation_ids: set[int]) -> dict[int, list[str]]:
    from medvirk.accounts.models import Role

    emails: dict[int, list[str]] = {}
    rows = (
        Role.objects.filter(
            organisation_id__in=organisation_ids, role=RoleKind.ADMIN, user__is_active=True
        )
        .order_by("user__email")
        .values_list("organisation_id", "user__email")
    )
    for organisation_id, email in rows:
        emails.setdefault(organisation_id, []).append(email)
    return emails


def notify(decision_pk: int) -> None:
    """Letters to the appointed, a kind word to those not chosen, and a summary to
    each nominating organisation's admins."""
    decision = Decision.objects.select_related("request__arena__owner").get(pk=decision_pk)
    request = decision.request
    seats = {
        seat.nomination_id: seat
        for seat in decision.seats.select_related("nomination__person", "nomination__organisation")
    }
    nominations = list(
        Nomination.objects.filter(
            request=request,
            status__in=[NominationStatus.APPOINTED, NominationStatus.NOT_APPOINTED],
        ).select_related("person", "organisation")
    )
    for nomination in nominations:
        person: Person = nomination.person
        seat = seats.get(nomination.pk)
        if not person.email:
            continue
        if seat is not None:
            seat.decision = decision
            letter = render_letter(seat)
            send_appointment_letter(
                seat, person, letter_html=letter.html, pdf=letter.pdf, filename=letter.filename
            )
        else:
            send_not_appointed(person, request)
    by_organisation: dict[int, list[Nomination]] = {}
    for nomination in nominations:
        by_organisation.setdefault(nomination.organisation_id, []).append(nomination)
    admins = _admin_emails(set(by_organisation))
    for organisation_id, own in by_organisation.items():
        recipients = admins.get(organisation_id, [])
        if not recipients:
            continue
        outcomes = [(n, seats.get(n.pk)) for n in own]
        send_organisation_summary(own[0].organisation, request, outcomes, to=recipients)
