"""Platform admins and secretariat staff must set up tofaktorinnlogging (TOTP) before
they can do anything else. Everyone else may choose to.

The first set-up should not ask for the password twice: allauth wants a *re*-authentication
before any MFA change, and a login just made by password does not count as one. A password
typed within allauth's reauthentication window is as fresh as a reauthentication, so for
these users that login record is marked as one (keeping its own time, so the window is not
extended). The page the user was going to is kept in the session; the recovery-codes page
links on to it through accounts:mfa_continue."""

import time
from collections.abc import Callable

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

ALLOWED_PREFIXES = ("/static/", "/media/", "/sprak/", "/tilgjengelighet/", "/personvern/")
# Setting up TOTP asks for the password again when the login is not fresh
# (reauthentication), so those pages must stay reachable too.
ALLOWED_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
    "accounts:mfa_continue",
)
# Where the user was going when the set-up interrupted them (a local path).
MFA_NEXT_SESSION_KEY = "medvirk_mfa_next"


def count_fresh_password_login_as_reauthentication(request: HttpRequest) -> None:
    records = get_authentication_records(request, request.user)  # type: ignore[arg-type]
    if not records:
        return
    last = records[-1]
    fresh = time.time() - last.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
    if last.get("method") == "password" and fresh and not last.get("reauthenticated"):
        last["reauthenticated"] = True
        request.session.modified = True


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._allowed_paths: frozenset[str] | None = None

    def allowed_paths(self) -> frozenset[str]:
        if self._allowed_paths is None:
            self._allowed_paths = frozenset(reverse(name) for name in ALLOWED_URL_NAMES)
        return self._allowed_paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and user.must_use_mfa
            and not is_mfa_enabled(user)
        ):
            count_fresh_password_login_as_reauthentication(request)
            if request.path not in self.allowed_paths():
                if request.method == "GET" and not request.headers.get("HX-Request"):
                    request.session[MFA_NEXT_SESSION_KEY] = request.get_full_path()
                messages.warning(
                    request,
                    _(
                        "Rollen din krever tofaktorinnlogging. Sett opp en autentiseringsapp for å fortsette."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
