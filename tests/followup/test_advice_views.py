"""Advice pages: the persona matrix over every view (public and closed advice), bad input,
the timeline, downloads, the secretariat's overview, the decision-maker's list, the
block on the agenda item page, and constant query counts."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.accounts.enums import RoleKind
from medvirk.arenas.enums import ArenaKind
from medvirk.common.cache_registry import touch
from medvirk.followup.enums import AddresseeKind, AdviceStatus
from medvirk.followup.models import Advice
from medvirk.meetings.domain.documents import add_document
from medvirk.meetings.enums import ItemKind
from medvirk.meetings.models import AgendaItem
from tests.arenas.conftest import make_arena
from tests.factories import RoleFactory, UserFactory
from tests.followup.conftest import FOLLOWUP_PERSONAS, FollowupWorld
from tests.followup.test_advice_support import (
    ANSWERERS,
    CLOSED_VIEWERS,
    answer,
    give,
    statement,
    today,
)
from tests.meetings.agenda_helpers import pdf_bytes
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

S = AdviceStatus
SECRET_TEXT = "Rådet ber om ny vurdering av saken."
PUBLIC_TEXT = "Rådet ber om teleslynge i alle klasserom."


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def text(response: Any) -> str:
    return response.content.decode()


def is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


def pdf_upload(name: str = "vedtak.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


def test_url_names_and_paths() -> None:
    assert reverse("followup:advice_create", args=[4]) == "/oppfolging/sak/4/rad/ny/"
    assert reverse("followup:advice_detail", args=[4]) == "/oppfolging/rad/4/"
    assert reverse("followup:advice_answer", args=[4]) == "/oppfolging/rad/4/svar/"
    assert reverse("followup:response_document", args=[4]) == "/oppfolging/svar/4/dokument/"
    assert reverse("followup:secretariat") == "/oppfolging/sekretariat/"
    assert reverse("followup:decision_maker") == "/oppfolging/beslutning/"


# --- The advice page ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
@pytest.mark.parametrize("closed", [False, True])
def test_advice_page_matrix(followup_world: FollowupWorld, persona: str, closed: bool) -> None:
    w = followup_world
    advice = give(w, w.closed_statement if closed else w.statement)
    answer(advice, w.decision_maker, S.RECEIVED, "Vi har mottatt rådet og ser på det.")
    response = w.client(persona).get(advice.get_absolute_url())
    visible = persona in CLOSED_VIEWERS if closed else True
    html = text(response)
    if not visible:
        assert response.status_code == 404
        assert advice.title not in html
        assert SECRET_TEXT not in html
        return
    assert response.status_code == 200
    assert advice.title in html
    assert (SECRET_TEXT if closed else PUBLIC_TEXT) in html
    assert "Dina Direktør" in html
    assert advice.due_on.strftime("%d.%m.%Y") in html
    assert "Status: Mottatt" in html
    assert "Vi har mottatt rådet og ser på det." in html
    form_action = reverse("followup:advice_answer", args=[advice.pk])
    assert (form_action in html) is (persona in ANSWERERS)
    assert ("Lukket: bare for rådet og tjenesten" in html) is closed


@pytest.mark.parametrize("persona", ["secretariat", "member", "decision_maker", "anonymous"])
def test_item_link_and_documents_follow_meeting_visibility(
    followup_world: FollowupWorld, persona: str
) -> None:
    w = followup_world
    closed_doc = add_document(
        w.closed_statement,
        by=w.m.secretariat,
        upload=pdf_upload("hemmelig.pdf"),
        title="Hemmelig vedlegg",
    )
    public_doc = add_document(
        w.statement, by=w.m.secretariat, upload=pdf_upload(), title="Planutkast"
    )
    closed = give(w, w.closed_statement)
    public = give(w)
    client = w.client(persona)

    html = text(client.get(public.get_absolute_url()))
    assert reverse("meetings:item_detail", args=[w.statement.pk]) in html
    assert reverse("meetings:document", args=[public_doc.pk]) in html

    response = client.get(closed.get_absolute_url())
    if persona == "anonymous":
        assert response.status_code == 404
        return
    html = text(response)
    # The decision-maker sees the closed advice, but not the closed agenda item.
    sees_item = persona in {"secretariat", "member"}
    assert (reverse("meetings:item_detail", args=[w.closed_statement.pk]) in html) is sees_item
    assert (reverse("meetings:document", args=[closed_doc.pk]) in html) is sees_item
    assert ("Hemmelig vedlegg" in html) is sees_item


def test_overdue_warning_and_timeline(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(
        w,
        given_on=today() - datetime.timedelta(days=60),
        due_on=today() - datetime.timedelta(days=2),
    )
    html = text(w.client("anonymous").get(advice.get_absolute_url()))
    assert "Svarfristen er passert" in html
    assert "Ingen svar ennå." in html

    answer(advice, w.decision_maker, S.CONSIDERING, "", link="https://kommune.example.org/sak/7")
    answer(
        advice,
        w.decision_maker,
        S.NOT_FOLLOWED,
        "Vi har ikke råd i år.",
        document=pdf_upload("Svar fra rådmannen.pdf"),
    )
    html = text(w.client("anonymous").get(advice.get_absolute_url()))
    assert "Svarfristen er passert" not in html
    assert html.index("Til behandling") < html.index("Vi har ikke råd i år.")
    assert 'href="https://kommune.example.org/sak/7"' in html
    response_pk = advice.responses.get(status=S.NOT_FOLLOWED).pk
    assert reverse("followup:response_document", args=[response_pk]) in html
    assert "Dokument: Svar fra rådmannen.pdf" in html
    assert f"Status: {S.NOT_FOLLOWED.label}" in html


def test_finished_advice_has_no_answer_form(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    answer(advice, w.decision_maker, S.FOLLOWED, "Fulgt.")
    answer(advice, w.decision_maker, S.IMPLEMENTED, "Gjennomført i august.")
    html = text(w.client("decision_maker").get(advice.get_absolute_url()))
    assert reverse("followup:advice_answer", args=[advice.pk]) not in html
    assert "Rådet er gjennomført. Det kan ikke få flere svar." in html


def test_answer_form_offers_only_allowed_statuses(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    answer(advice, w.decision_maker, S.CONSIDERING, "")
    html = text(w.client("decision_maker").get(advice.get_absolute_url()))
    offered = set(re.findall(r'name="status" value="(\w+)"', html))
    assert offered == {S.FOLLOWED, S.PARTLY, S.NOT_FOLLOWED}


# --- Answering ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
@pytest.mark.parametrize("closed", [False, True])
def test_answer_matrix(followup_world: FollowupWorld, persona: str, closed: bool) -> None:
    w = followup_world
    advice = give(w, w.closed_statement if closed else w.statement)
    response = w.client(persona).post(
        reverse("followup:advice_answer", args=[advice.pk]),
        {"status": S.RECEIVED, "text": ""},
    )
    advice.refresh_from_db()
    if persona in ANSWERERS:
        assert response.status_code == 302
        assert response.url == advice.get_absolute_url()
        assert advice.status == S.RECEIVED
        return
    assert advice.status == S.SENT
    if persona == "anonymous":
        assert is_login_redirect(response)
    elif closed and persona not in CLOSED_VIEWERS:
        assert response.status_code == 404
    else:
        assert response.status_code == 403


def test_answer_with_document_and_members_told(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    mail.outbox.clear()
    client = w.client("decision_maker")
    response = client.post(
        reverse("followup:advice_answer", args=[advice.pk]),
        {
            "status": S.PARTLY,
            "text": "Teleslynge i fem klasserom.",
            "responded_on": today().isoformat(),
            "document": pdf_upload("Vedtak.pdf"),
            "link": "https://kommune.example.org/vedtak",
        },
    )
    assert response.status_code == 302
    saved = advice.responses.get()
    assert (saved.status, saved.text, saved.document_name, saved.link) == (
        S.PARTLY,
        "Teleslynge i fem klasserom.",
        "Vedtak.pdf",
        "https://kommune.example.org/vedtak",
    )
    assert "medlem@example.org" in {a for m in mail.outbox for a in m.to}
    page = client.get(advice.get_absolute_url())
    assert "Svaret er registrert." in text(page)


@pytest.mark.parametrize(
    ("data", "message", "kept"),
    [
        (
            {"status": S.NOT_FOLLOWED, "text": "", "link": "https://kommune.example.org/x"},
            "Skriv en begrunnelse. En begrunnelse må følge med når rådet ikke følges.",
            'value="https://kommune.example.org/x"',
        ),
        (
            {"status": S.IMPLEMENTED, "text": "Gjennomført før svaret."},
            "Velg en av statusene i listen.",
            "Gjennomført før svaret.",
        ),
        (
            {"status": S.RECEIVED, "text": "Mottatt i går", "responded_on": "2099-01-01"},
            "Datoen kan ikke være fram i tid.",
            'value="2099-01-01"',
        ),
        (
            {"status": S.RECEIVED, "text": "Lenken", "link": "javascript:alert(1)"},
            "Skriv en hel nettadresse som begynner med https:// eller http://.",
            'value="javascript:alert(1)"',
        ),
        ({"text": "Uten status"}, "Velg status for svaret.", "Uten status"),
    ],
)
def test_answer_bad_input(
    followup_world: FollowupWorld, data: dict[str, str], message: str, kept: str
) -> None:
    w = followup_world
    advice = give(w)
    response = w.client("decision_maker").post(
        reverse("followup:advice_answer", args=[advice.pk]), data
    )
    html = text(response)
    assert response.status_code == 422
    assert 'class="mv-error-summary' in html or "mv-error-summary" in html
    assert message in html
    assert kept in html
    assert advice.title in html  # the whole advice page, not just the form
    assert advice.responses.count() == 0


def test_answer_with_a_bad_document(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    response = w.client("secretariat").post(
        reverse("followup:advice_answer", args=[advice.pk]),
        {
            "status": S.RECEIVED,
            "text": "Se vedlegg",
            "document": SimpleUploadedFile("svar.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 422
    assert "Innholdet i filen ble ikke gjenkjent" in text(response)
    assert "Se vedlegg" in text(response)
    assert advice.responses.count() == 0


def test_answer_to_finished_advice_is_refused(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    answer(advice, w.decision_maker, S.FOLLOWED, "Fulgt.")
    answer(advice, w.decision_maker, S.IMPLEMENTED, "Ferdig.")
    response = w.client("decision_maker").post(
        reverse("followup:advice_answer", args=[advice.pk]), {"status": S.FOLLOWED, "text": "x"}
    )
    assert response.status_code == 422
    assert "Rådet er ferdig behandlet (gjennomført)" in text(response)


def test_answer_page_is_post_only(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    response = w.client("decision_maker").get(reverse("followup:advice_answer", args=[advice.pk]))
    assert response.status_code == 405


# --- Response documents ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
@pytest.mark.parametrize("closed", [False, True])
def test_response_document_matrix(
    followup_world: FollowupWorld, persona: str, closed: bool
) -> None:
    w = followup_world
    advice = give(w, w.closed_statement if closed else w.statement)
    saved = answer(advice, w.decision_maker, S.RECEIVED, "", document=pdf_upload("Brev.pdf"))
    response = w.client(persona).get(reverse("followup:response_document", args=[saved.pk]))
    visible = persona in CLOSED_VIEWERS if closed else True
    if not visible:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Brev.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert ("no-store" in response["Cache-Control"]) is closed


def test_response_without_document_is_404(followup_world: FollowupWorld) -> None:
    w = followup_world
    saved = answer(give(w), w.decision_maker, S.RECEIVED, "")
    response = w.client("secretariat").get(reverse("followup:response_document", args=[saved.pk]))
    assert response.status_code == 404


# --- Sending a statement as advice --------------------------------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
@pytest.mark.parametrize("closed", [False, True])
def test_advice_create_page_matrix(
    followup_world: FollowupWorld, persona: str, closed: bool
) -> None:
    w = followup_world
    item = w.closed_statement if closed else w.statement
    response = w.client(persona).get(reverse("followup:advice_create", args=[item.pk]))
    if persona == "anonymous":
        assert is_login_redirect(response)
    elif persona == "secretariat":
        assert response.status_code == 200
        html = text(response)
        assert "Send sak" in html
        assert "Dina Direktør (leder@example.org)" in html
        assert "Rådet ber om" in html  # prefilled from the approved minutes
        due = w.past_meeting.local_date + datetime.timedelta(weeks=6)
        assert f'value="{due.isoformat()}"' in html
    elif closed and persona not in {"member", "deputy"}:
        assert response.status_code == 404
    else:
        assert response.status_code == 403


def test_advice_create_post(followup_world: FollowupWorld) -> None:
    w = followup_world
    response = w.client("secretariat").post(
        reverse("followup:advice_create", args=[w.statement.pk]),
        {
            "addressee_kind": AddresseeKind.DECISION_MAKER,
            "addressee_user": w.decision_maker.pk,
            "title": "Teleslynge i klasserom",
            "text": "<p>Rådet ber om teleslynge.</p>",
            "given_on": w.past_meeting.local_date.isoformat(),
            "due_on": (today() + datetime.timedelta(days=30)).isoformat(),
        },
    )
    advice = Advice.objects.get()
    assert response.status_code == 302
    assert response.url == advice.get_absolute_url()
    assert (advice.title, advice.addressee_user, advice.due_on) == (
        "Teleslynge i klasserom",
        w.decision_maker,
        today() + datetime.timedelta(days=30),
    )
    again = w.client("secretariat").get(reverse("followup:advice_create", args=[w.statement.pk]))
    assert again.status_code == 302
    assert again.url == advice.get_absolute_url()


@pytest.mark.parametrize(
    ("data", "message", "kept"),
    [
        (
            {"addressee_kind": AddresseeKind.BODY, "addressee_email": "post@kommune.example.org"},
            "Skriv navnet på organet rådet skal til.",
            'value="post@kommune.example.org"',
        ),
        (
            {"addressee_kind": AddresseeKind.DECISION_MAKER, "title": "Min tittel"},
            "Velg hvilken beslutningstaker rådet skal til.",
            'value="Min tittel"',
        ),
        (
            {
                "addressee_kind": AddresseeKind.BODY,
                "addressee_name": "Kommunestyret",
                "addressee_email": "ikke e-post",
            },
            "Skriv en gyldig e-postadresse",
            'value="Kommunestyret"',
        ),
        (
            {
                "addressee_kind": AddresseeKind.BODY,
                "addressee_name": "Kommunestyret",
                "given_on": "2030-05-01",
                "due_on": "2030-04-01",
            },
            "Svarfristen må være etter datoen rådet er gitt (01.05.2030).",
            'value="2030-04-01"',
        ),
        ({"addressee_name": "Uten valg"}, "Velg hvem rådet skal til.", 'value="Uten valg"'),
    ],
)
def test_advice_create_bad_input(
    followup_world: FollowupWorld, data: dict[str, str], message: str, kept: str
) -> None:
    w = followup_world
    response = w.client("secretariat").post(
        reverse("followup:advice_create", args=[w.statement.pk]), data
    )
    html = text(response)
    assert response.status_code == 422
    assert "mv-error-summary" in html
    assert message in html
    assert kept in html
    assert not Advice.objects.exists()


def test_advice_create_text_required_before_minutes(followup_world: FollowupWorld) -> None:
    w = followup_world
    item = statement(w, "Tidlig uttalelse", meeting=w.m.meeting)
    w.m.meeting.agenda_published_at = w.past_meeting.agenda_published_at
    w.m.meeting.save(update_fields=["agenda_published_at"])
    url = reverse("followup:advice_create", args=[item.pk])
    page = w.client("secretariat").get(url)
    assert "Protokollen er ikke godkjent ennå" in text(page)
    response = w.client("secretariat").post(
        url, {"addressee_kind": AddresseeKind.BODY, "addressee_name": "Kommunestyret"}
    )
    assert response.status_code == 422
    assert "Skriv uttalelsen." in text(response)


def test_advice_create_refuses_other_items(followup_world: FollowupWorld) -> None:
    w = followup_world
    draft = statement(w, "Ikke publisert", meeting=w.m.meeting)
    page = w.client("secretariat").get(reverse("followup:advice_create", args=[draft.pk]))
    assert "Sakskartet er ikke publisert" in text(page)
    response = w.client("secretariat").post(
        reverse("followup:advice_create", args=[draft.pk]),
        {
            "addressee_kind": AddresseeKind.BODY,
            "addressee_name": "Kommunestyret",
            "text": "<p>x</p>",
        },
    )
    assert response.status_code == 422
    assert "Sakskartet er ikke publisert" in text(response)
    assert not Advice.objects.exists()


# --- The agenda item page ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_item_page_shows_advice_or_send_link(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    client = w.client(persona)
    url = reverse("meetings:item_detail", args=[w.statement.pk])
    create = reverse("followup:advice_create", args=[w.statement.pk])
    html = text(client.get(url))
    assert (create in html) is (persona == "secretariat")
    assert ("Send som råd" in html) is (persona == "secretariat")

    advice = give(w)
    html = text(client.get(url))
    assert create not in html
    assert advice.get_absolute_url() in html
    assert "Sendt som råd til Dina Direktør." in html
    assert "Status: Sendt, venter på svar" in html


def test_item_page_hides_advice_the_user_may_not_see(followup_world: FollowupWorld) -> None:
    """A private arena's item is visible to the platform admin; its advice is not."""
    w = followup_world
    meeting = make_meeting(w.m.private_arena, today() - datetime.timedelta(days=3))
    item = statement(w, "Uttalelse i lukket gruppe", meeting=meeting)
    meeting.agenda_published_at = w.past_meeting.agenda_published_at
    meeting.save(update_fields=["agenda_published_at"])
    advice = give(w, item, text="<p>Råd i lukket gruppe.</p>")
    url = reverse("meetings:item_detail", args=[item.pk])
    admin_page = w.client("platform_admin").get(url)
    assert admin_page.status_code == 200
    assert advice.get_absolute_url() not in text(admin_page)
    assert advice.get_absolute_url() in text(w.client("member").get(url))


