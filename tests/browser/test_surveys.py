"""A survey built, published and sent by an organisation's admin; answered through a
personal link by keyboard alone at 320 CSS px; the results read and the free text
moderated. axe-core at 1280 and 320 on every page, the answer page also in nynorsk and
English."""

from __future__ import annotations

import datetime
import re
from typing import Any

from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.surveys.enums import Moderation, SurveyStatus
from medvirk.surveys.models import Answer, Question, Response, Survey
from tests.browser.helpers import NARROW, check_structure, force_login, tab_to, use_language
from tests.conftest import enable_totp
from tests.factories import (
    KommuneFactory,
    OrganisationFactory,
    RoleFactory,
    ServiceFactory,
    UserFactory,
)
from tests.factories.people import ArenaFactory
from tests.factories.surveys import DraftSurveyFactory
from tests.meetings.conftest import make_meeting
from tests.surveys.conftest import build_survey, respond

TITLE = "Hva synes du om bussen?"


def _add(page: Page, link: str, fields: dict[str, str], submit: str, a11y: Any = None) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=link).first.click()
    if a11y is not None:
        a11y(page)
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name=submit).click()


def test_survey_built_published_answered_by_keyboard_and_read(
    page: Page, live_server: Any, a11y: Any, mailoutbox: list[Any]
) -> None:
    organisation = OrganisationFactory(name="Brukerforeningen")
    admin = UserFactory(email="admin@example.org")
    RoleFactory(user=admin, organisation=organisation, role=RoleKind.ADMIN)
    KommuneFactory(name="Bodø")
    force_login(page, live_server, admin)

    page.goto(f"/undersokelser/organisasjon/{organisation.pk}/")
    expect(page.get_by_text("Ingen spørreundersøkelser ennå.")).to_be_visible()
    check_structure(page)
    a11y(page)
    page.get_by_role("link", name="Ny spørreundersøkelse").click()
    a11y(page)
    # Nothing filled in: the error summary names the title.
    page.get_by_label("Tittel (bokmål)").fill("")
    page.get_by_role("button", name="Opprett undersøkelsen").click()
    expect(page.locator(".ds-error-summary a[href='#id_title_nb']")).to_be_visible()
    a11y(page)
    page.get_by_label("Tittel (bokmål)").fill(TITLE)
    page.get_by_label("Personlige lenker på e-post (hver lenke kan brukes én gang)").check()
    page.get_by_role("button", name="Opprett undersøkelsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_structure(page)
    a11y(page)

    _add(page, "Legg til en del", {"Tittel på delen (bokmål)": "Om reisen"}, "Legg til delen", a11y)
    with page.expect_navigation():
        page.get_by_role("link", name="Legg til spørsmål").click()
    a11y(page)
    page.get_by_label("Ett valg").check()
    page.get_by_label("Spørsmål (bokmål)").fill("Hvor ofte tar du bussen?")
    page.get_by_label("Må besvares").check()
    page.get_by_role("button", name="Legg til spørsmålet").click()
    for label in ("Hver dag", "Sjeldnere", "Vet ikke"):
        _add(
            page,
            "Legg til svaralternativ",
            {"Svaralternativ (bokmål)": label},
            "Legg til svaralternativet",
            a11y if label == "Hver dag" else None,
        )
    # Deleting asks first: cancelling keeps the option, confirming deletes it.
    page.get_by_role("link", name=re.compile("^Slett.+Vet ikke$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slett svaralternativet")
    expect(page.get_by_text("«Vet ikke»")).to_be_visible()
    check_structure(page)
    a11y(page)
    page.get_by_role("link", name="Avbryt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("link", name=re.compile("^Slett.+Vet ikke$"))).to_have_count(1)
    page.get_by_role("link", name=re.compile("^Slett.+Vet ikke$")).click()
    page.get_by_role("button", name="Slett").click()
    expect(page.get_by_text("Svaralternativet er slettet.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Slett.+Vet ikke$"))).to_have_count(0)
    page.get_by_role("link", name="Legg til spørsmål").click()
    page.get_by_label("Skala 1–5").check()
    page.get_by_label("Spørsmål (bokmål)").fill("Hvor fornøyd er du?")
    page.get_by_label("Hva 1 betyr (bare for skala) (bokmål)").fill("Svært misfornøyd")
    page.get_by_label("Hva 5 betyr (bare for skala) (bokmål)").fill("Svært fornøyd")
    page.get_by_role("button", name="Legg til spørsmålet").click()
    page.get_by_role("link", name="Legg til spørsmål").click()
    page.get_by_label("Lang tekst").check()
    page.get_by_label("Spørsmål (bokmål)").fill("Hva kan bli bedre?")
    page.get_by_role("button", name="Legg til spørsmålet").click()
    a11y(page)  # the builder with questions, options and the order buttons

    page.get_by_role("link", name="Forhåndsvis").click()
    expect(page.get_by_text("Slik ser undersøkelsen ut for dem som svarer.")).to_be_visible()
    expect(page.get_by_role("button", name="Send svarene")).to_have_count(0)
    a11y(page)
    page.get_by_role("link", name="Tilbake til undersøkelsen").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Publiser").click()
    a11y(page)
    page.get_by_role("button", name="Publiser").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Send personlige lenker").click()
    a11y(page)
    page.get_by_label("E-postadresser").fill("ola@example.org")
    page.get_by_role("button", name="Send lenkene").click()
    expect(page.get_by_text("En personlig lenke er sendt.")).to_be_visible()

    # The tests' mail backend is Django's locmem (pytest-django): the sent message is here.
    [mail] = [message for message in mailoutbox if message.to == ["ola@example.org"]]
    match = re.search(r"/undersokelser/svar/p/\S+/", mail.body)
    assert match is not None, mail.body
    link = match.group(0)
    survey = Survey.objects.get(title_nb=TITLE)

    # The invited person: no account, keyboard only, 320 CSS px.
    page.context.clear_cookies()
    page.set_viewport_size(NARROW)
    page.goto(link)
    check_structure(page)
    a11y(page)
    single, scale, text = survey.questions.order_by("position")
    tab_to(page, f"#id_q{single.pk}_0")
    page.keyboard.press("Space")
    tab_to(page, f"#id_q{scale.pk}_0")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    tab_to(page, f"#id_q{text.pk}")
    page.keyboard.type("Flere avganger om kvelden.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for svarene")
    a11y(page)
    assert Answer.objects.get(question=scale).number == 4
    # The link works once.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lenken er allerede brukt")
    a11y(page)

    # The admin reads the results and approves the free text.
    page.set_viewport_size({"width": 1280, "height": 900})
    force_login(page, live_server, admin)
    page.goto(survey.get_absolute_url())
    page.get_by_role("link", name="Resultater").click()
    expect(page.get_by_text("1 svar i alt.")).to_be_visible()
    expect(page.get_by_text("Flere avganger om kvelden.")).to_have_count(0)
    check_structure(page)
    a11y(page)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Moderer fritekst")).click()
    a11y(page)
    page.get_by_role("button", name="Godkjenn svar 1").click()
    assert Answer.objects.get(question=text).moderation == Moderation.APPROVED
    page.goto(f"/undersokelser/{survey.pk}/resultater/")
    expect(page.get_by_text("Flere avganger om kvelden.")).to_be_visible()


def test_answer_page_in_three_languages_and_the_other_pages(
    page: Page, live_server: Any, a11y: Any
) -> None:
    organisation = OrganisationFactory(name="Brukerforeningen")
    admin = UserFactory(email="admin@example.org")
    RoleFactory(user=admin, organisation=organisation, role=RoleKind.ADMIN)
    built = build_survey(organisation=organisation, results_public=True)
    built.survey.title_nn = "Heimetenesta"
    built.survey.save()
    kommune = KommuneFactory(name="Bodø")
    for index in range(6):
        respond(
            built,
            kommune=kommune,
            text=f"Tekst {index}",
            moderation=Moderation.APPROVED if index % 2 else Moderation.PENDING,
        )
    for language in ("nb", "nn", "en"):
        use_language(page, live_server, language)
        page.goto(built.survey.get_answer_url())
        check_structure(page)
        a11y(page)
    use_language(page, live_server, "nb")
    page.goto(built.survey.get_answer_url())  # the cookie counts from the next request
    # Errors: the summary links to the fields, what was typed stays.
    page.get_by_label("Hva kan bli bedre?").fill("Noe jeg skrev")
    page.get_by_role("button", name="Send svarene").click()
    expect(page.locator(f".ds-error-summary a[href='#id_q{built.single.pk}']")).to_be_visible()
    expect(page.get_by_label("Hva kan bli bedre?")).to_have_value("Noe jeg skrev")
    a11y(page)
    page.goto(f"/undersokelser/{built.survey.pk}/sammendrag/")
    check_structure(page)
    a11y(page)
    force_login(page, live_server, admin)
    section, option = built.single.section, built.options[0]
    for path in (
        "resultater/",
        "moderering/",
        "endre/",
        "steng/",
        f"deler/{section.pk}/",
        f"sporsmal/{built.scale.pk}/",
        f"alternativ/{option.pk}/",
    ):
        page.goto(f"/undersokelser/{built.survey.pk}/{path}")
        a11y(page)
    assert Response.objects.count() == 6


def test_delete_confirm_pages_agenda_page_and_closed_survey(
    page: Page, live_server: Any, a11y: Any
) -> None:
    service = ServiceFactory(name="Helsetjenesten")
    secretariat = UserFactory(email="sekretariat@example.org")
    RoleFactory(user=secretariat, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(secretariat)
    arena = ArenaFactory(owner=service)
    make_meeting(arena, datetime.date(2026, 12, 3))
    built = build_survey(organisation=service, arena=arena, status=SurveyStatus.DRAFT)
    force_login(page, live_server, secretariat)
    for what, obj in (
        ("section", built.single.section),
        ("question", built.single),
        ("option", built.options[0]),
    ):
        page.goto(f"/undersokelser/{built.survey.pk}/{what}/{obj.pk}/slett/")
        check_structure(page)
        a11y(page)
    # Confirming deletes the section with its questions.
    page.goto(built.survey.get_absolute_url())
    page.get_by_role("link", name=re.compile("^Slett.+Om tjenesten$")).click()
    page.get_by_role("button", name="Slett").click()
    expect(page.get_by_text("Delen er slettet.")).to_be_visible()
    assert not Question.objects.filter(pk=built.single.pk).exists()

    # Publishing an empty survey is refused: the summary links to what is missing.
    empty = DraftSurveyFactory(organisation=service)
    page.goto(f"/undersokelser/{empty.pk}/publiser/")
    page.get_by_role("button", name="Publiser").click()
    expect(page.locator(".ds-error-summary a[href$='#sporsmal']").first).to_be_visible()
    check_structure(page)
    a11y(page)

    published = build_survey(organisation=service, arena=arena)
    respond(published)
    page.goto(f"/undersokelser/{published.survey.pk}/resultater/")
    page.get_by_role("link", name="Sett på sakskartet").click()
    check_structure(page)
    a11y(page)

    published.survey.closes_on = datetime.date(2026, 11, 10)
    published.survey.save()
    page.context.clear_cookies()
    page.goto(published.survey.get_answer_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Undersøkelsen er ikke åpen")
    check_structure(page)
    a11y(page)
