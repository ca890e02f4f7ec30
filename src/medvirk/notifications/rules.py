"""Who may see the outbox and send a failed mail again: platform admins only.

The predicate decides the platform admin itself (callers use ``rules.has_perm``, which
gives superusers no shortcut): the outbox holds every user's mail, so no organisation
or service role reaches it."""

import rules

from medvirk.accounts.rules import is_platform_admin

rules.add_perm("notifications.view_outbox", is_platform_admin)
rules.add_perm("notifications.resend_mail", is_platform_admin)
