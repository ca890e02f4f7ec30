"""The secretariat's dashboard: deadlines, open proposals, minutes waiting, who gets in."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.meetings.enums import MinutesStatus, ProposalStatus
from medvirk.meetings.models import CaseProposal, Meeting, Minutes
from tests.arenas.conftest import make_arena
from tests.meetings.agenda_helpers import item, mark_published
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld, make_meeting

pytestmark = pytest.mark.django_db

URL = "/moter/sekretariat/"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def proposal(arena: Any, status: str, title: str = "Forslag") -> CaseProposal:
    return CaseProposal.objects.create(
        arena=arena,
        title=title,
        problem_why="Fordi.",
        proposed_solution="Slik.",
        proposer_kind="member",
        proposer_name="Mona",
        proposer_email="medlem@example.org",
        status=status,
    )


def html_of(world: MeetingWorld, persona: str = "secretariat") -> str:
    response = world.client(persona).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, marker: str) -> str:
    """The table row that contains ``marker``."""
    start = html.rindex("<tr", 0, html.index(marker))
    return html[start : html.index("</tr>", start)]


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_dashboard_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    response = meeting_world.client(persona).get(URL)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif persona in ("secretariat", "other_secretariat"):
        assert response.status_code == 200
    else:
        # Members, organisation admins and platform admins run no meetings.
        assert response.status_code == 403
        assert "Brukerutvalget" not in response.content.decode()


def test_other_service_sees_none_of_ours(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    proposal(w.public_arena, ProposalStatus.SUBMITTED)
    html = html_of(w, "other_secretariat")
    assert "Brukerutvalget" not in html and "Lukket referansegruppe" not in html
    assert "Tjenesten din har ingen arenaer ennå." in html
    assert reverse("arenas:create") in html


def test_deadline_warnings(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    # Defaults: proposals 21 days before the meeting, agenda 14 days before.
    make_meeting(w.public_arena, days(25), title="Forslagsfrist snart")
    make_meeting(w.public_arena, days(18), title="Sakskartfrist snart")
    make_meeting(w.public_arena, days(10), title="Sakskart forsinket")
    published = make_meeting(w.public_arena, days(9), title="Sakskart publisert")
    item(published, w.secretariat)
    mark_published(published)
    make_meeting(w.public_arena, days(95), title="Langt fram")
    cancelled = make_meeting(w.public_arena, days(12), title="Avlyst møte")
    Meeting.objects.filter(pk=cancelled.pk).update(status="cancelled")
    html = html_of(w)

    row = row_of(html, "Forslagsfrist snart")
    assert f"Fristen for saksforslag er {days(4):%d.%m.%Y}." in row
    assert 'data-color="warning"' in row and "Frist snart" in row
    assert "Sakskartet må publiseres" not in row

    row = row_of(html, "Sakskartfrist snart")
    assert f"Sakskartet må publiseres innen {days(4):%d.%m.%Y}." in row
    assert f"Fristen for saksforslag gikk ut {days(-3):%d.%m.%Y}." in row

    row = row_of(html, "Sakskart forsinket")
    assert (
        f"Fristen for sakskartet var {days(-4):%d.%m.%Y}, og sakskartet er ikke publisert." in row
    )
    assert 'data-color="danger"' in row and "Frist passert" in row
    assert "Utkast, 0 saker" in row

    row = row_of(html, "Sakskart publisert")
    assert 'data-color="danger"' not in row
    assert f"Publisert {timezone.localdate():%d.%m.%Y}" in row

    # The world's own meetings (35 days ahead) have no warning, only their deadlines.
    assert f"Saksforslag innen {days(14):%d.%m.%Y}, sakskart innen {days(21):%d.%m.%Y}" in html
    assert "Langt fram" not in html and "Avlyst møte" not in html
    # Nearest first.
    assert html.index("Sakskart publisert") < html.index("Sakskart forsinket")


def test_published_agenda_past_its_deadlines_is_not_flagged(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    # Both deadlines passed (proposals 21, agenda 14 days before), agenda published.
    published = make_meeting(w.public_arena, days(5), title="Publisert i tide")
    item(published, w.secretariat)
    mark_published(published)
    make_meeting(w.public_arena, days(6), title="Ikke publisert")
    html = html_of(w)

    row = row_of(html, "Publisert i tide")
    assert "Frist passert" not in row and "Frist snart" not in row
    assert 'class="ds-tag"' not in row
    assert f"Publisert {timezone.localdate():%d.%m.%Y}" in row

    row = row_of(html, "Ikke publisert")
    assert "Frist passert" in row and 'data-color="danger"' in row


def test_open_proposals_per_arena(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    for status in (
        ProposalStatus.SUBMITTED,
        ProposalStatus.SUBMITTED,
        ProposalStatus.POSTPONED,
        ProposalStatus.DECLINED,
        ProposalStatus.ACCEPTED,
        ProposalStatus.WITHDRAWN,
    ):
        proposal(w.public_arena, status)
    proposal(make_arena(w.other_service, name="De andres råd"), ProposalStatus.SUBMITTED)
    html = html_of(w)
    row = row_of(html, reverse("meetings:proposal_list", args=[w.public_arena.pk]))
    assert "3 åpne saksforslag" in row
    row = row_of(html, reverse("meetings:proposal_list", args=[w.private_arena.pk]))
    assert "0 åpne saksforslag" in row
    assert "De andres råd" not in html


def test_past_meetings_without_approved_minutes(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    none = make_meeting(w.public_arena, days(-10), title="Uten protokoll")
    draft = make_meeting(w.public_arena, days(-20), title="Protokoll i utkast")
    Minutes.objects.create(meeting=draft, status=MinutesStatus.CIRCULATED)
    done = make_meeting(w.public_arena, days(-30), title="Godkjent protokoll")
    Minutes.objects.create(meeting=done, status=MinutesStatus.APPROVED)
    gone = make_meeting(w.public_arena, days(-5), title="Avlyst i fjor")
    Meeting.objects.filter(pk=gone.pk).update(status="cancelled")
    make_meeting(w.public_arena, days(-400), title="For lenge siden")
    html = html_of(w)
    section = html[html.index("Møter uten godkjent protokoll") :]
    assert "Ikke påbegynt" in row_of(section, none.title)
    assert "Sendt på høring" in row_of(section, draft.title)
    assert "Godkjent protokoll" not in section and "Avlyst i fjor" not in section
    # The last year only: older meetings are found in each arena's plan.
    assert "For lenge siden" not in section
    assert "Møter de siste 365 dagene." in section


def test_empty_states(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    Meeting.objects.all().delete()
    html = html_of(w)
    assert "Ingen møter er planlagt de neste 90 dagene." in html
    assert "Alle møter de siste 365 dagene har godkjent protokoll." in html


def add_load(world: MeetingWorld, count: int, start: int) -> None:
    for i in range(start, start + count):
        arena = make_arena(world.service, name=f"Råd {i:03d}")
        meeting = make_meeting(arena, days(5 + i % 80), title=f"Møte {i:03d}")
        item(meeting, world.secretariat, f"Sak {i}")
        make_meeting(arena, days(-1 - i), title=f"Gammelt møte {i:03d}")
        proposal(arena, ProposalStatus.SUBMITTED)
        if i % 2:
            mark_published(meeting)
            Minutes.objects.create(
                meeting=make_meeting(arena, days(-200 - i)), status=MinutesStatus.DRAFT
            )


def count_queries(world: MeetingWorld) -> int:
    client = world.client("secretariat")
    client.get(URL)
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_dashboard_constant_queries(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    add_load(w, 1, 0)
    one = count_queries(w)
    add_load(w, 49, 1)
    assert count_queries(w) == one
    html = html_of(w)
    assert "Møte 049" in html
    # Past meetings without approved minutes: the newest 25 and the total, not all of them.
    section = html[html.index("Møter uten godkjent protokoll") :]
    assert "Gammelt møte 000" in section and "Gammelt møte 024" in section
    assert "Gammelt møte 025" not in section
    now = timezone.now()
    total = (
        Meeting.objects.filter(
            arena__owner=w.service,
            starts_at__lt=now,
            starts_at__gte=now - datetime.timedelta(days=365),
        )
        .exclude(minutes__status=MinutesStatus.APPROVED)
        .exclude(status="cancelled")
        .count()
    )
    assert f"Viser de 25 nyeste av {total} møter uten godkjent protokoll." in " ".join(
        section.split()
    )
