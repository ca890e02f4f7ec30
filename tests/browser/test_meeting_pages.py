"""axe-core and page structure on the meeting pages the flow tests do not walk through.

`test_meeting_flow.py` checks the pages of one meeting's cycle; this sweep
covers the rest (empty states, filters, search, feeds, the secretariat's
working pages, late publishing, minutes pages, languages), each as the persona
who may open it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.accounts.models import User
from medvirk.arenas.enums import ArenaKind
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Region
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.domain.attendance import record_presence
from medvirk.meetings.domain.documents import add_document
from medvirk.meetings.domain.minutes import (
    approve_minutes,
    revise_minutes,
    save_entries,
    start_minutes,
)
from medvirk.meetings.domain.proposals import submit_proposal
from medvirk.meetings.domain.publishing import publish_agenda
from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.meetings.models import AgendaItem, CalendarFeed, CaseDocument, CaseProposal, Meeting
from medvirk.people.models import Person
from tests.browser.helpers import check_structure, force_login, use_language
from tests.browser.test_meeting_flow import SECOND_MEMBER, Cast, make_cast
from tests.factories import UserFactory
from tests.meetings.agenda_helpers import pdf_bytes
from tests.meetings.attendance_helpers import add_accommodation
from tests.meetings.conftest import local_dt, make_meeting

PUBLIC_TITLE = "Ny busstrasé forbi sykehjemmet"
CLOSED_TITLE = "Tilsettingssak Hemmelighetsfull"
PROPOSAL_TITLE = "Benker langs gangveien"


def visit(page: Page, url: str, a11y: Any, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)
    check_structure(page)
    a11y(page)


def switch_user(page: Page, live_server: Any, user: User | None) -> None:
    page.context.clear_cookies()
    if user is not None:
        force_login(page, live_server, user)


@dataclass
class Meetings:
    upcoming: Meeting  # 40 days ahead, draft agenda with a public and a closed item
    late: Meeting  # 5 days ahead: past the agenda deadline, not published
    held: Meeting  # yesterday: published, attendance recorded, minutes in draft
    approved: Meeting  # 8 days ago: minutes approved and revised (version 2)
    public_item: AgendaItem
    document: CaseDocument
    proposal: CaseProposal  # open, sent by the member


def _items(cast: Cast, meeting: Meeting, prefix: str) -> tuple[AgendaItem, AgendaItem]:
    public = add_item(
        meeting,
        by=cast.secretariat,
        kind=ItemKind.STATEMENT,
        title=f"{prefix}{PUBLIC_TITLE}",
        description="<p>Kommunen foreslår ny trasé.</p>",
        proposer="Sekretariatet",
    )
    closed = add_item(
        meeting,
        by=cast.secretariat,
        kind=ItemKind.INFORMATION,
        title=f"{prefix}{CLOSED_TITLE}",
        is_closed=True,
        closed_ground=ClosedGround.KL_11_5_2A,
        closed_note="Gjelder en navngitt søker.",
    )
    return public, closed


def _held(cast: Cast, days_ago: int, prefix: str) -> tuple[Meeting, dict[int, str]]:
    """A meeting planned and published ahead, then moved into the past with the ORM
    (the live server's clock cannot be moved), with who came recorded."""
    meeting = make_meeting(cast.arena, timezone.localdate() + datetime.timedelta(days=40))
    public, closed = _items(cast, meeting, prefix)
    publish_agenda(meeting, by=cast.secretariat)
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=local_dt(day, 10), ends_at=local_dt(day, 13)
    )
    meeting.refresh_from_db()
    record_presence(
        meeting,
        by=cast.secretariat,
        present_person_ids={cast.member_person.pk, Person.objects.get(name=SECOND_MEMBER).pk},
    )
    texts = {
        public.pk: "<p>Utvalget støtter den nye traseen.</p>",
        closed.pk: "<p>Tatt til orientering.</p>",
    }
    return meeting, texts


