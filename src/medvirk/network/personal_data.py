"""The experience moderation's personal-data finder (``medvirk.experiences.pii``) for
posts: the same findings and the same marking, except a capitalised name written as a
mention (``@Name``), which the post means to name (and which only links when the person
is a member of the space)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from medvirk.experiences.pii import NAME, Finding, find_personal_data, kind_label


def findings(text: str) -> list[Finding]:
    return [
        finding
        for finding in find_personal_data(text)
        if not (finding.kind == NAME and finding.start > 0 and text[finding.start - 1] == "@")
    ]


def marked(text: str) -> SafeString:
    """``text`` escaped, each finding in ``<mark>`` with a visually hidden label (as the
    experience moderation shows it), line breaks kept."""
    parts: list[str] = []
    position = 0
    for finding in findings(text):
        parts.append(escape(text[position : finding.start]))
        label = _("mulig personopplysning: %(kind)s") % {"kind": kind_label(finding.kind)}
        parts.append(
            f'<mark class="mv-pii"><span class="ds-sr-only">[{escape(label)}] </span>'
            f"{escape(finding.text_in(text))}</mark>"
        )
        position = finding.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 -- every part escaped
