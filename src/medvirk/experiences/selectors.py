"""Every read of experience gathering: calls, answers, themes, cases from themes and the
experience bank. An answer's original text is read only through
:func:`answers_for_moderation` and :func:`answer_for_moderation`, which the views call
after checking ``experiences.moderate_call``.

Who sees what (the rules in ``rules.py`` say the same for one theme):

- a call's moderators see its themes with the answers' SHARED (redacted) text -- never the
  original text, which only the moderation pages show;
- outside the moderators a theme is only a title, a summary and counts, only when it is
  shared and holds at least ``min_size`` answers (:func:`large_enough`): the admins of
  the umbrellas above its organisation, and the secretariats (and admins) of the services
  owning the arenas it was offered to.

Each function reads in a fixed number of statements, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, F, QuerySet
from django.utils.html import format_html_join

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import organisation_ids_with_roles
from medvirk.arenas.models import Arena
from medvirk.common.paging import RememberedPages, counted_page
from medvirk.common.tokens import hash_token
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.experiences.caching import COUNTS, FIGURES, figure_scopes
from medvirk.experiences.enums import SHAREABLE, Audience, ExperienceStatus
from medvirk.experiences.models import (
    PENDING_FIRST,
    Experience,
    ExperienceCall,
    Theme,
    ThemeCase,
)

# The status counts every call page shows, as attributes of the call.
COUNT_NAMES = {
    ExperienceStatus.PENDING: "pending_count",
    ExperienceStatus.APPROVED: "approved_count",
    ExperienceStatus.REJECTED: "rejected_count",
}


def status_counts(call_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per call: its answers per status (``pending_count``, ``approved_count``,
    ``rejected_count``), the shareable ones (``shareable_count``) and all of them
    (``answer_count``). Cached per call (``caching.COUNTS``): a national call's 50,000
    answers are counted once per change, not on every page. One statement on a miss."""
    ids = sorted(set(call_ids))
    if not ids:
        return {}

    def compute() -> dict[int, dict[str, int]]:
        found = {
            pk: dict.fromkeys((*COUNT_NAMES.values(), "shareable_count", "answer_count"), 0)
            for pk in ids
        }
        rows = (
            Experience.objects.filter(call_id__in=ids)
            .order_by()
            .values_list("call_id", "status")
            .annotate(n=Count("pk"))
        )
        for call_id, status, n in rows:
            counts = found[call_id]
            if status in COUNT_NAMES:
                counts[COUNT_NAMES[status]] += n
            if status in SHAREABLE:
                counts["shareable_count"] += n
            counts["answer_count"] += n
        return found

    return COUNTS.get_or_set("status", *ids, compute=compute, scopes=ids, language=False)


def with_counts(calls: Iterable[ExperienceCall]) -> list[ExperienceCall]:
    """The calls, each with its :func:`status_counts` as attributes."""
    calls = list(calls)
    counts = status_counts(call.pk for call in calls)
    for call in calls:
        for name, value in counts[call.pk].items():
            setattr(call, name, value)
    return calls


def calls_of_organisation(organisation: Organisation) -> list[ExperienceCall]:
    """The organisation's calls, newest opening first, each with its status counts."""
    return with_counts(
        ExperienceCall.objects.filter(organisation=organisation).order_by("-opens_on", "-pk")
    )


def call_with_counts(pk: int) -> ExperienceCall | None:
    """One call with its organisation, arenas and status counts (two statements, and a
    third when the counts are not cached)."""
    call = (
        ExperienceCall.objects.filter(pk=pk)
        .select_related("organisation")
        .prefetch_related("arenas")
        .first()
    )
    return None if call is None else with_counts([call])[0]


def public_calls(day: datetime.date) -> QuerySet[ExperienceCall]:
    """Calls open on ``day`` and listed for everyone, closing soonest first."""
    return (
        ExperienceCall.objects.open_on(day)
        .filter(audience=Audience.EVERYONE)
        .select_related("organisation")
        .only(
            "pk",
            "code",
            "title",
            "target_group",
            "opens_on",
            "closes_on",
            "audience",
            "published_at",
            "organisation__id",
            "organisation__name",
        )
        .order_by("closes_on", "title", "pk")
    )


def call_by_code(code: str) -> ExperienceCall | None:
    return ExperienceCall.objects.select_related("organisation").filter(code=code).first()


# --- Answers -------------------------------------------------------------------------------


