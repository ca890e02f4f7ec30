"""Invented demo data for the appointment workflow: an open request for one of
Bergen kommune's arenas, with nominations in different states and a submitted
recommendation from the umbrella. Everything is made up.

The writes go through the domain functions, acting as the demo users. Only the
candidate's click on the consent link (which needs the e-mailed token) is done
directly, the same way ``respond_to_consent`` does it. Mail sent on the way
(invitations, consent links) is queued like any other mail.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.appointments.domain import nominations as nominations_domain
from medvirk.appointments.domain.nominations import confirm_trust, nominate
from medvirk.appointments.domain.recommendations import save_recommendation, submit_recommendation
from medvirk.appointments.domain.requests import create_request, open_request
from medvirk.appointments.enums import NominationLevel, NominationStatus
from medvirk.appointments.models import Nomination
from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.models import Arena
from medvirk.common.activity import log_activity
from medvirk.common.dates import add_years
from medvirk.directory.models import Organisation
from medvirk.people.models import Affiliation, Person

SECRETARIAT_EMAIL = "sekretariat@medvirk.test"
ORG_ADMIN_EMAIL = "orgadmin@medvirk.test"
UMBRELLA_ADMIN_EMAIL = "paraply@medvirk.test"

# (motivation, justification in the recommendation or "" when not recommended)
CANDIDATES = [
    (
        "Har brukt rullestol i tjue år og kjenner kollektivtransporten i Bergen godt.",
        "Lang erfaring fra kommunale råd og god kjennskap til universell utforming.",
    ),
    (
        "Ønsker å bidra med erfaring fra skole og arbeidsliv som ung med funksjonsnedsettelse.",
        "Gir rådet en yngre stemme og erfaring fra overgangen mellom skole og arbeid.",
    ),
    ("Engasjert i tilgjengelighet i nærmiljøet og lokale kulturtilbud.", ""),
    ("Har vært tillitsvalgt i lokallaget og kjenner medlemmenes behov.", ""),
]


def _consent(nomination: Nomination, *, days_ago: int) -> None:
    """The candidate clicks the consent link (as ``respond_to_consent`` records it)."""
    nomination.status = NominationStatus.CONSENTED
    nomination.consented_at = timezone.now() - datetime.timedelta(days=days_ago)
    nomination.save(update_fields=["status", "consented_at", "updated_at"])
    log_activity(
        action=nominations_domain.CONSENTED,
        actor=None,
        actor_label=nomination.person.name,
        obj=nomination,
        organisation=nomination.organisation,
    )


def load(orgs: dict[str, Organisation], people: list[Person]) -> None:
    """Create the demo requests. `people` is what the people demo created."""
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    org_admin = User.objects.filter(email=ORG_ADMIN_EMAIL).first()
    umbrella_admin = User.objects.filter(email=UMBRELLA_ADMIN_EMAIL).first()
    service, user_org, umbrella = orgs.get("service"), orgs.get("user_org"), orgs.get("umbrella")
    if None in (secretariat, org_admin, umbrella_admin, service, user_org, umbrella):
        return
    assert secretariat and org_admin and umbrella_admin and service and user_org and umbrella
    arena = (
        Arena.objects.filter(owner=service, kind=ArenaKind.FUNKSJONSHEMMEDE).order_by("pk").first()
    )
    if arena is None:
        return
    # The user organisation's own pool, with an e-mail address for the consent link,
    # and not the demo member (who has a login and gets a calmer inbox).
    pool_ids = set(
        Affiliation.objects.filter(organisation=user_org).values_list("person_id", flat=True)
    )
    pool = [p for p in people if p.pk in pool_ids and p.email and p.user_id is None]
    if len(pool) < len(CANDIDATES):
        return

    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=21)
    starts = (deadline + datetime.timedelta(days=40)).replace(day=1)
    ends = add_years(starts, arena.term_years) - datetime.timedelta(days=1)
    request = create_request(
        arena=arena,
        by=secretariat,
        data={
            "title": f"Nye medlemmer til {arena.name}",
            "member_seats": 2,
            "deputy_seats": 1,
            "term_starts_on": starts,
            "term_ends_on": ends,
            "requirements": (
                "Vi ønsker kandidater med egen erfaring med funksjonsnedsettelse, gjerne "
                "med kjennskap til transport, skole eller arbeid. Vi ønsker en jevn "
                "fordeling av kjønn og alder."
            ),
            "deadline": deadline,
        },
        organisations=[umbrella, user_org],
        wanted_competence=arena.required_competence.all(),
    )
    request = open_request(request, by=secretariat)

    nominations: list[Nomination] = []
    for person, (motivation, _justification) in zip(pool, CANDIDATES, strict=False):
        nominations.append(
            nominate(
                request=request,
                by=org_admin,
                organisation=user_org,
                person=person,
                criteria={
                    "representativeness": f"Medlem av {user_org.name} i Bergen.",
                    "motivation": motivation,
                    "level": NominationLevel.LOCAL,
                    "capacity_note": "Kan delta på møter på dagtid, omtrent ett møte i måneden.",
                    "competence_note": "Har fullført grunnkurs for brukerrepresentanter.",
                },
            )
        )
    # Two confirmed, one consented (waiting for the organisation), one awaiting consent.
    confirmed = []
    for nomination in nominations[:3]:
        _consent(nomination, days_ago=2)
    for nomination in nominations[:2]:
        confirmed.append(confirm_trust(nomination, by=org_admin))

    recommendation = save_recommendation(
        request=request,
        by=umbrella_admin,
        umbrella=umbrella,
        entries=[
            (nomination, rank, CANDIDATES[index][1])
            for rank, (index, nomination) in enumerate(enumerate(confirmed), start=1)
        ],
        summary=(
            "Vi innstiller to kandidater som til sammen dekker transport, skole og arbeid, "
            "og som gir rådet spredning i alder."
        ),
    )
    submit_recommendation(recommendation, by=umbrella_admin)
