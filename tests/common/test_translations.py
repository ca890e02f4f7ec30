"""Every user-facing string is in the catalogues and translated to nynorsk and English.

Source strings are bokmål (the default language). `make messages` refreshes the
catalogues; these tests fail when a string was added without running it, or
when a translation is missing or fuzzy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "medvirk"
LOCALE = SRC / "locale"


def msgids(po_file: Path) -> dict[str, tuple[str, bool]]:
    """msgid (with msgctxt and plural) -> (first msgstr, fuzzy?) for every live entry; the
    msgstr is empty when any plural form is."""
    entries: dict[str, tuple[str, bool]] = {}
    text = po_file.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not lines:
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        current = None
        parts: dict[str, str] = {}
        for line in lines:
            match = re.match(
                r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?|msgstr\[\d+\])\s+"(.*)"$', line
            )
            if match:
                current = match.group(1)
                parts[current] = parts.get(current, "") + match.group(2)
            elif line.startswith('"') and current:
                parts[current] += line[1:-1]
        if "msgid" not in parts or parts["msgid"] == "":
            continue
        key = (
            parts.get("msgctxt", "")
            + "\x04"
            + parts["msgid"]
            + "\x00"
            + parts.get("msgid_plural", "")
        )
        msgstr = parts.get("msgstr", parts.get("msgstr[0]", ""))
        forms = [value for name, value in parts.items() if name.startswith("msgstr[")]
        if forms and not all(forms):  # a plural form left empty: not translated
            msgstr = ""
        entries[key] = (msgstr, fuzzy)
    return entries


@pytest.mark.parametrize("catalogues", ["locale", "locale_vendor"])
@pytest.mark.parametrize("language", ["nn", "en"])
def test_catalogue_translates_every_string(language: str, catalogues: str) -> None:
    catalogue = msgids(SRC / catalogues / language / "LC_MESSAGES" / "django.po")
    missing = [
        key.split("\x04")[1].split("\x00")[0]
        for key, (msgstr, _) in catalogue.items()
        if not msgstr
    ]
    fuzzy = [
        key.split("\x04")[1].split("\x00")[0]
        for key, (_, is_fuzzy) in catalogue.items()
        if is_fuzzy
    ]
    assert missing == [], f"untranslated in {language}: {missing[:20]}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy[:20]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is installed by make test")
def test_catalogues_hold_every_string_in_the_source(tmp_path: Path) -> None:
    """Extract strings afresh and compare with the committed catalogues."""
    copy = tmp_path / "medvirk"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "nn",
            "--no-location",
            "--no-obsolete",
            "--ignore=static/vendor",
            "--ignore=locale_vendor",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "", "PATH": "/usr/bin:/bin"},
    )
    fresh = set(msgids(copy / "locale" / "nn" / "LC_MESSAGES" / "django.po"))
    committed = set(msgids(LOCALE / "nn" / "LC_MESSAGES" / "django.po"))
    new = sorted(key.split("\x04")[1].split("\x00")[0] for key in fresh - committed)
    assert new == [], f"strings missing from the catalogues (run `make messages`): {new[:20]}"
