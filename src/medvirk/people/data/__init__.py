"""Reference data for representatives: the competence taxonomy and known courses."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.db import transaction

from medvirk.people.models import CompetenceArea, Course

DATA_DIR = Path(__file__).resolve().parent


def _rows(name: str) -> list[dict[str, str]]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def load_people_reference_data() -> None:
    """Create or update the bundled competence areas and courses (idempotent)."""
    with transaction.atomic():
        for position, row in enumerate(_rows("competence_areas.csv")):
            CompetenceArea.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    "category": row["category"],
                    "name_nb": row["name_nb"],
                    "name_nn": row["name_nn"],
                    "name_en": row["name_en"],
                    "position": position,
                },
            )
        for position, row in enumerate(_rows("courses.csv")):
            Course.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    "is_basic_course": row["is_basic_course"].strip().lower() == "true",
                    "name_nb": row["name_nb"],
                    "name_nn": row["name_nn"],
                    "name_en": row["name_en"],
                    "position": position,
                },
            )
