from typing import Any

import rules

from medvirk.accounts.rules import (
    is_org_admin,
    is_platform_admin,
    is_secretariat_somewhere,
)


@rules.predicate
def started_the_import(user: Any, job: Any = None) -> bool:
    """The user uploaded the file of this import job (``directory.ImportJob``)."""
    return bool(
        job is not None
        and getattr(user, "is_authenticated", False)
        and job.started_by_id == user.pk
    )


# Reading the public directory needs no permission; these guard the rest.
rules.add_perm("directory.add_organisation", is_platform_admin | is_secretariat_somewhere)
rules.add_perm("directory.change_organisation", is_platform_admin | is_org_admin)
rules.add_perm("directory.view_organisation_private", is_platform_admin | is_org_admin)
rules.add_perm("directory.view_organisation_history", is_platform_admin | is_org_admin)
rules.add_perm("directory.manage_campaigns", is_platform_admin)
rules.add_perm("directory.import_organisations", is_platform_admin)
# An import job holds the uploader's file: only they follow and apply it (as when the
# file was kept in their session), and only while they may still import.
rules.add_perm("directory.run_import_job", is_platform_admin & started_the_import)
