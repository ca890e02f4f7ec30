"""Every page and mail, rendered in nynorsk and in English, shows no bokmål the catalogues
could have translated and no raw choice value, and the English ones no common bokmål
words outside the data.

The pages are the benchmark's route catalogue (scripts/bench_routes.py) on the small
national data set of ``generate_scale``, requested as each of the seven personas with the
language cookie set, as tests/scale_bench/test_routes.py requests them in bokmål (English
asks only what answered with a page in nynorsk; one refusal page per status). Of each
HTML answer the visible text is read: text nodes outside ``script`` and ``style``, the
``aria-label``, ``title``, ``alt`` and ``placeholder`` attributes and the value of
buttons, except text in ``code`` (file formats) or in an element marked with another
``lang`` (the language menu's own names). Checks:

1. A text (whitespace collapsed) that is a whole bokmål msgid whose nynorsk or English
   translation differs, also with its placeholders filled in (``Fristen er %(date)s.``):
   the catalogue has the translation, the page did not use it (text outside
   ``{% translate %}``, a lazy string ``%``-formatted at import). Not when the text is
   also a translation in that language (nynorsk «Utsett» translates «Utsatt») or a value
   in the data set.
2. A text that is the stored value of a model field's choice (``decision_maker``).
3. English only: a word from :data:`BOKMAL_WORDS`, or any word with æ, ø or å, that the
   data does not explain. The data set is Norwegian (names, titles, minutes), so a
   function word (``og``, ``til``) counts as data when the data holds it with the same
   neighbour, a content word (a name with ø, ``møte``) when the data holds the word.
   Norwegian an English page holds on purpose is in :data:`ENGLISH_USES`.

Each mail triple is rendered in nynorsk and English with an empty context and gets the
same checks (the template's own text is what they are about).

Limits: a hard-coded bokmål word that the generated data also holds (with the same
neighbour) passes; nynorsk is checked against the catalogues only (bokmål and nynorsk
share too many words for a word list); a placeholder msgid with under 12 letters of its
own is not matched; routes the catalogue leaves out (token links, steps inside a login),
states the small data set does not reach, POST answers (form errors) and htmx fragments
asked with their own headers are not rendered.
"""

from __future__ import annotations

import logging
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
from medvirk.notifications.domain.outbox import render_mail
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


PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]")


class TranslatedPatterns:
    """Matches a text that is a whole bokmål msgid with placeholders (``Fristen er
    %(date)s.``) filled in, among the msgids the language translates otherwise; short ones
    (under 12 letters outside the placeholders) are left out, they would match too much.
    The patterns are filed by their first three characters, else their last three, else
    their longest fixed part, so that a text is tried against a few of them only."""

    def __init__(self, language: str) -> None:
        self.by_start: dict[str, list[re.Pattern[str]]] = defaultdict(list)
        self.by_end: dict[str, list[re.Pattern[str]]] = defaultdict(list)
        self.inside: list[tuple[str, re.Pattern[str]]] = []
        for po_root in (LOCALE, LOCALE.parent / "locale_vendor"):
            po_file = po_root / language / "LC_MESSAGES" / "django.po"
            for key, (msgstr, _fuzzy) in msgids(po_file).items():
                text = " ".join(key.split("\x04")[1].split("\x00")[0].split())
                parts = [part.replace("%%", "%") for part in PLACEHOLDER.split(text)]
                if len(parts) < 2 or " ".join(msgstr.split()) == text:
                    continue
                if sum(char.isalpha() for char in "".join(parts)) < 12:
                    continue
                pattern = re.compile(".+?".join(re.escape(part) for part in parts))
                if len(parts[0]) >= 3:
                    self.by_start[parts[0][:3]].append(pattern)
                elif len(parts[-1]) >= 3:
                    self.by_end[parts[-1][-3:]].append(pattern)
                else:
                    self.inside.append((max(parts, key=len), pattern))

    def fullmatch(self, text: str) -> bool:
        candidates = [
            *self.by_start.get(text[:3], ()),
            *self.by_end.get(text[-3:], ()),
            *(pattern for part, pattern in self.inside if part in text),
        ]
        return any(pattern.fullmatch(text) for pattern in candidates)


def raw_choice_values() -> set[str]:
    """The stored values of every model field's choices that read otherwise than their
    label (``decision_maker``, ``secretariat``): shown raw, they are English code."""
    found: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            for value, label in field.flatchoices or ():
                if isinstance(value, str) and len(value) > 2 and value != str(label):
                    found.add(value)
    return found


def data_values() -> set[str]:
    """Every text value in the database, whitespace collapsed, and the text nodes of the
    values holding HTML."""
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
            for row in model._default_manager.values_list(*fields):
                values.extend(" ".join(str(value).split()) for value in row if value)
    # Rich text (a mandate's headings) is data down to each text node.
    return set(values) | {
        text for value in values if "<" in value for text in visible_texts(value, "")
    }


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


