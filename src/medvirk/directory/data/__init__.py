from pathlib import Path

from medvirk.directory.domain.taxonomy import import_regions, import_target_groups

DATA_DIR = Path(__file__).resolve().parent


def load_reference_data() -> None:
    """The bundled region table and target-group taxonomy (idempotent)."""
    import_regions((DATA_DIR / "regions.csv").read_text(encoding="utf-8"))
    import_target_groups((DATA_DIR / "target_groups.csv").read_text(encoding="utf-8"))
