"""The plan pages: persona matrix over every view, the meeting page's content by role,
the forms (422, messages, values kept), generation with preview, my meetings, feeds page,
and query counts."""

from __future__ import annotations

import datetime
import itertools
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.arenas.enums import MemberRole
from medvirk.common.dates import format_date
from medvirk.meetings.domain.plan import cancel_meeting
from medvirk.meetings.enums import MeetingStatus
from medvirk.meetings.models import CalendarFeed, Meeting
from tests.arenas.conftest import make_arena, seat
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld, make_meeting
from tests.meetings.test_plan_domain import AUTUMN, SPRING

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ERROR_SUMMARY = 'id="error-summary"'


def text(response: Any) -> str:
    return response.content.decode()


def future(days: int = 60) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


# --- Persona matrix ---------------------------------------------------------------------

LOGIN = "login"
# Who may see the private arena at all: its member, the owner's secretariat, platform admins.
PRIVATE_VIEWERS = {"member", "secretariat", "platform_admin"}
# Platform admins do not run meetings (docs/decisions.md, "Meetings: who sees what").
MANAGERS = {"secretariat"}


def expected(view: str, persona: str, private: bool) -> int | str:
    visible = persona in PRIVATE_VIEWERS if private else True
    if view in {"plan", "detail", "meeting_ics"}:
        return 200 if visible else 404
    if view in {"create", "generate", "edit", "cancel"}:
        if persona == "anonymous":
            return LOGIN
        if not visible:
            return 404
        return 200 if persona in MANAGERS else 403
    if view == "arena_feed":
        return 404 if private else 200
    raise AssertionError(view)


def url_for(view: str, world: MeetingWorld, private: bool) -> str:
    arena = world.private_arena if private else world.public_arena
    meeting = world.private_meeting if private else world.meeting
    if view in {"plan", "create", "generate", "arena_feed"}:
        return reverse(f"meetings:{view}", args=[arena.pk])
    return reverse(f"meetings:{view}", args=[meeting.pk])


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
@pytest.mark.parametrize(
    "view",
    ["plan", "detail", "meeting_ics", "create", "generate", "edit", "cancel", "arena_feed"],
)
@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_view_permission_matrix(
    meeting_world: MeetingWorld, persona: str, view: str, private: bool
) -> None:
    client = meeting_world.client(persona)
    url = url_for(view, meeting_world, private)
    want = expected(view, persona, private)
    response = client.get(url)
    if want == LOGIN:
        assert response.status_code == 302 and "/konto/" in response["Location"]
    else:
        assert response.status_code == want
    if want == 200 and view == "detail":
        meeting = meeting_world.private_meeting if private else meeting_world.meeting
        assert meeting.place in text(response)


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_write_views_refuse_posts_from_non_managers(
    meeting_world: MeetingWorld, persona: str
) -> None:
    if persona in MANAGERS:
        return
    client = meeting_world.client(persona)
    meeting = meeting_world.meeting
    day = future().isoformat()
    data = {"date": day, "start_time": "10:00", "end_time": "12:00", "reason": "Nei"}
    for view, arg in [("create", meeting_world.public_arena.pk), ("edit", meeting.pk)]:
        response = client.post(reverse(f"meetings:{view}", args=[arg]), data)
        assert response.status_code in {302, 403}
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), data)
    assert response.status_code in {302, 403}
    response = client.post(
        reverse("meetings:generate", args=[meeting_world.public_arena.pk]),
        {"action": "confirm", "first_day": day, "rule": "weekly_n", "interval_weeks": 1,
         "count": 2, "start_time": "10:00", "duration_minutes": 60},
    )  # fmt: skip
    assert response.status_code in {302, 403}
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and meeting.sequence == 0
    assert Meeting.objects.count() == 2


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_upcoming_my_meetings_and_feeds_pages_by_persona(
    meeting_world: MeetingWorld, persona: str
) -> None:
    client = meeting_world.client(persona)
    assert client.get(reverse("meetings:upcoming")).status_code == 200
    for name in ("my_meetings", "feeds"):
        response = client.get(reverse(f"meetings:{name}"))
        if persona == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == 200
    response = client.get(reverse("meetings:person_feed", args=["nope"]))
    assert response.status_code == 404


