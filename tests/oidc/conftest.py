"""A real OpenID Provider (npm oidc-provider, tests/oidc/provider.mjs) on loopback, set
up like ID-porten, and Medvirk configured to log in through it."""

from __future__ import annotations

import copy
import json
import os
import re
import select
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client

from medvirk.common.env import national_login_app
from tests.conftest import free_port

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT / "tests/oidc/provider.mjs"
NODE = "/usr/bin/node"

IDPORTEN = ("medvirk-idporten", "idporten-secret")
ANSATTPORTEN = ("medvirk-ansattporten", "ansattporten-secret")
SUBSTANTIAL = "idporten-loa-substantial"
HIGH = "idporten-loa-high"


@dataclass
class OidcProvider:
    issuer: str
    client_key: str = ""  # the PEM of the private_key_jwt client (medvirk-pkjwt)

    def knobs(self, **knobs: Any) -> None:
        """Make the provider misbehave (see provider.mjs); no arguments: behave."""
        response = requests.post(f"{self.issuer}/__test__/knobs", json=knobs, timeout=5)
        response.raise_for_status()

    def log_in(
        self,
        authorize_url: str,
        *,
        pid: str,
        email: str = "",
        name: str = "Kari Nordmann",
        cancel: bool = False,
    ) -> str:
        """Through the provider's login page as a browser would; returns the address the
        provider sends the browser back to (Medvirk's callback, with code and state)."""
        session = requests.Session()
        url = authorize_url
        for _ in range(10):
            response = session.get(url, allow_redirects=False, timeout=5)
            if response.status_code == 200 and "<form" in response.text:
                action = re.search(r'action="([^"]+)"', response.text)
                assert action is not None
                response = session.post(
                    urljoin(url, action.group(1)),
                    data={
                        "pid": pid,
                        "name": name,
                        "email": email,
                        "action": "cancel" if cancel else "login",
                    },
                    allow_redirects=False,
                    timeout=5,
                )
            assert response.status_code in (302, 303), (response.status_code, response.text[:500])
            url = urljoin(url, response.headers["Location"])
            if not url.startswith(self.issuer):
                return url
        raise AssertionError("the provider never sent the browser back")


def _client_key() -> tuple[str, dict[str, Any]]:
    """An RSA key for the private_key_jwt client: the PEM and its public JWK."""
    import json

    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return pem, {**public, "kid": CLIENT_KEY_ID, "use": "sig", "alg": "RS256"}


CLIENT_KEY_ID = "medvirk-test-client-key"


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    port = free_port()
    pem, jwk = _client_key()
    errors = tmp_path_factory.mktemp("oidc") / "provider.log"
    with errors.open("w") as log:
        process = subprocess.Popen(
            [NODE, str(SCRIPT), str(port)],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env={**os.environ, "MEDVIRK_TEST_CLIENT_JWKS": json.dumps({"keys": [jwk]})},
        )
    try:
        deadline = time.monotonic() + 20
        assert process.stdout is not None
        while time.monotonic() < deadline:
            ready, _, _ = select.select([process.stdout], [], [], 0.5)
            if ready and process.stdout.readline().startswith("ready"):
                break
            if process.poll() is not None:
                raise RuntimeError(f"the OpenID provider stopped: {errors.read_text()}")
        else:
            raise RuntimeError("the OpenID provider did not start")
        yield OidcProvider(issuer=f"http://127.0.0.1:{port}", client_key=pem)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def configure(
    settings: Any, issuer: str, *, acr: str = SUBSTANTIAL, ansattporten: bool = True
) -> None:
    apps = [
        national_login_app(
            provider_id="idporten",
            name="ID-porten",
            client_id=IDPORTEN[0],
            secret=IDPORTEN[1],
            issuer=issuer,
            acr=acr,
            scope=["openid", "profile", "email"],
        )
    ]
    if ansattporten:
        apps.append(
            national_login_app(
                provider_id="ansattporten",
                name="Ansattporten",
                client_id=ANSATTPORTEN[0],
                secret=ANSATTPORTEN[1],
                issuer=issuer,
                acr=acr,
                token_auth_method="client_secret_basic",
                scope=["openid", "profile", "email"],
            )
        )
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = ["'self'", issuer]
    settings.CONTENT_SECURITY_POLICY = policy
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "provider_class": "medvirk.nationallogin.oidc.NationalLoginProvider",
            "APPS": apps,
        }
    }


@pytest.fixture
def idporten(settings: Any, oidc_provider: OidcProvider) -> Iterator[OidcProvider]:
    """Medvirk with ID-porten and Ansattporten configured against the test provider."""
    configure(settings, oidc_provider.issuer)
    oidc_provider.knobs()
    yield oidc_provider
    oidc_provider.knobs()


def start(client: Client, provider_id: str = "idporten") -> str:
    """Press the login button: the address of the provider's authorization endpoint."""
    response = client.post(f"/konto/oidc/{provider_id}/login/")
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def come_back(client: Client, callback_url: str) -> Any:
    """The browser returns to Medvirk's callback (the Django test client is the browser)."""
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def national_login(
    client: Client,
    provider: OidcProvider,
    *,
    pid: str,
    email: str = "",
    provider_id: str = "idporten",
) -> Any:
    return come_back(client, provider.log_in(start(client, provider_id), pid=pid, email=email))
