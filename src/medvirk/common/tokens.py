"""Personal links (campaigns, profile claims, candidate consent) carry a random
token; only its SHA-256 hash is stored, so a database leak yields no usable link."""

from __future__ import annotations

import hashlib
import secrets


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh unguessable token and its hash."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)
