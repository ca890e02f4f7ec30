"""Invented demo data for planning: the demo service's routine for user involvement,
written from the template and published, then changed and published again (so the
public page shows version 2 with version 1 kept). Made through the domain as the demo
secretariat. Everything is made up."""

from __future__ import annotations

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role
from medvirk.directory.enums import OrganisationKind
from medvirk.planning.domain.routines import publish_routine, save_routine, starting_text

REPORTING_BACK_V2 = (
    "Vi svarer på hvert råd innen seks uker og forteller hva vi gjorde med det. Når vi "
    "gjør noe annet enn brukerne rådet til, forklarer vi hvorfor, og saken tas opp igjen "
    "på neste møte i rådet. Svarene ligger åpent i Medvirk."
)


def load() -> None:
    role = (
        Role.objects.filter(
            role=RoleKind.SECRETARIAT,
            user__email="sekretariat@medvirk.test",
            organisation__kind=OrganisationKind.SERVICE,
        )
        .select_related("organisation", "user")
        .first()
    )
    if role is None:
        return
    service, user = role.organisation, role.user
    first = starting_text(service)
    save_routine(service, by=user, change_note="Første versjon, vedtatt av ledergruppen", **first)
    publish_routine(service, by=user)
    second = first | {"reporting_back": REPORTING_BACK_V2}
    save_routine(
        service,
        by=user,
        change_note="Fast svarfrist på seks uker, og svarene tas opp i rådet",
        **second,
    )
    publish_routine(service, by=user)
