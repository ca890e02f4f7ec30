"""Backup and restore (issue 20): a platform filled through the domain functions is backed
up, restored into a fresh database and a fresh media folder, and every table's rows (all
columns) and every file come back; encryption, a wrong key, a damaged or altered archive,
a target that is not empty and a manifest that does not match are each refused by name.

The tests run on the database the suite runs on (SQLite, or PostgreSQL with
MEDVIRK_DATABASE_URL). They need committed data (pg_dump reads through its own
connection), so they use ``transactional_db``, and stay on one xdist worker.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sqlite3
import tarfile
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import connection

from medvirk.common.models import ActivityLog
from medvirk.compensation.domain import claims as claims_domain
from medvirk.compensation.models import Claim
from medvirk.experiences.domain.answers import submit_answer
from medvirk.experiences.enums import Audience, RoughWhen
from medvirk.meetings.domain.documents import add_document
from medvirk.meetings.models import CaseDocument
from medvirk.ops.backup import encryption
from medvirk.ops.backup.archive import create_backup, restore_backup
from medvirk.ops.backup.errors import BackupError
from medvirk.people.domain.accommodation import (
    ACCOMMODATION_PURPOSE,
    give_accommodation_consent,
)
from tests.common.test_settings import manage
from tests.compensation.conftest import PDF, PNG, World, world  # noqa: F401 (fixture)
from tests.factories.experiences import ExperienceCallFactory
from tests.meetings.agenda_helpers import item, upload

pytestmark = pytest.mark.xdist_group("backup")

ON_POSTGRES = connection.vendor == "postgresql"
KEY = Fernet.generate_key().decode()
OTHER_KEY = Fernet.generate_key().decode()


# --- A filled platform ----------------------------------------------------------------


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def filled(transactional_db: Any, world: World, media: Path) -> World:  # noqa: F811
    """An organisation, people with accommodation needs, an arena, a meeting with an
    uploaded document, an experience call with answers, a compensation claim with a
    receipt, and the activity log all of it wrote."""
    w = world
    give_accommodation_consent(
        w.member_person,
        by=w.member,
        needs="Trenger tegnspråktolk – æøå",
        purpose=str(ACCOMMODATION_PURPOSE),
    )
    agenda_item = item(w.meeting, w.secretariat, title="Budsjett 2027")
    add_document(agenda_item, by=w.secretariat, upload=upload("budsjett.pdf", PDF), title="Sak")
    call = ExperienceCallFactory(audience=Audience.LINK, organisation=w.service)
    for text in ("Drosjen kom ikke.", "Ventetiden var lang."):
        submit_answer(
            call,
            by=AnonymousUser(),
            what_happened=text,
            service="Pasientreiser",
            when=RoughWhen.LAST_YEAR,
            impact="Ny time.",
            would_have_helped="En melding.",
        )
    claims_domain.ensure_draft_claims(w.member_person)
    claim = Claim.objects.get(attendance=w.attendance)
    from django.core.files.uploadedfile import SimpleUploadedFile

    claims_domain.add_travel(
        claim,
        by=w.member,
        from_place="Hjem",
        to_place="Sykehuset",
        ticket="89,50",
        receipt=SimpleUploadedFile("kvittering.png", PNG, content_type="image/png"),
    )
    assert CaseDocument.objects.count() == 1
    assert ActivityLog.objects.exists()
    return w


# --- A fresh target -------------------------------------------------------------------


@pytest.fixture
def target(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The settings of a fresh, empty database: a new PostgreSQL database (dropped
    afterwards) or a new SQLite file."""
    if not ON_POSTGRES:
        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.db")}
        return
    import psycopg

    settings_dict = dict(connection.settings_dict)
    name = f"test_restore_{uuid.uuid4().hex[:12]}"
    admin = _pg_params(settings_dict, dbname="postgres")
    with closing(psycopg.connect(**admin, autocommit=True)) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**settings_dict, "NAME": name}
    finally:
        with closing(psycopg.connect(**admin, autocommit=True)) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_params(settings_dict: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": str(settings_dict["PORT"]) if settings_dict.get("PORT") else None,
        **overrides,
    }
    return {key: value for key, value in params.items() if value is not None}


