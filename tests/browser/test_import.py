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
