"""What experience gathering caches, and the models it shows (the cache registry, issue 12).

:data:`COUNTS`: the number of answers of a call per status (pending, approved, rejected,
in all), shown on every page of a call and its list: a national call holds 50,000
answers, and counting them cost 10–50 ms on every request; and the moderation list's
pages as HTML (25 rows each, ~10 ms to render). Per call: retired by any change to one
of its answers (a new one, a moderation, a withdrawal; the purge's bulk UPDATE touches
:class:`Experience`, which retires every call) and by a renamed kommune (every call).

:data:`FIGURES`: what the themes cover (the kommuner and services of their approved
answers), the counts behind a theme's charts and the order of a theme's answers: a theme
of a national call joins thousands of answers. Per call (:func:`figure_scopes`): retired
for a call by a change to one of its answers (a moderation changes its status, kommune or
service) or its themes (their answers are their many-to-many; a recount touches
:class:`Theme`, which retires every call); an umbrella's theme combines themes of several
calls, so its entries are kept under :data:`~medvirk.common.cache_registry.ANY`, which
every change retires, as do changes to an umbrella's theme (its sources), a region (a
kommune's name) or an organisation (the umbrellas it belongs to decide which sources an
umbrella's theme may show). Who may see a theme is checked before its figures are read.

The arenas a call may feed are the organisation's arena menu, cached by the arenas app
(``arenas.caching.ORGANISATION_MENUS``).
"""

from __future__ import annotations

from collections.abc import Iterable

from medvirk.common.cache_registry import ANY, namespace
from medvirk.directory.models import Organisation, Region
from medvirk.experiences.models import Experience, Theme

COUNTS = namespace(
    "experiences:counts",
    scoped=True,
    models={Experience: lambda answer: [answer.call_id], Region: None},
    doc="The number of a call's answers per status, and its moderation list's pages, per call.",
)

FIGURES = namespace(
    "experiences:figures",
    scoped=True,
    models={
        Theme: lambda theme: [theme.call_id] if theme.call_id is not None else None,
        Experience: lambda answer: [answer.call_id],
        Region: None,
        Organisation: None,
    },
    doc="What themes cover, the counts behind a theme's charts and the order of its answers.",
)


def figure_scopes(themes: Iterable[Theme]) -> list[int]:
    """The :data:`FIGURES` scopes of entries showing ``themes``: their calls, and
    :data:`ANY` for an umbrella's theme (its sources may be of any call)."""
    return sorted({ANY if theme.call_id is None else theme.call_id for theme in themes})
