"""A meeting's whole cycle in real Chromium, and answering by keyboard alone.

The secretariat plans a meeting, a member proposes a case, the secretariat puts
it on the agenda with a closed item and a document and publishes it, the member
sends apologies and the first deputy is called in, the meeting is held, the
secretariat records who came and writes, circulates and approves the minutes,
and an anonymous visitor reads the public parts. axe-core and the page
structure are checked on every page on the way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Arena
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import (
    AttendanceResponse,
    AttendanceRole,
    ClosedGround,
    ItemKind,
    MinutesStatus,
    ProposalStatus,
)
from medvirk.meetings.models import AgendaItem, Attendance, CaseProposal, Meeting, Minutes
from medvirk.people.models import Person
from tests.arenas.conftest import make_arena, make_person, seat
from tests.browser.helpers import check_structure, focused, force_login, tab_to
from tests.conftest import enable_totp
from tests.factories import OrganisationFactory, RoleFactory, ServiceFactory, UserFactory
from tests.meetings.agenda_helpers import pdf_bytes
from tests.meetings.conftest import local_dt, make_meeting

ARENA = "Brukerutvalget i Testkommune"
MEETING_TITLE = "Vårmøtet"
PROPOSAL_TITLE = "Lang ventetid på hjelpemidler"
PROPOSAL_WHY = "Mange venter over et halvt år på rullestol."
PROPOSAL_SOLUTION = "Kommunen bør ha et lager av de vanligste hjelpemidlene."
CLOSED_TITLE = "Tilsettingssak Hemmelighetsfull"
CLOSED_NOTE = "Gjelder en navngitt søker."
DOCUMENT_TITLE = "Saksframlegg om ventetid"
PUBLIC_MINUTES = "Utvalget ber kommunen korte ned ventetiden til tre måneder."
CLOSED_MINUTES = "Utvalget støttet innstillingen om Hemmelighetsfull-søkeren."
MEMBER = "Mona Medlem"
SECOND_MEMBER = "Sigurd Sekundær"
DEPUTY = "Vera Vara"


@dataclass
class Cast:
    arena: Arena
    secretariat: User
    member: User
    member_person: Person
    deputy: User
    deputy_person: Person


def make_cast() -> Cast:
    """One service with a public arena: two members (one with an account) and a deputy."""
    service = ServiceFactory(name="Testkommune")
    secretariat = UserFactory(email="sekretariat@example.org", name="Siri Sekretær")
    RoleFactory(user=secretariat, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(secretariat)
    organisation = OrganisationFactory(name="Brukerforeningen")
    arena = make_arena(service, name=ARENA)
    member = UserFactory(email="mona@example.org", name=MEMBER)
    member_person = make_person(MEMBER, organisation=organisation, user=member, email=member.email)
    seat(arena, member_person, represents=organisation)
    second = make_person(SECOND_MEMBER, organisation=organisation, email="sigurd@example.org")
    seat(arena, second, represents=organisation)
    deputy = UserFactory(email="vera@example.org", name=DEPUTY)
    deputy_person = make_person(DEPUTY, organisation=organisation, user=deputy, email=deputy.email)
    seat(arena, deputy_person, MemberRole.DEPUTY, rank=1, represents=organisation)
    return Cast(arena, secretariat, member, member_person, deputy, deputy_person)


def checked(page: Page, a11y: Any) -> None:
    """Every page on the way: landmarks and headings, then axe-core."""
    check_structure(page)
    a11y(page)


def switch_user(page: Page, live_server: Any, user: User | None) -> None:
    """Log out (drop the cookies) and, unless anonymous, log in as ``user``."""
    page.context.clear_cookies()
    if user is not None:
        force_login(page, live_server, user)


def h1(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def test_meeting_cycle_in_the_browser(
    page: Page, live_server: Any, a11y: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast()
    arena = cast.arena
    day = timezone.localdate() + datetime.timedelta(days=40)

    # --- The secretariat plans a meeting on the arena's plan page. -----------------
    force_login(page, live_server, cast.secretariat)
    page.goto(f"/moter/arena/{arena.pk}/")
    expect(h1(page)).to_contain_text(f"for {ARENA}")
    checked(page, a11y)
    page.get_by_role("link", name="Nytt møte").click()
    expect(h1(page)).to_have_text(f"Nytt møte i {ARENA}")
    checked(page, a11y)
    # Sent empty first: the form comes back (422) with the error summary on top.
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_role("button", name="Legg inn møtet").click()
    assert response.value.status == 422
    expect(page.locator(".ds-error-summary")).to_be_visible()
    checked(page, a11y)
    page.get_by_label("Tittel").fill(MEETING_TITLE)
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Starter klokken").fill("10:00")
    page.get_by_label("Slutter klokken").fill("13:00")
    page.get_by_label("Sted", exact=True).fill("Rådhuset, møterom 2")
    page.get_by_label("Adresse").fill("Storgata 1, 0101 Oslo")
    page.get_by_label("Trinnfri adkomst").check()
    page.get_by_label("Teleslynge").check()
    page.get_by_role("button", name="Legg inn møtet").click()
    expect(page.get_by_text("Møtet er lagt inn i møteplanen.")).to_be_visible()
    expect(h1(page)).to_have_text(MEETING_TITLE)
    checked(page, a11y)
    meeting = Meeting.objects.get(arena=arena)
    assert timezone.localtime(meeting.starts_at).date() == day
    assert timezone.localtime(meeting.starts_at).time() == datetime.time(10, 0)
    meeting_url = meeting.get_absolute_url()

    # --- A member proposes a case. ------------------------------------------------
    switch_user(page, live_server, cast.member)
    page.goto(f"/moter/arena/{arena.pk}/foresla-sak/")
    expect(h1(page)).to_have_text(f"Foreslå en sak til {ARENA}")
    checked(page, a11y)
    page.get_by_label("Tittel på saken").fill(PROPOSAL_TITLE)
    page.get_by_label("Hvorfor er dette et problem?").fill(PROPOSAL_WHY)
    page.get_by_label("Forslag til løsning").fill(PROPOSAL_SOLUTION)
    page.get_by_label("Ønsket møte").select_option(str(meeting.pk))
    page.get_by_role("button", name="Send saksforslaget").click()
    expect(h1(page)).to_have_text(PROPOSAL_TITLE)
    expect(page.get_by_text("Takk! Saksforslaget er sendt")).to_be_visible()
    checked(page, a11y)
    proposal = CaseProposal.objects.get()
    assert proposal.submitted_by == cast.member
    assert proposal.wanted_meeting == meeting

    # --- The secretariat accepts it, adds a closed item and a document. ----------
    switch_user(page, live_server, cast.secretariat)
    page.goto("/moter/sekretariat/")
    checked(page, a11y)
    page.goto(f"/moter/arena/{arena.pk}/saksforslag/")
    checked(page, a11y)
    page.get_by_role("link", name=PROPOSAL_TITLE).click()
    expect(h1(page)).to_have_text(PROPOSAL_TITLE)
    checked(page, a11y)
    expect(page.locator("#id_meeting")).to_have_value(str(meeting.pk))
    page.locator("#id_kind").select_option(ItemKind.STATEMENT.value)
    page.get_by_role("button", name="Sett på sakskartet").click()
    expect(page.get_by_text("Saksforslaget er satt på sakskartet som sak")).to_be_visible()
    checked(page, a11y)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    public_item = AgendaItem.objects.get(proposal=proposal)
    assert public_item.meeting == meeting and not public_item.is_closed

    page.goto(meeting_url)
    checked(page, a11y)
    page.get_by_role("link", name="Legg til sak").click()
    expect(h1(page)).to_have_text("Ny sak på sakskartet")
    checked(page, a11y)
    # A closed item without its legal ground is refused, with what was typed kept.
    page.get_by_label("Orientering").check()
    page.locator("#id_title").fill(CLOSED_TITLE)
    page.get_by_label("Lukket sak", exact=True).check()
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_role("button", name="Legg til saken").click()
    assert response.value.status == 422
    expect(page.locator(".ds-error-summary")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(CLOSED_TITLE)
    checked(page, a11y)
    page.get_by_label("Hjemmel for lukking").select_option(ClosedGround.KL_11_5_2A.value)
    page.get_by_label("Merknad om lukking").fill(CLOSED_NOTE)
    page.get_by_role("button", name="Legg til saken").click()
    expect(page.get_by_text("er lagt til på sakskartet.")).to_be_visible()
    checked(page, a11y)
    closed_item = AgendaItem.objects.get(meeting=meeting, is_closed=True)
    assert closed_item.title == CLOSED_TITLE
    assert closed_item.closed_ground == ClosedGround.KL_11_5_2A
    assert closed_item.closed_note == CLOSED_NOTE

    page.get_by_role("link", name=f"Last opp dokument til sak {public_item.case_number}").click()
    expect(h1(page)).to_have_text(f"Last opp dokument til sak {public_item.case_number}")
    checked(page, a11y)
    page.get_by_label("Tittel", exact=True).fill(DOCUMENT_TITLE)
    page.locator("#id_file").set_input_files(
        files=[{"name": "saksframlegg.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="Last opp").click()
    expect(page.get_by_text(f"Dokumentet «{DOCUMENT_TITLE}» er lastet opp.")).to_be_visible()
    expect(h1(page)).to_have_text(f"Sak {public_item.case_number}: {PROPOSAL_TITLE}")
    checked(page, a11y)
    document = public_item.documents.get()
    assert document.file_type == "pdf"

    page.goto(meeting_url)
    page.get_by_role("link", name="Publiser sakskartet").click()
    expect(h1(page)).to_have_text("Publiser sakskartet")
    checked(page, a11y)
    page.get_by_role("button", name="Publiser og send e-post").click()
    expect(page.get_by_text("Sakskartet er publisert og sendt")).to_be_visible()
    checked(page, a11y)
    meeting.refresh_from_db()
    assert meeting.is_published and meeting.agenda_late_reason == ""

    # --- Anyone finds the meeting among the upcoming ones, without the closed item.
    switch_user(page, live_server, None)
    page.goto("/moter/")
    checked(page, a11y)
    page.get_by_role("link", name=f"{ARENA}: {MEETING_TITLE}").click()
    expect(h1(page)).to_have_text(MEETING_TITLE)
    checked(page, a11y)
    agenda = page.locator("#sakskart")
    expect(agenda).to_contain_text(PROPOSAL_TITLE)
    expect(agenda.get_by_role("link", name=DOCUMENT_TITLE)).to_be_visible()
    expect(agenda).to_contain_text(f"Sak {closed_item.case_number}: Lukket sak")
    assert CLOSED_TITLE not in page.content()
    assert CLOSED_NOTE not in page.content()
    download = page.request.get(document.get_absolute_url())
    assert download.status == 200 and download.body().startswith(b"%PDF-")
    page.get_by_role("link", name=f"Sak {public_item.case_number}: {PROPOSAL_TITLE}").click()
    expect(h1(page)).to_have_text(f"Sak {public_item.case_number}: {PROPOSAL_TITLE}")
    checked(page, a11y)

    # --- The member sends apologies; the first deputy is called in. ---------------
    switch_user(page, live_server, cast.member)
    page.goto(meeting_url)
    checked(page, a11y)
    attendance = page.locator("section[aria-labelledby=attendance-heading]")
    attendance.get_by_label("Merknad (valgfritt)").fill("Jeg er på kurs.")
    attendance.get_by_role("button", name="Jeg melder forfall").click()
    expect(page.get_by_text("Forfallet ditt er registrert.")).to_be_visible()
    expect(
        page.get_by_text(f"{DEPUTY} er kalt inn som vararepresentant og har fått e-post.")
    ).to_be_visible()
    checked(page, a11y)
    apologies = Attendance.objects.get(meeting=meeting, person=cast.member_person)
    assert apologies.response == AttendanceResponse.APOLOGIES
    assert apologies.response_note == "Jeg er på kurs."
    called_in = Attendance.objects.get(meeting=meeting, person=cast.deputy_person)
    assert called_in.role == AttendanceRole.DEPUTY
    assert called_in.substitute_for == apologies

    # --- Time passes. The meeting is moved into the past with the ORM: the browser
    # cannot move the clock of the live server, and the attendance list and the
    # minutes only open once the meeting has started. ------------------------------
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=local_dt(yesterday, 10), ends_at=local_dt(yesterday, 13)
    )

    # --- The secretariat records who came and writes the minutes. -----------------
    switch_user(page, live_server, cast.secretariat)
    page.goto(meeting_url)
    checked(page, a11y)
    page.get_by_role("link", name="Se oppmøtelisten").click()
    expect(h1(page)).to_contain_text("Oppmøte: ")
    checked(page, a11y)
    page.get_by_label(f"Møtte: {SECOND_MEMBER}").check()
    page.get_by_label(f"Møtte: {DEPUTY}").check()
    page.get_by_role("button", name="Lagre oppmøte").click()
    expect(page.get_by_text("Oppmøtet er lagret.")).to_be_visible()
    expect(page.get_by_label(f"Møtte: {DEPUTY}")).to_be_checked()
    expect(page.get_by_label(f"Møtte: {MEMBER}")).not_to_be_checked()
    checked(page, a11y)
    present = dict(
        Attendance.objects.filter(meeting=meeting).values_list("person__name", "present")
    )
    assert present == {MEMBER: False, SECOND_MEMBER: True, DEPUTY: True}

    trail = page.get_by_role("navigation", name="Du er her:")
    trail.get_by_role("link", name=f"Møte {yesterday:%d.%m.%Y}").click()
    page.get_by_role("button", name="Start protokoll").click()
    expect(h1(page)).to_contain_text("Skriv protokoll")
    checked(page, a11y)
    page.get_by_label(f"Sak {public_item.case_number} {PROPOSAL_TITLE}").fill(PUBLIC_MINUTES)
    page.get_by_label(f"Sak {closed_item.case_number} {CLOSED_TITLE}").fill(CLOSED_MINUTES)
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet til protokoll er lagret.")).to_be_visible()
    expect(h1(page)).to_contain_text("Utkast til protokoll")
    checked(page, a11y)
    page.get_by_role("link", name="Send på høring").click()
    expect(h1(page)).to_contain_text("Send protokollen på høring")
    checked(page, a11y)
    page.get_by_role("button", name="Send på høring").click()
    expect(page.get_by_text("Utkastet er sendt på høring til 2 personer")).to_be_visible()
    checked(page, a11y)
    page.get_by_role("link", name="Godkjenn protokollen").click()
    expect(h1(page)).to_contain_text("Godkjenn protokollen")
    checked(page, a11y)
    page.get_by_role("button", name="Godkjenn og publiser").click()
    expect(page.get_by_text("Protokollen er godkjent og publisert.")).to_be_visible()
    checked(page, a11y)
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == MinutesStatus.APPROVED and minutes.version == 1

    # --- An anonymous visitor reads the public page and the minutes. -------------
    switch_user(page, live_server, None)
    page.goto(f"/moter/arena/{arena.pk}/?ar={yesterday.year}")
    checked(page, a11y)
    page.locator(f"main a[href='{meeting_url}']").click()
    expect(h1(page)).to_have_text(MEETING_TITLE)
    checked(page, a11y)
    expect(page.locator("#sakskart")).to_contain_text(PROPOSAL_TITLE)
    expect(page.locator("#sakskart").get_by_role("link", name=DOCUMENT_TITLE)).to_be_visible()
    assert CLOSED_TITLE not in page.content()
    page.get_by_role("link", name="Les protokollen").click()
    expect(h1(page)).to_contain_text("Protokoll")
    checked(page, a11y)
    main = page.locator("main")
    expect(main).to_contain_text(PUBLIC_MINUTES)
    expect(main).to_contain_text(PROPOSAL_TITLE)
    expect(main).to_contain_text("1 sak er lukket for offentligheten")
    content = page.content()
    assert CLOSED_TITLE not in content
    assert CLOSED_MINUTES not in content
    assert CLOSED_NOTE not in content


# --- By keyboard alone ------------------------------------------------------------------


def focus_description(page: Page) -> str:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return e ? (e.id || e.getAttribute('href') || e.textContent.trim()) : ''; }"""
    )


