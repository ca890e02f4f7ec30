"""CSV import in a real browser: upload, dry-run report, apply, result; axe-core on each page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from medvirk.directory.data import DATA_DIR, load_reference_data
from medvirk.directory.models import Organisation
from tests.browser.test_pages import force_login
from tests.conftest import enable_totp
from tests.factories import UserFactory


def test_import_flow_is_accessible_and_keyboard_usable(
    page: Page, live_server: Any, a11y: Any, tmp_path: Path
) -> None:
    load_reference_data()
    admin = UserFactory(email="drift@example.org", is_superuser=True, is_staff=True)
    enable_totp(admin)
    force_login(page, live_server, admin)
    bad = tmp_path / "feil.csv"
    bad.write_text("navn;type\nUten type;\nForeningen;ukjent\n", encoding="utf-8")

    page.goto("/katalog/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer organisasjoner fra CSV")
    a11y(page)

    # A file with rejected rows: a report without the apply button.
    page.get_by_label("CSV-fil med organisasjoner").set_input_files(str(bad))
    page.get_by_role("button", name="Kontroller filen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollrapport for importen")
    expect(page.get_by_role("button", name="Importer organisasjonene")).to_have_count(0)
    a11y(page)

    page.goto("/katalog/import/")
    page.get_by_label("CSV-fil med organisasjoner").set_input_files(
        str(DATA_DIR / "import_example.csv")
    )
    page.get_by_role("button", name="Kontroller filen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollrapport for importen")
    a11y(page)
    assert Organisation.objects.count() == 0

    page.get_by_role("button", name="Importer organisasjonene").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importen er fullført")
    a11y(page)
    assert Organisation.objects.count() == 4


def _main_fits(page: Page) -> None:
    """Nothing in the page's main content reaches past the viewport (no sideways scrolling
    for it; the tables scroll inside their own region)."""
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('main *'))
                 .filter(e => !e.closest('.mv-table-wrap'))
                 .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
                 .map(e => e.tagName + '#' + e.id)"""
    )
    assert wide == [], wide


def _check_both_widths(page: Page, a11y: Any) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        a11y(page)
        _main_fits(page)


def test_import_progress_page_polls_until_the_report_and_result(
    page: Page, live_server: Any, a11y: Any, db_tasks: Any
) -> None:
    """With the real task queue: the page waits, polls without moving focus, and swaps in
    the report (and later the result) when the worker has run the job."""
    load_reference_data()
    admin = UserFactory(email="drift@example.org", is_superuser=True, is_staff=True)
    enable_totp(admin)
    force_login(page, live_server, admin)

    page.goto("/katalog/import/")
    page.get_by_label("CSV-fil med organisasjoner").set_input_files(
        str(DATA_DIR / "import_example.csv")
    )
    page.get_by_role("button", name="Kontroller filen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollerer filen")
    expect(page.get_by_role("status").last).to_have_text("Kontrollen venter på tur.")
    _check_both_widths(page, a11y)

    # Polling leaves the keyboard focus where it is.
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_role("link", name="Oppdater").focus()
    with page.expect_response(lambda r: "seen=queued" in r.url):
        pass
    assert page.evaluate("() => document.activeElement.id") == "import-refresh"

    db_tasks()  # the worker runs the check
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollrapport for importen")
    expect(page.locator("#import-status")).to_have_text("Kontrollen er ferdig.")
    assert page.evaluate("() => window.stillTheSamePage") is True  # swapped, not reloaded
    _check_both_widths(page, a11y)
    assert Organisation.objects.count() == 0

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Importer organisasjonene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importerer organisasjonene")
    _check_both_widths(page, a11y)

    db_tasks()  # the worker runs the import
    expect(page.get_by_role("heading", level=1)).to_have_text("Importen er fullført")
    expect(page.locator("#import-status")).to_have_text("Importen er fullført.")
    _check_both_widths(page, a11y)
    assert Organisation.objects.count() == 4
