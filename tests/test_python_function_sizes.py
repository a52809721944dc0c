"""Small Python functions: no function or method in calculators/ or the build hooks over 80 lines.

The Python side of tests/test_script_sizes.py. A function is measured with
``ast`` from its first line (its first decorator, if any) to its last,
docstring and comments included, as the page scripts are. A function that
grows past this is split by role, as the calculators are (model, spec, present).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted([*(ROOT / "calculators").rglob("*.py"), *(ROOT / "hooks").rglob("*.py")])
MAX_FUNCTION_LINES = 80


def long_functions(source: str) -> list[tuple[str, int]]:
    """Each function or method in ``source`` longer than MAX_FUNCTION_LINES: (qualified name, lines)."""
    out = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                    if (lines := child.end_lineno - first + 1) > MAX_FUNCTION_LINES:
                        out.append((name, lines))
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return out


def test_there_are_modules() -> None:
    assert len(MODULES) > 30, [p.name for p in MODULES]


def test_no_python_function_is_over_80_lines() -> None:
    over = [f"{p.relative_to(ROOT).as_posix()}:{name}:{n} lines" for p in MODULES for name, n in long_functions(p.read_text(encoding="utf-8"))]
    assert over == [], "split these by role: " + "; ".join(over)


def test_the_measure_finds_a_long_function() -> None:
    """The check can fail: a method, a nested function and a decorated function past the limit are each named with their length."""
    body = "\n".join(f"        step{i}()" for i in range(MAX_FUNCTION_LINES))
    source = f"class A:\n    @property\n    def draw(self):\n{body}\n\n    def short(self):\n        return 1\n"
    assert long_functions(source) == [("A.draw", MAX_FUNCTION_LINES + 2)]
    nested = "def outer():\n    def inner():\n" + "\n".join(f"        x{i} = {i}" for i in range(MAX_FUNCTION_LINES)) + "\n    return inner\n"
    assert long_functions(nested) == [("outer", MAX_FUNCTION_LINES + 3), ("outer.inner", MAX_FUNCTION_LINES + 1)]
    assert long_functions("def short():\n    return 1\n") == []
