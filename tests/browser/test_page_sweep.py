"""axe-core and page structure on the pages no user journey test walks through.

Each journey test (directory, campaign, import, accounts, people, arenas, the
appointment flow) checks the pages it visits; this sweep covers the rest, each
as the persona who may open it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from playwright.sync_api import Page

from medvirk.accounts.enums import RoleKind
from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.models import AppointmentRequest, Invitation
from medvirk.people.enums import AffiliationKind
from tests.browser.helpers import check_structure, force_login
from tests.conftest import enable_totp
from tests.factories import OrganisationFactory, RoleFactory, UserFactory
from tests.factories.people import (
    AffiliationFactory,
    ArenaFactory,
    MembershipFactory,
    PersonFactory,
)


def visit(page: Page, url: str, a11y: Any) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    check_structure(page)
    a11y(page)


def test_page_sweep_for_organisation_admins_and_platform_admins(
    page: Page, live_server: Any, a11y: Any
) -> None:
    today = datetime.date.today()
    organisation = OrganisationFactory(name="Foreningen for testing")
    admin = UserFactory(email="admin@example.org")
    RoleFactory(user=admin, organisation=organisation, role=RoleKind.ADMIN)
    person = PersonFactory(name="Petra Pool", email="petra@example.org", created_by=organisation)
    AffiliationFactory(person=person, organisation=organisation, kind=AffiliationKind.POOL)
    arena = ArenaFactory(name="Brukerutvalget")
    MembershipFactory(arena=arena, person=person)
    request = AppointmentRequest.objects.create(
        arena=arena,
        title="Nye medlemmer",
        member_seats=2,
        term_starts_on=today + datetime.timedelta(days=60),
        term_ends_on=today + datetime.timedelta(days=700),
        deadline=today + datetime.timedelta(days=30),
        status=RequestStatus.OPEN,
    )
    Invitation.objects.create(request=request, organisation=organisation)

    force_login(page, live_server, admin)
    for url in [
        reverse("people:pool", args=[organisation.pk]),
        reverse("people:create", args=[organisation.pk]),
        reverse("people:detail", args=[person.pk]),
        reverse("people:edit", args=[person.pk]),
        reverse("people:training_add", args=[person.pk]),
        reverse("appointments:nominate", args=[request.pk]),
        reverse("people:my_deletion"),
    ]:
        visit(page, url, a11y)

    platform_admin = UserFactory(email="plattform@example.org", is_superuser=True, is_staff=True)
    enable_totp(platform_admin)
    force_login(page, live_server, platform_admin)
    for url in [
        reverse("directory:create"),
        reverse("people:deletions"),
        reverse("arenas:create"),
        reverse("arenas:membership_add", args=[arena.pk]),
        reverse("appointments:request_create") + f"?arena={arena.pk}",
        reverse("arenas:resign_confirm", args=[arena.memberships.get().pk]),
    ]:
        visit(page, url, a11y)
