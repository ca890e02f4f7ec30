"""One backup = one tar archive (optionally encrypted as a whole, see encryption.py):

- ``database.pgdump`` (``pg_dump --format=custom``) or ``database.sqlite3``;
- ``media/<path>``: every file under MEDIA_ROOT (the only file storage Medvirk uses);
- ``manifest.json``, last: format version, time, Django version, database vendor, the
  migrations applied per app, the rows of every table and the SHA-256 and size of the
  dump and of every file.

The database is copied first, then the files are read. Uploaded files are written once and
never changed, so every file a row of the dump names is in the archive unless it was
deleted while the backup ran; a file uploaded meanwhile may be in the archive without its
row (harmless). The archive is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import logging
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import django
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from medvirk.ops.backup import databases
from medvirk.ops.backup.encryption import MAGIC, DecryptingReader, EncryptingWriter
from medvirk.ops.backup.errors import BackupError

logger = logging.getLogger("medvirk.ops.backup")

FORMAT = "medvirk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
KEY_VARIABLE = "MEDVIRK_BACKUP_KEY"
_READ_SIZE = 1 << 20


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(self.manifest["tables"].values())


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    mismatches: list[str] = field(default_factory=list)
    migrations_to_apply: list[str] = field(default_factory=list)


class _HashingReader:
    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.hash.update(data)
        return data


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found: list[Path] = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        found.extend(Path(directory) / name for name in sorted(names))
    return [path for path in found if path.is_file() and not path.is_symlink()]


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        info.size = stat.st_size
        info.mtime = int(stat.st_mtime)
        info.mode = stat.st_mode & 0o777  # (the web server may read uploads by group)
        reader = _HashingReader(handle)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    return {"sha256": reader.hash.hexdigest(), "size": info.size}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o640
    tar.addfile(info, io.BytesIO(data))


def create_backup(
    *,
    output_dir: Path,
    media_root: Path,
    keys: list[str],
    alias: str = "default",
    now: datetime.datetime | None = None,
) -> BackupResult:
    """Write one archive of database ``alias`` and of ``media_root`` into ``output_dir``,
    encrypted with the first of ``keys`` when there are any."""
    now = now or timezone.now()
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = output_dir / f"medvirk-backup-{stamp}.tar{'.enc' if keys else ''}"
    if path.exists():
        raise BackupError(f"{path} exists already.")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)  # (left by a run that was killed)
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        vendor = databases.vendor_of(connections[alias].settings_dict)
        dump_name = databases.DUMP_NAMES[vendor]
        dump_path = Path(work) / dump_name
        snapshot = databases.dump(alias, dump_path)
        try:
            # Readable by the owner only: the archive holds personal data.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                writer: Any = EncryptingWriter(out, keys[0]) if keys else out
                with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                    dump_entry = _add_file(tar, dump_path, dump_name)
                    files = {}
                    for file in _media_files(media_root):
                        relative = file.relative_to(media_root).as_posix()
                        files[relative] = _add_file(tar, file, f"{MEDIA_DIR}/{relative}")
                    manifest = {
                        "format": FORMAT,
                        "format_version": FORMAT_VERSION,
                        "created_at": now.isoformat(),
                        "django_version": django.get_version(),
                        "database": {"vendor": vendor, "file": dump_name, **dump_entry},
                        "migrations": snapshot.migrations,
                        "tables": snapshot.tables,
                        "files": files,
                    }
                    _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
                if keys:
                    writer.close()
                out.flush()
                os.fsync(out.fileno())
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
    result = BackupResult(path, manifest)
    logger.info(
        "Backup written: %s tables, %s rows, %s files, %s bytes, encrypted: %s",
        len(snapshot.tables),
        result.rows,
        len(files),
        path.stat().st_size,
        bool(keys),
    )
    return result


# --- Restore ------------------------------------------------------------------------


def _open_archive(handle: BinaryIO, keys: list[str]) -> Any:
    head = handle.read(len(MAGIC))
    handle.seek(0)
    if head == MAGIC:
        return DecryptingReader(handle, keys, key_variable=KEY_VARIABLE)
    return handle


def _extract(path: Path, keys: list[str], work: Path) -> dict[str, Any]:
    """Unpack the archive into ``work`` (decrypting as it goes) and return its manifest."""
    try:
        with path.open("rb") as handle:
            source = _open_archive(handle, keys)
            with tarfile.open(fileobj=source, mode="r|") as tar:
                for member in tar:
                    name = member.name
                    if not member.isfile() or not (
                        name == MANIFEST
                        or name in databases.DUMP_NAMES.values()
                        or name.startswith(MEDIA_DIR + "/")
                    ):
                        raise BackupError(f"The archive holds an unexpected entry: {name!r}.")
                    tar.extract(member, work, filter="data")
            # Read on to the end, so that an encrypted archive's last chunk (and nothing
            # after it) is checked even where the tar's own end came earlier.
            while source.read(_READ_SIZE):
                pass
    except tarfile.TarError as error:
        raise BackupError(f"{path} is not a readable backup archive ({error}).") from None
    except OSError as error:
        raise BackupError(f"{path} could not be read: {error.strerror or error}.") from None
    manifest_path = work / MANIFEST
    if not manifest_path.exists():
        raise BackupError("The archive has no manifest.json: it is cut off or not a backup.")
    try:
        manifest = json.loads(manifest_path.read_text())
    except ValueError:
        raise BackupError("The manifest is not valid JSON.") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Unknown backup format {manifest.get('format')!r} version "
            f"{manifest.get('format_version')!r}; this release reads {FORMAT} {FORMAT_VERSION}."
        )
    return manifest


def _check_files(manifest: dict[str, Any], root: Path, where: str) -> list[str]:
    """Every file of the manifest under ``root`` with its checksum, and no other file."""
    mismatches = []
    expected: dict[str, Any] = manifest["files"]
    found = {path.relative_to(root).as_posix(): path for path in _media_files(root)}
    for name in sorted(expected):
        if name not in found:
            mismatches.append(f"file missing {where}: {name}")
        elif sha256_of(found[name]) != expected[name]["sha256"]:
            mismatches.append(f"file checksum differs {where}: {name}")
    mismatches.extend(
        f"file not in the manifest {where}: {name}"
        for name in sorted(found.keys() - expected.keys())
    )
    return mismatches


def _check_tables(manifest: dict[str, Any], counts: dict[str, int]) -> list[str]:
    expected: dict[str, int] = manifest["tables"]
    mismatches = []
    for table in sorted(expected.keys() | counts.keys()):
        if table not in counts:
            mismatches.append(f"table missing: {table}")
        elif table not in expected:
            mismatches.append(f"table not in the manifest: {table}")
        elif counts[table] != expected[table]:
            mismatches.append(
                f"row count differs in {table}: {counts[table]} restored, {expected[table]} in the manifest"
            )
    return mismatches


def _unknown_migrations(manifest: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(migrations of the backup this code does not have, this code's not in the backup)."""
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    newer = sorted(f"{app}.{name}" for app, name in applied - on_disk)
    to_apply = sorted(f"{app}.{name}" for app, name in on_disk - applied)
    return newer, to_apply


