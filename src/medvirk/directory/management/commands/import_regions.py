from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from medvirk.directory.domain.taxonomy import import_regions

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "regions.csv"


class Command(BaseCommand):
    help = (
        "Import fylker and kommuner from a semicolon-separated CSV: code;name;kind;parent and "
        "optionally sami_name;kven_name;sami_language_area (see directory/data/README.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT))

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            created, updated = import_regions(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, ValidationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Regions: {created} created, {updated} changed.")
