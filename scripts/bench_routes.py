"""Every GET route of the URLconf, with the object it is measured on and who may see it.

``make bench`` measures every route this module lists (:func:`pages`), and a test holds
the list against the URLconf (:func:`uncovered`): a route is in :data:`ROUTES`, or left
out in :data:`LEFT_OUT` with its reason, or it is a POST-only action (:data:`POST_ONLY`,
which the same test checks answer 405 to a GET). Django's admin is covered model by model
from its registry (:func:`admin_routes`).

A route is requested as every persona (:data:`PERSONAS`) once, to learn who may see it
and the statements each persona's request costs; it is then timed as the first persona in
its ``as_`` order that got a 200 (the most demanding reader first: the secretariat sees
closed items, the platform admin every organisation).

The objects come from the data set: ``generate_scale``'s summary where it names them (the
busy arena, the 30-item meeting, the requests), otherwise by a query for the first object
of its kind in the busy arena or of a persona (:class:`Picker`). Needs Django set up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

ANONYMOUS = "anonymous"
REPRESENTATIVE = "representative"
ORG_ADMIN = "org_admin"
UMBRELLA_ADMIN = "umbrella_admin"
SECRETARIAT = "secretariat"
DECISION_MAKER = "decision_maker"
PLATFORM_ADMIN = "platform_admin"
# The personas generate_scale creates (scale/gen_people.py), in the order they are tried.
PERSONAS = (
    ANONYMOUS,
    REPRESENTATIVE,
    ORG_ADMIN,
    UMBRELLA_ADMIN,
    SECRETARIAT,
    DECISION_MAKER,
    PLATFORM_ADMIN,
)
STAFF_FIRST = (SECRETARIAT, PLATFORM_ADMIN, ORG_ADMIN, UMBRELLA_ADMIN, DECISION_MAKER)
DEFAULT_ORDER = (*STAFF_FIRST, REPRESENTATIVE, ANONYMOUS)


class Missing(LookupError):
    """The data set holds no object of the kind a route needs."""


@dataclass(frozen=True)
class Route:
    """One measured page: ``name`` is the URL name, ``kwargs`` picks its arguments."""

    name: str
    kwargs: Callable[[Picker], dict[str, Any]] = field(default=lambda p: {})
    query: str | Callable[[Picker], str] = ""
    as_: tuple[str, ...] = DEFAULT_ORDER
    variant: str = ""
    kind: str = "page"  # page, search, export, matching: each has its own target

    @property
    def key(self) -> str:
        return f"{self.name}@{self.variant}" if self.variant else self.name


@dataclass(frozen=True)
class Page:
    key: str
    name: str
    url: str
    kind: str
    personas: tuple[str, ...]  # who to try, in order; timed as the first that gets 200


class Picker:
    """The objects the routes are measured on, read from the data set once each."""

    def __init__(self, summary: dict[str, Any] | None) -> None:
        self.summary = summary or {}
        self._cache: dict[str, Any] = {}

    def _id(self, name: str) -> int | None:
        value = (self.summary.get("ids") or {}).get(name)
        if isinstance(value, dict):
            return int(value["id"])
        return int(value) if value is not None else None

    def persona_field(self, persona: str, name: str) -> Any:
        value = ((self.summary.get("personas") or {}).get(persona) or {}).get(name)
        if value is None:
            raise Missing(f"the summary names no {name} for the {persona} persona")
        return value

    def cached(self, key: str, find: Callable[[], Any]) -> Any:
        if key not in self._cache:
            value = find()
            if value is None:
                raise Missing(f"the data set holds no {key.replace('_', ' ')}")
            self._cache[key] = value
        return self._cache[key]

    def first(self, key: str, queryset: Any) -> int:
        return int(
            self.cached(key, lambda: queryset.order_by("pk").values_list("pk", flat=True).first())
        )

    # --- named objects ---------------------------------------------------------------

    @property
    def organisation(self) -> int:
        from medvirk.directory.models import Organisation

        named = self._id("big_user_organisation")
        return named or self.first("user_organisation", Organisation.objects.public())

    @property
    def service(self) -> int:
        from medvirk.directory.enums import OrganisationKind
        from medvirk.directory.models import Organisation

        named = self._id("largest_service")
        return named or self.first(
            "service", Organisation.objects.filter(kind=OrganisationKind.SERVICE)
        )

    @property
    def umbrella(self) -> int:
        return int(self.persona_field(UMBRELLA_ADMIN, "organisation_id"))

    @property
    def arena(self) -> int:
        from medvirk.arenas.models import Arena

        return self._id("busy_arena") or self.first("arena", Arena.objects.filter(is_public=True))

    @property
    def meeting(self) -> int:
        from medvirk.meetings.models import Meeting

        return self._id("agenda_meeting") or self.first(
            "meeting", Meeting.objects.filter(arena_id=self.arena)
        )

    @property
    def open_request(self) -> int:
        from medvirk.appointments.models import AppointmentRequest

        return self._id("open_request") or self.first(
            "appointment_request", AppointmentRequest.objects.all()
        )

    @property
    def local_request(self) -> int:
        return self._id("local_request") or self.open_request

    @property
    def person(self) -> int:
        return int(self.persona_field(REPRESENTATIVE, "person_id"))

    @property
    def search_word(self) -> str:
        return str((self.summary.get("ids") or {}).get("directory_search") or "forbund")

    # --- first of a kind ----------------------------------------------------------------

    def item(self) -> int:
        from medvirk.meetings.models import AgendaItem

        return self.first("agenda_item", AgendaItem.objects.filter(meeting_id=self.meeting))

    def proposal(self) -> int:
        from medvirk.meetings.models import CaseProposal

        return self.first("case_proposal", CaseProposal.objects.filter(arena_id=self.arena))

    def minutes_meeting(self) -> int:
        from medvirk.meetings.enums import MinutesStatus
        from medvirk.meetings.models import Minutes

        return int(
            self.cached(
                "approved_minutes",
                lambda: (
                    Minutes.objects.filter(
                        meeting__arena_id=self.arena, status=MinutesStatus.APPROVED
                    )
                    .order_by("-meeting__starts_at")
                    .values_list("meeting_id", flat=True)
                    .first()
                ),
            )
        )

    def upcoming_meeting(self) -> int:
        """The representative's next meeting (attendance, answers, accommodation)."""
        from django.utils import timezone

        from medvirk.meetings.models import Attendance

        return int(
            self.cached(
                "upcoming_meeting_of_the_representative",
                lambda: (
                    Attendance.objects.filter(
                        person_id=self.person, meeting__starts_at__gte=timezone.now()
                    )
                    .order_by("meeting__starts_at")
                    .values_list("meeting_id", flat=True)
                    .first()
                ),
            )
        )

    def advice(self) -> int:
        from medvirk.followup.models import Advice

        return self.first("advice", Advice.objects.filter(arena_id=self.arena))

    def report(self) -> int:
        from medvirk.followup.models import Report

        return self.first("report", Report.objects.filter(person_id=self.person))

    def membership(self) -> int:
        from medvirk.arenas.models import Membership

        return self.first("membership", Membership.objects.filter(person_id=self.person))

    def nomination(self) -> int:
        from medvirk.appointments.models import Nomination

        return self.first("nomination", Nomination.objects.filter(request_id=self.open_request))

    def input(self) -> int:
        from medvirk.followup.models import OrganisationInput

        return self.first(
            "organisation_input",
            OrganisationInput.objects.filter(organisation_id=self.organisation),
        )

    def arena_membership(self) -> int:
        from medvirk.arenas.models import Membership

        return self.first(
            "membership_in_the_busy_arena", Membership.objects.filter(arena_id=self.arena)
        )

    def document(self) -> int:
        from medvirk.meetings.models import CaseDocument

        return self.first(
            "case_document", CaseDocument.objects.filter(item__meeting_id=self.meeting)
        )

    def draft_minutes_meeting(self) -> int:
        from medvirk.meetings.enums import MinutesStatus
        from medvirk.meetings.models import Minutes

        return int(
            self.cached(
                "draft_minutes",
                lambda: (
                    Minutes.objects.filter(meeting__arena_id=self.arena)
                    .exclude(status=MinutesStatus.APPROVED)
                    .order_by("-meeting__starts_at")
                    .values_list("meeting_id", flat=True)
                    .first()
                ),
            )
        )

    def campaign(self) -> int:
        from medvirk.directory.models import Campaign

        return self.first("campaign", Campaign.objects.all())

    def feed_token(self) -> str:
        """A calendar feed of the representative's, made for this run (the database keeps
        only a hash of a feed's token, so an existing one cannot be used)."""
        from medvirk.accounts.models import User
        from medvirk.meetings.domain.feeds import create_feed

        def make() -> str:
            user = User.objects.get(email=self.persona_field(REPRESENTATIVE, "email"))
            return create_feed(by=user)[1]

        return str(self.cached("calendar_feed", make))

    def decided_request(self) -> int:
        from medvirk.appointments.models import Decision

        return int(
            self.cached(
                "decided_request",
                lambda: (
                    Decision.objects.order_by("pk").values_list("request_id", flat=True).first()
                ),
            )
        )

    def next_meeting(self) -> int:
        """The busy arena's next meeting (attendance and accommodation for its secretariat)."""
        from django.utils import timezone

        from medvirk.meetings.models import Meeting

        return int(
            self.cached(
                "next_meeting_of_the_busy_arena",
                lambda: (
                    Meeting.objects.filter(arena_id=self.arena, starts_at__gte=timezone.now())
                    .order_by("starts_at")
                    .values_list("pk", flat=True)
                    .first()
                ),
            )
        )

    def item_without_advice(self) -> int:
        from medvirk.meetings.models import AgendaItem

        return self.first(
            "agenda_item_without_advice",
            AgendaItem.objects.filter(arena_id=self.arena, advice__isnull=True),
        )

    def input_meeting(self) -> int:
        """A meeting the big organisation has given input to (its admin may give more)."""
        from medvirk.followup.models import OrganisationInput

        return self._id("big_org_input") or int(
            self.cached(
                "meeting_with_input_from_the_big_organisation",
                lambda: (
                    OrganisationInput.objects.filter(organisation_id=self.organisation)
                    .order_by("-meeting__starts_at")
                    .values_list("meeting_id", flat=True)
                    .first()
                ),
            )
        )

    def minutes_version(self) -> int:
        from medvirk.meetings.models import MinutesVersion

        return int(
            self.cached(
                "minutes_version",
                lambda: (
                    MinutesVersion.objects.filter(minutes__meeting_id=self.minutes_meeting())
                    .order_by("number")
                    .values_list("number", flat=True)
                    .first()
                ),
            )
        )

    # --- surveys ---------------------------------------------------------------------

    def survey(self) -> int:
        from medvirk.surveys.models import Survey

        return self._id("big_survey") or self.first("survey", Survey.objects.with_results())

    def survey_code(self) -> str:
        from medvirk.surveys.models import Survey

        return str(
            self.cached(
                "survey_code",
                lambda: (
                    Survey.objects.filter(pk=self.survey()).values_list("code", flat=True).first()
                ),
            )
        )

    def survey_section(self) -> dict[str, int]:
        from medvirk.surveys.models import Section

        return {
            "pk": self.survey(),
            "section_pk": self.first(
                "survey_section", Section.objects.filter(survey_id=self.survey())
            ),
        }

    def survey_question(self) -> dict[str, int]:
        from medvirk.surveys.models import Question

        return {
            "pk": self.survey(),
            "question_pk": self.first(
                "survey_question", Question.objects.filter(survey_id=self.survey(), kind="single")
            ),
        }

    def survey_option(self) -> dict[str, int]:
        from medvirk.surveys.models import Option

        return {
            "pk": self.survey(),
            "option_pk": self.first(
                "survey_option", Option.objects.filter(question__survey_id=self.survey())
            ),
        }

    def theme_call(self) -> int:
        """A call for experiences that has themes (its themes page is the busiest)."""
        from medvirk.experiences.models import Theme

        return int(
            self.cached(
                "experience_call_with_themes",
                lambda: (
                    Theme.objects.filter(call__isnull=False)
                    .order_by("call_id")
                    .values_list("call_id", flat=True)
                    .first()
                ),
            )
        )

    def theme(self) -> int:
        from medvirk.experiences.models import Theme

        return self.first("theme", Theme.objects.filter(call__isnull=False))

    # --- experience gathering ------------------------------------------------------------

    def experience_call(self) -> int:
        """The big organisation's first call for experiences."""
        from medvirk.experiences.models import ExperienceCall

        return self.first(
            "experience_call", ExperienceCall.objects.filter(organisation_id=self.organisation)
        )

    def experience_call_code(self) -> str:
        from medvirk.experiences.models import ExperienceCall

        return str(
            self.cached(
                "experience_call_code",
                lambda: (
                    ExperienceCall.objects.filter(pk=self.experience_call())
                    .values_list("code", flat=True)
                    .first()
                ),
            )
        )

    def experience(self) -> int:
        from medvirk.experiences.models import Experience

        return self.first("experience", Experience.objects.filter(call_id=self.experience_call()))

    # --- annual reports -----------------------------------------------------------------

    def _annual(self, key: str, queryset: Any) -> int:
        named = ((self.summary.get("ids") or {}).get("annual") or {}).get(key)
        return int(named) if named else self.first(f"annual_{key}", queryset)

    def annual_report(self) -> int:
        """Last year's published report of the busy arena."""
        from medvirk.annual.models import AnnualReport

        return self._annual(
            "arena_report", AnnualReport.objects.public().filter(arena__isnull=False)
        )

    def annual_service_report(self) -> int:
        """Last year's published report of the largest service (all its arenas)."""
        from medvirk.annual.models import AnnualReport

        return self._annual(
            "service_report", AnnualReport.objects.public().filter(service__isnull=False)
        )

    def annual_draft(self) -> int:
        """This year's draft of the busy arena (its figures counted on request)."""
        from medvirk.annual.enums import ReportStatus
        from medvirk.annual.models import AnnualReport

        return self._annual("draft", AnnualReport.objects.filter(status=ReportStatus.DRAFT))

    # --- involvement log -------------------------------------------------------------------

    def involvement_entry(self) -> int:
        """A hand-made entry in the largest service's log."""
        from medvirk.involvement.models import InvolvementEntry

        return self.first(
            "involvement_entry",
            InvolvementEntry.objects.hand_made().filter(service_id=self.service),
        )

    # --- compensation ------------------------------------------------------------------

    def _compensation(self, name: str) -> int:
        named = (self.summary.get("ids") or {}).get("compensation") or {}
        if named.get(name) is None:
            raise Missing(f"the summary names no compensation {name.replace('_', ' ')}")
        return int(named[name])

    def claim(self) -> int:
        """The representative's claim sent to the largest service (its secretariat
        approves it)."""
        return self._compensation("claim_submitted")

    def approved_claim(self) -> int:
        """Approved with one line rejected: the claimant may correct it."""
        return self._compensation("claim_approved")

    def payroll_service(self) -> int:
        return self._compensation("service")

    def payroll_export(self) -> int:
        return self._compensation("payroll_export")

    # --- onboarding --------------------------------------------------------------------

    def _onboarding(self, name: str) -> Any:
        named = (self.summary.get("ids") or {}).get("onboarding") or {}
        if named.get(name) is None:
            raise Missing(f"the summary names no onboarding {name.replace('_', ' ')}")
        return named[name]

    def onboarding_checklist(self) -> int:
        """A new member's checklist in the hub's arena with the most new members."""
        return int(self._onboarding("checklist"))

    def onboarding_arena(self) -> int:
        return int(self._onboarding("arena_id"))

    def onboarding_service(self) -> int:
        return int(self._onboarding("service_id"))

    def onboarding_template(self) -> dict[str, Any]:
        return {
            "service_pk": self.onboarding_service(),
            "kind": str(self._onboarding("arena_kind")),
            "audience": "member",
        }

    def onboarding_item(self) -> int:
        """The hub's own item in its member template."""
        return int(self._onboarding("template_item"))

    # --- planning ----------------------------------------------------------------------

    def _planning(self, name: str) -> int:
        named = (self.summary.get("ids") or {}).get("planning") or {}
        if named.get(name) is None:
            raise Missing(f"the summary names no planning {name}")
        return int(named[name])

    def routine_service(self) -> int:
        """The hub: its routine has 40 versions (38 superseded, one published, a draft)."""
        return self._planning("service")

    # --- network -------------------------------------------------------------------------

    def _network(self, name: str) -> int:
        named = (self.summary.get("ids") or {}).get("network") or {}
        if named.get(name) is None:
            raise Missing(f"the summary names no network {name.replace('_', ' ')}")
        return int(named[name])

    def network_space(self) -> int:
        """The big organisation's space: the representative and the org admin are members."""
        return self._network("space")

    def busy_thread(self) -> int:
        """The space's thread with the most replies."""
        return self._network("busy_thread")

    def reported_post(self) -> int:
        return self._network("reported_post")

    def admin_post(self) -> int:
        """A visible reply by the org admin (the representative may report it)."""
        return self._network("admin_post")

    # --- training (courses) --------------------------------------------------------------

    def _training(self, name: str) -> int:
        named = (self.summary.get("ids") or {}).get("training") or {}
        if named.get(name) is None:
            raise Missing(f"the summary names no training {name.replace('_', ' ')}")
        return int(named[name])

    def busy_course(self) -> int:
        """The big organisation's basic course: full, with a waiting list."""
        return self._training("busy_course")

    def past_session(self) -> int:
        """A session of the earlier run, its attendance recorded."""
        return self._training("past_session")

    def draft_course(self) -> int:
        """The hub's draft introduction (its secretariat may publish it)."""
        return self._training("hub_draft")

    def course_organiser(self) -> int:
        return self._training("organiser")

    def persona_enrolment(self) -> int:
        """The representative's place on the busy course."""
        return self._training("persona_enrolment")

    def persona_completed(self) -> int:
        """The representative's completed run of the course (a certificate)."""
        return self._training("persona_completed")


