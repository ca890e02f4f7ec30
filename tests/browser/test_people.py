"""Mine oppdrag in a real browser: accommodation consent by keyboard only, axe on each page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from medvirk.people.domain.accommodation import AS_ORGANISER, record_reads
from medvirk.people.models import Accommodation
from tests.browser.helpers import force_login, tab_to
from tests.factories import ServiceFactory, UserFactory
from tests.factories.people import MembershipFactory, PersonFactory
from tests.factories.training import TrainingCourseFactory


def test_people_consent_by_keyboard(page: Page, live_server: Any, a11y: Any) -> None:
    user = UserFactory(email="medlem@example.org", name="Mona Medlem")
    person = PersonFactory(user=user, name="Mona Medlem")
    MembershipFactory(person=person, arena__name="Brukerrådet i Testkommune")
    force_login(page, live_server, user)

    page.goto("/personer/mine-oppdrag/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine oppdrag")
    expect(page.get_by_role("link", name="Brukerrådet i Testkommune", exact=True)).to_be_visible()
    a11y(page)

    page.goto("/personer/mine-oppdrag/profil/")
    page.get_by_label("Fødselsår").fill("1800")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    expect(page.get_by_label("Fødselsår")).to_have_value("1800")
    a11y(page)

    page.goto("/personer/mine-oppdrag/")
    tab_to(page, "a[href='/personer/mine-oppdrag/tilrettelegging/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilrettelegging")
    a11y(page)
    tab_to(page, "#id_needs")
    page.keyboard.type("Trenger teleslynge")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit].ds-button[data-variant=primary]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Samtykket og opplysningene er lagret.")).to_be_visible()
    expect(page.get_by_text("Lagring av behov for tilrettelegging")).to_be_visible()
    assert Accommodation.objects.get(person=person).needs == "Trenger teleslynge"
    a11y(page)

    tab_to(page, "a[href='/personer/mine-oppdrag/tilrettelegging/trekk/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trekk samtykket")
    a11y(page)
    tab_to(page, "button[data-color=danger]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Samtykket er trukket tilbake")).to_be_visible()
    assert Accommodation.objects.filter(person=person).count() == 0


def test_people_resign_from_a_seat_after_confirming(
    page: Page, live_server: Any, a11y: Any
) -> None:
    user = UserFactory(email="rita@example.org", name="Rita Representant")
    person = PersonFactory(user=user, name="Rita Representant")
    MembershipFactory(person=person, arena__name="Eldrerådet i Testkommune")
    force_login(page, live_server, user)

    page.goto("/personer/mine-oppdrag/")
    page.get_by_role("link", name="Trekk deg fra vervet i Eldrerådet i Testkommune").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trekk deg fra vervet")
    a11y(page)
    page.get_by_role("button", name="Ja, trekk meg fra vervet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mine oppdrag")
    expect(page.get_by_role("status").first).to_be_visible()
    a11y(page)


def test_people_see_who_read_their_accommodation(page: Page, live_server: Any, a11y: Any) -> None:
    user = UserFactory(email="lest@example.org", name="Lise Lest")
    person = PersonFactory(user=user, name="Lise Lest")
    MembershipFactory(person=person, arena__name="Eldrerådet")
    force_login(page, live_server, user)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/personer/mine-oppdrag/tilrettelegging/lest-av/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvem har lest tilretteleggingen din")
    expect(page.get_by_text("Ingen andre har lest opplysningene")).to_be_visible()
    a11y(page)

    reader = UserFactory(email="sekr@example.org", name="Siri Sekretær")
    record_reads(
        [person],
        by=reader,
        organisation=ServiceFactory(name="Testkommune"),
        reader_as=AS_ORGANISER,
        about=TrainingCourseFactory(title="Grunnkurs for brukerrepresentanter"),
    )
    page.reload()
    expect(page.get_by_role("cell", name="Siri Sekretær")).to_be_visible()
    expect(page.get_by_role("cell", name="Testkommune")).to_be_visible()
    expect(page.get_by_role("cell", name="Grunnkurs for brukerrepresentanter")).to_be_visible()
    a11y(page)


def test_people_deletion_page_says_what_is_kept(page: Page, live_server: Any, a11y: Any) -> None:
    user = UserFactory(email="slett@example.org", name="Sara Slett")
    PersonFactory(user=user, name="Sara Slett")
    force_login(page, live_server, user)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/personer/mine-oppdrag/sletting/")
    expect(page.get_by_role("heading", name="Dette tar vi vare på, og hvorfor")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Ja, be om sletting").click()
    expect(page.get_by_text("Når kontoen er slettet, får du en bekreftelse")).to_be_visible()
    a11y(page)
