from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.meetings.domain.proposal_handling import (
    accept_proposal,
    decline_proposal,
    postpone_proposal,
    withdraw_proposal,
)
from medvirk.meetings.enums import ProposalStatus, ProposerKind
from medvirk.meetings.models import AgendaItem, CaseProposal
from tests.factories import RoleFactory, UserFactory
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld
from tests.meetings.test_proposals_support import (
    TITLE,
    answers,
    make_proposal,
    meeting_with_deadline,
    today,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
LOGIN = reverse("account_login")


def propose_url(world: MeetingWorld, private: bool = False) -> str:
    arena = world.private_arena if private else world.public_arena
    return reverse("meetings:propose", kwargs={"arena_pk": arena.pk})


def list_url(world: MeetingWorld) -> str:
    return reverse("meetings:proposal_list", kwargs={"arena_pk": world.public_arena.pk})


def allow_public(world: MeetingWorld) -> None:
    world.public_arena.public_proposals = True
    world.public_arena.save()


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {**answers(), "wanted_meeting": "", "website": ""}
    data.update(overrides)
    return data


def text(response: Any) -> str:
    return response.content.decode()


def assert_login_redirect(response: Any) -> None:
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# -- The form: who gets it ---------------------------------------------------------------

PROPOSE_CLOSED = {
    "anonymous": "login",
    "member": 200,
    "deputy": 200,
    "admin_a": 200,
    "admin_b": 403,
    "secretariat": 200,
    "other_secretariat": 403,
    "platform_admin": 403,
}


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_propose_page_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    response = meeting_world.client(persona).get(propose_url(meeting_world))
    expected = PROPOSE_CLOSED[persona]
    if expected == "login":
        assert_login_redirect(response)
        page = meeting_world.client(persona).get(propose_url(meeting_world), follow=True)
        assert "kan sendes av medlemmene i arenaen" in text(page)
        return
    assert response.status_code == expected
    body = text(response)
    if expected == 403:
        assert "Du kan ikke sende saksforslag hit" in body
        assert "Saksforslag til Brukerutvalget kan sendes av medlemmene i arenaen" in body
        assert 'name="title"' not in body
        return
    meeting = meeting_world.meeting
    assert "Foreslå en sak til Brukerutvalget" in body
    assert f"Neste møte er {meeting.local_date:%d.%m.%Y} klokka 10:00" in body
    assert f"saksforslag til det møtet er {meeting.proposal_deadline:%d.%m.%Y}" in body
    assert body.index("Neste møte er") < body.index('name="title"')
    assert ('name="on_behalf_of"' in body) == (persona == "admin_a")
    assert 'name="proposer_email"' not in body


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_propose_page_with_public_proposals(meeting_world: MeetingWorld, persona: str) -> None:
    allow_public(meeting_world)
    response = meeting_world.client(persona).get(propose_url(meeting_world))
    assert response.status_code == 200
    body = text(response)
    assert ('name="proposer_email"' in body) == (persona == "anonymous")
    assert ('name="proposer_name"' in body) == (persona == "anonymous")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 404),
        ("member", 200),
        ("deputy", 404),
        ("admin_a", 200),
        ("admin_b", 404),
        ("secretariat", 200),
        ("other_secretariat", 404),
        ("platform_admin", 403),
    ],
)
def test_propose_page_private_arena(
    meeting_world: MeetingWorld, persona: str, expected: int
) -> None:
    response = meeting_world.client(persona).get(propose_url(meeting_world, private=True))
    assert response.status_code == expected


def test_propose_form_lists_meetings_with_deadlines(meeting_world: MeetingWorld) -> None:
    missed = meeting_with_deadline(meeting_world, today() - DAY)
    body = text(meeting_world.client("member").get(propose_url(meeting_world)))
    meeting = meeting_world.meeting
    assert (
        f"{meeting.local_date:%d.%m.%Y} 10:00 Brukerutvalget – frist for saksforslag "
        f"{meeting.proposal_deadline:%d.%m.%Y}"
    ) in body
    assert (
        f"{missed.local_date:%d.%m.%Y} 10:00 Brukerutvalget – fristen for saksforslag gikk ut "
        f"{missed.proposal_deadline:%d.%m.%Y}"
    ) in body
    assert str(meeting_world.private_meeting.pk) not in re.findall(r'<option value="(\d+)"', body)


def test_honeypot_is_hidden_from_people_and_assistive_technology(
    meeting_world: MeetingWorld,
) -> None:
    body = text(meeting_world.client("member").get(propose_url(meeting_world)))
    wrapper = re.search(r'<div class="ds-sr-only" aria-hidden="true">(.*?)</div>', body, re.S)
    assert wrapper is not None
    inner = wrapper.group(1)
    assert 'name="website"' in inner
    assert 'tabindex="-1"' in inner
    assert 'autocomplete="off"' in inner
    assert "La dette feltet stå tomt" in inner
    assert '<label for="id_website">' in inner


# -- The form: sending -------------------------------------------------------------------


def test_member_sends_proposal_and_sees_receipt(
    meeting_world: MeetingWorld, mailoutbox: list
) -> None:
    client = meeting_world.client("member")
    response = client.post(propose_url(meeting_world), form_data())
    proposal = CaseProposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("meetings:proposal_detail", kwargs={"pk": proposal.pk})
    assert (proposal.proposer_kind, proposal.wanted_meeting) == (
        ProposerKind.MEMBER,
        meeting_world.meeting,
    )
    page = text(client.get(response.url))
    assert "Takk! Saksforslaget er sendt" in page
    assert "er sendt i tide til møtet" in page
    assert len(mailoutbox) == 2


def test_late_proposal_receipt_says_so_plainly(meeting_world: MeetingWorld) -> None:
    missed = meeting_with_deadline(meeting_world, today() - DAY)
    client = meeting_world.client("member")
    response = client.post(
        propose_url(meeting_world), form_data(wanted_meeting=missed.pk), follow=True
    )
    body = text(response)
    assert f"Forslaget kom etter fristen for møtet {missed.local_date:%d.%m.%Y}" in body
    assert f"men tidligst til møtet {meeting_world.meeting.local_date:%d.%m.%Y}" in body
    assert "Sendt etter fristen" in body
    proposal = CaseProposal.objects.get()
    assert (proposal.after_deadline, proposal.wanted_meeting) == (True, meeting_world.meeting)


def test_admin_proposes_for_organisation_through_the_form(meeting_world: MeetingWorld) -> None:
    client = meeting_world.client("admin_a")
    org = meeting_world.org_a.organisation
    response = client.post(propose_url(meeting_world), form_data())
    assert response.status_code == 422
    assert "Velg hvilken organisasjon du foreslår saken for." in text(response)
    response = client.post(propose_url(meeting_world), form_data(on_behalf_of=org.pk))
    assert response.status_code == 302
    proposal = CaseProposal.objects.get()
    assert (proposal.organisation, proposal.proposer_kind) == (org, ProposerKind.ORGANISATION)