def test_item_page_without_statement_has_no_block(followup_world: FollowupWorld) -> None:
    w = followup_world
    item = statement(w, "Orientering om budsjett")
    AgendaItem.objects.filter(pk=item.pk).update(kind=ItemKind.INFORMATION)
    html = text(w.client("secretariat").get(reverse("meetings:item_detail", args=[item.pk])))
    assert "Send som råd" not in html


# --- The secretariat's overview ---------------------------------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_secretariat_page_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    make_arena(w.m.other_service, ArenaKind.ELDRERAD, name="Eldrerådet i Annen kommune")
    advice = give(w, w.closed_statement)
    response = w.client(persona).get(reverse("followup:secretariat"))
    if persona == "anonymous":
        assert is_login_redirect(response)
        return
    if persona not in {"secretariat", "other_secretariat"}:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = text(response)
    ours = persona == "secretariat"
    assert (advice.title in html) is ours
    assert (w.statement.title in html) is ours
    assert (reverse("followup:advice_create", args=[w.statement.pk]) in html) is ours
    if not ours:
        assert "Ingen råd er sendt ennå." in html


def test_secretariat_page_orders_and_filters(followup_world: FollowupWorld) -> None:
    w = followup_world
    later = statement(w, "Uttalelse uten protokoll", meeting=w.m.meeting)
    w.m.meeting.agenda_published_at = w.past_meeting.agenda_published_at
    w.m.meeting.save(update_fields=["agenda_published_at"])
    third = statement(w, "Uttalelse om skyss")
    answered = give(w, third, text="<p>Skyss.</p>")
    answer(answered, w.decision_maker, S.FOLLOWED, "Fulgt.")
    waiting = give(w, w.closed_statement)
    overdue = give(
        w,
        given_on=today() - datetime.timedelta(days=60),
        due_on=today() - datetime.timedelta(days=1),
    )
    approved = statement(w, "Uttalelse med godkjent protokoll")
    client = w.client("secretariat")
    html = text(client.get(reverse("followup:secretariat")))
    # Items without advice: the one whose minutes are approved first.
    assert html.index(approved.title) < html.index(later.title)
    assert "Ikke godkjent" in html
    assert reverse("followup:advice_create", args=[approved.pk]) in html
    assert reverse("followup:advice_create", args=[w.statement.pk]) not in html
    # Advice: overdue first, then waiting, then answered.
    assert html.index(overdue.title) < html.index(waiting.title) < html.index(answered.title)
    assert "Frist passert" in html

    only_overdue = text(client.get(reverse("followup:secretariat"), {"status": "overdue"}))
    assert overdue.title in only_overdue
    assert waiting.title not in only_overdue
    followed = text(client.get(reverse("followup:secretariat"), {"status": S.FOLLOWED}))
    assert answered.title in followed and overdue.title not in followed
    private = text(
        client.get(reverse("followup:secretariat"), {"arena": str(w.m.private_arena.pk)})
    )
    assert "Ingen råd passer filteret." in private
    assert later.title not in private


