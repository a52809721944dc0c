"""The data files' calculator names checked against the registry (a hook).

The data files whose ``calculator`` column names a calculator are checked
before any page is rendered (``on_config``): in
``data/national_defaults.csv`` a registered calculator or ``all``; in
``data/service_calculators.csv`` a calculator that declares a link from
service pages (``presentation.ServiceLink``), with one of its presets. A bad
row stops the build with the file, the line and the reason, as
``data_check.py`` does for the schemas, which list no calculator names (a
new calculator needs no edit to them). The presets' own file is checked by
``preset_check.py``.
"""

from __future__ import annotations

import csv
import importlib
import io
from pathlib import Path

from fresh_import import ROOT, fresh_calculators
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """A CSV file's rows with the line each starts on (as an editor numbers them)."""
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    out, line = [], 2
    for row in reader:
        out.append((line, row))
        line = reader.line_num + 1
    return out


def calculator_column_problems(data_dir: Path, names: list[str], linked: dict[str, list[str]]) -> list[str]:
    """Rows of the data files that name a calculator the registry does not have, or one that cannot be used there.

    ``names``: every registered calculator; ``linked``: the calculators that
    declare a link from service pages, each with its presets.
    """
    problems = []
    where = "data/national_defaults.csv"
    for line, row in _rows(data_dir / "national_defaults.csv"):
        if row["calculator"] not in (*names, "all"):
            problems.append(f"{where} line {line}: there is no calculator called {row['calculator']!r}; choose one of: {', '.join(names)}, or all")
    where = "data/service_calculators.csv"
    for line, row in _rows(data_dir / "service_calculators.csv"):
        name = row["calculator"]
        if name not in linked:
            reason = "is not a registered calculator" if name not in names else "declares no link from service pages"
            problems.append(f"{where} line {line}: calculator {name!r} {reason}; choose one of: {', '.join(linked)}")
        elif row["preset"] not in linked[name]:
            problems.append(f"{where} line {line}: {name} has no preset {row['preset']!r}; its presets: {', '.join(linked[name])}")
    return problems


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    package = fresh_calculators()
    registry = importlib.import_module("calculators.registry")
    presets = package.list_calculators()
    linked = {calc.name: presets[calc.name] for calc in registry.calculators() if calc.presentation.service_link is not None}
    problems = calculator_column_problems(ROOT / "data", registry.names(), linked)
    if problems:
        raise PluginError("Invalid data in data/:\n" + "\n".join(f"  {p}" for p in problems))
    return None

