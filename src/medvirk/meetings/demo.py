"""Invented demo meetings: two years back and half a year ahead for Bergen kommune's
council for persons with disabilities and its council for the elderly, with
agendas (public and closed items), documents, case proposals in every state,
attendance with a deputy called in, and approved (one of them revised) minutes.
Everything is made up.

Items are added through ``add_item`` (the numbering lives there). The past cannot
be created through the domain functions (they refuse dates behind us), so past
meetings, answers, presence and approved minutes are written directly here, in
the shapes the domain functions produce.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Arena, Membership
from medvirk.common.richtext import clean_rich_text
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import (
    AttendanceResponse,
    AttendanceRole,
    ClosedGround,
    ItemKind,
    MeetingStatus,
    MinutesStatus,
    ProposalStatus,
    ProposerKind,
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
from medvirk.people.models import Person

ARENAS = [
    "Rådet for personer med funksjonsnedsettelse i Bergen",
    "Eldrerådet i Bergen",
]
SECRETARIAT_EMAIL = "sekretariat@medvirk.test"
MEMBER_EMAIL = "medlem@medvirk.test"
ORG_ADMIN_EMAIL = "orgadmin@medvirk.test"

# (kind, title, description, closed ground or "")
ITEMS = [
    (
        ItemKind.INFORMATION,
        "Orientering om budsjett for kommende år",
        "Rådmannens forslag til budsjett for helse og omsorg legges fram.",
        "",
    ),
    (
        ItemKind.STATEMENT,
        "Høring: plan for universell utforming av uteområder",
        "Rådet bes gi uttalelse til planutkastet før politisk behandling.",
        "",
    ),
    (
        ItemKind.DISCUSSION,
        "Erfaringer med bestillingstransport",
        "Medlemmene deler erfaringer fra egne organisasjoner.",
        "",
    ),
    (
        ItemKind.STATEMENT,
        "Høring: tilgjengelighet i nye skolebygg",
        "Byggeprosjektet ønsker rådets innspill til tegningene.",
        "",
    ),
    (
        ItemKind.INFORMATION,
        "Status for arbeidet med ledsagerbevis",
        "Saksbehandlingstid og nye digitale søknader.",
        "",
    ),
    (
        ItemKind.STATEMENT,
        "Klage på tjenestetilbud i en enkeltsak",
        "Saken gjelder forhold rundt en navngitt bruker.",
        ClosedGround.OFFL_13,
    ),
    (
        ItemKind.STATEMENT,
        "Høring: boligsosial handlingsplan",
        "Planen omhandler tilrettelagte boliger og bostøtte.",
        "",
    ),
    (
        ItemKind.ELECTION,
        "Valg av representant til referansegruppe for kollektivtrafikk",
        "Rådet velger én representant og én vara.",
        "",
    ),
    (
        ItemKind.INFORMATION,
        "Orientering fra kommunens tilgjengelighetsrådgiver",
        "Nye retningslinjer for arrangementer.",
        "",
    ),
    (
        ItemKind.DISCUSSION,
        "Forhandlinger om ny avtale for tolketjenester",
        "Kommunens forhandlingsposisjon drøftes.",
        ClosedGround.OFFL_23,
    ),
]

STATEMENTS = [
    "Rådet støtter planen, men ber om at ledelinjer og benker med armlener tas inn som krav.",
    "Rådet tok orienteringen til etterretning.",
    "Rådet ber kommunen sikre at alle nye skolebygg har teleslynge og trinnfri adkomst til alle rom.",
    "Rådet ber om en ny orientering når evalueringen er ferdig.",
]

PROPOSALS: list[dict[str, Any]] = [
    {
        "title": "Trinnfri adkomst til bydelshusene",
        "problem_why": "Flere bydelshus har trapp ved inngangen og ingen rampe.",
        "problem_where": "Bydelshusene på Fana og Laksevåg.",
        "problem_when": "Hver gang det holdes folkemøter der.",
        "proposed_solution": "Kartlegge adkomsten og lage en plan for utbedring.",
        "status": ProposalStatus.ACCEPTED,
    },
    {
        "title": "Teleslynge i kommunens servicetorg",
        "problem_why": "Hørselshemmede får ikke med seg samtalen ved skranken.",
        "problem_where": "Servicetorget i sentrum.",
        "problem_when": "Hele åpningstiden.",
        "proposed_solution": "Montere teleslynge og merke skranken.",
        "status": ProposalStatus.SUBMITTED,
    },
    {
        "title": "Lengre frist for søknad om ledsagerbevis",
        "problem_why": "Fristen er kort for dem som trenger hjelp til å søke.",
        "problem_where": "",
        "problem_when": "",
        "proposed_solution": "Fjerne fristen eller forlenge den til tre måneder.",
        "status": ProposalStatus.POSTPONED,
        "handled_note": "Tas opp når den nye forskriften er vedtatt.",
    },
    {
        "title": "Gratis parkering for alle med funksjonsnedsettelse",
        "problem_why": "Parkering er dyrt ved sykehuset.",
        "problem_where": "Parkeringshuset ved sykehuset.",
        "problem_when": "",
        "proposed_solution": "Gratis parkering for alle med funksjonsnedsettelse.",
        "status": ProposalStatus.DECLINED,
        "decline_reason": "Parkeringshuset eies av helseforetaket. Forslaget er sendt videre til brukerutvalget der.",
    },
    {
        "title": "Busstopp uten leskur",
        "problem_why": "Det er vanskelig å vente lenge ute for mange eldre.",
        "problem_where": "Holdeplassene langs Fjøsangerveien.",
        "problem_when": "Om vinteren.",
        "proposed_solution": "Sette opp leskur med benk.",
        "status": ProposalStatus.WITHDRAWN,
    },
    {
        "title": "Universell utforming av kommunens nettsider",
        "problem_why": "Skjemaene på nettsidene kan ikke fylles ut med tastatur.",
        "problem_where": "Søknadsskjemaene for helse og omsorg.",
        "problem_when": "Alltid.",
        "proposed_solution": "Teste skjemaene med brukere og rette feilene.",
        "status": ProposalStatus.SUBMITTED,
        "after_deadline": True,
    },
]

# A tiny but valid PDF, shared by every demo document (the demo needs no real case papers).
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 60>>stream\nBT /F1 18 Tf 72 760 Td (Saksdokument - demo) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _meeting_days(today: datetime.date) -> list[datetime.date]:
    """The second Tuesday of every month except July, from 23 months back to 6 ahead."""
    days = []
    first = today.replace(day=1)
    for offset in range(-23, 7):
        month_index = first.month - 1 + offset
        year, month = first.year + month_index // 12, month_index % 12 + 1
        if month == 7:
            continue
        day = datetime.date(year, month, 1)
        day += datetime.timedelta(days=(1 - day.weekday()) % 7 + 7)  # 2nd Tuesday
        days.append(day)
    return days


def _seat_holders(arena: Arena, day: datetime.date) -> list[Membership]:
    return list(
        Membership.objects.current(on=day)
        .filter(arena=arena)
        .select_related("person")
        .order_by("role", "deputy_rank", "pk")
    )


def _give_demo_member_a_seat(arena: Arena, today: datetime.date) -> None:
    """The member login sits in the first demo arena as a deputy, so "Mine møter"
    and the attendance answers have something to show."""
    person = Person.objects.filter(user__email=MEMBER_EMAIL).first()
    if person is None or Membership.objects.current().filter(arena=arena, person=person).exists():
        return
    rank = (
        Membership.objects.current()
        .filter(arena=arena, role=MemberRole.DEPUTY)
        .order_by("-deputy_rank")
        .values_list("deputy_rank", flat=True)
        .first()
        or 0
    )
    organisation = person.affiliations.select_related("organisation").first()
    Membership.objects.create(
        arena=arena,
        person=person,
        role=MemberRole.DEPUTY,
        deputy_rank=rank + 1,
        represents=organisation.organisation if organisation else None,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today + datetime.timedelta(days=700),
    )


def _document(item: AgendaItem, title: str, by: User) -> None:
    document = CaseDocument(
        item=item,
        title=title,
        original_name=f"{title}.pdf",
        file_type="pdf",
        content_type="application/pdf",
        size=len(SAMPLE_PDF),
        uploaded_by=by,
    )
    document.file.save(f"demo-saksdokument-{item.pk}.pdf", ContentFile(SAMPLE_PDF), save=False)
    document.save()


def _attendance(meeting: Meeting, holders: list[Membership], *, past: bool, turn: int) -> None:
    seats = [m for m in holders if m.role != MemberRole.DEPUTY]
    deputies = [m for m in holders if m.role == MemberRole.DEPUTY]
    apologising = seats[turn % len(seats)] if seats else None
    rows: dict[int, Attendance] = {}
    for membership in seats:
        apologies = membership == apologising
        rows[membership.pk] = Attendance.objects.create(
            meeting=meeting,
            person=membership.person,
            membership=membership,
            role=AttendanceRole.MEMBER,
            response=AttendanceResponse.APOLOGIES if apologies else AttendanceResponse.ATTENDING,
            response_note="Syk" if apologies else "",
            responded_at=meeting.starts_at - datetime.timedelta(days=5),
            present=(not apologies) if past else None,
        )
    if apologising is not None and deputies:
        deputy = deputies[0]
        Attendance.objects.create(
            meeting=meeting,
            person=deputy.person,
            membership=deputy,
            role=AttendanceRole.DEPUTY,
            response=AttendanceResponse.ATTENDING,
            responded_at=meeting.starts_at - datetime.timedelta(days=4),
            substitute_for=rows[apologising.pk],
            invited_at=meeting.starts_at - datetime.timedelta(days=5),
            present=True if past else None,
        )


def _minutes(meeting: Meeting, by: User, *, approve: bool, revise: bool, turn: int) -> None:
    items = list(meeting.items.order_by("position"))
    minutes = Minutes.objects.create(meeting=meeting)
    for index, item in enumerate(items):
        MinutesEntry.objects.create(
            minutes=minutes,
            item=item,
            text=clean_rich_text(f"<p>{STATEMENTS[(turn + index) % len(STATEMENTS)]}</p>"),
        )
    present = list(
        meeting.attendances.filter(present=True).select_related("person").order_by("person__name")
    )
    apologies = list(
        meeting.attendances.filter(response=AttendanceResponse.APOLOGIES)
        .select_related("person")
        .order_by("person__name")
    )
    if not approve:
        minutes.status = MinutesStatus.CIRCULATED
        minutes.circulated_at = timezone.now() - datetime.timedelta(days=2)
        minutes.comment_deadline = timezone.localdate() + datetime.timedelta(days=5)
        minutes.save()
        if present:
            MinutesComment.objects.create(
                minutes=minutes,
                author=present[0].person.user,
                author_name=present[0].person.name,
                text="Under sak 2 bør det stå at rådet var enstemmig.",
            )
        return

    def snapshot() -> dict[str, Any]:
        return {
            "entries": [
                {
                    "item_id": entry.item.pk,
                    "case_number": entry.item.case_number,
                    "title": entry.item.title,
                    "kind": entry.item.kind,
                    "is_closed": entry.item.is_closed,
                    "closed_ground": entry.item.closed_ground,
                    "text": entry.text,
                }
                for entry in minutes.entries.select_related("item").order_by("item__position")
            ],
            "present": [a.person.name for a in present],
            "apologies": [a.person.name for a in apologies],
        }

    approved_at = meeting.ends_at + datetime.timedelta(days=10)
    MinutesVersion.objects.create(
        minutes=minutes, number=1, content=snapshot(), approved_at=approved_at, approved_by=by
    )
    version = 1
    if revise and items:
        entry = minutes.entries.order_by("item__position").first()
        assert entry is not None
        entry.text = clean_rich_text(
            entry.text + "<p>Rettelse: rådet var enstemmig i denne saken.</p>"
        )
        entry.save()
        version = 2
        MinutesVersion.objects.create(
            minutes=minutes,
            number=2,
            content=snapshot(),
            change_note="Rettet etter merknad fra et medlem: vedtaket var enstemmig.",
            approved_at=approved_at + datetime.timedelta(days=20),
            approved_by=by,
        )
    minutes.status = MinutesStatus.APPROVED
    minutes.version = version
    minutes.approved_at = approved_at
    minutes.approved_by = by
    minutes.comment_deadline = (approved_at - datetime.timedelta(days=3)).date()
    minutes.circulated_at = approved_at - datetime.timedelta(days=8)
    minutes.save()


def _proposals(arena: Arena, meetings: list[Meeting], by: User, today: datetime.date) -> None:
    member_person = Person.objects.filter(user__email=MEMBER_EMAIL).first()
    admin = User.objects.filter(email=ORG_ADMIN_EMAIL).first()
    organisation = (
        admin.roles.filter(role=RoleKind.ADMIN).select_related("organisation").first()
        if admin
        else None
    )
    future = [m for m in meetings if m.local_date > today]
    past_published = [m for m in meetings if m.local_date <= today and m.is_published]
    for index, data in enumerate(PROPOSALS):
        data = dict(data)
        status = data.pop("status")
        from_org = index % 2 == 1 and organisation is not None
        submitted_by = admin if from_org else (member_person.user if member_person else None)
        proposal = CaseProposal.objects.create(
            arena=arena,
            proposer_kind=ProposerKind.ORGANISATION if from_org else ProposerKind.MEMBER,
            submitted_by=submitted_by,
            organisation=organisation.organisation if from_org and organisation else None,
            proposer_name=(
                organisation.organisation.name
                if from_org and organisation
                else (member_person.name if member_person else "Demo")
            ),
            proposer_email=submitted_by.email if submitted_by else "demo@medvirk.test",
            status=status,
            wanted_meeting=future[0] if future else None,
            submitted_at=timezone.now() - datetime.timedelta(days=60 - index * 8),
            **data,
        )
        if status == ProposalStatus.ACCEPTED and past_published:
            meeting = past_published[-1]
            add_item(
                meeting,
                by=by,
                kind=ItemKind.DISCUSSION,
                title=proposal.title,
                description=f"<p>{proposal.problem_why}</p><p>{proposal.proposed_solution}</p>",
                proposer=proposal.proposer_name,
                proposal=proposal,
            )
            proposal.wanted_meeting = meeting
            proposal.save(update_fields=["wanted_meeting"])


def load(seed: int = 2026) -> None:
    """Create the demo meetings (called by ``load_demo`` after the arenas)."""
    today = timezone.localdate()
    by = User.objects.get(email=SECRETARIAT_EMAIL)
    for arena_index, name in enumerate(ARENAS):
        arena = Arena.objects.filter(name=name).first()
        if arena is None:
            continue
        if arena_index == 0:
            _give_demo_member_a_seat(arena, today)
        meetings: list[Meeting] = []
        for turn, day in enumerate(_meeting_days(today)):
            past = day < today
            meeting = Meeting.objects.create(
                arena=arena,
                starts_at=_at(day, 10),
                ends_at=_at(day, 13),
                place="Bergen rådhus, møterom Formannskapssalen",
                address="Rådhusgaten 10, 5014 Bergen",
                digital_link="https://meet.example.org/demo-rad",
                step_free_access=True,
                hearing_loop=True,
                accessible_toilet=arena_index == 0,
                accessibility_note="Skrivetolk kan bestilles fra sekretariatet.",
            )
            meetings.append(meeting)
            deadline_passed = day - datetime.timedelta(days=arena.agenda_deadline_days) <= today
            if not (past or deadline_passed or turn % 3 == 0):
                continue  # later meetings have no agenda yet
            for offset in range(4):
                kind, title, description, ground = ITEMS[(turn * 3 + offset) % len(ITEMS)]
                item = add_item(
                    meeting,
                    by=by,
                    kind=kind,
                    title=title,
                    description=f"<p>{description}</p>",
                    is_closed=bool(ground),
                    closed_ground=ground,
                    closed_note=(
                        "Saken inneholder opplysninger om enkeltpersoner."
                        if ground == ClosedGround.OFFL_13
                        else "Kommunens forhandlingsposisjon."
                        if ground
                        else ""
                    ),
                    proposer="Sekretariatet",
                )
                if offset < 2:
                    _document(item, f"Saksframlegg {item.case_number}", by)
            # Every agenda with items is published; a future one ahead of its deadline.
            late = past and turn % 5 == 4
            published = min(meeting.starts_at - datetime.timedelta(days=15), timezone.now())
            meeting.agenda_published_at = (
                meeting.starts_at - datetime.timedelta(days=9) if late else published
            )
            meeting.agenda_late_reason = (
                "Høringsdokumentene kom fra byggesaksavdelingen etter fristen." if late else ""
            )
            meeting.save(update_fields=["agenda_published_at", "agenda_late_reason"])
            _attendance(meeting, _seat_holders(arena, day), past=past, turn=turn)
            if past:
                last_past = day == max(d for d in _meeting_days(today) if d < today)
                _minutes(meeting, by, approve=not last_past, revise=turn == 2, turn=turn)
        if arena_index == 0:
            _proposals(arena, meetings, by, today)
        # One cancelled meeting in the future, to show cancellations in feeds.
        upcoming = [m for m in meetings if m.local_date > today and not m.items.exists()]
        if upcoming and arena_index == 1:
            cancelled = upcoming[-1]
            cancelled.status = MeetingStatus.CANCELLED
            cancelled.cancelled_reason = "Møtet er slått sammen med neste møte."
            cancelled.sequence += 1
            cancelled.save(update_fields=["status", "cancelled_reason", "sequence"])
