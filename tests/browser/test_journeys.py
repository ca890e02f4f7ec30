"""One journey per role, in Chromium, from the front page: log in and finish the role's
main job by following visible links and buttons only (no typed addresses after the front
page). Every stop is checked by `Journey.stop`: page structure, axe-core at 1280 and at
320 CSS px, no page wider than the window, and screenshots at both widths in
var/journeys/. The representative's journey is done by keyboard alone.
"""

from __future__ import annotations

import datetime
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.appointments.enums import NominationStatus, RequestStatus
from medvirk.appointments.models import AppointmentRequest, Decision, Invitation, Nomination
from medvirk.arenas.models import Membership
from medvirk.followup.enums import AdviceStatus, ReportStatus
from medvirk.followup.models import Report
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import AttendanceResponse, ItemKind
from medvirk.meetings.models import Attendance, Meeting
from medvirk.people.enums import AffiliationKind
from tests.appointments.decision_helpers import make_scenario
from tests.browser import test_followup_flow as followup_flow
from tests.browser import test_meeting_flow as meeting_flow
from tests.browser.journey import Journey
from tests.factories import PASSWORD, OrganisationFactory, RoleFactory, ServiceFactory, UserFactory
from tests.factories.people import AffiliationFactory, ArenaFactory, PersonFactory
from tests.meetings.conftest import local_dt, make_meeting
from tests.periodic import request_reports

DAY = datetime.timedelta(days=1)


