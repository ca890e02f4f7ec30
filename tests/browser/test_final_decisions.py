"""From advice to change (issue 16), in real Chromium: the secretariat reaches an advice
by links from the start page, records the service's case number and the final decision
(a date in the future is refused first, with what was typed kept), then imports a CSV of
decisions for two more advice: the dry run shows the one bad row with its line number,
and applying saves the good row. The public reads the advice's timeline with the
decision as its last step, and the accountability page's share. axe-core at 1280 and
320 px on every page, in bokmål, and again in nynorsk."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.followup.domain.final_decisions import set_case_reference
from medvirk.followup.models import FinalDecision
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import ItemKind
from tests.browser.helpers import force_login, use_language
from tests.browser.test_followup_flow import (
    ARENA,
    SERVICE,
    STATEMENT,
    checked,
    h1,
    make_cast,
    send_advice,
    submit,
    switch_user,
)

BODY = "Bystyret"


def test_final_decision_by_hand_and_by_import(
    page: Page, live_server: Any, a11y: Any, tmp_path: Any
) -> None:
    cast = make_cast(days_ago=40)
    today = timezone.localdate()
    advice = send_advice(cast)
    others = []
    for number, title in enumerate(("Uttalelse om skoleskyss", "Uttalelse om lekeplasser")):
        item = add_item(cast.meeting, by=cast.secretariat, kind=ItemKind.STATEMENT, title=title)
        other = send_advice(cast, item, text=f"<p>Rådet mener {number}.</p>")
        set_case_reference(
            other, by=cast.secretariat, service_case_number=f"26/{200 + number}", deciding_body=BODY
        )
        others.append(other)

    # --- The secretariat: start page → advice overview → the advice → its decision. ---
    force_login(page, live_server, cast.secretariat)
    page.goto("/konto/min-side/")
    page.get_by_role("link", name="Se alle råd og svar").click()
    expect(h1(page)).to_have_text("Råd og oppfølging")
    checked(page, a11y)
    # The start page's link shows the overdue advice; none is overdue, so: all of them.
    page.get_by_role("link", name="Vis alle", exact=True).click()
    page.get_by_role("link", name=re.compile(re.escape(advice.title))).first.click()
    expect(h1(page)).to_have_text(advice.title)
    page.get_by_role("link", name="Registrer saksnummer og endelig vedtak").click()
    expect(h1(page)).to_contain_text("Endelig vedtak")
    checked(page, a11y)

    page.get_by_label("Tjenestens saksnummer").fill("26/117")
    page.get_by_label("Organet som vedtar saken").fill(BODY)
    assert submit(page, "Lagre saksnummer og vedtaksorgan") == 302
    expect(page.get_by_text("Saksnummeret og vedtaksorganet er lagret.")).to_be_visible()

    later = today + datetime.timedelta(days=2)
    page.get_by_label("Vedtaksdato").fill(later.isoformat())
    page.get_by_label("Vedtatt delvis i tråd med rådet").check()
    page.get_by_label("Kort om vedtaket").fill("Teleslynge i nye klasserom.")
    assert submit(page, "Registrer vedtaket") == 422
    expect(page.locator(".ds-error-summary")).to_contain_text("fram i tid")
    expect(page.get_by_label("Kort om vedtaket")).to_have_value("Teleslynge i nye klasserom.")
    checked(page, a11y)
    page.get_by_label("Vedtaksdato").fill(today.isoformat())
    assert submit(page, "Registrer vedtaket") == 302
    expect(page.get_by_text("Det endelige vedtaket er registrert på rådet.")).to_be_visible()
    expect(page.locator("#final-decision")).to_contain_text(f"Endelig vedtak i {BODY}")
    checked(page, a11y)

    # --- The import: the dry run shows the bad row, applying saves the good one. -------
    page.goto("/oppfolging/sekretariat/")
    page.get_by_role("link", name=f"Importer vedtak for {SERVICE}").click()
    expect(h1(page)).to_have_text("Importer vedtak fra CSV")
    checked(page, a11y)
    csv = tmp_path / "vedtak.csv"
    csv.write_text(
        "saksnummer;dato;utfall;lenke\n"
        f"26/200;{today:%d.%m.%Y};i_tråd;https://kommune.example/vedtak/200\n"
        f"26/201;{today:%d.%m.%Y};kanskje;\n",
        encoding="utf-8",
    )
    page.get_by_label("CSV-fil med vedtak").set_input_files(str(csv))
    assert submit(page, "Kontroller filen") == 302
    expect(h1(page)).to_have_text("Kontrollrapport for vedtakene")
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Rad 3:")
    expect(errors).to_contain_text("Utfallet «kanskje» er ukjent")
    checked(page, a11y)
    assert not FinalDecision.objects.filter(advice__in=others).exists()
    assert submit(page, "Importer 1 vedtak") == 302
    expect(h1(page)).to_have_text("Importen er fullført")
    checked(page, a11y)
    assert FinalDecision.objects.filter(advice=others[0], imported=True).exists()
    assert not FinalDecision.objects.filter(advice=others[1]).exists()

    # --- The public reads the timeline, in bokmål and nynorsk. -------------------------
    switch_user(page, live_server, None)
    page.goto(advice.get_absolute_url())
    expect(page.locator("main")).to_contain_text("26/117")
    decision = page.locator("#final-decision")
    expect(decision).to_contain_text(f"Endelig vedtak i {BODY}")
    expect(decision).to_contain_text("Vedtatt delvis i tråd med rådet")
    checked(page, a11y)
    page.get_by_role("link", name=ARENA).first.click()
    expect(page.locator("#decisions-heading")).to_have_text("Fra råd til vedtak")
    checked(page, a11y)
    use_language(page, live_server, "nn")
    page.goto(advice.get_absolute_url())
    expect(page.locator("#final-decision")).to_contain_text(f"Endeleg vedtak i {BODY}")
    checked(page, a11y)
    page.goto(f"/oppfolging/arena/{cast.arena.pk}/")
    expect(page.locator("#decisions-heading")).to_have_text("Frå råd til vedtak")
    checked(page, a11y)

    # The secretariat's pages in nynorsk too.
    force_login(page, live_server, cast.secretariat)
    page.goto(f"/oppfolging/rad/{advice.pk}/vedtak/")
    expect(h1(page)).to_contain_text("Endeleg vedtak")
    checked(page, a11y)
    page.get_by_role("link", name="Importer vedtak for mange råd frå ei CSV-fil").click()
    expect(h1(page)).to_have_text("Importer vedtak frå CSV")
    checked(page, a11y)
    assert STATEMENT in advice.title
