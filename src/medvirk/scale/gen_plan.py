"""How many of everything a scale means, the tables written, and the state the
generator steps share (``Ctx``)."""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress

from medvirk.accounts.models import Role, User
from medvirk.appointments.models import (
    AppointedSeat,
    AppointmentRequest,
    Decision,
    Invitation,
    Nomination,
)
from medvirk.arenas.models import Arena, Membership, ReservedSeat
from medvirk.directory.models import Contact, Organisation
from medvirk.followup.models import (
    Advice,
    AdviceResponse,
    FinalDecision,
    OrganisationInput,
    Report,
)
from medvirk.meetings.models import (
    AgendaItem,
    Attendance,
    CaseDocument,
    CaseProposal,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesEntry,
    MinutesVersion,
)
from medvirk.people.models import Affiliation, Person, TrainingRecord
from medvirk.scale.gen_records import Org, People, PersonaAttendance
from medvirk.scale.gen_writer import Table, Writer

OSLO = ZoneInfo("Europe/Oslo")

# The national figures at scale 1.0 (issue 6). Organisations: ~400 services,
# 20 umbrellas and ~2,580 user organisations make ~3,000.
SERVICE_BASE: dict[str, tuple[int, int]] = {
    # service kind: (count at 1.0, minimum)
    "kommune": (290, 2),
    "fylkeskommune": (15, 1),
    "nav": (60, 1),
    "helseforetak": (20, 1),
    "rhf": (4, 0),
    "competence_centre": (6, 0),
    "state_agency": (5, 0),
}
BASE = {
    "national_umbrellas": (6, 1),
    "county_umbrellas": (14, 1),
    "national_orgs": (150, 3),
    "county_orgs": (600, 3),
    "local_orgs": (1830, 4),
    "people": (12_000, 0),  # at least 6 per arena, see counts_for
    "arenas": (2_000, 20),
    "meetings": (160_000, 0),  # at least one a year per arena
    "requests": (200, 5),
}
YEARS_BACK = 10
DAYS_AHEAD = 182  # the plan reaches half a year ahead
ITEMS_MIN, ITEMS_MAX = 6, 14  # agenda items per meeting (mean 10)
DOCUMENTS_PER_ITEM = (0.13, 0.25, 0.30, 0.21, 0.11)  # P(0..4 documents), mean 1.92
STATEMENT_SHARE = 0.53  # of agenda items; each past one carries an advice
CLOSED_SHARE = 1 / 15
ATTENDANCE_DAYS = 365  # attendance rows only for meetings this recent (and upcoming)
MINUTES_ENTRY_DAYS = 730  # MinutesEntry rows only for meetings this recent
REPORT_SHARE = 0.35  # of present representatives, per meeting with attendance
BENCH_AGENDA_ITEMS = 30
HUB_ARENAS = 40  # the largest service's arenas (fewer only when there are few arenas)


@dataclass(frozen=True)
class Counts:
    scale: float
    services: dict[str, int]
    national_umbrellas: int
    county_umbrellas: int
    national_orgs: int
    county_orgs: int
    local_orgs: int
    people: int
    arenas: int
    meetings: int
    hub_arenas: int  # the largest service's arenas: as in real life, not scaled down
    requests: int

    @property
    def organisations(self) -> int:
        return (
            sum(self.services.values())
            + self.national_umbrellas
            + self.county_umbrellas
            + self.national_orgs
            + self.county_orgs
            + self.local_orgs
        )


def counts_for(scale: float, *, fylker: int) -> Counts:
    """Every count scaled, with minimums that keep a tiny dataset meaningful."""

    def n(base: int, minimum: int) -> int:
        return max(minimum, round(base * scale))

    services = {kind: n(base, minimum) for kind, (base, minimum) in SERVICE_BASE.items()}
    services["fylkeskommune"] = min(services["fylkeskommune"], fylker)
    arenas = n(*BASE["arenas"])
    values = {key: n(*BASE[key]) for key in BASE}
    values["county_umbrellas"] = min(values["county_umbrellas"], fylker)
    values["people"] = max(values["people"], arenas * 6)
    values["meetings"] = max(values["meetings"], arenas * YEARS_BACK)
    hub_arenas = min(HUB_ARENAS, max(3, math.ceil(arenas * 0.2)))
    return Counts(scale=scale, services=services, hub_arenas=hub_arenas, **values)


