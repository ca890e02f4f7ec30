"""A deputy finds an upcoming meeting from the front page through "Min side" and "Mine
møter", reads their role on the meeting page and says whether they can attend; once
called in, the meeting page says so. axe-core on every page on the way."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.meetings.domain.attendance import respond
from medvirk.meetings.enums import AttendanceResponse, AttendanceRole
from medvirk.meetings.models import Attendance
from tests.browser.helpers import check_structure, force_login
from tests.browser.test_meeting_flow import MEMBER, make_cast
from tests.meetings.conftest import local_dt, make_meeting


def checked(page: Page, a11y: Any) -> None:
    check_structure(page)
    a11y(page)


def test_deputy_states_availability_by_links_from_the_front_page(
    page: Page, live_server: Any, a11y: Any
) -> None:
    cast = make_cast()
    day = timezone.localdate() + datetime.timedelta(days=30)
    meeting = make_meeting(
        cast.arena, day, title="Høstmøtet", starts_at=local_dt(day, 18), ends_at=local_dt(day, 20)
    )
    force_login(page, live_server, cast.deputy)

    page.goto("/")
    page.get_by_role("link", name="Min side").first.click()
    checked(page, a11y)
    page.get_by_role("link", name="Mine møter").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine møter")
    row = page.get_by_role("row").filter(has_text="Høstmøtet")
    expect(row).to_contain_text("Vararepresentant")
    expect(row).to_contain_text("Planlagt")
    checked(page, a11y)

    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Høstmøtet")
    # The same state as on "Mine møter".
    expect(page.locator("dd", has_text="Planlagt")).to_have_count(1)
    expect(page.get_by_text("Din rolle:")).to_contain_text("Vararepresentant 1")
    expect(page.get_by_text("Du er ikke kalt inn til dette møtet.")).to_be_visible()
    checked(page, a11y)

    page.get_by_role("button", name="Jeg kan stille", exact=True).click()
    expect(page.get_by_text("Registrert: du kan stille hvis du blir kalt inn.")).to_be_visible()
    expect(page.locator(".ds-tag", has_text="Kan stille")).to_be_visible()
    checked(page, a11y)
    row_db = Attendance.objects.get(meeting=meeting, person=cast.deputy_person)
    assert (row_db.role, row_db.response, row_db.substitute_for_id) == (
        AttendanceRole.DEPUTY,
        AttendanceResponse.ATTENDING,
        None,
    )

    # The member sends apologies: the available deputy is called in, and the meeting
    # page says for whom.
    respond(meeting, by=cast.member, response=AttendanceResponse.APOLOGIES)
    page.reload()
    expect(page.get_by_text(f"Du er kalt inn som vararepresentant for {MEMBER}.")).to_be_visible()
    expect(page.get_by_role("button", name="Jeg kommer")).to_be_visible()
    checked(page, a11y)