def answers_for_moderation(call: ExperienceCall, status: str = "") -> RememberedPages:
    """The call's answers for its moderators, pending first (or those of one status),
    newest first, with the kommune: for :func:`counted_page`. A page's ids are read in
    index order (an index-only scan, even 40,000 answers deep), then its rows by id."""
    answers = Experience.objects.filter(call=call)
    if status:
        answers = answers.filter(status=status).order_by("-submitted_at", "-pk")
    else:
        answers = answers.order_by(PENDING_FIRST, "-submitted_at", "-pk")

    def rows(ids: list[int]) -> QuerySet[Experience]:
        found = Experience.objects.filter(call=call, pk__in=ids).select_related("kommune")
        return found.filter(status=status) if status else found

    return RememberedPages(answers.values_list("pk", flat=True), rows)


def answer_for_moderation(pk: int) -> Experience | None:
    return (
        Experience.objects.select_related("call__organisation", "kommune", "moderated_by")
        .filter(pk=pk)
        .first()
    )


def answer_by_withdraw_token(token: str) -> Experience | None:
    """The answer a personal withdrawal link names (by the token's hash), or None."""
    if not token:
        return None
    return (
        Experience.objects.select_related("call")
        .filter(withdraw_token_hash=hash_token(token))
        .exclude(withdraw_token_hash="")
        .first()
    )


PAGE_SIZE = 25
Through = Theme.experiences.through


def large_enough(themes: QuerySet[Theme]) -> QuerySet[Theme]:
    """Themes that may be shown outside their moderators at all."""
    return themes.filter(answer_count__gte=F("min_size"))


def shown_sources(theme: Theme) -> QuerySet[Theme]:
    """An umbrella theme's sources that may still be shown: shared, large enough, and of
    a member of the umbrella still (``domain.themes.shown_sources`` says the same)."""
    return large_enough(theme.sources.shared()).filter(
        organisation__umbrellas=theme.organisation_id
    )


@dataclass
class Coverage:
    """What a theme covers: the kommuner and services of its approved answers; each list
    also as one escaped, comma-separated text, joined once when the coverage is computed
    and cached with it (a national theme names hundreds of kommuner)."""

    kommuner: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    kommuner_text: str = ""
    services_text: str = ""

    def __post_init__(self) -> None:
        self.kommuner_text = format_html_join(", ", "{}", ((name,) for name in self.kommuner))
        self.services_text = format_html_join(", ", "{}", ((name,) for name in self.services))


def coverage(themes: Iterable[Theme]) -> dict[int, Coverage]:
    """Kommuner and services covered, per theme (an umbrella's theme through its
    sources). Cached (``caching.FIGURES``); two statements at most on a miss, for any
    number of themes."""
    themes = list(themes)
    if not themes:
        return {}
    ids = sorted(theme.pk for theme in themes)
    return FIGURES.get_or_set(
        "coverage",
        *ids,
        compute=lambda: _coverage(themes),
        scopes=figure_scopes(themes),
        language=False,
    )


def _coverage(themes: list[Theme]) -> dict[int, Coverage]:
    call_ids = [theme.pk for theme in themes if theme.call_id is not None]
    umbrella_ids = [theme.pk for theme in themes if theme.call_id is None]
    # For an umbrella's theme: which source themes it combines.
    sources: dict[int, list[int]] = defaultdict(list)
    if umbrella_ids:
        for umbrella_id, source_id in Theme.sources.through.objects.filter(
            from_theme_id__in=umbrella_ids,
            to_theme__is_shared=True,
            to_theme__answer_count__gte=F("to_theme__min_size"),
            to_theme__organisation__umbrellas=F("from_theme__organisation"),
        ).values_list("from_theme_id", "to_theme_id"):
            sources[source_id].append(umbrella_id)
    wanted = set(call_ids) | set(sources)
    kommuner: dict[int, set[str]] = defaultdict(set)
    services: dict[int, set[str]] = defaultdict(set)
    if wanted:
        rows = (
            Through.objects.filter(theme_id__in=wanted, experience__status__in=SHAREABLE)
            .values_list("theme_id", "experience__kommune__name", "experience__service")
            .distinct()
        )
        for theme_id, kommune, service in rows:
            for target in (theme_id, *sources.get(theme_id, ())):
                if kommune:
                    kommuner[target].add(kommune)
                if service:
                    services[target].add(service)
    return {
        theme.pk: Coverage(sorted(kommuner[theme.pk]), sorted(services[theme.pk]))
        for theme in themes
    }


@dataclass
class ThemeRow:
    theme: Theme
    coverage: Coverage


def _rows(themes: Iterable[Theme]) -> list[ThemeRow]:
    themes = list(themes)
    covered = coverage(themes)
    return [ThemeRow(theme, covered[theme.pk]) for theme in themes]


# -- The moderators' pages --------------------------------------------------------------