def _rows_from(cursor: Any, tables: list[str]) -> dict[str, list[str]]:
    rows = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the catalogue)
        rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def every_row(settings_dict: dict[str, Any] | None) -> dict[str, list[str]]:
    """Every row (all columns) of every table, as raw driver values; ``None``: the
    suite's own database."""
    if ON_POSTGRES:
        import psycopg

        name_query = (
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
        with closing(
            psycopg.connect(**_pg_params(settings_dict or connection.settings_dict))
        ) as raw:
            cursor = raw.cursor()
            tables = [row[0] for row in cursor.execute(name_query).fetchall()]
            return _rows_from(cursor, tables)
    name_query = (
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    if settings_dict is None:
        connection.ensure_connection()
        cursor = connection.connection.cursor()
        tables = [row[0] for row in cursor.execute(name_query).fetchall()]
        return _rows_from(cursor, tables)
    # The same conversions as Django's own connection (booleans, dates, decimals).
    types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    with closing(sqlite3.connect(settings_dict["NAME"], detect_types=types)) as raw:
        cursor = raw.cursor()
        tables = [row[0] for row in cursor.execute(name_query).fetchall()]
        return _rows_from(cursor, tables)


def database_url(settings_dict: dict[str, Any]) -> str:
    if not ON_POSTGRES:
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"


def every_file(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# --- Nothing lost ---------------------------------------------------------------------


def test_backup_and_restore_lose_nothing(
    filled: World,
    media: Path,
    target: dict[str, Any],
    tmp_path: Path,
    settings: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="medvirk.ops.backup")
    settings.MEDVIRK_BACKUP_KEYS = [KEY]
    out = io.StringIO()
    call_command("backup", output_dir=tmp_path / "backups", stdout=out)
    [archive] = (tmp_path / "backups").iterdir()
    assert archive.name.endswith(".tar.enc")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert "encrypted" in out.getvalue()
    assert archive.read_bytes().startswith(encryption.MAGIC)
    before_rows = every_row(None)
    before_files = every_file(media)
    assert len(before_files) == 2  # the case document and the receipt
    assert before_rows["people_accommodation"]  # the table of accommodation needs

    restored_media = tmp_path / "restored-media"
    result = restore_backup(archive, settings_dict=target, media_root=restored_media, keys=[KEY])

    assert result.mismatches == []
    assert every_file(restored_media) == before_files
    after_rows = every_row(target)
    assert after_rows.keys() == before_rows.keys()
    for table, rows in before_rows.items():
        assert after_rows[table] == rows, table
    manifest = result.manifest
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == {table: len(rows) for table, rows in before_rows.items()}
    assert "0001_initial" in manifest["migrations"]["people"]
    assert set(manifest["files"]) == set(before_files)
    # Logged with counts only, never contents.
    assert [record.getMessage().split(":")[0] for record in caplog.records] == [
        "Backup written",
        "Backup restored",
    ]
    assert "tegnspråktolk" not in caplog.text


def test_unencrypted_backup_restores_and_says_so(
    filled: World, media: Path, target: dict[str, Any], tmp_path: Path
) -> None:
    result = create_backup(output_dir=tmp_path, media_root=media, keys=[])
    assert result.path.name.endswith(".tar")
    with tarfile.open(result.path) as tar:
        names = tar.getnames()
    assert names[-1] == "manifest.json"
    assert any(name.startswith("media/meetings/documents/") for name in names)

    restored = restore_backup(
        result.path, settings_dict=target, media_root=tmp_path / "m2", keys=[KEY]
    )
    assert restored.mismatches == []


# --- Encryption -----------------------------------------------------------------------


def test_encryption_round_trip_over_several_chunks() -> None:
    data = os.urandom(encryption.CHUNK_SIZE * 2 + 12345)
    sealed = io.BytesIO()
    writer = encryption.EncryptingWriter(sealed, KEY)
    for start in range(0, len(data), 300_000):
        writer.write(data[start : start + 300_000])
    writer.close()
    assert data[:1000] not in sealed.getvalue()
    sealed.seek(0)
    reader = encryption.DecryptingReader(sealed, [OTHER_KEY, KEY], key_variable="K")
    assert reader.read(10) + reader.read() == data


def _sealed(data: bytes) -> bytes:
    out = io.BytesIO()
    writer = encryption.EncryptingWriter(out, KEY)
    writer.write(data)
    writer.close()
    return out.getvalue()


def _open(sealed: bytes, keys: list[str]) -> bytes:
    return encryption.DecryptingReader(io.BytesIO(sealed), keys, key_variable="K").read()


def test_a_wrong_or_missing_key_is_named() -> None:
    sealed = _sealed(b"x" * 100)
    with pytest.raises(BackupError, match="Wrong key"):
        _open(sealed, [OTHER_KEY])
    with pytest.raises(BackupError, match="K is not set"):
        _open(sealed, [])


def test_a_changed_byte_a_cut_and_a_swap_are_found() -> None:
    data = os.urandom(encryption.CHUNK_SIZE + 10)
    sealed = _sealed(data)
    flipped = bytearray(sealed)
    flipped[len(sealed) // 2] ^= 1
    with pytest.raises(BackupError, match="chunk 0 does not authenticate"):
        _open(bytes(flipped), [KEY])
    with pytest.raises(BackupError, match="cut off"):
        _open(sealed[:-50], [KEY])
    header = len(encryption.MAGIC) + 17
    with pytest.raises(BackupError, match="cut off"):
        _open(sealed[: header + 4 + int.from_bytes(sealed[header : header + 4], "big")], [KEY])
    with pytest.raises(BackupError, match="follows its last chunk"):
        _open(sealed + b"more", [KEY])


def test_a_tampered_encrypted_backup_is_refused_before_anything_is_restored(
    filled: World, media: Path, target: dict[str, Any], tmp_path: Path
) -> None:
    archive = create_backup(output_dir=tmp_path / "b", media_root=media, keys=[KEY]).path
    longer = tmp_path / "longer.tar.enc"
    longer.write_bytes(archive.read_bytes() + b"appended")
    with pytest.raises(BackupError, match="data follows its last chunk"):
        restore_backup(longer, settings_dict=target, media_root=tmp_path / "m", keys=[KEY])
    damaged = bytearray(archive.read_bytes())
    damaged[-100] ^= 0xFF
    archive.write_bytes(bytes(damaged))
    restored_media = tmp_path / "restored-media"

    with pytest.raises(BackupError, match="altered"):
        restore_backup(archive, settings_dict=target, media_root=restored_media, keys=[KEY])
    with pytest.raises(BackupError, match="Wrong key"):
        restore_backup(archive, settings_dict=target, media_root=restored_media, keys=[OTHER_KEY])
    assert every_row(target) == {}
    assert every_file(restored_media) == {}


# --- Refusals and mismatches ----------------------------------------------------------


def _rewrite(archive: Path, change: Any) -> None:
    """Rewrite a plain archive with ``change(name, data) -> data`` applied to each member."""
    members = []
    with tarfile.open(archive) as tar:
        for member in tar:
            handle = tar.extractfile(member)
            assert handle is not None
            members.append((member, change(member.name, handle.read())))
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
        for member, data in members:
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_a_changed_file_in_a_plain_archive_is_named(
    filled: World, media: Path, target: dict[str, Any], tmp_path: Path
) -> None:
    archive = create_backup(output_dir=tmp_path / "b", media_root=media, keys=[]).path
    _rewrite(archive, lambda name, data: data + b"!" if name.startswith("media/") else data)

    with pytest.raises(BackupError, match="file checksum differs in the archive: meetings/"):
        restore_backup(archive, settings_dict=target, media_root=tmp_path / "m", keys=[])

    _rewrite(archive, lambda name, data: data[:-1] if name.startswith("media/") else data)
    _rewrite(archive, lambda name, data: data + b"x" if name.startswith("database.") else data)
    with pytest.raises(BackupError, match="dump in the archive does not match its checksum"):
        restore_backup(archive, settings_dict=target, media_root=tmp_path / "m", keys=[])
    assert every_row(target) == {}


def test_a_manifest_that_does_not_match_is_named(
    filled: World, media: Path, target: dict[str, Any], tmp_path: Path
) -> None:
    archive = create_backup(output_dir=tmp_path / "b", media_root=media, keys=[]).path

    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"]["meetings_casedocument"] += 1
        manifest["tables"]["ghost_table"] = 0
        return json.dumps(manifest).encode()

    _rewrite(archive, change)
    # The command, in its own process, against the fresh database: it exits non-zero and
    # names each mismatch.
    run = manage(
        ["restore", str(archive)],
        {
            "MEDVIRK_DEBUG": "true",
            "MEDVIRK_DATABASE_URL": database_url(target),
            "MEDVIRK_VAR_DIR": str(tmp_path / "var"),
        },
    )
    assert run.returncode == 1, run.stderr
    assert run.stderr.splitlines()[:2] == [
        "MISMATCH table missing: ghost_table",
        "MISMATCH row count differs in meetings_casedocument: 1 restored, 2 in the manifest",
    ]
    assert "2 mismatch(es)" in run.stderr
    assert every_file(tmp_path / "var" / "media") == every_file(media)

    result = restore_backup(
        archive, settings_dict=target, media_root=tmp_path / "m", keys=[], replace=True
    )
    assert result.mismatches == [
        "table missing: ghost_table",
        "row count differs in meetings_casedocument: 1 restored, 2 in the manifest",
    ]

    def from_the_future(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["people"].append("9999_from_a_newer_release")
        return json.dumps(manifest).encode()

    _rewrite(archive, from_the_future)
    with pytest.raises(BackupError, match=r"newer release.*people\.9999_from_a_newer_release"):
        restore_backup(
            archive, settings_dict=target, media_root=tmp_path / "m", keys=[], replace=True
        )


def test_a_second_restore_is_refused_unless_it_replaces(
    filled: World, media: Path, target: dict[str, Any], tmp_path: Path
) -> None:
    archive = create_backup(output_dir=tmp_path / "b", media_root=media, keys=[]).path
    restored_media = tmp_path / "m"
    assert restore_backup(archive, settings_dict=target, media_root=restored_media, keys=[])
    files = every_file(restored_media)

    with pytest.raises(BackupError, match="Restore refused: the target database") as refused:
        restore_backup(archive, settings_dict=target, media_root=restored_media, keys=[])
    assert f"the media folder {restored_media} is not empty" in str(refused.value)

    again = restore_backup(
        archive, settings_dict=target, media_root=restored_media, keys=[], replace=True
    )
    assert again.mismatches == []
    assert every_file(restored_media) == files
    [aside] = tmp_path.glob("m.replaced-*")
    assert every_file(aside) == files


def test_the_command_refuses_a_target_that_is_not_empty(
    filled: World, media: Path, tmp_path: Path
) -> None:
    """The suite's own database has tables and the media folder has files."""
    archive = create_backup(output_dir=tmp_path / "b", media_root=media, keys=[]).path
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))
    message = str(refused.value)
    assert message.startswith("Restore refused: the target database")
    assert f"the media folder {media} is not empty" in message
    assert "--replace" in message
    assert CaseDocument.objects.count() == 1  # untouched
