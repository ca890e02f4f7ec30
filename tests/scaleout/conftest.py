"""The scale-out tests: marker registration and a loud note when they could not run."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

PROJECT_DIR = Path(__file__).resolve().parents[2]

# Skip reasons that start with this are printed in a banner at the end of the run:
# the scale-out test must not go missing silently where PostgreSQL answers.
LOUD = "SCALE-OUT NOT TESTED"


def load_scaleout_script() -> ModuleType:
    """scripts/scaleout.py, which is a script, not a package module."""
    name = "medvirk_scaleout_script"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, PROJECT_DIR / "scripts" / "scaleout.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
    return sys.modules[name]
