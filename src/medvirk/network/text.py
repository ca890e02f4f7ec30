"""A post's plain text: the names written after ``@`` (candidate mentions) and the text
as HTML (escaped, line breaks kept, the mentions of members in ``<strong>``).

A mention is ``@`` followed by a member's name as the platform knows it (one to four
words, case does not matter). Only names that belong to a member of the same space
become mentions (the domain decides, :func:`medvirk.network.selectors.members_named`);
anything else after ``@`` stays plain text and tells no one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_NAME_WORDS = 4
_AT = re.compile(r"(?<![\w.@])@([^\s@][^\n@]*)")
_WORD = re.compile(r"[^\s,.;:!?()«»\"]+")


def candidate_names(text: str) -> set[str]:
    """Every run of one to four words after an ``@``, case-folded."""
    names: set[str] = set()
    for match in _AT.finditer(text):
        words = _WORD.findall(match.group(1).split("\n")[0])[:MAX_NAME_WORDS]
        # Only the words directly after the @ (stop at the first punctuation gap).
        for count in range(1, len(words) + 1):
            names.add(" ".join(words[:count]).casefold())
    return names


def as_html(text: str, mentioned_names: Iterable[str] = ()) -> SafeString:
    """``text`` escaped, with line breaks, and every ``@name`` of ``mentioned_names``
    (the post's stored mentions) marked."""
    escaped = str(escape(text))
    names = sorted({escape(name) for name in mentioned_names if name}, key=len, reverse=True)
    if names:
        pattern = re.compile(
            "@(" + "|".join(re.escape(name) for name in names) + r")(?![\w])", re.IGNORECASE
        )
        escaped = pattern.sub(r'<strong class="mv-mention">@\1</strong>', escaped)
    return mark_safe(escaped.replace("\n", "<br>"))  # noqa: S308 -- escaped above
