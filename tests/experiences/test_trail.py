"""The contributors' trail: consenting contributors are mailed once per step (agenda,
advice, answer) over real SMTP; never those who did not consent or whose answer is
purged; a second run sends nothing new."""

from __future__ import annotations

import pytest
from django.utils import timezone

import medvirk.experiences.periodic  # noqa: F401  (registers the trail jobs)
from medvirk.common.models import ActivityLog
from medvirk.experiences.domain import cases, trail
from medvirk.experiences.domain.themes import combine_themes
from medvirk.experiences.models import ThemeCase
from medvirk.followup.domain.advice import create_advice
from medvirk.followup.domain.advice_answers import record_response
from medvirk.followup.domain.final_decisions import record_final_decision
from medvirk.followup.enums import AddresseeKind, AdviceStatus, DecisionOutcome
from medvirk.meetings.domain.proposal_handling import accept_proposal
from medvirk.meetings.domain.publishing import publish_agenda
from medvirk.meetings.enums import ItemKind
from tests.arenas.conftest import make_person, seat
from tests.conftest import Mailbox
from tests.experiences.themes_support import (  # noqa: F401
    ORIGINAL,
    ThemeWorld,
    make_theme,
    meeting_world,
    share,
    theme_world_fixture,
)
from tests.periodic import deliver_due_mail, run

pytestmark = pytest.mark.django_db

JOBS = (
    "experiences.trail_agenda",
    "experiences.trail_advice",
    "experiences.trail_answer",
    "experiences.trail_decision",
)
TOLD = ["siri@example.org", "nils@example.org"]
NEVER = ["nei@example.org", "slettet@example.org"]


def subject(message: object) -> str:
    """The subject as one line (SMTP folds long encoded subjects)."""
    return " ".join(str(message["Subject"]).split())  # type: ignore[index]


def _case(w: ThemeWorld) -> ThemeCase:
    (case,) = cases.make_case(
        w.theme,
        by=w.user("moderator"),
        **{**cases.case_draft(w.theme), "arenas": [w.m.public_arena]},
    )
    return case


def _mails(smtp: Mailbox) -> dict[str, list[str]]:
    deliver_due_mail()
    return {address: [subject(m) for m in smtp.to(address)] for address in TOLD + NEVER}


def test_the_trail_tells_consenting_contributors_once_per_step(
    theme_world: ThemeWorld, smtp_server: Mailbox
) -> None:
    w = theme_world
    case = _case(w)
    secretariat = w.m.secretariat
    # Nothing has happened to the proposal yet.
    assert run(*JOBS) == 0

    item = accept_proposal(
        case.proposal, by=secretariat, meeting=w.m.meeting, kind=ItemKind.STATEMENT
    )
    # An item on a draft agenda is not news yet.
    assert run(*JOBS) == 0
    publish_agenda(w.m.meeting, by=secretariat)
    assert run(*JOBS) == 1
    assert run(*JOBS) == 0
    smtp_server.messages.clear()  # the proposal's and agenda's own mails
    mails = _mails(smtp_server)
    assert mails["siri@example.org"] == [f"Saken «{case.proposal.title}» er satt på sakskartet"]
    assert mails["nils@example.org"] == [f"Saka «{case.proposal.title}» er sett opp på sakskartet"]
    assert mails["nei@example.org"] == [] and mails["slettet@example.org"] == []
    body = Mailbox.text(smtp_server.to("siri@example.org")[0])
    assert "Hei Siri Samtykke," in body and item.get_absolute_url() in body
    assert ORIGINAL not in body

    smtp_server.messages.clear()
    advice = create_advice(
        item,
        by=secretariat,
        addressee_kind=AddresseeKind.BODY,
        addressee_name="Kommunestyret",
        text="<p>Rådet ber om varsel når drosjen er forsinket.</p>",
        given_on=timezone.localdate(),
    )
    assert run(*JOBS) == 1
    assert run(*JOBS) == 0
    mails = _mails(smtp_server)
    assert mails["siri@example.org"] == [f"Det er gitt råd i saken «{case.proposal.title}»"]
    assert len(mails["nils@example.org"]) == 1
    assert mails["nei@example.org"] == [] and mails["slettet@example.org"] == []
    assert advice.get_absolute_url() in Mailbox.text(smtp_server.to("siri@example.org")[0])

    smtp_server.messages.clear()
    # An acknowledgement is not an answer.
    record_response(advice, by=secretariat, status=AdviceStatus.RECEIVED, text="Mottatt.")
    assert run(*JOBS) == 0
    record_response(advice, by=secretariat, status=AdviceStatus.FOLLOWED, text="Vi gjør det.")
    assert run(*JOBS) == 1
    assert run(*JOBS) == 0
    mails = _mails(smtp_server)
    assert mails["siri@example.org"] == [f"Tjenesten har svart i saken «{case.proposal.title}»"]
    assert "Svaret er: Fulgt." in Mailbox.text(smtp_server.to("siri@example.org")[0])
    assert len(mails["nils@example.org"]) == 1
    assert mails["nei@example.org"] == [] and mails["slettet@example.org"] == []

    smtp_server.messages.clear()
    # The fourth step: the final decision is recorded (issue 16).
    record_final_decision(
        advice, by=secretariat, decided_on=timezone.localdate(), outcome=DecisionOutcome.PARTLY
    )
    assert run(*JOBS) == 1
    assert run(*JOBS) == 0
    mails = _mails(smtp_server)
    assert mails["siri@example.org"] == [f"Saken «{case.proposal.title}» er avgjort"]
    assert mails["nils@example.org"] == [f"Saka «{case.proposal.title}» er avgjord"]
    assert mails["nei@example.org"] == [] and mails["slettet@example.org"] == []
    body = Mailbox.text(smtp_server.to("siri@example.org")[0])
    assert "Vedtaket: Vedtatt delvis i tråd med rådet." in body
    assert "Kommunestyret" not in body  # no deciding body named on the advice
    assert advice.get_absolute_url() in body

    case.refresh_from_db()
    assert None not in (
        case.agenda_notified_at,
        case.advice_notified_at,
        case.answer_notified_at,
        case.decision_notified_at,
    )
    steps = [entry.data["step"] for entry in ActivityLog.objects.filter(action=trail.TOLD)]
    assert sorted(steps) == sorted(trail.STEPS)
    assert all(entry.data["mails"] == 2 for entry in ActivityLog.objects.filter(action=trail.TOLD))


