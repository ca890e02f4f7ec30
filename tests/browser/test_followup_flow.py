"""From an approved statement to a published answer and its figures, in real Chromium.

The secretariat sends a council's statement (minutes approved) as advice to the
service's decision-maker; the decision-maker logs in, finds the advice waiting for
an answer and answers it step by step (a "not followed" without a reason is
refused); an anonymous visitor then reads the answer, its timeline and the figures
on the public accountability pages. axe-core and the page structure are checked on
every page on the way, the 422 pages included. A second test answers by keyboard
alone.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.followup.domain.advice import create_advice
from medvirk.followup.enums import AddresseeKind, AdviceStatus
from medvirk.followup.models import Advice, AdviceResponse
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import ClosedGround, ItemKind, MinutesStatus
from medvirk.meetings.models import AgendaItem, Meeting, Minutes, MinutesEntry
from medvirk.people.models import Person
from tests.arenas.conftest import make_arena, make_person, seat
from tests.browser.conftest import login
from tests.browser.helpers import check_structure, focused, force_login, tab_to
from tests.browser.test_meeting_flow import assert_focus_visible
from tests.conftest import enable_totp
from tests.factories import PASSWORD, OrganisationFactory, RoleFactory, ServiceFactory, UserFactory
from tests.meetings.conftest import make_meeting

SERVICE = "Testkommune"
ARENA = "Brukerutvalget i Testkommune"
ORGANISATION = "Brukerforeningen"
STATEMENT = "Høring om universell utforming av skoler"
CLOSED_STATEMENT = "Uttalelse om en navngitt elev"
MINUTES_TEXT = "Rådet ber om teleslynge i alle klasserom."
CLOSED_MINUTES_TEXT = "Rådet ber om ny vurdering av saken."
DECISION_MAKER = "Dina Direktør"
MEMBER = "Mona Medlem"
RECEIVED_TEXT = "Vi har mottatt rådet og tar det med i planarbeidet."
PARTLY_TEXT = "Teleslynge kommer i alle nye klasserom, ikke i de gamle."
LINK = "https://kommune.example/vedtak/2026-17"


@dataclass
class Cast:
    service: Organisation
    organisation: Organisation
    arena: Arena
    secretariat: User
    decision_maker: User
    member: User
    member_person: Person
    meeting: Meeting  # ten days ago, agenda published, minutes approved
    statement: AgendaItem  # public statement item
    closed_statement: AgendaItem  # closed statement item


def make_cast(days_ago: int = 10) -> Cast:
    """A public arena with two members, a decision-maker at the service, and a past
    meeting whose published agenda holds a public and a closed statement item with
    approved minutes."""
    service = ServiceFactory(name=SERVICE)
    secretariat = UserFactory(email="sekretariat@example.org", name="Siri Sekretær")
    RoleFactory(user=secretariat, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(secretariat)
    decision_maker = UserFactory(email="leder@example.org", name=DECISION_MAKER)
    RoleFactory(user=decision_maker, organisation=service, role=RoleKind.DECISION_MAKER)

    organisation = OrganisationFactory(name=ORGANISATION)
    arena = make_arena(service, name=ARENA)
    member = UserFactory(email="mona@example.org", name=MEMBER)
    member_person = make_person(MEMBER, organisation=organisation, user=member, email=member.email)
    seat(arena, member_person, represents=organisation)
    second = make_person("Sigurd Sekundær", organisation=organisation, email="sigurd@example.org")
    seat(arena, second, represents=organisation)

    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    meeting = make_meeting(arena, day, title="Vårmøtet")
    statement = add_item(
        meeting,
        by=secretariat,
        kind=ItemKind.STATEMENT,
        title=STATEMENT,
        description="<p>Planutkastet er på høring.</p>",
        proposer="Sekretariatet",
    )
    closed = add_item(
        meeting,
        by=secretariat,
        kind=ItemKind.STATEMENT,
        title=CLOSED_STATEMENT,
        is_closed=True,
        closed_ground=ClosedGround.OFFL_13,
        closed_note="Taushetsbelagte opplysninger.",
    )
    meeting.agenda_published_at = meeting.starts_at - datetime.timedelta(days=15)
    meeting.save(update_fields=["agenda_published_at"])
    minutes = Minutes.objects.create(
        meeting=meeting,
        status=MinutesStatus.APPROVED,
        version=1,
        approved_at=timezone.now(),
        approved_by=secretariat,
    )
    MinutesEntry.objects.create(minutes=minutes, item=statement, text=f"<p>{MINUTES_TEXT}</p>")
    MinutesEntry.objects.create(minutes=minutes, item=closed, text=f"<p>{CLOSED_MINUTES_TEXT}</p>")
    return Cast(
        service,
        organisation,
        arena,
        secretariat,
        decision_maker,
        member,
        member_person,
        meeting,
        statement,
        closed,
    )


def send_advice(cast: Cast, item: AgendaItem | None = None, **fields: Any) -> Advice:
    """The statement sent as advice to the decision-maker through the domain."""
    return create_advice(
        item or cast.statement,
        by=cast.secretariat,
        addressee_kind=AddresseeKind.DECISION_MAKER,
        addressee_user=cast.decision_maker,
        **fields,
    )


def checked(page: Page, a11y: Any) -> None:
    """Every page on the way: landmarks and headings, then axe-core."""
    check_structure(page)
    a11y(page)


def switch_user(page: Page, live_server: Any, user: User | None) -> None:
    page.context.clear_cookies()
    if user is not None:
        force_login(page, live_server, user)


def h1(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def submit(page: Page, name: str) -> int:
    """Click the submit button; return the status of the POST's response."""
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_role("button", name=name).click()
    return response.value.status


