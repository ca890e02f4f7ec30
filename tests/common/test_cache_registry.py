"""The cache registry keeps every cached page true (issue 12).

Generated from the registry: for every namespace and every model it declares, a page that
the namespace caches is filled, served from the cache, and then retired by a change to one
instance of that model — saved (the signal), and written by a queryset update followed by
``touch`` (the explicit route for writes without signals). A second test fails when a
page reads, while filling its cache, a table whose model the namespace does not declare.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.arenas.models import Membership, ReservedSeat
from medvirk.common.cache_registry import REGISTRY, touch
from medvirk.directory.models import Contact, Region, TargetGroup
from medvirk.followup.enums import AdviceStatus, DecisionOutcome
from medvirk.followup.models import AdviceResponse, FinalDecision
from medvirk.meetings.enums import AttendanceRole, ProposalStatus
from medvirk.meetings.models import Attendance, CaseDocument, Minutes
from medvirk.people.models import CompetenceArea
from tests.followup import conftest as followup_conftest
from tests.followup.conftest import FollowupWorld
from tests.followup.test_accountability_world import make_advice
from tests.followup.test_reports_support import make_report
from tests.meetings.agenda_helpers import item, mark_published
from tests.meetings.test_dashboard import proposal

meeting_world = followup_conftest.meeting_world
followup_world = followup_conftest.followup_world

pytestmark = pytest.mark.django_db


@dataclass
class Probe:
    """A page a namespace caches, and one instance of each model the namespace shows."""

    client: Client
    url: str
    instances: dict[type[Model], Model]


def _directory(w: FollowupWorld) -> Probe:
    org = w.m.service
    region = Region.objects.create(code="9999", name="Testfylke", kind="fylke")
    group = TargetGroup.objects.create(slug="test", name_nb="Test", name_nn="Test", name_en="T")
    org.regions.add(region)
    org.target_groups.add(group)
    contact = Contact.objects.create(organisation=org, name="Kari", is_public=True)
    instances = {
        type(org): org,
        Contact: contact,
        Region: region,
        TargetGroup: group,
        type(w.m.public_arena): w.m.public_arena,
    }
    return Probe(Client(), reverse("directory:detail", args=[org.pk]), instances)


def _api(w: FollowupWorld) -> Probe:
    probe = _directory(w)
    probe.url = "/api/v1/organisations"
    probe.instances.pop(type(w.m.public_arena))
    return probe


def _arena_page(w: FollowupWorld) -> Probe:
    arena = w.m.public_arena
    area = CompetenceArea.objects.create(slug="test", name_nb="Test", name_nn="Test", name_en="T")
    arena.required_competence.add(area)
    seat = ReservedSeat.objects.create(arena=arena, organisation=w.m.org_a.organisation, seats=1)
    membership: Membership = w.m.member_seat
    membership.represents = w.m.org_a.organisation
    membership.save()
    instances = {
        type(arena): arena,
        ReservedSeat: seat,
        Membership: membership,
        type(membership.person): membership.person,
        type(w.m.org_a.organisation): w.m.org_a.organisation,
        CompetenceArea: area,
    }
    return Probe(Client(), reverse("arenas:detail", args=[arena.pk]), instances)


def _menus(w: FollowupWorld) -> Probe:
    service = w.m.service
    region = Region.objects.create(code="9998", name="Menyfylke", kind="fylke")
    service.regions.add(region)
    instances = {
        type(w.m.public_arena): w.m.public_arena,
        type(service): service,
        Region: region,
    }
    return Probe(Client(), reverse("arenas:list"), instances)


def _form_menus(w: FollowupWorld) -> Probe:
    region = Region.objects.create(code="9997", name="Skjemafylke", kind="fylke")
    instances = {type(w.m.service): w.m.service, Region: region}
    return Probe(w.client("secretariat"), reverse("directory:create"), instances)


def _agenda(w: FollowupWorld) -> Probe:
    meeting = w.m.meeting
    entry = item(meeting, w.m.secretariat, "Sak i registeret")
    document = CaseDocument.objects.create(
        item=entry,
        title="Vedlegg",
        file=ContentFile(b"%PDF-1.4", name="vedlegg.pdf"),
        original_name="vedlegg.pdf",
        file_type="pdf",
        content_type="application/pdf",
        size=8,
    )
    mark_published(meeting)
    instances = {
        type(meeting): meeting,
        type(entry): entry,
        CaseDocument: document,
        type(meeting.arena): meeting.arena,
    }
    return Probe(Client(), reverse("meetings:detail", args=[meeting.pk]), instances)


def _pdf(w: FollowupWorld) -> Probe:
    probe = _agenda(w)
    meeting = w.m.meeting
    minutes = Minutes.objects.get_or_create(meeting=meeting)[0]
    probe.instances[Minutes] = minutes
    probe.instances[type(meeting.arena.owner)] = meeting.arena.owner
    probe.url = reverse("meetings:agenda_pdf", args=[meeting.pk])
    return probe


def _feeds(w: FollowupWorld) -> Probe:
    meeting = w.m.meeting
    entry = item(meeting, w.m.secretariat, "Sak i kalenderen")
    mark_published(meeting)
    instances = {type(meeting.arena): meeting.arena, type(meeting): meeting, type(entry): entry}
    return Probe(Client(), reverse("meetings:arena_feed", args=[meeting.arena.pk]), instances)


def _upcoming(w: FollowupWorld) -> Probe:
    meeting = w.m.meeting
    region = Region.objects.create(code="9996", name="Møtefylke", kind="fylke")
    w.m.service.regions.add(region)
    instances = {
        type(meeting.arena): meeting.arena,
        type(meeting): meeting,
        type(w.m.service): w.m.service,
        Region: region,
    }
    return Probe(Client(), reverse("meetings:upcoming") + f"?region={region.pk}", instances)


def _dashboard(w: FollowupWorld) -> Probe:
    meeting = w.m.meeting
    entry = item(meeting, w.m.secretariat, "Sak på dashbordet")
    case = proposal(meeting.arena, ProposalStatus.SUBMITTED)
    instances = {
        type(meeting.arena): meeting.arena,
        type(meeting): meeting,
        type(entry): entry,
        type(case): case,
        Minutes: w.minutes,
    }
    return Probe(w.client("secretariat"), reverse("meetings:dashboard"), instances)


def _figures(w: FollowupWorld) -> Probe:
    arena = w.m.public_arena
    advice = make_advice(arena, "Et råd", datetime.date(2025, 5, 5), item=w.statement)
    response = AdviceResponse.objects.create(
        advice=advice, status=AdviceStatus.FOLLOWED, text="Svar.", responded_on=advice.given_on
    )
    decision = FinalDecision.objects.create(
        advice=advice, decided_on=advice.given_on, outcome=DecisionOutcome.IN_LINE
    )
    instances = {
        type(advice): advice,
        AdviceResponse: response,
        FinalDecision: decision,
        type(arena): arena,
        type(w.statement): w.statement,
        type(w.m.service): w.m.service,
    }
    return Probe(Client(), reverse("followup:arena_accountability", args=[arena.pk]), instances)


def _secretariat(w: FollowupWorld) -> Probe:
    arena = w.m.public_arena
    advice = make_advice(arena, "Et råd", datetime.date(2025, 5, 5), item=w.statement)
    response = AdviceResponse.objects.create(
        advice=advice, status=AdviceStatus.FOLLOWED, text="Svar.", responded_on=advice.given_on
    )
    instances = {
        type(advice): advice,
        AdviceResponse: response,
        type(arena): arena,
        type(w.statement): w.statement,
        type(w.past_meeting): w.past_meeting,
        Minutes: w.minutes,
    }
    return Probe(w.client("secretariat"), reverse("followup:secretariat"), instances)


def _org_year(w: FollowupWorld) -> Probe:
    meeting = w.past_meeting
    arena = meeting.arena
    seat = Membership.objects.filter(arena=arena, represents=w.m.org_a.organisation).first()
    assert seat is not None
    line = Attendance.objects.create(
        meeting=meeting, person=seat.person, role=AttendanceRole.MEMBER, present=True
    )
    report = make_report(w, seat.person)
    case = proposal(arena, ProposalStatus.SUBMITTED)
    advice = make_advice(arena, "Et råd", meeting.local_date, item=w.statement)
    response = AdviceResponse.objects.create(
        advice=advice, status=AdviceStatus.FOLLOWED, text="Svar.", responded_on=advice.given_on
    )
    instances = {
        Membership: seat,
        type(seat.person): seat.person,
        type(arena): arena,
        type(meeting): meeting,
        Attendance: line,
        type(report): report,
        type(case): case,
        type(advice): advice,
        AdviceResponse: response,
    }
    url = reverse("followup:org_year", args=[w.m.org_a.organisation.pk])
    return Probe(w.client("admin_a"), f"{url}?ar={meeting.local_date.year}", instances)


def _call_counts(w: FollowupWorld) -> Probe:
    from tests.factories.experiences import ExperienceCallFactory, ExperienceFactory

    region = Region.objects.create(code="9994", name="Svarkommune", kind="kommune")
    call = ExperienceCallFactory(organisation=w.m.org_a.organisation)
    answer = ExperienceFactory(call=call, kommune=region)
    # The moderation list: the call's counts and a page of its rows, with their kommune.
    url = reverse("experiences:moderation_list", args=[call.pk])
    return Probe(w.client("admin_a"), url, {type(answer): answer, Region: region})


def _theme_figures(w: FollowupWorld) -> Probe:
    from medvirk.experiences.domain.themes import recount
    from tests.factories.experiences import (
        ApprovedExperienceFactory,
        ExperienceCallFactory,
        ThemeFactory,
    )

    organisation = w.m.org_a.organisation
    region = Region.objects.create(code="9995", name="Temakommune", kind="kommune")
    call = ExperienceCallFactory(organisation=organisation)
    answer = ApprovedExperienceFactory(call=call, kommune=region)
    theme = ThemeFactory(call=call)
    theme.experiences.add(answer)
    recount(theme)
    instances = {
        type(theme): theme,
        type(answer): answer,
        Region: region,
        type(organisation): organisation,
    }
    return Probe(w.client("admin_a"), theme.get_absolute_url(), instances)


def _organisation_arena_menu(w: FollowupWorld) -> Probe:
    organisation = w.m.org_a.organisation
    arena = w.m.public_arena
    seat = Membership.objects.filter(arena=arena, represents=organisation).first()
    assert seat is not None
    reserved = ReservedSeat.objects.create(arena=arena, organisation=organisation, seats=1)
    instances = {
        type(arena): arena,
        type(organisation): organisation,
        Membership: seat,
        ReservedSeat: reserved,
    }
    url = reverse("experiences:call_create", args=[organisation.pk])
    return Probe(w.client("admin_a"), url, instances)


def _survey_results(w: FollowupWorld) -> Probe:
    from medvirk.surveys.enums import Moderation
    from tests.factories import KommuneFactory
    from tests.surveys.conftest import build_survey, respond

    built = build_survey(organisation=w.m.service, results_public=True)
    kommune = KommuneFactory(name="Svarby")
    response = respond(built, kommune=kommune, text="Godkjent", moderation=Moderation.APPROVED)
    answer = response.answers.order_by("pk").first()
    instances = {
        type(response): response,
        type(answer): answer,
        type(built.single.section): built.single.section,
        type(built.single): built.single,
        type(built.options[0]): built.options[0],
        Region: kommune,
    }
    return Probe(Client(), reverse("surveys:summary", args=[built.survey.pk]), instances)


def _involvement_figures(w: FollowupWorld) -> Probe:
    from django.utils import timezone

    from medvirk.arenas.enums import Influence, Level
    from medvirk.involvement.enums import EntryKind
    from medvirk.involvement.models import InvolvementEntry

    entry = InvolvementEntry.objects.create(
        service=w.m.service,
        date=timezone.localdate(),
        title="Dialogkonferanse",
        kind=EntryKind.DIALOGUE_CONFERENCE,
        level=Level.SYSTEM,
        degree=Influence.DIALOGUE,
        arena=w.m.public_arena,
    )
    instances = {InvolvementEntry: entry, type(w.m.public_arena): w.m.public_arena}
    url = reverse("involvement:log", args=[w.m.service.pk]) + f"?year={entry.date.year}"
    return Probe(Client(), url, instances)


def _annual_report(w: FollowupWorld) -> Any:
    from medvirk.annual.domain.reports import create_report

    return create_report(
        by=w.m.secretariat,
        service=w.m.service,
        arena=w.m.public_arena,
        year=w.past_meeting.local_date.year,
    )


def _annual_figures(w: FollowupWorld) -> Probe:
    from decimal import Decimal

    from medvirk.compensation.enums import ClaimStatus, LineKind, LineStatus
    from medvirk.compensation.models import Claim, ClaimLine
    from medvirk.experiences.models import ThemeCase
    from medvirk.followup.enums import DecisionOutcome
    from medvirk.followup.models import FinalDecision
    from medvirk.people.models import TrainingRecord
    from medvirk.surveys.models import Survey
    from tests.factories.experiences import ExperienceCallFactory, ThemeFactory

    arena = w.m.public_arena
    year = w.past_meeting.local_date.year
    report = _annual_report(w)
    attendance = Attendance.objects.create(
        meeting=w.past_meeting,
        person=w.m.member_person,
        membership=w.m.member_seat,
        role=AttendanceRole.MEMBER,
        present=True,
    )
    case_proposal = proposal(arena, ProposalStatus.ACCEPTED)
    call = ExperienceCallFactory(organisation=w.m.service)
    call.arenas.set([arena])
    theme_case = ThemeCase.objects.create(theme=ThemeFactory(call=call), proposal=case_proposal)
    advice = make_advice(arena, "Et råd", datetime.date(year, 1, 5), item=w.statement)
    survey = Survey.objects.create(
        organisation=w.m.service,
        arena=arena,
        title_nb="Undersøkelse",
        code="arsmelding",
        status="published",
        opens_on=datetime.date(year, 1, 1),
        closes_on=datetime.date(year, 1, 31),
    )
    training = TrainingRecord.objects.create(
        person=w.m.member_person, course_name="Kurs", completed_on=datetime.date(year, 2, 2)
    )
    claim = Claim.objects.create(
        person=w.m.member_person,
        attendance=attendance,
        meeting=w.past_meeting,
        organisation=w.m.service,
        status=ClaimStatus.APPROVED,
        total=Decimal("500.00"),
    )
    line = ClaimLine.objects.create(
        claim=claim, kind=LineKind.FEE, amount=Decimal("500.00"), status=LineStatus.APPROVED
    )
    instances = {
        type(arena): arena,
        Membership: w.m.member_seat,
        type(w.m.member_person): w.m.member_person,
        type(w.m.service): w.m.service,
        type(w.past_meeting): w.past_meeting,
        Attendance: attendance,
        type(w.statement): w.statement,
        type(case_proposal): case_proposal,
        ThemeCase: theme_case,
        type(advice): advice,
        type(call): call,
        Survey: survey,
        TrainingRecord: training,
        Claim: claim,
        ClaimLine: line,
        FinalDecision: FinalDecision.objects.create(
            advice=advice, decided_on=datetime.date(year, 3, 1), outcome=DecisionOutcome.IN_LINE
        ),
    }
    return Probe(w.client("secretariat"), report.get_absolute_url(), instances)


def _annual_version(w: FollowupWorld) -> Probe:
    from medvirk.annual.domain.reports import approve_report, publish_report

    report = _annual_report(w)
    version = approve_report(report, by=w.m.secretariat)
    publish_report(report, by=w.m.secretariat)
    report.refresh_from_db()
    instances = {type(report): report, type(version): version}
    return Probe(Client(), report.get_absolute_url(), instances)


# Every namespace in the registry needs a probe: a new one without fails test_every_...
PROBES: dict[str, Callable[[FollowupWorld], Probe]] = {
    "directory": _directory,
    "api:organisations": _api,
    "arenas:page": _arena_page,
    "arenas:menus": _menus,
    "directory:menus": _form_menus,
    "meetings:public-agenda": _agenda,
    "meetings:dashboard": _dashboard,
    "meetings:pdf": _pdf,
    "meetings:feeds": _feeds,
    "meetings:upcoming": _upcoming,
    "followup:figures": _figures,
    "followup:secretariat": _secretariat,
    "followup:org_year": _org_year,
    "experiences:counts": _call_counts,
    "experiences:figures": _theme_figures,
    "arenas:organisation-menus": _organisation_arena_menu,
    "surveys:results": _survey_results,
    "involvement:figures": _involvement_figures,
    "annual:figures": _annual_figures,
    "annual:version": _annual_version,
}

CASES = [(name, model) for name, ns in sorted(REGISTRY.items()) for model in ns.models]


def queries(probe: Probe) -> tuple[int, set[str]]:
    with CaptureQueriesContext(connection) as context:
        response = probe.client.get(probe.url)
    assert response.status_code == 200, probe.url
    return len(context.captured_queries), tables_in(q["sql"] for q in context.captured_queries)


def tables_in(statements: Any) -> set[str]:
    found: set[str] = set()
    for sql in statements:
        found.update(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', sql))
    return found


def warm(probe: Probe) -> int:
    """Fill the cache; the number of queries of a hit."""
    queries(probe)
    hit, _tables = queries(probe)
    assert queries(probe)[0] == hit  # stable: served from the cache
    return hit


def test_every_namespace_has_a_probe() -> None:
    assert sorted(PROBES) == sorted(REGISTRY)


@pytest.mark.parametrize(("name", "model"), CASES, ids=[f"{n}-{m.__name__}" for n, m in CASES])
def test_a_change_to_any_model_a_namespace_shows_retires_its_pages(
    name: str, model: type[Model], followup_world: FollowupWorld
) -> None:
    cache.clear()
    probe = PROBES[name](followup_world)
    instance = probe.instances[model]  # a KeyError: the probe lacks an instance of model
    hit = warm(probe)
    instance.save()  # through the signals
    assert queries(probe)[0] > hit, f"{name}: a saved {model.__name__} left the page cached"
    hit = warm(probe)
    model._default_manager.filter(pk=instance.pk).update()
    touch(model, instance)  # the route for writes that send no signals
    assert queries(probe)[0] > hit, f"{name}: a touched {model.__name__} left the page cached"


def _declared_tables(name: str) -> set[str]:
    tables: set[str] = set()
    for model in REGISTRY[name].models:
        tables.add(model._meta.db_table)
        for m2m in model._meta.many_to_many:
            tables.add(m2m.remote_field.through._meta.db_table)  # type: ignore[attr-defined]
    return tables


@pytest.mark.parametrize("name", sorted(PROBES))
def test_a_namespace_declares_every_table_its_pages_read_while_filling_the_cache(
    name: str, followup_world: FollowupWorld
) -> None:
    """The tables a cold request reads and a warm one does not are the ones read to fill
    the cache: each must belong to a model the namespace declares (or its m2m table)."""
    probe = PROBES[name](followup_world)
    cache.clear()
    _cold_count, cold = queries(probe)
    _warm_count, hot = queries(probe)
    model_tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    filled_from = (cold - hot) & model_tables
    assert filled_from - _declared_tables(name) == set(), name
