"""The calculators package imported anew from this checkout, for hooks that call it.

Under ``mkdocs serve`` an edit to ``calculators/`` or ``data/`` must show on
the next rebuild, so the package's modules are dropped from ``sys.modules``
and imported again.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["ROOT", "fresh_calculators"]


def fresh_calculators() -> ModuleType:
    """Import ``calculators`` from this checkout, anew."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for name in [m for m in sys.modules if m == "calculators" or m.startswith("calculators.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    return importlib.import_module("calculators")
