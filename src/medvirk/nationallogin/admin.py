"""allauth's social-account admin is taken out of Medvirk's admin.

The national logins are configured by settings (no SocialApp rows), no tokens are stored,
and a SocialAccount (a person's pid hash and the link to the account) changes only
through a login: an admin edit would bypass the checks and the activity log. allauth's
admin module is imported first, so its registrations exist to be removed.
"""

from allauth.socialaccount import admin as allauth_social_admin  # noqa: F401
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

for model in (SocialApp, SocialAccount, SocialToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
