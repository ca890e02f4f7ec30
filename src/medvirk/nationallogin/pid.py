"""The national identity number (``pid``) never leaves this module unhashed.

:func:`hash_pid` is the keyed hash (HMAC-SHA256, ``settings.MEDVIRK_PID_HMAC_KEY``) that
recognises the same person again: it is the ``uid`` of the person's SocialAccount. The
raw ID token is kept for one purpose only, the ``id_token_hint`` of the logout at the
provider, and only sealed (:func:`seal`: Fernet under a key derived from SECRET_KEY) in
the session; it holds the pid, so it is never stored readable.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def hash_pid(pid: str) -> str:
    key = settings.MEDVIRK_PID_HMAC_KEY.encode()
    return hmac.new(key, pid.strip().encode(), hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"medvirk.nationallogin.logout-hint:" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def seal(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def unseal(token: str) -> str | None:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None