def test_propose_bad_input_keeps_values(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    response = meeting_world.client("member").post(
        propose_url(meeting_world),
        form_data(title="", problem_why="", problem_where="Legevakta", proposed_solution=""),
    )
    assert response.status_code == 422
    body = text(response)
    assert "Skjemaet har feil som må rettes" in body
    assert 'href="#id_title"' in body
    assert "Skriv en kort tittel på saken." in body
    assert "Forklar hvorfor dette er et problem." in body
    assert "Skriv hva du foreslår som løsning." in body
    assert "Legevakta</textarea>" in body
    assert CaseProposal.objects.count() == 0
    assert mailoutbox == []


def test_propose_invalid_meeting_choice(meeting_world: MeetingWorld) -> None:
    response = meeting_world.client("member").post(
        propose_url(meeting_world), form_data(wanted_meeting=meeting_world.private_meeting.pk)
    )
    assert response.status_code == 422
    assert 'href="#id_wanted_meeting"' in text(response)
    assert CaseProposal.objects.count() == 0


def test_anonymous_public_proposal(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    allow_public(meeting_world)
    client = Client()
    response = client.post(propose_url(meeting_world), form_data())
    assert response.status_code == 422
    body = text(response)
    assert "Skriv navnet ditt" in body
    assert "Skriv e-postadressen din" in body
    assert mailoutbox == []
    response = client.post(
        propose_url(meeting_world),
        form_data(proposer_name="Ine Innbygger", proposer_email="feil"),
    )
    assert response.status_code == 422
    assert "Skriv en gyldig e-postadresse" in text(response)
    assert 'value="Ine Innbygger"' in text(response)
    response = client.post(
        propose_url(meeting_world),
        form_data(proposer_name="Ine Innbygger", proposer_email="ine@example.org"),
    )
    thanks = reverse("meetings:proposal_thanks", kwargs={"arena_pk": meeting_world.public_arena.pk})
    assert (response.status_code, response.url) == (302, thanks)
    proposal = CaseProposal.objects.get()
    assert (proposal.proposer_kind, proposal.submitted_by) == (ProposerKind.PUBLIC, None)
    page = text(client.get(thanks))
    assert f"Forslaget «{TITLE}» er sendt til Brukerutvalget." in page
    assert "er sendt i tide til møtet" in page
    assert [m.to for m in mailoutbox] == [["ine@example.org"], ["sekretariat@example.org"]]
    # The anonymous proposer cannot open the proposal afterwards.
    assert_login_redirect(client.get(proposal.get_absolute_url()))


def test_anonymous_post_without_public_proposals_saves_nothing(
    meeting_world: MeetingWorld, mailoutbox: list
) -> None:
    response = Client().post(
        propose_url(meeting_world),
        form_data(proposer_name="Ine", proposer_email="ine@example.org"),
    )
    assert_login_redirect(response)
    assert CaseProposal.objects.count() == 0
    assert mailoutbox == []


def test_filled_honeypot_shows_receipt_without_saving(
    meeting_world: MeetingWorld, mailoutbox: list
) -> None:
    allow_public(meeting_world)
    client = Client()
    response = client.post(
        propose_url(meeting_world),
        form_data(
            proposer_name="Bot", proposer_email="bot@example.org", website="http://spam.example"
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert f"Forslaget «{TITLE}» er sendt til Brukerutvalget." in text(response)
    assert CaseProposal.objects.count() == 0
    assert mailoutbox == []


def test_thanks_page_without_receipt(meeting_world: MeetingWorld) -> None:
    url = reverse("meetings:proposal_thanks", kwargs={"arena_pk": meeting_world.public_arena.pk})
    body = text(Client().get(url))
    assert "Vi fant ikke noe nylig sendt forslag." in body
    private = reverse(
        "meetings:proposal_thanks", kwargs={"arena_pk": meeting_world.private_arena.pk}
    )
    assert Client().get(private).status_code == 404


# -- The arena's list --------------------------------------------------------------------

LIST_ACCESS = {
    "anonymous": "login",
    "member": 200,
    "deputy": 200,
    "admin_a": 403,
    "admin_b": 403,
    "secretariat": 200,
    "other_secretariat": 403,
    "platform_admin": 403,
}


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_list_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    make_proposal(meeting_world, "admin_a")
    response = meeting_world.client(persona).get(list_url(meeting_world))
    expected = LIST_ACCESS[persona]
    if expected == "login":
        assert_login_redirect(response)
        return
    assert response.status_code == expected
    assert (TITLE in text(response)) == (expected == 200)


def test_list_private_arena_is_not_found_for_outsiders(meeting_world: MeetingWorld) -> None:
    url = reverse("meetings:proposal_list", kwargs={"arena_pk": meeting_world.private_arena.pk})
    assert meeting_world.client("admin_b").get(url).status_code == 404
    assert meeting_world.client("other_secretariat").get(url).status_code == 404
    assert meeting_world.client("member").get(url).status_code == 200


def test_list_open_first_oldest_first_then_handled(meeting_world: MeetingWorld) -> None:
    world = meeting_world
    missed = meeting_with_deadline(world, today() - DAY)
    old = make_proposal(world, title="Eldst åpen", wanted_meeting=missed)
    CaseProposal.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - 10 * DAY)
    postponed = make_proposal(world, title="Utsatt sak")
    CaseProposal.objects.filter(pk=postponed.pk).update(submitted_at=timezone.now() - 5 * DAY)
    postpone_proposal(postponed, by=world.secretariat)
    make_proposal(world, title="Nyeste åpen")
    declined = make_proposal(world, title="Avvist sak")
    decline_proposal(declined, by=world.secretariat, reason="Nei.")
    body = text(world.client("secretariat").get(list_url(world)))
    order = [body.index(t) for t in ("Eldst åpen", "Utsatt sak", "Nyeste åpen", "Avvist sak")]
    assert order == sorted(order)
    assert body.index("Venter på behandling") < body.index("Eldst åpen")
    assert body.index("Behandlet") < body.index("Avvist sak")
    assert body.count("Etter fristen") == 1

    filtered = text(world.client("secretariat").get(list_url(world), {"status": "declined"}))
    assert "Avvist sak" in filtered
    assert "Eldst åpen" not in filtered
    assert "Venter på behandling" not in filtered
    only_postponed = text(world.client("secretariat").get(list_url(world), {"status": "postponed"}))
    assert "Utsatt sak" in only_postponed
    assert "Nyeste åpen" not in only_postponed
    assert "Avvist sak" not in only_postponed


def test_list_empty_state(meeting_world: MeetingWorld) -> None:
    body = text(meeting_world.client("member").get(list_url(meeting_world)))
    assert "Ingen saksforslag venter på behandling." in body
    assert "Ingen behandlede saksforslag her." in body
    assert reverse("meetings:propose", kwargs={"arena_pk": meeting_world.public_arena.pk}) in body


def test_list_other_arena_proposals_are_not_shown(meeting_world: MeetingWorld) -> None:
    make_proposal(meeting_world, arena=meeting_world.private_arena, title="Privat sak")
    body = text(meeting_world.client("secretariat").get(list_url(meeting_world)))
    assert "Privat sak" not in body


def add_proposals(world: MeetingWorld, count: int) -> None:
    for i in range(count):
        proposal = make_proposal(world, "admin_a" if i % 2 else "member", title=f"Forslag {i:03d}")
        if i % 3 == 1:
            decline_proposal(proposal, by=world.secretariat, reason="Nei.")
        elif i % 3 == 2:
            postpone_proposal(proposal, by=world.secretariat)


def count_queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_list_query_count_does_not_grow(meeting_world: MeetingWorld) -> None:
    # One row in each section (open, handled) against 50 rows.
    add_proposals(meeting_world, 2)
    few = count_queries(meeting_world.client("secretariat"), list_url(meeting_world))
    add_proposals(meeting_world, 48)
    many = count_queries(meeting_world.client("secretariat"), list_url(meeting_world))
    assert many == few


def test_my_proposals_query_count_does_not_grow(meeting_world: MeetingWorld) -> None:
    url = reverse("meetings:my_proposals")
    add_proposals(meeting_world, 2)  # one of them is admin A's
    few = count_queries(meeting_world.client("admin_a"), url)
    add_proposals(meeting_world, 98)
    many = count_queries(meeting_world.client("admin_a"), url)
    assert many == few


# -- One proposal ------------------------------------------------------------------------

DETAIL_ACCESS = {
    "anonymous": "login",
    "member": 200,
    "deputy": 200,
    "admin_a": 200,
    "admin_b": 404,
    "secretariat": 200,
    "other_secretariat": 404,
    "platform_admin": 404,
}


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_detail_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    proposal = make_proposal(meeting_world, "admin_a")
    response = meeting_world.client(persona).get(proposal.get_absolute_url())
    expected = DETAIL_ACCESS[persona]
    if expected == "login":
        assert_login_redirect(response)
        return
    assert response.status_code == expected
    if expected != 200:
        assert TITLE not in text(response)
        return
    body = text(response)
    assert TITLE in body
    assert "Mange venter i månedsvis på rullestol." in body
    assert "Hjelpemiddelsentralen" in body
    assert "Hele året, verst om sommeren" in body
    assert "Flere saksbehandlere og raskere utlån." in body
    assert "Sendte inn et saksforslag" in body
    handle_url = reverse("meetings:proposal_handle", kwargs={"pk": proposal.pk})
    withdraw_url = reverse("meetings:proposal_withdraw", kwargs={"pk": proposal.pk})
    assert (handle_url in body) == (persona == "secretariat")
    assert (withdraw_url in body) == (persona == "admin_a")
    # The proposer's e-mail address is for the secretariat only.
    assert (meeting_world.org_a.admin.email in body) == (persona == "secretariat")


def test_detail_links_to_agenda_item_as_visibility_allows(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    item = accept_proposal(
        proposal, by=meeting_world.secretariat, meeting=meeting_world.meeting, kind="discussion"
    )
    link = item.get_absolute_url()
    assert link in text(meeting_world.client("secretariat").get(proposal.get_absolute_url()))
    # The agenda is not published yet: members do not see the item.
    member_view = text(meeting_world.client("member").get(proposal.get_absolute_url()))
    assert link not in member_view
    assert "Satt på sakskartet" in member_view
    meeting_world.meeting.agenda_published_at = timezone.now()
    meeting_world.meeting.save()
    member_view = text(meeting_world.client("member").get(proposal.get_absolute_url()))
    assert link in member_view
    assert f"Sak {item.case_number} {TITLE}" in member_view


# -- Handling through the page -----------------------------------------------------------

HANDLE_ACCESS = {
    "anonymous": "login",
    "member": 403,
    "deputy": 403,
    "admin_a": 403,
    "admin_b": 404,
    "secretariat": 302,
    "other_secretariat": 404,
    "platform_admin": 404,
}


def handle_url(proposal: CaseProposal) -> str:
    return reverse("meetings:proposal_handle", kwargs={"pk": proposal.pk})


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_handle_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    proposal = make_proposal(meeting_world, "admin_a")
    response = meeting_world.client(persona).post(
        handle_url(proposal), {"action": "decline", "reason": "Ikke vårt ansvar."}
    )
    expected = HANDLE_ACCESS[persona]
    proposal.refresh_from_db()
    if expected == "login":
        assert_login_redirect(response)
    else:
        assert response.status_code == expected
    assert proposal.status == (
        ProposalStatus.DECLINED if persona == "secretariat" else ProposalStatus.SUBMITTED
    )


def test_handle_get_is_not_allowed(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    assert meeting_world.client("secretariat").get(handle_url(proposal)).status_code == 405


def test_handle_accept_through_the_page(meeting_world: MeetingWorld, mailoutbox: list) -> None:
    proposal = make_proposal(meeting_world)
    mailoutbox.clear()
    client = meeting_world.client("secretariat")
    response = client.post(
        handle_url(proposal),
        {"action": "accept", "meeting": meeting_world.meeting.pk, "kind": "statement"},
        follow=True,
    )
    item = AgendaItem.objects.get()
    assert f"Saksforslaget er satt på sakskartet som sak {item.case_number}." in text(response)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert (item.kind, item.proposal) == ("statement", proposal)
    assert [m.to for m in mailoutbox] == [["medlem@example.org"]]
    # Handled: the page no longer offers the handling forms.
    assert handle_url(proposal) not in text(response)


def test_handle_postpone_through_the_page(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    meeting_world.client("secretariat").post(
        handle_url(proposal), {"action": "postpone", "note": "Til høsten."}
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.handled_note) == (ProposalStatus.POSTPONED, "Til høsten.")


def test_handle_decline_without_reason_is_422(
    meeting_world: MeetingWorld, mailoutbox: list
) -> None:
    proposal = make_proposal(meeting_world)
    mailoutbox.clear()
    response = meeting_world.client("secretariat").post(
        handle_url(proposal), {"action": "decline", "reason": "   "}
    )
    assert response.status_code == 422
    body = text(response)
    assert "Skjemaet har feil som må rettes" in body
    assert 'href="#id_reason"' in body
    assert "Skriv en begrunnelse. Den sendes til forslagsstilleren." in body
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert mailoutbox == []


def test_handle_accept_bad_input_keeps_values(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    client = meeting_world.client("secretariat")
    response = client.post(handle_url(proposal), {"action": "accept", "kind": "discussion"})
    assert response.status_code == 422
    assert "Velg møtet saken skal behandles på." in text(response)
    response = client.post(
        handle_url(proposal),
        {
            "action": "accept",
            "meeting": meeting_world.meeting.pk,
            "kind": "discussion",
            "is_closed": "on",
            "closed_note": "Gjelder en ansatt.",
        },
    )
    assert response.status_code == 422
    body = text(response)
    assert "En lukket sak må ha en hjemmel." in body
    assert 'href="#id_closed_ground"' in body
    assert "Gjelder en ansatt.</textarea>" in body
    assert re.search(r'<option value="discussion" selected>', body)
    assert AgendaItem.objects.count() == 0


def test_handle_already_handled_is_422_with_message(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    decline_proposal(proposal, by=meeting_world.secretariat, reason="Nei.")
    response = meeting_world.client("secretariat").post(
        handle_url(proposal), {"action": "postpone", "note": ""}
    )
    assert response.status_code == 422
    assert "Saksforslaget er allerede behandlet (avvist) og kan ikke endres." in text(response)


def test_handle_bad_action(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    response = meeting_world.client("secretariat").post(handle_url(proposal), {"action": "x"})
    assert response.status_code == 422
    assert "Velg en gyldig handling." in text(response)


# -- Withdrawing -------------------------------------------------------------------------

WITHDRAW_ACCESS = {
    "anonymous": "login",
    "member": 403,
    "deputy": 403,
    "admin_a": 200,
    "admin_b": 404,
    "secretariat": 403,
    "other_secretariat": 404,
    "platform_admin": 404,
}


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_withdraw_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    proposal = make_proposal(meeting_world, "admin_a")
    url = reverse("meetings:proposal_withdraw", kwargs={"pk": proposal.pk})
    client = meeting_world.client(persona)
    expected = WITHDRAW_ACCESS[persona]
    page = client.get(url)
    response = client.post(url)
    proposal.refresh_from_db()
    if expected == "login":
        assert_login_redirect(page)
        assert_login_redirect(response)
    elif expected == 200:
        assert page.status_code == 200
        assert f"Vil du trekke forslaget «{TITLE}» til Brukerutvalget?" in text(page)
        assert response.status_code == 302
    else:
        assert (page.status_code, response.status_code) == (expected, expected)
    assert proposal.status == (
        ProposalStatus.WITHDRAWN if expected == 200 else ProposalStatus.SUBMITTED
    )


def test_withdraw_handled_proposal_is_refused_with_message(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    decline_proposal(proposal, by=meeting_world.secretariat, reason="Nei.")
    url = reverse("meetings:proposal_withdraw", kwargs={"pk": proposal.pk})
    response = meeting_world.client("member").post(url, follow=True)
    assert "Saksforslaget er allerede behandlet (avvist) og kan ikke trekkes." in text(response)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert withdraw_url_absent(text(response), proposal)


def withdraw_url_absent(body: str, proposal: CaseProposal) -> bool:
    return reverse("meetings:proposal_withdraw", kwargs={"pk": proposal.pk}) not in body


def test_withdraw_button_gone_after_withdrawal(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    withdraw_proposal(proposal, by=meeting_world.member)
    body = text(meeting_world.client("member").get(proposal.get_absolute_url()))
    assert withdraw_url_absent(body, proposal)
    assert "Status: Trukket" in body


# -- My proposals ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_my_proposals_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    make_proposal(meeting_world, "member", title="Medlemmets sak")
    make_proposal(meeting_world, "admin_a", title="Organisasjonens sak")
    response = meeting_world.client(persona).get(reverse("meetings:my_proposals"))
    if persona == "anonymous":
        assert_login_redirect(response)
        return
    assert response.status_code == 200
    body = text(response)
    assert ("Medlemmets sak" in body) == (persona == "member")
    assert ("Organisasjonens sak" in body) == (persona == "admin_a")
    if persona not in ("member", "admin_a"):
        assert "Du har ikke sendt noen saksforslag ennå." in body


def test_my_proposals_includes_other_admins_proposals_for_the_organisation(
    meeting_world: MeetingWorld,
) -> None:
    """A second admin of org A sees what the first admin proposed for the organisation."""
    second = UserFactory(email="admin2-a@example.org")
    RoleFactory(user=second, organisation=meeting_world.org_a.organisation, role=RoleKind.ADMIN)
    make_proposal(meeting_world, "admin_a", title="Organisasjonens sak")
    client = Client()
    client.force_login(second)
    assert "Organisasjonens sak" in text(client.get(reverse("meetings:my_proposals")))


def test_accept_then_page_shows_history(meeting_world: MeetingWorld) -> None:
    proposal = make_proposal(meeting_world)
    postpone_proposal(proposal, by=meeting_world.secretariat, note="Vent.")
    body = text(meeting_world.client("member").get(proposal.get_absolute_url()))
    assert body.index("Sendte inn et saksforslag") < body.index("Utsatte et saksforslag")
    assert "Vent." in body
    # The member does not see who in the secretariat acted.
    assert meeting_world.secretariat.email not in body
