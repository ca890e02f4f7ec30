"""The writes of national login: linking a login to an existing account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action

if TYPE_CHECKING:
    from allauth.socialaccount.models import SocialLogin

    from medvirk.accounts.models import User

LINKED = register_action(
    "nationallogin.linked", gettext_lazy("Koblet nasjonal innlogging til kontoen")
)


@transaction.atomic
def link_login(request: HttpRequest, sociallogin: SocialLogin, *, user: User) -> None:
    """Link this national login (its pid hash, never the pid) to ``user``: the same person
    by an earlier national login, or by a verified e-mail address the person confirmed."""
    if not user.is_active:
        raise PermissionDenied
    sociallogin.connect(request, user)
    # The provider's name only: the log never holds the pid or its hash.
    log_activity(
        action=LINKED, actor=user, obj=user, data={"provider": sociallogin.account.provider}
    )
