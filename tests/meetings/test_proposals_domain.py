from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.meetings.domain.proposal_handling import (
    accept_proposal,
    decline_proposal,
    postpone_proposal,
    withdraw_proposal,
)
from medvirk.meetings.domain.proposals import submit_proposal
from medvirk.meetings.enums import (
    ClosedGround,
    ItemKind,
    MeetingStatus,
    ProposalStatus,
    ProposerKind,
)
from medvirk.meetings.models import AgendaItem, CaseProposal
from tests.clock import freeze_time
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld, local_dt, make_meeting
from tests.meetings.test_proposals_support import (
    TITLE,
    answers,
    make_proposal,
    meeting_with_deadline,
    persona_kwargs,
    today,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def log_actions(proposal: CaseProposal) -> list[str]:
    return list(
        ActivityLog.objects.for_object(proposal)
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )


# -- Who may propose ---------------------------------------------------------------------

SUBMIT_CLOSED = {
    "anonymous": None,
    "member": ProposerKind.MEMBER,
    "deputy": ProposerKind.MEMBER,
    "admin_a": ProposerKind.ORGANISATION,
    "admin_b": None,
    "secretariat": ProposerKind.SECRETARIAT,
    "other_secretariat": None,
    "platform_admin": None,
}
SUBMIT_PUBLIC = {
    **SUBMIT_CLOSED,
    "anonymous": ProposerKind.PUBLIC,
    "admin_b": ProposerKind.PUBLIC,
    "other_secretariat": ProposerKind.PUBLIC,
    "platform_admin": ProposerKind.PUBLIC,
}


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_submit_persona_matrix_without_public_proposals(
    meeting_world: MeetingWorld, persona: str, mailoutbox: list
) -> None:
    expected = SUBMIT_CLOSED[persona]
    if expected is None:
        with pytest.raises(PermissionDenied):
            make_proposal(meeting_world, persona)
        assert CaseProposal.objects.count() == 0
        assert mailoutbox == []
        return
    proposal = make_proposal(meeting_world, persona)
    assert proposal.proposer_kind == expected
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.arena == meeting_world.public_arena
    assert proposal.submitted_by == meeting_world.users[persona]
    assert log_actions(proposal) == ["meetings.proposal.submitted"]


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_submit_persona_matrix_with_public_proposals(
    meeting_world: MeetingWorld, persona: str
) -> None:
    meeting_world.public_arena.public_proposals = True
    meeting_world.public_arena.save()
    proposal = make_proposal(meeting_world, persona)
    assert proposal.proposer_kind == SUBMIT_PUBLIC[persona]
    if persona == "anonymous":
        assert proposal.submitted_by is None
        assert (proposal.proposer_name, proposal.proposer_email) == (
            "Ine Innbygger",
            "ine@example.org",
        )


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("anonymous", False),
        ("member", True),  # sits in the private arena too
        ("deputy", False),  # a deputy in the public arena only
        ("admin_a", True),  # org A is represented in the private arena
        ("admin_b", False),
        ("secretariat", True),
        ("other_secretariat", False),
        ("platform_admin", False),
    ],
)
def test_submit_to_private_arena(meeting_world: MeetingWorld, persona: str, allowed: bool) -> None:
    arena = meeting_world.private_arena
    if not allowed:
        with pytest.raises(PermissionDenied):
            make_proposal(meeting_world, persona, arena=arena)
        return
    assert make_proposal(meeting_world, persona, arena=arena).arena == arena


def test_member_name_and_email_come_from_person(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world, "member")
    assert (proposal.proposer_name, proposal.proposer_email) == (
        "Mona Medlem",
        "medlem@example.org",
    )
    assert proposal.organisation is None


def test_admin_proposes_on_behalf_of_represented_organisation(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world, "admin_a")
    assert proposal.organisation == meeting_world.org_a.organisation
    assert proposal.proposer_kind == ProposerKind.ORGANISATION
    assert proposal.proposer_email == meeting_world.org_a.admin.email


