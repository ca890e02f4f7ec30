"""The whole appointment flow in real Chromium, by four personas.

The secretariat asks for candidates, the user organisation's administrator
nominates two people from its pool, the candidates consent through the link in
their e-mail, the umbrella's administrator recommends them (by keyboard alone)
and the secretariat appoints them. axe-core checks every page on the way.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.appointments.enums import NominationStatus
from medvirk.appointments.models import (
    AppointmentRequest,
    Decision,
    Nomination,
    Recommendation,
)
from medvirk.arenas.models import Membership
from medvirk.people.enums import Gender
from tests.browser.helpers import check_structure, focused, force_login, tab_to
from tests.conftest import Mailbox, enable_totp
from tests.factories import (
    OrganisationFactory,
    RoleFactory,
    ServiceFactory,
    UmbrellaFactory,
    UserFactory,
)
from tests.factories.people import AffiliationFactory, ArenaFactory, PersonFactory

TITLE = "Nye medlemmer til brukerutvalget"
KARI = "Kari Nordmann"
OLA = "Ola Nordmann"


def consent_link(mailbox: Mailbox, address: str, base_url: str) -> str:
    messages = mailbox.to(address)
    assert len(messages) == 1, [m["Subject"] for m in messages]
    match = re.search(r"https?://\S+/oppnevning/samtykke/\S+/", Mailbox.text(messages[0]))
    assert match is not None, Mailbox.text(messages[0])
    link = match.group(0)
    assert link.startswith(base_url)
    return link[len(base_url) :]


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_appointment_flow_by_four_personas(
    page: Page, live_server: Any, a11y: Any, smtp_server: Mailbox
) -> None:
    service = ServiceFactory(name="Testkommune")
    arena = ArenaFactory(
        owner=service,
        name="Brukerutvalget i Testkommune",
        members_count=2,
        deputies_count=0,
        gender_balance=True,
    )
    secretariat = UserFactory(email="sekretariat@example.org", name="Siri Sekretær")
    RoleFactory(user=secretariat, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(secretariat)
    umbrella = UmbrellaFactory(name="Paraplyen")
    umbrella_admin = UserFactory(email="paraply@example.org")
    RoleFactory(user=umbrella_admin, organisation=umbrella, role=RoleKind.ADMIN)
    user_org = OrganisationFactory(name="Brukerforeningen")
    user_org.umbrellas.add(umbrella)
    org_admin = UserFactory(email="forening@example.org")
    RoleFactory(user=org_admin, organisation=user_org, role=RoleKind.ADMIN)
    kari = PersonFactory(name=KARI, email="kari@example.org", gender=Gender.FEMALE)
    ola = PersonFactory(name=OLA, email="ola@example.org", gender=Gender.MALE)
    AffiliationFactory(person=kari, organisation=user_org)
    AffiliationFactory(person=ola, organisation=user_org)
    today = datetime.date.today()
    starts = today + datetime.timedelta(days=30)

    # --- Persona 1: the secretariat asks for candidates. ---------------------------
    force_login(page, live_server, secretariat)
    page.goto(arena.get_absolute_url())
    page.get_by_role("link", name="Ny forespørsel om kandidater").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ny forespørsel om kandidater til Brukerutvalget i Testkommune"
    )
    check_structure(page)
    a11y(page)
    page.get_by_label("Tittel").fill(TITLE)
    page.get_by_label("Perioden starter").fill(starts.isoformat())
    page.get_by_label("Perioden slutter").fill((starts + datetime.timedelta(days=700)).isoformat())
    page.get_by_label("Krav og ønsker").fill("Erfaring fra brukerorganisasjon.")
    page.get_by_label("Frist for forslag").fill((today + datetime.timedelta(days=14)).isoformat())
    # First without any organisation: the form comes back with an error summary.
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_role("button", name="Lagre utkast").click()
    assert response.value.status == 422
    summary = page.locator(".ds-error-summary")
    expect(summary).to_contain_text("Velg minst én organisasjon som skal inviteres.")
    expect(page.get_by_label("Tittel")).to_have_value(TITLE)
    check_structure(page)
    a11y(page)
    page.get_by_label("Paraplyen").check()
    page.get_by_label("Brukerforeningen").check()
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_structure(page)
    a11y(page)
    page.get_by_role("link", name="Send forespørselen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send forespørselen")
    check_structure(page)
    a11y(page)
    assert AppointmentRequest.objects.get().status == "draft"
    page.get_by_role("button", name="Ja, send forespørselen").click()
    expect(page.get_by_text("Forespørselen er sendt til organisasjonene.")).to_be_visible()
    a11y(page)
    request = AppointmentRequest.objects.get()
    assert request.status == "open"
    assert len(smtp_server.to("forening@example.org")) == 1
    assert len(smtp_server.to("paraply@example.org")) == 1
    page.goto("/konto/min-side/")
    check_structure(page)
    a11y(page)

    # --- Persona 2: the user organisation's administrator nominates. -------------
    page.context.clear_cookies()
    force_login(page, live_server, org_admin)
    page.goto("/oppnevning/mine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Forespørsler til oss")
    check_structure(page)
    a11y(page)
    page.get_by_role("link", name=TITLE).click()
    a11y(page)
    for name in (KARI, OLA):
        page.get_by_role("link", name="Foreslå en kandidat").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Foreslå en kandidat")
        check_structure(page)
        a11y(page)
        page.get_by_label("Velg en person fra oversikten deres").select_option(label=name)
        page.get_by_label("Motivasjon").fill(f"{name} kjenner tjenesten godt.")
        page.get_by_label("Nasjonalt eller lokalt").select_option(index=1)
        page.get_by_role("button", name="Foreslå kandidaten").click()
        expect(page.get_by_text(f"{name} er foreslått.")).to_be_visible()
    a11y(page)

    # --- Persona 3: each candidate consents through the e-mailed link. -----------
    page.context.clear_cookies()
    for address in ("kari@example.org", "ola@example.org"):
        page.goto(consent_link(smtp_server, address, live_server.url))
        expect(page.get_by_role("heading", level=1)).to_have_text("Samtykke til å bli foreslått")
        check_structure(page)
        a11y(page)
        page.get_by_role("button", name="Ja, jeg samtykker").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Takk for svaret")
        expect(page.locator("main")).to_contain_text("Du har samtykket.")
        check_structure(page)
        a11y(page)
    assert set(Nomination.objects.values_list("status", flat=True)) == {NominationStatus.CONSENTED}

    # --- Persona 2 again: the administrator confirms trust in both. ---------------
    force_login(page, live_server, org_admin)
    page.goto(request.get_absolute_url())
    for name in (KARI, OLA):
        page.get_by_role("button", name=f"Bekreft tillit til {name}").click()
        expect(page.get_by_text(f"Tilliten til {name} er bekreftet.")).to_be_visible()
    a11y(page)

    # --- Persona 4: the umbrella's administrator recommends, by keyboard alone. ---
    page.context.clear_cookies()
    force_login(page, live_server, umbrella_admin)
    page.goto("/oppnevning/mine/")
    tab_to(page, f"main a[href='{request.get_absolute_url()}']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    tab_to(page, "main a[href*='/innstilling/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Innstilling fra Paraplyen")
    check_structure(page)
    a11y(page)
    nominations = {n.person.name: n for n in Nomination.objects.select_related("person")}
    for rank, name in enumerate((KARI, OLA), start=1):
        pk = nominations[name].pk
        tab_to(page, f"#id_include_{pk}")
        page.keyboard.press("Space")
        expect(page.locator(f"#id_include_{pk}")).to_be_checked()
        type_into(page, f"#id_rank_{pk}", str(rank))
        type_into(page, f"#id_justification_{pk}", f"{name} har lang erfaring.")
    type_into(page, "#id_summary", "Begge har bred erfaring og god forankring.")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Innstillingen er lagret.")).to_be_visible()
    a11y(page)
    tab_to(page, "main form[action*='/innstilling/'] button")
    assert focused(page, "main form[action*='/innstilling/'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Innstillingen er sendt til sekretariatet.")).to_be_visible()
    check_structure(page)
    a11y(page)
    recommendation = Recommendation.objects.get(request=request, umbrella=umbrella)
    assert recommendation.submitted_at is not None
    assert recommendation.summary == "Begge har bred erfaring og god forankring."
    assert sorted(
        recommendation.entries.values_list("nomination__person__name", "rank", "justification")
    ) == [(KARI, 1, f"{KARI} har lang erfaring."), (OLA, 2, f"{OLA} har lang erfaring.")]

    # --- Persona 1 again: the secretariat appoints. ------------------------------
    page.context.clear_cookies()
    force_login(page, live_server, secretariat)
    page.goto(request.get_absolute_url())
    page.get_by_role("link", name="Se forslag til kandidater fra organisasjonenes pooler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kandidater for {TITLE}")
    check_structure(page)
    a11y(page)
    page.goto(request.get_absolute_url())
    page.get_by_role("link", name="Gå til oppnevning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Oppnevning: {TITLE}")
    check_structure(page)
    a11y(page)
    expect(page.locator("main form")).to_contain_text("Paraplyen: nr. 1")
    for name in (KARI, OLA):
        page.get_by_label(f"Rolle for {name}").select_option("member")
    page.get_by_role("button", name="Sjekk sammensetningen").click()
    expect(page.locator("#findings")).to_contain_text("Sammensetningen følger reglene for arenaen.")
    expect(page.get_by_label(f"Rolle for {KARI}")).to_have_value("member")
    a11y(page)
    page.get_by_role("button", name="Se over og oppnevn").click()
    # The binding step is confirmed on a summary page (WCAG 3.3.4); nothing is written yet.
    expect(page.get_by_role("heading", level=1)).to_have_text("Se over oppnevningen")
    expect(page.locator("main")).to_contain_text(KARI)
    check_structure(page)
    a11y(page)
    assert Decision.objects.filter(request=request).count() == 0
    page.get_by_role("button", name="Oppnevn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Oppnevnt: {TITLE}")
    expect(page.locator("main")).to_contain_text(KARI)
    expect(page.locator("main")).to_contain_text(OLA)
    check_structure(page)
    a11y(page)
    assert Decision.objects.filter(request=request).count() == 1
    assert sorted(
        Membership.objects.filter(arena=arena).values_list("person__name", flat=True)
    ) == [KARI, OLA]

    page.goto(arena.get_absolute_url())
    upcoming = page.locator("section[aria-labelledby=upcoming-heading]")
    expect(upcoming).to_contain_text(KARI)
    expect(upcoming).to_contain_text(OLA)
    check_structure(page)
    a11y(page)
