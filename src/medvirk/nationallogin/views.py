"""The national login's own pages: the start and return of a login (allauth's, with the
checks of oidc.py), linking to an account found by e-mail, and claiming a profile."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from requests import RequestException

from medvirk.accounts.models import User
from medvirk.nationallogin import domain, selectors
from medvirk.nationallogin.adapter import PENDING_LINK, error_page
from medvirk.nationallogin.oidc import NationalLoginAdapter
from medvirk.people.domain.claims import claim_registered_person


def not_offered(request: HttpRequest) -> HttpResponse:
    raise Http404


def only_if_configured(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """allauth's page, where a national login is configured; elsewhere no such page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.national_provider_ids():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _adapter(request: HttpRequest, provider_id: str) -> NationalLoginAdapter:
    if provider_id not in selectors.national_provider_ids():
        raise Http404
    return NationalLoginAdapter(request, provider_id)


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """A POST sends the person to the provider (a GET asks first: no login by a link)."""
    try:
        return OAuth2LoginView.adapter_view(_adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except RequestException:
        # The provider does not answer: say so; password and code logins still work.
        return error_page(request, "unavailable", status=503)


class NationalCallbackView(OAuth2CallbackView):
    adapter: NationalLoginAdapter

    def _get_state(self, request: HttpRequest, provider: Any) -> Any:
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return NationalCallbackView.adapter_view(_adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except RequestException:
        return error_page(request, "unavailable", status=503)


def _pending(request: HttpRequest) -> tuple[dict[str, Any], User] | None:
    pending = request.session.get(PENDING_LINK)
    if not isinstance(pending, dict):
        return None
    user = selectors.active_user(pending.get("user"))
    if user is None:
        return None
    return pending["sociallogin"], user


@login_not_required
def link(request: HttpRequest) -> HttpResponse:
    """A national login whose e-mail address belongs to an existing account: the person
    confirms before the login is linked to it (and then logs in)."""
    found = _pending(request)
    if found is None:
        return redirect("account_login")
    serialized, user = found
    sociallogin = SocialLogin.deserialize(serialized)
    if request.method == "POST":
        del request.session[PENDING_LINK]
        domain.link_login(request, sociallogin, user=user)
        # Log in as allauth would: it now finds the linked account by the pid hash.
        return complete_social_login(request, SocialLogin.deserialize(serialized))
    return render(
        request,
        "nationallogin/link.html",
        {"email": user.email, "provider_name": sociallogin.provider.name},
    )


@login_required
def claim(request: HttpRequest) -> HttpResponse:
    """After a first national login: a profile an organisation registered with this
    e-mail address is offered to the person to take over."""
    person = selectors.claimable_person(request.user)  # type: ignore[arg-type]
    if person is None:
        return redirect("start:page")
    if request.method == "POST":
        try:
            claim_registered_person(person, by=request.user)  # type: ignore[arg-type]
        except (PermissionDenied, ValidationError):
            messages.error(request, _("Profilen kunne ikke kobles til kontoen din."))
        else:
            messages.success(request, _("Profilen er nå koblet til kontoen din."))
        return redirect("start:page")
    return render(request, "nationallogin/claim.html", {"person": person})
