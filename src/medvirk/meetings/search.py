"""Search across agenda items, case proposals and approved minutes the user may see.

Visibility comes from ``visibility.py`` only: closed items, draft agendas,
proposals and private arenas reach exactly the users the selectors let in.

On PostgreSQL the search is full text (Norwegian stemming, ``websearch`` syntax:
"a phrase", -excluded, or; ranked with title hits weighted above the body). On
SQLite it falls back to word matching: every word must occur in one of the
fields (as a part of a word, ignoring case) and a word with a minus must not;
quotes and "or" are ignored. Hits in the title rank first, then newer before older.

Each kind costs one query, whatever the number of hits (plus the user's roles
and seats, read once and cached on the user object).
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from medvirk.meetings import visibility
from medvirk.meetings.enums import MinutesStatus
from medvirk.meetings.models import MinutesEntry

ITEM = "item"
PROPOSAL = "proposal"
MINUTES = "minutes"
KINDS = (ITEM, PROPOSAL, MINUTES)
KIND_LABELS = {
    ITEM: _("Sak"),
    PROPOSAL: _("Saksforslag"),
    MINUTES: _("Protokoll"),
}

SEARCH_CONFIG = "norwegian"
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
DEFAULT_LIMIT = 200
SNIPPET_BEFORE = 60
SNIPPET_LENGTH = 240

CASE_NUMBER = re.compile(r"^\s*(\d{1,5})\s*/\s*(\d{4})\s*$")
# websearch syntax and punctuation that never belongs to a word.
NON_WORD = re.compile(r"[\"'()\[\]{}<>,;:!?«»]+")


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    url: str
    arena_name: str
    case_number: str
    meeting_date: datetime.date | None
    snippet: SafeString
    score: float
    sort_at: datetime.datetime

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


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


def _word_q(fields: Sequence[str], word: str) -> Q:
    """The word in any of the fields. SQLite's LIKE ignores case for ASCII letters
    only, so the word is also tried in upper case and capitalised (æ/Æ, ø/Ø, å/Å)."""
    variants = {word, word.upper(), word.capitalize()}
    q = Q()
    for field in fields:
        for variant in variants:
            q |= Q(**{f"{field}__icontains": variant})
    return q


def _text_filter(
    queryset: QuerySet[Any],
    *,
    query: str,
    words: Sequence[str],
    title: str | None,
    body: Sequence[str],
    date_field: str,
) -> QuerySet[Any]:
    """Filter and rank a queryset by the query, the way the database can.

    Ranked by ``score``: PostgreSQL's rank with the title weighted above the body,
    or on SQLite 1 when every word is in the title, else 0."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        weighted = ([(title, "A")] if title else []) + [(field, "B") for field in body]
        vector: Any = SearchVector(weighted[0][0], weight=weighted[0][1], config=SEARCH_CONFIG)
        for field, weight in weighted[1:]:
            vector += SearchVector(field, weight=weight, config=SEARCH_CONFIG)
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            queryset.alias(document=vector)
            .filter(document=search_query)
            .annotate(score=SearchRank(vector, search_query))
            .order_by("-score", F(date_field).desc(nulls_last=True), "-pk")
        )
    fields = [title, *body] if title else list(body)
    for word in words:
        queryset = queryset.filter(_word_q(fields, word))
    score: Any = Value(0.0, output_field=FloatField())
    if title:
        title_all = Q()
        for word in words:
            title_all &= _word_q([title], word)
        score = Case(When(title_all, then=Value(1.0)), default=score, output_field=FloatField())
    return queryset.annotate(score=score).order_by(
        "-score", F(date_field).desc(nulls_last=True), "-pk"
    )


def _matches(
    texts: Iterable[str], words: Sequence[str], query: str, *, is_html: bool = True
) -> bool:
    """SQLite only: every word, and no excluded word, in the visible text (not in
    tags), ignoring case."""
    haystack = " ".join(_plain(text, is_html) for text in texts).casefold()
    return all(word in haystack for word in words) and not any(
        word in haystack for word in negated_words(query)
    )


def _title_score(title: str, words: Sequence[str]) -> float:
    folded = title.casefold()
    return sum(1.0 for word in words if word in folded) / max(len(words), 1)