def test_secretariat_page_empty_state(followup_world: FollowupWorld) -> None:
    w = followup_world
    html = text(w.client("secretariat").get(reverse("followup:secretariat")))
    assert "Ingen råd er sendt ennå. Send en uttalelse som råd fra listen over." in html


# --- The decision-maker's list ------------------------------------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_decision_maker_page_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    advice = give(w, w.closed_statement)
    response = w.client(persona).get(reverse("followup:decision_maker"))
    if persona == "anonymous":
        assert is_login_redirect(response)
    elif persona == "decision_maker":
        assert response.status_code == 200
        assert advice.title in text(response)
    else:
        assert response.status_code == 403


def test_decision_maker_page_lists_waiting_and_answered(followup_world: FollowupWorld) -> None:
    w = followup_world
    overdue = give(
        w,
        given_on=today() - datetime.timedelta(days=60),
        due_on=today() - datetime.timedelta(days=1),
    )
    waiting = give(w, w.closed_statement)
    done = give(w, statement(w, "Uttalelse om skyss"), text="<p>Skyss.</p>")
    answer(done, w.decision_maker, S.PARTLY, "Delvis.")
    to_body = give(
        w,
        statement(w, "Uttalelse til kommunestyret"),
        text="<p>x</p>",
        addressee_kind=AddresseeKind.BODY,
        addressee_name="Kommunestyret",
    )
    # Another decision-maker at the same service sees advice to the service too.
    colleague = UserFactory(email="kollega@example.org")
    RoleFactory(user=colleague, organisation=w.m.service, role=RoleKind.DECISION_MAKER)
    for user in (w.decision_maker, colleague):
        client = w.client("anonymous")
        client.force_login(user)
        html = text(client.get(reverse("followup:decision_maker")))
        waiting_part, answered_part = html.split('id="answered-heading"')
        assert waiting_part.index(overdue.title) < waiting_part.index(waiting.title)
        assert "Frist passert" in waiting_part
        assert done.title in answered_part and done.title not in waiting_part
        assert to_body.title not in html


