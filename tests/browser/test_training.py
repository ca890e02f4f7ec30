"""Courses in Chromium: an organisation's admin creates a course with a session and
publishes it; a representative finds it from the start page by links and signs up; on
the day of the session the organiser records attendance; the representative downloads
the certificate. Every page on the way is checked with axe-core at 1280 and 320 CSS px."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.people.models import TrainingRecord
from medvirk.training.models import Course
from tests.browser.helpers import force_login
from tests.clock import freeze_time
from tests.factories import OrganisationFactory, RoleFactory, UserFactory
from tests.factories.people import PersonFactory


def _as(page: Page, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    force_login(page, live_server, user)


def test_course_published_signed_up_attended_certificate(
    page: Page, live_server: Any, a11y: Any
) -> None:
    organisation = OrganisationFactory(name="Landsforeningen for hjertesyke")
    organiser = UserFactory(email="arrangor@example.org")
    RoleFactory(user=organiser, organisation=organisation, role=RoleKind.ADMIN)
    rep_user = UserFactory(email="kari@example.org", name="Kari Nordmann")
    PersonFactory(name="Kari Nordmann", email="kari@example.org", user=rep_user)
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=1)
    session_day = today + datetime.timedelta(days=2)

    # The organiser creates the course, adds a session and publishes it.
    _as(page, live_server, organiser)
    page.goto("/kurs/")
    a11y(page)
    page.get_by_role("link", name="Kurs vi arrangerer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kurs vi arrangerer")
    a11y(page)
    page.get_by_role("link", name="Nytt kurs for Landsforeningen for hjertesyke").click()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", name="Skjemaet har feil som må rettes")).to_be_visible()
    a11y(page)
    page.get_by_label("Tittel").fill("Grunnkurs for brukerrepresentanter")
    page.get_by_label("Beskrivelse").fill("To dager om rollen som brukerrepresentant.")
    page.get_by_label("Fysisk oppmøte").check()
    page.get_by_label("Antall plasser").fill("10")
    page.get_by_label("Frist for påmelding og avmelding").fill(deadline.isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grunnkurs for brukerrepresentanter")
    a11y(page)
    page.get_by_role("link", name="Legg til samling").click()
    page.get_by_label("Dato").fill(session_day.isoformat())
    page.get_by_label("Starter").fill("10:00")
    page.get_by_label("Slutter").fill("15:00")
    page.locator("#id_place").fill("Frivillighetshuset, Storgata 1")
    page.get_by_label("Tilgjengelighet").fill("Trinnfri adkomst og teleslynge.")
    a11y(page)
    page.get_by_role("button", name="Legg til samlingen").click()
    expect(page.get_by_text("Samlingen er lagt til.")).to_be_visible()
    page.get_by_role("link", name="Publiser kurset").click()
    a11y(page)
    page.get_by_role("button", name="Ja, publiser kurset").click()
    expect(page.get_by_text("Kurset er publisert.")).to_be_visible()

    # The representative finds it from the start page and signs up.
    _as(page, live_server, rep_user)
    page.goto("/konto/min-side/")
    page.get_by_role("link", name="Kurs: meld deg på, last ned kursbevis og arranger kurs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kurs")
    page.get_by_role("link", name="Grunnkurs for brukerrepresentanter").click()
    a11y(page)
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_text("Du er påmeldt kurset.").first).to_be_visible()
    a11y(page)

    course = Course.objects.get()
    with freeze_time(datetime.datetime.combine(session_day, datetime.time(16)), tick=True):
        # The organiser records attendance on the day.
        _as(page, live_server, organiser)
        page.goto(course.get_absolute_url())
        page.get_by_role("link", name="Deltakere og oppmøte").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Deltakere og oppmøte")
        a11y(page)
        page.get_by_role("link", name=f"Registrer oppmøte {session_day:%d.%m.%Y}").click()
        a11y(page)
        page.get_by_label("Kari Nordmann").check()
        page.get_by_role("button", name="Lagre oppmøtet").click()
        expect(page.get_by_text("1 har nå fullført kurset og fått det registrert.")).to_be_visible()
        assert TrainingRecord.objects.get().person.name == "Kari Nordmann"

        # The representative downloads the certificate from "Mine kurs".
        _as(page, live_server, rep_user)
        page.goto("/kurs/mine/")
        a11y(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Fullført – last ned kursbevis").click()
        path = download.value.path()
        assert path is not None
        with open(path, "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        assert download.value.suggested_filename == f"kursbevis-{course.pk}.pdf"


def test_waiting_list_cancellation_and_accommodation_pages(
    page: Page, live_server: Any, a11y: Any
) -> None:
    from medvirk.people.domain.accommodation import give_accommodation_consent
    from medvirk.training.domain.enrolments import sign_up
    from tests.factories.training import EnrolmentFactory, SessionFactory, TrainingCourseFactory
    from tests.meetings.attendance_helpers import fresh

    organisation = OrganisationFactory(name="Landsforeningen for hjertesyke")
    organiser = UserFactory(email="arrangor@example.org")
    RoleFactory(user=organiser, organisation=organisation, role=RoleKind.ADMIN)
    course = TrainingCourseFactory(organiser=organisation, title="Grunnkurs", capacity=1)
    SessionFactory(course=course)
    rep_user = UserFactory(email="kari@example.org", name="Kari Nordmann")
    kari = PersonFactory(name="Kari Nordmann", email="kari@example.org", user=rep_user)
    give_accommodation_consent(kari, by=fresh(rep_user), needs="Tolk", purpose="Formål")
    EnrolmentFactory(course=course)  # the one place is taken

    # Kari signs up, sharing her needs, and lands on the waiting list.
    _as(page, live_server, rep_user)
    page.goto(course.get_absolute_url())
    expect(page.get_by_role("button", name="Sett meg på ventelisten")).to_be_visible()
    a11y(page)
    page.get_by_label("Del behovene mine for tilrettelegging med arrangøren").check()
    page.get_by_role("button", name="Sett meg på ventelisten").click()
    expect(page.get_by_text("Du står på ventelisten, som nummer 1.")).to_be_visible()
    a11y(page)
    page.get_by_role("link", name="Meld meg av").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld deg av kurset")
    a11y(page)

    # The organiser: the needs page (nobody with a place shared) and the cancel form.
    other = PersonFactory(name="Ola Nordmann", user=UserFactory(email="ola@example.org"))
    give_accommodation_consent(
        other, by=fresh(other.user), needs="Rullestolplass", purpose="Formål"
    )
    course.capacity = 3
    course.save()
    sign_up(course, by=fresh(other.user), share_accommodation=True)
    _as(page, live_server, organiser)
    page.goto(course.get_absolute_url())
    page.get_by_role("link", name="Behov for tilrettelegging").click()
    expect(page.get_by_text("Rullestolplass")).to_be_visible()
    a11y(page)
    page.goto(course.get_absolute_url())
    page.get_by_role("link", name="Deltakere og oppmøte").click()
    page.get_by_role("link", name="Meld av Kari Nordmann").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld av deltaker")
    a11y(page)
    page.get_by_role("button", name="Ja, meld av Kari Nordmann").click()
    expect(page.get_by_text("Kari Nordmann er meldt av kurset.")).to_be_visible()
    a11y(page)
    page.goto(course.get_absolute_url())
    page.get_by_role("link", name="Avlys kurset").click()
    page.get_by_role("button", name="Avlys kurset").click()
    expect(page.get_by_role("heading", name="Skjemaet har feil som må rettes")).to_be_visible()
    a11y(page)
    page.get_by_label("Grunn til avlysning").fill("For få påmeldte.")
    page.get_by_role("button", name="Avlys kurset").click()
    expect(page.get_by_text("Kurset er avlyst, og de påmeldte har fått beskjed.")).to_be_visible()
    a11y(page)
