"""Invented demo data for courses: the umbrella's basic course for user representatives,
full with three on the waiting list; the user organisation's course in its diagnosis
field, where the demo member (Kari Nordmann) has a place and has shared her
accommodation needs; the same organisation's spring course, attended (Kari completed it:
a training record and a certificate to download); and Bergen kommune's own introduction
for new council members, still a draft. Courses with sessions in the future go through
the domain; the attended course is written directly, dated in the past."""

from __future__ import annotations

import datetime

from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.people.models import Course as CatalogueCourse
from medvirk.people.models import Person, TrainingRecord
from medvirk.training.domain import courses as course_domain
from medvirk.training.enums import CourseFormat, CourseStatus, EnrolmentStatus
from medvirk.training.models import Course, Enrolment, Presence, Session

MEMBER_EMAIL = "medlem@medvirk.test"
ORG_ADMIN_EMAIL = "orgadmin@medvirk.test"
UMBRELLA_ADMIN_EMAIL = "paraply@medvirk.test"
SECRETARIAT_EMAIL = "sekretariat@medvirk.test"
ACCESS = (
    "Trinnfri adkomst fra gateplan, heis og HC-toalett. Teleslynge i salen. Pauser hver time. "
    "Trenger du tolk eller annen tilrettelegging, si fra ved påmelding."
)


def _organisation_of(email: str, role: str) -> Organisation | None:
    user = User.objects.filter(email=email).first()
    if user is None:
        return None
    held = user.roles.filter(role=role).select_related("organisation").first()
    return held.organisation if held is not None else None


def _session(course: Course, day: datetime.date, place: str) -> Session:
    return Session.objects.create(
        course=course,
        date=day,
        starts_at=datetime.time(10),
        ends_at=datetime.time(15),
        place=place,
        accessibility=ACCESS,
    )


def _new_course(
    organiser: Organisation,
    by: User,
    *,
    title: str,
    description: str,
    capacity: int,
    deadline: datetime.date,
    days: list[datetime.date],
    place: str,
    format: str = CourseFormat.IN_PERSON,
    catalogue: CatalogueCourse | None = None,
    publish: bool = True,
) -> Course:
    course = course_domain.create_course(
        organiser=organiser,
        by=by,
        data={
            "title": title,
            "description": description,
            "format": format,
            "capacity": capacity,
            "signup_deadline": deadline,
            "catalogue_course": catalogue,
        },
    )
    for day in days:
        course_domain.add_session(
            course,
            by=by,
            data={
                "date": day,
                "starts_at": datetime.time(10),
                "ends_at": datetime.time(15),
                "place": place,
                "accessibility": ACCESS,
            },
        )
    if publish:
        course = course_domain.publish_course(course, by=by)
    return course


def _enrol(course: Course, people: list[Person], *, start: datetime.datetime) -> None:
    for index, person in enumerate(people):
        status = EnrolmentStatus.ENROLLED if index < course.capacity else EnrolmentStatus.WAITING
        Enrolment.objects.create(
            course=course,
            person=person,
            status=status,
            signed_up_at=start + datetime.timedelta(hours=5 * index),
        )


def load() -> None:
    user_org = _organisation_of(ORG_ADMIN_EMAIL, RoleKind.ADMIN)
    umbrella = _organisation_of(UMBRELLA_ADMIN_EMAIL, RoleKind.ADMIN)
    service = _organisation_of(SECRETARIAT_EMAIL, RoleKind.SECRETARIAT)
    member = Person.objects.filter(user__email=MEMBER_EMAIL).first()
    if user_org is None or umbrella is None or service is None or member is None:
        return
    admin = User.objects.get(email=ORG_ADMIN_EMAIL)
    umbrella_admin = User.objects.get(email=UMBRELLA_ADMIN_EMAIL)
    secretariat = User.objects.get(email=SECRETARIAT_EMAIL)
    basic = CatalogueCourse.objects.filter(is_basic_course=True).first()
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    others = list(
        Person.objects.exclude(pk=member.pk)
        .filter(created_by__kind__in=[OrganisationKind.USER_ORG, OrganisationKind.UMBRELLA])
        .order_by("pk")
    ) or list(Person.objects.exclude(pk=member.pk).order_by("pk"))
    recently = timezone.now() - 20 * day

    full = _new_course(
        umbrella,
        umbrella_admin,
        title="Grunnkurs for brukerrepresentanter",
        description=(
            "Det nasjonale grunnkurset: hva brukermedvirkning på systemnivå er, hvilke "
            "rettigheter og plikter en brukerrepresentant har, hvordan et møte foregår, og "
            "hvordan du henter inn og formidler erfaringene til dem du representerer."
        ),
        capacity=12,
        deadline=today + 10 * day,
        days=[today + 17 * day, today + 24 * day],
        place="Frivillighetshuset, Storgata 10, Bergen",
        catalogue=basic,
    )
    _enrol(full, others[:15], start=recently)

    field = _new_course(
        user_org,
        admin,
        title="Brukermedvirkning i rehabilitering",
        description=(
            "For representanter i rehabiliteringsfeltet: hvordan tjenestene er organisert, "
            "hva som er viktig å spørre om i brukerutvalg, og erfaringer fra andre "
            "representanter."
        ),
        capacity=20,
        deadline=today + 20 * day,
        days=[today + 30 * day],
        place="Digitalt møte (lenke sendes før kurset)",
        format=CourseFormat.DIGITAL,
    )
    _enrol(field, [member, *others[15:20]], start=recently)
    Enrolment.objects.filter(course=field, person=member).update(share_accommodation=True)

    _new_course(
        service,
        secretariat,
        title="Introduksjon for nye medlemmer av rådene",
        description=(
            "Bergen kommunes introduksjon for nye medlemmer av eldrerådet, rådet for "
            "personer med funksjonsnedsettelse og ungdomsrådet: saksgang, møteplan, "
            "godtgjøring og hvem du kan spørre."
        ),
        capacity=30,
        deadline=today + 25 * day,
        days=[today + 35 * day],
        place="Rådhuset, møterom 3",
        publish=False,
    )

    # The spring course, attended: Kari and four others completed, one missed a day.
    spring = Course.objects.create(
        organiser=user_org,
        catalogue_course=basic,
        title="Grunnkurs for brukerrepresentanter (vår)",
        description=full.description,
        format=CourseFormat.IN_PERSON,
        capacity=10,
        signup_deadline=today - 70 * day,
        status=CourseStatus.PUBLISHED,
        published_at=timezone.now() - 100 * day,
    )
    sessions = [
        _session(spring, today - 60 * day, "Frivillighetshuset, Storgata 10, Bergen"),
        _session(spring, today - 53 * day, "Frivillighetshuset, Storgata 10, Bergen"),
    ]
    for index, person in enumerate([member, *others[20:25]]):
        complete = index != 5
        record = (
            TrainingRecord.objects.create(
                person=person,
                course=basic,
                course_name="" if basic else spring.title,
                provider=user_org.name,
                completed_on=sessions[-1].date,
            )
            if complete
            else None
        )
        enrolment = Enrolment.objects.create(
            course=spring,
            person=person,
            status=EnrolmentStatus.ENROLLED,
            signed_up_at=timezone.now() - 90 * day,
            training_record=record,
        )
        for session in sessions if complete else sessions[:1]:
            Presence.objects.create(session=session, enrolment=enrolment)