def test_decision_maker_page_empty_state(followup_world: FollowupWorld) -> None:
    html = text(followup_world.client("decision_maker").get(reverse("followup:decision_maker")))
    assert "Ingen råd venter på svar." in html
    assert "Ingen råd er besvart ennå." in html


def test_decision_maker_list_follows_an_answer_at_once(followup_world: FollowupWorld) -> None:
    """The lists' ids and figures are cached per service: an answer retires them."""
    w = followup_world
    advice = give(w, w.closed_statement)
    client = w.client("decision_maker")
    url = reverse("followup:decision_maker")
    waiting_part = text(client.get(url)).split("Besvart")[0]
    assert advice.title in waiting_part and "1 råd venter på svar" in waiting_part
    answer(advice, w.decision_maker, S.FOLLOWED, "Fulgt.")
    html = text(client.get(url))
    assert "Ingen råd venter på svar." in html
    assert advice.title in html.split("Besvart", 1)[1]


def test_a_former_decision_maker_has_no_list(followup_world: FollowupWorld) -> None:
    """Advice is addressed by name only to a decision-maker of the service; who no longer
    holds the role answers nothing there and has no list."""
    w = followup_world
    give(w, w.closed_statement)
    w.decision_maker.roles.filter(role=RoleKind.DECISION_MAKER).delete()
    client = w.client("anonymous")
    client.force_login(w.decision_maker)
    assert client.get(reverse("followup:decision_maker")).status_code == 403


