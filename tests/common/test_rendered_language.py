"""Every page, rendered in nynorsk and in English, shows no bokmål the catalogues could
have translated, and the English pages no common bokmål words outside the data.

The pages are the benchmark's route catalogue (scripts/bench_routes.py) on the small
national data set of ``generate_scale``, requested as each of the seven personas with the
language cookie set, as tests/scale_bench/test_routes.py requests them in bokmål. Of each
HTML page that answered 200 the visible text is read: text nodes outside ``script`` and
``style``, and the ``aria-label``, ``title``, ``alt`` and ``placeholder`` attributes and the
value of buttons. Two checks:

1. A text (whitespace collapsed) that is exactly a bokmål msgid whose nynorsk or English
   translation differs: the catalogue has the translation, the page did not use it (text
   outside ``{% translate %}``, a label read before the language was chosen, a
   ``gettext`` at import time instead of ``gettext_lazy``).
2. On the English pages only: a word from :data:`BOKMAL_WORDS`, or any word with æ, ø or å,
   that the data set does not hold. The data set is Norwegian (names, titles, minutes),
   so a flagged word counts as data when the data's text holds it with a neighbour from
   the page (``og``, ``til``: function words are everywhere in the data, so the pair
   decides) or, for a content word (a name with ø, ``møte``), on its own.

Limits: text that mixes a translated template with data is only caught by check 2; a
hard-coded bokmål word that also occurs, with the same neighbour, in the generated data
passes; nynorsk pages are checked by the catalogue only (bokmål and nynorsk share too
many words for a word list); pages behind a route the catalogue leaves out (token links,
steps inside a login) and states the small data set does not reach are not rendered;
strings with placeholders (``%(date)s``) are matched only by check 2.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import models, transaction
from django.test import Client

from medvirk.accounts.models import User
from medvirk.scale.generator import generate
from tests.common.test_translations import LOCALE, msgids

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
import bench_routes  # noqa: E402

SCALE, SEED = 0.004, 2026
LANGUAGES = ("nn", "en")
MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
SKIP_TAGS = {"script", "style"}
# Bokmål words that never belong in an English page outside the data.
BOKMAL_WORDS = {
    "og",
    "ikke",
    "til",
    "av",
    "eller",
    "som",
    "med",
    "på",
    "er",
    "det",
    "den",
    "har",
    "lagre",
    "avbryt",
    "slett",
    "endre",
    "tilbake",
    "neste",
    "forrige",
    "møte",
    "møtet",
    "sak",
    "saker",
    "frist",
    "ingen",
}
FUNCTION_WORDS = {"og", "ikke", "til", "av", "eller", "som", "med", "på", "er", "det", "den", "har"}
# Norwegian an English page uses on purpose (phrases, matched ignoring case), with why.
ENGLISH_USES = {
    "bokmål": "the English name of the written standard (Norwegian Bokmål)",
    "likestillings- og diskrimineringsloven": "the accessibility statement names the act",
    "forskrift om universell utforming av ikt-løsninger": "and the regulation",
}
WORD = re.compile(r"[\wæøåÆØÅ]+(?:[-'][\wæøåÆØÅ]+)*")


VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class VisibleText(HTMLParser):
    """The texts a reader sees or hears: text nodes and the labelling attributes. Text in
    an element marked with another language (``lang="nb"`` on the language menu's own
    names) or in ``code`` (the CSV import's column names) is left out."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, its text is left out)
        self.language = language

    def _left_out(self) -> bool:
        return bool(self._open) and self._open[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang")
        left_out = (
            self._left_out()
            or tag in SKIP_TAGS
            or tag == "code"
            or (lang is not None and lang.split("-")[0] != self.language)
        )
        if tag not in VOID:
            self._open.append((tag, left_out))
        if left_out:
            return
        for name in ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name] or "")
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.texts.append(values["value"] or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._left_out():
            self.texts.append(data)


def visible_texts(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    texts = (" ".join(text.split()) for text in parser.texts)
    return [text for text in texts if text]


def translated_elsewhere(language: str) -> dict[str, str]:
    """Bokmål msgid → translation, for every singular msgid without placeholders that the
    language writes otherwise (in the project's catalogue and the vendor catalogues
    Medvirk keeps), less the msgids that are also a translation in that language
    (nynorsk «Utsett» translates «Utsatt» and is the bokmål msgid «Utsett» too)."""
    found: dict[str, str] = {}
    written: set[str] = set()
    for root in (LOCALE, LOCALE.parent / "locale_vendor"):
        po_file = root / language / "LC_MESSAGES" / "django.po"
        for key, (msgstr, _fuzzy) in msgids(po_file).items():
            text = " ".join(key.split("\x04")[1].split("\x00")[0].split())
            translation = " ".join(msgstr.split())
            written.add(translation)
            if translation and translation != text and "%" not in text:
                found[text] = translation
    return {text: translation for text, translation in found.items() if text not in written}


def data_values() -> set[str]:
    """Every text value in the database, whitespace collapsed."""
    values: list[str] = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
        ]
        if fields:
            for row in model.objects.values_list(*fields):
                values.extend(" ".join(str(value).split()) for value in row if value)
    return set(values)


def bokmal_words(text: str, data: str, data_words: set[str]) -> list[str]:
    """The flagged words of ``text`` that the data does not explain."""
    lowered = text.lower()
    for phrase in ENGLISH_USES:
        lowered = lowered.replace(phrase, " ")
    words = WORD.findall(lowered)
    flagged = []
    for index, word in enumerate(words):
        lower = word.lower()
        if lower not in BOKMAL_WORDS and not set(lower) & set("æøå"):
            continue
        if lower in FUNCTION_WORDS:
            pairs = []
            if index:
                pairs.append(f"{words[index - 1]} {word}".lower())
            if index + 1 < len(words):
                pairs.append(f"{word} {words[index + 1]}".lower())
            if any(f" {pair} " in data for pair in pairs):
                continue
        elif lower in data_words:
            continue
        flagged.append(word)
    return flagged


@pytest.mark.django_db
def test_pages_in_nynorsk_and_english_show_no_untranslated_bokmal(
    settings: Any, tmp_path: Path
) -> None:
    settings.PASSWORD_HASHERS = MD5
    settings.MEDIA_ROOT = tmp_path / "media"
    translations = {language: translated_elsewhere(language) for language in LANGUAGES}
    problems: dict[str, set[str]] = defaultdict(set)
    with transaction.atomic():
        summary = generate(scale=SCALE, seed=SEED, summary_path=tmp_path / "s.json", out=print)
        cache.clear()
        values = data_values()
        # Each value as its words, lowercased, between spaces: a pair is looked up whole.
        data = "\n".join(f" {' '.join(WORD.findall(value.lower()))} " for value in values)
        data_words = set(WORD.findall(data))
        pages, _missing = bench_routes.pages(bench_routes.Picker(summary))
        users = {
            persona: User.objects.get(email=entry["email"])
            for persona, entry in summary["personas"].items()
        }
        for language in LANGUAGES:
            clients = {bench_routes.ANONYMOUS: Client()}
            for persona, user in users.items():
                clients[persona] = Client()
                clients[persona].force_login(user)
            for client in clients.values():
                client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
            for page in pages:
                for client in clients.values():
                    response = client.get(page.url)
                    if response.status_code != 200 or "text/html" not in response.get(
                        "Content-Type", ""
                    ):
                        continue
                    for text in visible_texts(response.content.decode(), language):
                        if text in translations[language] and text not in values:
                            problems[f"{language} untranslated {text!r}"].add(page.key)
                        if language == "en":
                            for word in bokmal_words(text, data, data_words):
                                problems[f"en bokmål {word!r} in {text[:120]!r}"].add(page.key)
        transaction.set_rollback(True)
    cache.clear()
    report = [f"{problem} on {', '.join(sorted(keys)[:3])}" for problem, keys in problems.items()]
    assert not report, "\n".join(sorted(report))
