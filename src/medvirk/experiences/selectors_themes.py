"""Reads for themes, cases from themes and the experience bank.

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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, F, QuerySet

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import organisation_ids_with_roles
from medvirk.arenas.models import Arena
from medvirk.common.paging import counted_page
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.experiences.enums import SHAREABLE
from medvirk.experiences.models import Experience, ExperienceCall, Theme, ThemeCase

PAGE_SIZE = 25
Through = Theme.experiences.through


def large_enough(themes: QuerySet[Theme]) -> QuerySet[Theme]:
    """Themes that may be shown outside their moderators at all."""
    return themes.filter(answer_count__gte=F("min_size"))


@dataclass
class Coverage:
    """What a theme covers: the kommuner and services of its approved answers."""

    kommuner: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)


def coverage(themes: Iterable[Theme]) -> dict[int, Coverage]:
    """Kommuner and services covered, per theme (an umbrella's theme through its
    sources). Two statements at most, for any number of themes."""
    themes = list(themes)
    call_ids = [theme.pk for theme in themes if theme.call_id is not None]
    umbrella_ids = [theme.pk for theme in themes if theme.call_id is None]
    # For an umbrella's theme: which source themes it combines.
    sources: dict[int, list[int]] = defaultdict(list)
    if umbrella_ids:
        for umbrella_id, source_id in Theme.sources.through.objects.filter(
            from_theme_id__in=umbrella_ids,
            to_theme__is_shared=True,
            to_theme__answer_count__gte=F("to_theme__min_size"),
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
    return Experience.objects.filter(call_id=call_id, status__in=SHAREABLE).count()


def theme_answers(theme: Theme, number: Any) -> Page[Experience]:
    """The approved answers in the theme, newest first, a page of 25 (their number is the
    theme's kept ``answer_count``, so no COUNT). Only the shared fields are read: the
    original text never leaves the database here."""
    answers = (
        theme.experiences.filter(status__in=SHAREABLE)
        .select_related("kommune")
        .only(
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
        .order_by("-submitted_at", "-pk")
    )
    return counted_page(answers, PAGE_SIZE, count=theme.answer_count, number=number)


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
    may still be shown).
    Answers without a kommune or service are counted as «not given» (label None)."""
    if theme.call_id is None:
        answers = Experience.objects.filter(
            themes__in=large_enough(theme.sources.shared()).values("pk"),
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
        .order_by("-created_at", "-pk")
    )


def offered_arenas(theme: Theme) -> list[Arena]:
    return list(theme.offered_to.select_related("owner").order_by("name", "pk"))


def source_rows(theme: Theme) -> list[ThemeRow]:
    """An umbrella theme's sources that may still be shown (shared, large enough)."""
    return _rows(
        large_enough(theme.sources.shared())
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
