"""Recommendations (innstilling): an umbrella ranks confirmed candidates from its
member organisations (or its own) and justifies each, then sends the list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.accounts.rules import is_org_admin
from medvirk.appointments.enums import (
    LIVE_REQUEST_STATUSES,
    NominationStatus,
)
from medvirk.appointments.models import (
    AppointmentRequest,
    Nomination,
    Recommendation,
    RecommendationEntry,
)
from medvirk.appointments.rules import invited_umbrella_ids
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation

if TYPE_CHECKING:
    from medvirk.accounts.models import User

SAVED = register_action("appointments.recommendation.saved", gettext_lazy("Lagret innstilling"))
SUBMITTED = register_action(
    "appointments.recommendation.submitted", gettext_lazy("Sendte innstilling")
)

Entry = tuple[Nomination, int, str]


def member_org_ids(umbrella: Organisation) -> set[int]:
    """The umbrella itself and its member organisations."""
    return {umbrella.pk, *umbrella.members.values_list("pk", flat=True)}


def eligible_nominations(request: AppointmentRequest, umbrella: Organisation) -> list[Nomination]:
    """Confirmed nominations the umbrella may recommend."""
    return list(
        Nomination.objects.filter(
            request=request,
            status=NominationStatus.CONFIRMED,
            organisation_id__in=member_org_ids(umbrella),
        ).select_related("person", "organisation")
    )


def _check_actor(request: AppointmentRequest, umbrella: Organisation, by: User) -> None:
    if not (by.is_authenticated and (by.is_platform_admin or is_org_admin(by, umbrella))):
        raise PermissionDenied
    if umbrella.kind != OrganisationKind.UMBRELLA:
        raise ValidationError(_("Bare paraplyorganisasjoner kan sende innstilling."))
    if umbrella.pk not in invited_umbrella_ids(request):
        raise ValidationError(
            _("%(umbrella)s er ikke invitert til å sende innstilling til denne forespørselen.")
            % {"umbrella": umbrella.name}
        )
    if not rules.has_perm("appointments.recommend", by, request):
        raise PermissionDenied
    if request.status not in LIVE_REQUEST_STATUSES:
        raise ValidationError(
            _("Forespørselen er %(status)s. Innstillingen kan ikke endres.")
            % {"status": request.get_status_display().lower()}
        )


def _validate_entries(
    request: AppointmentRequest, umbrella: Organisation, entries: Sequence[Entry]
) -> list[str]:
    errors: list[str] = []
    if not entries:
        return [_("Ta med minst én kandidat i innstillingen.")]
    members = member_org_ids(umbrella)
    seen: set[int] = set()
    for nomination, _rank, justification in entries:
        name = nomination.person.name
        if nomination.request_id != request.pk:
            errors.append(_("%(name)s er ikke foreslått til denne forespørselen.") % {"name": name})
            continue
        if nomination.pk in seen:
            errors.append(_("%(name)s står flere ganger i innstillingen.") % {"name": name})
        seen.add(nomination.pk)
        if nomination.organisation_id not in members:
            errors.append(
                _("%(name)s er foreslått av %(organisation)s, som ikke er medlem av %(umbrella)s.")
                % {
                    "name": name,
                    "organisation": nomination.organisation.name,
                    "umbrella": umbrella.name,
                }
            )
        elif nomination.status != NominationStatus.CONFIRMED:
            errors.append(
                _(
                    "%(name)s kan ikke innstilles ennå: kandidaten må ha samtykket og "
                    "organisasjonen må ha bekreftet tilliten (status nå: %(status)s)."
                )
                % {"name": name, "status": nomination.get_status_display().lower()}
            )
        if not justification.strip():
            errors.append(_("Skriv en begrunnelse for %(name)s.") % {"name": name})
    ranks = sorted(rank for _nomination, rank, _text in entries)
    if ranks != list(range(1, len(entries) + 1)):
        errors.append(
            _("Rangeringen må bruke tallene 1 til %(count)s, hvert tall én gang.")
            % {"count": len(entries)}
        )
    return errors


@transaction.atomic
def save_recommendation(
    *,
    request: AppointmentRequest,
    by: User,
    umbrella: Organisation,
    entries: Sequence[Entry],
    summary: str = "",
) -> Recommendation:
    """Save (or replace) the umbrella's ranked list; it is not sent yet."""
    locked = (
        AppointmentRequest.objects.select_for_update()
        .select_related("arena__owner")
        .get(pk=request.pk)
    )
    _check_actor(locked, umbrella, by)
    recommendation = (
        Recommendation.objects.select_for_update().filter(request=locked, umbrella=umbrella).first()
    )
    if recommendation is not None and recommendation.submitted_at is not None:
        raise ValidationError(_("Innstillingen er allerede sendt og kan ikke endres."))
    errors = _validate_entries(locked, umbrella, entries)
    if errors:
        raise ValidationError(errors)
    if recommendation is None:
        recommendation = Recommendation.objects.create(
            request=locked, umbrella=umbrella, summary=summary.strip()
        )
    else:
        recommendation.summary = summary.strip()
        recommendation.save(update_fields=["summary"])
        recommendation.entries.all().delete()
    RecommendationEntry.objects.bulk_create(
        [
            RecommendationEntry(
                recommendation=recommendation,
                nomination=nomination,
                rank=rank,
                justification=justification.strip(),
            )
            for nomination, rank, justification in entries
        ]
    )
    log_activity(
        action=SAVED,
        actor=by,
        obj=recommendation,
        organisation=umbrella,
        data={"entries": [[n.pk, rank] for n, rank, _text in entries]},
    )
    return recommendation


@transaction.atomic
def submit_recommendation(recommendation: Recommendation, *, by: User) -> Recommendation:
    """Send the saved recommendation to the secretariat."""
    locked = (
        Recommendation.objects.select_for_update()
        .select_related("request__arena__owner", "umbrella")
        .get(pk=recommendation.pk)
    )
    _check_actor(locked.request, locked.umbrella, by)
    if locked.submitted_at is not None:
        raise ValidationError(_("Innstillingen er allerede sendt."))
    entries = list(locked.entries.select_related("nomination__person"))
    if not entries:
        raise ValidationError(_("Ta med minst én kandidat i innstillingen."))
    stale = [
        e.nomination.person.name
        for e in entries
        if e.nomination.status != NominationStatus.CONFIRMED
    ]
    if stale:
        raise ValidationError(
            _("Disse kandidatene er ikke lenger aktuelle: %(names)s. Oppdater innstillingen.")
            % {"names": ", ".join(stale)}
        )
    locked.submitted_at = timezone.now()
    locked.submitted_by = by
    locked.save(update_fields=["submitted_at", "submitted_by"])
    log_activity(action=SUBMITTED, actor=by, obj=locked, organisation=locked.umbrella)
    return locked
