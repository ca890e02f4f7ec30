"""Report pages: writing, reading, the organisation's feed; who gets in; bad input;
query counts."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.followup.enums import ReportStatus
from medvirk.followup.models import Report
from tests.arenas.conftest import make_arena, make_person, seat
from tests.followup.conftest import FOLLOWUP_PERSONAS, FollowupWorld
from tests.followup.test_reports_support import (
    DAY,
    OPEN_TEXT,
    SECRET_TEXT,
    make_report,
    text,
)
from tests.meetings.conftest import make_meeting
from tests.periodic import request_reports

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


def write_url(report: Report) -> str:
    return reverse("followup:report_write", kwargs={"pk": report.pk})


def detail_url(report: Report) -> str:
    return reverse("followup:report_detail", kwargs={"pk": report.pk})


def feed_url(w: FollowupWorld) -> str:
    return reverse("followup:report_feed", kwargs={"org_pk": w.m.org_a.organisation.pk})


def requested(w: FollowupWorld) -> Report:
    request_reports()
    mail.outbox.clear()
    return Report.objects.get(person=w.m.member_person)


def assert_login(response: object) -> None:
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response.url.startswith(LOGIN)  # type: ignore[attr-defined]


# -- Writing ----------------------------------------------------------------------------

WRITE = {
    "anonymous": "login",
    "member": 200,
    "deputy": 404,
    "admin_a": 403,  # reads the report, does not write it
    "admin_b": 404,
    "secretariat": 404,
    "other_secretariat": 404,
    "platform_admin": 404,
    "decision_maker": 404,
    "member_a": 403,
}


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_report_write_persona_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    report = requested(w)
    response = w.client(persona).get(write_url(report))
    expected = WRITE[persona]
    if expected == "login":
        assert_login(response)
        return
    assert response.status_code == expected
    body = text(response)
    if expected == 200:
        assert "Hva ble drøftet?" in body and "Hva bidro du med?" in body
        assert "Hva bør organisasjonen følge opp?" in body
        assert 'name="confidential"' in body
        assert f"{w.statement.case_number} {w.statement.title}" in body
        assert (
            f"{w.closed_statement.case_number} {w.closed_statement.title} "
            "(lukket – rapporten blir fortrolig)"
        ) in body
    else:
        assert 'name="discussed"' not in body
    # Posting is refused the same way.
    post = w.client(persona).post(write_url(report), {"discussed": "Forsøk"})
    if persona == "member":
        assert post.status_code == 302
    else:
        assert post.status_code in (302, 403, 404) and post.status_code == response.status_code
        report.refresh_from_db()
        assert report.status == ReportStatus.REQUESTED


def test_report_write_with_closed_item_says_why_it_is_confidential(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    report = requested(w)
    response = w.client("member").post(
        write_url(report),
        {"discussed": SECRET_TEXT, "items": [w.closed_statement.pk]},
        follow=True,
    )
    assert response.status_code == 200
    body = text(response)
    assert "Den er merket fortrolig fordi den gjelder en lukket sak." in body
    assert "Tilbakemeldingen gjelder en lukket sak og er derfor fortrolig." in body
    assert SECRET_TEXT in body
    report.refresh_from_db()
    assert report.is_confidential and report.status == ReportStatus.SUBMITTED
    [message] = mail.outbox
    assert SECRET_TEXT not in message.body


def test_report_write_bad_input_keeps_values(followup_world: FollowupWorld) -> None:
    w = followup_world
    report = requested(w)
    client = w.client("member")
    response = client.post(
        write_url(report), {"discussed": "", "items": [w.statement.pk], "confidential": "on"}
    )
    assert response.status_code == 422
    body = text(response)
    assert "Hva ble drøftet?: Skriv noe i minst ett av feltene" in body
    assert f'value="{w.statement.pk}"' in body
    assert body.count("checked") == 2  # the item and «fortrolig» are kept
    # Nothing at all posted (every box unticked, every field empty): still an error.
    response = client.post(write_url(report), {})
    assert response.status_code == 422
    assert "Skriv noe i minst ett av feltene" in text(response)
    too_long = "z" * 6001
    response = client.post(write_url(report), {"contributed": too_long})
    assert response.status_code == 422
    assert too_long in text(response)
    assert "Hva bidro du med?:" in text(response)
    # An item of another meeting is no valid choice.
    other = make_meeting(w.m.public_arena, timezone.localdate() - 2 * DAY)
    from medvirk.meetings.domain.agenda import add_item

    foreign = add_item(other, by=w.m.secretariat, kind="information", title="Annen sak")
    response = client.post(write_url(report), {"discussed": "Ok", "items": [foreign.pk]})
    assert response.status_code == 422
    assert "Ok</textarea>" in text(response)
    report.refresh_from_db()
    assert report.status == ReportStatus.REQUESTED
    assert mail.outbox == []


def test_report_write_edit_shows_saved_values(followup_world: FollowupWorld) -> None:
    w = followup_world
    report = make_report(w, confidential=True, discussed="Første versjon")
    body = text(w.client("member").get(write_url(report)))
    assert "Første versjon</textarea>" in body
    assert "Lagre endringene" in body
    response = w.client("member").post(
        write_url(report), {"discussed": "Andre versjon", "items": [w.closed_statement.pk]}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.discussed == "Andre versjon"
    assert mail.outbox == []  # only the first submission mails the admins


# -- Reading --------------------------------------------------------------------------------

READ_CONFIDENTIAL = {
    "anonymous": "login",
    "member": 200,
    "deputy": 404,
    "admin_a": 200,
    "admin_b": 404,
    "secretariat": 404,
    "other_secretariat": 404,
    "platform_admin": 404,
    "decision_maker": 404,
    "member_a": 404,
}


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_confidential_report_persona_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    report = make_report(w, confidential=True, discussed=SECRET_TEXT)
    response = w.client(persona).get(detail_url(report))
    expected = READ_CONFIDENTIAL[persona]
    if expected == "login":
        assert_login(response)
        return
    assert response.status_code == expected
    body = text(response)
    assert (SECRET_TEXT in body) == (expected == 200)
    if expected == 200:
        assert "Fortrolig" in body
        assert "Bare administratorene i organisasjonen og den som skrev den" in body
    if persona == "admin_a":
        # The admin is outside the arena: the closed item is only its case number.
        assert w.closed_statement.title not in body
        assert f"Sak {w.closed_statement.case_number} (lukket sak)" in body
    if persona == "member":
        assert w.closed_statement.title in body
        assert "Endre tilbakemeldingen" in body


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_open_report_persona_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    report = make_report(w)
    report.items.add(w.statement)
    response = w.client(persona).get(detail_url(report))
    if persona == "anonymous":
        assert_login(response)
        return
    readers = {"member", "admin_a", "member_a"}
    assert response.status_code == (200 if persona in readers else 404)
    body = text(response)
    assert (OPEN_TEXT in body) == (persona in readers)
    if persona in readers:
        assert "Fortrolig" not in body
        assert w.statement.title in body
        assert ("Endre tilbakemeldingen" in body) == (persona == "member")


# -- The organisation's feed ----------------------------------------------------------------

FEED = {
    "anonymous": "login",
    "member": 403,
    "deputy": 403,
    "admin_a": 200,
    "admin_b": 403,
    "secretariat": 403,
    "other_secretariat": 403,
    "platform_admin": 403,
    "decision_maker": 403,
    "member_a": 200,
}


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_report_feed_persona_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    make_report(w, confidential=True, discussed=SECRET_TEXT)
    make_report(w, w.m.second_member_person, discussed="Åpen rapport fra Sigurd")
    make_report(w, w.m.deputy_person, submitted=False)
    response = w.client(persona).get(feed_url(w))
    expected = FEED[persona]
    if expected == "login":
        assert_login(response)
        return
    assert response.status_code == expected
    body = text(response)
    assert ("Åpen rapport fra Sigurd" in body) == (expected == 200)
    assert SECRET_TEXT not in body  # never in the list, not even for admins
    assert ("Mona Medlem" in body) == (persona == "admin_a")
    assert ("Fortrolig" in body) == (persona == "admin_a")
    assert "Vera Vara" not in body  # not submitted yet


def test_report_feed_filters_by_year_and_arena(followup_world: FollowupWorld) -> None:
    w = followup_world
    make_report(w, discussed="Rapport i år")
    other_arena = make_arena(w.m.service, name="Eldrerådet")
    seat(other_arena, w.m.member_person, represents=w.m.org_a.organisation)
    last_year = timezone.localdate().replace(month=6, day=15) - datetime.timedelta(days=365)
    old_meeting = make_meeting(other_arena, last_year)
    make_report(
        w,
        meeting=old_meeting,
        discussed="Rapport i fjor",
        submitted_at=old_meeting.ends_at + DAY,
    )
    client = w.client("admin_a")
    body = text(client.get(feed_url(w)))
    assert "Rapport i år" in body and "Rapport i fjor" in body
    assert body.index("Rapport i år") < body.index("Rapport i fjor")  # newest first
    body = text(client.get(feed_url(w), {"ar": last_year.year}))
    assert "Rapport i fjor" in body and "Rapport i år" not in body
    body = text(client.get(feed_url(w), {"arena": w.m.public_arena.pk}))
    assert "Rapport i år" in body and "Rapport i fjor" not in body
    body = text(client.get(feed_url(w), {"ar": 1990}))
    assert "Rapport i år" in body  # an unknown year is ignored, not an error


def test_report_feed_empty_state(followup_world: FollowupWorld) -> None:
    body = text(followup_world.client("admin_a").get(feed_url(followup_world)))
    assert "Ingen representanter har sendt tilbakemelding ennå." in body


def test_report_feed_paginates_twenty(followup_world: FollowupWorld) -> None:
    w = followup_world
    people = [make_person(f"Rep {n:02d}") for n in range(25)]
    for person in people:
        seat(w.m.public_arena, person, represents=w.m.org_a.organisation)
        make_report(w, person)
    client = w.client("admin_a")
    first = text(client.get(feed_url(w)))
    assert first.count("<tr>") == 21  # header + 20
    assert "Side 1 av 2" in first
    second = text(client.get(feed_url(w), {"page": 2}))
    assert second.count("<tr>") == 6


def _feed_queries(w: FollowupWorld) -> int:
    client = w.client("admin_a")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(feed_url(w))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_report_feed_query_count_does_not_grow(followup_world: FollowupWorld) -> None:
    w = followup_world
    make_report(w)
    one = _feed_queries(w)
    for n in range(49):
        person = make_person(f"Rep {n:02d}")
        seat(w.m.public_arena, person, represents=w.m.org_a.organisation)
        make_report(w, person, confidential=n % 2 == 0)
    assert _feed_queries(w) == one