def test_admin_must_choose_organisation(meeting_world: MeetingWorld) -> None:
    with pytest.raises(ValidationError) as error:
        submit_proposal(meeting_world.public_arena, by=meeting_world.org_a.admin, **answers())
    assert error.value.message_dict == {
        "on_behalf_of": ["Velg hvilken organisasjon du foreslår saken for."]
    }


def test_admin_cannot_propose_for_unrepresented_organisation(
    meeting_world: MeetingWorld,
) -> None:
    """Admin of org A picks org B (where they are not admin and which sits nowhere)."""
    with pytest.raises(ValidationError) as error:
        make_proposal(meeting_world, "admin_a", on_behalf_of=meeting_world.org_b.organisation)
    assert list(error.value.message_dict) == ["on_behalf_of"]
    assert CaseProposal.objects.count() == 0


def test_member_may_propose_for_organisation_only_as_its_admin(
    meeting_world: MeetingWorld,
) -> None:
    with pytest.raises(ValidationError) as error:
        make_proposal(meeting_world, "member", on_behalf_of=meeting_world.org_a.organisation)
    assert list(error.value.message_dict) == ["on_behalf_of"]


# -- Validation --------------------------------------------------------------------------


def test_submit_requires_title_why_and_solution(meeting_world: MeetingWorld) -> None:
    with pytest.raises(ValidationError) as error:
        make_proposal(meeting_world, title=" ", problem_why="", proposed_solution="\n")
    assert error.value.message_dict == {
        "title": ["Skriv en kort tittel på saken."],
        "problem_why": ["Forklar hvorfor dette er et problem."],
        "proposed_solution": ["Skriv hva du foreslår som løsning."],
    }


def test_submit_refuses_too_long_text(meeting_world: MeetingWorld) -> None:
    with pytest.raises(ValidationError) as error:
        make_proposal(meeting_world, problem_where="x" * 4001)
    assert error.value.message_dict == {
        "problem_where": ["Teksten er for lang. Den kan ha høyst 4000 tegn."]
    }


def test_anonymous_must_give_name_and_valid_email(meeting_world: MeetingWorld) -> None:
    meeting_world.public_arena.public_proposals = True
    meeting_world.public_arena.save()
    with pytest.raises(ValidationError) as error:
        make_proposal(meeting_world, "anonymous", proposer_name="", proposer_email="")
    assert error.value.message_dict == {
        "proposer_name": ["Skriv navnet ditt, så sekretariatet vet hvem forslaget er fra."],
        "proposer_email": ["Skriv e-postadressen din, så du får kvittering og svar på forslaget."],
    }
    with pytest.raises(ValidationError) as error:
        make_proposal(meeting_world, "anonymous", proposer_email="ikke-en-adresse")
    assert error.value.message_dict == {
        "proposer_email": ["Skriv en gyldig e-postadresse, for eksempel navn@example.no."]
    }


def test_wanted_meeting_must_be_planned_future_meeting_of_the_arena(
    meeting_world: MeetingWorld,
) -> None:
    past = make_meeting(meeting_world.public_arena, today() - 3 * DAY)
    cancelled = make_meeting(
        meeting_world.public_arena, today() + 50 * DAY, status=MeetingStatus.CANCELLED
    )
    for meeting in (meeting_world.private_meeting, past, cancelled):
        with pytest.raises(ValidationError) as error:
            make_proposal(meeting_world, wanted_meeting=meeting)
        assert list(error.value.message_dict) == ["wanted_meeting"]
    assert CaseProposal.objects.count() == 0


# -- Deadlines ---------------------------------------------------------------------------


def test_wanted_meeting_before_deadline(meeting_world: MeetingWorld) -> None:
    meeting = meeting_with_deadline(meeting_world, today() + DAY)
    proposal = make_proposal(meeting_world, wanted_meeting=meeting)
    assert (proposal.wanted_meeting, proposal.after_deadline) == (meeting, False)