def test_other_services_decision_maker_sees_none_of_ours(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w, w.closed_statement)
    other = UserFactory(email="leder-annen@example.org")
    RoleFactory(user=other, organisation=w.m.other_service, role=RoleKind.DECISION_MAKER)
    client = w.client("anonymous")
    client.force_login(other)
    assert advice.title not in text(client.get(reverse("followup:decision_maker")))
    assert client.get(advice.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("followup:advice_answer", args=[advice.pk]), {"status": S.RECEIVED}
    )
    assert response.status_code == 404


# --- Query counts ---------------------------------------------------------------------------------


def add_advice(w: FollowupWorld, count: int, start: int) -> None:
    """``count`` statement items, each with advice in a different state, plus as many
    statement items without advice."""
    meeting = w.past_meeting
    first = 1 + max(AgendaItem.objects.values_list("number", flat=True))
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=meeting,
                arena=meeting.arena,
                year=meeting.local_date.year,
                number=first + i,
                position=100 + start + i,
                kind=ItemKind.STATEMENT,
                title=f"Uttalelse nummer {start + i}",
            )
            for i in range(2 * count)
        ]
    )
    statuses = list(S.values)
    Advice.objects.bulk_create(
        [
            Advice(
                arena=meeting.arena,
                item=item,
                meeting=meeting,
                title=f"Råd nummer {start + i}",
                text="<p>Råd.</p>",
                addressee_kind=AddresseeKind.DECISION_MAKER,
                addressee_user=w.decision_maker,
                addressee_name="Dina Direktør",
                given_on=today() - datetime.timedelta(days=50),
                due_on=today() + datetime.timedelta(days=i % 5 - 2),
                status=statuses[i % len(statuses)],
                first_answer_on=today() if statuses[i % len(statuses)] in {"followed"} else None,
            )
            for i, item in enumerate(items[:count])
        ]
    )
    # bulk_create sends no signals: retire what the cache registry keeps of these rows.
    touch(AgendaItem)
    touch(Advice)


