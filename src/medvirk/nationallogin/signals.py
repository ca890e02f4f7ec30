"""After a national login: keep the sealed ID token for the logout at the provider."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from medvirk.nationallogin.oidc import LOGOUT_HINT

SESSION_KEY = "medvirk_national_logout"


@receiver(user_logged_in)
def remember_logout_hint(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    sociallogin = kwargs.get("sociallogin")
    hint = sociallogin.state.get(LOGOUT_HINT) if sociallogin is not None else None
    if sociallogin is not None and hint:
        request.session[SESSION_KEY] = {"provider": sociallogin.account.provider, "hint": hint}
    else:
        request.session.pop(SESSION_KEY, None)
