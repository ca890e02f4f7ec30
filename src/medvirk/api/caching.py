"""What the API caches, and the models it shows (the cache registry, issue 12).

The organisation endpoints' JSON answers to anonymous requests: public organisations with
their public contacts, regions, target groups, parent and umbrellas. One version for all
of them, retired by any change to those models. (The advice figures the API serves are
cached by followup, under its own namespace.)
"""

from __future__ import annotations

from medvirk.common.cache_registry import namespace
from medvirk.directory.models import Contact, Organisation, Region, TargetGroup

ORGANISATIONS = namespace(
    "api:organisations",
    models=[Organisation, Contact, Region, TargetGroup],
    doc="The organisation endpoints' answers to anonymous requests.",
)