class Tables:
    """Every table the generator writes, registered in foreign-key order."""

    def __init__(self, w: Writer) -> None:
        m2m = _m2m
        self.user = w.table(
            User,
            (
                "id",
                "password",
                "last_login",
                "is_superuser",
                "is_staff",
                "is_active",
                "date_joined",
                "email",
                "name",
            ),
        )
        self.email = w.table(EmailAddress, ("id", "user_id", "email", "verified", "primary"))
        self.org = w.table(
            Organisation,
            (
                "id",
                "kind",
                "service_kind",
                "name",
                "org_number",
                "level",
                "parent_id",
                "website",
                "description",
                "is_public",
                "last_confirmed_at",
                "created_at",
                "updated_at",
                "search_text",
            ),
        )
        self.org_umbrella = m2m(w, Organisation.umbrellas.field)
        self.org_region = m2m(w, Organisation.regions.field)
        self.org_target_group = m2m(w, Organisation.target_groups.field)
        self.contact = w.table(
            Contact,
            ("id", "organisation_id", "name", "role", "email", "phone", "is_public", "is_primary"),
        )
        self.role = w.table(Role, ("id", "user_id", "organisation_id", "role", "created_at"))
        self.person = w.table(
            Person,
            (
                "id",
                "user_id",
                "name",
                "email",
                "phone",
                "preferred_language",
                "languages",
                "home_region_id",
                "capacity",
                "gender",
                "birth_year",
                "created_by_id",
                "deletion_requested_at",
                "created_at",
                "updated_at",
            ),
        )
        self.person_competence = m2m(w, Person.competence_areas.field)
        self.affiliation = w.table(
            Affiliation, ("id", "person_id", "organisation_id", "kind", "since", "until")
        )
        self.training = w.table(
            TrainingRecord, ("id", "person_id", "course_id", "provider", "completed_on")
        )
        self.arena = w.table(
            Arena,
            (
                "id",
                "owner_id",
                "kind",
                "name",
                "level",
                "influence",
                "mandate",
                "is_public",
                "term_years",
                "members_count",
                "deputies_count",
                "gender_balance",
                "gender_balance_deputies",
                "elderly_majority",
                "max_age_at_appointment",
                "proposal_deadline_days",
                "agenda_deadline_days",
                "advice_response_weeks",
                "public_proposals",
                "created_at",
                "updated_at",
            ),
        )
        self.arena_competence = m2m(w, Arena.required_competence.field)
        self.reserved_seat = w.table(
            ReservedSeat, ("id", "arena_id", "organisation_id", "competence_area_id", "seats")
        )
        self.membership = w.table(
            Membership,
            (
                "id",
                "arena_id",
                "person_id",
                "role",
                "deputy_rank",
                "represents_id",
                "starts_on",
                "ends_on",
                "ended_on",
                "end_reason",
                "reminded_90_at",
                "reminded_30_at",
                "created_at",
            ),
        )
        self.meeting = w.table(
            Meeting,
            (
                "id",
                "arena_id",
                "title",
                "starts_at",
                "ends_at",
                "place",
                "address",
                "digital_link",
                "step_free_access",
                "hearing_loop",
                "accessible_toilet",
                "status",
                "cancelled_reason",
                "uid",
                "sequence",
                "agenda_published_at",
                "agenda_late_reason",
                "created_at",
                "updated_at",
            ),
        )
        self.proposal = w.table(
            CaseProposal,
            (
                "id",
                "arena_id",
                "title",
                "problem_why",
                "proposed_solution",
                "proposer_kind",
                "submitted_by_id",
                "organisation_id",
                "proposer_name",
                "proposer_email",
                "status",
                "wanted_meeting_id",
                "after_deadline",
                "decline_reason",
                "handled_note",
                "submitted_at",
                "updated_at",
            ),
        )
        self.item = w.table(
            AgendaItem,
            (
                "id",
                "meeting_id",
                "arena_id",
                "year",
                "number",
                "position",
                "kind",
                "title",
                "description",
                "is_closed",
                "closed_ground",
                "closed_note",
                "proposer",
                "proposal_id",
                "created_at",
                "updated_at",
            ),
        )
        self.document = w.table(
            CaseDocument,
            (
                "id",
                "item_id",
                "title",
                "file",
                "original_name",
                "file_type",
                "content_type",
                "size",
                "uploaded_by_id",
                "created_at",
            ),
        )
        self.attendance = w.table(
            Attendance,
            (
                "id",
                "meeting_id",
                "person_id",
                "membership_id",
                "role",
                "response",
                "response_note",
                "responded_at",
                "substitute_for_id",
                "invited_at",
                "present",
            ),
        )
        self.minutes = w.table(
            Minutes,
            (
                "id",
                "meeting_id",
                "status",
                "comment_deadline",
                "circulated_at",
                "approved_at",
                "approved_by_id",
                "version",
                "updated_at",
            ),
        )
        self.minutes_entry = w.table(MinutesEntry, ("id", "minutes_id", "item_id", "text"))
        self.minutes_comment = w.table(
            MinutesComment, ("id", "minutes_id", "author_id", "author_name", "text", "created_at")
        )
        self.minutes_version = w.table(
            MinutesVersion,
            (
                "id",
                "minutes_id",
                "number",
                "content",
                "change_note",
                "approved_at",
                "approved_by_id",
            ),
        )
        self.advice = w.table(
            Advice,
            (
                "id",
                "arena_id",
                "item_id",
                "meeting_id",
                "proposal_id",
                "title",
                "text",
                "addressee_kind",
                "addressee_user_id",
                "addressee_name",
                "addressee_email",
                "given_on",
                "due_on",
                "status",
                "first_answer_on",
                "is_public",
                "created_by_id",
                "reminded_before_at",
                "reminded_after_at",
                "overdue_notified_at",
                "created_at",
                "updated_at",
                "service_case_number",
                "deciding_body",
            ),
        )
        self.advice_response = w.table(
            AdviceResponse,
            (
                "id",
                "advice_id",
                "status",
                "text",
                "link",
                "responded_on",
                "by_id",
                "by_name",
                "created_at",
            ),
        )
        # Issue 16: the columns in the order gen_followup writes them.
        decisions = "id advice_id decided_on outcome summary link recorded_by_id"
        decisions += " recorded_by_name imported created_at updated_at"
        self.final_decision = w.table(FinalDecision, decisions.split())
        self.report = w.table(
            Report,
            (
                "id",
                "meeting_id",
                "person_id",
                "organisation_id",
                "membership_id",
                "status",
                "discussed",
                "contributed",
                "follow_up",
                "is_confidential",
                "requested_at",
                "submitted_at",
                "updated_at",
            ),
        )
        self.report_item = m2m(w, Report.items.field)
        self.org_input = w.table(
            OrganisationInput,
            (
                "id",
                "meeting_id",
                "item_id",
                "organisation_id",
                "person_id",
                "text",
                "author_id",
                "created_at",
            ),
        )
        self.request = w.table(
            AppointmentRequest,
            (
                "id",
                "arena_id",
                "title",
                "member_seats",
                "deputy_seats",
                "term_starts_on",
                "term_ends_on",
                "requirements",
                "deadline",
                "status",
                "created_by_id",
                "created_at",
                "opened_at",
            ),
        )
        self.request_competence = m2m(w, AppointmentRequest.wanted_competence.field)
        self.invitation = w.table(
            Invitation, ("id", "request_id", "organisation_id", "notified_at")
        )
        self.nomination = w.table(
            Nomination,
            (
                "id",
                "request_id",
                "organisation_id",
                "person_id",
                "status",
                "representativeness",
                "motivation",
                "level",
                "consented_at",
                "trust_confirmed_at",
                "trust_confirmed_by_id",
                "created_by_id",
                "created_at",
                "updated_at",
            ),
        )
        self.decision = w.table(
            Decision, ("id", "request_id", "decided_by_id", "decided_at", "findings")
        )
        self.appointed_seat = w.table(
            AppointedSeat,
            ("id", "decision_id", "nomination_id", "role", "deputy_rank", "membership_id"),
        )


