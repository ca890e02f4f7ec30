"""Compensation in Chromium: a representative opens "Mine krav" from the start page by
links, adds a trip with a receipt to the claim for a meeting at 320 px by keyboard, reads
the amounts line by line and sends it; the chair approves one line and rejects another
with a reason; the payroll role exports the period and the CSV and XLSX files are read
back. The pages are checked with axe-core at 1280 and 320 CSS px in bokmål, nynorsk and
English."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.arenas.enums import MemberRole
from medvirk.compensation.domain.payment import save_payment_details
from medvirk.compensation.domain.rates import add_rate
from medvirk.compensation.domain.schemes import save_scheme
from medvirk.compensation.enums import ClaimStatus, Regime
from medvirk.compensation.models import Claim, StateRate
from tests.arenas.conftest import seat
from tests.browser.helpers import LANGUAGES, NARROW, force_login, tab_to, use_language
from tests.compensation.conftest import PNG, meeting_on, person_with_account, present
from tests.conftest import enable_totp
from tests.factories import RoleFactory, ServiceFactory, UserFactory
from tests.factories.people import ArenaFactory

NIN = "15108695088"
ACCOUNT = "86011117947"


def _world() -> dict[str, Any]:
    service = ServiceFactory(name="Helseforetaket")
    scheme = save_scheme(
        service, by=None, regime=Regime.HEALTH_TRUST, pay_code_fee="110", pay_code_travel="720"
    )
    add_rate(
        scheme,
        by=None,
        valid_from=timezone.localdate() - datetime.timedelta(days=400),
        hourly_fee=Decimal("500"),
        travel_min_km=Decimal("10"),
        km_rate=Decimal("3.50"),
    )
    arena = ArenaFactory(owner=service, name="Brukerutvalget")
    member_person, member = person_with_account("Mona Medlem", "mona@example.org")
    chair_person, chair = person_with_account("Lise Leder", "lise@example.org")
    member_seat = seat(arena, member_person)
    seat(arena, chair_person, MemberRole.CHAIR)
    meeting = meeting_on(arena, timezone.localdate() - datetime.timedelta(days=7))
    present(meeting, member_person, membership=member_seat)
    save_payment_details(member_person, by=member, nin=NIN, account=ACCOUNT)
    payroll = UserFactory(email="lonn@example.org")
    RoleFactory(user=payroll, organisation=service, role=RoleKind.PAYROLL)
    secretariat = UserFactory(email="sekr@example.org")
    RoleFactory(user=secretariat, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(secretariat)
    return {
        "service": service,
        "member": member,
        "chair": chair,
        "payroll": payroll,
        "secretariat": secretariat,
    }


def _as(page: Page, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    force_login(page, live_server, user)


def test_claim_travel_decision_and_payroll_export(
    page: Page, live_server: Any, a11y: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = _world()

    # The representative, on a phone-sized screen, by keyboard.
    page.set_viewport_size(NARROW)
    _as(page, live_server, world["member"])
    page.goto("/konto/min-side/")
    tab_to(page, "a[href='/godtgjoring/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine krav om godtgjøring")
    a11y(page)
    tab_to(page, "a[href^='/godtgjoring/krav/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Krav")
    a11y(page)
    tab_to(page, "#id_from_place")
    page.keyboard.type("Hjemme")
    page.keyboard.press("Tab")
    page.keyboard.type("Sykehuset")
    page.keyboard.press("Tab")
    page.keyboard.type("40")
    tab_to(page, "#id_receipt")
    page.locator("#id_receipt").set_input_files(
        {"name": "billett.png", "mimeType": "image/png", "buffer": PNG}
    )
    tab_to(page, "form[action$='/reise/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Reisen er lagt til.")).to_be_visible()
    lines = page.get_by_role("table", name="Linjer i kravet")
    expect(lines.get_by_role("row", name="Møtegodtgjøring")).to_contain_text("1 000,00")
    expect(lines.get_by_role("row").filter(has_text="Reise")).to_contain_text("140,00")
    expect(lines.get_by_role("link", name="Vedlegg: billett.png")).to_be_visible()
    expect(lines.locator("tfoot")).to_contain_text("1 140,00")
    a11y(page)
    tab_to(page, "form[action$='/send/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kravet er sendt til godkjenning.")).to_be_visible()
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.SUBMITTED

    # The chair approves the fee and rejects the trip with a reason.
    page.set_viewport_size({"width": 1280, "height": 900})
    _as(page, live_server, world["chair"])
    page.goto("/konto/min-side/")
    page.get_by_role("link", name="Mine krav om godtgjøring").first.click()
    page.get_by_role("link", name="Krav til godkjenning").click()
    a11y(page)
    page.get_by_role("link", name=f"Krav {claim.pk}").first.click()
    a11y(page)
    trip = page.locator("fieldset").filter(has_text="Reise")
    trip.get_by_label("Avvis denne linjen").check()
    trip.get_by_label("Begrunnelse for avvisning").fill("Reisen dekkes av pasientreiser.")
    page.get_by_role("button", name="Godkjenn kravet").click()
    expect(page.get_by_text("Kravet er godkjent.")).to_be_visible()
    claim.refresh_from_db()
    assert (claim.status, claim.total) == (ClaimStatus.APPROVED, Decimal("1000.00"))
    # Approved yesterday, as far as the closed period is concerned (it ends before today).
    Claim.objects.filter(pk=claim.pk).update(decided_at=timezone.now() - datetime.timedelta(days=1))

    # The payroll role exports the period and reads the files back.
    _as(page, live_server, world["payroll"])
    page.goto("/konto/min-side/")
    page.get_by_role("link", name="Godtgjøring: krav, godkjenning og lønn").click()
    page.get_by_role("link", name="Lønnseksport for Helseforetaket").click()
    a11y(page)
    page.get_by_role("button", name="Eksporter og merk som utbetalt").click()
    expect(page.get_by_text("Perioden er eksportert")).to_be_visible()
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").first.click()
    text = Path(csv_download.value.path()).read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel").first.click()
    workbook = io.BytesIO(Path(xlsx_download.value.path()).read_bytes())
    sheet = load_workbook(workbook, read_only=True).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    # One approved line (the fee); the rejected trip is not paid. Header row first.
    assert (len(rows), len(values)) == (2, 2)
    assert rows[1][:3] == [NIN, "Mona Medlem", ACCOUNT]
    assert [str(cell) for cell in values[1][:3]] == [NIN, "Mona Medlem", ACCOUNT]
    assert "110" in rows[1] and "1000.00" in ";".join(rows[1]).replace(",", ".")

    # Every page of the way, in the three languages, at 1280 and 320 CSS px.
    pages = {
        world["member"]: [
            "/godtgjoring/",
            claim.get_absolute_url(),
            "/godtgjoring/betalingsopplysninger/",
        ],
        world["chair"]: ["/godtgjoring/godkjenning/", claim.get_absolute_url()],
        world["payroll"]: [f"/godtgjoring/lonn/{world['service'].pk}/"],
        world["secretariat"]: [f"/godtgjoring/ordning/{world['service'].pk}/"],
    }
    for user, addresses in pages.items():
        _as(page, live_server, user)
        for language in LANGUAGES:
            use_language(page, live_server, language)
            for address in addresses:
                page.goto(address)
                expect(page.locator("html")).to_have_attribute(
                    "lang", {"nb": "nb", "nn": "nn", "en": "en"}[language]
                )
                a11y(page)


def test_meal_allowance_on_a_state_service_by_keyboard_at_320(
    page: Page, live_server: Any, a11y: Any
) -> None:
    """A service on the state's rates: the claimant adds a meal allowance by keyboard on
    a phone-sized screen; a bad number is named in the error summary and kept; the
    scheme page shows the state's table. axe-core on both pages."""
    world = _world()
    scheme = world["service"].compensation_scheme
    scheme.regime = Regime.STATE
    scheme.save()
    StateRate.objects.create(
        valid_from=datetime.date(2020, 1, 1),
        km_rate=Decimal("4.90"),
        allowance_6_12_hours=Decimal("360"),
        allowance_over_12_hours=Decimal("700"),
        allowance_per_night=Decimal("950"),
    )
    _as(page, live_server, world["member"])
    page.set_viewport_size(NARROW)
    page.goto("/godtgjoring/")
    page.get_by_role("link", name="Brukerutvalget").first.click()
    expect(page.get_by_role("heading", name="Legg til kostgodtgjøring")).to_be_visible()
    tab_to(page, "#id_allowance_hours")
    page.keyboard.type("30")
    tab_to(page, "form[action$='kostgodtgjoring/'] button[type=submit]")
    page.keyboard.press("Enter")
    summary = page.locator(".ds-error-summary a[href='#id_allowance_hours']")
    expect(summary).to_be_visible()
    expect(page.locator("#id_allowance_hours")).to_have_value("30")
    a11y(page)
    page.locator("#id_allowance_hours").fill("")
    tab_to(page, "#id_allowance_hours")
    page.keyboard.type("13")
    tab_to(page, "form[action$='kostgodtgjoring/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kostgodtgjøringen er lagt til.")).to_be_visible()
    expect(page.get_by_text("statens sats for over 12 timer")).to_be_visible()
    a11y(page)
    _as(page, live_server, world["secretariat"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/godtgjoring/ordning/{world['service'].pk}/")
    expect(page.get_by_role("table", name="Statens satser, nyeste først")).to_be_visible()
    a11y(page)
