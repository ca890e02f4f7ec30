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


# The long menus of the forms that pick organisations or regions (issue 13): the parent,
# umbrella and region fields of an entry, reserved seats, the organisations an appointment
# request invites and the umbrellas a member may represent. Each is a few thousand
# <option>s at national scale; they are read and escaped once per version
# (directory.selectors.organisation_menu / region_menu). Retired by any change to an
# organisation (a new one, a rename, a changed kind) or a region.
MENUS = namespace(
    "directory:menus",
    models=[Organisation, Region],
    doc="The organisation and region menus of the forms (parent, umbrellas, seats, invitations).",
)
