import rules

from medvirk.accounts.rules import (
    is_org_admin,
    is_platform_admin,
    is_secretariat_somewhere,
)

# Reading the public directory needs no permission; these guard the rest.
rules.add_perm("directory.add_organisation", is_platform_admin | is_secretariat_somewhere)
rules.add_perm("directory.change_organisation", is_platform_admin | is_org_admin)
rules.add_perm("directory.view_organisation_private", is_platform_admin | is_org_admin)
rules.add_perm("directory.view_organisation_history", is_platform_admin | is_org_admin)
rules.add_perm("directory.manage_campaigns", is_platform_admin)
rules.add_perm("directory.import_organisations", is_platform_admin)
