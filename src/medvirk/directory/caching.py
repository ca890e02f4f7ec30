"""What the directory caches, and the models it shows (the cache registry, issue 12).

One version for the whole public directory: search hits, filter menus, an entry's public
page and the organisation endpoints of the API. Any change to an organisation, its public
contacts, regions or target groups (admin edits included), or to an arena (an entry's
page lists its public arenas) retires all of it: a directory entry shows its parent, its
umbrellas and its members, and the menus list every umbrella, so a change seldom stays
within one entry.
"""

from __future__ import annotations

from medvirk.common.cache_registry import namespace
from medvirk.directory.models import Contact, Organisation, Region, TargetGroup

DIRECTORY = namespace(
    "directory",
    models=[Organisation, Contact, Region, TargetGroup, "arenas.Arena"],
    doc="Public directory pages and the organisation endpoints of the API.",
)