def test_deadline_day_itself_is_in_time(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    meeting = meeting_with_deadline(meeting_world, today())
    proposal = make_proposal(meeting_world, wanted_meeting=meeting)
    assert (proposal.wanted_meeting, proposal.after_deadline) == (meeting, False)
    assert "er sendt i tide til møtet" in mailoutbox[0].body


def test_after_deadline_moves_to_next_open_meeting(
    meeting_world: MeetingWorld, mailoutbox: list
) -> None:
    missed = meeting_with_deadline(meeting_world, today() - DAY)
    proposal = make_proposal(meeting_world, wanted_meeting=missed)
    assert proposal.after_deadline is True
    assert proposal.status == ProposalStatus.SUBMITTED
    # The world's meeting is 35 days ahead, its deadline 14 days ahead.
    assert proposal.wanted_meeting == meeting_world.meeting
    body = mailoutbox[0].body
    assert (
        f"Forslaget kom etter fristen for møtet {missed.local_date:%d.%m.%Y} "
        f"(fristen var {missed.proposal_deadline:%d.%m.%Y})."
    ) in body
    assert (
        f"Det blir likevel behandlet, men tidligst til møtet "
        f"{meeting_world.meeting.local_date:%d.%m.%Y}."
    ) in body
    entry = ActivityLog.objects.for_object(proposal).get()
    assert entry.data["wanted_meeting"] == missed.pk
    assert entry.data["meeting"] == meeting_world.meeting.pk
    assert entry.data["after_deadline"] is True


def test_after_deadline_without_later_meeting(
    meeting_world: MeetingWorld, mailoutbox: list
) -> None:
    meeting_world.meeting.delete()
    missed = meeting_with_deadline(meeting_world, today() - DAY)
    proposal = make_proposal(meeting_world, wanted_meeting=missed)
    assert (proposal.wanted_meeting, proposal.after_deadline) == (None, True)
    assert "det er ikke satt opp flere møter ennå" in mailoutbox[0].body


def test_no_wanted_meeting_takes_next_meeting_with_open_deadline(
    meeting_world: MeetingWorld,
) -> None:
    meeting_with_deadline(meeting_world, today() - DAY)  # sooner, but its deadline is past
    proposal = make_proposal(meeting_world)
    assert (proposal.wanted_meeting, proposal.after_deadline) == (meeting_world.meeting, False)


def test_no_meeting_planned(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    meeting_world.meeting.delete()
    proposal = make_proposal(meeting_world)
    assert (proposal.wanted_meeting, proposal.after_deadline) == (None, False)
    assert "Det er ikke satt opp noe møte med åpen frist ennå." in mailoutbox[0].body


def test_deadline_is_counted_in_oslo_time(meeting_world: MeetingWorld) -> None:
    """Half past midnight in Oslo is the next day, though UTC still says the deadline day:
    too late. (Dates from the test day, so that the world's seats have begun.)"""
    deadline = timezone.localdate() + 30 * DAY
    meeting = meeting_with_deadline(meeting_world, deadline)
    later = meeting_with_deadline(meeting_world, deadline + 28 * DAY)
    last_minutes = local_dt(deadline, 23, 30)
    too_late = local_dt(deadline + DAY, 0, 30)
    assert too_late.astimezone(datetime.UTC).date() == deadline
    with freeze_time(last_minutes):  # 23:30 in Oslo: still the deadline day
        in_time = make_proposal(meeting_world, wanted_meeting=meeting)
    with freeze_time(too_late):  # 00:30 the next day in Oslo
        late = make_proposal(meeting_world, wanted_meeting=meeting)
    assert (in_time.after_deadline, in_time.wanted_meeting) == (False, meeting)
    assert (late.after_deadline, late.wanted_meeting) == (True, later)


# -- Mails on submit ---------------------------------------------------------------------


def test_submit_mails_receipt_and_notice(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    proposal = make_proposal(meeting_world, "member")
    receipt, notice = mailoutbox
    assert receipt.to == ["medlem@example.org"]
    assert receipt.subject == f"Kvittering: saksforslaget «{TITLE}»"
    assert "Hei Mona Medlem," in receipt.body
    link = settings.SITE_URL.rstrip("/") + f"/moter/saksforslag/{proposal.pk}/"
    assert link in receipt.body
    assert notice.to == ["sekretariat@example.org"]
    assert notice.subject == f"Nytt saksforslag til Brukerutvalget: {TITLE}"
    assert "Fra: Mona Medlem (Medlem)" in notice.body
    assert f"/moter/saksforslag/{proposal.pk}/" in notice.body


def test_anonymous_receipt_has_no_link(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    meeting_world.public_arena.public_proposals = True
    meeting_world.public_arena.save()
    proposal = make_proposal(meeting_world, "anonymous")
    receipt, notice = mailoutbox
    assert receipt.to == ["ine@example.org"]
    assert "/moter/saksforslag/" not in receipt.body
    assert f"/moter/saksforslag/{proposal.pk}/" in notice.body
    assert "Fra: Ine Innbygger (Innbygger)" in notice.body
    entry = ActivityLog.objects.for_object(proposal).get()
    assert (entry.actor, entry.actor_label) == (None, "innbygger uten innlogging")


def test_organisation_receipt_names_the_organisation(
    meeting_world: MeetingWorld, mailoutbox: list
) -> None:
    make_proposal(meeting_world, "admin_a")
    assert "Forslaget er sendt på vegne av Organisasjon A." in mailoutbox[0].body
    assert "På vegne av: Organisasjon A" in mailoutbox[1].body


def test_receipt_in_the_proposers_language(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    meeting_world.member_person.preferred_language = "en"
    meeting_world.member_person.save()
    proposal = make_proposal(meeting_world, "member")
    receipt, notice = mailoutbox
    assert TITLE in receipt.subject
    assert f"/moter/saksforslag/{proposal.pk}/" in receipt.body
    assert "Kind regards, Medvirk" in receipt.body
    # The secretariat's notice stays in bokmål.
    assert "Hilsen Medvirk" in notice.body


# -- Handling: transitions ---------------------------------------------------------------


def test_accept_puts_proposal_on_the_agenda(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    proposal = make_proposal(
        meeting_world, "admin_a", problem_why="<script>alert(1)</script>Farlig\nandre linje"
    )
    mailoutbox.clear()
    item = accept_proposal(
        proposal, by=meeting_world.secretariat, meeting=meeting_world.meeting, kind="discussion"
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert (item.meeting, item.proposal, item.title) == (meeting_world.meeting, proposal, TITLE)
    assert item.kind == ItemKind.DISCUSSION
    assert item.proposer == "Organisasjon A"
    assert "<script>" not in item.description
    assert "&lt;script&gt;" in item.description
    assert "<strong>Hvorfor er dette et problem?</strong>" in item.description
    assert "<strong>Forslag til løsning</strong>" in item.description
    assert "Flere saksbehandlere og raskere utlån." in item.description
    assert log_actions(proposal) == [
        "meetings.proposal.submitted",
        "meetings.proposal.accepted",
    ]
    (mail,) = mailoutbox
    assert mail.to == [meeting_world.org_a.admin.email]
    assert mail.subject == f"Saksforslaget «{TITLE}» er satt på sakskartet"
    assert f"som sak {item.case_number}" in mail.body
    assert f"møtet {meeting_world.meeting.local_date:%d.%m.%Y} klokka 10:00" in mail.body


def test_accept_as_closed_item(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    item = accept_proposal(
        proposal,
        by=meeting_world.secretariat,
        meeting=meeting_world.meeting,
        kind=ItemKind.INFORMATION,
        is_closed=True,
        closed_ground=ClosedGround.OFFL_13,
        closed_note="Taushetsbelagte opplysninger.",
    )
    assert (item.is_closed, item.closed_ground) == (True, ClosedGround.OFFL_13)
    assert item.proposer == "Mona Medlem"


def test_accept_public_proposal_does_not_publish_the_citizens_name(
    meeting_world: MeetingWorld,
) -> None:
    meeting_world.public_arena.public_proposals = True
    meeting_world.public_arena.save()
    proposal = make_proposal(meeting_world, "anonymous")
    item = accept_proposal(
        proposal, by=meeting_world.secretariat, meeting=meeting_world.meeting, kind="discussion"
    )
    assert item.proposer == "Innbygger"


def test_accept_refuses_bad_meeting_and_bad_item_fields(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    past = make_meeting(meeting_world.public_arena, today() - 2 * DAY)
    cancelled = make_meeting(
        meeting_world.public_arena, today() + 60 * DAY, status=MeetingStatus.CANCELLED
    )
    for meeting in (meeting_world.private_meeting, past, cancelled):
        with pytest.raises(ValidationError) as error:
            accept_proposal(
                proposal, by=meeting_world.secretariat, meeting=meeting, kind="discussion"
            )
        assert error.value.message_dict == {
            "meeting": ["Velg et planlagt møte i denne arenaen som ikke har vært ennå."]
        }
    with pytest.raises(ValidationError) as error:
        accept_proposal(
            proposal,
            by=meeting_world.secretariat,
            meeting=meeting_world.meeting,
            kind="nonsense",
            is_closed=True,
        )
    assert set(error.value.message_dict) == {"kind", "closed_ground", "closed_note"}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert AgendaItem.objects.count() == 0


def test_postpone_keeps_proposal_open(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    proposal = make_proposal(meeting_world)
    mailoutbox.clear()
    postpone_proposal(proposal, by=meeting_world.secretariat, note="Vi tar den i mai.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.POSTPONED
    assert proposal.is_open
    assert proposal.handled_note == "Vi tar den i mai."
    (mail,) = mailoutbox
    assert mail.subject == f"Saksforslaget «{TITLE}» er utsatt"
    assert "Vi tar den i mai." in mail.body
    # Still open: it can be postponed again without a note, and then accepted.
    postpone_proposal(proposal, by=meeting_world.secretariat)
    accept_proposal(
        proposal, by=meeting_world.secretariat, meeting=meeting_world.meeting, kind="discussion"
    )
    assert proposal.status == ProposalStatus.ACCEPTED
    assert log_actions(proposal) == [
        "meetings.proposal.submitted",
        "meetings.proposal.postponed",
        "meetings.proposal.postponed",
        "meetings.proposal.accepted",
    ]


def test_decline_needs_a_reason(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    proposal = make_proposal(meeting_world)
    mailoutbox.clear()
    with pytest.raises(ValidationError) as error:
        decline_proposal(proposal, by=meeting_world.secretariat, reason="  ")
    assert error.value.message_dict == {
        "reason": ["Skriv en begrunnelse. Den sendes til forslagsstilleren."]
    }
    assert mailoutbox == []
    decline_proposal(proposal, by=meeting_world.secretariat, reason="Hører til bystyret.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == (
        ProposalStatus.DECLINED,
        "Hører til bystyret.",
    )
    (mail,) = mailoutbox
    assert mail.subject == f"Saksforslaget «{TITLE}» er avvist"
    assert "Begrunnelse:\nHører til bystyret." in mail.body


def test_postponed_proposal_can_be_declined(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    postpone_proposal(proposal, by=meeting_world.secretariat)
    decline_proposal(proposal, by=meeting_world.secretariat, reason="Ikke aktuelt lenger.")
    assert proposal.status == ProposalStatus.DECLINED


def test_withdraw_by_proposer(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    proposal = make_proposal(meeting_world)
    mailoutbox.clear()
    withdraw_proposal(proposal, by=meeting_world.member)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    (mail,) = mailoutbox
    assert mail.subject == f"Saksforslaget «{TITLE}» er trukket"
    assert log_actions(proposal)[-1] == "meetings.proposal.withdrawn"


def test_withdraw_postponed_by_organisation_admin(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world, "admin_a")
    postpone_proposal(proposal, by=meeting_world.secretariat)
    withdraw_proposal(proposal, by=meeting_world.org_a.admin)
    assert proposal.status == ProposalStatus.WITHDRAWN


def handle(world: MeetingWorld, proposal: CaseProposal, action: str, by: Any) -> Any:
    if action == "accept":
        return accept_proposal(proposal, by=by, meeting=world.meeting, kind="discussion")
    if action == "postpone":
        return postpone_proposal(proposal, by=by, note="Senere.")
    if action == "decline":
        return decline_proposal(proposal, by=by, reason="Nei.")
    return withdraw_proposal(proposal, by=by)


def close(world: MeetingWorld, proposal: CaseProposal, state: str) -> None:
    if state == "withdrawn":
        withdraw_proposal(proposal, by=world.member)
    else:
        handle(
            world, proposal, {"accepted": "accept", "declined": "decline"}[state], world.secretariat
        )


@pytest.mark.parametrize("state", ["accepted", "declined", "withdrawn"])
@pytest.mark.parametrize("action", ["accept", "postpone", "decline", "withdraw"])
def test_handled_proposals_cannot_go_back(
    meeting_world: MeetingWorld, mailoutbox: list, state: str, action: str
) -> None:
    proposal = make_proposal(meeting_world)
    close(meeting_world, proposal, state)
    mailoutbox.clear()
    before = log_actions(proposal)
    by = meeting_world.member if action == "withdraw" else meeting_world.secretariat
    with pytest.raises(ValidationError) as error:
        handle(meeting_world, proposal, action, by)
    label = {"accepted": "satt på sakskartet", "declined": "avvist", "withdrawn": "trukket"}
    assert error.value.messages == [
        f"Saksforslaget er allerede behandlet ({label[state]}) og kan ikke endres."
    ]
    proposal.refresh_from_db()
    assert proposal.status == state
    assert log_actions(proposal) == before
    assert mailoutbox == []
    assert AgendaItem.objects.count() == (1 if state == "accepted" else 0)


# -- Handling: who may -------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
@pytest.mark.parametrize("action", ["accept", "postpone", "decline"])
def test_handle_persona_matrix(
    meeting_world: MeetingWorld, persona: str, action: str, mailoutbox: list
) -> None:
    proposal = make_proposal(meeting_world, "admin_a")
    mailoutbox.clear()
    by = meeting_world.users[persona] or AnonymousUser()
    if persona != "secretariat":
        with pytest.raises(PermissionDenied):
            handle(meeting_world, proposal, action, by)
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.SUBMITTED
        assert mailoutbox == []
        return
    handle(meeting_world, proposal, action, by)
    proposal.refresh_from_db()
    assert (
        proposal.status
        == {
            "accept": ProposalStatus.ACCEPTED,
            "postpone": ProposalStatus.POSTPONED,
            "decline": ProposalStatus.DECLINED,
        }[action]
    )
    assert [m.to for m in mailoutbox] == [[meeting_world.org_a.admin.email]]


WITHDRAW_ALLOWED = {
    # Proposal sent by admin A on behalf of org A.
    "organisation": {"admin_a"},
    # Proposal sent by the member, personally.
    "member": {"member"},
}


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
@pytest.mark.parametrize("proposer", ["organisation", "member"])
def test_withdraw_persona_matrix(meeting_world: MeetingWorld, persona: str, proposer: str) -> None:
    proposal = make_proposal(meeting_world, "admin_a" if proposer == "organisation" else "member")
    by = meeting_world.users[persona] or AnonymousUser()
    if persona in WITHDRAW_ALLOWED[proposer]:
        withdraw_proposal(proposal, by=by)
        assert proposal.status == ProposalStatus.WITHDRAWN
        return
    with pytest.raises(PermissionDenied):
        withdraw_proposal(proposal, by=by)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_other_service_secretariat_cannot_handle(meeting_world: MeetingWorld) -> None:
    """The tenant boundary: a meeting of the other service's own arena does not help."""
    proposal = make_proposal(meeting_world)
    for action in ("accept", "postpone", "decline"):
        with pytest.raises(PermissionDenied):
            handle(meeting_world, proposal, action, meeting_world.other_secretariat)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_member_who_left_the_arena_can_no_longer_propose(meeting_world: MeetingWorld) -> None:
    meeting_world.member_seat.ended_on = today() - DAY
    meeting_world.member_seat.save()
    with pytest.raises(PermissionDenied):
        make_proposal(meeting_world, "member")


def spring_forward_after(day: datetime.date) -> datetime.date:
    """The first Sunday after ``day`` on which Oslo's clocks go forward (the last Sunday
    of March)."""
    year = day.year
    while True:
        sunday = datetime.date(year, 3, 31)
        sunday -= (sunday.weekday() - 6) % 7 * DAY
        if sunday > day:
            return sunday
        year += 1


def test_meeting_on_the_weekend_clocks_change(meeting_world: MeetingWorld) -> None:
    """A meeting on the Sunday summer time starts: the deadline is still counted in local
    dates."""
    sunday = spring_forward_after(timezone.localdate() + 22 * DAY)
    assert local_dt(sunday, 1).utcoffset() != local_dt(sunday, 4).utcoffset()
    # Up to a year ahead: the proposer's term (300 days in the fixture) must reach it.
    meeting_world.member_seat.ends_on = sunday + 30 * DAY
    meeting_world.member_seat.save()
    meeting = make_meeting(
        meeting_world.public_arena,
        sunday,
        starts_at=local_dt(sunday, 10),
        ends_at=local_dt(sunday, 12),
    )
    assert meeting.proposal_deadline == sunday - 21 * DAY
    with freeze_time(local_dt(sunday - 21 * DAY, 23, 59)):
        proposal = make_proposal(meeting_world, wanted_meeting=meeting)
    assert (proposal.after_deadline, proposal.wanted_meeting) == (False, meeting)


def test_persona_kwargs_cover_every_persona(meeting_world: MeetingWorld) -> None:
    assert {p for p in MEETING_PERSONAS if persona_kwargs(meeting_world, p)} == {
        "admin_a",
        "anonymous",
    }


def test_status_mail_in_the_proposers_language(
    meeting_world: MeetingWorld, mailoutbox: list
) -> None:
    meeting_world.member_person.preferred_language = "en"
    meeting_world.member_person.save()
    proposal = make_proposal(meeting_world, "member")
    mailoutbox.clear()
    decline_proposal(proposal, by=meeting_world.secretariat, reason="Belongs to the council.")
    (mail,) = mailoutbox
    assert mail.to == ["medlem@example.org"]
    assert TITLE in mail.subject
    assert "Belongs to the council." in mail.body
    assert settings.SITE_URL.rstrip("/") + proposal.get_absolute_url() in mail.body
    assert "Kind regards, Medvirk" in mail.body


def test_removing_the_item_from_a_draft_agenda_reopens_the_proposal(
    meeting_world: MeetingWorld, mailoutbox: list
) -> None:
    from medvirk.meetings.domain.agenda import remove_item

    proposal = make_proposal(meeting_world, "member")
    item = accept_proposal(
        proposal, by=meeting_world.secretariat, meeting=meeting_world.meeting, kind="discussion"
    )
    mailoutbox.clear()
    remove_item(item, by=meeting_world.secretariat)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.POSTPONED
    assert proposal.is_open
    assert "tatt av sakskartet" in proposal.handled_note
    assert log_actions(proposal)[-1] == "meetings.proposal.postponed"
    (mail,) = mailoutbox
    assert mail.to == [proposal.proposer_email]
    assert TITLE in mail.body
