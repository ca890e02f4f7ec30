"""An invalid form answers 422 on every page (issue 20): the page re-renders with the
error summary and status 422 Unprocessable Content, the same everywhere. 400 is kept for
a request that is not a form at all (a claim link that no longer holds)."""

from __future__ import annotations

import re

from tests.source_scan import SRC

# (module, why): the only pages that answer 400.
ALLOWED = {
    "people/views.py": "an invalid or used claim link: no form to correct",
}


def test_no_page_answers_an_invalid_form_with_400() -> None:
    found = []
    for path in sorted(SRC.glob("*/views*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative in ALLOWED:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\b400\b", line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []
