"""Answering a call: who may answer when, validation, the honeypot and the rate limit,
the receipt mail with its withdrawal link over real SMTP, withdrawal, and the public
pages (list, answer page) with their query counts and languages."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.common.tokens import hash_token
from medvirk.experiences.domain.answers import (
    ANSWER_RECEIVED,
    ANSWER_WITHDRAWN,
    LinkNotValid,
    recount_themes,
    submit_answer,
    withdraw_answer,
)
from medvirk.experiences.enums import Audience, ExperienceStatus, RoughWhen
from medvirk.experiences.models import Experience
from medvirk.experiences.views_answers import ANSWER_RATE
from medvirk.notifications.models import OutboxMail
from tests.conftest import Mailbox, Tenant
from tests.factories import KommuneFactory
from tests.factories.experiences import (
    ApprovedExperienceFactory,
    ExperienceCallFactory,
    ExperienceFactory,
    ThemeFactory,
)

ANSWER = {
    "what_happened": "Drosjen kom ikke, og jeg rakk ikke timen.",
    "service": "Pasientreiser",
    "when": RoughWhen.LAST_YEAR,
    "impact": "Ny time tre uker senere.",
    "would_have_helped": "En melding om forsinkelsen.",
}


def post_data(**overrides: Any) -> dict[str, Any]:
    return {**ANSWER, "kommune": "", "contact_name": "", "contact_email": "", **overrides}


# --- Domain: who may answer, and when --------------------------------------------------


def test_anyone_answers_a_link_call_without_an_account(db: Any) -> None:
    call = ExperienceCallFactory(audience=Audience.LINK)
    experience, token = submit_answer(call, by=AnonymousUser(), **ANSWER)
    assert experience.status == ExperienceStatus.PENDING
    assert experience.submitted_by is None
    assert token == ""
    assert experience.withdraw_token_hash == ""
    entry = ActivityLog.objects.get(action=ANSWER_RECEIVED)
    assert entry.actor is None
    assert entry.organisation == call.organisation
    # Never the text in the log.
    assert "Drosjen" not in str(entry.data) and "Drosjen" not in entry.object_repr


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("anonymous", False), ("member_a", True), ("admin_a", True), ("admin_b", False)],
)
def test_members_call_needs_a_role_in_the_organisation(
    org_a: Tenant, org_b: Tenant, persona: str, allowed: bool
) -> None:
    call = ExperienceCallFactory(organisation=org_a.organisation, audience=Audience.MEMBERS)
    user = {
        "anonymous": AnonymousUser(),
        "member_a": org_a.member,
        "admin_a": org_a.admin,
        "admin_b": org_b.admin,
    }[persona]
    if allowed:
        submit_answer(call, by=user, **ANSWER)
        assert Experience.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            submit_answer(call, by=user, **ANSWER)
        assert not Experience.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"published_at": None}, "unpublished"),
        ({"opens_on": datetime.date(2026, 11, 17)}, "not_open"),
        ({"closes_on": datetime.date(2026, 11, 15)}, "closed"),
    ],
)
def test_answers_only_while_the_call_is_open(db: Any, changes: dict[str, Any], code: str) -> None:
    dates = {"opens_on": datetime.date(2026, 11, 1), "closes_on": datetime.date(2026, 12, 31)}
    call = ExperienceCallFactory(**{**dates, **changes})
    with pytest.raises(ValidationError) as caught:
        submit_answer(call, by=AnonymousUser(), **ANSWER)
    assert caught.value.code == code
    assert not Experience.objects.exists()


def test_answers_on_the_opening_and_closing_day(db: Any) -> None:
    today = timezone.localdate()
    for call in (ExperienceCallFactory(opens_on=today), ExperienceCallFactory(closes_on=today)):
        submit_answer(call, by=AnonymousUser(), **ANSWER)
    assert Experience.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"what_happened": "   "}, "what_happened"),
        ({"what_happened": "x" * 5001}, "what_happened"),
        ({"impact": "x" * 3001}, "impact"),
        ({"service": "x" * 201}, "service"),
        ({"contact_consent": True}, "contact_email"),
        ({"contact_email": "ikke-en-adresse"}, "contact_email"),
        ({"when": "yesterday"}, "when"),
    ],
)
def test_answer_validation_names_the_field(db: Any, overrides: dict[str, Any], field: str) -> None:
    call = ExperienceCallFactory()
    with pytest.raises(ValidationError) as caught:
        submit_answer(call, by=AnonymousUser(), **{**ANSWER, **overrides})
    assert field in caught.value.message_dict
    assert not Experience.objects.exists()


def test_call_without_anonymous_answers_needs_name_and_email(db: Any) -> None:
    call = ExperienceCallFactory(allow_anonymous=False)
    with pytest.raises(ValidationError) as caught:
        submit_answer(call, by=AnonymousUser(), **ANSWER)
    assert set(caught.value.message_dict) == {"contact_name", "contact_email"}
    submit_answer(
        call, by=AnonymousUser(), contact_name="Kari", contact_email="kari@example.org", **ANSWER
    )
    assert Experience.objects.get().contact_name == "Kari"


def test_kommune_must_be_a_kommune(db: Any) -> None:
    call = ExperienceCallFactory()
    kommune = KommuneFactory()
    with pytest.raises(ValidationError) as caught:
        submit_answer(call, by=AnonymousUser(), kommune=kommune.parent, **ANSWER)
    assert "kommune" in caught.value.message_dict
    experience, _token = submit_answer(call, by=AnonymousUser(), kommune=kommune, **ANSWER)
    assert experience.kommune == kommune


def test_logged_in_anonymous_answer_keeps_no_account(org_a: Tenant) -> None:
    call = ExperienceCallFactory(organisation=org_a.organisation, audience=Audience.MEMBERS)
    anonymous, _t = submit_answer(call, by=org_a.member, **ANSWER)
    named, _t = submit_answer(
        call, by=org_a.member, contact_name="Mona", contact_email="m@example.org", **ANSWER
    )
    assert anonymous.submitted_by is None
    assert named.submitted_by == org_a.member


# --- Receipt mail and withdrawal --------------------------------------------------------


def test_receipt_arrives_over_smtp_with_a_working_withdrawal_link(
    db: Any, smtp_server: Mailbox, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://medvirk.example.no"
    call = ExperienceCallFactory(title="Transport til behandling")
    theme = ThemeFactory(call=call, organisation=call.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        experience, token = submit_answer(
            call,
            by=AnonymousUser(),
            contact_name="Kari",
            contact_email="kari@example.org",
            contact_consent=True,
            **ANSWER,
        )
    assert experience.withdraw_token_hash == hash_token(token)
    assert token not in str(Experience.objects.values_list().get())
    [message] = smtp_server.to("kari@example.org")
    assert "Transport til behandling" in str(message["Subject"])
    text = Mailbox.text(message).replace("\r\n", "\n")
    # The mail quotes nothing of the answer.
    assert "Drosjen" not in text
    assert "Teksten i svaret og kontaktopplysningene dine slettes 28.12.2027" in text
    link = re.search(r"https://medvirk\.example\.no(/erfaringer/trekk/[\w-]+/)", text)
    assert link is not None
    # The link works: a confirmation page, then the answer is gone from its themes.
    experience.status = ExperienceStatus.APPROVED
    experience.save()
    theme.experiences.add(experience)
    recount_themes([theme.pk])
    theme.refresh_from_db()
    assert theme.answer_count == 1
    client = Client()
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Ja, slett svaret" in page.content.decode()
    done = client.post(link.group(1))
    assert done.status_code == 200
    assert "Svaret er slettet" in done.content.decode()
    assert not Experience.objects.exists()
    theme.refresh_from_db()
    assert theme.answer_count == 0
    assert ActivityLog.objects.filter(action=ANSWER_WITHDRAWN).count() == 1
    # Reused: not valid any more.
    again = client.post(link.group(1))
    assert again.status_code == 404
    assert "Lenken virker ikke" in again.content.decode()
    assert client.get(link.group(1)).status_code == 404


def test_forged_withdrawal_link(client: Client, db: Any) -> None:
    ExperienceFactory(withdraw_token_hash=hash_token("the-real-one"))
    for token in ("forged", "x" * 43):
        response = client.get(f"/erfaringer/trekk/{token}/")
        assert response.status_code == 404
        assert "Lenken virker ikke" in response.content.decode()
        assert client.post(f"/erfaringer/trekk/{token}/").status_code == 404
    with pytest.raises(LinkNotValid):
        withdraw_answer(token="forged")
    with pytest.raises(LinkNotValid):
        withdraw_answer(token="")
    assert Experience.objects.count() == 1


def test_no_receipt_without_email(db: Any) -> None:
    submit_answer(ExperienceCallFactory(), by=AnonymousUser(), **ANSWER)
    assert not OutboxMail.objects.exists()


def test_recount_themes_counts_only_approved(db: Any) -> None:
    call = ExperienceCallFactory()
    theme, other = ThemeFactory(call=call), ThemeFactory(call=call, answer_count=7)
    theme.experiences.add(
        ApprovedExperienceFactory(call=call),
        ApprovedExperienceFactory(call=call),
        ExperienceFactory(call=call),
    )
    recount_themes([theme.pk, other.pk])
    theme.refresh_from_db()
    other.refresh_from_db()
    assert (theme.answer_count, other.answer_count) == (2, 0)
    recount_themes([])  # nothing to do, no error


# --- The public answer page --------------------------------------------------------------


def test_public_answer_page_sends_and_shows_a_receipt(client: Client, db: Any) -> None:
    call = ExperienceCallFactory(easy_read="Fortell hvordan reisen var.")
    kommune = KommuneFactory(name="Sogndal")
    page = client.get(call.get_public_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "helseopplysninger" in html
    assert "28.12.2027" in html  # the purge date
    assert "Sogndal" in html
    assert html.index("helseopplysninger") < html.index('name="what_happened"')
    assert "?lettlest=1" in html
    assert (
        "Fortell hvordan reisen var."
        in client.get(call.get_public_url() + "?lettlest=1").content.decode()
    )
    response = client.post(call.get_public_url(), post_data(kommune=str(kommune.pk)))
    assert response.status_code == 302
    assert response["Location"] == f"/erfaringer/svar/{call.code}/takk/"
    receipt = client.get(response["Location"]).content.decode()
    assert "Takk for svaret" in receipt
    assert "du får ingen kvittering" in receipt
    assert Experience.objects.get().kommune == kommune


def test_public_answer_page_bad_input_keeps_what_was_typed(client: Client, db: Any) -> None:
    call = ExperienceCallFactory()
    response = client.post(
        call.get_public_url(),
        post_data(what_happened="", impact="Det var tungt", contact_consent="on"),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_what_happened"' in html
    assert 'href="#id_contact_email"' in html
    assert "Det var tungt" in html
    oversized = client.post(call.get_public_url(), post_data(what_happened="x" * 5001))
    assert oversized.status_code == 422
    assert 'href="#id_what_happened"' in oversized.content.decode()
    assert not Experience.objects.exists()


def test_non_anonymous_call_form_requires_contact(client: Client, db: Any) -> None:
    call = ExperienceCallFactory(allow_anonymous=False)
    response = client.post(call.get_public_url(), post_data())
    assert response.status_code == 422
    html = response.content.decode()
    assert 'href="#id_contact_name"' in html and 'href="#id_contact_email"' in html


def test_html_in_an_answer_is_stored_as_text_and_escaped(
    client: Client, persona_client: Any, org_a: Tenant
) -> None:
    call = ExperienceCallFactory(organisation=org_a.organisation)
    script = '<script>alert("x")</script><b>fet</b>'
    client.post(call.get_public_url(), post_data(what_happened=script, service=script))
    experience = Experience.objects.get()
    assert experience.what_happened == script
    page = persona_client("admin_a").get(f"/erfaringer/svar/{experience.pk}/moderer/")
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<b>fet</b>" not in html


def test_honeypot_says_thanks_and_stores_nothing(client: Client, db: Any) -> None:
    call = ExperienceCallFactory()
    response = client.post(call.get_public_url(), post_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Experience.objects.exists()
    assert "Takk for svaret" in client.get(response["Location"]).content.decode()


def test_a_flood_from_one_address_is_refused(db: Any) -> None:
    call = ExperienceCallFactory()
    flood = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(ANSWER_RATE.limit):
        assert flood.post(call.get_public_url(), post_data()).status_code == 302
    refused = flood.post(call.get_public_url(), post_data(what_happened="Nummer elleve"))
    assert refused.status_code == 429
    assert "mange svar på kort tid" in refused.content.decode()
    assert "Nummer elleve" in refused.content.decode()  # kept for later
    assert Experience.objects.count() == ANSWER_RATE.limit
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(call.get_public_url(), post_data()).status_code == 302


def test_typing_mistakes_do_not_use_up_the_limit(db: Any) -> None:
    call = ExperienceCallFactory()
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(ANSWER_RATE.limit + 2):
        assert client.post(call.get_public_url(), post_data(what_happened="")).status_code == 422
    assert client.post(call.get_public_url(), post_data()).status_code == 302


def test_closed_not_open_and_unpublished_pages(
    client: Client, persona_client: Any, org_a: Tenant
) -> None:
    closed = ExperienceCallFactory(
        closes_on=datetime.date(2026, 11, 1), opens_on=datetime.date(2026, 10, 1)
    )
    later = ExperienceCallFactory(opens_on=datetime.date(2026, 12, 1))
    draft = ExperienceCallFactory(organisation=org_a.organisation, published_at=None)
    page = client.get(closed.get_public_url())
    assert page.status_code == 200
    assert "tar ikke imot flere svar" in page.content.decode()
    assert 'name="what_happened"' not in page.content.decode()
    assert client.post(closed.get_public_url(), post_data()).status_code == 200
    assert not Experience.objects.exists()
    assert "har ikke åpnet ennå" in client.get(later.get_public_url()).content.decode()
    assert client.get(draft.get_public_url()).status_code == 404
    assert client.get("/erfaringer/svar/finnesikke/").status_code == 404
    preview = persona_client("admin_a").get(draft.get_public_url())
    assert preview.status_code == 200
    assert "Forhåndsvisning" in preview.content.decode()


def test_members_call_page(client: Client, persona_client: Any, org_a: Tenant) -> None:
    call = ExperienceCallFactory(organisation=org_a.organisation, audience=Audience.MEMBERS)
    anonymous = client.get(call.get_public_url())
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/konto/login/")
    refused = persona_client("admin_b").get(call.get_public_url())
    assert refused.status_code == 403
    assert "bare for medlemmene" in refused.content.decode()
    assert persona_client("member_a").get(call.get_public_url()).status_code == 200


def test_public_list_shows_only_open_calls_for_everyone(client: Client, db: Any) -> None:
    empty = client.get("/erfaringer/").content.decode()
    assert "Ingen åpne innspillsrunder" in empty
    ExperienceCallFactory(title="Synlig runde", audience=Audience.EVERYONE)
    ExperienceCallFactory(title="Lenkerunde", audience=Audience.LINK)
    ExperienceCallFactory(title="Kladd", audience=Audience.EVERYONE, published_at=None)
    ExperienceCallFactory(
        title="Gammel", audience=Audience.EVERYONE, closes_on=datetime.date(2026, 11, 1)
    )
    html = client.get("/erfaringer/").content.decode()
    assert "Synlig runde" in html
    assert all(title not in html for title in ("Lenkerunde", "Kladd", "Gammel"))


def _count(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_public_pages_query_counts_do_not_grow(
    client: Client, db: Any, django_assert_num_queries: Any
) -> None:
    call = ExperienceCallFactory(audience=Audience.EVERYONE)
    KommuneFactory()
    one_list = _count(client, "/erfaringer/")
    one_answer = _count(client, call.get_public_url())
    for _ in range(2):
        ExperienceCallFactory(audience=Audience.EVERYONE)
        KommuneFactory()
    client.get(call.get_public_url())  # the kommune menu is read again once (a new region)
    with django_assert_num_queries(one_list):
        assert client.get("/erfaringer/").content.decode().count("/erfaringer/svar/") == 3
    with django_assert_num_queries(one_answer):
        assert client.get(call.get_public_url()).status_code == 200
    # The kommune menu is cached: no query for the regions on the second request.
    with CaptureQueriesContext(connection) as captured:
        client.get(call.get_public_url())
    assert not any("directory_region" in q["sql"] for q in captured)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nn", "Kva skjedde?"), ("en", "What happened?")],
)
def test_public_answer_page_in_nynorsk_and_english(
    client: Client, db: Any, language: str, expected: str
) -> None:
    call = ExperienceCallFactory(title="Transport til behandling")
    client.cookies["medvirk_language"] = language
    html = client.get(call.get_public_url()).content.decode()
    assert expected in html
    assert "Transport til behandling" in html  # the call's own text as written


def test_call_description_headings_sit_below_the_page_title(client: Client, db: Any) -> None:
    call = ExperienceCallFactory(description="<h1>Bakgrunn</h1><p>Tekst</p><script>x()</script>")
    html = client.get(call.get_public_url()).content.decode()
    assert "<h2>Bakgrunn</h2>" in html
    assert "<script>x()" not in html
