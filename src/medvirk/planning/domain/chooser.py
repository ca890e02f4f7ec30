"""The arena chooser's one write: a draft arena of the recommended kind.

Arenas have no draft state, so the draft is an arena that is not public (only the
service's own roles see it) with the kind's defaults, the recommended level and degree
of influence, and a mandate written from the answers for the service to finish. The
arena is created through ``arenas.domain.arenas.create_arena`` (its permission, limits
and log entry); the chooser's own log entry keeps the answers and the recommendation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.domain.arenas import create_arena
from medvirk.arenas.enums import ArenaKind, Influence, Level
from medvirk.arenas.models import Arena
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.models import Organisation
from medvirk.planning.enums import Duration, Purpose, TargetGroup
from medvirk.planning.recommend import ANSWER_FIELDS, Answers, recommend

if TYPE_CHECKING:
    from medvirk.accounts.models import User

ARENA_DRAFTED = register_action(
    "planning.arena_drafted", gettext_lazy("Opprettet utkast til arena fra veiviseren")
)


def _level(answers: Answers, kind: str) -> str:
    # A council works at system level whatever was answered; otherwise the answer holds.
    if kind in (ArenaKind.ELDRERAD, ArenaKind.FUNKSJONSHEMMEDE, ArenaKind.UNGDOMSRAD):
        return Level.SYSTEM
    return answers.level


def mandate_template(kind: str, influence: str, answers: Answers, service: Organisation) -> str:
    """A first mandate (rich text) from the answers, with what is left to write."""
    paragraphs = [
        _("%(kind)s i %(service)s skal %(purpose)s. Målgruppen er: %(group)s.")
        % {
            "kind": ArenaKind(kind).label,
            "service": service.name,
            "purpose": str(Purpose(answers.purpose).label).lower(),
            "group": str(TargetGroup(answers.target_group).label).lower(),
        },
        _("Arenaen arbeider på %(level)s med graden «%(influence)s»: %(meaning)s")
        % {
            "level": str(Level(_level(answers, kind)).label).lower(),
            "influence": Influence(influence).label,
            "meaning": _influence_meaning(influence),
        },
        _("Varighet: %(duration)s.") % {"duration": str(Duration(answers.duration).label).lower()},
    ]
    todo = [
        _("hvilke saker arenaen skal behandle, og hvilke den ikke skal behandle"),
        _("hvem som oppnevner medlemmene, og hvilke organisasjoner som foreslår dem"),
        _("hvor ofte arenaen møtes, og hvem som er sekretariat"),
        _("hvordan tjenesten svarer på rådene, og innen hvilken frist"),
    ]
    html = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    html += f"<p>{escape(_('Skriv også inn:'))}</p>"
    html += "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in todo) + "</ul>"
    return html


def _influence_meaning(influence: str) -> str:
    meanings = {
        Influence.USER_PERSPECTIVE: _("brukernes erfaringer tas med i arbeidet."),
        Influence.INFORMANT: _("brukerne gir informasjon som tjenesten bruker."),
        Influence.DIALOGUE: _("brukerne drøfter sakene med tjenesten og gir råd."),
        Influence.USER_CONTROL: _("brukerne leder arbeidet og tar beslutningene."),
    }
    return meanings[Influence(influence)]


def create_draft_arena(
    service: Organisation,
    *,
    by: User,
    answers: Answers,
    name: str,
    existing_kinds: frozenset[str] = frozenset(),
) -> Arena:
    """A non-public arena of the recommended kind, named ``name``."""
    if not rules.has_perm("planning.plan_involvement", by, service):
        raise PermissionDenied
    recommendation = recommend(
        answers, service_kind=service.service_kind, existing_kinds=existing_kinds
    )
    if recommendation.kind is None or recommendation.influence is None:
        raise ValidationError([problem.message for problem in recommendation.problems])
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Gi arenaen et navn.")})
    if len(name) > 200:
        raise ValidationError({"name": _("Navnet kan ha høyst 200 tegn.")})
    with transaction.atomic():
        arena = create_arena(
            by=by,
            owner=service,
            kind=recommendation.kind,
            name=name,
            is_public=False,
            level=_level(answers, recommendation.kind),
            influence=recommendation.influence,
            mandate=mandate_template(
                recommendation.kind, recommendation.influence, answers, service
            ),
        )
        log_activity(
            action=ARENA_DRAFTED,
            actor=by,
            obj=arena,
            organisation=service,
            data={
                "answers": {field: getattr(answers, field) for field in ANSWER_FIELDS},
                "kind": recommendation.kind,
                "influence": recommendation.influence,
            },
        )
    return arena
