"""Text for search: the words of a query, plain text from sanitised HTML, snippets with
the hits marked, and the SQLite fallback's check of a row's visible text. No database."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
SNIPPET_BEFORE = 60
SNIPPET_LENGTH = 240

# websearch syntax and punctuation that never belongs to a word.
NON_WORD = re.compile(r"[\"'()\[\]{}<>,;:!?«»]+")


def _tokens(query: str) -> list[str]:
    return NON_WORD.sub(" ", query[:MAX_QUERY_LENGTH]).split()


def query_words(query: str) -> list[str]:
    """The words a hit must contain, casefolded, without search operators, at most
    MAX_WORDS. A word with a leading minus is excluded instead (``websearch`` syntax)."""
    words = []
    for raw in _tokens(query):
        if raw.startswith("-"):
            continue
        word = raw.strip(".-+*&|~").casefold()
        if word and word != "or" and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def negated_words(query: str) -> list[str]:
    """Words the query excludes with a leading minus: ``benker -parken``."""
    words = (raw.strip(".-+*&|~").casefold() for raw in _tokens(query) if raw.startswith("-"))
    return [word for word in words if word][:MAX_WORDS]


def plain_text(value: str) -> str:
    """Text without tags or entities, on one line."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def _hit_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """Matches the query words, or (for stemmed hits) their first five letters."""
    stems = {w if len(w) <= 5 else w[:5] for w in words}
    parts = sorted({re.escape(w) for w in (*words, *stems) if len(w) >= 2}, key=len, reverse=True)
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def _plain(value: str, is_html: bool) -> str:
    return plain_text(value) if is_html else " ".join((value or "").split())


def snippet(texts: Iterable[str], words: Sequence[str], *, is_html: bool = True) -> SafeString:
    """A short, escaped piece of the first text with a hit, hits wrapped in <mark>.

    ``texts`` are (sanitised) HTML, or plain text with ``is_html=False``. Every piece
    of user text is escaped before it is joined with the <mark> tags, so the result
    is safe to show as HTML."""
    plains = [t for t in (_plain(text, is_html) for text in texts) if t]
    if not plains:
        return mark_safe("")
    pattern = _hit_pattern(words)
    chosen, start = plains[0], 0
    if pattern is not None:
        for candidate in plains:
            match = pattern.search(candidate)
            if match:
                chosen, start = candidate, max(0, match.start() - SNIPPET_BEFORE)
                break
    if start:
        # Start at a word boundary.
        space = chosen.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(chosen), start + SNIPPET_LENGTH)
    if end < len(chosen):
        space = chosen.rfind(" ", start, end)
        end = space if space > start else end
    piece = chosen[start:end]
    parts: list[str] = []
    position = 0
    if pattern is not None:
        for match in pattern.finditer(piece):
            parts.append(escape(piece[position : match.start()]))
            parts.append(f"<mark>{escape(match.group(0))}</mark>")
            position = match.end()
    parts.append(escape(piece[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(chosen) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every part escaped


def matches(
    texts: Iterable[str], words: Sequence[str], query: str, *, is_html: bool = True
) -> bool:
    """SQLite only: every word, and no excluded word, in the visible text (not in
    tags), ignoring case."""
    haystack = " ".join(_plain(text, is_html) for text in texts).casefold()
    return all(word in haystack for word in words) and not any(
        word in haystack for word in negated_words(query)
    )


def title_score(title: str, words: Sequence[str]) -> float:
    folded = title.casefold()
    return sum(1.0 for word in words if word in folded) / max(len(words), 1)
