"""Platform admins and secretariat staff must set up a second factor (TOTP) before
they can do anything else. Everyone else may choose to."""

from collections.abc import Callable

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
)


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
            and request.path not in self.allowed_paths()
            and user.must_use_mfa
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                _(
                    "Rollen din krever tofaktorinnlogging. Sett opp en autentiseringsapp for å fortsette."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