def build(cast: Cast) -> Meetings:
    region = Region.objects.create(code="0301", name="Oslo", kind=RegionKind.KOMMUNE)
    cast.arena.owner.regions.add(region)
    upcoming = make_meeting(
        cast.arena, timezone.localdate() + datetime.timedelta(days=40), title="Vårmøtet"
    )
    public_item, _closed = _items(cast, upcoming, "")
    document = add_document(
        public_item,
        by=cast.secretariat,
        upload=SimpleUploadedFile("kart.pdf", pdf_bytes(), content_type="application/pdf"),
        title="Kart over traseen",
    )
    late = make_meeting(cast.arena, timezone.localdate() + datetime.timedelta(days=5))
    _items(cast, late, "Sen: ")

    held, texts = _held(cast, 1, "Holdt: ")
    save_entries(start_minutes(held, by=cast.secretariat), by=cast.secretariat, texts=texts)
    add_accommodation(cast.member_person, "Trenger tolk.")

    approved, texts = _held(cast, 8, "Godkjent: ")
    minutes = start_minutes(approved, by=cast.secretariat)
    save_entries(minutes, by=cast.secretariat, texts=texts)
    approve_minutes(minutes, by=cast.secretariat)
    minutes.refresh_from_db()
    texts[min(texts)] = "<p>Utvalget støtter traseen, med benker langs veien.</p>"
    revise_minutes(minutes, by=cast.secretariat, texts=texts, change_note="Rettet vedtaket.")

    proposal = submit_proposal(
        cast.arena,
        by=cast.member,
        title=PROPOSAL_TITLE,
        problem_why="Eldre må hvile på veien til butikken.",
        problem_where="Gangveien ved sykehjemmet.",
        problem_when="",
        proposed_solution="Sett opp benker hver hundrede meter.",
        wanted_meeting=upcoming,
    )
    return Meetings(upcoming, late, held, approved, public_item, document, proposal)