def _version(name: str) -> Callable[[Picker], dict[str, Any]]:
    return lambda p: {"org_pk": p.routine_service(), "number": p._planning(name)}


def _pk(method: str) -> Callable[[Picker], dict[str, Any]]:
    return lambda p: {"pk": getattr(p, method)()}


ALL = PERSONAS
STAFF = (SECRETARIAT, PLATFORM_ADMIN)
REP_FIRST = (REPRESENTATIVE, *STAFF_FIRST)

ROUTES: tuple[Route, ...] = (
    # Public pages.
    Route("home", as_=(ANONYMOUS,)),
    Route("home", as_=(REPRESENTATIVE,), variant="logged-in"),
    Route("accessibility", as_=(ANONYMOUS,)),
    Route("privacy", as_=(ANONYMOUS,)),
    Route("open_data", as_=(ANONYMOUS,)),
    # The directory.
    Route("directory:list", as_=(ANONYMOUS,)),
    Route(
        "directory:list",
        query=lambda p: f"?q={quote(p.search_word)}",
        as_=(ANONYMOUS,),
        variant="search",
    ),
    Route("directory:export", as_=(ANONYMOUS,), kind="export"),
    Route("directory:create", as_=(PLATFORM_ADMIN, SECRETARIAT)),
    Route("directory:detail", lambda p: {"pk": p.organisation}, as_=(ANONYMOUS,)),
    Route("directory:detail", lambda p: {"pk": p.organisation}, variant="admin"),
    Route("directory:edit", lambda p: {"pk": p.organisation}),
    Route("directory:history", lambda p: {"pk": p.organisation}),
    Route("directory:campaign_list"),
    Route("directory:import"),
    Route("directory:import_example", kind="export"),
    # Accounts and people.
    Route("start:page", as_=REP_FIRST),
    Route("people:mine", as_=REP_FIRST),
    Route("people:detail", lambda p: {"pk": p.person}),
    Route("people:load", lambda p: {"pk": p.person}, as_=REP_FIRST),
    Route("people:my_load", as_=REP_FIRST),
    Route("people:my_profile", as_=REP_FIRST),
    Route("people:my_accommodation", as_=REP_FIRST),
    Route("people:my_accommodation_reads", as_=REP_FIRST),
    Route("people:my_data", as_=REP_FIRST, kind="export"),
    Route("people:my_deletion", as_=REP_FIRST),
    Route("people:pool", lambda p: {"org_pk": p.organisation}, as_=(ORG_ADMIN, *STAFF_FIRST)),
    Route("people:create", lambda p: {"org_pk": p.organisation}, as_=(ORG_ADMIN, *STAFF_FIRST)),
    Route("people:edit", lambda p: {"pk": p.person}, as_=(ORG_ADMIN, *STAFF_FIRST)),
    Route("people:training_add", lambda p: {"pk": p.person}, as_=(ORG_ADMIN, *STAFF_FIRST)),
    Route("people:deletions"),
    # Arenas.
    Route("arenas:list", as_=(ANONYMOUS,)),
    Route("arenas:list", variant="staff"),
    Route("arenas:create"),
    Route("arenas:detail", lambda p: {"pk": p.arena}, as_=(ANONYMOUS,)),
    Route("arenas:detail", lambda p: {"pk": p.arena}, variant="staff"),
    Route("arenas:edit", lambda p: {"pk": p.arena}),
    Route("arenas:membership_add", lambda p: {"pk": p.arena}),
    Route("arenas:resign_confirm", _pk("membership"), as_=REP_FIRST),
    Route("arenas:membership_end", _pk("arena_membership")),
    # Appointments.
    Route("appointments:request_create", query=lambda p: f"?arena={p.arena}"),
    Route("appointments:mine"),
    Route("appointments:service_requests", as_=(SECRETARIAT,)),
    Route("appointments:request_detail", lambda p: {"pk": p.open_request}),
    Route("appointments:request_cancel_confirm", lambda p: {"pk": p.open_request}, as_=STAFF),
    # The open request: "send" no longer applies and says so; the same page either way.
    Route("appointments:request_open_confirm", lambda p: {"pk": p.open_request}, as_=STAFF),
    Route("appointments:request_close_confirm", lambda p: {"pk": p.open_request}, as_=STAFF),
    Route(
        "appointments:nomination_withdraw_confirm",
        _pk("nomination"),
        as_=(ORG_ADMIN, PLATFORM_ADMIN),
    ),
    Route(
        "appointments:nominate",
        lambda p: {"pk": p.open_request},
        as_=(ORG_ADMIN, UMBRELLA_ADMIN, *STAFF_FIRST),
    ),
    Route(
        "appointments:recommendation_edit",
        lambda p: {"pk": p.open_request, "umbrella_pk": p.umbrella},
        as_=(UMBRELLA_ADMIN, *STAFF_FIRST),
    ),
    Route(
        "appointments:candidates",
        lambda p: {"pk": p.open_request},
        as_=(SECRETARIAT,),
        kind="matching",
    ),
    Route(
        "appointments:candidates",
        lambda p: {"pk": p.local_request},
        as_=(SECRETARIAT,),
        variant="local",
        kind="matching",
    ),
    Route("appointments:decision", lambda p: {"pk": p.open_request}),
    Route("appointments:decision_result", _pk("decided_request")),
    # Meetings.
    Route("meetings:upcoming", as_=(ANONYMOUS,)),
    Route("meetings:upcoming", variant="staff"),
    Route("meetings:my_meetings", as_=REP_FIRST),
    Route("meetings:feeds", as_=REP_FIRST),
    Route("meetings:person_feed", lambda p: {"token": p.feed_token()}, as_=(ANONYMOUS,)),
    Route("meetings:plan", lambda p: {"arena_pk": p.arena}),
    Route("meetings:create", lambda p: {"arena_pk": p.arena}),
    Route("meetings:generate", lambda p: {"arena_pk": p.arena}),
    Route("meetings:arena_feed", lambda p: {"arena_pk": p.arena}, as_=(ANONYMOUS,)),
    Route("meetings:detail", lambda p: {"pk": p.meeting}, as_=(ANONYMOUS,)),
    Route("meetings:detail", lambda p: {"pk": p.meeting}, variant="staff"),
    Route("meetings:meeting_ics", lambda p: {"pk": p.meeting}, as_=(ANONYMOUS,), kind="export"),
    Route(
        "meetings:meeting_ics",
        lambda p: {"pk": p.meeting},
        variant="staff",
        kind="export",
    ),
    Route("meetings:edit", lambda p: {"pk": p.meeting}),
    Route("meetings:cancel", lambda p: {"pk": p.meeting}),
    Route("meetings:dashboard", as_=(SECRETARIAT,)),
    Route("meetings:item_create", lambda p: {"pk": p.meeting}),
    Route("meetings:publish", _pk("next_meeting")),
    Route("meetings:agenda_pdf", lambda p: {"pk": p.meeting}, kind="export"),
    Route("meetings:item_detail", _pk("item")),
    Route("meetings:item_edit", _pk("item")),
    Route("meetings:item_delete", _pk("item")),
    Route("meetings:document_upload", _pk("item")),
    Route("meetings:document_delete", _pk("document")),
    Route("meetings:propose", lambda p: {"arena_pk": p.arena}, as_=REP_FIRST),
    Route("meetings:proposal_thanks", lambda p: {"arena_pk": p.arena}, as_=REP_FIRST),
    Route("meetings:proposal_list", lambda p: {"arena_pk": p.arena}),
    Route("meetings:my_proposals", as_=REP_FIRST),
    Route("meetings:proposal_detail", _pk("proposal")),
    Route("meetings:respond", _pk("upcoming_meeting"), as_=REP_FIRST),
    Route("meetings:attendance", _pk("next_meeting")),
    Route("meetings:accommodations", _pk("next_meeting"), as_=(SECRETARIAT,)),
    Route("meetings:minutes", _pk("minutes_meeting"), as_=(ANONYMOUS, *ALL)),
    Route("meetings:minutes_edit", _pk("minutes_meeting")),
    Route("meetings:minutes_circulate", _pk("draft_minutes_meeting")),
    Route("meetings:minutes_approve", _pk("draft_minutes_meeting")),
    Route("meetings:minutes_pdf", _pk("minutes_meeting"), as_=(ANONYMOUS, *ALL), kind="export"),
    Route(
        "meetings:minutes_version",
        lambda p: {"pk": p.minutes_meeting(), "number": p.minutes_version()},
    ),
    Route(
        "meetings:search",
        query=lambda p: f"?q={quote(p.search_word)}",
        as_=(ANONYMOUS,),
        kind="search",
    ),
    Route(
        "meetings:search",
        query=lambda p: f"?q={quote(p.search_word)}",
        as_=(SECRETARIAT,),
        variant="secretariat",
        kind="search",
    ),
    # Follow-up of advice.
    Route("followup:advice_create", lambda p: {"item_pk": p.item_without_advice()}),
    Route("followup:advice_detail", _pk("advice"), as_=(ANONYMOUS, *ALL)),
    Route("followup:secretariat", as_=(SECRETARIAT,)),
    Route("followup:decision_maker", as_=(DECISION_MAKER,)),
    Route("followup:final_decision", _pk("advice"), as_=(SECRETARIAT, DECISION_MAKER)),
    Route(
        "followup:decision_import_upload",
        lambda p: {"org_pk": p.service},
        as_=(SECRETARIAT, DECISION_MAKER),
    ),
    Route("followup:accountability", as_=(ANONYMOUS,)),
    Route("followup:arena_accountability", lambda p: {"arena_pk": p.arena}, as_=(ANONYMOUS,)),
    Route("followup:arena_csv", lambda p: {"arena_pk": p.arena}, as_=(ANONYMOUS,), kind="export"),
    Route("followup:service_accountability", lambda p: {"org_pk": p.service}, as_=(ANONYMOUS,)),
    Route("followup:service_csv", lambda p: {"org_pk": p.service}, as_=(ANONYMOUS,), kind="export"),
    Route("followup:report_write", _pk("report"), as_=REP_FIRST),
    Route("followup:report_detail", _pk("report"), as_=(ORG_ADMIN, *REP_FIRST)),
    Route("followup:report_feed", lambda p: {"org_pk": p.organisation}, as_=(ORG_ADMIN, *ALL)),
    Route("followup:org_year", lambda p: {"org_pk": p.organisation}, as_=(ORG_ADMIN, *ALL)),
    Route("followup:input_create", lambda p: {"meeting_pk": p.input_meeting()}, as_=(ORG_ADMIN,)),
    Route("followup:input_delete", _pk("input"), as_=(ORG_ADMIN,)),
    Route("followup:due_now", as_=REP_FIRST),
    # Experience gathering: calls, answering, moderation.
    Route("experiences:public_calls", as_=(ANONYMOUS,)),
    Route("experiences:org_calls", lambda p: {"org_pk": p.organisation}, as_=(ORG_ADMIN,)),
    Route("experiences:call_create", lambda p: {"org_pk": p.organisation}, as_=(ORG_ADMIN,)),
    Route("experiences:call_detail", _pk("experience_call"), as_=(ORG_ADMIN,)),
    Route("experiences:call_edit", _pk("experience_call"), as_=(ORG_ADMIN,)),
    Route("experiences:call_publish", _pk("experience_call"), as_=(ORG_ADMIN,)),
    Route("experiences:call_poster", _pk("experience_call"), as_=(ORG_ADMIN,)),
    Route("experiences:moderation_list", _pk("experience_call"), as_=(ORG_ADMIN,)),
    Route("experiences:moderate", lambda p: {"answer_pk": p.experience()}, as_=(ORG_ADMIN,)),
    Route(
        "experiences:answer",
        lambda p: {"code": p.experience_call_code()},
        as_=(ANONYMOUS, REPRESENTATIVE, ORG_ADMIN),
    ),
    Route(
        "experiences:answer_receipt",
        lambda p: {"code": p.experience_call_code()},
        as_=(ANONYMOUS, REPRESENTATIVE, ORG_ADMIN),
    ),
    # Surveys (the secretariat's service runs the big one; org admins their own).
    Route("surveys:organisation", lambda p: {"org_pk": p.service}, as_=(SECRETARIAT,)),
    Route(
        "surveys:organisation",
        lambda p: {"org_pk": p.organisation},
        as_=(ORG_ADMIN,),
        variant="org_admin",
    ),
    Route("surveys:create", lambda p: {"org_pk": p.service}, as_=(SECRETARIAT,)),
    Route("surveys:detail", _pk("survey"), as_=(SECRETARIAT,)),
    Route("surveys:edit", _pk("survey"), as_=(SECRETARIAT,)),
    Route("surveys:section_add", _pk("survey"), as_=(SECRETARIAT,)),
    Route("surveys:section_edit", lambda p: p.survey_section(), as_=(SECRETARIAT,)),
    Route("surveys:question_add", lambda p: p.survey_section(), as_=(SECRETARIAT,)),
    Route("surveys:question_edit", lambda p: p.survey_question(), as_=(SECRETARIAT,)),
    Route("surveys:option_add", lambda p: p.survey_question(), as_=(SECRETARIAT,)),
    Route("surveys:option_edit", lambda p: p.survey_option(), as_=(SECRETARIAT,)),
    Route(
        "surveys:delete",
        lambda p: {
            "pk": p.survey(),
            "what": "section",
            "obj_pk": p.survey_section()["section_pk"],
        },
        as_=(SECRETARIAT,),
    ),
    Route("surveys:preview", _pk("survey"), as_=(SECRETARIAT,)),
    Route("surveys:publish", _pk("survey"), as_=(SECRETARIAT,)),
    Route("surveys:close", _pk("survey"), as_=(SECRETARIAT,)),
    Route("surveys:invite", _pk("survey"), as_=(SECRETARIAT,)),
    Route("surveys:results", _pk("survey"), as_=(SECRETARIAT,)),
    Route("surveys:export_csv", _pk("survey"), as_=(SECRETARIAT,), kind="export"),
    Route("surveys:export_xlsx", _pk("survey"), as_=(SECRETARIAT,), kind="export"),
    Route("surveys:moderation", _pk("survey"), as_=(SECRETARIAT,)),
    Route("surveys:summary", _pk("survey"), as_=(ANONYMOUS, *ALL)),
    Route("surveys:agenda", _pk("survey"), as_=(SECRETARIAT,)),
    Route("surveys:answer", lambda p: {"code": p.survey_code()}, as_=(ANONYMOUS,)),
    Route("surveys:thanks", lambda p: {"code": p.survey_code()}, as_=(ANONYMOUS,)),
    # Experience gathering: themes, cases from themes, the bank, individual cases.
    Route("experiences:theme_list", lambda p: {"call_pk": p.theme_call()}, as_=(ORG_ADMIN,)),
    Route("experiences:theme_create", lambda p: {"call_pk": p.theme_call()}, as_=(ORG_ADMIN,)),
    Route("experiences:theme_detail", _pk("theme"), as_=(ORG_ADMIN, *ALL)),
    Route("experiences:theme_edit", _pk("theme"), as_=(ORG_ADMIN,)),
    Route("experiences:theme_sharing", _pk("theme"), as_=(ORG_ADMIN,)),
    Route("experiences:theme_case", _pk("theme"), as_=(ORG_ADMIN,)),
    Route("experiences:bank", as_=(UMBRELLA_ADMIN, SECRETARIAT, *ALL)),
    Route("experiences:bank_combine", as_=(UMBRELLA_ADMIN,)),
    Route(
        "experiences:individual_case",
        lambda p: {"call_pk": p.theme_call()},
        as_=(REPRESENTATIVE, ORG_ADMIN),
    ),
    # The involvement log (issue 16): the largest service's, as its secretariat sees it
    # (every entry) and as the public does.
    Route("involvement:log", lambda p: {"org_pk": p.service}, as_=(SECRETARIAT, *ALL)),
    Route(
        "involvement:log",
        lambda p: {"org_pk": p.service},
        query="?kind=council_meeting&level=system",
        as_=(ANONYMOUS,),
        variant="filtered",
    ),
    Route("involvement:entry_create", lambda p: {"org_pk": p.service}, as_=(SECRETARIAT,)),
    Route("involvement:entry_edit", _pk("involvement_entry"), as_=(SECRETARIAT,)),
    Route("involvement:entry_delete", _pk("involvement_entry"), as_=(SECRETARIAT,)),
    # Annual reports.
    Route("annual:comparison", as_=(ANONYMOUS,)),
    Route("annual:service", lambda p: {"org_pk": p.service}, as_=(ANONYMOUS,)),
    Route(
        "annual:service", lambda p: {"org_pk": p.service}, as_=(SECRETARIAT,), variant="secretariat"
    ),
    Route("annual:create", lambda p: {"org_pk": p.service}, as_=(SECRETARIAT,)),
    Route("annual:arena", lambda p: {"pk": p.arena}, as_=(ANONYMOUS, *ALL)),
    Route("annual:report", _pk("annual_report"), as_=(ANONYMOUS, *ALL)),
    Route("annual:report", _pk("annual_service_report"), as_=(ANONYMOUS,), variant="service"),
    Route("annual:report", _pk("annual_draft"), as_=(SECRETARIAT,), variant="draft"),
    Route("annual:csv", _pk("annual_report"), as_=(ANONYMOUS,), kind="export"),
    Route("annual:xlsx", _pk("annual_report"), as_=(ANONYMOUS,), kind="export"),
    Route("annual:edit", _pk("annual_draft"), as_=(SECRETARIAT,)),
    Route("annual:send", _pk("annual_draft"), as_=(SECRETARIAT,)),
    Route("annual:approve", _pk("annual_draft"), as_=(SECRETARIAT,)),
    Route("annual:revise", _pk("annual_report"), as_=(SECRETARIAT,)),
    # Compensation: the representative's claims, the approver's queue, payroll (the
    # secretariat persona holds the payroll role of its service).
    Route("compensation:mine", as_=REP_FIRST),
    Route("compensation:claim", _pk("claim"), as_=(REPRESENTATIVE, SECRETARIAT)),
    Route(
        "compensation:claim",
        _pk("approved_claim"),
        as_=(REPRESENTATIVE, SECRETARIAT),
        variant="approved",
    ),
    Route("compensation:queue", as_=(SECRETARIAT,)),
    Route("compensation:scheme", lambda p: {"org_pk": p.payroll_service()}, as_=STAFF),
    Route("compensation:payment_details", as_=(REPRESENTATIVE,)),
    Route("compensation:payroll", _pk("payroll_service"), as_=(SECRETARIAT,)),
    Route(
        "compensation:export_file",
        lambda p: {"pk": p.payroll_export(), "kind": "csv"},
        as_=(SECRETARIAT,),
        kind="export",
    ),
    Route(
        "compensation:export_file",
        lambda p: {"pk": p.payroll_export(), "kind": "xlsx"},
        as_=(SECRETARIAT,),
        variant="xlsx",
        kind="export",
    ),
    # Onboarding checklists: the representative's own lists, one new member's list as the
    # arena's secretariat sees it, the arena's overview, the hub's templates.
    Route("onboarding:mine", as_=REP_FIRST),
    Route("onboarding:checklist", _pk("onboarding_checklist"), as_=(SECRETARIAT,)),
    Route("onboarding:overview", lambda p: {"arena_pk": p.onboarding_arena()}, as_=(SECRETARIAT,)),
    Route(
        "onboarding:service", lambda p: {"service_pk": p.onboarding_service()}, as_=(SECRETARIAT,)
    ),
    Route("onboarding:template", lambda p: p.onboarding_template(), as_=(SECRETARIAT,)),
    Route("onboarding:item_edit", _pk("onboarding_item"), as_=(SECRETARIAT,)),
    Route("onboarding:item_remove", _pk("onboarding_item"), as_=(SECRETARIAT,)),
    # Planning (issue 18): the hub's routine with 40 versions, the chooser's steps.
    Route("planning:service", lambda p: {"org_pk": p.routine_service()}, as_=(SECRETARIAT,)),
    *(
        Route(
            "planning:chooser_step",
            lambda p, step=step: {"org_pk": p.routine_service(), "step": step},
            as_=(SECRETARIAT,),
            variant=f"step{step}",
        )
        for step in (1, 2, 3)
    ),
    Route(
        "planning:chooser_result",
        lambda p: {"org_pk": p.routine_service()},
        query="?purpose=advise&target_group=elderly&level=system&influence=dialogue"
        "&duration=standing&resources=some",
        as_=(SECRETARIAT,),
    ),
    Route("planning:routine", lambda p: {"org_pk": p.routine_service()}, as_=(ANONYMOUS,)),
    Route(
        "planning:routine",
        lambda p: {"org_pk": p.routine_service()},
        as_=(SECRETARIAT,),
        variant="secretariat",
    ),
    Route("planning:routine_version", _version("superseded"), as_=(ANONYMOUS,)),
    Route("planning:routine_version", _version("draft"), as_=(SECRETARIAT,), variant="draft"),
    Route("planning:routine_edit", lambda p: {"org_pk": p.routine_service()}, as_=(SECRETARIAT,)),
    Route(
        "planning:routine_publish", lambda p: {"org_pk": p.routine_service()}, as_=(SECRETARIAT,)
    ),
    # The representatives' network (members only: the representative is affiliated with
    # the big organisation, whose admin moderates).
    Route("network:spaces", as_=(REPRESENTATIVE, ORG_ADMIN)),
    Route(
        "network:space", lambda p: {"org_pk": p.network_space()}, as_=(REPRESENTATIVE, ORG_ADMIN)
    ),
    Route(
        "network:space",
        lambda p: {"org_pk": p.umbrella},
        as_=(UMBRELLA_ADMIN, REPRESENTATIVE),
        variant="umbrella",
    ),
    Route("network:new_thread", lambda p: {"org_pk": p.network_space()}, as_=(REPRESENTATIVE,)),
    Route("network:reports", lambda p: {"org_pk": p.network_space()}, as_=(ORG_ADMIN,)),
    Route("network:thread", _pk("busy_thread"), as_=(REPRESENTATIVE, ORG_ADMIN)),
    Route("network:report", _pk("admin_post"), as_=(REPRESENTATIVE,)),
    Route("network:moderate", _pk("reported_post"), as_=(ORG_ADMIN,)),
    # Courses: the public list and page, the representative's own, the organiser's pages
    # (the org-admin persona's organisation runs the busy course; the hub has a draft).
    Route("training:list", as_=(ANONYMOUS, *ALL)),
    Route("training:mine", as_=REP_FIRST),
    Route("training:organised", as_=(ORG_ADMIN, SECRETARIAT, PLATFORM_ADMIN)),
    Route("training:create", lambda p: {"org_pk": p.course_organiser()}, as_=(ORG_ADMIN,)),
    Route("training:course", _pk("busy_course"), as_=(ORG_ADMIN, REPRESENTATIVE, ANONYMOUS)),
    Route("training:course", _pk("draft_course"), as_=(SECRETARIAT,), variant="draft"),
    Route("training:edit", _pk("busy_course"), as_=(ORG_ADMIN,)),
    Route("training:session_add", _pk("busy_course"), as_=(ORG_ADMIN,)),
    Route("training:publish", _pk("draft_course"), as_=(SECRETARIAT,)),
    Route("training:cancel", _pk("busy_course"), as_=(ORG_ADMIN,)),
    Route("training:participants", _pk("busy_course"), as_=(ORG_ADMIN, PLATFORM_ADMIN)),
    Route("training:accommodations", _pk("busy_course"), as_=(ORG_ADMIN,)),
    Route("training:attendance", _pk("past_session"), as_=(ORG_ADMIN,)),
    Route("training:enrolment_cancel", _pk("persona_enrolment"), as_=(REPRESENTATIVE,)),
    Route("training:participant_remove", _pk("persona_enrolment"), as_=(ORG_ADMIN,)),
    Route(
        "training:certificate",
        _pk("persona_completed"),
        as_=(REPRESENTATIVE,),
        kind="export",
    ),
    # Operations.
    Route("notifications:failed", as_=(PLATFORM_ADMIN,)),
    Route("admin:index", as_=(PLATFORM_ADMIN,)),
    Route("admin:password_change", as_=(PLATFORM_ADMIN,)),
    Route("admin:password_change_done", as_=(PLATFORM_ADMIN,)),
    Route("admin:jsi18n", as_=(PLATFORM_ADMIN,)),
    Route("admin:app_list", lambda p: {"app_label": "directory"}, as_=(PLATFORM_ADMIN,)),
    # The API.
    Route("api:openapi-json", as_=(ANONYMOUS,)),
    Route("api:list_organisations", as_=(ANONYMOUS,)),
    Route("api:get_organisation", lambda p: {"organisation_id": p.organisation}, as_=(ANONYMOUS,)),
    Route("api:list_target_groups", as_=(ANONYMOUS,)),
    Route("api:list_regions", as_=(ANONYMOUS,)),
    Route("api:list_meetings", as_=(ANONYMOUS,)),
    Route("api:get_meeting", lambda p: {"meeting_id": p.meeting}, as_=(ANONYMOUS,)),
    Route("api:list_advice", as_=(ANONYMOUS,)),
    Route("api:advice_figures", query=lambda p: f"?service={p.service}", as_=(ANONYMOUS,)),
    Route(
        "api:advice_figures",
        query=lambda p: f"?arena={p.arena}",
        as_=(ANONYMOUS,),
        variant="arena",
    ),
    Route("api:list_annual_reports", as_=(ANONYMOUS,)),
    # Logins (django-allauth's pages).
    Route("account_login", as_=(ANONYMOUS,)),
    Route("account_signup", as_=(ANONYMOUS,)),
    Route("account_reset_password", as_=(ANONYMOUS,)),
    Route("account_reset_password_done", as_=(ANONYMOUS,)),
    Route("account_reset_password_from_key_done", as_=(ANONYMOUS,)),
    Route("account_request_login_code", as_=(ANONYMOUS,)),
    Route("account_email_verification_sent", as_=(ANONYMOUS,)),
    Route("account_inactive", as_=(ANONYMOUS,)),
    Route("account_logout", as_=(REPRESENTATIVE,)),
    Route("account_email", as_=(REPRESENTATIVE,)),
    Route("account_change_password", as_=(REPRESENTATIVE,)),
    Route("account_reauthenticate", as_=(REPRESENTATIVE,)),
    Route("mfa_index", as_=(REPRESENTATIVE,)),
    Route("mfa_reauthenticate", as_=(SECRETARIAT,)),
)

