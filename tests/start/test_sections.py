"""The start page's sections read straight from ``medvirk.start.selectors``: what each
role's rows hold, what they leave out, and that nobody gets another organisation's
rows."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.selectors import arenas_short_of_seats
from medvirk.directory.domain.campaigns import start_campaign
from medvirk.directory.selectors import entries_to_confirm
from medvirk.followup.enums import AddresseeKind
from medvirk.meetings.domain.attendance import respond
from medvirk.meetings.enums import AttendanceResponse
from medvirk.start import selectors
from tests.arenas.conftest import make_arena, make_person, seat
from tests.factories import RoleFactory, UserFactory
from tests.followup.conftest import FollowupWorld
from tests.start.conftest import DAY, give_advice, populate

pytestmark = pytest.mark.django_db


def sections(user):
    return selectors.start_sections(user, timezone.now())


def answers_of(w: FollowupWorld, persona: str) -> dict[str, str]:
    rep = sections(w.user(persona))["representative"]
    return {row.meeting.title or row.meeting.arena.name: row.answer for row in rep["meetings"].rows}


def test_sections_are_read_only_for_roles_held(start_world: FollowupWorld) -> None:
    w = start_world
    held = {
        persona: {
            key
            for key in ("representative", "org_admin", "secretariat", "decision_maker")
            if sections(w.user(persona))[key] is not None
        }
        for persona in ("member", "admin_a", "secretariat", "decision_maker", "platform_admin")
    }
    assert held == {
        "member": {"representative"},
        "admin_a": {"org_admin"},
        "secretariat": {"secretariat"},
        "decision_maker": {"decision_maker"},
        "platform_admin": set(),
    }


def test_member_answer_is_shown_per_meeting(start_world: FollowupWorld) -> None:
    w = start_world
    assert answers_of(w, "member") == {
        "Brukerutvalget": "Ikke svart",
        "Lukket referansegruppe": "Ikke svart",
    }
    respond(w.m.meeting, by=w.m.member, response=AttendanceResponse.APOLOGIES)
    respond(w.m.private_meeting, by=w.m.member, response=AttendanceResponse.ATTENDING)
    assert answers_of(w, "member") == {
        "Brukerutvalget": "Meldt forfall",
        "Lukket referansegruppe": "Kommer",
    }


def test_deputy_sees_whether_they_are_called_in(start_world: FollowupWorld) -> None:
    w = start_world
    rep = sections(w.m.deputy)["representative"]
    (row,) = rep["meetings"].rows
    assert (row.is_deputy, row.called_in, row.answer) == (True, False, "Ikke kalt inn")

    respond(w.m.meeting, by=w.m.deputy, response=AttendanceResponse.ATTENDING)
    assert answers_of(w, "deputy") == {"Brukerutvalget": "Kan stille"}

    # The member sends apologies: the available deputy is called in.
    respond(w.m.meeting, by=w.m.member, response=AttendanceResponse.APOLOGIES)
    (row,) = sections(w.m.deputy)["representative"]["meetings"].rows
    assert (row.called_in, row.answer) == (True, "Kalt inn, ikke svart")
    respond(w.m.meeting, by=w.m.deputy, response=AttendanceResponse.ATTENDING)
    assert answers_of(w, "deputy") == {"Brukerutvalget": "Kalt inn, du kommer"}


def test_representative_section_leaves_out_other_people_and_arenas(
    start_world: FollowupWorld,
) -> None:
    w = start_world
    populate(w, 1)
    elsewhere = make_arena(w.m.other_service, name="Annet utvalg")
    give_advice(elsewhere, "Råd et annet sted")
    rep = sections(w.m.deputy)["representative"]
    assert rep["reports"].rows == []  # the member's reports, not the deputy's
    titles = {response.advice.title for response in rep["answers"].rows}
    assert titles == {"Besvart råd 0"}
    assert rep["terms_ending"].rows == []


def test_terms_ending_are_the_running_ones_within_90_days(start_world: FollowupWorld) -> None:
    w = start_world
    today = timezone.localdate()
    soon = make_arena(w.m.service, name="Snart slutt")
    later = make_arena(w.m.service, name="Lenge igjen")
    ended = make_arena(w.m.service, name="Avsluttet")
    seat(soon, w.m.member_person, ends_on=today + 60 * DAY)
    seat(later, w.m.member_person, ends_on=today + 200 * DAY)
    gone = seat(ended, w.m.member_person, ends_on=today + 20 * DAY)
    gone.ended_on = today - DAY
    gone.save(update_fields=["ended_on"])
    rep = sections(w.m.member)["representative"]
    assert [s.arena.name for s in rep["terms_ending"].rows] == ["Snart slutt"]


def test_user_without_seats_or_reports_is_no_representative(db: None) -> None:
    user = UserFactory()
    make_person("Uten verv", user=user)
    assert sections(user)["representative"] is None


def test_org_admin_sees_own_organisations_items_only(start_world: FollowupWorld) -> None:
    w = start_world
    populate(w, 2)
    mine = sections(w.m.org_a.admin)["org_admin"]
    theirs = sections(w.m.org_b.admin)["org_admin"]
    assert (mine["requests"].total, mine["nominations"].total, mine["reports"].total) == (2, 2, 2)
    assert (theirs["requests"].total, theirs["nominations"].total, theirs["reports"].total) == (
        0,
        0,
        0,
    )
    assert [o.name for o in theirs["to_confirm"]] == ["Organisasjon B"]


def test_org_admin_reports_are_the_new_ones(start_world: FollowupWorld) -> None:
    w = start_world
    made = populate(w, 1)
    report = w.m.second_member_person.reports.get(meeting=made.past[0])
    report.submitted_at = timezone.now() - 40 * DAY
    report.save(update_fields=["submitted_at"])
    assert sections(w.m.org_a.admin)["org_admin"]["reports"].rows == []


def test_member_role_alone_is_no_org_admin(start_world: FollowupWorld) -> None:
    assert sections(start_world.m.org_a.member)["org_admin"] is None


def test_entries_to_confirm_are_stale_or_asked_by_a_running_campaign(
    start_world: FollowupWorld,
) -> None:
    w = start_world
    org_a, org_b = w.m.org_a.organisation, w.m.org_b.organisation
    for organisation in (org_a, org_b):
        organisation.last_confirmed_at = timezone.now() - 30 * DAY
        organisation.save(update_fields=["last_confirmed_at"])
    assert list(entries_to_confirm([org_a.pk, org_b.pk])) == []
    start_campaign(by=w.m.platform_admin, name="Vår 2026")
    found = list(entries_to_confirm([org_a.pk]))
    assert [o.pk for o in found] == [org_a.pk]  # asked to confirm: org A has a contact
    assert found[0].campaign_expires_at is not None


def test_secretariat_sees_only_its_services(start_world: FollowupWorld) -> None:
    w = start_world
    populate(w, 2)
    own = sections(w.m.secretariat)["secretariat"]
    other = sections(w.m.other_secretariat)["secretariat"]
    assert own["requests"].total == 2
    assert own["overdue"].total == 2
    assert own["proposal_total"] == 2
    assert own["minutes"].total == 2  # the two made; last week's meeting has approved minutes
    for key in ("requests", "late_meetings", "minutes", "overdue", "vacancies"):
        assert other[key].rows == [], key
    assert other["proposals"].rows == []


def test_arenas_short_of_seats_count_seat_holders_not_deputies(
    start_world: FollowupWorld,
) -> None:
    w = start_world
    today = timezone.localdate()
    arena = make_arena(w.m.service, name="Lite utvalg", members_count=2)
    seat(arena, make_person("Første"))
    seat(arena, make_person("Vara"), MemberRole.DEPUTY, rank=1)
    full = make_arena(w.m.service, name="Fullt utvalg", members_count=1)
    seat(full, make_person("Eneste"))
    rows = {a.name: (a.seated, a.vacant) for a in arenas_short_of_seats([w.m.service.pk], today)}
    assert rows["Lite utvalg"] == (1, 1)
    assert "Fullt utvalg" not in rows


def test_decision_maker_sees_advice_to_them_or_their_service_only(
    start_world: FollowupWorld,
) -> None:
    w = start_world
    today = timezone.localdate()
    give_advice(w.m.public_arena, "Til tjenesten", due_on=today + 3 * DAY)
    other_leader = UserFactory()
    RoleFactory(user=other_leader, organisation=w.m.service, role=RoleKind.DECISION_MAKER)
    give_advice(
        w.m.public_arena,
        "Til en annen leder",
        addressee_kind=AddresseeKind.BODY,
        addressee_user=other_leader,
    )
    give_advice(make_arena(w.m.other_service, name="Annet råd"), "Til en annen tjeneste")
    dm = sections(w.decision_maker)["decision_maker"]
    assert [row["advice"].title for row in dm["advice"].rows] == ["Til tjenesten"]
    assert dm["figures"] == {"waiting": 1, "overdue": 0}


def test_sections_keep_a_few_rows_and_count_all(start_world: FollowupWorld) -> None:
    w = start_world
    populate(w, selectors.ROWS + 2)
    rep = sections(w.m.member)["representative"]
    assert len(rep["reports"].rows) == selectors.ROWS
    assert rep["reports"].total == selectors.ROWS + 2
    assert rep["reports"].more
    sec = sections(w.m.secretariat)["secretariat"]
    assert len(sec["overdue"].rows) == selectors.ROWS
    assert sec["overdue"].total == selectors.ROWS + 2
    assert isinstance(sec["overdue"].rows[0].due_on, datetime.date)
