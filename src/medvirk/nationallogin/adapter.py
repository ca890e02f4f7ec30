"""allauth adapters for national login: who the person is, and the logout at the provider."""

from __future__ import annotations

import logging
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base.constants import AuthProcess
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from requests import RequestException

from medvirk.accounts.adapter import AccountAdapter as BaseAccountAdapter
from medvirk.nationallogin import domain, selectors
from medvirk.nationallogin.oidc import NationalLoginError
from medvirk.nationallogin.pid import unseal
from medvirk.nationallogin.signals import SESSION_KEY

logger = logging.getLogger(__name__)

PENDING_LINK = "medvirk_national_pending_link"
ERROR_TEMPLATE = "socialaccount/authentication_error.html"


def error_page(request: HttpRequest, reason: str, *, status: int = 400) -> Any:
    return render(request, ERROR_TEMPLATE, {"national_reason": reason}, status=status)


def reason_for(exception: Exception | None) -> str:
    if isinstance(exception, NationalLoginError):
        return exception.reason
    if isinstance(exception, RequestException):
        return "unavailable"
    return "invalid"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.account.provider not in selectors.national_provider_ids():
            return
        linked = selectors.user_for_pid_hash(sociallogin.account.uid)
        current = request.user if request.user.is_authenticated else None
        if current is not None and linked is not None and linked.pk != current.pk:
            # The pid belongs to another account: never move it, never switch silently.
            raise ImmediateHttpResponse(error_page(request, "other_account", status=409))
        if sociallogin.is_existing:
            return
        if linked is not None:
            # The same person through the other national login: the same account.
            domain.link_login(request, sociallogin, user=linked)
            return
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            return
        email = sociallogin.email_addresses[0].email if sociallogin.email_addresses else ""
        existing = selectors.user_with_verified_email(email)
        if existing is not None:
            request.session[PENDING_LINK] = {
                "sociallogin": sociallogin.serialize(),
                "user": existing.pk,
            }
            raise ImmediateHttpResponse(redirect("nationallogin:link"))
        sociallogin.state.setdefault("next", reverse("nationallogin:claim"))

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict) -> Any:
        user = sociallogin.user
        user.email = (data.get("email") or "").lower()
        user.name = data.get("name") or ""
        return user

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Exception | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        reason = reason_for(exception) if exception is not None else "state"
        if error == "cancelled":
            reason = "cancelled"
        if extra_context is not None:
            extra_context["national_reason"] = reason
        # The reason only: never the token, the claims or the provider's answer.
        logger.warning("national login failed at %s: %s", getattr(provider, "sub_id", "?"), reason)


def end_session_url(request: HttpRequest, remembered: dict[str, str]) -> str | None:
    """The provider's end_session address with id_token_hint and where to come back,
    or None if the provider cannot say where it is (then the local logout must do)."""
    id_token = unseal(remembered.get("hint", ""))
    if not id_token:
        return None
    try:
        provider = get_social_adapter().get_provider(request, remembered["provider"])
        endpoint = provider.get_oauth2_adapter(request).openid_config.get("end_session_endpoint")
    except Exception:  # the provider unknown now, or not answering: log out here only
        logger.warning("national login: no end_session endpoint for %s", remembered["provider"])
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("home")),
        }
    )
    return f"{endpoint}?{query}"


class AccountAdapter(BaseAccountAdapter):
    """Medvirk's account adapter; a logout after a national login ends that session too.

    allauth asks for the address before it logs out, so the session still holds the
    sealed ID token here; the logout then flushes the session."""

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        remembered = request.session.get(SESSION_KEY)
        if request.user.is_authenticated and isinstance(remembered, dict):
            url = end_session_url(request, remembered)
            if url:
                return url
        return super().get_logout_redirect_url(request)