def call_themes(call: ExperienceCall) -> list[ThemeRow]:
    """The call's themes by title, with what each covers."""
    return _rows(Theme.objects.filter(call=call).order_by("title", "pk"))


def approved_count(call: ExperienceCall) -> int:
    return approved_count_of(call.pk)


def approved_count_of(call_id: int | None) -> int:
    if call_id is None:
        return 0
    return status_counts([call_id])[call_id]["shareable_count"]


THEME_ANSWER_FIELDS = (
    "pk",
    "call_id",
    "status",
    "kommune__name",
    "service",
    "when",
    "shared_what_happened",
    "shared_impact",
    "shared_would_have_helped",
    "purged_at",
    "submitted_at",
)


def theme_answers(theme: Theme, number: Any) -> Page[Experience]:
    """The approved answers in the theme, newest first, a page of 25 (their number is the
    theme's kept ``answer_count``, so no COUNT). A page's ids are chosen once per version
    of ``caching.FIGURES`` (choosing them sorts the theme's thousands of answers), its rows
    read by id, still in the theme and approved. Only the shared fields are read: the
    original text never leaves the database here."""
    ids = (
        Through.objects.filter(theme_id=theme.pk, experience__status__in=SHAREABLE)
        .order_by("-experience__submitted_at", "-experience_id")
        .values_list("experience_id", flat=True)
    )

    def rows(page_ids: list[int]) -> QuerySet[Experience]:
        return (
            theme.experiences.filter(pk__in=page_ids, status__in=SHAREABLE)
            .select_related("kommune")
            .only(*THEME_ANSWER_FIELDS)
        )

    def remember(key: Any, compute: Any) -> list[int]:
        return FIGURES.get_or_set(
            "answers",
            theme.pk,
            *key,
            compute=compute,
            scopes=figure_scopes([theme]),
            language=False,
        )

    pages = RememberedPages(ids, rows, remember)
    return counted_page(pages, PAGE_SIZE, count=theme.answer_count, number=number)


def candidate_answers(theme: Theme, number: Any) -> Page[Experience]:
    """Approved answers of the theme's call that are not in it yet, a page of 25 (shared
    fields only). Every answer in the theme is an approved answer of its call, so their
    number is the call's approved answers less the theme's count: one COUNT."""
    answers = (
        Experience.objects.filter(call_id=theme.call_id, status__in=SHAREABLE)
        .exclude(pk__in=Through.objects.filter(theme_id=theme.pk).values("experience_id"))
        .select_related("kommune")
        .only(
            "pk",
            "call_id",
            "status",
            "kommune__name",
            "service",
            "when",
            "shared_what_happened",
            "purged_at",
            "submitted_at",
        )
        .order_by("-submitted_at", "-pk")
    )
    count = max(approved_count_of(theme.call_id) - theme.answer_count, 0)
    return counted_page(answers, PAGE_SIZE, count=count, number=number)


@dataclass
class Figures:
    """How many of the theme's answers come from each kommune and each service."""

    by_kommune: list[tuple[str, int]]
    by_service: list[tuple[str, int]]


def theme_figures(theme: Theme) -> Figures:
    """Counts per kommune and per service (an umbrella's theme: across its sources that
    may still be shown), cached (``caching.FIGURES``).
    Answers without a kommune or service are counted as «not given» (label None)."""
    return FIGURES.get_or_set(
        "figures",
        theme.pk,
        compute=lambda: _theme_figures(theme),
        scopes=figure_scopes([theme]),
        language=False,
    )


def _theme_figures(theme: Theme) -> Figures:
    if theme.call_id is None:
        answers = Experience.objects.filter(
            themes__in=shown_sources(theme).values("pk"),
            status__in=SHAREABLE,
        ).distinct()
        answers = Experience.objects.filter(pk__in=answers.values("pk"))
    else:
        answers = Experience.objects.filter(
            pk__in=Through.objects.filter(theme_id=theme.pk).values("experience_id"),
            status__in=SHAREABLE,
        )
    rows = answers.values_list("kommune__name", "service").annotate(n=Count("pk")).order_by()
    kommuner: dict[Any, int] = defaultdict(int)
    services: dict[Any, int] = defaultdict(int)
    for kommune, service, count in rows:
        kommuner[kommune or None] += count
        services[service or None] += count

    def ordered(counts: dict[Any, int]) -> list[tuple[Any, int]]:
        return sorted(counts.items(), key=lambda pair: (pair[0] is None, -pair[1], pair[0] or ""))

    return Figures(ordered(kommuner), ordered(services))