def target_problems(settings_dict: dict[str, Any], media_root: Path) -> list[str]:
    problems = []
    existing = databases.tables(settings_dict)
    if existing:
        problems.append(f"the target database {settings_dict['NAME']} has {len(existing)} tables")
    if media_root.exists() and any(media_root.iterdir()):
        problems.append(f"the media folder {media_root} is not empty")
    return problems


def restore_backup(
    path: Path,
    *,
    settings_dict: dict[str, Any],
    media_root: Path,
    keys: list[str],
    replace: bool = False,
    work_dir: Path | None = None,
) -> RestoreResult:
    """Restore the archive at ``path`` into the database ``settings_dict`` describes and into
    ``media_root``, both empty unless ``replace``; then compare the result with the
    manifest. Refusals and damaged archives raise :class:`BackupError`; differences found
    after the restore are returned in ``mismatches``."""
    problems = target_problems(settings_dict, media_root)
    if problems and not replace:
        raise BackupError(
            "Restore refused: "
            + "; ".join(problems)
            + ". Restore into an empty database (created, not migrated) and an empty media "
            "folder, or pass --replace to drop what is there."
        )
    media_root.parent.mkdir(parents=True, exist_ok=True)
    work_parent = work_dir or media_root.parent
    with tempfile.TemporaryDirectory(dir=work_parent, prefix=".medvirk-restore-") as work_name:
        work = Path(work_name)
        manifest = _extract(path, keys, work)
        dump = work / manifest["database"]["file"]
        if not dump.exists() or sha256_of(dump) != manifest["database"]["sha256"]:
            raise BackupError("The database dump in the archive does not match its checksum.")
        damaged = _check_files(manifest, work / MEDIA_DIR, "in the archive")
        if damaged:
            raise BackupError("The archive is damaged: " + "; ".join(damaged))
        newer, to_apply = _unknown_migrations(manifest)
        if newer:
            raise BackupError(
                "The backup is from a newer release: this code lacks the migrations "
                + ", ".join(newer)
                + ". Restore with the release that made it."
            )
        for connection in connections.all(initialized_only=True):
            if connection.settings_dict["NAME"] == settings_dict["NAME"]:
                connection.close()  # (SQLite: the file is replaced underneath it)
        if problems:
            databases.drop_all(settings_dict)
            _set_aside(media_root)
        databases.restore(settings_dict, manifest["database"]["vendor"], dump, work)
        media_root.mkdir(parents=True, exist_ok=True)
        staged = work / MEDIA_DIR
        if staged.is_dir():
            for entry in sorted(staged.iterdir()):
                shutil.move(str(entry), str(media_root / entry.name))
    mismatches = _check_tables(manifest, databases.table_counts(settings_dict))
    mismatches += _check_files(manifest, media_root, "after the restore")
    result = RestoreResult(manifest, mismatches, to_apply)
    logger.info(
        "Backup restored: %s tables, %s rows, %s files, %s mismatches",
        len(manifest["tables"]),
        sum(manifest["tables"].values()),
        len(manifest["files"]),
        len(mismatches),
    )
    return result


def _set_aside(media_root: Path) -> None:
    """Move what the media folder holds into a dated sibling folder (never deleted here)."""
    if not media_root.exists() or not any(media_root.iterdir()):
        return
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = media_root.with_name(f"{media_root.name}.replaced-{stamp}")
    media_root.rename(aside)
    logger.warning("Restore with --replace: the old media files were moved to %s", aside)
