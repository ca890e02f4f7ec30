"""Personal links: the owner pastes addresses; each gets its own one-use link by mail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.tokens import new_token
from medvirk.surveys.domain.surveys import check_owner
from medvirk.surveys.enums import Distribution, SurveyStatus
from medvirk.surveys.models import Invitation, Survey
from medvirk.surveys.notifications import send_invitation

if TYPE_CHECKING:
    from medvirk.accounts.models import User

INVITED = register_action(
    "surveys.invitations.sent", gettext_lazy("Sendte personlige lenker til en undersøkelse")
)

MAX_PER_BATCH = 500


def parse_addresses(text: str) -> list[str]:
    """One address a line (commas and semicolons also separate); blank lines skipped;
    each checked. Raises ValidationError on ``emails`` naming the bad lines."""
    lines = [
        part.strip()
        for line in (text or "").splitlines()
        for part in line.replace(";", ",").split(",")
    ]
    addresses = [line for line in lines if line]
    if not addresses:
        raise ValidationError({"emails": _("Lim inn minst én e-postadresse.")})
    bad = []
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise ValidationError(
            {"emails": _("Disse adressene er ikke gyldige: %(bad)s") % {"bad": ", ".join(bad)}}
        )
    if len(addresses) > MAX_PER_BATCH:
        raise ValidationError(
            {"emails": _("Send til høyst %(max)s adresser om gangen.") % {"max": MAX_PER_BATCH}}
        )
    return list(dict.fromkeys(address.lower() for address in addresses))


def send_invitations(survey: Survey, *, by: User, emails: str) -> int:
    """Mail a personal one-use link to each address not invited before; the number sent."""
    check_owner(by, survey)
    if survey.distribution != Distribution.PERSONAL:
        raise ValidationError({"emails": _("Denne undersøkelsen bruker en åpen lenke.")})
    if survey.status != SurveyStatus.PUBLISHED:
        raise ValidationError(
            {"emails": _("Publiser undersøkelsen før du sender personlige lenker.")}
        )
    addresses = parse_addresses(emails)
    already = set(
        Invitation.objects.filter(survey=survey, email__in=addresses).values_list(
            "email", flat=True
        )
    )
    fresh = [address for address in addresses if address not in already]
    with transaction.atomic():
        for address in fresh:
            token, token_hash = new_token()
            Invitation.objects.create(survey=survey, email=address, token_hash=token_hash)
            link = settings.SITE_URL.rstrip("/") + reverse(
                "surveys:answer_personal", kwargs={"token": token}
            )
            send_invitation(
                to=address,
                context={
                    "title": survey.title_nb,
                    "organisation_name": survey.organisation.name,
                    "closes_on": survey.closes_on,
                    "link": link,
                },
            )
        log_activity(
            action=INVITED,
            actor=by,
            obj=survey,
            organisation=survey.organisation,
            data={"sent": len(fresh), "skipped": len(addresses) - len(fresh)},
        )
    return len(fresh)