# Routes that answer GET but are not measured, each with its reason.
SINGLE_USE_LINK = "a single-use link whose token only its mail carries: measured by its tests"
FILE = "a stored file (media storage), not a page: served by its tests"
NATIONAL_LOGIN_ONLY = "exists only during a national login (404 where none is configured)"
SHADOWED = "allauth's address, answered by nationallogin's route of the same path"
LEFT_OUT: dict[str, str] = {
    "health": "the floor itself (measured beside every route)",
    "readiness": "an operator's probe, not a page: its fixed few statements (database, "
    "cache, heartbeats, outbox backlog) are covered by tests/ops/test_readiness.py",
    "set_language": "POST only: the language switch (GET redirects back)",
    "directory:confirm": SINGLE_USE_LINK,
    "directory:campaign_detail": "generate_scale makes no confirmation campaigns (their "
    "list is measured; a campaign's page is covered by its query-count test)",
    "people:my_accommodation_withdraw": "generate_scale writes no accommodation needs "
    "(health data); the confirm page is covered by its tests",
    "meetings:proposal_withdraw": "the representative persona has no open proposal of "
    "its own in the data set",
    "directory:confirm_done": "the thank-you page after a confirmation: static text",
    "directory:import_report": "the check of an uploaded file: exists only after an upload",
    "directory:import_apply": "the import of an uploaded file: exists only after an upload",
    "directory:import_result": "the result of an import: exists only after an upload",
    "people:claim": SINGLE_USE_LINK,
    "surveys:answer_personal": SINGLE_USE_LINK,
    "people:deletion_carry_out": "a deletion request's page: none in the data set by design",
    "appointments:consent": SINGLE_USE_LINK,
    "meetings:document": FILE,
    "followup:response_document": FILE,
    "followup:decision_document": FILE,
    "followup:decision_import_example": "a fixed example file read from disk, not the "
    "database: served by its tests",
    "followup:decision_import": "the check of an uploaded file of decisions: exists only "
    "after an upload",
    "account_set_password": "redirects: every persona has a password",
    "accounts:mfa_continue": "a redirect (on from the recovery-codes page), no page of its own",
    "account_confirm_login_code": "exists only during a login by code",
    "account_confirm_email": SINGLE_USE_LINK,
    "account_reset_password_from_key": SINGLE_USE_LINK,
    "mfa_activate_totp": "asks for a fresh login first (reauthentication, measured)",
    "mfa_deactivate_totp": "asks for a fresh login first (reauthentication, measured)",
    "arenas:mandate_document": FILE,
    "api:api-root": "the API's bare root answers 404; its index is the OpenAPI document",
    "mfa_authenticate": "exists only during a login, between password and code",
    "mfa_view_recovery_codes": "no persona has recovery codes (TOTP only)",
    "mfa_generate_recovery_codes": "no persona has recovery codes (TOTP only)",
    "mfa_download_recovery_codes": "no persona has recovery codes (TOTP only)",
    "admin:login": "redirects logged-in users; the login page is account_login",
    "admin:logout": "POST only (Django 5)",
    "admin:autocomplete": "answers only the admin's own widgets (needs their field names)",
    "admin:view_on_site": "a redirect to the object's own page",
    "admin:auth_user_password_change": "Django's form to set another user's password",
    "admin:None": "Django's redirect from an old admin address to the change page",
    "admin:catch_all": "the admin's 404 for unknown addresses",
    "experiences:withdraw": SINGLE_USE_LINK,
    "experiences:call_qr": "an SVG image of the short address (one query for the call, then "
    "the QR library); its poster page is measured",
    "annual:pdf": "built in the background on the first request (a 202 progress page until "
    "the version holds it, then the stored bytes): measured by its tests",
    "compensation:receipt": FILE,
    "experience_short": "a redirect from the short address to the answer page (measured)",
    # National login (ID-porten, Ansattporten): the data set configures none, and where
    # none is configured these answer 404 (README, "National login"); tests/oidc covers them
    # against a real OpenID provider.
    "nationallogin:login": "a redirect to the external login provider (ID-porten, "
    "Ansattporten); 404 where none is configured",
    "nationallogin:callback": NATIONAL_LOGIN_ONLY,
    "nationallogin:connections": "allauth's page for unlinking logins, closed (always 404): "
    "a national login is how the person is recognised",
    "nationallogin:cancelled": NATIONAL_LOGIN_ONLY,
    "nationallogin:error": NATIONAL_LOGIN_ONLY,
    "nationallogin:signup": NATIONAL_LOGIN_ONLY,
    "nationallogin:link": NATIONAL_LOGIN_ONLY,
    "nationallogin:claim": "after a first national login: redirects to the start page "
    "unless an organisation registered a profile with the account's address",
    "socialaccount_login_cancelled": SHADOWED,
    "socialaccount_login_error": SHADOWED,
    "socialaccount_signup": SHADOWED,
    "socialaccount_connections": SHADOWED,
}
# django-rq's dashboard (under the admin): it reads Redis, not the database.
LEFT_OUT_PREFIXES = {"admin:django_rq_": "django-rq's dashboard: reads Redis, not the database"}
# Actions that answer GET with 405 (their forms live on other pages); a test checks it.
POST_ONLY = frozenset(
    {
        "annual:comment",
        "annual:publish",
        "annual:unpublish",
        "people:invite",
        "people:training_remove",
        "people:affiliation_add",
        "people:affiliation_remove",
        "appointments:request_open",
        "appointments:request_close",
        "appointments:request_cancel",
        "appointments:nomination_withdraw",
        "appointments:recommendation_submit",
        "meetings:item_move",
        "meetings:minutes_start",
        "meetings:minutes_comment",
        "notifications:resend",
        "directory:campaign_start",
        "arenas:promote",
        "arenas:resign",
        "appointments:nomination_confirm",
        "appointments:consent_as_candidate",
        "appointments:decision_preview",
        "meetings:proposal_handle",
        "followup:advice_answer",
        "followup:case_reference",
        "followup:final_decision_remove",
        "followup:decision_import_apply",
        "surveys:change",
        "surveys:moderate",
        "experiences:theme_add_answers",
        "experiences:theme_remove_answer",
        "involvement:refresh",
        "compensation:add_travel",
        "compensation:add_lost_earnings",
        "compensation:add_allowance",
        "compensation:remove_line",
        "compensation:set_digital",
        "compensation:submit",
        "compensation:decide",
        "compensation:correct",
        "compensation:rate_add",
        "onboarding:tick",
        "onboarding:secretariat_list",
        "onboarding:customise",
        "onboarding:item_move",
        "planning:chooser_reset",
        "network:reply",
        "network:follow",
        "network:lock",
        "network:dismiss",
        "training:session_remove",
        "training:sign_up",
        "training:sharing",
    }
)


