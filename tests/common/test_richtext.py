"""Rich text (issue 14): the one sanitiser, the heading shift, the |rich filter and the
form field every formatted long text uses."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from medvirk.arenas.forms import ArenaForm
from medvirk.common.forms import RichTextarea, RichTextField
from medvirk.common.richtext import clean_rich_text, is_html, shift_headings
from medvirk.meetings.forms_agenda import ItemForm
from medvirk.meetings.forms_minutes import MinutesEntriesForm
from medvirk.meetings.models import AgendaItem


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("<p>Hei<script>alert(1)</script></p>", "<p>Hei</p>"),
        ('<p><img src="x" onerror="alert(1)">Tekst</p>', "<p>Tekst</p>"),
        ('<p onclick="steal()">Klikk</p>', "<p>Klikk</p>"),
        ('<h2 style="color:red">Formål</h2>', "<h2>Formål</h2>"),
        ("<style>p { display: none }</style><p>Synlig</p>", "<p>Synlig</p>"),
        # Inline HTML alone is a paragraph.
        (
            '<a href="javascript:alert(1)">lenke</a>',
            '<p><a rel="noopener noreferrer">lenke</a></p>',
        ),
        (
            '<a href="https://lovdata.no" onclick="x()" target="_blank">Lovdata</a>',
            '<p><a href="https://lovdata.no" rel="noopener noreferrer">Lovdata</a></p>',
        ),
        (
            '<a href="mailto:post@example.no">Skriv</a>',
            '<p><a href="mailto:post@example.no" rel="noopener noreferrer">Skriv</a></p>',
        ),
        ("<iframe src='https://x'></iframe><p>Etter</p>", "<p>Etter</p>"),
        ("<!-- skjult --><p>Tekst</p>", "<p>Tekst</p>"),
    ],
)
def test_clean_rich_text_strips_what_is_not_allowed(given: str, expected: str) -> None:
    assert clean_rich_text(given) == expected


def test_clean_rich_text_keeps_allowed_tags() -> None:
    html = (
        "<h2>Formål</h2><h3>Mål</h3><h4>Delmål</h4><p>Rådet gir <strong>råd</strong> og "
        "<em>innspill</em>.<br>Ny linje.</p><ul><li>En</li></ul><ol><li>To</li></ol>"
        '<p><a href="https://lovdata.no" rel="noopener noreferrer">Lovdata</a></p>'
    )
    assert clean_rich_text(html) == html


def test_clean_rich_text_renames_pasted_equivalents() -> None:
    assert clean_rich_text("<h1>Tittel</h1><div><b>fet</b> <i>kursiv</i></div><h6>Liten</h6>") == (
        "<h2>Tittel</h2><p><strong>fet</strong> <em>kursiv</em></p><h4>Liten</h4>"
    )


def test_clean_rich_text_turns_plain_text_into_paragraphs() -> None:
    assert clean_rich_text("Første linje\nandre linje\n\nNytt avsnitt med a < b") == (
        "<p>Første linje<br>andre linje</p>\n\n<p>Nytt avsnitt med a &lt; b</p>"
    )


def test_clean_rich_text_keeps_lines_of_text_with_inline_tags() -> None:
    assert clean_rich_text("Med <strong>fet</strong>\nneste linje") == (
        "<p>Med <strong>fet</strong><br>neste linje</p>"
    )


@pytest.mark.parametrize(
    "empty", ["", "   ", None, "<p><br></p>", "<p>&nbsp;</p>", "<script>x</script>"]
)
def test_clean_rich_text_empty_editor_is_empty(empty: str | None) -> None:
    assert clean_rich_text(empty) == ""


def test_clean_rich_text_is_idempotent() -> None:
    once = clean_rich_text("Linje\n\n<x>annet")
    assert clean_rich_text(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Bare tekst", False), ("a <navn> b", False), ("<p>x</p>", True), ("x<br>y", True)],
)
def test_is_html(text: str, expected: bool) -> None:
    assert is_html(text) is expected


@pytest.mark.parametrize(
    ("html", "level", "expected"),
    [
        # The text's top heading goes one below the page's heading, the rest follow.
        ("<h2>A</h2><p>x</p><h3>B</h3>", 2, "<h3>A</h3><p>x</p><h4>B</h4>"),
        ("<h2>A</h2><h3>B</h3>", 1, "<h2>A</h2><h3>B</h3>"),
        ("<h3>A</h3><h4>B</h4>", 1, "<h2>A</h2><h3>B</h3>"),
        # Never below <h6>.
        ("<h2>A</h2><h3>B</h3><h4>C</h4>", 4, "<h5>A</h5><h6>B</h6><h6>C</h6>"),
        ("<p>Ingen overskrift</p>", 3, "<p>Ingen overskrift</p>"),
    ],
)
def test_shift_headings(html: str, level: int, expected: str) -> None:
    assert shift_headings(html, level) == expected


def render(template: str, **context: Any) -> str:
    return Template("{% load medvirk %}" + template).render(Context(context))


def test_rich_filter_shifts_and_cleans() -> None:
    text = "<h2>Formål</h2><p onclick='x()'>Tekst<script>alert(1)</script></p>"
    assert render("{{ text|rich:2 }}", text=text) == "<h3>Formål</h3><p>Tekst</p>"


def test_rich_filter_shows_stored_plain_text_with_its_line_breaks() -> None:
    text = "Første linje\nandre <linje>\n\nNytt avsnitt"
    assert render("{{ text|rich:2 }}", text=text) == (
        "<p>Første linje<br>andre &lt;linje&gt;</p>\n\n<p>Nytt avsnitt</p>"
    )


def test_rich_filter_level_from_a_variable() -> None:
    assert render("{{ text|rich:level }}", text="<h2>A</h2>", level=1) == "<h2>A</h2>"


def test_rich_text_field_cleans_before_validation() -> None:
    field = RichTextField(required=True)
    assert field.clean("<p>Hei<script>x</script></p>") == "<p>Hei</p>"
    with pytest.raises(ValidationError):
        field.clean("<p><br></p>")


def test_rich_textarea_names_the_editor_script() -> None:
    html = RichTextarea().render("mandate", "<p>x</p>", attrs={"id": "id_mandate"})
    assert 'data-richtext="/static/vendor/squire/squire.js"' in html
    assert '<template data-richtext-for="id_mandate">' in html
    assert 'role="toolbar"' in html


def test_item_form_cleans_bad_html() -> None:
    form = ItemForm(
        data={
            "kind": "discussion",
            "title": "Budsjett",
            "description": '<h2 style="x">Bakgrunn</h2><p onclick="x()">Tekst</p><script>x</script>',
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["description"] == "<h2>Bakgrunn</h2><p>Tekst</p>"


@pytest.mark.django_db
def test_arena_form_cleans_bad_html_in_the_mandate() -> None:
    form = ArenaForm(data={"name": "Rådet", "mandate": "<p>Mandat<img src=x onerror=alert(1)></p>"})
    form.is_valid()
    assert "mandate" not in form.errors
    assert form.cleaned_data["mandate"] == "<p>Mandat</p>"
    assert isinstance(form.fields["mandate"].widget, RichTextarea)


def test_minutes_form_cleans_bad_html() -> None:
    item = AgendaItem(pk=7, title="Budsjett", number=1, year=2026)
    form = MinutesEntriesForm(
        data={f"item_{item.pk}": '<p>Vedtak<a href="javascript:x()">her</a></p>'},
        items=[item],
        texts={},
    )
    assert form.is_valid(), form.errors
    assert form.texts() == {item.pk: '<p>Vedtak<a rel="noopener noreferrer">her</a></p>'}


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("nb", ["Overskrift 1", "Fet", "Punktliste", "Legg til lenke"]),
        ("nn", ["Overskrift 1", "Feit", "Vanleg tekst", "Fjern lenke"]),
        ("en", ["Heading 1", "Bold", "Bulleted list", "Add link"]),
    ],
)
def test_rich_textarea_toolbar_is_translated(language: str, labels: list[str]) -> None:
    with translation.override(language):
        html = RichTextarea().render("text", "", attrs={"id": "id_text"})
    for label in labels:
        assert f">{label}<" in html


def test_a_tag_inside_an_address_is_neither_kept_nor_shifted() -> None:
    cleaned = clean_rich_text('<h2>Tittel</h2><p><a href="https://x.no/<h1 >">lenke</a></p>')
    assert cleaned.count("<h") == 1  # only the real heading is a tag
    assert 'href="https://x.no/%3Ch' in cleaned
    # The address is not read as a heading: the real h2 is the top one.
    assert shift_headings(cleaned, 2).startswith("<h3>Tittel</h3>")
