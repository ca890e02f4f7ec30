from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from medvirk.ops.backup.archive import create_backup
from medvirk.ops.backup.errors import BackupError


class Command(BaseCommand):
    help = (
        "Write a dated backup of the database and the uploaded files (MEDIA_ROOT) into one "
        "archive, encrypted when MEDVIRK_BACKUP_KEY is set (docs/operations-backup.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="where to write the archive (default: MEDVIRK_BACKUP_DIR)",
        )
        parser.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args: Any, output_dir: Path | None, database: str, **options: Any) -> None:
        try:
            result = create_backup(
                output_dir=output_dir or Path(settings.MEDVIRK_BACKUP_DIR),
                media_root=Path(settings.MEDIA_ROOT),
                keys=list(settings.MEDVIRK_BACKUP_KEYS),
                alias=database,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:  # a full disk, a folder it may not write to
            raise CommandError(f"The backup could not be written: {error}") from None
        manifest = result.manifest
        self.stdout.write(
            f"{result.path}: {len(manifest['tables'])} tables, {result.rows} rows, "
            f"{len(manifest['files'])} files"
            + (", encrypted" if settings.MEDVIRK_BACKUP_KEYS else ", NOT encrypted")
        )