# --- The meeting page ---------------------------------------------------------------


def test_meeting_page_content_by_role(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(
        digital_link="https://meet.example.org/hemmelig-rom",
        hearing_loop=True,
        accessibility_note="Ledelinjer fra busstoppet.",
    )
    url = meeting.get_absolute_url()
    public = text(Client().get(url))
    local = timezone.localtime(meeting.starts_at)
    assert f"{local:%d.%m.%Y}" in public and "10:00–13:00" in public
    assert "Rådhuset, møterom 2" in public and "Storgata 1, 0101 Oslo" in public
    assert "Trinnfri adkomst" in public and "Teleslynge" in public
    assert "Tilgjengelig toalett" not in public
    assert "Ledelinjer fra busstoppet." in public
    assert "hemmelig-rom" not in public
    assert "Frist for saksforslag" not in public
    assert "Rediger møtet" not in public
    for persona in ("member", "deputy", "secretariat"):
        page = text(meeting_world.client(persona).get(url))
        assert "hemmelig-rom" in page, persona
        assert "Frist for saksforslag" in page, persona
        assert f"{meeting.proposal_deadline:%d.%m.%Y}" in page
    for persona in ("admin_a", "admin_b", "other_secretariat"):
        page = text(meeting_world.client(persona).get(url))
        assert "hemmelig-rom" not in page and "Frist for saksforslag" not in page, persona
        assert "Avlys møtet" not in page
    manager = text(meeting_world.client("secretariat").get(url))
    assert reverse("meetings:edit", args=[meeting.pk]) in manager
    assert reverse("meetings:cancel", args=[meeting.pk]) in manager


def test_meeting_page_shows_cancellation(meeting_world: MeetingWorld) -> None:
    cancel_meeting(meeting_world.meeting, by=meeting_world.secretariat, reason="Lokalet brant.")
    page = text(Client().get(meeting_world.meeting.get_absolute_url()))
    assert "Møtet er avlyst" in page and "Lokalet brant." in page
    manager = text(
        meeting_world.client("secretariat").get(meeting_world.meeting.get_absolute_url())
    )
    assert reverse("meetings:cancel", args=[meeting_world.meeting.pk]) not in manager
    assert reverse("meetings:edit", args=[meeting_world.meeting.pk]) not in manager


# --- Create / edit / cancel forms -----------------------------------------------------


def test_create_meeting_form(meeting_world: MeetingWorld) -> None:
    client = meeting_world.client("secretariat")
    url = reverse("meetings:create", args=[meeting_world.public_arena.pk])
    page = text(client.get(url))
    assert 'type="date"' in page and 'type="time"' in page
    assert '<label class="ds-label" for="id_date">' in page
    response = client.post(
        url,
        {
            "title": "Ekstramøte",
            "date": SPRING.isoformat(),
            "start_time": "10:00",
            "end_time": "11:30",
            "place": "Biblioteket",
            "step_free_access": "on",
        },
    )
    meeting = Meeting.objects.get(title="Ekstramøte")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == datetime.datetime.combine(SPRING, datetime.time(8), tzinfo=UTC)
    assert meeting.step_free_access and not meeting.hearing_loop


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "", "start_time": "10:00"}, "date", "Feltet er påkrevet"),
        ({"date": "31.02.2027"}, "date", "gyldig dato"),
        ({"start_time": "25:00"}, "start_time", "gyldig tidspunkt"),
        ({"end_time": "09:00"}, "end_time", "slutte etter"),
        ({"date": SPRING.isoformat(), "start_time": "02:30", "end_time": "04:00"}, "start_time", "finnes ikke"),
        ({"date": "2020-01-07"}, "start_time", "fram i tid"),
        ({"digital_link": "ikke lenke"}, "digital_link", "gyldig"),
    ],
)  # fmt: skip
def test_create_meeting_bad_input(
    meeting_world: MeetingWorld, data: dict[str, str], field: str, message: str
) -> None:
    client = meeting_world.client("secretariat")
    url = reverse("meetings:create", args=[meeting_world.public_arena.pk])
    values = {
        "title": "Mitt skrevne møte",
        "date": future().isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "place": "Skrevet sted",
        **data,
    }
    response = client.post(url, values)
    page = text(response)
    assert response.status_code == 422
    assert ERROR_SUMMARY in page
    assert message in page
    assert f'href="#id_{field}"' in page
    assert 'value="Mitt skrevne møte"' in page and 'value="Skrevet sted"' in page
    if values["date"] and "31.02" not in values["date"]:
        assert f'value="{values["date"]}"' in page
    assert not Meeting.objects.filter(title="Mitt skrevne møte").exists()