def with_totp(user: User) -> str:
    """Two-factor for a role that needs it; the secret, to compute the app's code."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def start(page: Page, a11y: Any, name: str, *, keyboard: bool = False) -> Journey:
    journey = Journey(page, a11y, name, keyboard=keyboard)
    page.goto("/")
    journey.stop()
    return journey


# --- The representative: apologies for the next meeting, then the report -----------


def test_journey_representative_by_keyboard_alone(page: Page, live_server: Any, a11y: Any) -> None:
    cast = followup_flow.make_cast(days_ago=10)
    day = timezone.localdate() + 20 * DAY
    upcoming = make_meeting(
        cast.arena, day, title="Høstmøtet", starts_at=local_dt(day, 18), ends_at=local_dt(day, 20)
    )
    add_item(upcoming, by=cast.secretariat, kind=ItemKind.INFORMATION, title="Budsjettet")
    Meeting.objects.filter(pk=upcoming.pk).update(agenda_published_at=timezone.now())
    request_reports()

    journey = start(page, a11y, "representative", keyboard=True)
    journey.log_in(cast.member.email, PASSWORD)
    journey.stop("Min side")
    meetings = page.locator("section[aria-labelledby=start-meetings-heading]")
    expect(meetings).to_contain_text("Høstmøtet")
    expect(meetings).to_contain_text("Publisert")

    journey.follow("Høstmøtet")
    journey.stop("Høstmøtet")
    journey.fill("Merknad (valgfritt)", "Jeg er på kurs.")
    journey.press("Jeg melder forfall")
    expect(page.get_by_text("Forfallet ditt er registrert.")).to_be_visible()
    journey.stop()
    answer = Attendance.objects.get(meeting=upcoming, person=cast.member_person)
    assert (answer.response, answer.response_note) == (
        AttendanceResponse.APOLOGIES,
        "Jeg er på kurs.",
    )

    journey.follow("Min side", within="header")
    journey.stop("Min side")
    journey.follow("Skriv tilbakemelding fra")
    journey.stop()
    journey.fill("Hva ble drøftet?", "Vi drøftet universell utforming av skolene.")
    journey.press("Send tilbakemeldingen")
    expect(page.get_by_text("Tilbakemeldingen er sendt")).to_be_visible()
    journey.stop()
    report = Report.objects.get(meeting=cast.meeting, person=cast.member_person)
    assert report.status == ReportStatus.SUBMITTED


# --- The deputy: says they can attend ----------------------------------------------


def test_journey_deputy_states_availability(page: Page, live_server: Any, a11y: Any) -> None:
    cast = meeting_flow.make_cast()
    day = timezone.localdate() + 30 * DAY
    meeting = make_meeting(
        cast.arena, day, title="Høstmøtet", starts_at=local_dt(day, 18), ends_at=local_dt(day, 20)
    )

    journey = start(page, a11y, "deputy")
    journey.log_in(cast.deputy.email, PASSWORD)
    journey.stop("Min side")
    meetings = page.locator("section[aria-labelledby=start-meetings-heading]")
    expect(meetings.get_by_role("row").filter(has_text="Høstmøtet")).to_contain_text(
        "Vararepresentant"
    )
    journey.follow("Høstmøtet")
    journey.stop("Høstmøtet")
    expect(page.get_by_text("Du er ikke kalt inn til dette møtet.")).to_be_visible()
    journey.press("Jeg kan stille")
    expect(page.get_by_text("Registrert: du kan stille hvis du blir kalt inn.")).to_be_visible()
    journey.stop()
    row = Attendance.objects.get(meeting=meeting, person=cast.deputy_person)
    assert row.response == AttendanceResponse.ATTENDING


# --- The organisation's administrator: nominates a candidate ------------------------


def test_journey_organisation_admin_nominates(page: Page, live_server: Any, a11y: Any) -> None:
    today = timezone.localdate()
    organisation = OrganisationFactory(name="Brukerforeningen")
    admin = UserFactory(email="forening@example.org", name="Anne Admin")
    RoleFactory(user=admin, organisation=organisation, role=RoleKind.ADMIN)
    person = PersonFactory(name="Petra Pool", email="petra@example.org")
    AffiliationFactory(person=person, organisation=organisation, kind=AffiliationKind.POOL)
    arena = ArenaFactory(name="Brukerutvalget i Testkommune", owner=ServiceFactory())
    request = AppointmentRequest.objects.create(
        arena=arena,
        title="Nye medlemmer til brukerutvalget",
        member_seats=2,
        term_starts_on=today + 60 * DAY,
        term_ends_on=today + 700 * DAY,
        deadline=today + 30 * DAY,
        status=RequestStatus.OPEN,
    )
    Invitation.objects.create(request=request, organisation=organisation)

    journey = start(page, a11y, "organisation admin")
    journey.log_in(admin.email, PASSWORD)
    journey.stop("Min side")
    journey.follow("Nye medlemmer til brukerutvalget")
    journey.stop("Nye medlemmer til brukerutvalget")
    journey.follow("Foreslå en kandidat")
    journey.stop("Foreslå en kandidat")
    journey.choose("Velg en person fra oversikten deres", "Petra Pool")
    journey.fill("Motivasjon", "Petra kjenner tjenesten godt.")
    page.get_by_label("Nasjonalt eller lokalt").select_option(index=1)
    journey.press("Foreslå kandidaten")
    expect(page.get_by_text("Petra Pool er foreslått.")).to_be_visible()
    journey.stop()
    nomination = Nomination.objects.get(request=request)
    assert (nomination.person, nomination.status) == (person, NominationStatus.AWAITING_CONSENT)


# --- The decision-maker: answers advice ---------------------------------------------


def test_journey_decision_maker_answers_advice(page: Page, live_server: Any, a11y: Any) -> None:
    cast = followup_flow.make_cast()
    advice = followup_flow.send_advice(cast)

    journey = start(page, a11y, "decision maker")
    journey.log_in(cast.decision_maker.email, PASSWORD)
    journey.stop("Min side")
    journey.follow(advice.title)
    journey.stop(advice.title)
    page.get_by_label("Delvis fulgt", exact=True).check()
    journey.fill("Svar", followup_flow.PARTLY_TEXT, exact=True)
    journey.press("Registrer svaret")
    expect(page.get_by_text("Svaret er registrert.")).to_be_visible()
    journey.stop()
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.PARTLY


# --- The secretariat: an appointment decision, then an agenda published -------------


def test_journey_secretariat_decides_and_publishes(page: Page, live_server: Any, a11y: Any) -> None:
    service = ServiceFactory(name="Testkommune")
    secretariat = UserFactory(email="sekretariat@example.org", name="Siri Sekretær")
    RoleFactory(user=secretariat, organisation=service, role=RoleKind.SECRETARIAT)
    secret = with_totp(secretariat)
    scenario = make_scenario(secretariat, OrganisationFactory(name="Brukerforeningen"))
    day = timezone.localdate() + 5 * DAY
    meeting = make_meeting(
        scenario.arena,
        day,
        title="Desembermøtet",
        starts_at=local_dt(day, 10),
        ends_at=local_dt(day, 12),
    )
    add_item(meeting, by=secretariat, kind=ItemKind.INFORMATION, title="Orientering")

    journey = start(page, a11y, "secretariat")
    journey.log_in(secretariat.email, PASSWORD, totp_secret=secret)
    journey.stop("Min side")

    # The appointment: from "Oppnevninger under arbeid" to the decision.
    requests = page.locator("section[aria-labelledby=start-service-requests-heading]")
    requests.get_by_role("link", name=scenario.request.title, exact=True).click()
    journey.stop(scenario.request.title)
    journey.follow("Gå til oppnevning")
    journey.stop(f"Oppnevning: {scenario.request.title}")
    journey.choose("Rolle for Kari Nordmann", "Medlem")
    journey.choose("Rolle for Ola Nordmann", "Medlem")
    journey.choose("Rolle for Nina Berg", "Vararepresentant")
    journey.fill("Varanummer for Nina Berg", "1")
    journey.press("Se over og oppnevn")
    journey.stop("Se over oppnevningen")
    assert not Decision.objects.exists()
    journey.press("Oppnevn")
    journey.stop(f"Oppnevnt: {scenario.request.title}")
    assert Membership.objects.filter(arena=scenario.arena).count() == 3

    # The agenda: from "Sakskart som ikke er publisert i tide" to published.
    journey.follow("Min side", within="header")
    journey.stop("Min side")
    journey.follow("Desembermøtet")
    journey.stop("Desembermøtet")
    journey.follow("Publiser sakskartet")
    journey.stop("Publiser sakskartet")
    # Five days ahead is past the arena's deadline: the late agenda says why.
    journey.fill("Hvorfor publiseres sakskartet etter fristen?", "Saken kom inn sent.")
    journey.press("Publiser og send e-post")
    expect(page.get_by_text("Sakskartet er publisert og sendt")).to_be_visible()
    journey.stop()
    meeting.refresh_from_db()
    assert meeting.is_published
