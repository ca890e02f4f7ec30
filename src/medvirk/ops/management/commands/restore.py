from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from medvirk.ops.backup.archive import restore_backup
from medvirk.ops.backup.errors import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database and an empty media folder, then check "
        "every table's row count and every file's checksum against its manifest "
        "(docs/operations-backup.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup archive")
        parser.add_argument("--database", default="default", help="the target database alias")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "restore even when the target is not empty: drop every table of the "
                "database and move the media folder aside (to <media>.replaced-<time>)"
            ),
        )
        parser.add_argument(
            "--work-dir",
            type=Path,
            default=None,
            help="where to unpack the archive (default: beside the media folder)",
        )

    def handle(
        self,
        *args: Any,
        path: Path,
        database: str,
        replace: bool,
        work_dir: Path | None,
        **options: Any,
    ) -> None:
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            result = restore_backup(
                path,
                settings_dict=connections[database].settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                keys=list(settings.MEDVIRK_BACKUP_KEYS),
                replace=replace,
                work_dir=work_dir,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:  # a full disk, a folder it may not write to
            raise CommandError(f"The restore could not go on: {error}") from None
        manifest = result.manifest
        if result.mismatches:
            for mismatch in result.mismatches:
                self.stderr.write(f"MISMATCH {mismatch}")
            raise CommandError(
                f"The restore does not match the manifest: {len(result.mismatches)} "
                "mismatch(es), listed above."
            )
        self.stdout.write(
            f"Restored {manifest['created_at']}: {len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values())} rows, {len(manifest['files'])} files; "
            "every count and checksum matches the manifest."
        )
        if result.migrations_to_apply:
            self.stdout.write(
                f"This release has {len(result.migrations_to_apply)} migrations the backup "
                "lacks: run manage.py migrate."
            )
