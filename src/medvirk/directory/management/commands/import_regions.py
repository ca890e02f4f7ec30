from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from medvirk.directory.domain.taxonomy import import_regions

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "regions.csv"


class Command(BaseCommand):
    help = "Import fylker and kommuner from a semicolon-separated CSV (code;name;kind;parent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT))

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        created, updated = import_regions(Path(path).read_text(encoding="utf-8-sig"))
        self.stdout.write(f"Regions: {created} created, {updated} updated.")
