"""Reference data changed outside the directory's domain functions.

Regions and target groups are edited by platform admins in Django's admin (they are
reference lists, not tenant data). Their names show in cached directory HTML (filter
menus, hit lists, organisation pages) and API answers, so a change there bumps the
directory's cache version once the transaction commits, as the domain functions do.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from medvirk.common import cache
from medvirk.directory.models import Region, TargetGroup


def reference_changed(sender: Any, **kwargs: Any) -> None:
    cache.bump_on_commit(cache.DIRECTORY)


def connect() -> None:
    for model in (Region, TargetGroup):
        post_save.connect(reference_changed, sender=model, dispatch_uid=f"bump-{model.__name__}")
        post_delete.connect(
            reference_changed, sender=model, dispatch_uid=f"bump-del-{model.__name__}"
        )
