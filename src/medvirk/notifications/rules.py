"""Who may see the outbox and send a failed mail again: platform admins only."""

import rules

from medvirk.accounts.rules import is_platform_admin

rules.add_perm("notifications.view_outbox", is_platform_admin)
rules.add_perm("notifications.resend_mail", is_platform_admin)
