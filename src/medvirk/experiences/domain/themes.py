"""Themes: grouping approved answers, the moderator's summary, sharing, and an umbrella's
themes that combine its members' shared themes.

Who: a theme of a call is made and changed by the call's moderators
(``experiences.add_theme`` on the call, ``experiences.change_theme`` on the theme); an
umbrella's theme by the umbrella's admins (``experiences.add_theme`` on the umbrella).

A theme's ``answer_count`` is kept here (:func:`recount`): the number of approved answers
in it, or for an umbrella's theme the sum of its sources' counts. It stays when the raw
answers are purged, since the rows (and their coarse facts) stay.

A theme under its ``min_size`` is never shown outside its moderators: the rules and the
selectors check ``answer_count >= min_size`` everywhere a theme leaves them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.models import Arena, Membership
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.cache_registry import touch
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.experiences import selectors
from medvirk.experiences.enums import SHAREABLE
from medvirk.experiences.models import Experience, ExperienceCall, Theme

if TYPE_CHECKING:
    from medvirk.accounts.models import User

CREATED = register_action("experiences.theme.created", gettext_lazy("Opprettet et tema"))
CHANGED = register_action("experiences.theme.changed", gettext_lazy("Endret et tema"))
ANSWERS_ADDED = register_action(
    "experiences.theme.answers_added", gettext_lazy("La svar til et tema")
)
ANSWER_REMOVED = register_action(
    "experiences.theme.answer_removed", gettext_lazy("Tok et svar ut av et tema")
)
SHARING_CHANGED = register_action(
    "experiences.theme.sharing_changed", gettext_lazy("Endret delingen av et tema")
)
COMBINED = register_action(
    "experiences.theme.combined", gettext_lazy("Samlet temaer til et paraplytema")
)

MAX_TITLE = 200
MAX_SUMMARY = 10000


# -- Counting ----------------------------------------------------------------------------


def recount(theme: Theme) -> int:
    """Set ``answer_count``: the approved answers in the theme, or for an umbrella's theme
    (one without a call) the sum of the counts of its sources that may still be shown
    (shared and large enough: a source withdrawn from sharing leaves no trace); then
    recount the umbrella themes that combine this one. One UPDATE per theme; returns the
    new count."""
    if theme.call_id is None:
        count = int(shown_sources(theme).aggregate(total=Sum("answer_count"))["total"] or 0)
    else:
        count = theme.experiences.filter(status__in=SHAREABLE).count()
    Theme.objects.filter(pk=theme.pk).update(answer_count=count)
    touch(Theme)  # an UPDATE sends no signal: retire whatever caches themes
    theme.answer_count = count
    _recount_combining(theme)
    return count


def shown_sources(theme: Theme) -> QuerySet[Theme]:
    """An umbrella theme's sources that may still be shown: shared, large enough, and of
    an organisation still a member of the umbrella (one that left takes its themes
    with it). The one rule, :func:`medvirk.experiences.selectors.shown_sources`."""
    return selectors.shown_sources(theme)


def _recount_combining(theme: Theme) -> None:
    for umbrella_theme in Theme.objects.filter(sources=theme).exclude(pk=theme.pk):
        recount(umbrella_theme)


# -- Validation helpers --------------------------------------------------------------------


def _clean(errors: dict[str, str], title: str, summary: str) -> tuple[str, str]:
    title = (title or "").strip()
    summary = (summary or "").strip()
    if not title:
        errors["title"] = _("Skriv en tittel på temaet.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("Tittelen kan ha høyst %(limit)d tegn.") % {"limit": MAX_TITLE}
    if len(summary) > MAX_SUMMARY:
        errors["summary"] = _("Sammendraget kan ha høyst %(limit)d tegn.") % {"limit": MAX_SUMMARY}
    return title, summary


def shareable_arenas(theme: Theme) -> Any:
    """The arenas a theme may be offered to: its call's arenas; for an umbrella's theme,
    the arenas where the umbrella has a representative now."""
    if theme.call is not None:
        return theme.call.arenas.select_related("owner").order_by("name", "pk")
    represented = (
        Membership.objects.current()
        .filter(represents_id=theme.organisation_id)
        .order_by()
        .values("arena_id")
    )
    return Arena.objects.filter(pk__in=represented).select_related("owner").order_by("name", "pk")


# -- Writing -------------------------------------------------------------------------------


@transaction.atomic
def create_theme(call: ExperienceCall, *, by: User, title: str, summary: str = "") -> Theme:
    """A new, empty theme in the call; its minimum size is the call's."""
    if not rules.has_perm("experiences.add_theme", by, call):
        raise PermissionDenied
    errors: dict[str, str] = {}
    title, summary = _clean(errors, title, summary)
    if errors:
        raise ValidationError(errors)
    theme = Theme.objects.create(
        organisation=call.organisation,
        call=call,
        title=title,
        summary=summary,
        min_size=call.min_theme_size,
        created_by=by,
    )
    log_activity(
        action=CREATED, actor=by, obj=theme, organisation=call.organisation, data={"call": call.pk}
    )
    return theme