def cells(row: Any) -> list[str]:
    return [" ".join(text.split()) for text in row.locator("th, td").all_inner_texts()]


def test_advice_from_statement_to_published_answer(page: Page, live_server: Any, a11y: Any) -> None:
    cast = make_cast()
    given = cast.meeting.local_date
    number = cast.statement.case_number
    today = timezone.localdate()

    # --- The secretariat finds the statement and opens the item. -------------------
    force_login(page, live_server, cast.secretariat)
    page.goto("/oppfolging/sekretariat/")
    expect(h1(page)).to_have_text("Råd og oppfølging")
    checked(page, a11y)
    statements = page.locator("section[aria-labelledby=statements-heading]")
    expect(statements).to_contain_text(STATEMENT)
    statements.get_by_role("link", name=f"Sak {number} {STATEMENT}").click()
    expect(h1(page)).to_have_text(f"Sak {number}: {STATEMENT}")
    checked(page, a11y)
    page.get_by_role("link", name="Send som råd").click()
    expect(h1(page)).to_have_text(f"Send sak {number} som råd")
    checked(page, a11y)
    # The text comes from the approved minutes; the decision-maker is offered.
    expect(page.get_by_text("Protokollen er godkjent.")).to_be_visible()
    expect(page.locator("#id_text")).to_have_value(re.compile(re.escape(MINUTES_TEXT)))
    expect(page.get_by_label("Beslutningstaker i tjenesten")).to_be_checked()
    expect(page.locator("#id_title")).to_have_value(STATEMENT)

    # Sent with no decision-maker chosen and the due date on the day it is given.
    page.locator("#id_title").fill(STATEMENT + " (rådet)")
    page.locator("#id_due_on").fill(given.isoformat())
    assert submit(page, "Send rådet") == 422
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Velg hvilken beslutningstaker rådet skal til.")
    expect(summary).to_contain_text("Svarfristen må være etter datoen rådet er gitt")
    expect(page.locator("#id_title")).to_have_value(STATEMENT + " (rådet)")
    expect(page.locator("#id_due_on")).to_have_value(given.isoformat())
    expect(page.locator("#id_text")).to_have_value(re.compile(re.escape(MINUTES_TEXT)))
    checked(page, a11y)
    assert not Advice.objects.exists()

    page.locator("#id_addressee_user").select_option(label=f"{DECISION_MAKER} (leder@example.org)")
    page.locator("#id_due_on").fill("")
    assert submit(page, "Send rådet") == 302
    due = given + datetime.timedelta(weeks=6)
    expect(
        page.get_by_text(f"Rådet er sendt til {DECISION_MAKER}. Svarfristen er {due:%d.%m.%Y}.")
    ).to_be_visible()
    expect(h1(page)).to_have_text(STATEMENT + " (rådet)")
    checked(page, a11y)
    advice = Advice.objects.get()
    assert advice.item == cast.statement and advice.is_public
    assert advice.addressee_user == cast.decision_maker
    assert (advice.given_on, advice.due_on) == (given, due)
    assert MINUTES_TEXT in advice.text
    advice_url = advice.get_absolute_url()

    # --- The decision-maker logs in and finds the advice waiting. -------------------
    switch_user(page, live_server, None)
    login(page, cast.decision_maker.email, PASSWORD)
    expect(page).to_have_url(live_server.url + "/konto/min-side/")
    checked(page, a11y)
    page.get_by_role("link", name="Råd som venter på svar fra deg").click()
    expect(h1(page)).to_have_text("Råd som venter på svar")
    checked(page, a11y)
    waiting = page.locator("section[aria-labelledby=waiting-heading]")
    expect(waiting).to_contain_text(ARENA)
    waiting.get_by_role("link", name=advice.title).click()
    expect(page).to_have_url(live_server.url + advice_url)
    expect(h1(page)).to_have_text(advice.title)
    expect(page.locator("main")).to_contain_text(MINUTES_TEXT)
    checked(page, a11y)

    # Received first.
    page.get_by_label("Mottatt", exact=True).check()
    page.locator("#id_text").fill(RECEIVED_TEXT)
    assert submit(page, "Registrer svaret") == 302
    expect(page.get_by_text("Svaret er registrert.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Status: Mottatt")
    checked(page, a11y)

    # "Not followed" without a reason is refused, with what was chosen kept.
    page.get_by_label("Ikke fulgt", exact=True).check()
    page.locator("#id_link").fill(LINK)
    assert submit(page, "Registrer svaret") == 422
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    reason = "Skriv en begrunnelse. En begrunnelse må følge med når rådet ikke følges."
    expect(summary).to_contain_text(reason)
    expect(page.locator("#id_text_error")).to_have_text(reason)
    expect(page.get_by_label("Ikke fulgt", exact=True)).to_be_checked()
    expect(page.locator("#id_link")).to_have_value(LINK)
    checked(page, a11y)
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.RECEIVED

    # Partly followed, with the answer.
    page.get_by_label("Delvis fulgt", exact=True).check()
    page.locator("#id_text").fill(PARTLY_TEXT)
    assert submit(page, "Registrer svaret") == 302
    expect(page.get_by_text("Svaret er registrert.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Status: Delvis fulgt")
    checked(page, a11y)
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.PARTLY
    assert advice.first_answer_on == today
    steps = list(AdviceResponse.objects.filter(advice=advice).values_list("status", "text"))
    assert steps == [
        (AdviceStatus.RECEIVED, RECEIVED_TEXT),
        (AdviceStatus.PARTLY, PARTLY_TEXT),
    ]

    # --- Anyone reads the answer and the figures. -----------------------------------
    switch_user(page, live_server, None)
    page.goto("/oppfolging/")
    expect(h1(page)).to_have_text("Råd og svar")
    checked(page, a11y)
    page.get_by_role("link", name=SERVICE, exact=True).click()
    expect(h1(page)).to_have_text(f"Råd og svar: {SERVICE}")
    checked(page, a11y)
    per_arena = page.locator("section[aria-labelledby=arenas-heading]")
    per_arena.get_by_role("link", name=ARENA).click()
    expect(h1(page)).to_have_text(f"Råd og svar: {ARENA}")
    checked(page, a11y)

    days = (today - given).days
    figures = page.locator("section[aria-labelledby=figures-heading] table")
    expect(figures.locator("tbody tr")).to_have_count(1)
    assert cells(figures.locator("tbody tr").first) == [
        str(given.year),
        "1",  # advice given
        "100 % (1)",  # answered
        "100 % (1)",  # answered on time
        "0",  # overdue without an answer
        str(days),  # median days to answer
        "0 % (0)",  # followed
        "100 % (1)",  # partly followed
        "0 % (0)",  # not followed
        "0 % (0)",  # implemented
    ]
    advice_list = page.locator("section[aria-labelledby=list-heading]")
    expect(advice_list).to_contain_text("1 råd")
    row = advice_list.locator("tbody tr")
    expect(row).to_have_count(1)
    assert cells(row) == [
        f"Sak {number}: {advice.title}",
        f"{given:%d.%m.%Y}",
        DECISION_MAKER,
        f"{due:%d.%m.%Y}",
        "Delvis fulgt",
        str(days),
        f"Sist {today:%d.%m.%Y}: Delvis fulgt (2 steg)",
    ]
    assert CLOSED_STATEMENT not in page.content()

    row.get_by_role("link", name=f"Sak {number}: {advice.title}").click()
    expect(h1(page)).to_have_text(advice.title)
    checked(page, a11y)
    timeline = page.locator("section[aria-labelledby=timeline-heading]")
    steps_shown = timeline.locator("ol > li h3")
    expect(steps_shown).to_have_text(
        [
            f"{given:%d.%m.%Y}: Sendt til {DECISION_MAKER}",
            f"{today:%d.%m.%Y}: Mottatt",
            f"{today:%d.%m.%Y}: Delvis fulgt",
        ]
    )
    expect(timeline).to_contain_text(RECEIVED_TEXT)
    expect(timeline).to_contain_text(PARTLY_TEXT)
    expect(timeline.get_by_role("link", name=f"Lenke: {LINK}")).to_have_attribute("href", LINK)
    expect(page.locator("main")).to_contain_text("Status: Delvis fulgt")
    expect(page.locator("main")).to_contain_text(MINUTES_TEXT)
    # Anonymous visitors get no answer form.
    expect(page.locator("#id_status")).to_have_count(0)
    expect(page.get_by_role("button", name="Registrer svaret")).to_have_count(0)


# --- By keyboard alone ------------------------------------------------------------------


def test_decision_maker_answers_by_keyboard_alone(page: Page, live_server: Any, a11y: Any) -> None:
    cast = make_cast()
    advice = send_advice(cast)
    advice_url = advice.get_absolute_url()

    force_login(page, live_server, cast.decision_maker)
    page.goto("/konto/min-side/")
    checked(page, a11y)
    tab_to(page, "a[href='/oppfolging/beslutning/']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(h1(page)).to_have_text("Råd som venter på svar")

    tab_to(page, f"main a[href='{advice_url}']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(h1(page)).to_have_text(advice.title)
    checked(page, a11y)

    # Into the status group: Space chooses the first, arrow keys move the choice.
    tab_to(page, "#id_status_0")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(page.locator("#id_status_0")).to_be_checked()  # Mottatt
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused(page, "#id_status_2")
    expect(page.get_by_label("Fulgt", exact=True)).to_be_checked()
    expect(page.locator("#id_status_0")).not_to_be_checked()

    # Tab leaves the group for the answer text.
    page.keyboard.press("Tab")
    assert focused(page, "#id_text")
    assert_focus_visible(page)
    page.keyboard.type("Rådet følges: teleslynge i alle klasserom fra høsten.")

    tab_to(page, "main form button[type=submit]")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Svaret er registrert.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Status: Fulgt")
    checked(page, a11y)

    advice.refresh_from_db()
    assert advice.status == AdviceStatus.FOLLOWED
    assert advice.first_answer_on == timezone.localdate()
    response = AdviceResponse.objects.get(advice=advice)
    assert response.status == AdviceStatus.FOLLOWED
    assert response.text == "Rådet følges: teleslynge i alle klasserom fra høsten."
    assert response.by == cast.decision_maker
