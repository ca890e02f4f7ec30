"""The secretariat dashboard's sections are cached per user (issue 6): keyed by what they
are made of, so every change shows at once, and never shown to another user."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.arenas.domain.arenas import update_arena
from medvirk.meetings.domain.minutes import start_minutes
from medvirk.meetings.domain.plan import cancel_meeting
from medvirk.meetings.domain.proposal_handling import decline_proposal
from medvirk.meetings.domain.publishing import publish_agenda
from medvirk.meetings.enums import MinutesStatus, ProposalStatus
from tests.arenas.conftest import make_arena
from tests.conftest import enable_totp
from tests.factories import RoleFactory, UserFactory
from tests.meetings.agenda_helpers import item, mark_published
from tests.meetings.conftest import MeetingWorld, make_meeting
from tests.meetings.test_dashboard import URL, html_of, proposal, row_of

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_an_unchanged_dashboard_is_served_from_the_cache(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    for i in range(20):
        make_meeting(w.public_arena, days(3 + i), title=f"Møte {i:02d}")
    client = w.client("secretariat")
    with CaptureQueriesContext(connection) as first:
        html = client.get(URL).content.decode()
    with CaptureQueriesContext(connection) as again:
        cached = client.get(URL).content.decode()
    assert "Møte 19" in html and "Møte 19" in cached
    # The arenas and the rows' three queries are skipped; the fingerprint's statement is not.
    assert len(again.captured_queries) == len(first.captured_queries) - 4


def test_agenda_and_meeting_changes_show_at_once(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    meeting = w.meeting
    assert "Utkast, 0 saker" in row_of(html_of(w), "Brukerutvalget")
    item(meeting, w.secretariat, "Første sak")
    assert "Utkast, 1 sak" in row_of(html_of(w), "Brukerutvalget")
    publish_agenda(meeting, by=w.secretariat, late_reason="")
    assert "Publisert" in row_of(html_of(w), "Brukerutvalget")
    cancel_meeting(meeting, by=w.secretariat, reason="Ingen saker likevel.")
    upcoming = html_of(w)
    upcoming = upcoming[: upcoming.index('id="proposals-heading"')]
    assert "Brukerutvalget" not in upcoming


def test_a_new_meeting_and_a_renamed_arena_show_at_once(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    html_of(w)
    make_meeting(w.private_arena, days(60), title="Ekstramøte")
    assert "Ekstramøte" in html_of(w)
    update_arena(w.private_arena, by=w.secretariat, name="Referansegruppen for rus")
    assert "Referansegruppen for rus" in html_of(w)


def test_a_new_or_removed_arena_and_changed_deadlines_show_at_once(
    meeting_world: MeetingWorld,
) -> None:
    """The arenas are read only on a miss, so the fingerprint must notice them itself."""
    w = meeting_world
    owner = w.public_arena.owner
    html_of(w)
    extra = make_arena(owner, name="Ungdomsrådet i tjenesten")
    assert "Ungdomsrådet i tjenesten" in html_of(w)
    extra.delete()
    assert "Ungdomsrådet i tjenesten" not in html_of(w)
    make_meeting(w.public_arena, days(20), title="Fristmøte")
    before = row_of(html_of(w), "Fristmøte")
    update_arena(w.public_arena, by=w.secretariat, proposal_deadline_days=17)
    after = row_of(html_of(w), "Fristmøte")
    assert before != after  # the deadlines shown follow the arena's new setting


def test_proposal_changes_show_at_once(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    link = reverse("meetings:proposal_list", args=[w.public_arena.pk])
    first = proposal(w.public_arena, ProposalStatus.SUBMITTED)
    assert "1 åpent saksforslag" in row_of(html_of(w), link)
    proposal(w.public_arena, ProposalStatus.SUBMITTED)
    assert "2 åpne saksforslag" in row_of(html_of(w), link)
    decline_proposal(first, by=w.secretariat, reason="Hører ikke hjemme her.")
    assert "1 åpent saksforslag" in row_of(html_of(w), link)


def test_minutes_changes_show_at_once(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = make_meeting(w.public_arena, days(-7), title="Forrige møte")
    minutes_section = "Møter uten godkjent protokoll"

    def section() -> str:
        html = html_of(w)
        return html[html.index(minutes_section) :]

    assert "Ikke påbegynt" in row_of(section(), "Forrige møte")
    mark_published(past)
    start_minutes(past, by=w.secretariat)
    assert "Utkast" in row_of(section(), "Forrige møte")
    past.minutes.status = MinutesStatus.APPROVED
    past.minutes.save()
    assert "Forrige møte" not in section()


def test_each_user_gets_their_own_dashboard(meeting_world: MeetingWorld) -> None:
    """Two secretaries of different services, and a colleague of the same service: the
    cached sections of one are never shown to another."""
    w = meeting_world
    make_meeting(w.public_arena, days(10), title="Vårt møte")
    theirs = make_meeting(
        make_arena(w.other_service, name="De andres råd"), days(10), title="Deres møte"
    )
    colleague = UserFactory(email="kollega@example.org")
    RoleFactory(user=colleague, organisation=w.service, role=RoleKind.SECRETARIAT)
    enable_totp(colleague)
    colleague_client = Client()
    colleague_client.force_login(colleague)
    for _round in range(2):
        ours = html_of(w, "secretariat")
        other = html_of(w, "other_secretariat")
        assert "Vårt møte" in ours and "Deres møte" not in ours
        assert theirs.title in other and "Vårt møte" not in other
        assert "Vårt møte" in colleague_client.get(URL).content.decode()


def test_another_services_changes_leave_this_dashboard_in_the_cache(
    meeting_world: MeetingWorld,
) -> None:
    """Versions are per service: a busy service elsewhere must not rebuild this one."""
    w = meeting_world
    client = w.client("secretariat")
    client.get(URL)
    with CaptureQueriesContext(connection) as hit:
        client.get(URL)
    other_arena = make_arena(w.other_service, name="Rådet i den andre tjenesten")
    make_meeting(other_arena, days(10), title="Deres møte")
    with CaptureQueriesContext(connection) as after:
        html = client.get(URL).content.decode()
    assert len(after.captured_queries) == len(hit.captured_queries)
    assert "Deres møte" not in html and "Rådet i den andre tjenesten" not in html


def test_a_change_committed_elsewhere_retires_what_a_reader_cached_meanwhile(
    meeting_world: MeetingWorld, django_capture_on_commit_callbacks: Any
) -> None:
    """The version changes at once and again at commit: a page read in between caches the
    old rows under the first new version, which the commit retires."""
    from medvirk.meetings import caching as dashboard_cache

    w = meeting_world
    service = w.public_arena.owner_id
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(w.public_arena, days(12), title="Nytt møte")
        during = dashboard_cache.versions([service])[service]
    assert dashboard_cache.versions([service])[service] != during
    assert "Nytt møte" in html_of(w)


def test_the_entry_expires_when_the_next_meeting_starts(meeting_world: MeetingWorld) -> None:
    """A meeting that starts moves from "upcoming" to "minutes waiting" without any write."""
    from tests.clock import freeze_time

    w = meeting_world
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=30)
    Meeting = type(w.meeting)
    soon = Meeting.objects.create(
        arena=w.public_arena,
        title="Straks",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Rådhuset",
    )
    # Three minutes apart: well within the entry's timeout, so only the start retires it.
    with freeze_time(start - datetime.timedelta(minutes=2)):
        html = html_of(w)
        upcoming = html[: html.index('id="proposals-heading"')]
        assert "Straks" in upcoming
    with freeze_time(start + datetime.timedelta(minutes=1)):
        html = html_of(w)
        upcoming = html[: html.index('id="proposals-heading"')]
        assert "Straks" not in upcoming
        assert reverse("meetings:detail", args=[soon.pk]) in html  # now waiting for minutes