class Checker:
    """The problems of one text in one language, each text worked out once (the menus and
    footers repeat on every page)."""

    def __init__(self, language: str, values: set[str]) -> None:
        self.language = language
        self.values = values
        # Each value as its words, lowercased, between spaces: a pair is looked up whole.
        self.data = "\n".join(f" {' '.join(WORD.findall(value.lower()))} " for value in values)
        self.data_words = set(WORD.findall(self.data))
        self.translations = translated_elsewhere(language)
        self.patterns = TranslatedPatterns(language)
        self.raw_values = raw_choice_values()
        self._seen: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        if text not in self._seen:
            self._seen[text] = self._problems(text)
        return self._seen[text]

    def _problems(self, text: str) -> list[str]:
        found = []
        language = self.language
        if text not in self.values and (text in self.translations or self.patterns.fullmatch(text)):
            found.append(f"{language} untranslated {text!r}")
        if text in self.raw_values:
            found.append(f"{language} raw choice value {text!r}")
        if language == "en":
            found.extend(
                f"en bokmål {word!r} in {text[:120]!r}"
                for word in bokmal_words(text, self.data, self.data_words)
            )
        return found


@pytest.mark.django_db
def test_pages_in_nynorsk_and_english_show_no_untranslated_bokmal(
    settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="django.request")  # a traceback per refusal
    settings.PASSWORD_HASHERS = MD5
    settings.MEDIA_ROOT = tmp_path / "media"
    problems: dict[str, set[str]] = defaultdict(set)
    checked: set[str] = set()
    with transaction.atomic():
        summary = generate(scale=SCALE, seed=SEED, summary_path=tmp_path / "s.json", out=_quiet)
        cache.clear()
        values = data_values()
        pages, _missing = bench_routes.pages(bench_routes.Picker(summary))
        users = {
            persona: User.objects.get(email=entry["email"])
            for persona, entry in summary["personas"].items()
        }
        clients = {bench_routes.ANONYMOUS: Client()}
        for persona, user in users.items():
            clients[persona] = Client()
            clients[persona].force_login(user)
        wanted = [(page, persona) for page in pages for persona in clients]
        for language in LANGUAGES:
            check = Checker(language, values)
            for client in clients.values():
                client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
            answered: list[tuple[bench_routes.Page, str]] = []
            refusals: set[int] = set()
            for page, persona in wanted:
                response = clients[persona].get(page.url)
                # Redirects have no body; a refusal (403, 404) is read once per status.
                if response.streaming or "text/html" not in response.get("Content-Type", ""):
                    continue
                html = response.content.decode()
                if not html or response.status_code in refusals:
                    continue
                if response.status_code == 200:
                    checked.add(page.key)
                else:
                    refusals.add(response.status_code)
                answered.append((page, persona))
                if "<html" in html:  # a whole page, not an htmx fragment
                    assert f'<html lang="{language}"' in html, page.url
                for text in visible_texts(html, language):
                    for problem in check(text):
                        problems[problem].add(page.key)
            wanted = answered  # the next language asks only what answered with a page
        transaction.set_rollback(True)
    cache.clear()
    assert len(checked) >= 140, "the catalogue's HTML pages did not answer (150 did)"
    report = [f"{problem} on {', '.join(sorted(keys)[:3])}" for problem, keys in problems.items()]
    assert not report, "\n".join(sorted(report))


def _quiet(_line: str) -> None:
    pass


def test_visible_texts_read_labels_and_leave_out_code_and_other_languages() -> None:
    html = (
        '<html lang="en"><head><title>Meetings</title><style>p {}</style></head><body>'
        '<img src="x.png" alt="Logo"><input type="submit" value="Save">'
        '<button aria-label="Close">×</button><input placeholder="Search">'
        '<select><option lang="nb">norsk (bokmål)</option><option lang="en">English</option>'
        "</select><p>Column <code>navn</code> is the name.</p><script>var og = 1;</script>"
        "</body></html>"
    )
    assert visible_texts(html, "en") == [
        "Meetings",
        "Logo",
        "Save",
        "Close",
        "×",
        "Search",
        "English",
        "Column",
        "is the name.",
    ]


def test_bokmal_words_are_flagged_unless_the_data_holds_them() -> None:
    data = " kari og ola \n møteplan for eldrerådet "
    words = {"kari", "og", "ola", "møteplan", "for", "eldrerådet"}
    assert bokmal_words("Meeting plan for Eldrerådet", data, words) == []
    assert bokmal_words("Kari og Ola", data, words) == []
    assert bokmal_words("Kari og Per", data, words) == []  # «kari og» is in the data
    assert bokmal_words("Save og close", data, words) == ["og"]
    assert bokmal_words("Lagre", data, words) == ["lagre"]
    assert bokmal_words("Norwegian Bokmål", data, words) == []


MAILS = sorted(
    path.parent.relative_to(path.parents[2]).as_posix()
    for path in (LOCALE.parent).rglob("templates/mail/*/*/subject.txt")
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_mails_in_nynorsk_and_english_show_no_untranslated_bokmal(language: str) -> None:
    """Every mail triple, rendered in the recipient's language with an empty context (the
    template's own text is what is checked; the campaign mails are bokmål by design and
    say so with ``lang="nb"``, and their text body is translated)."""
    assert len(MAILS) > 20
    check = Checker(language, set())
    problems = []
    for name in MAILS:
        subject, text, html = render_mail(name, {"days_left": 2}, language)
        texts = [subject, *(" ".join(line.split()) for line in text.splitlines())]
        for found in (check(text) for text in [*texts, *visible_texts(html, language)] if text):
            problems += [f"{name}: {problem}" for problem in found]
    assert problems == []
