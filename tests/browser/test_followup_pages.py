"""axe-core and page structure on the follow-up pages the flow test does not walk through.

`test_followup_flow.py` follows one advice from the statement to the published
answer; this sweep covers the rest, each page as the persona who may open it: the
secretariat's and the decision-maker's lists (empty and with data, filtered), the
advice page for a member and for anyone, the public accountability pages with
filters, bad filters and no advice, report-back (write, read, confidential, the
organisation's feed and year), the organisation's input before a meeting, the
representative's "due now", the meeting page's follow-up section, and nynorsk and
English on the accountability and "due now" pages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.followup.domain.advice_answers import record_response
from medvirk.followup.domain.inputs import send_input
from medvirk.followup.domain.reports import submit_report
from medvirk.followup.enums import AdviceStatus, ReportStatus
from medvirk.followup.models import Advice, OrganisationInput, Report
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.domain.proposals import submit_proposal
from medvirk.meetings.domain.publishing import publish_agenda
from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.meetings.models import AgendaItem, Meeting
from tests.arenas.conftest import make_arena
from tests.browser.helpers import check_structure, use_language
from tests.browser.test_followup_flow import (
    ARENA,
    CLOSED_MINUTES_TEXT,
    CLOSED_STATEMENT,
    MEMBER,
    MINUTES_TEXT,
    ORGANISATION,
    SERVICE,
    STATEMENT,
    Cast,
    cells,
    make_cast,
    send_advice,
    switch_user,
)
from tests.conftest import enable_totp
from tests.factories import RoleFactory, ServiceFactory, UserFactory
from tests.meetings.conftest import make_meeting
from tests.periodic import request_reports

DAY = datetime.timedelta(days=1)
OLD_STATEMENT = "Uttalelse om tilgjengelige busstopp"
OVERDUE_STATEMENT = "Uttalelse om ventetid på hjelpemidler"
UNSENT_STATEMENT = "Uttalelse om lys i parken"
INPUT_TEXT = "Husk å spørre om armlener på benkene."
BENCHES = "Nye benker langs elvepromenaden"
OPEN_REPORT = "Rådet drøftet teleslynger i skolene."
SECRET_REPORT = "Hemmelig innhold fra en lukket sak."


def visit(page: Page, url: str, a11y: Any, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)
    check_structure(page)
    a11y(page)


def main(page: Page) -> Any:
    return page.locator("main")


def statement_on(cast: Cast, days_ago: int, title: str) -> AgendaItem:
    """A public statement item on a published meeting ``days_ago`` days back."""
    meeting = make_meeting(cast.arena, timezone.localdate() - days_ago * DAY)
    item = add_item(meeting, by=cast.secretariat, kind=ItemKind.STATEMENT, title=title)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=meeting.starts_at - 14 * DAY)
    item.meeting.refresh_from_db()
    return item


def answer(
    cast: Cast, advice: Advice, status: str, days_ago: int = 0, text: str = "Svar fra tjenesten."
) -> None:
    record_response(
        advice,
        by=cast.decision_maker,
        status=status,
        text=text,
        responded_on=timezone.localdate() - days_ago * DAY,
    )
    advice.refresh_from_db()


@dataclass
class AdviceWorld:
    public: Advice  # this year (or the meeting's year), partly followed
    closed: Advice  # the closed statement, waiting
    old: Advice  # given 400 days ago (another year), followed and then implemented
    overdue: Advice  # given 70 days ago, due 28 days ago, not answered


def advise(cast: Cast) -> AdviceWorld:
    public = send_advice(cast)
    answer(cast, public, AdviceStatus.RECEIVED, days_ago=8)
    answer(cast, public, AdviceStatus.PARTLY, days_ago=4)
    closed = send_advice(cast, cast.closed_statement)
    old = send_advice(cast, statement_on(cast, 400, OLD_STATEMENT), text=f"<p>{OLD_STATEMENT}.</p>")
    answer(cast, old, AdviceStatus.FOLLOWED, days_ago=340)
    answer(cast, old, AdviceStatus.IMPLEMENTED, days_ago=200)
    overdue = send_advice(
        cast, statement_on(cast, 70, OVERDUE_STATEMENT), text=f"<p>{OVERDUE_STATEMENT}.</p>"
    )
    statement_on(cast, 40, UNSENT_STATEMENT)
    return AdviceWorld(public, closed, old, overdue)


def secretariat_of(name: str, *, with_arena: bool) -> User:
    service = ServiceFactory(name=name)
    user = UserFactory(name=f"Sekretær i {name}")
    RoleFactory(user=user, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(user)
    if with_arena:
        make_arena(service, name=f"Eldrerådet i {name}")
    return user


# --- The secretariat, the decision-maker and one advice -----------------------------


def test_secretariat_decision_maker_and_advice_pages(
    page: Page, live_server: Any, a11y: Any
) -> None:
    secretariat_url = reverse("followup:secretariat")
    decision_url = reverse("followup:decision_maker")

    # A secretariat whose service has no arena yet, and one with an arena but no advice.
    switch_user(page, live_server, secretariat_of("Tom kommune", with_arena=False))
    visit(page, secretariat_url, a11y)
    expect(main(page)).to_contain_text("Tjenesten din har ingen arenaer ennå.")
    switch_user(page, live_server, secretariat_of("Rolig kommune", with_arena=True))
    visit(page, secretariat_url, a11y)
    expect(main(page)).to_contain_text("Alle uttalelser på publiserte sakskart er sendt som råd.")
    expect(main(page)).to_contain_text("Ingen råd er sendt ennå.")

    cast = make_cast()
    # The decision-maker before any advice has come.
    switch_user(page, live_server, cast.decision_maker)
    visit(page, decision_url, a11y)
    expect(main(page)).to_contain_text("Ingen råd venter på svar.")
    expect(main(page)).to_contain_text("Ingen råd er besvart ennå.")

    w = advise(cast)
    visit(page, decision_url, a11y)
    waiting = page.locator("section[aria-labelledby=waiting-heading]")
    expect(waiting.locator("tbody tr")).to_have_count(2)
    expect(waiting).to_contain_text(CLOSED_STATEMENT)
    expect(waiting).to_contain_text("Frist passert")
    answered = page.locator("section[aria-labelledby=answered-heading]")
    expect(answered).to_contain_text(STATEMENT)
    expect(answered).to_contain_text("Gjennomført")
    # The closed advice, which the decision-maker may answer.
    visit(page, w.closed.get_absolute_url(), a11y)
    expect(main(page)).to_contain_text("Lukket: bare for rådet og tjenesten")
    expect(main(page)).to_contain_text(CLOSED_MINUTES_TEXT)
    expect(page.get_by_role("button", name="Registrer svaret")).to_be_visible()
    # Implemented advice takes no more answers.
    visit(page, w.old.get_absolute_url(), a11y)
    expect(main(page)).to_contain_text("Rådet er gjennomført. Det kan ikke få flere svar.")

    # The secretariat's list with data, filtered, and filtered to nothing.
    switch_user(page, live_server, cast.secretariat)
    visit(page, secretariat_url, a11y)
    statements = page.locator("section[aria-labelledby=statements-heading]")
    expect(statements).to_contain_text(UNSENT_STATEMENT)
    expect(statements).not_to_contain_text(OVERDUE_STATEMENT)
    advice_rows = page.locator("section[aria-labelledby=advice-heading] tbody tr")
    expect(advice_rows).to_have_count(4)
    expect(advice_rows.first).to_contain_text(OVERDUE_STATEMENT)  # overdue first
    visit(page, f"{secretariat_url}?status=overdue", a11y)
    expect(advice_rows).to_have_count(1)
    expect(advice_rows.first).to_contain_text("Frist passert")
    visit(page, f"{secretariat_url}?arena={cast.arena.pk}&status={AdviceStatus.NOT_FOLLOWED}", a11y)
    expect(main(page)).to_contain_text("Ingen råd passer filteret.")
    # The overdue advice as the secretariat sees it: the warning and the answer form.
    visit(page, w.overdue.get_absolute_url(), a11y)
    expect(main(page)).to_contain_text("har ikke svart på rådet ennå")
    expect(main(page)).to_contain_text("Ingen svar ennå.")

    # A member of the arena reads the closed advice; anyone reads the public one.
    switch_user(page, live_server, cast.member)
    visit(page, w.closed.get_absolute_url(), a11y)
    expect(main(page)).to_contain_text(CLOSED_MINUTES_TEXT)
    expect(page.get_by_role("button", name="Registrer svaret")).to_have_count(0)
    visit(page, w.public.get_absolute_url(), a11y)
    switch_user(page, live_server, None)
    visit(page, w.public.get_absolute_url(), a11y)
    expect(main(page)).to_contain_text(MINUTES_TEXT)
    expect(main(page)).to_contain_text("Status: Delvis fulgt")
    response = page.goto(w.closed.get_absolute_url())
    assert response is not None and response.status == 404


# --- The public accountability pages ------------------------------------------------


def test_accountability_pages(page: Page, live_server: Any, a11y: Any) -> None:
    cast = make_cast()
    index_url = reverse("followup:accountability")
    service_url = reverse("followup:service_accountability", args=[cast.service.pk])
    arena_url = reverse("followup:arena_accountability", args=[cast.arena.pk])

    # No advice yet: every page says so and offers the next step.
    visit(page, index_url, a11y)
    expect(main(page)).to_contain_text("Ingen tjenester har offentlige råd ennå.")
    visit(page, service_url, a11y)
    expect(main(page)).to_contain_text("Ingen offentlige råd ennå, så det er ingen tall å vise.")
    expect(main(page)).to_contain_text("Det er ikke registrert noen offentlige råd her ennå.")
    visit(page, arena_url, a11y)
    expect(main(page)).to_contain_text("Ingen offentlige råd ennå, så det er ingen tall å vise.")
    expect(main(page)).to_contain_text("Det er ikke registrert noen offentlige råd her ennå.")

    w = advise(cast)
    other_arena = make_arena(cast.service, name="Eldrerådet i Testkommune")
    this_year = w.public.given_on.year
    old_year = w.old.given_on.year
    list_rows = page.locator("section[aria-labelledby=list-heading] tbody tr")

    visit(page, index_url, a11y)
    expect(page.get_by_role("link", name=SERVICE, exact=True)).to_be_visible()
    visit(page, service_url, a11y)
    expect(list_rows).to_have_count(3)  # the closed advice is not public
    assert CLOSED_STATEMENT not in page.content()
    expect(page.locator("section[aria-labelledby=arenas-heading] tbody tr")).to_have_count(2)
    visit(page, f"{service_url}?year={old_year}&arena={cast.arena.pk}", a11y)
    # 400 days ago is last year or the year before; 70 days ago is last year early in a
    # year: count what the year really holds.
    given_in_old_year = [a for a in (w.public, w.old, w.overdue) if a.given_on.year == old_year]
    expect(list_rows).to_have_count(len(given_in_old_year))
    old_row = list_rows.filter(has_text=OLD_STATEMENT)
    expect(old_row).to_have_count(1)
    expect(old_row).to_contain_text("Gjennomført")
    visit(page, f"{service_url}?arena={other_arena.pk}", a11y)
    expect(main(page)).to_contain_text("Ingen råd passer med filteret.")
    expect(page.get_by_role("link", name="Fjern alle filtre")).to_be_visible()
    # A filter that is not offered: the page says so (422) and shows the rest.
    visit(page, f"{service_url}?year=1999&status={AdviceStatus.PARTLY}", a11y, status=422)
    expect(page.locator(".ds-error-summary")).to_be_visible()
    expect(list_rows).to_have_count(1)

    visit(page, arena_url, a11y)
    figures = page.locator("section[aria-labelledby=figures-heading] table")
    years = {a.given_on.year for a in (w.public, w.old, w.overdue)}
    expect(figures.locator("tbody tr")).to_have_count(len(years))
    assert cells(figures.locator("tfoot tr"))[:2] == ["Alle år", "3"]
    visit(page, f"{arena_url}?status={AdviceStatus.PARTLY}", a11y)
    expect(list_rows).to_have_count(1)
    expect(list_rows.first).to_contain_text(STATEMENT)
    visit(page, f"{arena_url}?year={this_year}&status={AdviceStatus.NOT_FOLLOWED}", a11y)
    expect(main(page)).to_contain_text("Ingen råd passer med filteret.")
    visit(page, f"{arena_url}?status=finnes-ikke", a11y, status=422)
    expect(page.locator(".ds-error-summary")).to_be_visible()
    # An arena with no advice, reached from the service.
    visit(page, reverse("followup:arena_accountability", args=[other_arena.pk]), a11y)
    expect(main(page)).to_contain_text("Det er ikke registrert noen offentlige råd her ennå.")

    # nynorsk and English.
    for language in ("nn", "en"):
        use_language(page, live_server, language)
        visit(page, arena_url, a11y)
        expect(page.locator("html")).to_have_attribute("lang", language)
        visit(page, f"{arena_url}?year={old_year}", a11y)
        expect(page.locator("html")).to_have_attribute("lang", language)
    page.context.clear_cookies()


# --- Report-back, input and "due now" -----------------------------------------------


def org_admin(cast: Cast) -> User:
    admin = UserFactory(email="admin@brukerforeningen.example.org", name="Anne Admin")
    RoleFactory(user=admin, organisation=cast.organisation, role=RoleKind.ADMIN)
    return admin


def test_report_pages(page: Page, live_server: Any, a11y: Any) -> None:
    cast = make_cast()
    admin = org_admin(cast)
    feed_url = reverse("followup:report_feed", args=[cast.organisation.pk])
    year_url = reverse("followup:org_year", args=[cast.organisation.pk])

    # Before any report: the organisation's feed and year.
    switch_user(page, live_server, admin)
    visit(page, feed_url, a11y)
    expect(main(page)).to_contain_text("Ingen representanter har sendt tilbakemelding ennå.")
    visit(page, year_url, a11y)
    expect(main(page)).to_contain_text(MEMBER)

    # A second meeting, five days ago, with a closed item; both ask for reports.
    second = make_meeting(cast.arena, timezone.localdate() - 5 * DAY)
    public_item = add_item(
        second, by=cast.secretariat, kind=ItemKind.DISCUSSION, title="Benker i parken"
    )
    closed_item = add_item(
        second,
        by=cast.secretariat,
        kind=ItemKind.DISCUSSION,
        title="Klage fra en navngitt bruker",
        is_closed=True,
        closed_ground=ClosedGround.OFFL_13,
        closed_note="Taushetsplikt.",
    )
    Meeting.objects.filter(pk=second.pk).update(agenda_published_at=second.starts_at - 14 * DAY)
    request_reports()
    first_report = Report.objects.get(meeting=cast.meeting, person=cast.member_person)
    second_report = Report.objects.get(meeting=second, person=cast.member_person)

    # The representative writes the first report; empty first (422).
    switch_user(page, live_server, cast.member)
    write_url = reverse("followup:report_write", args=[first_report.pk])
    visit(page, write_url, a11y)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Send tilbakemeldingen").click()
    assert posted.value.status == 422
    expect(page.locator(".ds-error-summary")).to_contain_text("Skriv noe i minst ett av feltene")
    check_structure(page)
    a11y(page)
    page.get_by_label("Hva ble drøftet?").fill(OPEN_REPORT)
    page.get_by_label(f"{cast.statement.case_number} {STATEMENT}").check()
    page.get_by_role("button", name="Send tilbakemeldingen").click()
    expect(page.get_by_text(f"Takk! Tilbakemeldingen er sendt til {ORGANISATION}.")).to_be_visible()
    check_structure(page)
    a11y(page)
    first_report.refresh_from_db()
    assert first_report.status == ReportStatus.SUBMITTED and not first_report.is_confidential

    # The second one is about the closed item, so it is confidential.
    submit_report(
        second_report,
        by=cast.member,
        discussed=SECRET_REPORT,
        contributed="",
        follow_up="Følg opp klagen.",
        item_ids=[public_item.pk, closed_item.pk],
    )
    second_report.refresh_from_db()
    assert second_report.is_confidential
    visit(page, second_report.get_absolute_url(), a11y)
    expect(main(page)).to_contain_text("Tilbakemeldingen gjelder en lukket sak")

    # The organisation's admin reads both, the feed (also filtered) and the year.
    switch_user(page, live_server, admin)
    visit(page, first_report.get_absolute_url(), a11y)
    expect(main(page)).to_contain_text(OPEN_REPORT)
    visit(page, second_report.get_absolute_url(), a11y)
    expect(main(page)).to_contain_text("Fortrolig")
    expect(main(page)).to_contain_text(SECRET_REPORT)
    visit(page, feed_url, a11y)
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(2)
    expect(main(page)).to_contain_text("Fortrolig – åpne tilbakemeldingen for å lese den.")
    assert SECRET_REPORT not in page.content()
    year = second.local_date.year
    visit(page, f"{feed_url}?ar={year}&arena={cast.arena.pk}", a11y)
    expect(rows).to_have_count(2 if cast.meeting.local_date.year == year else 1)
    visit(page, f"{feed_url}?ar={year - 5}", a11y)
    visit(page, year_url, a11y)
    expect(main(page)).to_contain_text(MEMBER)
    visit(page, f"{year_url}?ar={year - 1}", a11y)


def test_input_due_now_and_meeting_section(page: Page, live_server: Any, a11y: Any) -> None:
    cast = make_cast()
    admin = org_admin(cast)
    due_url = reverse("followup:due_now")

    # The representative with nothing due.
    switch_user(page, live_server, cast.member)
    visit(page, due_url, a11y)
    expect(main(page)).to_contain_text("Du har ingen tilbakemeldinger å skrive.")
    expect(main(page)).to_contain_text("Ingen nye svar på råd fra arenaene dine")
    expect(main(page)).to_contain_text("Du har ingen saksforslag som venter.")
    expect(main(page)).to_contain_text("Du har ikke fått innspill til møtene som kommer.")

    # A coming meeting with a published agenda.
    upcoming = make_meeting(cast.arena, timezone.localdate() + 35 * DAY, title="Høstmøtet")
    item = add_item(upcoming, by=cast.secretariat, kind=ItemKind.DISCUSSION, title=BENCHES)
    publish_agenda(upcoming, by=cast.secretariat)

    # The organisation's admin sends input: empty first (422), then for real.
    switch_user(page, live_server, admin)
    visit(page, upcoming.get_absolute_url(), a11y)
    expect(main(page)).to_contain_text("Gi innspill til representanten")
    input_url = reverse("followup:input_create", args=[upcoming.pk])
    visit(page, input_url, a11y)
    expect(main(page)).to_contain_text(
        "Organisasjonen har ikke sendt innspill til dette møtet ennå."
    )
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Send innspillet").click()
    assert posted.value.status == 422
    expect(page.locator(".ds-error-summary")).to_contain_text("Skriv innspillet.")
    check_structure(page)
    a11y(page)
    page.locator("#id_person").select_option(label=MEMBER)
    page.locator("#id_item").select_option(label=f"{item.case_number} {BENCHES}")
    page.locator("#id_text").fill(INPUT_TEXT)
    page.get_by_role("button", name="Send innspillet").click()
    expect(page.get_by_text(f"Innspillet er sendt til {MEMBER}.")).to_be_visible()
    check_structure(page)
    a11y(page)
    sent = OrganisationInput.objects.get()
    visit(page, reverse("followup:input_delete", args=[sent.pk]), a11y)
    expect(page.get_by_role("button", name="Ja, slett innspillet")).to_be_visible()

    # Something due for the representative: a report, an answer, a proposal, input.
    request_reports()
    advice = send_advice(cast)
    answer(cast, advice, AdviceStatus.FOLLOWED, days_ago=2)
    submit_proposal(
        cast.arena,
        by=cast.member,
        title="Benker langs gangveien",
        problem_why="Eldre må hvile på veien til butikken.",
        problem_where="Gangveien ved sykehjemmet.",
        problem_when="",
        proposed_solution="Sett opp benker hver hundrede meter.",
        wanted_meeting=upcoming,
    )
    send_input(
        item,
        by=admin,
        organisation=cast.organisation,
        person=cast.member_person,
        text="Spør også om belysning.",
    )
    switch_user(page, live_server, cast.member)
    visit(page, due_url, a11y)
    expect(main(page)).to_contain_text(f"Skriv tilbakemelding fra {ARENA}")
    expect(main(page)).to_contain_text(STATEMENT)
    expect(main(page)).to_contain_text("Benker langs gangveien")
    expect(main(page)).to_contain_text(INPUT_TEXT)
    # The meeting page's follow-up section shows the input to the representative.
    visit(page, upcoming.get_absolute_url(), a11y)
    section = page.locator("section[aria-labelledby=followup-heading]")
    expect(section).to_contain_text(INPUT_TEXT)
    expect(section).to_contain_text(f"Fra {ORGANISATION}")
    # And the past meeting's section asks for the report.
    visit(page, cast.meeting.get_absolute_url(), a11y)
    expect(section.get_by_role("link", name="Skriv tilbakemelding")).to_be_visible()

    # nynorsk and English.
    for language in ("nn", "en"):
        use_language(page, live_server, language)
        visit(page, due_url, a11y)
        expect(page.locator("html")).to_have_attribute("lang", language)
    page.context.clear_cookies()
