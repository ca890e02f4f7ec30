from __future__ import annotations

import hashlib
import re
from typing import Any

from django import forms, template
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.boundfield import BoundField
from django.template.defaulttags import querystring
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from medvirk.common.activity_labels import action_label as _action_label
from medvirk.common.richtext import clean_rich_text, shift_headings

register = template.Library()


def describedby_ids(field: BoundField) -> list[str]:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return ids


@register.simple_tag
def ds_widget(field: BoundField, **extra: Any) -> str:
    """The field's widget with Designsystemet classes and its ARIA wiring."""
    widget = field.field.widget
    attrs: dict[str, Any] = {}
    if not isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        attrs["class"] = "ds-input"
    ids = describedby_ids(field)
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    attrs.update(extra)
    return field.as_widget(attrs=attrs)


@register.filter
def field_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_or_formsets: Any) -> dict[str, Any]:
    """An error summary listing every problem, each linked to its field."""
    items: list[dict[str, Any]] = []
    for candidate in forms_or_formsets:
        if candidate is None:
            continue
        if isinstance(candidate, forms.BaseFormSet):
            for error in candidate.non_form_errors():
                items.append({"href": "", "message": error})
            members = candidate.forms
        else:
            members = [candidate]
        for form in members:
            if not form.is_bound:
                continue
            for error in form.non_field_errors():
                items.append({"href": "", "message": error})
            for name, errors in form.errors.items():
                if name == NON_FIELD_ERRORS:
                    continue
                bound = form[name]
                label = bound.label
                for error in errors:
                    items.append(
                        {
                            "href": f"#{bound.id_for_label or bound.auto_id}",
                            "message": f"{label}: {error}",
                        }
                    )
    return {"items": items}


@register.filter
def action_label(code: str) -> str:
    return _action_label(code)


_FIXED_URLS: dict[tuple[str, str, Any], str] = {}


@register.simple_tag
def fixed_url(name: str) -> str:
    """``{% url name %}`` for a URL without arguments, reversed once per process.

    base.html has a dozen of them on every page; reversing each every time cost a third of
    its rendering. No URL pattern is translated, so only the script prefix and the URLconf
    can change the answer, and they are part of the key."""
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    url = _FIXED_URLS.get(key)
    if url is None:
        url = _FIXED_URLS[key] = reverse(name)
    return url


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, param: str, number: int) -> str:
    """The current query string with ``param`` set to page ``number`` (``{% querystring
    page=n %}`` with the parameter's name given as a value: a page with more than one
    paginated list names each list's own)."""
    params: dict[str, Any] = {param or "page": number}
    return querystring(context, None, **params)


_CAPTION = re.compile(r"<caption\b([^>]*)>")
_ID = re.compile(r"""\bid=["']([^"']+)["']""")


@register.simple_block_tag(end_name="endtable_region")
def table_region(content: str, label: str = "") -> str:
    """A data table inside its own sideways-scrolling region (WCAG 1.4.10 Reflow): the page
    stays 320 CSS px wide, and the region takes keyboard focus (so arrow keys scroll it)
    and is named by the table's caption.

    THE one way to show a table: ``{% table_region %}<table>…<caption>…</caption>…</table>
    {% endtable_region %}``. The caption gets an id if it has none (derived from the table,
    so a cached page stays the same); a table without a caption (allauth's) names its
    region with ``label``."""
    match = _CAPTION.search(content)
    if match is None:
        if not label:
            raise template.TemplateSyntaxError("table_region: the table needs a <caption>.")
        return format_html(
            '<div class="mv-table-wrap" role="region" tabindex="0" aria-label="{}">{}</div>',
            label,
            content,
        )
    existing = _ID.search(match.group(1))
    if existing:
        caption_id = existing.group(1)
    else:
        digest = hashlib.blake2s(content.encode(), digest_size=5).hexdigest()
        caption_id = f"table-{digest}"
        content = (
            f'{content[: match.start()]}<caption id="{caption_id}"{match.group(1)}>'
            f"{content[match.end() :]}"
        )
    return format_html(
        '<div class="mv-table-wrap" role="region" tabindex="0" aria-labelledby="{}">{}</div>',
        caption_id,
        # The content is the block's own rendered template output, already escaped.
        mark_safe(content),  # noqa: S308
    )


@register.filter
def rich(text: str | None, level: int | str = 2) -> str:
    """A rich text (medvirk.common.richtext) shown under a page heading of ``level``:
    ``{{ arena.mandate|rich:2 }}`` below an <h2> makes the text's top heading an <h3>.

    THE one way to show rich text. It is cleaned again here (cheap with nh3), so the
    output is safe whatever was stored, and a plain text saved before the editor existed
    is shown as paragraphs with its line breaks."""
    return mark_safe(shift_headings(clean_rich_text(text), int(level)))  # noqa: S308
