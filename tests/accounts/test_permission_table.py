"""The permission table: every permission in the live rule set, checked for every
persona against a representative object, must equal docs/permissions.md.

Regenerate the document after a deliberate change with
``MEDVIRK_WRITE_PERMISSION_TABLE=1 pytest tests/accounts/test_permission_table.py``.
A permission without an entry in ``OBJECT_FOR`` fails with a message naming it."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

import medvirk.urls  # noqa: F401  (loads every view, so every rule module is registered)
from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.annual.enums import ReportStatus as AnnualReportStatus
from medvirk.annual.models import AnnualReport
from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.models import AppointmentRequest, Invitation, Nomination
from medvirk.arenas.enums import Influence, Level
from medvirk.compensation.enums import ClaimStatus
from medvirk.compensation.models import Claim
from medvirk.directory.models import ImportJob
from medvirk.followup.enums import AddresseeKind
from medvirk.followup.models import Advice, DecisionImport, OrganisationInput, Report
from medvirk.involvement.enums import EntryKind
from medvirk.involvement.models import InvolvementEntry
from medvirk.meetings.enums import AttendanceRole, ItemKind, MinutesStatus, ProposerKind
from medvirk.meetings.models import AgendaItem, Attendance, CaseProposal, Meeting, Minutes
from medvirk.network.models import Post, Thread
from medvirk.notifications.models import MailStatus, OutboxMail
from medvirk.onboarding.enums import Audience
from medvirk.onboarding.models import Checklist
from medvirk.people.enums import AffiliationKind
from medvirk.people.models import TrainingRecord
from medvirk.planning.models import RoutineVersion
from medvirk.surveys.enums import SurveyStatus
from medvirk.surveys.models import Survey
from medvirk.training.enums import CourseFormat, CourseStatus, EnrolmentStatus
from medvirk.training.models import Course as TrainingCourse
from medvirk.training.models import Enrolment
from tests.clock import freeze_time
from tests.factories import (
    OrganisationFactory,
    RoleFactory,
    ServiceFactory,
    UmbrellaFactory,
    UserFactory,
)
from tests.factories.experiences import ExperienceCallFactory, ThemeFactory
from tests.factories.people import (
    AffiliationFactory,
    ArenaFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
TODAY = datetime.date(2026, 3, 10)

PERSONAS = [
    "anonymous",
    "member",
    "representative",
    "organisation admin",
    "umbrella admin",
    "secretariat",
    "decision-maker",
    "platform admin",
    "secretariat of another service",
    "payroll",
]

# The object each permission is checked against (None: a permission without object).
OBJECT_FOR: dict[str, str | None] = {
    "directory.add_organisation": None,
    "directory.change_organisation": "organisation",
    "directory.view_organisation_private": "organisation",
    "directory.view_organisation_history": "organisation",
    "directory.manage_campaigns": None,
    "directory.import_organisations": None,
    "directory.run_import_job": "import",
    "people.view_person": "person",
    "people.change_person": "person",
    "people.add_person": "organisation",
    "people.view_pool": "organisation",
    "people.manage_affiliation": "organisation",
    "people.view_accommodation": "person",
    "people.manage_accommodation": "person",
    "people.process_deletion": None,
    "arenas.add_arena": "service",
    "arenas.change_arena": "arena",
    "arenas.manage_members": "arena",
    "arenas.view_arena": "arena",
    "arenas.view_arena_history": "arena",
    "arenas.resign": "membership",
    "appointments.manage_request": "request",
    "appointments.view_request": "request",
    "appointments.nominate": "request",
    "appointments.recommend": "request",
    "appointments.confirm_trust": "nomination",
    "appointments.withdraw_nomination": "nomination",
    "appointments.decide": "request",
    "meetings.manage": "arena",
    "meetings.view_meeting": "meeting",
    "meetings.view_closed": "arena",
    "meetings.propose": "arena",
    "meetings.view_proposal": "proposal",
    "meetings.withdraw_proposal": "proposal",
    "meetings.handle_proposal": "proposal",
    "meetings.respond_attendance": "attendance",
    "meetings.view_accommodations": "meeting",
    "meetings.view_draft_minutes": "minutes",
    "meetings.comment_minutes": "minutes",
    "meetings.use_calendar_feed": None,
    "followup.create_advice": "item",
    "followup.manage_advice": "advice",
    "followup.answer_advice": "advice",
    "followup.view_advice": "advice",
    "followup.record_final_decision": "advice",
    "followup.import_final_decisions": "service",
    "followup.run_decision_import": "decision import",
    "followup.write_report": "report",
    "followup.view_report": "report",
    "followup.view_report_feed": "organisation",
    "followup.send_input": "organisation",
    "followup.view_input": "input",
    "surveys.add_survey": "service",
    "surveys.change_survey": "survey",
    "surveys.view_results": "survey",
    "surveys.moderate_answers": "survey",
    "surveys.view_summary": "survey",
    "experiences.add_call": "organisation",
    "experiences.change_call": "call",
    "experiences.moderate_call": "call",
    "experiences.answer_call": "call",
    "experiences.record_case": "call",
    "experiences.add_theme": "call",
    "experiences.change_theme": "theme",
    "experiences.make_case": "theme",
    "experiences.view_theme_summary": "theme",
    "involvement.view_log": "service",
    "involvement.view_all_entries": "service",
    "involvement.add_entry": "service",
    "involvement.change_entry": "entry",
    "involvement.refresh_log": "service",
    "annual.add_report": "service",
    "annual.manage_report": "annual_report",
    "annual.view_report": "annual_report",
    "annual.comment_report": "annual_report",
    "compensation.view_claim": "claim",
    "compensation.edit_claim": "claim",
    "compensation.decide_claim": "claim",
    "compensation.correct_claim": "claim",
    "compensation.view_approval_queue": None,
    "compensation.export_payroll": "service",
    "compensation.manage_scheme": "service",
    "compensation.manage_payment_details": "person",
    "onboarding.view_checklist": "checklist",
    "onboarding.tick_item": "checklist",
    "onboarding.view_overview": "arena",
    "onboarding.edit_templates": "service",
    "planning.plan_involvement": "service",
    "planning.change_routine": "service",
    "planning.publish_routine": "service",
    "planning.view_routine_version": "routine_draft",
    "notifications.view_outbox": None,
    "training.add_course": "organisation",
    "training.view_organised": None,
    "training.view_course": "course",
    "training.change_course": "course",
    "training.publish_course": "course",
    "training.cancel_course": "course",
    "training.view_participants": "course",
    "training.record_attendance": "course",
    "training.sign_up": "course",
    "training.view_accommodations": "course",
    "training.cancel_enrolment": "enrolment",
    "training.change_sharing": "enrolment",
    "training.remove_participant": "enrolment",
    "training.download_certificate": "enrolment",
    "notifications.resend_mail": "mail",
    "network.view_space": "organisation",
    "network.start_thread": "organisation",
    "network.moderate_space": "organisation",
    "network.view_thread": "network thread",
    "network.reply": "network thread",
    "network.follow_thread": "network thread",
    "network.report_post": "network post",
}

OBJECTS = {
    "organisation": "user organisation A (in umbrella U)",
    "service": "service S",
    "arena": "private arena of S; the representative sits in it for A",
    "membership": "the representative's seat",
    "person": "the representative's profile (in A's pool)",
    "request": "open appointment request of S, inviting A and U",
    "nomination": "A's nomination of the representative",
    "meeting": "meeting in the arena",
    "item": "agenda item of the meeting",
    "proposal": "open case proposal by the representative for A",
    "attendance": "the representative's attendance at the meeting",
    "minutes": "circulated minutes; the representative was present",
    "advice": "non-public advice of the arena to S's decision-makers",
    "report": "the representative's (not confidential) report to A",
    "input": "A's input to the representative before the meeting",
    "mail": "a failed mail in the outbox, to the representative",
    "import": "a CSV import job the platform admin started",
    "decision import": "a CSV import of final decisions S's secretariat started",
    "survey": "published survey of S (summary not public), linked to the arena",
    "call": "A's call for experiences (by link), tied to the arena",
    "theme": "a theme of A's call: shared, large enough, offered to the arena",
    "entry": "a hand-made entry in S's involvement log, about the arena",
    "annual_report": "the arena's annual report, sent to its members for comments",
    "claim": "the representative's sent compensation claim for the meeting (S's)",
    "checklist": "the representative's onboarding checklist for their seat",
    "routine_draft": "the draft version of S's routine for user involvement",
    "network thread": "an open thread in A's network space, started by the member",
    "network post": "the member's opening post of that thread",
    "course": "a published course organised by A",
    "enrolment": "the representative's place on A's course, completed (attended every session)",
}


def _world() -> tuple[dict[str, Any], dict[str, Any]]:
    service = ServiceFactory(name="Tjeneste S")
    other_service = ServiceFactory(name="Tjeneste T")
    organisation = OrganisationFactory(name="Organisasjon A")
    umbrella = UmbrellaFactory(name="Paraply U")
    organisation.umbrellas.add(umbrella)

    def with_role(email: str, org: Any, role: str) -> User:
        user = UserFactory(email=email)
        RoleFactory(user=user, organisation=org, role=role)
        return user

    rep_user = UserFactory(email="representant@example.org")
    person = PersonFactory(user=rep_user, name="Rita Representant", created_by=organisation)
    AffiliationFactory(person=person, organisation=organisation, kind=AffiliationKind.POOL)
    arena = ArenaFactory(owner=service, name="Lukket utvalg", is_public=False)
    membership = MembershipFactory(
        arena=arena,
        person=person,
        represents=organisation,
        starts_on=TODAY - datetime.timedelta(days=100),
        ends_on=TODAY + datetime.timedelta(days=600),
    )
    users: dict[str, Any] = {
        "anonymous": AnonymousUser(),
        "member": with_role("medlem@example.org", organisation, RoleKind.MEMBER),
        "representative": rep_user,
        "organisation admin": with_role("admin@example.org", organisation, RoleKind.ADMIN),
        "umbrella admin": with_role("paraply@example.org", umbrella, RoleKind.ADMIN),
        "secretariat": with_role("sekretariat@example.org", service, RoleKind.SECRETARIAT),
        "decision-maker": with_role("leder@example.org", service, RoleKind.DECISION_MAKER),
        "platform admin": UserFactory(email="drift@example.org", is_superuser=True),
        "secretariat of another service": with_role(
            "sekretariat-t@example.org", other_service, RoleKind.SECRETARIAT
        ),
        "payroll": with_role("lonn@example.org", service, RoleKind.PAYROLL),
    }
    request = AppointmentRequest.objects.create(
        arena=arena,
        title="Nye medlemmer",
        member_seats=2,
        term_starts_on=TODAY + datetime.timedelta(days=60),
        term_ends_on=TODAY + datetime.timedelta(days=800),
        deadline=TODAY + datetime.timedelta(days=20),
        status=RequestStatus.OPEN,
    )
    Invitation.objects.create(request=request, organisation=organisation)
    Invitation.objects.create(request=request, organisation=umbrella)
    nomination = Nomination.objects.create(
        request=request, organisation=organisation, person=person
    )
    starts = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(10)))
    meeting = Meeting.objects.create(
        arena=arena, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    item = AgendaItem.objects.create(
        meeting=meeting, arena=arena, year=2026, number=1, kind=ItemKind.STATEMENT, title="Sak"
    )
    proposal = CaseProposal.objects.create(
        arena=arena,
        title="Forslag",
        problem_why="Hvorfor",
        proposed_solution="Slik",
        proposer_kind=ProposerKind.ORGANISATION,
        proposer_name="Rita Representant",
        proposer_email="representant@example.org",
        submitted_by=rep_user,
        organisation=organisation,
    )
    attendance = Attendance.objects.create(
        meeting=meeting, person=person, role=AttendanceRole.MEMBER, present=True
    )
    minutes = Minutes.objects.create(meeting=meeting, status=MinutesStatus.CIRCULATED)
    advice = Advice.objects.create(
        arena=arena,
        item=item,
        title="Råd",
        text="Teksten",
        addressee_kind=AddresseeKind.DECISION_MAKER,
        addressee_name="Tjenesteleder",
        given_on=TODAY,
        due_on=TODAY + datetime.timedelta(days=30),
        is_public=False,
    )
    report = Report.objects.create(meeting=meeting, person=person, organisation=organisation)
    given = OrganisationInput.objects.create(
        meeting=meeting, item=item, organisation=organisation, person=person, text="Innspill"
    )
    failed_mail = OutboxMail.objects.create(
        subject="Ledig plass i Lukket utvalg",
        text="Teksten",
        recipients=["representant@example.org"],
        status=MailStatus.FAILED,
        attempts=1,
        next_attempt_at=timezone.now(),
    )
    import_job = ImportJob.objects.create(
        token="import-token", started_by=users["platform admin"], filename="a.csv"
    )
    decision_import = DecisionImport.objects.create(
        token="decision-token", service=service, started_by=users["secretariat"], filename="v.csv"
    )
    survey = Survey.objects.create(
        organisation=service,
        arena=arena,
        title_nb="Undersøkelse",
        code="undersokelse",
        status=SurveyStatus.PUBLISHED,
        opens_on=TODAY,
        closes_on=TODAY + datetime.timedelta(days=30),
    )
    call = ExperienceCallFactory(organisation=organisation)
    call.arenas.set([arena])
    theme = ThemeFactory(call=call, is_shared=True, min_size=5, answer_count=5)
    theme.offered_to.set([arena])
    entry = InvolvementEntry.objects.create(
        service=service,
        date=TODAY,
        title="Dialogkonferanse",
        kind=EntryKind.DIALOGUE_CONFERENCE,
        level=Level.SYSTEM,
        degree=Influence.DIALOGUE,
        arena=arena,
        is_public=False,
    )
    annual_report = AnnualReport.objects.create(
        arena=arena, owner=service, year=2025, status=AnnualReportStatus.ON_COMMENT
    )
    claim = Claim.objects.create(
        person=person,
        attendance=attendance,
        meeting=meeting,
        organisation=service,
        status=ClaimStatus.SUBMITTED,
    )
    checklist = Checklist.objects.create(
        arena=arena,
        audience=Audience.MEMBER,
        membership=membership,
        starts_on=membership.starts_on,
    )
    routine_draft = RoutineVersion.objects.create(service=service, number=1)
    network_thread = Thread.objects.create(
        organisation=organisation,
        title="Første møte",
        author=users["member"],
        created_at=timezone.now(),
        last_post_at=timezone.now(),
    )
    network_post = Post.objects.create(
        thread=network_thread,
        author=users["member"],
        is_opening=True,
        text="Hvordan forbereder dere dere?",
        created_at=timezone.now(),
    )
    course = TrainingCourse.objects.create(
        organiser=organisation,
        title="Grunnkurs",
        description="Kurset",
        format=CourseFormat.IN_PERSON,
        capacity=10,
        signup_deadline=TODAY + datetime.timedelta(days=7),
        status=CourseStatus.PUBLISHED,
    )
    enrolment = Enrolment.objects.create(
        course=course,
        person=person,
        status=EnrolmentStatus.ENROLLED,
        signed_up_at=timezone.now(),
        training_record=TrainingRecord.objects.create(
            person=person, course_name="Grunnkurs", completed_on=TODAY
        ),
    )
    objects = {
        "checklist": checklist,
        "routine_draft": routine_draft,
        "network thread": network_thread,
        "network post": network_post,
        "course": course,
        "enrolment": enrolment,
        "entry": entry,
        "annual_report": annual_report,
        "claim": claim,
        "survey": survey,
        "call": call,
        "theme": theme,
        "organisation": organisation,
        "service": service,
        "arena": arena,
        "membership": membership,
        "person": person,
        "request": request,
        "nomination": nomination,
        "meeting": meeting,
        "item": item,
        "proposal": proposal,
        "attendance": attendance,
        "minutes": minutes,
        "advice": advice,
        "report": report,
        "input": given,
        "mail": failed_mail,
        "import": import_job,
        "decision import": decision_import,
    }
    return users, objects


def _table(users: dict[str, Any], objects: dict[str, Any]) -> str:
    permissions = sorted(rules.permissions.permissions)
    lines = [
        "# Permissions: who may do what",
        "",
        "Generated by `tests/accounts/test_permission_table.py` from the live rule set",
        "(`rules.permissions.permissions`); the test fails when this file and the rules differ.",
        "After a deliberate change, regenerate it with",
        "`MEDVIRK_WRITE_PERMISSION_TABLE=1 pytest tests/accounts/test_permission_table.py`.",
        "",
        "Every check is `rules.has_perm(perm, user, obj)`: superusers get no shortcut,",
        "each predicate decides the platform admin itself (never closed items or health data).",
        "",
        "Objects the permissions are checked against:",
        "",
        *[f"- **{key}**: {text}" for key, text in OBJECTS.items()],
        "",
        "| permission | object | " + " | ".join(PERSONAS) + " |",
        "|---|---|" + "---|" * len(PERSONAS),
    ]
    for perm in permissions:
        key = OBJECT_FOR[perm]
        obj = objects[key] if key else None
        cells = [
            "yes" if rules.has_perm(perm, users[persona], obj) else "–" for persona in PERSONAS
        ]
        lines.append(f"| `{perm}` | {key or '–'} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def test_every_permission_has_an_object_in_the_table() -> None:
    live = set(rules.permissions.permissions)
    missing = sorted(live - set(OBJECT_FOR))
    stale = sorted(set(OBJECT_FOR) - live)
    assert (missing, stale) == ([], []), (
        f"Permissions without a representative object: {missing}; mapped but no longer "
        f"in the rules: {stale}. Add or remove them in OBJECT_FOR in {__file__}, then "
        "regenerate docs/permissions.md with MEDVIRK_WRITE_PERMISSION_TABLE=1."
    )


@freeze_time("2026-03-10 12:00:00")
def test_permission_table_matches_docs() -> None:
    missing = sorted(set(rules.permissions.permissions) - set(OBJECT_FOR))
    assert missing == [], f"Add these permissions to OBJECT_FOR: {missing}"
    users, objects = _world()
    table = _table(users, objects)
    if os.environ.get("MEDVIRK_WRITE_PERMISSION_TABLE") == "1":
        DOC.write_text(table, encoding="utf-8")
    assert table == DOC.read_text(encoding="utf-8")