def admin_routes() -> list[Route]:
    """The admin's pages for every registered model: the list, the add form, and the
    change, history and delete pages of the model's first row."""
    from django.contrib import admin
    from django.test import RequestFactory

    from medvirk.accounts.models import User

    # A platform admin who is never saved: asks the admin what it allows.
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    routes: list[Route] = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label == "django_rq":
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        first = _first_pk(model)
        routes.append(Route(f"{prefix}_changelist", as_=(PLATFORM_ADMIN,)))
        if model._meta.label in NO_ROWS:
            continue
        routes += [
            Route(f"{prefix}_change", first, as_=(PLATFORM_ADMIN,)),
            Route(f"{prefix}_history", first, as_=(PLATFORM_ADMIN,)),
        ]
        if model_admin.has_add_permission(request):
            routes.append(Route(f"{prefix}_add", as_=(PLATFORM_ADMIN,)))
        if model_admin.has_delete_permission(request):
            routes.append(Route(f"{prefix}_delete", first, as_=(PLATFORM_ADMIN,)))
    return routes


# Admin models with no rows in generate_scale's data: their list is measured, not a row.
NO_ROWS = {
    "auth.Group": "Medvirk keeps no groups (roles are its own)",
    "ops.PeriodicRun": "generate_scale runs no periodic jobs",
    "django_tasks_database.DBTaskResult": "generate_scale queues no tasks",
    "feedback.AccessibilityFeedback": "generate_scale makes no accessibility reports",
}