def test_public_and_member_pages(
    page: Page, live_server: Any, a11y: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast()

    # Before any meeting is planned: the empty state, with the next step.
    visit(page, reverse("meetings:upcoming"), a11y)
    expect(page.locator("main")).to_contain_text("Det er ingen kommende møter")

    m = build(cast)
    region = Region.objects.get()
    upcoming_url = reverse("meetings:upcoming")
    visit(page, upcoming_url, a11y)
    expect(page.locator("main")).to_contain_text("Vårmøtet")
    visit(page, f"{upcoming_url}?kind={ArenaKind.BRUKERUTVALG}&region={region.pk}", a11y)
    expect(page.locator("main")).to_contain_text("Vårmøtet")
    visit(page, f"{upcoming_url}?kind={ArenaKind.ELDRERAD}", a11y)
    expect(page.locator("main")).to_contain_text("Ingen kommende møter passer med filteret.")

    search_url = reverse("meetings:search")
    visit(page, search_url, a11y)
    visit(page, f"{search_url}?q=", a11y)
    visit(page, f"{search_url}?q=busstrasé", a11y)
    expect(page.locator("main")).to_contain_text("Godkjent: " + PUBLIC_TITLE)
    assert CLOSED_TITLE not in page.content()
    visit(page, f"{search_url}?q=finnesikke", a11y)
    expect(page.locator("main")).to_contain_text("Fant ingenting som passer")

    visit(page, reverse("meetings:plan", args=[cast.arena.pk]), a11y)
    visit(page, m.approved.get_absolute_url(), a11y)
    visit(page, reverse("meetings:minutes", args=[m.approved.pk]), a11y)

    # nynorsk and English: the list and a meeting page.
    for language in ("nn", "en"):
        use_language(page, live_server, language)
        visit(page, upcoming_url, a11y)
        expect(page.locator("html")).to_have_attribute("lang", language)
        visit(page, m.approved.get_absolute_url(), a11y)
        expect(page.locator("html")).to_have_attribute("lang", language)
    page.context.clear_cookies()

    # A member's pages.
    switch_user(page, live_server, cast.member)
    visit(page, reverse("meetings:my_meetings"), a11y)
    expect(page.locator("main")).to_contain_text("Vårmøtet")
    # "Legg til i kalender" names its meeting for screen readers.
    expect(
        page.get_by_role("link", name=re.compile(r"^Legg til i kalender – .*Vårmøtet")).first
    ).to_be_visible()
    feeds_url = reverse("meetings:feeds")
    visit(page, feeds_url, a11y)
    page.get_by_role("button", name="Lag privat kalenderlenke").click()
    expect(page.get_by_label("Privat kalenderlenke")).to_have_value(
        re.compile(re.escape(live_server.url) + r"/moter/kalender/\S+\.ics$")
    )
    check_structure(page)
    a11y(page)
    assert CalendarFeed.objects.filter(user=cast.member).count() == 1
    visit(page, feeds_url, a11y)
    visit(page, reverse("meetings:my_proposals"), a11y)
    expect(page.locator("main")).to_contain_text(PROPOSAL_TITLE)
    visit(page, m.proposal.get_absolute_url(), a11y)
    visit(page, reverse("meetings:proposal_withdraw", args=[m.proposal.pk]), a11y)
    visit(page, reverse("meetings:respond", args=[m.upcoming.pk]), a11y)
    visit(page, m.upcoming.get_absolute_url(), a11y)
    visit(page, reverse("meetings:search") + "?q=benker", a11y)
    expect(page.locator("main")).to_contain_text(PROPOSAL_TITLE)

    # Someone logged in who may not propose gets a page saying who may.
    switch_user(page, live_server, UserFactory(email="utenfor@example.org"))
    visit(page, reverse("meetings:propose", args=[cast.arena.pk]), a11y, status=403)
    visit(page, reverse("meetings:my_meetings"), a11y)
    visit(page, reverse("meetings:my_proposals"), a11y)


def test_secretariat_pages(
    page: Page, live_server: Any, a11y: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast()
    m = build(cast)
    force_login(page, live_server, cast.secretariat)
    arena = cast.arena

    visit(page, reverse("meetings:dashboard"), a11y)
    visit(page, reverse("meetings:plan", args=[arena.pk]), a11y)

    # The recurring plan: the form, the same form sent empty, then the preview.
    visit(page, reverse("meetings:generate", args=[arena.pk]), a11y)
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_role("button", name="Se datoene").click()
    assert response.value.status == 422
    check_structure(page)
    a11y(page)
    first = timezone.localdate() + datetime.timedelta(days=60)
    page.get_by_label("Dato for første møte").fill(first.isoformat())
    page.get_by_label("Antall møter").fill("3")
    page.get_by_label("Starter klokken").fill("18:00")
    page.get_by_role("button", name="Se datoene").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Se over møteplanen")
    expect(page.locator("main tbody tr")).to_have_count(3)
    check_structure(page)
    a11y(page)

    upcoming = m.upcoming
    visit(page, reverse("meetings:edit", args=[upcoming.pk]), a11y)
    visit(page, reverse("meetings:cancel", args=[upcoming.pk]), a11y)
    visit(page, reverse("meetings:attendance", args=[upcoming.pk]), a11y)

    visit(page, reverse("meetings:proposal_list", args=[arena.pk]), a11y)
    visit(page, reverse("meetings:proposal_list", args=[arena.pk]) + "?status=declined", a11y)
    visit(page, m.proposal.get_absolute_url(), a11y)
    expect(page.get_by_role("button", name="Sett på sakskartet")).to_be_visible()

    item = m.public_item
    visit(page, reverse("meetings:item_create", args=[upcoming.pk]), a11y)
    visit(page, item.get_absolute_url(), a11y)
    visit(page, reverse("meetings:item_edit", args=[item.pk]), a11y)
    visit(page, reverse("meetings:item_delete", args=[item.pk]), a11y)
    visit(page, reverse("meetings:document_upload", args=[item.pk]), a11y)
    visit(page, reverse("meetings:document_delete", args=[m.document.pk]), a11y)

    # Publishing late: the reason is required, and an empty one comes back as 422.
    visit(page, reverse("meetings:publish", args=[m.late.pk]), a11y)
    reason = page.get_by_label("Hvorfor publiseres sakskartet etter fristen?")
    expect(reason).to_be_visible()
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_role("button", name="Publiser og send e-post").click()
    assert response.value.status == 422
    expect(page.locator(".ds-error-summary")).to_contain_text("Skriv hvorfor sakskartet")
    check_structure(page)
    a11y(page)

    held = m.held
    visit(page, held.get_absolute_url(), a11y)
    visit(page, reverse("meetings:attendance", args=[held.pk]), a11y)
    visit(page, reverse("meetings:accommodations", args=[held.pk]), a11y)
    expect(page.locator("main")).to_contain_text("Trenger tolk.")
    visit(page, reverse("meetings:minutes", args=[held.pk]), a11y)
    visit(page, reverse("meetings:minutes_edit", args=[held.pk]), a11y)
    visit(page, reverse("meetings:minutes_circulate", args=[held.pk]), a11y)
    visit(page, reverse("meetings:minutes_approve", args=[held.pk]), a11y)

    approved = m.approved
    visit(page, approved.get_absolute_url(), a11y)
    visit(page, reverse("meetings:minutes", args=[approved.pk]), a11y)
    visit(page, reverse("meetings:minutes_version", args=[approved.pk, 1]), a11y)
    expect(page.locator("main")).to_contain_text("Utvalget støtter den nye traseen.")
    visit(page, reverse("meetings:minutes_edit", args=[approved.pk]), a11y)
