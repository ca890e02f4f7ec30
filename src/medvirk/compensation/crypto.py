"""Field-level encryption of payment details: Fernet (AES-128-CBC with HMAC-SHA256)
through MultiFernet over ``settings.MEDVIRK_FIELD_KEYS`` (newest first). The first key
encrypts; every key decrypts, so a new key is put first and the old kept until
:func:`rotate` has re-encrypted every row (docs/decisions.md, "Payment details")."""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from medvirk.common.env import require_field_keys

__all__ = ["InvalidToken", "decrypt", "encrypt", "rotate"]


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    require_field_keys(settings.MEDVIRK_FIELD_KEYS)
    return _fernet(tuple(settings.MEDVIRK_FIELD_KEYS))


def encrypt(value: str) -> bytes:
    return _current().encrypt(value.encode())


def decrypt(token: bytes | memoryview) -> str:
    return _current().decrypt(bytes(token)).decode()


def rotate(token: bytes | memoryview) -> bytes:
    """The same value encrypted with the newest key."""
    return _current().rotate(bytes(token))
