"""{% table_region %}: the one wrapper of every data table (WCAG 1.4.10 Reflow)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

SRC = Path(__file__).resolve().parents[2] / "src" / "medvirk"


def render(source: str) -> str:
    return Template("{% load medvirk %}" + source).render(Context({"caption": "Møter <i>"}))


def test_table_region_is_a_focusable_region_named_by_the_caption() -> None:
    html = render(
        "{% table_region %}<table><caption class='ds-sr-only'>{{ caption }}</caption>"
        "</table>{% endtable_region %}"
    )
    match = re.fullmatch(
        r'<div class="mv-table-wrap" role="region" tabindex="0" aria-labelledby="(table-\w+)">'
        r'<table><caption id="\1" class=\'ds-sr-only\'>Møter &lt;i&gt;</caption></table></div>',
        html,
    )
    assert match is not None, html
    assert render(html) == html  # the same table gets the same id (cached pages stay equal)


def test_table_region_keeps_a_caption_id_it_is_given() -> None:
    html = render(
        '{% table_region %}<table><caption id="rows">Rader</caption></table>{% endtable_region %}'
    )
    assert 'aria-labelledby="rows"' in html
    assert html.count('id="rows"') == 1


def test_table_region_without_a_caption_needs_a_label() -> None:
    html = render('{% table_region label="Økter" %}<table></table>{% endtable_region %}')
    assert 'aria-label="Økter"' in html
    with pytest.raises(TemplateSyntaxError):
        render("{% table_region %}<table></table>{% endtable_region %}")


def test_every_table_in_the_templates_is_in_a_table_region() -> None:
    """One mechanism: no template writes the wrapper itself, and each <table> opens inside
    {% table_region %} (in the same template, before its {% endtable_region %})."""
    offenders = []
    for path in SRC.rglob("*.html"):
        if "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "mv-table-wrap" in text:
            offenders.append(f"{path.relative_to(SRC)}: writes mv-table-wrap itself")
        depth = 0
        for token in re.findall(r"{% (?:end)?table_region\b|<table\b", text):
            if token.startswith("{% table_region"):
                depth += 1
            elif token.startswith("{% endtable_region"):
                depth -= 1
            elif depth != 1:
                offenders.append(f"{path.relative_to(SRC)}: a <table> outside table_region")
    assert offenders == []
