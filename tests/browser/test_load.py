"""A representative finds "Verv og belastning" from Min side by links and reads it: the
chart of meeting hours with its table, a clash, a term ending. axe-core at 1280 and 320
CSS px in bokmål, nynorsk and English."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.arenas.enums import MemberRole
from tests.arenas.conftest import make_person, seat
from tests.browser.helpers import LANGUAGES, check_structure, force_login, use_language
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory
from tests.factories.people import ArenaFactory
from tests.meetings.conftest import local_dt, make_meeting


def test_a_representative_reads_their_load(page: Page, live_server: Any, a11y: Any) -> None:
    today = timezone.localdate()
    council = ArenaFactory(owner=ServiceFactory(name="Kommunen"), name="Eldrerådet")
    committee = ArenaFactory(owner=ServiceFactory(name="Sykehuset"), name="Brukerutvalget")
    user = UserFactory(email="kari@example.org")
    person = make_person("Kari Nordmann", organisation=OrganisationFactory(), user=user)
    seat(council, person, MemberRole.CHAIR, ends_on=today + datetime.timedelta(days=60))
    seat(committee, person)
    day = today + datetime.timedelta(days=10)
    make_meeting(council, day)
    make_meeting(committee, day, starts_at=local_dt(day, 12), ends_at=local_dt(day, 14))
    force_login(page, live_server, user)

    page.goto("/konto/min-side/")
    page.get_by_role(
        "link", name="Verv og belastning: møtetimer, kollisjoner og perioder som går ut"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verv og belastning for Kari Nordmann"
    )
    expect(page.get_by_role("img", name="Møtetimer per måned")).to_be_visible()
    expect(page.get_by_role("table", name="Møtetimer per måned")).to_be_visible()
    expect(page.get_by_text("Eldrerådet og Brukerutvalget har møte samtidig")).to_be_visible()
    expect(page.get_by_role("table", name="Verv som går ut innen et halvt år")).to_contain_text(
        "Eldrerådet"
    )
    check_structure(page)
    for language in LANGUAGES:
        use_language(page, live_server, language)
        page.goto(f"/personer/{person.pk}/belastning/")
        a11y(page)