def _m2m(w: Writer, m2m_field: object) -> Table:
    through = m2m_field.remote_field.through  # type: ignore[attr-defined]
    return w.table(
        through,
        ("id", m2m_field.m2m_column_name(), m2m_field.m2m_reverse_name()),  # type: ignore[attr-defined]
    )


@dataclass
class Ctx:
    """Everything the generator steps share."""

    w: Writer
    t: Tables
    rng: random.Random
    seed: int
    counts: Counts
    today: datetime.date
    now: datetime.datetime
    password_hash: str
    # Reference data.
    fylker: list[tuple[int, str]] = field(default_factory=list)
    kommuner: list[tuple[int, str, int]] = field(default_factory=list)  # id, name, fylke id
    target_groups: list[tuple[int, str]] = field(default_factory=list)
    competence_ids: list[int] = field(default_factory=list)
    basic_course_id: int | None = None
    other_course_ids: list[int] = field(default_factory=list)
    # Directory.
    services: list[Org] = field(default_factory=list)
    hub: Org | None = None
    national_umbrellas: list[Org] = field(default_factory=list)
    county_umbrellas: list[Org] = field(default_factory=list)
    national_orgs: list[Org] = field(default_factory=list)
    county_orgs: list[Org] = field(default_factory=list)
    local_orgs: list[Org] = field(default_factory=list)
    big_org: Org | None = None
    orgs_by_id: dict[int, Org] = field(default_factory=dict)
    # People.
    people: People = field(default_factory=People)
    # Personas: key -> {"email", "user_id", ...}
    personas: dict[str, dict[str, object]] = field(default_factory=dict)
    # Results the benchmark needs.
    advice_per_service: Counter[int] = field(default_factory=Counter)
    meetings_per_arena: Counter[int] = field(default_factory=Counter)
    ids: dict[str, object] = field(default_factory=dict)
    # The representative persona's attendances recorded as present at past meetings
    # (gen_minutes): the compensation claims are made for them (gen_compensation).
    persona_attended: list[PersonaAttendance] = field(default_factory=list)

    def random_past_day(self, *, years: float) -> datetime.date:
        return self.today - datetime.timedelta(days=int(self.rng.random() * 365 * years))

    def at(self, day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)

    @property
    def user_orgs(self) -> list[Org]:
        return self.national_orgs + self.county_orgs + self.local_orgs
