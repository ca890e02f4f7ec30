"""Defaults and legal limits per kind of arena.

Municipal councils (kommuneloven § 5-12 and its 2019 regulation): term at
most 4 years; the youth council at most 2 years with members under 19 when
appointed. Deadlines follow NAV Oslo's practice (proposals 21 days and agenda
14 days before a meeting) as a default. Every value is editable per arena
within the limits.
"""

from __future__ import annotations

from dataclasses import dataclass

from medvirk.arenas.enums import ArenaKind, Influence, Level


@dataclass(frozen=True)
class KindTemplate:
    level: str
    influence: str
    term_years: int
    max_term_years: int | None = None  # a legal ceiling, where there is one
    max_age_at_appointment: int | None = None  # members must be younger than this + 1
    elderly_majority_available: bool = False  # "majority aged 60 or more" may be switched on
    is_municipal_council: bool = False
    proposal_deadline_days: int = 21
    agenda_deadline_days: int = 14
    advice_response_weeks: int = 6


TEMPLATES: dict[str, KindTemplate] = {
    ArenaKind.ELDRERAD: KindTemplate(
        Level.SYSTEM,
        Influence.DIALOGUE,
        4,
        max_term_years=4,
        elderly_majority_available=True,
        is_municipal_council=True,
    ),
    ArenaKind.FUNKSJONSHEMMEDE: KindTemplate(
        Level.SYSTEM, Influence.DIALOGUE, 4, max_term_years=4, is_municipal_council=True
    ),
    ArenaKind.UNGDOMSRAD: KindTemplate(
        Level.SYSTEM,
        Influence.DIALOGUE,
        2,
        max_term_years=2,
        max_age_at_appointment=18,
        is_municipal_council=True,
    ),
    ArenaKind.BRUKERUTVALG: KindTemplate(Level.SYSTEM, Influence.DIALOGUE, 2),
    ArenaKind.ERFARINGSFORUM: KindTemplate(Level.SERVICE, Influence.INFORMANT, 2),
    ArenaKind.REFERANSEGRUPPE: KindTemplate(Level.SERVICE, Influence.DIALOGUE, 1),
    ArenaKind.PROSJEKTGRUPPE: KindTemplate(Level.SERVICE, Influence.DIALOGUE, 1),
    ArenaKind.BRUKERPANEL: KindTemplate(Level.SERVICE, Influence.INFORMANT, 1),
    ArenaKind.DIALOGKONFERANSE: KindTemplate(Level.SYSTEM, Influence.USER_PERSPECTIVE, 1),
}