@transaction.atomic
def update_theme(theme: Theme, *, by: User, title: str, summary: str = "") -> Theme:
    if not rules.has_perm("experiences.change_theme", by, theme):
        raise PermissionDenied
    errors: dict[str, str] = {}
    title, summary = _clean(errors, title, summary)
    if errors:
        raise ValidationError(errors)
    changed = [
        name
        for name, value in (("title", title), ("summary", summary))
        if getattr(theme, name) != value
    ]
    theme.title = title
    theme.summary = summary
    theme.save(update_fields=["title", "summary", "updated_at"])
    log_activity(
        action=CHANGED,
        actor=by,
        obj=theme,
        organisation=theme.organisation,
        data={"fields": changed},
    )
    return theme


@transaction.atomic
def add_answers(theme: Theme, *, by: User, experiences: Iterable[Experience]) -> int:
    """Put approved answers of the theme's call into the theme (an answer may be in several
    themes); those already in it are left. Returns how many were added."""
    if not rules.has_perm("experiences.change_theme", by, theme):
        raise PermissionDenied
    if theme.call_id is None:
        raise ValidationError({"experiences": _("Et paraplytema samler temaer, ikke enkeltsvar.")})
    chosen = list(experiences)
    if not chosen:
        raise ValidationError({"experiences": _("Velg minst ett svar å legge til.")})
    wrong = [one for one in chosen if one.call_id != theme.call_id or one.status not in SHAREABLE]
    if wrong:
        raise ValidationError(
            {
                "experiences": _(
                    "Bare godkjente svar i denne innspillsrunden kan legges til et tema."
                )
            }
        )
    already = set(
        theme.experiences.filter(pk__in=[one.pk for one in chosen]).values_list("pk", flat=True)
    )
    new = [one for one in chosen if one.pk not in already]
    theme.experiences.add(*new)
    recount(theme)
    log_activity(
        action=ANSWERS_ADDED,
        actor=by,
        obj=theme,
        organisation=theme.organisation,
        data={"experiences": [one.pk for one in new], "count": theme.answer_count},
    )
    return len(new)


@transaction.atomic
def remove_answer(theme: Theme, *, by: User, experience: Experience) -> None:
    if not rules.has_perm("experiences.change_theme", by, theme):
        raise PermissionDenied
    if not theme.experiences.filter(pk=experience.pk).exists():
        raise ValidationError({"experience": _("Svaret er ikke i dette temaet.")})
    theme.experiences.remove(experience)
    recount(theme)
    log_activity(
        action=ANSWER_REMOVED,
        actor=by,
        obj=theme,
        organisation=theme.organisation,
        data={"experience": experience.pk, "count": theme.answer_count},
    )


@transaction.atomic
def set_sharing(
    theme: Theme, *, by: User, is_shared: bool, offered_to: Iterable[Arena] = ()
) -> Theme:
    """Share the theme's summary and counts (with the umbrellas above the organisation and
    the secretariats of ``offered_to``), or stop sharing it. Offered arenas must be among
    :func:`shareable_arenas`; a theme that is not shared is offered to none."""
    if not rules.has_perm("experiences.change_theme", by, theme):
        raise PermissionDenied
    arenas = list(offered_to) if is_shared else []
    allowed = set(shareable_arenas(theme).values_list("pk", flat=True))
    if any(arena.pk not in allowed for arena in arenas):
        raise ValidationError(
            {"offered_to": _("Velg bare arenaer som innspillsrunden kan brukes i.")}
        )
    theme.is_shared = bool(is_shared)
    theme.save(update_fields=["is_shared", "updated_at"])
    theme.offered_to.set(arenas)
    _recount_combining(theme)
    log_activity(
        action=SHARING_CHANGED,
        actor=by,
        obj=theme,
        organisation=theme.organisation,
        data={"is_shared": theme.is_shared, "offered_to": sorted(arena.pk for arena in arenas)},
    )
    return theme


@transaction.atomic
def combine_themes(
    umbrella: Organisation,
    *,
    by: User,
    sources: Iterable[Theme],
    title: str,
    summary: str = "",
) -> Theme:
    """An umbrella's own theme combining shared, large-enough themes of its members (the
    experience bank). It holds no answers; its count is the sum of the sources'."""
    if umbrella.kind != OrganisationKind.UMBRELLA or not rules.has_perm(
        "experiences.add_theme", by, umbrella
    ):
        raise PermissionDenied
    errors: dict[str, str] = {}
    title, summary = _clean(errors, title, summary)
    chosen = list(sources)
    member_ids = set(umbrella.members.values_list("pk", flat=True))
    if len(chosen) < 2:
        errors["sources"] = _("Velg minst to temaer å samle.")
    elif any(
        source.organisation_id not in member_ids
        or source.call_id is None
        or not source.is_shared
        or not source.is_large_enough
        for source in chosen
    ):
        errors["sources"] = _(
            "Velg bare delte temaer fra medlemsorganisasjonene som har nok svar til å vises."
        )
    if errors:
        raise ValidationError(errors)
    theme = Theme.objects.create(
        organisation=umbrella,
        call=None,
        title=title,
        summary=summary,
        min_size=max(source.min_size for source in chosen),
        created_by=by,
    )
    theme.sources.set(chosen)
    recount(theme)
    log_activity(
        action=COMBINED,
        actor=by,
        obj=theme,
        organisation=umbrella,
        data={"sources": sorted(source.pk for source in chosen), "count": theme.answer_count},
    )
    return theme
