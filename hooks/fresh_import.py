"""The calculators package imported anew from this checkout when it has changed, for the hooks that call it.

Under ``mkdocs serve`` an edit to ``calculators/`` or ``data/`` must show on
the next rebuild, so when any of their files has changed since the last
import, the package's modules are dropped from ``sys.modules`` and imported
again. Within one build every hook gets the same copy: two copies would hold
two sets of classes that do not recognise each other's objects.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["ROOT", "fresh_calculators"]

_loaded: dict[str, object] = {}


def _stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file the package reads or is made of."""
    files = sorted([*(ROOT / "calculators").rglob("*.py"), *(ROOT / "data").glob("*")])
    return tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.is_file())


def fresh_calculators() -> ModuleType:
    """``calculators`` from this checkout: imported again only if a file of it (or of ``data/``) changed."""
    stamp = _stamp()
    module = sys.modules.get("calculators")
    if module is not None and _loaded.get("stamp") == stamp and _loaded.get("module") is module:
        return module
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for name in [m for m in sys.modules if m == "calculators" or m.startswith("calculators.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    module = importlib.import_module("calculators")
    _loaded.update(stamp=stamp, module=module)
    return module
