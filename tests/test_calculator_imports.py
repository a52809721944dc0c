"""Every standard-library module a registered calculator imports is in the trimmed standard library the site ships.

The site ships Pyodide's python_stdlib.zip cut down to the files listed in
hooks/pyodide_stdlib/files.txt. A calculator importing a module left out
works under CPython and breaks only in the browser; the probe
(tests/test_pyodide_stdlib.py) finds it only if its exercise reaches the
import. Here every ``import`` statement is read from the source (with ``ast``,
those inside functions too), following the package's own imports from each
registered calculator's module (and the packages above it), so a new
calculator's imports are checked without running it.
"""

from __future__ import annotations

import ast
import sys
import zipfile
from pathlib import Path

import pytest

from calculators import registry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from calculator_pages import PYODIDE_SRC, stdlib_files  # noqa: E402

PACKAGE = "calculators"


def _source(module: str) -> Path | None:
    """The file of a module of this repository (``calculators.x`` or the test's example), or None."""
    base = ROOT.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports(module: str, path: Path) -> list[str]:
    """Every module ``path`` (the source of ``module``) imports, as absolute dotted names."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
                # `from . import model`: each name may be a module of the package.
                out += [target] + [f"{target}.{alias.name}" for alias in node.names if _source(f"{target}.{alias.name}")]
            else:
                out.append(node.module or "")
    return out


def outside_imports(module: str) -> dict[str, str]:
    """Modules from outside this repository that ``module`` reaches through the repository's own imports: name → the importing file."""
    parents = [".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)]
    todo, seen, found = [*parents, module], set(), {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _source(name)
        if path is None:
            continue
        for imported in _imports(name, path):
            if imported.split(".")[0] in (PACKAGE, "tests"):
                todo += [".".join(imported.split(".")[:i]) for i in range(1, imported.count(".") + 2)]
            else:
                found.setdefault(imported, path.relative_to(ROOT).as_posix())
    return found


def _zip_names() -> set[str]:
    with zipfile.ZipFile(PYODIDE_SRC / "python_stdlib.zip") as whole:
        return {info.filename for info in whole.infolist()}


def missing_from_trimmed(imports: dict[str, str], shipped: set[str], whole: set[str]) -> list[str]:
    """Each imported module that is not of the standard library, or whose file the trimmed zip leaves out, with why."""
    problems = []
    for name, where in sorted(imports.items()):
        top = name.split(".")[0]
        if top not in sys.stdlib_module_names:
            problems.append(f"{name} (imported in {where}) is not in the standard library")
            continue
        base = name.replace(".", "/")
        files = [f"{base}.py", f"{base}/__init__.py"]
        in_zip = [f for f in files if f in whole]
        # A module with no file in the zip is built into Pyodide (math, itertools, _csv).
        if in_zip and not any(f in shipped for f in in_zip):
            problems.append(f"{name} (imported in {where}): {in_zip[0]} is not in hooks/pyodide_stdlib/files.txt")
    return problems


@pytest.mark.parametrize("module", registry.MODULES)
def test_every_standard_library_module_a_calculator_imports_is_shipped(module: str) -> None:
    imports = outside_imports(module)
    assert "json" in imports or "dataclasses" in imports, imports  # the walk did read the package
    problems = missing_from_trimmed(imports, stdlib_files(), _zip_names())
    assert problems == [], f"{module}: {problems}; run `make stdlib-list` (or keep the calculator to the shipped modules)"


def test_a_module_left_out_of_the_trimmed_list_is_named() -> None:
    """The check can fail: with `csv` taken out of the list, the caseload calculator's import of it is named."""
    imports = outside_imports("calculators.caseload")
    assert "csv" in imports, sorted(imports)  # through calculators._data
    shipped = stdlib_files() - {"csv.py"}
    problems = missing_from_trimmed(imports, shipped, _zip_names())
    assert problems == [f"csv (imported in {imports['csv']}): csv.py is not in hooks/pyodide_stdlib/files.txt"]
    assert missing_from_trimmed({"pandas": "calculators/x.py"}, shipped, _zip_names()) == ["pandas (imported in calculators/x.py) is not in the standard library"]