def theme_cases(theme: Theme) -> list[ThemeCase]:
    """The case proposals made from the theme, newest first, with their arena."""
    return list(
        ThemeCase.objects.filter(theme=theme)
        .select_related("proposal__arena__owner")
        .only(  # what the theme page's table shows: not the proposals' and arenas' texts
            "theme_id",
            "created_at",
            "proposal__title",
            "proposal__status",
            "proposal__submitted_at",
            "proposal__arena__name",
            "proposal__arena__owner__name",
        )
        .order_by("-created_at", "-pk")
    )


def offered_arenas(theme: Theme) -> list[Arena]:
    return list(
        theme.offered_to.select_related("owner").only("name", "owner__name").order_by("name", "pk")
    )


def source_rows(theme: Theme) -> list[ThemeRow]:
    """An umbrella theme's sources that may still be shown (:func:`shown_sources`)."""
    return _rows(
        shown_sources(theme)
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )


# -- The experience bank ------------------------------------------------------------------


def admin_umbrellas(user: Any) -> list[Organisation]:
    ids = organisation_ids_with_roles(user, RoleKind.ADMIN)
    if not ids:
        return []
    return list(
        Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.UMBRELLA).order_by(
            "name", "pk"
        )
    )


def managed_services(user: Any) -> list[Organisation]:
    ids = organisation_ids_with_roles(user, RoleKind.SECRETARIAT, RoleKind.ADMIN)
    if not ids:
        return []
    return list(
        Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.SERVICE).order_by(
            "name", "pk"
        )
    )


def member_themes(umbrellas: Iterable[Organisation]) -> list[ThemeRow]:
    """Shared, large-enough themes of the umbrellas' member organisations."""
    ids = [umbrella.pk for umbrella in umbrellas]
    if not ids:
        return []
    members = Organisation.umbrellas.through.objects.filter(to_organisation_id__in=ids).values(
        "from_organisation_id"
    )
    themes = (
        large_enough(Theme.objects.shared())
        .filter(call__isnull=False, organisation_id__in=members)
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )
    return _rows(themes)


def umbrella_themes(umbrellas: Iterable[Organisation]) -> list[ThemeRow]:
    """The umbrellas' own themes (combined from members' themes)."""
    ids = [umbrella.pk for umbrella in umbrellas]
    if not ids:
        return []
    themes = (
        Theme.objects.filter(organisation_id__in=ids, call__isnull=True)
        .select_related("organisation")
        .order_by("title", "pk")
    )
    return _rows(themes)


def offered_themes(services: Iterable[Organisation]) -> list[ThemeRow]:
    """Shared, large-enough themes offered to arenas the services own."""
    ids = [service.pk for service in services]
    if not ids:
        return []
    offered = Theme.offered_to.through.objects.filter(arena__owner_id__in=ids).values("theme_id")
    themes = (
        large_enough(Theme.objects.shared())
        .filter(pk__in=offered)
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )
    return _rows(themes)


def combinable_themes(umbrella: Organisation) -> QuerySet[Theme]:
    """The member themes an umbrella may combine: shared, large enough, of its members."""
    members = Organisation.umbrellas.through.objects.filter(to_organisation_id=umbrella.pk).values(
        "from_organisation_id"
    )
    return (
        large_enough(Theme.objects.shared())
        .filter(call__isnull=False, organisation_id__in=members)
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )


def arenas_named(ids: Iterable[int]) -> QuerySet[Arena]:
    return Arena.objects.filter(pk__in=list(ids)).select_related("owner").order_by("name", "pk")


# --- "Min side" ------------------------------------------------------------------------------


def pending_by_organisation(organisation_ids: Iterable[int]) -> dict[int, int]:
    """Answers waiting for moderation per organisation: its calls (one statement) and
    their cached :func:`status_counts` (a second statement when not cached)."""
    ids = list(organisation_ids)
    if not ids:
        return {}
    calls = list(
        ExperienceCall.objects.filter(organisation_id__in=ids).values_list("pk", "organisation_id")
    )
    counts = status_counts(pk for pk, _organisation in calls)
    pending: dict[int, int] = defaultdict(int)
    for pk, organisation_id in calls:
        if counts[pk]["pending_count"]:
            pending[organisation_id] += counts[pk]["pending_count"]
    return dict(pending)


def open_calls_for_representative(
    organisation_ids: Iterable[int], day: datetime.date
) -> list[ExperienceCall]:
    """Open calls of the organisations a representative represents in a current seat
    (``organisation_ids``, from the seats the page has read): where they record an
    individual case. One statement, none without organisations."""
    ids = list(organisation_ids)
    if not ids:
        return []
    return list(
        ExperienceCall.objects.open_on(day)
        .filter(organisation_id__in=ids)
        .select_related("organisation")
        .order_by("closes_on", "pk")[:10]
    )