def _score(row: Any, title: str, words: Sequence[str]) -> float:
    if connection.vendor == "postgresql":
        return float(row.score)
    return _title_score(title, words)


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def _items(user: Any, query: str, words: Sequence[str], limit: int) -> list[SearchResult]:
    items = visibility.visible_items(user).select_related("arena", "meeting")
    number = CASE_NUMBER.match(query)
    if number:
        items = items.filter(number=int(number.group(1)), year=int(number.group(2)))
        items = items.annotate(score=Value(1.0, output_field=FloatField())).order_by(
            "-meeting__starts_at", "-pk"
        )
    else:
        items = _text_filter(
            items,
            query=query,
            words=words,
            title="title",
            body=["description"],
            date_field="meeting__starts_at",
        )
    results = []
    for item in items[:limit]:
        if (
            not number
            and connection.vendor != "postgresql"
            and not _matches([item.title, item.description], words, query)
        ):
            continue
        results.append(
            SearchResult(
                kind=ITEM,
                title=item.title,
                url=item.get_absolute_url(),
                arena_name=item.arena.name,
                case_number=item.case_number,
                meeting_date=_local_date(item.meeting.starts_at),
                snippet=snippet([item.description], words),
                score=1.0 if number else _score(item, item.title, words),
                sort_at=item.meeting.starts_at,
            )
        )
    return results


PROPOSAL_BODY = ["problem_why", "problem_where", "problem_when", "proposed_solution"]


def _proposals(user: Any, query: str, words: Sequence[str], limit: int) -> list[SearchResult]:
    proposals = _text_filter(
        visibility.visible_proposals(user).select_related("arena", "wanted_meeting"),
        query=query,
        words=words,
        title="title",
        body=PROPOSAL_BODY,
        date_field="submitted_at",
    )
    results = []
    for proposal in proposals[:limit]:
        body = [getattr(proposal, field) for field in PROPOSAL_BODY]
        if connection.vendor != "postgresql" and not _matches(
            [proposal.title, *body], words, query, is_html=False
        ):
            continue
        wanted = proposal.wanted_meeting
        results.append(
            SearchResult(
                kind=PROPOSAL,
                title=proposal.title,
                url=proposal.get_absolute_url(),
                arena_name=proposal.arena.name,
                case_number="",
                meeting_date=_local_date(wanted.starts_at) if wanted else None,
                snippet=snippet(body, words, is_html=False),
                score=_score(proposal, proposal.title, words),
                sort_at=proposal.submitted_at,
            )
        )
    return results


def _minutes(user: Any, query: str, words: Sequence[str], limit: int) -> list[SearchResult]:
    # visible_items() decides which items' entries may be seen: closed items only
    # for the arena's members and managers, nothing in arenas hidden from the user.
    entries = MinutesEntry.objects.filter(
        minutes__status=MinutesStatus.APPROVED,
        item__in=visibility.visible_items(user).values("pk"),
    ).select_related("item__arena", "minutes__meeting")
    number = CASE_NUMBER.match(query)
    if number:
        entries = entries.filter(
            item__number=int(number.group(1)), item__year=int(number.group(2))
        ).order_by("-minutes__meeting__starts_at", "-pk")
    else:
        entries = _text_filter(
            entries,
            query=query,
            words=words,
            title=None,
            body=["text"],
            date_field="minutes__meeting__starts_at",
        )
    results = []
    for entry in entries[:limit]:
        if (
            not number
            and connection.vendor != "postgresql"
            and not _matches([entry.text], words, query)
        ):
            continue
        item, meeting = entry.item, entry.minutes.meeting
        results.append(
            SearchResult(
                kind=MINUTES,
                title=item.title,
                url=reverse("meetings:minutes", args=[meeting.pk]),
                arena_name=item.arena.name,
                case_number=item.case_number,
                meeting_date=_local_date(meeting.starts_at),
                snippet=snippet([entry.text], words),
                score=1.0 if number else _score(entry, "", words),
                sort_at=meeting.starts_at,
            )
        )
    return results


def search(
    user: Any,
    query: str,
    *,
    kinds: set[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[SearchResult]:
    """Agenda items, case proposals and approved minutes entries matching the query
    that the user may see, best first, at most ``limit`` of them.

    ``kinds`` narrows the search to some of ``KINDS``; None searches all."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    words = query_words(query)
    if not words:
        return []
    wanted = set(KINDS) if kinds is None else set(kinds) & set(KINDS)
    results: list[SearchResult] = []
    if ITEM in wanted:
        results += _items(user, query, words, limit)
    if PROPOSAL in wanted:
        results += _proposals(user, query, words, limit)
    if MINUTES in wanted:
        results += _minutes(user, query, words, limit)
    results.sort(key=lambda r: (-r.score, -r.sort_at.timestamp(), r.kind, r.title))
    return results[:limit]
