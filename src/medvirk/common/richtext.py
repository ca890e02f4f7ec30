"""Rich text (issue 14): the ONE sanitiser for every long text people format, and the
heading shift used wherever such a text is shown.

A rich text is stored as sanitised HTML made of a few simple elements (ALLOWED_TAGS). It
is written with the editor in the browser (static/medvirk/richtext.js on top of Squire),
or without JavaScript in the plain textarea, as plain text or simple HTML. Both arrive
here: :func:`clean_rich_text` turns plain text into paragraphs (line breaks kept) and
cleans HTML with nh3. Texts saved before the editor existed may be plain text; they are
told apart the same way when shown (:func:`is_html`), so they keep their line breaks
without a data migration.
"""

from __future__ import annotations

import re

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"

# A start or end tag of an HTML element: a text with none is plain text (so "a <b" or
# "<navn>" typed as text stays text). Either way the result is safe: plain text is escaped.
_TAG = re.compile(
    r"</?(?:a|abbr|article|aside|audio|b|base|blockquote|body|br|button|code|dd|del|div|dl"
    r"|dt|em|embed|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input"
    r"|ins|label|li|link|main|mark|math|meta|nav|noscript|object|ol|p|picture|pre|q|s"
    r"|script|section|select|small|source|span|strong|style|sub|sup|svg|table|tbody|td"
    r"|template|textarea|th|thead|title|tr|u|ul|video)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# Elements pasted from elsewhere that mean the same as one we keep.
_RENAMES = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4", "div": "p"}
_RENAMEABLE = re.compile(r"<(/?)(b|i|h1|h5|h6|div)(?=[\s/>])", re.IGNORECASE)
_BLOCK = re.compile(r"<(?:p|br|h[1-6]|ul|ol|li|blockquote|pre|table)(?=[\s/>])", re.IGNORECASE)
_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def _attribute(element: str, attribute: str, value: str) -> str:
    """nh3 keeps "<" and ">" inside attribute values as they are; in an address they are
    percent-encoded, so no tag can hide in one (shift_headings reads tags by pattern)."""
    return value.replace("<", "%3C").replace(">", "%3E")


def is_html(text: str) -> bool:
    """Whether ``text`` holds any HTML tag (else it is plain text)."""
    return bool(_TAG.search(text or ""))


def clean_rich_text(text: str | None) -> str:
    """``text`` (plain text or HTML) as sanitised HTML; "" when nothing readable is left.

    Plain text becomes paragraphs (a blank line between them, a single line break kept as
    <br>), and so does text with only inline tags (<strong>, <a>) typed without the editor. HTML keeps only ALLOWED_TAGS, http(s)/mailto links (with rel="noopener
    noreferrer") and no other attribute: scripts, event handlers and styles are dropped.
    """
    text = (text or "").strip()
    if not text:
        return ""
    if not is_html(text):
        html = linebreaks(text, autoescape=True)
    else:
        html = _RENAMEABLE.sub(lambda m: f"<{m[1]}{_RENAMES[m[2].lower()]}", text)
        if not _BLOCK.search(html):
            # Inline HTML typed in the plain textarea: its lines still make paragraphs
            # (nh3 below escapes whatever is not a tag it keeps).
            html = linebreaks(html, autoescape=False)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_attribute,
    ).strip()
    # An editor left empty still sends "<p><br></p>".
    if not nh3.clean(cleaned, tags=set()).replace("&nbsp;", "").strip():
        return ""
    return cleaned


def shift_headings(html: str, level: int) -> str:
    """Headings in ``html`` moved so that its top heading is one below a page heading of
    ``level`` (``level`` 2: the text's first-level heading becomes <h3>), the others
    keeping their distance, none deeper than <h6>."""
    levels = [int(level) for closing, level in _HEADING.findall(html) if not closing]
    if not levels:
        return html
    shift = level + 1 - min(levels)

    def move(match: re.Match[str]) -> str:
        return f"<{match[1]}h{max(1, min(6, int(match[2]) + shift))}"

    return _HEADING.sub(move, html)
