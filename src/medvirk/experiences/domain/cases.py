"""From a theme to case proposals, and a representative's individual case.

A theme large enough to be shown (``experiences.make_case``: its moderators) becomes one
case proposal per chosen arena, through ``meetings.domain.proposals.submit_proposal`` --
on behalf of the theme's organisation where it is represented in the arena, or as the
arena's secretariat where the theme belongs to the service that owns it. Every proposal
gets a :class:`ThemeCase`, from which the contributors' trail is told
(:mod:`medvirk.experiences.domain.trail`). All proposals are made in one transaction:
one refused arena sends none.

An individual case (``experiences.record_case``) is an anonymised answer recorded by a
representative into an open call of the organisation they represent; it waits for
moderation like any answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from medvirk.arenas.models import Arena
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.models import Organisation, Region
from medvirk.experiences.domain.themes import shareable_arenas, shown_sources
from medvirk.experiences.enums import SHAREABLE, ExperienceStatus, RoughWhen
from medvirk.experiences.models import Experience, ExperienceCall, Theme, ThemeCase
from medvirk.meetings.domain.proposals import (
    MAX_TEXT,
    is_arena_manager,
    proposing_organisations,
    submit_proposal,
)

if TYPE_CHECKING:
    from medvirk.accounts.models import User

CASE_MADE = register_action(
    "experiences.theme.case_made", gettext_lazy("Lagde saksforslag fra et tema")
)
INDIVIDUAL_CASE = register_action(
    "experiences.individual_case.recorded", gettext_lazy("Registrerte en enkeltsak")
)

MAX_WHAT = 5000
MAX_OTHER = 3000
MAX_SERVICE = 200


# -- Where a theme may be proposed ---------------------------------------------------------


@dataclass(frozen=True)
class CaseArena:
    """An arena a theme may be proposed to, and on whose behalf (None: as its secretariat)."""

    arena: Arena
    on_behalf_of: Organisation | None


def candidate_arenas(theme: Theme) -> list[Arena]:
    """The arenas the theme was offered to and, for a call's theme, the call's arenas."""
    found: dict[int, Arena] = {
        arena.pk: arena for arena in theme.offered_to.select_related("owner")
    }
    if theme.call is not None:
        for arena in theme.call.arenas.select_related("owner"):
            found.setdefault(arena.pk, arena)
    else:
        for arena in shareable_arenas(theme):
            found.setdefault(arena.pk, arena)
    return sorted(found.values(), key=lambda arena: (arena.name, arena.pk))


def case_arenas(theme: Theme, user: Any) -> list[CaseArena]:
    """The candidate arenas where ``user`` may propose the theme for its organisation."""
    organisation = theme.organisation
    options = []
    for arena in candidate_arenas(theme):
        if proposing_organisations(arena, user).filter(pk=organisation.pk).exists():
            options.append(CaseArena(arena, organisation))
        elif arena.owner_id == organisation.pk and is_arena_manager(user, arena):
            options.append(CaseArena(arena, None))
    return options


# -- The proposal's text, from the theme ----------------------------------------------------


def _listing(names: Iterable[str]) -> str:
    return ", ".join(sorted({name for name in names if name}))


def case_draft(theme: Theme) -> dict[str, str]:
    """The case proposal's fields filled in from the theme: the title, its summary as the
    why, the kommuner and services covered as the where, roughly when as the when, and the
    shared «would have helped» texts as the proposed solution. Only shared (redacted) text
    is used, and for an umbrella's theme no answer text at all."""
    if theme.call is not None:
        answers = list(
            theme.experiences.filter(status__in=SHAREABLE)
            .select_related("kommune")
            .order_by("submitted_at", "pk")
        )
        call_title = theme.call.title
    else:
        answers = list(
            Experience.objects.filter(themes__in=shown_sources(theme), status__in=SHAREABLE)
            .select_related("kommune")
            .distinct()
            .order_by("submitted_at", "pk")
        )
        call_title = ""
    kommuner = _listing(answer.kommune.name for answer in answers if answer.kommune)
    services = _listing(answer.service for answer in answers)
    why_intro = ngettext(
        "Saken bygger på %(count)s erfaring fra brukere.",
        "Saken bygger på %(count)s erfaringer fra brukere.",
        theme.answer_count,
    ) % {"count": theme.answer_count}
    if call_title:
        why_intro += " " + _("Erfaringene ble samlet inn i innspillsrunden «%(call)s».") % {
            "call": call_title
        }
    where = []
    if kommuner:
        where.append(_("Kommuner: %(names)s.") % {"names": kommuner})
    if services:
        where.append(_("Tjenester: %(names)s.") % {"names": services})
    whens = Counter(answer.when for answer in answers if answer.when)
    when_labels = dict(RoughWhen.choices)
    when = "; ".join(
        f"{when_labels[key]}: {count}" for key, count in whens.most_common() if key in when_labels
    )
    helped = []
    if theme.call_id is not None:
        seen = set()
        for answer in answers:
            text = (answer.shared_would_have_helped or "").strip()
            if text and text not in seen and answer.purged_at is None:
                seen.add(text)
                helped.append(f"- {text}")
    solution = "\n".join(helped)
    return {
        "title": theme.title[:200],
        "problem_why": f"{theme.summary}\n\n{why_intro}".strip()[:MAX_TEXT],
        "problem_where": "\n".join(where)[:MAX_TEXT],
        "problem_when": when[:MAX_TEXT],
        "proposed_solution": solution[:MAX_TEXT],
    }


