"""``manage.py generate_scale --scale 1.0 --seed N``: the national-scale dataset."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from medvirk.scale.generator import DEFAULT_BATCH_SIZE, RefusedError, generate


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--anchor-date {value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Generate a deterministic national-size dataset into the configured database "
        "(see docs/scale-data.md). Refuses a database that already holds organisations "
        "unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = national size")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help="rows buffered before they are written (one transaction per batch)",
        )
        parser.add_argument("--force", action="store_true", help="wipe the generated tables first")
        parser.add_argument(
            "--anchor-date",
            type=_date,
            default=None,
            help="the 'today' the ten years lead up to (default: today); fixes the data for comparisons",
        )
        parser.add_argument(
            "--summary-file",
            type=Path,
            default=None,
            help="where to write the JSON summary (default: var/scale-<scale>.json)",
        )
        parser.add_argument(
            "--no-vacuum",
            action="store_true",
            help="PostgreSQL: only ANALYZE afterwards, no VACUUM",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        try:
            summary = generate(
                scale=scale,
                seed=options["seed"],
                batch_size=options["batch_size"],
                force=options["force"],
                anchor=options["anchor_date"],
                summary_path=options["summary_file"],
                vacuum=not options["no_vacuum"],
                out=self.stdout.write,
            )
        except RefusedError as error:
            raise CommandError(str(error)) from None
        width = max(len(name) for name in summary["rows"])
        self.stdout.write("")
        for name, count in summary["rows"].items():
            self.stdout.write(f"  {name:<{width}}  {count:>12,}")
        self.stdout.write(f"  {'total':<{width}}  {summary['total_rows']:>12,}")
        self.stdout.write("")
        for name, seconds in summary["phases"].items():
            self.stdout.write(f"  {name:<24} {seconds:>8.1f} s")
        ids = summary["ids"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {summary['seconds']:.1f} s. Largest service: "
                f"{ids['largest_service']['name']} (id {ids['largest_service']['id']}, "
                f"{ids['largest_service']['advice']:,} advice). Summary: {summary['summary_file']}"
            )
        )
