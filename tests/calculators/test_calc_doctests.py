"""Every calculator is a package by role, and its formulas are documented and their examples run.

Each registered calculator is a package: ``model`` (typed input and result,
the formulas), ``spec`` (the inputs and their checks) and ``present``
(tables, headline figures, the page's layout). Every public function of its
``model`` has a numpy-style docstring (Parameters, Returns, Examples with at
least one ``>>>`` example; the equation in Notes or the summary), and every
example in every module of the package runs here, as ``python -m doctest``
would (a few milliseconds each).
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import types
from pathlib import Path

import pytest

from calculators import registry

ROLES = ("model", "spec", "present")
SECTIONS = ("Parameters\n----------", "Returns\n-------", "Examples\n--------")


def package_modules(package: str) -> list[str]:
    """The dotted names of every module of a calculator's package, its ``__init__`` first."""
    folder = Path(importlib.import_module(package).__file__).parent
    return [package] + [f"{package}.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__"]


def docstring_problems(module: types.ModuleType) -> list[str]:
    """Each public function of ``module`` (its ``__all__``) whose docstring lacks a numpy-style section or an example."""
    problems = []
    for name in getattr(module, "__all__", ()):
        function = getattr(module, name)
        if not inspect.isfunction(function):
            continue
        doc = inspect.cleandoc(function.__doc__ or "")
        missing = [section.split("\n")[0] for section in SECTIONS if section not in doc]
        if ">>>" not in doc:
            missing.append("an example (>>>)")
        if missing:
            problems.append(f"{module.__name__}.{name}: no {', '.join(missing)}")
    return problems


@pytest.mark.parametrize("package", registry.MODULES)
def test_every_calculator_is_a_package_by_role(package: str) -> None:
    module = importlib.import_module(package)
    assert Path(module.__file__).name == "__init__.py", f"{package} is a single module; make it a package with {', '.join(ROLES)}"
    for role in ROLES:
        assert f"{package}.{role}" in package_modules(package), f"{package} has no {role}.py"


@pytest.mark.parametrize("package", registry.MODULES)
def test_every_public_formula_has_a_numpy_style_docstring(package: str) -> None:
    model = importlib.import_module(f"{package}.model")
    public = getattr(model, "__all__", [])
    assert [n for n in public if inspect.isfunction(getattr(model, n))], f"{package}.model names no function in __all__ (its public formulas)"
    assert docstring_problems(model) == []


@pytest.mark.parametrize("package", registry.MODULES)
def test_every_example_in_a_calculator_package_runs(package: str) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    finder = doctest.DocTestFinder()
    tried = {}
    for name in package_modules(package):
        module = importlib.import_module(name)
        before = runner.tries
        for test in finder.find(module, name, globs=dict(vars(module))):
            runner.run(test)
        tried[name] = runner.tries - before
    assert runner.failures == 0, f"{package}: {runner.failures} example(s) failed (see the output above)"
    assert tried[f"{package}.model"] >= 3, f"{package}.model has only {tried[f'{package}.model']} examples"


def test_a_missing_section_is_named() -> None:
    """The check can fail: a public function with a one-line docstring is named with every section it lacks."""
    fake = types.ModuleType("fake")

    def rate(x: float) -> float:
        """One line only."""
        return x

    def documented(x: float) -> float:
        """Twice ``x``.

        Parameters
        ----------
        x : float

        Returns
        -------
        float

        Examples
        --------
        >>> documented(2)
        4
        """
        return 2 * x

    fake.rate, fake.documented, fake.__all__ = rate, documented, ["rate", "documented"]
    assert docstring_problems(fake) == ["fake.rate: no Parameters, Returns, Examples, an example (>>>)"]


def test_the_package_docstring_example_runs() -> None:
    """The example at the top of ``calculators`` (the first thing a reader of the code sees) runs as written."""
    import calculators

    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in doctest.DocTestFinder(recurse=False).find(calculators, "calculators", globs=dict(vars(calculators))):
        runner.run(test)
    assert runner.tries >= 3, "the package docstring lost its example"
    assert runner.failures == 0