def test_edit_meeting_form(meeting_world: MeetingWorld, mailoutbox: list[Any]) -> None:
    client = meeting_world.client("secretariat")
    meeting = meeting_world.meeting
    url = reverse("meetings:edit", args=[meeting.pk])
    page = text(client.get(url))
    assert f'value="{meeting.local_date.isoformat()}"' in page and 'value="10:00"' in page
    day = meeting.local_date.isoformat()
    response = client.post(
        url,
        {"date": day, "start_time": "11:00", "end_time": "13:00", "place": "Nytt rom"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Nytt rom" and meeting.sequence == 1
    assert timezone.localtime(meeting.starts_at).hour == 11
    assert not meeting.step_free_access  # an unticked box is a change too
    response = client.post(url, {"date": day, "start_time": "11:00", "end_time": "10:00"})
    assert response.status_code == 422
    assert "slutte etter" in text(response) and 'value="10:00"' in text(response)


def test_cancel_meeting_form(meeting_world: MeetingWorld, mailoutbox: list[Any]) -> None:
    client = meeting_world.client("secretariat")
    meeting = meeting_world.meeting
    url = reverse("meetings:cancel", args=[meeting.pk])
    page = text(client.get(url))
    assert "Årsak til avlysning" in page
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 422 and "påkrevet" in text(response)
    assert ERROR_SUMMARY in text(response)
    response = client.post(url, {"reason": "x" * 2001})
    assert response.status_code == 422 and "x" * 2001 in text(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    response = client.post(url, {"reason": "Ingen saker."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and len(mailoutbox) == 4
    # once cancelled, edit and cancel go back to the meeting page
    assert client.get(url).status_code == 302
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 302


def test_cancel_past_meeting_is_refused(meeting_world: MeetingWorld) -> None:
    past = make_meeting(meeting_world.public_arena, timezone.localdate() - datetime.timedelta(3))
    client = meeting_world.client("secretariat")
    response = client.post(reverse("meetings:cancel", args=[past.pk]), {"reason": "For sent"})
    assert response.status_code == 422 and "har vært" in text(response)
    past.refresh_from_db()
    assert past.status == MeetingStatus.PLANNED


# --- Generate with preview ------------------------------------------------------------


def generate_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_day": (SPRING - datetime.timedelta(days=7)).isoformat(),
        "rule": "weekly_n",
        "interval_weeks": "1",
        "count": "3",
        "until": "",
        "start_time": "10:00",
        "duration_minutes": "120",
        "place": "Rådhuset",
        "hearing_loop": "on",
        "include_holidays": "on",  # 28 March 2027 is the spring DST Sunday and Easter Sunday
    }
    data.update(extra)
    return data


def test_generate_preview_then_confirm(meeting_world: MeetingWorld) -> None:
    client = meeting_world.client("secretariat")
    arena = meeting_world.public_arena
    url = reverse("meetings:generate", args=[arena.pk])
    assert 'type="radio"' in text(client.get(url))
    before = Meeting.objects.count()
    response = client.post(url, {**generate_data(), "action": "preview"})
    page = text(response)
    assert response.status_code == 200
    assert Meeting.objects.count() == before  # nothing yet
    assert "søndag 28. mars 2027" in page and "10:00–12:00" in page
    assert "Legg inn 3 møter" in page
    # the preview carries every value as hidden fields
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    assert hidden["first_day"] == generate_data()["first_day"] and hidden["place"] == "Rådhuset"
    response = client.post(url, {**hidden, "action": "confirm"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?ar={SPRING.year}")
    created = Meeting.objects.filter(arena=arena, place="Rådhuset").order_by("starts_at")
    assert [m.local_date for m in created] == [
        SPRING - datetime.timedelta(days=7),
        SPRING,
        SPRING + datetime.timedelta(days=7),
    ]
    assert all(timezone.localtime(m.starts_at).hour == 10 for m in created)
    assert all(m.hearing_loop for m in created)
    plan_page = text(client.get(response["Location"]))
    assert "søndag 28. mars 2027" in plan_page


def test_generate_edit_goes_back_with_values(meeting_world: MeetingWorld) -> None:
    client = meeting_world.client("secretariat")
    url = reverse("meetings:generate", args=[meeting_world.public_arena.pk])
    response = client.post(url, {**generate_data(place="Kulturhuset"), "action": "edit"})
    assert response.status_code == 200 and 'value="Kulturhuset"' in text(response)
    assert Meeting.objects.filter(place="Kulturhuset").count() == 0


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"count": "", "until": ""}, "count", "enten"),
        ({"count": "30"}, "count", "24"),
        ({"count": "", "until": AUTUMN.replace(year=AUTUMN.year + 2).isoformat()}, "until", "mer enn 24"),
        ({"first_day": SPRING.isoformat(), "start_time": "02:30"}, "start_time", "finnes ikke"),
        ({"first_day": "2020-01-01"}, "first_day", "fram i tid"),
        ({"interval_weeks": ""}, "interval_weeks", "uker"),
        ({"duration_minutes": "5"}, "duration_minutes", "15"),
        ({"rule": "daily"}, "rule", "gyldig"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("action", ["preview", "confirm"])
def test_generate_bad_input(
    meeting_world: MeetingWorld, extra: dict[str, str], field: str, message: str, action: str
) -> None:
    client = meeting_world.client("secretariat")
    url = reverse("meetings:generate", args=[meeting_world.public_arena.pk])
    before = Meeting.objects.count()
    response = client.post(url, {**generate_data(place="Mitt sted", **extra), "action": action})
    page = text(response)
    assert response.status_code == 422
    assert ERROR_SUMMARY in page
    assert message in page and f'href="#id_{field}' in page
    assert 'value="Mitt sted"' in page
    assert Meeting.objects.count() == before


# --- The plan page ---------------------------------------------------------------------


def test_plan_page_years_and_manager_actions(meeting_world: MeetingWorld) -> None:
    arena = meeting_world.public_arena
    year = meeting_world.meeting.local_date.year
    next_year = make_meeting(arena, datetime.date(year + 1, 2, 9), title="Neste års møte")
    url = reverse("meetings:plan", args=[arena.pk])
    page = text(Client().get(url, {"ar": year}))
    assert format_date(meeting_world.meeting.local_date, "WEEKDAY_DATE_FORMAT") in page
    assert "Neste års møte" not in page
    assert f"?ar={year + 1}" in page and f"?ar={year - 1}" in page
    assert "Ikke publisert" in page
    assert "Nytt møte" not in page and "Lag møteplan" not in page
    assert reverse("meetings:arena_feed", args=[arena.pk]) in page
    assert "Frister" not in page
    page = text(Client().get(url, {"ar": year + 1}))
    assert (
        "Neste års møte" in page
        and format_date(next_year.local_date, "WEEKDAY_DATE_FORMAT") in page
    )
    page = text(Client().get(url, {"ar": "tull"}))
    assert f"Møteplan {timezone.localdate().year}" in page
    manager = text(meeting_world.client("secretariat").get(url, {"ar": year}))
    assert reverse("meetings:create", args=[arena.pk]) in manager
    assert reverse("meetings:generate", args=[arena.pk]) in manager
    assert "Frister" in manager
    assert f"{meeting_world.meeting.agenda_deadline:%d.%m.%Y}" in manager
    empty = text(Client().get(url, {"ar": 2001}))
    assert "Det er ingen møter i planen for 2001" in empty


def test_plan_shows_cancelled_and_published(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    other = make_meeting(meeting_world.public_arena, meeting.local_date + datetime.timedelta(7))
    cancel_meeting(other, by=meeting_world.secretariat, reason="Ferie")
    url = reverse("meetings:plan", args=[meeting_world.public_arena.pk])
    page = text(Client().get(url, {"ar": meeting.local_date.year}))
    assert f"Publisert {timezone.localdate():%d.%m.%Y}" in page
    if other.local_date.year == meeting.local_date.year:
        assert "Avlyst" in page


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_plan_query_count_does_not_grow(meeting_world: MeetingWorld) -> None:
    arena = meeting_world.public_arena
    # The world's own meeting is 35 days ahead (next year's January when run in December):
    # a year two ahead holds only this test's meetings, whatever the day.
    year = timezone.localdate().year + 2
    url = reverse("meetings:plan", args=[arena.pk]) + f"?ar={year}"
    make_meeting(arena, datetime.date(year, 1, 5))
    client = meeting_world.client("secretariat")
    small = _count(client, url)
    for i in range(49):
        make_meeting(arena, datetime.date(year, 2, 1) + datetime.timedelta(days=i))
    assert _count(client, url) == small
    assert text(client.get(url)).count(">Planlagt<") == 50


# --- My meetings -----------------------------------------------------------------------


def test_my_meetings_lists_seats_with_role(meeting_world: MeetingWorld) -> None:
    page = text(meeting_world.client("member").get(reverse("meetings:my_meetings")))
    assert "Brukerutvalget" in page and "Lukket referansegruppe" in page
    assert "Medlem" in page
    page = text(meeting_world.client("deputy").get(reverse("meetings:my_meetings")))
    assert "Brukerutvalget" in page and "Vararepresentant 1" in page
    assert "Lukket referansegruppe" not in page
    page = text(meeting_world.client("admin_b").get(reverse("meetings:my_meetings")))
    assert "ingen representantprofil" in page
    assert meeting_world.meeting.get_absolute_url() not in page


def test_my_meetings_empty_state_and_term_bounds(meeting_world: MeetingWorld) -> None:
    seat_ = meeting_world.member_seat
    seat_.ends_on = timezone.localdate() + datetime.timedelta(days=10)
    seat_.save()
    page = text(meeting_world.client("member").get(reverse("meetings:my_meetings")))
    # the public arena's meeting is after the term ends
    assert meeting_world.meeting.get_absolute_url() not in page
    assert meeting_world.private_meeting.get_absolute_url() in page
    meeting_world.member_seat.arena.memberships.filter(person=meeting_world.member_person).update(
        ended_on=timezone.localdate()
    )
    meeting_world.private_arena.memberships.update(ended_on=timezone.localdate())
    page = text(meeting_world.client("member").get(reverse("meetings:my_meetings")))
    assert "Du har ingen kommende møter" in page


def test_my_meetings_query_count_does_not_grow(meeting_world: MeetingWorld) -> None:
    client = meeting_world.client("member")
    url = reverse("meetings:my_meetings")
    small = _count(client, url)
    for i in range(25):
        arena = make_arena(meeting_world.service, name=f"Råd {i}")
        seat(arena, meeting_world.member_person, MemberRole.MEMBER)
        make_meeting(arena, future(10 + i))
        make_meeting(arena, future(40 + i))
    large = _count(client, url)
    assert small == large
    assert text(client.get(url)).count("<tr>") == 1 + 2 + 50


# --- Feeds page ---------------------------------------------------------------------------


def test_feeds_page_create_show_once_and_revoke(meeting_world: MeetingWorld) -> None:
    client = meeting_world.client("member")
    url = reverse("meetings:feeds")
    assert "ikke noe aktivt kalenderabonnement" in text(client.get(url))
    response = client.post(url, {"action": "create"})
    page = text(response)
    assert response.status_code == 200
    match = re.search(r'value="(http[^"]+/moter/kalender/([^"/]+)\.ics)"', page)
    assert match is not None
    token = match.group(2)
    assert "bare denne ene gangen" in page and "Ikke del den" in page
    assert Client().get(reverse("meetings:person_feed", args=[token])).status_code == 200
    later = text(client.get(url))
    assert token not in later and "aktivt kalenderabonnement" in later
    client.post(url, {"action": "create"})
    assert Client().get(reverse("meetings:person_feed", args=[token])).status_code == 404
    assert CalendarFeed.objects.filter(user=meeting_world.member, revoked_at=None).count() == 1
    response = client.post(url, {"action": "revoke"})
    assert response.status_code == 302
    assert not CalendarFeed.objects.filter(user=meeting_world.member, revoked_at=None).exists()
    assert "ikke noe aktivt kalenderabonnement" in text(client.get(url))


def test_arena_detail_links_to_the_plan(meeting_world: MeetingWorld) -> None:
    page = text(Client().get(meeting_world.public_arena.get_absolute_url()))
    assert reverse("meetings:plan", args=[meeting_world.public_arena.pk]) in page


# --- Page structure (a cheap stand-in for the browser sweep) ----------------------------


def heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_pages_have_one_h1_and_no_skipped_heading_levels(meeting_world: MeetingWorld) -> None:
    Meeting.objects.filter(pk=meeting_world.meeting.pk).update(agenda_published_at=timezone.now())
    arena, meeting = meeting_world.public_arena, meeting_world.meeting
    secretariat = meeting_world.client("secretariat")
    member = meeting_world.client("member")
    pages = [
        (Client(), reverse("meetings:upcoming"), None),
        (secretariat, reverse("meetings:plan", args=[arena.pk]), None),
        (secretariat, meeting.get_absolute_url(), None),
        (Client(), meeting.get_absolute_url(), None),
        (secretariat, reverse("meetings:create", args=[arena.pk]), None),
        (secretariat, reverse("meetings:create", args=[arena.pk]), {"date": "x"}),
        (secretariat, reverse("meetings:generate", args=[arena.pk]), None),
        (secretariat, reverse("meetings:generate", args=[arena.pk]), generate_data()),
        (secretariat, reverse("meetings:edit", args=[meeting.pk]), None),
        (secretariat, reverse("meetings:cancel", args=[meeting.pk]), None),
        (member, reverse("meetings:my_meetings"), None),
        (member, reverse("meetings:feeds"), None),
        (member, reverse("meetings:feeds"), {"action": "create"}),
    ]
    for client, url, data in pages:
        response = client.post(url, data) if data is not None else client.get(url)
        html = text(response)
        levels = heading_levels(html[html.index("<main") :])
        assert levels.count(1) == 1, url
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (url, levels)
        # every input, select and textarea has a label or is hidden
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', html):
            assert (
                f'for="{field_id}"' in html or "hidden" in html.split(f'id="{field_id}"')[0][-200:]
            ), (url, field_id)


def test_generate_preview_names_the_skipped_holidays(meeting_world: MeetingWorld) -> None:
    client = meeting_world.client("secretariat")
    url = reverse("meetings:generate", args=[meeting_world.public_arena.pk])
    data = generate_data(first_day="2027-03-11", count="4", start_time="18:00")
    del data["include_holidays"]
    page = text(client.post(url, {**data, "action": "preview"}))
    assert "1 dato er en helligdag og blir hoppet over" in page or "Én dato er en helligdag" in page
    assert "torsdag 25. mars 2027: Skjærtorsdag" in page
    assert "Legg inn 3 møter" in page
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    before = Meeting.objects.count()
    assert client.post(url, {**hidden, "action": "confirm"}).status_code == 302
    assert Meeting.objects.count() == before + 3
