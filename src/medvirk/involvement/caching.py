"""What the involvement log caches, and the models it shows (the cache registry).

:data:`FIGURES`: a service's entries counted by year, arena, level, degree and kind, per
audience (every entry, or the public ones), with the service's arenas for the filter:
the years, the charts' shares and every filtered count are summed from it. The largest
service holds tens of thousands of entries. Per service: retired by a change to one of
its entries (the collection's bulk writes call ``touch`` with the service) or one of its
arenas (a name, or an arena made private, which hides its entries at once).
"""

from __future__ import annotations

from medvirk.arenas.models import Arena
from medvirk.common.cache_registry import namespace
from medvirk.involvement.models import InvolvementEntry

FIGURES = namespace(
    "involvement:figures",
    scoped=True,
    models={
        InvolvementEntry: lambda entry: [entry.service_id],
        Arena: lambda arena: [arena.owner_id],
    },
    doc="A service's involvement entries counted by year, arena, level, degree and kind.",
)