# -- Making the case ------------------------------------------------------------------------


@transaction.atomic
def make_case(
    theme: Theme,
    *,
    by: User,
    arenas: Iterable[Arena],
    title: str,
    problem_why: str,
    problem_where: str = "",
    problem_when: str = "",
    proposed_solution: str,
) -> list[ThemeCase]:
    """One case proposal per chosen arena, each tied to the theme by a ThemeCase."""
    if not rules.has_perm("experiences.make_case", by, theme):
        raise PermissionDenied
    chosen = list(arenas)
    options = {option.arena.pk: option for option in case_arenas(theme, by)}
    if not chosen:
        raise ValidationError({"arenas": _("Velg minst én arena saken skal til.")})
    if any(arena.pk not in options for arena in chosen):
        raise ValidationError(
            {
                "arenas": _(
                    "Velg bare arenaer temaet er tilbudt, eller der organisasjonen kan "
                    "foreslå saker."
                )
            }
        )
    cases = []
    for arena in chosen:
        proposal = submit_proposal(
            arena,
            by=by,
            title=title,
            problem_why=problem_why,
            problem_where=problem_where,
            problem_when=problem_when,
            proposed_solution=proposed_solution,
            on_behalf_of=options[arena.pk].on_behalf_of,
        )
        cases.append(ThemeCase.objects.create(theme=theme, proposal=proposal, created_by=by))
    log_activity(
        action=CASE_MADE,
        actor=by,
        obj=theme,
        organisation=theme.organisation,
        data={
            "arenas": [arena.pk for arena in chosen],
            "proposals": [case.proposal_id for case in cases],
        },
    )
    return cases


# -- An individual case -----------------------------------------------------------------------


def _text(errors: dict[str, str], field: str, value: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        errors[field] = _("Teksten er for lang. Den kan ha høyst %(limit)d tegn.") % {
            "limit": limit
        }
    return value


@transaction.atomic
def record_individual_case(
    call: ExperienceCall,
    *,
    by: User,
    what_happened: str,
    service: str = "",
    kommune: Region | None = None,
    when: str = "",
    impact: str = "",
    would_have_helped: str = "",
) -> Experience:
    """An anonymised individual case that raises a general problem, recorded by a
    representative (or a moderator) into the organisation's open call. It waits for
    moderation; no contact details are kept."""
    if not rules.has_perm("experiences.record_case", by, call):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not call.is_open_on(timezone.localdate()):
        errors["__all__"] = _("Innspillsrunden tar ikke imot svar nå.")
    what_happened = _text(errors, "what_happened", what_happened, MAX_WHAT)
    if not what_happened and "what_happened" not in errors:
        errors["what_happened"] = _("Beskriv hva som skjedde.")
    service = _text(errors, "service", service, MAX_SERVICE)
    impact = _text(errors, "impact", impact, MAX_OTHER)
    would_have_helped = _text(errors, "would_have_helped", would_have_helped, MAX_OTHER)
    if when and when not in RoughWhen.values:
        errors["when"] = _("Velg omtrent når det skjedde fra listen.")
    if errors:
        raise ValidationError(errors)
    experience = Experience.objects.create(
        call=call,
        status=ExperienceStatus.PENDING,
        what_happened=what_happened,
        service=service,
        kommune=kommune,
        when=when,
        impact=impact,
        would_have_helped=would_have_helped,
        language=translation.get_language() or "",
        submitted_by=by,
        recorded_by_representative=True,
    )
    log_activity(
        action=INDIVIDUAL_CASE,
        actor=by,
        obj=experience,
        organisation=call.organisation,
        data={"call": call.pk},
    )
    return experience
