"""Advice: creating it from a statement, the answers and their transitions, documents,
notifications, and the persona matrix over the domain functions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.common.models import ActivityLog
from medvirk.followup.domain.advice import (
    ANSWER_RECORDED,
    CREATED,
    can_view,
    create_advice,
)
from medvirk.followup.enums import ANSWERED, NEXT_STATUSES, AddresseeKind, AdviceStatus
from medvirk.followup.models import Advice
from medvirk.meetings.enums import ItemKind
from medvirk.meetings.models import MinutesEntry
from tests.factories import RoleFactory, UserFactory
from tests.followup.conftest import FOLLOWUP_PERSONAS, FollowupWorld
from tests.followup.test_advice_support import (
    ANSWERERS,
    CLOSED_VIEWERS,
    MEMBER_ADDRESSES,
    actor,
    answer,
    give,
    mail_to,
    proposal_from,
    recipients,
    statement,
    today,
)
from tests.meetings.agenda_helpers import pdf_bytes, xlsx_bytes
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

S = AdviceStatus


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def errors_of(problem: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return problem.value.message_dict


# --- Creating advice ------------------------------------------------------------------


def test_create_advice_defaults_from_item_minutes_and_arena(followup_world: FollowupWorld) -> None:
    w = followup_world
    mail.outbox.clear()

    advice = give(w)

    meeting_day = w.past_meeting.local_date
    assert advice.title == w.statement.title
    assert advice.text == "<p>Rådet ber om teleslynge i alle klasserom.</p>"
    assert advice.addressee_name == "Dina Direktør"
    assert advice.addressee_email == "leder@example.org"
    assert advice.given_on == meeting_day
    assert advice.due_on == meeting_day + datetime.timedelta(weeks=6)
    assert advice.status == S.SENT
    assert advice.is_public is True
    assert advice.arena == w.m.public_arena
    assert advice.meeting == w.past_meeting
    assert advice.created_by == w.m.secretariat
    (message,) = mail.outbox
    assert message.to == ["leder@example.org"]
    assert "Høring om universell utforming av skoler" in message.subject
    assert "Rådet ber om teleslynge i alle klasserom." in message.body
    assert "<p>" not in message.body
    assert advice.due_on.strftime("%d.%m.%Y") in message.body
    assert f"/oppfolging/rad/{advice.pk}/" in message.body
    log = ActivityLog.objects.get(action=CREATED)
    assert log.actor == w.m.secretariat
    assert log.organisation == w.m.service
    assert log.data["addressee"] == "Dina Direktør"


def test_create_advice_uses_the_arena_response_weeks_and_given_text(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    w.m.public_arena.advice_response_weeks = 3
    w.m.public_arena.save(update_fields=["advice_response_weeks"])
    given = today() - datetime.timedelta(days=2)

    advice = give(
        w,
        title="  Teleslynge  nå ",
        text="<p>Egen tekst</p><script>alert(1)</script>",
        given_on=given,
    )

    assert advice.title == "Teleslynge nå"
    assert advice.text == "<p>Egen tekst</p>"
    assert advice.given_on == given
    assert advice.due_on == given + datetime.timedelta(weeks=3)


def test_closed_item_gives_closed_advice(followup_world: FollowupWorld) -> None:
    advice = give(followup_world, followup_world.closed_statement)
    assert advice.is_public is False
    assert advice.text == "<p>Rådet ber om ny vurdering av saken.</p>"


def test_private_arena_gives_closed_advice(followup_world: FollowupWorld) -> None:
    w = followup_world
    meeting = make_meeting(w.m.private_arena, today() - datetime.timedelta(days=3))
    item = statement(w, "Uttalelse i lukket gruppe", meeting=meeting)
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at"])
    advice = give(w, item, text="<p>Råd.</p>")
    assert advice.is_public is False


def test_create_advice_keeps_the_case_proposal(followup_world: FollowupWorld) -> None:
    w = followup_world
    proposal = proposal_from(w, w.statement)
    assert give(w).proposal == proposal


def test_advice_to_a_body_with_and_without_email(followup_world: FollowupWorld) -> None:
    w = followup_world
    mail.outbox.clear()
    advice = give(
        w,
        addressee_kind=AddresseeKind.BODY,
        addressee_user=w.decision_maker,  # ignored for a body
        addressee_name=" Kommunestyret ",
        addressee_email="post@kommune.example.org",
    )
    assert (advice.addressee_user, advice.addressee_name) == (None, "Kommunestyret")
    assert recipients() == ["post@kommune.example.org"]
    body = mail.outbox[0].body
    assert "Send svaret til sekretariatet" in body
    assert "/oppfolging/rad/" not in body

    mail.outbox.clear()
    silent = give(
        w, w.closed_statement, addressee_kind=AddresseeKind.BODY, addressee_name="Formannskapet"
    )
    assert silent.addressee_email == ""
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"addressee_kind": "someone"}, "addressee_kind", "Velg hvem rådet skal til."),
        (
            {"addressee_kind": AddresseeKind.DECISION_MAKER, "addressee_user": None},
            "addressee_user",
            "Velg hvilken beslutningstaker",
        ),
        (
            {"addressee_kind": AddresseeKind.BODY, "addressee_name": "  "},
            "addressee_name",
            "Skriv navnet på organet",
        ),
        (
            {
                "addressee_kind": AddresseeKind.BODY,
                "addressee_name": "Kommunestyret",
                "addressee_email": "ikke-en-adresse",
            },
            "addressee_email",
            "gyldig e-postadresse",
        ),
        ({"title": "x" * 301}, "title", "høyst 300 tegn"),
        (
            {"given_on": datetime.date(2030, 1, 10), "due_on": datetime.date(2030, 1, 10)},
            "due_on",
            "Svarfristen må være etter datoen rådet er gitt (10.01.2030).",
        ),
    ],
)
def test_create_advice_bad_input(
    followup_world: FollowupWorld, fields: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as problem:
        give(followup_world, **fields)
    assert message in " ".join(errors_of(problem)[field])
    assert not Advice.objects.exists()


def test_addressee_must_be_decision_maker_at_the_owner(followup_world: FollowupWorld) -> None:
    w = followup_world
    elsewhere = UserFactory(email="leder-annen@example.org")
    RoleFactory(user=elsewhere, organisation=w.m.other_service, role=RoleKind.DECISION_MAKER)
    for user in (elsewhere, w.m.secretariat, w.m.member):
        with pytest.raises(ValidationError) as problem:
            give(w, addressee_user=user)
        assert "Mottakeren må være beslutningstaker" in errors_of(problem)["addressee_user"][0]


def test_only_statement_items_on_published_agendas_once(followup_world: FollowupWorld) -> None:
    w = followup_world
    info = statement(w, "Orientering")
    info.kind = ItemKind.INFORMATION
    info.save(update_fields=["kind"])
    with pytest.raises(ValidationError, match="Bare saker av typen uttalelse/råd"):
        give(w, info, text="<p>x</p>")

    draft = statement(w, "Uttalelse på upublisert sakskart", meeting=w.m.meeting)
    with pytest.raises(ValidationError, match="Sakskartet er ikke publisert"):
        give(w, draft, text="<p>x</p>")

    give(w)
    with pytest.raises(ValidationError, match="allerede sendt som råd"):
        give(w, text="<p>Igjen</p>")
    assert Advice.objects.count() == 1


def test_before_minutes_are_approved_the_text_is_required(followup_world: FollowupWorld) -> None:
    w = followup_world
    item = statement(w, "Tidlig uttalelse", meeting=w.m.meeting)
    w.m.meeting.agenda_published_at = timezone.now()
    w.m.meeting.save(update_fields=["agenda_published_at"])
    with pytest.raises(ValidationError) as problem:
        give(w, item)
    assert "Før protokollen er godkjent" in errors_of(problem)["text"][0]

    advice = give(w, item, text="<p>Rådet mener noe allerede nå.</p>")
    assert advice.text == "<p>Rådet mener noe allerede nå.</p>"
    assert advice.given_on == w.m.meeting.local_date


def test_approved_minutes_without_text_require_a_text(followup_world: FollowupWorld) -> None:
    w = followup_world
    MinutesEntry.objects.filter(item=w.statement).update(text="")
    with pytest.raises(ValidationError) as problem:
        give(w)
    assert "Protokollen har ingen tekst" in errors_of(problem)["text"][0]


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
@pytest.mark.parametrize("closed", [False, True])
def test_create_advice_persona_matrix(
    followup_world: FollowupWorld, persona: str, closed: bool
) -> None:
    w = followup_world
    item = w.closed_statement if closed else w.statement
    call = {
        "by": actor(w, persona),
        "addressee_kind": AddresseeKind.DECISION_MAKER,
        "addressee_user": w.decision_maker,
    }
    if persona == "secretariat":
        assert create_advice(item, **call).item == item
    else:
        with pytest.raises(PermissionDenied):
            create_advice(item, **call)
        assert not Advice.objects.exists()


# --- Answers: transitions --------------------------------------------------------------


TRANSITIONS = [(before, after) for before in S.values for after in S.values]


@pytest.mark.parametrize(("before", "after"), TRANSITIONS)
def test_every_transition_allowed_or_refused(
    followup_world: FollowupWorld, before: str, after: str
) -> None:
    w = followup_world
    advice = give(w)
    Advice.objects.filter(pk=advice.pk).update(status=before)
    advice.refresh_from_db()
    if after in NEXT_STATUSES[before]:
        response = answer(advice, w.decision_maker, after, "Begrunnet svar.")
        advice.refresh_from_db()
        assert advice.status == after
        assert response.status == after
        assert advice.responses.count() == 1
    else:
        with pytest.raises(ValidationError) as problem:
            answer(advice, w.decision_maker, after, "Begrunnet svar.")
        message = errors_of(problem)["status"][0]
        assert f"«{S(before).label}»" in message
        advice.refresh_from_db()
        assert advice.status == before
        assert advice.responses.count() == 0


def test_implemented_is_final_and_says_so(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    answer(advice, w.decision_maker, S.FOLLOWED)
    answer(advice, w.decision_maker, S.IMPLEMENTED)
    with pytest.raises(ValidationError) as problem:
        answer(advice, w.decision_maker, S.FOLLOWED)
    assert "«Gjennomført» og er ferdig behandlet" in errors_of(problem)["status"][0]


def test_unknown_status_is_refused(followup_world: FollowupWorld) -> None:
    w = followup_world
    with pytest.raises(ValidationError) as problem:
        answer(give(w), w.decision_maker, "ignored")
    assert "«Sendt, venter på svar»" in errors_of(problem)["status"][0]


def test_not_followed_without_a_reason_is_refused(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    with pytest.raises(ValidationError) as problem:
        answer(advice, w.decision_maker, S.NOT_FOLLOWED, "   ")
    assert errors_of(problem) == {
        "text": ["Skriv en begrunnelse. En begrunnelse må følge med når rådet ikke følges."]
    }
    advice.refresh_from_db()
    assert (advice.status, advice.first_answer_on) == (S.SENT, None)
    answer(advice, w.decision_maker, S.NOT_FOLLOWED, "Budsjettet tillater det ikke i år.")
    advice.refresh_from_db()
    assert advice.status == S.NOT_FOLLOWED


@pytest.mark.parametrize("status", [S.FOLLOWED, S.PARTLY])
def test_outcomes_need_a_text(followup_world: FollowupWorld, status: str) -> None:
    w = followup_world
    with pytest.raises(ValidationError) as problem:
        answer(give(w), w.decision_maker, status, "")
    assert "Skriv svaret" in errors_of(problem)["text"][0]


def test_acknowledgements_may_be_empty_and_do_not_count_as_answers(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    advice = give(w)
    answer(advice, w.decision_maker, S.RECEIVED, "")
    answer(advice, w.decision_maker, S.CONSIDERING, "")
    advice.refresh_from_db()
    assert (advice.status, advice.first_answer_on, advice.is_answered) == (
        S.CONSIDERING,
        None,
        False,
    )


def test_first_answer_date_is_the_first_outcome(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    first = advice.given_on + datetime.timedelta(days=3)
    answer(advice, w.decision_maker, S.RECEIVED, "", responded_on=advice.given_on)
    answer(advice, w.decision_maker, S.PARTLY, "Delvis.", responded_on=first)
    answer(advice, w.decision_maker, S.FOLLOWED, "Helt likevel.", responded_on=today())
    answer(advice, w.decision_maker, S.IMPLEMENTED, "Montert.", responded_on=today())
    advice.refresh_from_db()
    assert advice.first_answer_on == first
    assert advice.days_to_answer == 3
    assert advice.status == S.IMPLEMENTED
    assert [r.status for r in advice.responses.all()] == [
        S.RECEIVED,
        S.PARTLY,
        S.FOLLOWED,
        S.IMPLEMENTED,
    ]
    assert ActivityLog.objects.filter(action=ANSWER_RECORDED).count() == 4


def test_answer_marks_the_advice_answered(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    answer(advice, w.m.secretariat, S.FOLLOWED, "Fulgt.")
    advice.refresh_from_db()
    assert advice.status in ANSWERED
    assert advice.first_answer_on == today()
    response = advice.responses.get()
    assert (response.by, response.by_name) == (w.m.secretariat, str(w.m.secretariat))


# --- Answers: dates, documents, links ---------------------------------------------------


def test_response_dates(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    with pytest.raises(ValidationError) as problem:
        answer(advice, w.decision_maker, S.RECEIVED, responded_on=today() + datetime.timedelta(1))
    assert errors_of(problem)["responded_on"] == ["Datoen kan ikke være fram i tid."]

    before = advice.given_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as problem:
        answer(advice, w.decision_maker, S.RECEIVED, responded_on=before)
    assert errors_of(problem)["responded_on"] == [
        f"Datoen kan ikke være før rådet ble gitt ({advice.given_on:%d.%m.%Y})."
    ]

    # On the day it was given, and on a pinned "today".
    answer(advice, w.decision_maker, S.RECEIVED, responded_on=advice.given_on)
    later = advice.given_on + datetime.timedelta(days=5)
    answer(advice, w.decision_maker, S.CONSIDERING, responded_on=later, today=later)
    with pytest.raises(ValidationError) as problem:
        answer(advice, w.decision_maker, S.FOLLOWED, responded_on=advice.given_on)
    assert errors_of(problem)["responded_on"] == [
        f"Datoen kan ikke være før forrige svar ({later:%d.%m.%Y})."
    ]
    answer(advice, w.decision_maker, S.FOLLOWED)  # default: today
    assert advice.responses.last().responded_on == today()  # type: ignore[union-attr]


def test_response_document_is_checked_by_content(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    fake = SimpleUploadedFile("vedtak.pdf", b"<html>not a pdf</html>", "application/pdf")
    with pytest.raises(ValidationError) as problem:
        answer(advice, w.decision_maker, S.RECEIVED, document=fake)
    assert "Innholdet i filen ble ikke gjenkjent" in errors_of(problem)["document"][0]
    empty = SimpleUploadedFile("tom.pdf", b"", "application/pdf")
    with pytest.raises(ValidationError) as problem:
        answer(advice, w.decision_maker, S.RECEIVED, document=empty)
    assert "Filen er tom" in errors_of(problem)["document"][0]
    assert advice.responses.count() == 0

    good = SimpleUploadedFile("../../Vedtak om teleslynge.pdf", pdf_bytes(), "text/plain")
    response = answer(advice, w.decision_maker, S.FOLLOWED, "Vedtatt.", document=good)
    assert response.document_name == "Vedtak om teleslynge.pdf"
    assert response.document.name.startswith("followup/responses/")
    assert response.document.name.endswith(".pdf")
    with response.document.open("rb") as stored:
        assert stored.read() == pdf_bytes()

    sheet = SimpleUploadedFile("tall.xlsx", xlsx_bytes(), "application/octet-stream")
    second = answer(advice, w.decision_maker, S.IMPLEMENTED, "Ferdig.", document=sheet)
    assert second.document_name == "tall.xlsx"


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "ftp://example.org/vedtak.pdf", "vedtak", "https://" + "x" * 200],
)
def test_response_link_must_be_http(followup_world: FollowupWorld, link: str) -> None:
    w = followup_world
    with pytest.raises(ValidationError) as problem:
        answer(give(w), w.decision_maker, S.RECEIVED, link=link)
    assert "link" in errors_of(problem)


def test_response_link_is_kept(followup_world: FollowupWorld) -> None:
    w = followup_world
    response = answer(
        give(w), w.decision_maker, S.RECEIVED, link=" https://kommune.example.org/sak/1 "
    )
    assert response.link == "https://kommune.example.org/sak/1"


# --- Notifications ----------------------------------------------------------------------


def test_answer_tells_members_and_the_proposing_organisation(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    proposal_from(w, w.statement)
    advice = give(w)
    mail.outbox.clear()

    answer(advice, w.decision_maker, S.PARTLY, "Vi monterer teleslynge i ti klasserom.")

    assert set(recipients()) == MEMBER_ADDRESSES | {"admin-a@example.org"}
    (member_mail,) = mail_to("medlem@example.org")
    assert "Delvis fulgt" in member_mail.subject
    assert "Vi monterer teleslynge i ti klasserom." in member_mail.body
    assert "Hei Mona Medlem" in member_mail.body
    (org_mail,) = mail_to("admin-a@example.org")
    assert "Dere foreslo saken" in org_mail.body
    assert "Vi monterer teleslynge i ti klasserom." in org_mail.body
    assert f"/oppfolging/rad/{advice.pk}/" in org_mail.body


def test_answer_to_a_citizen_proposal_goes_to_the_proposer(followup_world: FollowupWorld) -> None:
    w = followup_world
    proposal_from(w, w.statement, organisation=False)
    advice = give(w)
    mail.outbox.clear()
    answer(advice, w.decision_maker, S.RECEIVED, "")
    assert set(recipients()) == MEMBER_ADDRESSES | {"ola.forslag@example.org"}


def test_closed_advice_answer_never_leaves_the_arena(followup_world: FollowupWorld) -> None:
    w = followup_world
    proposal_from(w, w.closed_statement)
    advice = give(w, w.closed_statement)
    mail.outbox.clear()

    answer(advice, w.decision_maker, S.NOT_FOLLOWED, "Hemmelig begrunnelse.")

    assert set(recipients()) == MEMBER_ADDRESSES
    assert mail_to("admin-a@example.org") == []
    assert mail_to("ola.forslag@example.org") == []
    assert "lukket sak, bare for rådet" in mail_to("medlem@example.org")[0].body
    log = ActivityLog.objects.get(action=ANSWER_RECORDED)
    assert log.data["organisation_told"] == 0


def test_member_who_is_also_org_admin_gets_one_mail(followup_world: FollowupWorld) -> None:
    w = followup_world
    RoleFactory(user=w.m.member, organisation=w.m.org_a.organisation, role=RoleKind.ADMIN)
    proposal_from(w, w.statement)
    advice = give(w)
    mail.outbox.clear()
    answer(advice, w.decision_maker, S.RECEIVED, "")
    assert len(mail_to("medlem@example.org")) == 1


# --- Persona matrix and tenancy over record_response --------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
@pytest.mark.parametrize("closed", [False, True])
def test_record_response_persona_matrix(
    followup_world: FollowupWorld, persona: str, closed: bool
) -> None:
    w = followup_world
    advice = give(w, w.closed_statement if closed else w.statement)
    by = actor(w, persona)
    if persona in ANSWERERS:
        answer(advice, by, S.RECEIVED, "")
        advice.refresh_from_db()
        assert advice.status == S.RECEIVED
    else:
        with pytest.raises(PermissionDenied):
            answer(advice, by, S.RECEIVED, "")
        assert advice.responses.count() == 0


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
@pytest.mark.parametrize("closed", [False, True])
def test_view_permission_matrix(followup_world: FollowupWorld, persona: str, closed: bool) -> None:
    w = followup_world
    advice = give(w, w.closed_statement if closed else w.statement)
    expected = persona in CLOSED_VIEWERS if closed else True
    assert can_view(actor(w, persona), advice) is expected


def test_named_addressee_outside_the_service_roles_may_answer(
    followup_world: FollowupWorld,
) -> None:
    """The addressee may answer even after losing the decision-maker role."""
    w = followup_world
    advice = give(w, w.closed_statement)
    w.decision_maker.roles.all().delete()
    addressee = type(w.decision_maker).objects.get(pk=w.decision_maker.pk)
    answer(advice, addressee, S.RECEIVED, "")
    assert can_view(addressee, advice)


def test_other_services_cannot_see_or_answer(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w, w.closed_statement)
    other_maker = UserFactory(email="leder-annen@example.org")
    RoleFactory(user=other_maker, organisation=w.m.other_service, role=RoleKind.DECISION_MAKER)
    for outsider in (w.m.other_secretariat, other_maker):
        assert can_view(outsider, advice) is False
        with pytest.raises(PermissionDenied):
            answer(advice, outsider, S.RECEIVED, "")
        with pytest.raises(PermissionDenied):
            create_advice(
                w.statement,
                by=outsider,
                addressee_kind=AddresseeKind.BODY,
                addressee_name="Kommunestyret",
            )
    assert advice.responses.count() == 0
