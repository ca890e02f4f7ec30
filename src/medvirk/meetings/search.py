"""Search across agenda items, case proposals and approved minutes the user may see.

Visibility comes from ``visibility.py`` only: closed items, draft agendas,
proposals and private arenas reach exactly the users the selectors let in.

On PostgreSQL the search is full text over stored, indexed vectors (``search_pg.py``,
migration 0003): Norwegian stemming, ``websearch`` syntax ("a phrase", -excluded, or),
ranked with title hits weighted above the body. Only the newest ``SEARCH_CANDIDATES``
visible matches of each kind are ranked, so a common word costs about as much as a rare
one, and the statements run under ``statement_timeout``
(``settings.MEDVIRK_SEARCH_TIMEOUT_MS``): a search stopped by it raises ``SearchTimeout``.

On SQLite it falls back to word matching: every word must occur in one of the fields
(as a part of a word, ignoring case) and a word with a minus must not; quotes and "or"
are ignored. Hits in the title rank first, then newer before older. There is no
candidate bound and no timeout on SQLite.

Each kind costs one query, whatever the number of hits (plus the user's roles and
seats, read once and cached on the user object; on PostgreSQL also the statement that
sets the timeout, and the savepoint around the search when called inside a transaction).
Snippets are made in Python, only for the results that are shown.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from medvirk.common.rows import url_maker
from medvirk.meetings import visibility
from medvirk.meetings.enums import MinutesStatus
from medvirk.meetings.models import MinutesEntry, format_case_number
from medvirk.meetings.search_pg import (
    SEARCH_CANDIDATES,
    SEARCH_CONFIG,
    SearchTimeout,
    ranked,
    statement_timeout,
)
from medvirk.meetings.search_text import (
    MAX_QUERY_LENGTH,
    MAX_WORDS,
    matches,
    negated_words,
    plain_text,
    query_words,
    snippet,
    title_score,
)

__all__ = [
    "DEFAULT_LIMIT",
    "ITEM",
    "KINDS",
    "MAX_QUERY_LENGTH",
    "MAX_WORDS",
    "MINUTES",
    "PROPOSAL",
    "SEARCH_CANDIDATES",
    "SEARCH_CONFIG",
    "SearchResult",
    "SearchTimeout",
    "negated_words",
    "plain_text",
    "query_words",
    "search",
    "snippet",
]

ITEM = "item"
PROPOSAL = "proposal"
MINUTES = "minutes"
KINDS = (ITEM, PROPOSAL, MINUTES)
KIND_LABELS = {
    ITEM: _("Sak"),
    PROPOSAL: _("Saksforslag"),
    MINUTES: _("Protokoll"),
}

DEFAULT_LIMIT = 200

CASE_NUMBER = re.compile(r"^\s*(\d{1,5})\s*/\s*(\d{4})\s*$")


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    url: str
    arena_name: str
    case_number: str
    meeting_date: datetime.date | None
    score: float
    sort_at: datetime.datetime
    # What the snippet is made from: it is made when the result is shown (one page of
    # 20), not for all the results.
    texts: tuple[str, ...]
    words: tuple[str, ...]
    is_html: bool = True

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @cached_property
    def snippet(self) -> SafeString:
        """A short piece of the text with the hits marked."""
        return snippet(self.texts, self.words, is_html=self.is_html)


@dataclass(frozen=True)
class Kind:
    """Which fields a kind's text is in, and the values its results are made from
    (plain values, not model instances: 200 rows of three kinds cost several times
    more as models with their related models than the query itself)."""

    values: tuple[str, ...]
    title: str | None
    body: tuple[str, ...]
    date_field: str
    number_prefix: str = ""


ITEMS = Kind(
    values=("pk", "title", "description", "number", "year", "arena__name", "meeting__starts_at"),
    title="title",
    body=("description",),
    date_field="meeting__starts_at",
)
PROPOSAL_BODY = ("problem_why", "problem_where", "problem_when", "proposed_solution")
PROPOSALS = Kind(
    values=(
        "pk",
        "title",
        *PROPOSAL_BODY,
        "submitted_at",
        "arena__name",
        "wanted_meeting__starts_at",
    ),
    title="title",
    body=PROPOSAL_BODY,
    date_field="submitted_at",
)
MINUTES_ENTRIES = Kind(
    values=(
        "text",
        "item__title",
        "item__number",
        "item__year",
        "item__arena__name",
        "minutes__meeting",
        "minutes__meeting__starts_at",
    ),
    title=None,
    body=("text",),
    date_field="minutes__meeting__starts_at",
    number_prefix="item__",
)


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
    queryset: QuerySet[Any], kind: Kind, *, query: str, words: Sequence[str]
) -> QuerySet[Any]:
    """The rows matching the query as ``kind.values`` and ``score``, best first.

    Ranked by ``score``: PostgreSQL's rank of the stored vector (the same fields, title
    weighted above the body: migration 0003_search_vectors), or on SQLite 1 when every
    word is in the title, else 0."""
    if connection.vendor == "postgresql":
        return ranked(queryset, query, values=kind.values, date_field=kind.date_field)
    fields = [kind.title, *kind.body] if kind.title else list(kind.body)
    for word in words:
        queryset = queryset.filter(_word_q(fields, word))
    score: Any = Value(0.0, output_field=FloatField())
    if kind.title:
        title_all = Q()
        for word in words:
            title_all &= _word_q([kind.title], word)
        score = Case(When(title_all, then=Value(1.0)), default=score, output_field=FloatField())
    return (
        queryset.annotate(score=score)
        .order_by("-score", F(kind.date_field).desc(nulls_last=True), "-pk")
        .values(*kind.values, "score")
    )


def _by_case_number(queryset: QuerySet[Any], kind: Kind, number: re.Match[str]) -> QuerySet[Any]:
    prefix = kind.number_prefix
    return (
        queryset.filter(
            **{f"{prefix}number": int(number.group(1)), f"{prefix}year": int(number.group(2))}
        )
        .annotate(score=Value(1.0, output_field=FloatField()))
        .order_by(F(kind.date_field).desc(), "-pk")
        .values(*kind.values, "score")
    )


def _rows(
    queryset: QuerySet[Any], kind: Kind, *, query: str, words: Sequence[str], limit: int
) -> tuple[list[dict[str, Any]], bool]:
    """The kind's rows for the query (``score`` 1 for a case number), and whether the
    query was a case number."""
    number = CASE_NUMBER.match(query) if kind is not PROPOSALS else None
    if number:
        return list(_by_case_number(queryset, kind, number)[:limit]), True
    return list(_text_filter(queryset, kind, query=query, words=words)[:limit]), False


def _score(row: dict[str, Any], title: str, words: Sequence[str]) -> float:
    if connection.vendor == "postgresql":
        return float(row["score"])
    return title_score(title, words)


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def _sqlite_miss(texts: Sequence[str], words: Sequence[str], query: str, **kw: Any) -> bool:
    """SQLite only: LIKE also matched inside tags or across fields; check the text."""
    return connection.vendor != "postgresql" and not matches(texts, words, query, **kw)


def _items(user: Any, query: str, words: Sequence[str], limit: int) -> list[SearchResult]:
    rows, by_number = _rows(
        visibility.visible_items(user), ITEMS, query=query, words=words, limit=limit
    )
    url = url_maker("meetings:item_detail")
    results = []
    for row in rows:
        if not by_number and _sqlite_miss([row["title"], row["description"]], words, query):
            continue
        results.append(
            SearchResult(
                kind=ITEM,
                title=row["title"],
                url=url(row["pk"]),
                arena_name=row["arena__name"],
                case_number=format_case_number(row["number"], row["year"]),
                meeting_date=_local_date(row["meeting__starts_at"]),
                score=1.0 if by_number else _score(row, row["title"], words),
                sort_at=row["meeting__starts_at"],
                texts=(row["description"],),
                words=tuple(words),
            )
        )
    return results


def _proposals(user: Any, query: str, words: Sequence[str], limit: int) -> list[SearchResult]:
    rows, _ = _rows(
        visibility.visible_proposals(user), PROPOSALS, query=query, words=words, limit=limit
    )
    url = url_maker("meetings:proposal_detail")
    results = []
    for row in rows:
        body = tuple(row[field] for field in PROPOSAL_BODY)
        if _sqlite_miss([row["title"], *body], words, query, is_html=False):
            continue
        results.append(
            SearchResult(
                kind=PROPOSAL,
                title=row["title"],
                url=url(row["pk"]),
                arena_name=row["arena__name"],
                case_number="",
                meeting_date=_local_date(row["wanted_meeting__starts_at"]),
                score=_score(row, row["title"], words),
                sort_at=row["submitted_at"],
                texts=body,
                words=tuple(words),
                is_html=False,
            )
        )
    return results


def _minutes(user: Any, query: str, words: Sequence[str], limit: int) -> list[SearchResult]:
    # visible_items() decides which items' entries may be seen: closed items only
    # for the arena's members and managers, nothing in arenas hidden from the user.
    entries = MinutesEntry.objects.filter(
        minutes__status=MinutesStatus.APPROVED,
        item__in=visibility.visible_items(user).values("pk"),
    )
    rows, by_number = _rows(entries, MINUTES_ENTRIES, query=query, words=words, limit=limit)
    url = url_maker("meetings:minutes")
    results = []
    for row in rows:
        if not by_number and _sqlite_miss([row["text"]], words, query):
            continue
        starts_at = row["minutes__meeting__starts_at"]
        results.append(
            SearchResult(
                kind=MINUTES,
                title=row["item__title"],
                url=url(row["minutes__meeting"]),
                arena_name=row["item__arena__name"],
                case_number=format_case_number(row["item__number"], row["item__year"]),
                meeting_date=_local_date(starts_at),
                score=1.0 if by_number else _score(row, "", words),
                sort_at=starts_at,
                texts=(row["text"],),
                words=tuple(words),
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

    ``kinds`` narrows the search to some of ``KINDS``; None searches all. On
    PostgreSQL, raises ``SearchTimeout`` when the database stopped the search at
    ``settings.MEDVIRK_SEARCH_TIMEOUT_MS``."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    words = query_words(query)
    if not words:
        return []
    wanted = set(KINDS) if kinds is None else set(kinds) & set(KINDS)
    results: list[SearchResult] = []
    with statement_timeout():
        if ITEM in wanted:
            results += _items(user, query, words, limit)
        if PROPOSAL in wanted:
            results += _proposals(user, query, words, limit)
        if MINUTES in wanted:
            results += _minutes(user, query, words, limit)
    results.sort(key=lambda r: (-r.score, -r.sort_at.timestamp(), r.kind, r.title))
    return results[:limit]