def admin_refusals() -> dict[str, str]:
    """The admin's add and delete pages its model admins refuse even platform admins."""
    from django.contrib import admin
    from django.test import RequestFactory

    from medvirk.accounts.models import User

    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    refused = {}
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if model._meta.label in NO_ROWS:
            for page in ("change", "history", "delete", "add"):
                refused[f"{prefix}_{page}"] = NO_ROWS[model._meta.label] + ": no row to show"
        if not model_admin.has_add_permission(request):
            refused[f"{prefix}_add"] = "the admin allows no one to add these (read-only)"
        if not model_admin.has_delete_permission(request):
            refused[f"{prefix}_delete"] = "the admin allows no one to delete these (read-only)"
    return refused


def _first_pk(model: Any) -> Callable[[Picker], dict[str, Any]]:
    label = model._meta.label

    def pick(p: Picker) -> dict[str, Any]:
        return {"object_id": p.first(label, model._default_manager.all())}

    return pick


def lacking_personas(summary: dict[str, Any]) -> list[str]:
    """The personas a generate_scale summary does not name (an older generator's)."""
    named = summary.get("personas") or {}
    return [p for p in PERSONAS if p != ANONYMOUS and "email" not in (named.get(p) or {})]


def left_out_table() -> dict[str, str]:
    """Every route of the URLconf that is not measured, with its reason."""
    table = {}
    for name in url_names():
        reason = left_out_reason(name)
        if name in POST_ONLY:
            reason = "POST only: answers 405 to GET (its form is on another page)"
        if reason is not None:
            table[name] = reason
    return table


