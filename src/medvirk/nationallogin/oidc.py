"""allauth's OpenID Connect provider, with the checks ID-porten's guide requires on top.

Plain allauth (65.21) leaves out what a national login needs (README, "National login"):

- it sends no ``nonce`` and checks none: :meth:`NationalLoginProvider.redirect` puts one
  in the stashed state and the request, :meth:`NationalLoginAdapter.complete_login`
  compares the ID token's;
- it skips the ID token's signature when the token came straight from the token endpoint:
  here it is always checked against the provider's JWKS (with issuer, audience, expiry);
- it knows no level of assurance: ``acr_values`` is asked for and the ID token's ``acr``
  must reach the level the installation requires (``settings`` ``acr`` of the app);
- it stores every claim in ``SocialAccount.extra_data``: here the ``pid`` is replaced by
  its keyed hash (the account's ``uid``) before allauth sees the claims, and only the
  claims Medvirk reads are kept.

PKCE (S256) is allauth's own (``oauth_pkce_enabled``); so is the state check.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Any

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from medvirk.common.env import NATIONAL_LOGIN_LEVELS
from medvirk.nationallogin.pid import hash_pid, seal

# The claims kept in SocialAccount.extra_data (the pid is never among them).
KEPT_CLAIMS = ("sub", "iss", "acr", "amr", "auth_time", "name", "email", "email_verified")
PID_HASH = "pid_hash"
LOGOUT_HINT = "logout_hint"  # in the login's state: the sealed ID token


class NationalLoginError(ProviderException):
    """A check of the login failed; ``reason`` picks the message on the error page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def client_assertion(app: Any, audience: str) -> str:
    import jwt

    now = int(time.time())
    claims = {
        "iss": app.client_id,
        "sub": app.client_id,
        "aud": audience,
        "jti": secrets.token_urlsafe(24),
        "iat": now,
        "exp": now + 60,
    }
    return jwt.encode(
        claims,
        app.settings["private_key"],
        algorithm="RS256",
        headers={"kid": app.settings["key_id"]},
    )


def _signed_with_rs256(id_token: str) -> bool:
    """ID-porten signs with RS256; allauth would take the algorithm the token names."""
    import jwt

    try:
        return bool(jwt.get_unverified_header(id_token).get("alg") == "RS256")
    except jwt.PyJWTError:
        return False


def acr_reaches(acr: Any, required: str) -> bool:
    if acr not in NATIONAL_LOGIN_LEVELS:
        return False
    return NATIONAL_LOGIN_LEVELS.index(acr) >= NATIONAL_LOGIN_LEVELS.index(required)


class NationalLoginAdapter(OpenIDConnectOAuth2Adapter):
    # The state of the login being completed (set by views.NationalCallbackView).
    state: dict[str, Any] | None = None

    def get_callback_url(self, request: HttpRequest, app: Any) -> str:
        url = reverse("nationallogin:callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, url, self.redirect_uri_protocol)

    @property
    def basic_auth(self) -> bool:
        return bool(
            self.get_provider().app.settings.get("token_auth_method") == "client_secret_basic"
        )

    def get_access_token_data(
        self, request: HttpRequest, app: Any, client: Any, pkce_code_verifier: Any = None
    ) -> Any:
        """With private_key_jwt the client authenticates by a signed assertion (RFC 7523)
        instead of the secret, which allauth's client cannot do."""
        if app.settings.get("token_auth_method") != "private_key_jwt":
            return super().get_access_token_data(request, app, client, pkce_code_verifier)
        code = request.GET.get("code", "")
        data = client.get_access_token(
            code,
            pkce_code_verifier=pkce_code_verifier,
            extra_data={
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": client_assertion(app, self.openid_config["issuer"]),
            },
        )
        self.did_fetch_access_token = True
        return data

    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        id_token = kwargs["response"].get("id_token")
        if not id_token or not _signed_with_rs256(id_token):
            raise NationalLoginError("invalid_token")
        try:
            claims = jwtkit.verify_and_decode(
                credential=id_token,
                keys_url=self.openid_config["jwks_uri"],
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
                lookup_kid=jwtkit.lookup_kid_jwk,
                verify_signature=True,
            )
        except OAuth2Error:
            raise NationalLoginError("invalid_token") from None
        expected = (self.state or {}).get("nonce") or ""
        if not expected or not hmac.compare_digest(str(claims.get("nonce", "")), expected):
            raise NationalLoginError("nonce")
        if not acr_reaches(claims.get("acr"), app.settings["acr"]):
            raise NationalLoginError("acr")
        if not claims.get("pid"):
            raise NationalLoginError("no_pid")
        login = self.get_provider().sociallogin_from_response(request, claims)
        if self.state is not None:
            self.state[LOGOUT_HINT] = seal(id_token)
        return login


class NationalLoginProvider(OpenIDConnectProvider):
    oauth2_adapter_class = NationalLoginAdapter
    supports_token_authentication = False  # no headless login by a posted ID token
    # allauth mounts "<package>.urls" for each provider: an empty list (provider_routes).
    package = "medvirk.nationallogin.provider_routes"

    def get_login_url(self, request: HttpRequest, **kwargs: Any) -> str:
        url = reverse("nationallogin:login", kwargs={"provider_id": self.app.provider_id})
        if kwargs:
            from django.utils.http import urlencode

            url = f"{url}?{urlencode(kwargs)}"
        return url

    def get_callback_url(self) -> str:
        return reverse("nationallogin:callback", kwargs={"provider_id": self.app.provider_id})

    def get_auth_params(self) -> dict[str, Any]:
        return {}  # no parameters from the request: the checks below decide them

    def get_auth_params_from_request(self, request: HttpRequest, action: Any) -> dict[str, Any]:
        return self.get_auth_params()

    def get_scope_from_request(self, request: HttpRequest) -> list[str]:
        return self.get_scope()

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> Any:
        nonce = secrets.token_urlsafe(32)
        auth_params = {
            **(kwargs.pop("auth_params", None) or {}),
            "nonce": nonce,
            "acr_values": self.app.settings["acr"],
            "ui_locales": translation.get_language() or "nb",
        }
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    def sociallogin_from_response(self, request: HttpRequest, response: Any) -> Any:
        """The claims without the pid: its keyed hash instead, as the account's uid."""
        claims = response
        kept = {key: claims[key] for key in KEPT_CLAIMS if key in claims}
        kept[PID_HASH] = hash_pid(str(claims["pid"]))
        return super().sociallogin_from_response(request, {"id_token": kept})

    def extract_uid(self, data: Any) -> str:
        return str(data["id_token"][PID_HASH])

    def extract_common_fields(self, data: Any) -> dict[str, Any]:
        claims = data["id_token"]
        return {"email": claims.get("email") or "", "name": claims.get("name") or ""}
