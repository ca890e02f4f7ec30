"""Streamed encryption of a backup archive with Fernet, one chunk at a time.

A large dump never has to fit in memory: the archive is cut into chunks of
:data:`CHUNK_SIZE` bytes and each chunk becomes one Fernet token (AES-128-CBC with
HMAC-SHA256), written as a 4-byte length and the token. Each chunk's plaintext starts with
its index and a flag for the last chunk, so chunks taken away, repeated, swapped or cut
off at the end are found as surely as a changed byte. The header names the key by a
fingerprint (the first 16 hex digits of the SHA-256 of the key), so a wrong key is told
apart from a damaged file without trying to decrypt.

File layout: ``MAGIC`` ``fingerprint`` ``\\n`` then ``(length: >I, token)`` repeated.
"""

from __future__ import annotations

import hashlib
import struct
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken

from medvirk.ops.backup.errors import BackupError

MAGIC = b"MEDVIRK-BACKUP-FERNET-1\n"
CHUNK_SIZE = 1 << 20  # 1 MiB of plaintext per token
_PREFIX = struct.Struct(">QB")  # chunk index, last-chunk flag
_LENGTH = struct.Struct(">I")
_MAX_TOKEN = 2 * CHUNK_SIZE  # a token is ~4/3 of its plaintext; anything longer is damage


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def is_encrypted(path_head: bytes) -> bool:
    return path_head.startswith(MAGIC)


class EncryptingWriter:
    """A write-only stream (enough for ``tarfile`` in stream mode) that encrypts into
    ``out``. ``close()`` writes the last chunk; it does not close ``out``."""

    def __init__(self, out: BinaryIO, key: str) -> None:
        self._out = out
        self._fernet = Fernet(key.encode())
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        out.write(MAGIC + fingerprint(key).encode() + b"\n")

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) >= CHUNK_SIZE:
            self._emit(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        token = self._fernet.encrypt(_PREFIX.pack(self._index, int(last)) + chunk)
        self._out.write(_LENGTH.pack(len(token)) + token)
        self._index += 1

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True


class DecryptingReader:
    """A read-only stream over an encrypted archive. Every chunk is authenticated before
    a byte of it is returned; a wrong key, a changed byte, a missing or reordered chunk
    and a cut-off end each raise :class:`BackupError`."""

    def __init__(self, source: BinaryIO, keys: list[str], *, key_variable: str) -> None:
        self._source = source
        head = source.read(len(MAGIC) + 17)
        if not head.startswith(MAGIC) or not head.endswith(b"\n"):
            raise BackupError("The file is not an encrypted Medvirk backup.")
        wanted = head[len(MAGIC) : -1].decode("ascii", "replace")
        matching = [key for key in keys if fingerprint(key) == wanted]
        if not keys:
            raise BackupError(
                f"The backup is encrypted (key fingerprint {wanted}) but {key_variable} is not set."
            )
        if not matching:
            known = ", ".join(fingerprint(key) for key in keys)
            raise BackupError(
                f"Wrong key: the backup was encrypted with the key whose fingerprint is "
                f"{wanted}; {key_variable} holds {known}."
            )
        self._fernet = Fernet(matching[0].encode())
        self._buffer = bytearray()
        self._index = 0
        self._done = False

    def _next_chunk(self) -> None:
        length_bytes = self._source.read(_LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise BackupError(
                f"The backup is damaged or cut off: it ends before its last chunk "
                f"(after chunk {self._index})."
            )
        (length,) = _LENGTH.unpack(length_bytes)
        token = self._source.read(length) if length <= _MAX_TOKEN else b""
        if not token or len(token) != length:
            raise BackupError(f"The backup is damaged: chunk {self._index} is cut off.")
        try:
            plain = self._fernet.decrypt(token)
        except InvalidToken:
            raise BackupError(
                f"The backup is damaged or was altered: chunk {self._index} does not "
                "authenticate with the key."
            ) from None
        index, last = _PREFIX.unpack(plain[: _PREFIX.size])
        if index != self._index:
            raise BackupError(
                f"The backup was altered: chunk {index} stands where chunk {self._index} belongs."
            )
        self._buffer += plain[_PREFIX.size :]
        self._index += 1
        if last:
            if self._source.read(1):
                raise BackupError("The backup was altered: data follows its last chunk.")
            self._done = True

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            self._next_chunk()
        if size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data
