"""A contact person confirms their entry through the link in a real e-mail, in Chromium."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.directory.domain.campaigns import start_campaign
from medvirk.directory.enums import RecipientState
from medvirk.directory.models import CampaignRecipient, Contact, Organisation
from tests.conftest import enable_totp
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

LINK = re.compile(r"(https?://\S+/katalog/kampanjer/bekreft/\d+/[A-Za-z0-9_-]+/)")


def test_campaign_link_confirm_with_corrected_phone(
    page: Page, a11y: Any, smtp_server: Any
) -> None:
    organisation = OrganisationFactory(name="Foreningen for testing")
    ContactFactory(
        organisation=organisation,
        name="Kari Hovedkontakt",
        email="kari@example.org",
        phone="22 33 44 55",
        is_primary=True,
    )
    admin = UserFactory(email="drift@example.org", is_superuser=True, is_staff=True)
    # `page` has pointed SITE_URL at the live server; mail goes out at once over SMTP.
    start_campaign(by=admin, name="Årlig bekreftelse")

    (message,) = smtp_server.to("kari@example.org")
    match = LINK.search(smtp_server.text(message))
    assert match is not None
    page.goto(match.group(1))

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bekreft opplysningene om Foreningen for testing"
    )
    a11y(page)
    phone = page.locator("#id_contacts-0-phone")
    expect(phone).to_have_value("22 33 44 55")
    phone.fill("12")
    page.get_by_role("button", name="Lagre endringene og bekreft").click()

    # A bad number: the form comes back with what was typed and an error summary.
    expect(page.get_by_role("heading", name="Skjemaet har feil som må rettes")).to_be_visible()
    expect(phone).to_have_value("12")
    expect(phone).to_have_attribute("aria-invalid", "true")
    a11y(page)
    assert Contact.objects.get(name="Kari Hovedkontakt").phone == "22 33 44 55"
    phone.fill("41 22 33 44")
    page.get_by_role("button", name="Lagre endringene og bekreft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for svaret")
    expect(page.get_by_role("status").first).to_contain_text("Endringene er lagret")
    a11y(page)
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.last_confirmed_at is not None
    assert Contact.objects.get(name="Kari Hovedkontakt").phone == "41 22 33 44"
    recipient = CampaignRecipient.objects.get(organisation=organisation)
    assert recipient.state == RecipientState.CHANGED

    page.goto(match.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lenken er allerede brukt")
    a11y(page)


def test_campaign_admin_pages_have_no_axe_violations(
    page: Page, a11y: Any, live_server: Any, smtp_server: Any
) -> None:
    organisation = OrganisationFactory(name="Foreningen for testing")
    ContactFactory(organisation=organisation, email="kari@example.org", is_primary=True)
    OrganisationFactory(name="Uten kontakt")
    admin = UserFactory(email="drift@example.org", is_superuser=True, is_staff=True)
    enable_totp(admin)
    start_campaign(by=admin, name="Forrige kampanje")
    # Log in as the platform admin without the TOTP dance: reuse a test client's session.
    client = Client()
    client.force_login(admin)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(reverse("directory:campaign_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreftelseskampanjer")
    a11y(page)
    page.get_by_role("button", name="Start kampanjen og send e-post").click()
    # The form suggests a name; the new campaign's dashboard follows.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Årlig bekreftelse {timezone.localdate().year}"
    )
    a11y(page)
    expect(page.get_by_role("cell", name="Uten kontakt")).to_be_visible()
    assert len(smtp_server.to("kari@example.org")) == 2