def tab_through(page: Page, selector: str, limit: int = 80) -> list[str]:
    """Press Tab until ``selector`` has focus; return what had focus on the way."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(focus_description(page))
        if focused(page, selector):
            return seen
    raise AssertionError(f"{selector} never got focus on {page.url}: {seen}")


def assert_focus_visible(page: Page) -> None:
    """The focused element shows a focus indicator (outline or box-shadow) to the eye."""
    style = page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
                   return {visible: e.matches(':focus-visible'), outline: s.outlineStyle,
                           width: parseFloat(s.outlineWidth) || 0, shadow: s.boxShadow}; }"""
    )
    assert style["visible"], style
    assert (style["outline"] != "none" and style["width"] > 0) or style["shadow"] != "none", style


def press_on(page: Page, selector: str, key: str = "Enter") -> None:
    tab_to(page, selector)
    assert_focus_visible(page)
    page.keyboard.press(key)


def test_member_answers_by_keyboard_alone(page: Page, live_server: Any, a11y: Any) -> None:
    cast = make_cast()
    meeting = make_meeting(
        cast.arena, timezone.localdate() + datetime.timedelta(days=30), title=MEETING_TITLE
    )
    add_item(
        meeting,
        by=cast.secretariat,
        kind=ItemKind.INFORMATION,
        title="Orientering om budsjettet",
        description="",
        proposer="Sekretariatet",
        is_closed=False,
        closed_ground="",
        closed_note="",
    )
    meeting_url = meeting.get_absolute_url()

    # The secretariat publishes the agenda from the meeting page.
    force_login(page, live_server, cast.secretariat)
    page.goto(meeting_url)
    press_on(page, f"main a[href='/moter/{meeting.pk}/publiser/']")
    expect(h1(page)).to_have_text("Publiser sakskartet")
    checked(page, a11y)
    press_on(page, "main form button[type=submit]")
    expect(page.get_by_text("Sakskartet er publisert og sendt")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.is_published

    # The member goes from "Mine møter" to the meeting and sends apologies.
    switch_user(page, live_server, cast.member)
    page.goto("/moter/mine/")
    checked(page, a11y)
    first = tab_through(page, "a.ds-skip-link", limit=1)
    assert first == ["#main"], first
    press_on(page, f"main a[href='{meeting_url}']")
    expect(h1(page)).to_have_text(MEETING_TITLE)
    order = tab_through(page, "button[value=apologies]")
    assert (
        order.index("answer_note") < order.index("Jeg kommer") < order.index("Jeg melder forfall")
    )
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Forfallet ditt er registrert.")).to_be_visible()
    expect(page.get_by_text(f"{DEPUTY} er kalt inn som vararepresentant")).to_be_visible()
    checked(page, a11y)
    member_row = Attendance.objects.get(meeting=meeting, person=cast.member_person)
    assert member_row.response == AttendanceResponse.APOLOGIES

    # The deputy who was called in answers that she comes, with Space this time.
    switch_user(page, live_server, cast.deputy)
    page.goto("/moter/mine/")
    press_on(page, f"main a[href='{meeting_url}']")
    expect(page.locator("main")).to_contain_text(
        f"Du er kalt inn som vararepresentant for {MEMBER}."
    )
    checked(page, a11y)
    press_on(page, "button[value=attending]", key="Space")
    expect(page.get_by_text("Svaret ditt er registrert: du kommer på møtet.")).to_be_visible()
    checked(page, a11y)
    deputy_row = Attendance.objects.get(meeting=meeting, person=cast.deputy_person)
    assert deputy_row.response == AttendanceResponse.ATTENDING
    assert deputy_row.substitute_for == member_row
