"""Courses at national scale (C10): the big user organisation's basic course, full with a
waiting list (the representative persona has a place); an earlier run of it whose
attendance is recorded (the persona completed it: a training record and a certificate);
a draft of the hub's own introduction; and courses by every national umbrella and one in
five services, each with its sessions and a handful of people signed up.
"""

from __future__ import annotations

import datetime
from typing import Any

from medvirk.scale.gen_plan import Ctx
from medvirk.training.enums import CourseFormat, CourseStatus, EnrolmentStatus
from medvirk.training.models import Course, Enrolment, Presence, Session

BUSY_CAPACITY = 30
BUSY_WAITING = 20
PAST_PEOPLE = 30
SMALL_PEOPLE = 12
PLACE = "Frivillighetssentralen, møterom 2"
ACCESS = "Trinnfri adkomst, teleslynge og stillerom. Si fra om tolk senest en uke før."


class Tables:
    def __init__(self, ctx: Ctx) -> None:
        w = ctx.w
        self.course = w.table(
            Course,
            (
                "id",
                "organiser_id",
                "catalogue_course_id",
                "title",
                "description",
                "format",
                "capacity",
                "signup_deadline",
                "status",
                "created_at",
                "published_at",
            ),
        )
        self.session = w.table(
            Session, ("id", "course_id", "date", "starts_at", "ends_at", "place", "accessibility")
        )
        self.enrolment = w.table(
            Enrolment,
            (
                "id",
                "course_id",
                "person_id",
                "status",
                "signed_up_at",
                "share_accommodation",
                "training_record_id",
            ),
        )
        self.presence = w.table(Presence, ("id", "session_id", "enrolment_id"))


def _course(
    ctx: Ctx,
    t: Tables,
    *,
    organiser: int,
    title: str,
    deadline: datetime.date,
    sessions: list[datetime.date],
    capacity: int,
    status: str = CourseStatus.PUBLISHED,
    catalogue: int | None = None,
    kind: str = CourseFormat.IN_PERSON,
) -> tuple[int, list[int]]:
    course_id = t.course.take_id()
    created = ctx.at(deadline - datetime.timedelta(days=60))
    ctx.w.add(
        t.course,
        (
            course_id,
            organiser,
            catalogue,
            title,
            "Rollen som brukerrepresentant, hvordan møtene foregår, og hvordan du henter inn "
            "erfaringene til dem du representerer. Med god tid til spørsmål.",
            kind,
            capacity,
            deadline,
            status,
            created,
            created if status != CourseStatus.DRAFT else None,
        ),
    )
    session_ids = []
    for day in sessions:
        session_id = t.session.take_id()
        session_ids.append(session_id)
        # Times as text: the writer converts dates, not times (COPY and SQLite take it).
        ctx.w.add(
            t.session,
            (session_id, course_id, day, "17:00:00", "20:00:00", PLACE, ACCESS),
        )
    return course_id, session_ids


def _people(ctx: Ctx, count: int, *, skip: int) -> list[int]:
    ids = ctx.people.ids
    start = int(ctx.rng.random() * max(len(ids) - count, 1))
    return [pid for pid in ids[start : start + count + 1] if pid != skip][:count]


def generate_training(ctx: Ctx) -> dict[str, Any]:
    """Write the rows; returns the ids the benchmark's routes need."""
    hub, big = ctx.hub, ctx.big_org
    assert hub is not None and big is not None
    t = Tables(ctx)
    w = ctx.w
    today = ctx.today
    persona = int(str(ctx.personas["representative"]["person_id"]))
    day = datetime.timedelta(days=1)

    # The basic course, full, with a waiting list; the persona has a place.
    busy, _busy_sessions = _course(
        ctx,
        t,
        organiser=big.id,
        title="Grunnkurs for brukerrepresentanter",
        deadline=today + 14 * day,
        sessions=[today + 21 * day, today + 28 * day],
        capacity=BUSY_CAPACITY,
        catalogue=ctx.basic_course_id,
    )
    people = [persona, *_people(ctx, BUSY_CAPACITY + BUSY_WAITING - 1, skip=persona)]
    persona_place = 0
    for index, person_id in enumerate(people):
        enrolment_id = t.enrolment.take_id()
        if person_id == persona:
            persona_place = enrolment_id
        status = EnrolmentStatus.ENROLLED if index < BUSY_CAPACITY else EnrolmentStatus.WAITING
        signed_up = ctx.at(today - 30 * day + index * day / 2)
        w.add(t.enrolment, (enrolment_id, busy, person_id, status, signed_up, index % 5 == 0, None))

    # The spring run, attended: everyone present at the first, most at the second.
    past, past_sessions = _course(
        ctx,
        t,
        organiser=big.id,
        title="Grunnkurs for brukerrepresentanter (vår)",
        deadline=today - 60 * day,
        sessions=[today - 50 * day, today - 43 * day],
        capacity=PAST_PEOPLE,
        catalogue=ctx.basic_course_id,
    )
    persona_completed = 0
    for index, person_id in enumerate([persona, *_people(ctx, PAST_PEOPLE - 1, skip=persona)]):
        enrolment_id = t.enrolment.take_id()
        complete = index % 6 != 5
        record = None
        if complete:
            record = ctx.t.training.take_id()
            w.add(
                ctx.t.training,
                (record, person_id, ctx.basic_course_id, big.name[:200], today - 43 * day),
            )
        if person_id == persona:
            persona_completed = enrolment_id
        w.add(
            t.enrolment,
            (
                enrolment_id,
                past,
                person_id,
                EnrolmentStatus.ENROLLED,
                ctx.at(today - 80 * day),
                False,
                record,
            ),
        )
        attended = past_sessions if complete else past_sessions[:1]
        for session_id in attended:
            w.add(t.presence, (t.presence.take_id(), session_id, enrolment_id))

    # The hub's own introduction, still a draft.
    hub_draft, _hub_sessions = _course(
        ctx,
        t,
        organiser=hub.id,
        title="Introduksjon for nye medlemmer av brukerutvalget",
        deadline=today + 20 * day,
        sessions=[today + 30 * day],
        capacity=25,
        status=CourseStatus.DRAFT,
        kind=CourseFormat.DIGITAL,
    )

    # Courses by the national umbrellas and one in five services.
    organisers = [org.id for org in ctx.national_umbrellas] + [
        org.id for index, org in enumerate(ctx.services) if index % 5 == 0 and org.id != hub.id
    ]
    for index, organiser in enumerate(organisers):
        start = today + (10 + index % 40) * day
        course_id, _sessions = _course(
            ctx,
            t,
            organiser=organiser,
            title=f"Kurs i brukermedvirkning {index + 1}",
            deadline=start - 5 * day,
            sessions=[start, start + 7 * day, start + 14 * day],
            capacity=SMALL_PEOPLE + 4,
            kind=(CourseFormat.IN_PERSON, CourseFormat.DIGITAL, CourseFormat.SELF_STUDY)[index % 3],
        )
        for person_id in _people(ctx, SMALL_PEOPLE, skip=persona):
            w.add(
                t.enrolment,
                (
                    t.enrolment.take_id(),
                    course_id,
                    person_id,
                    EnrolmentStatus.ENROLLED,
                    ctx.at(today - 3 * day),
                    False,
                    None,
                ),
            )
    w.flush()
    return {
        "busy_course": busy,
        "past_course": past,
        "past_session": past_sessions[0],
        "hub_draft": hub_draft,
        "organiser": big.id,
        "persona_enrolment": persona_place,
        "persona_completed": persona_completed,
        "courses": 3 + len(organisers),
    }