def test_advice_on_the_proposal_itself_counts_and_closed_arenas_get_no_link(
    theme_world: ThemeWorld, smtp_server: Mailbox
) -> None:
    w = theme_world
    (case,) = cases.make_case(
        w.theme,
        by=w.user("moderator"),
        **{**cases.case_draft(w.theme), "arenas": [w.m.private_arena]},
    )
    item = accept_proposal(
        case.proposal, by=w.m.secretariat, meeting=w.m.private_meeting, kind=ItemKind.STATEMENT
    )
    publish_agenda(w.m.private_meeting, by=w.m.secretariat)
    assert run("experiences.trail_agenda") == 1
    smtp_server.messages.clear()
    deliver_due_mail()
    body = Mailbox.text(smtp_server.to("siri@example.org")[-1])
    assert item.get_absolute_url() not in body and "http" not in body.split("Hilsen")[0]
    assert list(trail.due(trail.ADVICE)) == []


def test_a_decision_in_a_closed_arena_is_told_without_a_link_and_names_the_body(
    theme_world: ThemeWorld, smtp_server: Mailbox
) -> None:
    w = theme_world
    (case,) = cases.make_case(
        w.theme,
        by=w.user("moderator"),
        **{**cases.case_draft(w.theme), "arenas": [w.m.private_arena]},
    )
    item = accept_proposal(
        case.proposal, by=w.m.secretariat, meeting=w.m.private_meeting, kind=ItemKind.STATEMENT
    )
    publish_agenda(w.m.private_meeting, by=w.m.secretariat)
    advice = create_advice(
        item,
        by=w.m.secretariat,
        addressee_kind=AddresseeKind.BODY,
        addressee_name="Kommunestyret",
        text="<p>Rådet ber om varsel.</p>",
        given_on=timezone.localdate(),
    )
    assert list(trail.due(trail.DECISION)) == []  # advice, but no decision yet
    advice.deciding_body = "Kommunestyret"
    advice.save(update_fields=["deciding_body"])
    record_final_decision(
        advice,
        by=w.m.secretariat,
        decided_on=timezone.localdate(),
        outcome=DecisionOutcome.IN_LINE,
    )
    assert run("experiences.trail_decision") == 1
    assert run("experiences.trail_decision") == 0
    smtp_server.messages.clear()
    deliver_due_mail()
    body = Mailbox.text(smtp_server.to("siri@example.org")[-1])
    assert "Kommunestyret fattet endelig vedtak i saken" in body
    assert "Vedtaket: Vedtatt i tråd med rådet." in body
    assert advice.get_absolute_url() not in body and "http" not in body.split("Hilsen")[0]


def test_an_umbrella_theme_proposes_for_the_umbrella_and_tells_its_sources_contributors(
    theme_world: ThemeWorld, smtp_server: Mailbox
) -> None:
    w = theme_world
    share(w.theme)
    second = make_theme(w, 3, title="Ventetid på drosje")
    share(second)
    umbrella_admin = w.user("umbrella_admin")
    combined = combine_themes(
        w.umbrella,
        by=umbrella_admin,
        sources=[w.theme, second],
        title="Pasientreiser i hele landet",
        summary="Medlemmene forteller det samme.",
    )
    # The umbrella proposes where it has a representative.
    assert cases.case_arenas(combined, umbrella_admin) == []
    seat(
        w.m.public_arena,
        make_person("Paula Paraply", organisation=w.umbrella),
        represents=w.umbrella,
    )
    draft = cases.case_draft(combined)
    assert draft["proposed_solution"] == "" and ORIGINAL not in "".join(draft.values())
    assert "Bodø" in draft["problem_where"]
    (case,) = cases.make_case(
        combined,
        by=umbrella_admin,
        **{
            **draft,
            "proposed_solution": "Varsle når drosjen er sen.",
            "arenas": [w.m.public_arena],
        },
    )
    assert case.proposal.organisation == w.umbrella
    accept_proposal(case.proposal, by=w.m.secretariat, meeting=w.m.meeting, kind=ItemKind.STATEMENT)
    publish_agenda(w.m.meeting, by=w.m.secretariat)
    smtp_server.messages.clear()
    assert run("experiences.trail_agenda") == 1
    mails = _mails(smtp_server)
    assert mails["siri@example.org"] == [
        "Saken «Pasientreiser i hele landet» er satt på sakskartet"
    ]
    assert mails["nei@example.org"] == [] and mails["slettet@example.org"] == []