def all_routes() -> list[Route]:
    return [*ROUTES, *admin_routes()]


# --- the URLconf ------------------------------------------------------------------------


def url_names() -> list[str]:
    """Every named route of the URLconf, namespaced (``meetings:detail``); unnamed ones
    (the API's slashed redirects, the admin's catch-all) as ``<namespace>:None``."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names: list[str] = []

    def walk(resolver: Any, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name
                if name is None and getattr(pattern.callback, "__name__", "") == "catch_all_view":
                    name = "catch_all"
                full = f"{namespace}:{name}" if namespace else str(name)
                if full not in names:
                    names.append(full)

    walk(get_resolver(), None)
    return names


def left_out_reason(name: str) -> str | None:
    if name in LEFT_OUT:
        return LEFT_OUT[name]
    refused = admin_refusals().get(name)
    if refused:
        return refused
    if name == "None" or name.startswith("api:None"):
        return "the API's addresses with a trailing slash: a permanent redirect"
    for prefix, reason in LEFT_OUT_PREFIXES.items():
        if name.startswith(prefix):
            return reason
    return None


def uncovered() -> list[str]:
    """URL names neither measured, nor left out with a reason, nor POST-only."""
    measured = {route.name for route in all_routes()}
    return [
        name
        for name in url_names()
        if name not in measured and name not in POST_ONLY and left_out_reason(name) is None
    ]


def pages(picker: Picker, only: list[str] | None = None) -> tuple[list[Page], dict[str, str]]:
    """The pages to measure, and the routes that could not be (key → why): an object of
    its kind missing from the data set."""
    from django.urls import reverse

    found: list[Page] = [Page("floor", "Floor (bare view)", "/helse/", "floor", (ANONYMOUS,))]
    missing: dict[str, str] = {}
    for route in all_routes():
        if only and not any(text in route.key for text in only):
            continue
        try:
            kwargs = route.kwargs(picker)
            query = route.query(picker) if callable(route.query) else route.query
        except Missing as error:
            missing[route.key] = str(error)
            continue
        url = reverse(route.name, kwargs=kwargs or None) + query
        found.append(Page(route.key, route.key, url, route.kind, route.as_))
    return found, missing
