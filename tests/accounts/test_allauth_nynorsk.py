"""allauth ships bokmål but no nynorsk; Medvirk's own catalogue (locale_vendor) fills the gap."""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import pytest
from django.test import Client
from django.utils import translation

VENDOR_NN = (
    Path(__file__).resolve().parents[2] / "src/medvirk/locale_vendor/nn/LC_MESSAGES/django.po"
)
ALLAUTH_NB = Path(allauth.__file__).parent / "locale/nb/LC_MESSAGES/django.po"


def msgids(po_file: Path) -> dict[str, tuple[str, bool]]:
    """(msgctxt, msgid, msgid_plural) joined -> (first msgstr, fuzzy?) for each entry."""
    entries: dict[str, tuple[str, bool]] = {}
    for block in po_file.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        parts: dict[str, str] = {}
        current = ""
        for line in lines:
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if match:
                current = match.group(1)
                parts[current] = parts.get(current, "") + match.group(2)
            elif line.startswith('"') and current:
                parts[current] += line[1:-1]
        if parts.get("msgid"):
            key = "\x04".join(
                [parts.get("msgctxt", ""), parts["msgid"], parts.get("msgid_plural", "")]
            )
            entries[key] = (parts.get("msgstr", parts.get("msgstr[0]", "")), fuzzy)
    return entries


def test_nynorsk_catalogue_translates_every_allauth_string() -> None:
    ours = msgids(VENDOR_NN)
    missing = sorted(key for key in msgids(ALLAUTH_NB) if not ours.get(key, ("", False))[0])
    fuzzy = sorted(key for key, (_, is_fuzzy) in ours.items() if is_fuzzy)
    assert missing == []
    assert fuzzy == []


def test_nynorsk_catalogue_declares_plural_forms_and_utf8() -> None:
    header = VENDOR_NN.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Language: nn\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in header


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "Husk meg"),
        ("nn", "Hugs meg"),
        ("en", "Remember me"),
    ],
)
def test_login_page_speaks_the_chosen_language(
    client: Client, db: None, language: str, expected: str
) -> None:
    client.cookies["medvirk_language"] = language

    html = client.get("/konto/login/").content.decode()

    assert f'<html lang="{language}"' in html
    assert expected in html


def test_allauth_error_message_is_nynorsk(client: Client, db: None) -> None:
    client.cookies["medvirk_language"] = "nn"

    response = client.post("/konto/login/", {"login": "ingen@example.org", "password": "feil"})

    assert "E-postadressa og/eller passordet du skreiv inn, er feil." in response.content.decode()


def test_nynorsk_plural_form_is_used() -> None:
    with translation.override("nn"):
        text = translation.ngettext(
            "There is %(unused_count)s out of %(total_count)s recovery codes available.",
            "There are %(unused_count)s out of %(total_count)s recovery codes available.",
            2,
        ) % {"unused_count": 2, "total_count": 10}
    assert text == "Det er 2 av 10 gjenopprettingskodar att."


TWO_FACTOR_TERM = {
    "nb": "tofaktorinnlogging",
    "nn": "tofaktorinnlogging",
    "en": "two-factor authentication",
}
OTHER_TERMS = ["tofaktorautentisering", "Tofaktorautentisering", "totrinns", "Two-Factor"]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_two_factor_has_one_term_in_sentence_case(language: str) -> None:
    with translation.override(language):
        texts = [
            translation.gettext("Two-Factor Authentication"),
            translation.gettext("You cannot deactivate two-factor authentication."),
            translation.gettext(
                "Your account is protected by two-factor authentication. Please enter an"
                " authenticator code:"
            ),
            translation.gettext("Tofaktorinnlogging"),
        ]
    assert all(TWO_FACTOR_TERM[language] in text.lower() for text in texts), texts
    assert [t for t in texts for other in OTHER_TERMS if other in t] == []
    assert texts[0] == texts[3] == TWO_FACTOR_TERM[language].capitalize()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", "Endre passord"), ("nn", "Endre passord"), ("en", "Change password")],
)
def test_account_headings_in_sentence_case(language: str, expected: str) -> None:
    with translation.override(language):
        assert translation.gettext("Change Password") == expected