def page_queries(w: FollowupWorld, persona: str, url: str) -> int:
    client = w.client(persona)
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [("secretariat", "followup:secretariat"), ("decision_maker", "followup:decision_maker")],
)
def test_list_queries_do_not_grow_with_rows(
    followup_world: FollowupWorld, persona: str, url_name: str
) -> None:
    w = followup_world
    # One advice in each state (so that every list on the page has rows), then fifty.
    add_advice(w, len(S.values), 0)
    url = reverse(url_name)
    few = page_queries(w, persona, url)
    add_advice(w, 50 - len(S.values), len(S.values))
    fifty = page_queries(w, persona, url)
    assert few == fifty
    # 50 advice: the list shows 25 a page; the decision-maker's only the unanswered, and
    # the last 10 answered below them.
    html = w.client(persona).get(url).content.decode()
    if persona == "secretariat":
        assert html.count("Råd nummer") == 25
        assert "page=2" in html
        second = w.client(persona).get(url, {"page": 2}).content.decode()
        assert second.count("Råd nummer") == 25
    else:
        waiting_part, answered_part = html.split('id="answered-heading"')
        unanswered = Advice.objects.unanswered().count()
        assert waiting_part.count("Råd nummer") == min(unanswered, 25)
        assert answered_part.count("Råd nummer") == min(50 - unanswered, 10)


def test_advice_page_queries_do_not_grow_with_responses(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    answer(advice, w.decision_maker, S.RECEIVED, "Mottatt.")
    url = advice.get_absolute_url()
    one = page_queries(w, "member", url)
    answer(advice, w.decision_maker, S.CONSIDERING, "Vurderes.")
    for status in (S.PARTLY, S.FOLLOWED, S.PARTLY, S.FOLLOWED):
        answer(advice, w.decision_maker, status, "Endret.", document=pdf_upload())
    many = page_queries(w, "member", url)
    assert one == many
