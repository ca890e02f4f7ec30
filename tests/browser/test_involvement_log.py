"""The involvement log in Chromium: the secretariat reaches the service's log from the
start page by links, adds a hand-made entry (a bad date first: the error summary links
the field and keeps what was typed), filters the log and reads the charts; axe-core at
1280 and 320 CSS px in bokmål and nynorsk."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.involvement.domain.collect import collect_year
from medvirk.involvement.models import InvolvementEntry
from tests.browser.helpers import check_structure, force_login, use_language
from tests.involvement.conftest import (  # noqa: F401 - the fixtures this test uses
    LogWorld,
    followup_world,
    log_world,
    meeting_world,
)

WIDE = {"width": 1280, "height": 900}


def test_secretariat_keeps_and_reads_the_log(
    page: Page,
    live_server: Any,
    a11y: Any,
    log_world: LogWorld,  # noqa: F811
) -> None:
    w = log_world.f.m
    today = timezone.localdate()
    for year in {today.year, log_world.held.local_date.year}:
        collect_year(w.service, year=year)
    page.set_viewport_size(WIDE)  # type: ignore[arg-type]
    force_login(page, live_server, w.secretariat)

    page.goto(reverse("start:page"))
    page.get_by_role("link", name=f"Medvirkningslogg – {w.service.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Medvirkningslogg: {w.service.name}")
    check_structure(page)
    a11y(page)

    page.get_by_role("link", name="Før inn medvirkning").click()
    future = (today + datetime.timedelta(days=20)).isoformat()
    page.get_by_label("Dato").fill(future)
    page.get_by_label("Tittel").fill("Dialogkonferanse om hverdagsrehabilitering")
    page.get_by_label("Type medvirkning").select_option("dialogue_conference")
    page.get_by_role("radio", name="Systemnivå").check()
    page.get_by_role("radio", name="Dialog", exact=True).check()
    # The people to tick come with the arena (htmx); a ticked one stays when it changes.
    expect(page.get_by_role("checkbox", name=w.member_person.name)).to_have_count(0)
    page.get_by_label("Arena", exact=True).select_option(str(w.public_arena.pk))
    page.get_by_role("checkbox", name=w.member_person.name).check()
    page.get_by_label("Arena", exact=True).select_option("")
    expect(page.get_by_role("checkbox", name=w.member_person.name)).to_be_checked()
    expect(page.get_by_role("status").filter(has_text="Velg en arena")).to_be_visible()
    page.get_by_role("button", name="Lagre").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_contain_text(["Datoen kan ikke være i fremtiden"])
    expect(page.get_by_label("Tittel")).to_have_value("Dialogkonferanse om hverdagsrehabilitering")
    a11y(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Dato")).to_be_focused()
    page.get_by_label("Dato").fill(today.isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Medvirkningen er ført inn i loggen.")).to_be_visible()
    made = InvolvementEntry.objects.get(title="Dialogkonferanse om hverdagsrehabilitering")
    assert list(made.people.all()) == [w.member_person]
    expect(
        page.get_by_role("heading", name="Dialogkonferanse om hverdagsrehabilitering")
    ).to_be_visible()

    page.get_by_label("Type medvirkning").select_option("dialogue_conference")
    page.get_by_role("button", name="Vis medvirkning").click()
    rows = page.locator("section[aria-labelledby=list-heading] li.mv-result")
    expect(rows).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="i utvalget")).to_have_text(
        "1 medvirkning i utvalget"
    )

    level = page.get_by_role("img", name=f"Medvirkning per nivå i {today.year}")
    expect(level).to_have_count(1)
    table = page.locator("figure").filter(has=level).locator("table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(page.get_by_role("img", name=f"Medvirkning per grad i {today.year}")).to_have_count(1)
    check_structure(page)
    a11y(page)

    use_language(page, live_server, "nn")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text(w.service.name)
    check_structure(page)
    a11y(page)
    page.get_by_role("link", name="Før inn medverknad").click()
    a11y(page)
