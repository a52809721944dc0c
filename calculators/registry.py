"""The one list of calculators, and the record each calculator package declares.

A calculator is a package of this package (``model``, ``spec`` and
``present`` by role; see ``placement_cost/``) whose ``__init__`` exports
``CALCULATOR``, a
:class:`Calculator` record: its name, title, input specification, cross-field
checks, typed input, formulas, result layout and default preset. Everything
else — the JSON entry point, the presets, the command line, the pandas
adapter, the site's build hooks (the navigation among them) and the web form
— reads this registry, so a new calculator is its package (or a single module), its rows
in ``data/preset_inputs.csv`` and its page in ``docs/calculators/``: no list
is edited.

A calculator is found, not listed: every module or package of ``calculators/``
whose source (``name.py`` or ``name/__init__.py``) has a top-level line
``CALCULATOR_ORDER = <number>`` is one, placed in the order of those numbers
(:data:`MODULES`). The line is read as text, not imported: a page loads only
its own calculator's modules. A module that exports ``CALCULATOR`` without the line is
caught by the tests (tests/calculators/test_calc_registry.py).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _spec
from ._spec import Errors, Obj
from .presentation import Presentation, spec_problems

__all__ = ["Calculator", "KeyFigure", "MODULES", "SCENARIO_FIELDS", "UnknownCalculator", "InvalidCalculator", "names", "get", "calculators", "discover"]

#: The line that makes a module or package a calculator, and places it.
_ORDER_LINE = re.compile(r"^CALCULATOR_ORDER\s*=\s*(\d+)\s*(?:#.*)?$", re.M)


def discover(package_dir: Path = Path(__file__).resolve().parent, package: str = __package__ or "calculators") -> tuple[str, ...]:
    """The calculator modules under ``package_dir``, in their declared order.

    Reads each top-level module's and package's source as text for
    ``CALCULATOR_ORDER = n`` (no import). Two calculators with the same
    number are an error naming both, so the order never depends on the disk.
    """
    found: dict[int, str] = {}
    for path in sorted(package_dir.iterdir()):
        source = path / "__init__.py" if path.is_dir() else path
        if source.suffix != ".py" or not source.is_file() or path.name.startswith(("_", ".")):
            continue
        text = source.read_text(encoding="utf-8")
        # The line can only start where the name first appears or later: the search starts
        # there (``^`` still needs a line's start), which spares Pyodide a scan of every
        # module's whole text at each start (some 30 ms of the browser's import).
        start = text.find("CALCULATOR_ORDER")
        match = _ORDER_LINE.search(text, start) if start >= 0 else None
        if match is None:
            continue
        module = f"{package}.{path.stem if path.is_file() else path.name}"
        order = int(match.group(1))
        if order in found:
            raise ValueError(f"{found[order]} and {module} both declare CALCULATOR_ORDER = {order}; give each calculator its own number")
        found[order] = module
    return tuple(found[order] for order in sorted(found))


#: Every calculator, by the module that declares it (in the order they are
#: listed to users; :func:`discover`). A calculator's name is its module's
#: last part with ``-`` for ``_``: ``calculators.placement_cost`` is ``placement-cost``.
MODULES: tuple[str, ...] = discover()

#: The fields every calculator's input has, which the page uses by name: the
#: scenario's title and notes (a preset changed by the reader is retitled
#: "Your scenario (based on: …)"). Checked when a calculator is loaded.
SCENARIO_FIELDS: tuple[str, ...] = ("title", "notes")


@dataclass(frozen=True)
class KeyFigure:
    """A headline figure that sensitivity analysis explains (``calculators.sensitivity``).

    ``key`` names an item of the result's ``summary``; ``target`` is the level
    that matters (0: a saving turning into a cost; a planned figure is best
    given as a difference, such as "modelled minus planned"). ``below`` and
    ``above`` say in words what it means for the figure to fall below or rise
    above the target, e.g. "the modelled saving falls short of the planned saving".
    """

    key: str
    below: str
    above: str
    target: float = 0.0


@dataclass(frozen=True)
class Calculator:
    """Everything the rest of the project needs to know about one calculator.

    Attributes
    ----------
    name, title:
        ``placement-cost``; "Placement cost (balance of care)".
    spec:
        The input specification (:mod:`calculators._spec`): validation and the web form.
    check:
        Cross-field rules, ``check(normalised_input, errors)``; adds to ``errors``.
        Must tolerate partial input (it also runs when fields are invalid).
    build:
        The typed input from a valid, normalised dict.
    calculate:
        The formulas: typed input → typed result. Pure; no I/O.
    present:
        The typed result as plain JSON: its figures plus ``tables`` and
        ``summary`` made with :mod:`calculators.tables`.
    default_preset:
        The preset the calculator opens with (in ``data/preset_inputs.csv``).
    key_figures:
        Optional: the headline figures that "What drives this result?" explains,
        first the one its tornado chart shows (:class:`KeyFigure`). Without them
        the first money figure of the summary is used.
    summarise:
        Optional: typed result → the ``summary`` alone, the same list that
        ``present`` gives. Sensitivity analysis works a result out many times
        and needs only its headline figures; without it ``present`` is used.
    case_lines:
        Optional: the presented result → what it adds to a business case
        (costs and savings by year, people, appraisal figures), in the shape
        :mod:`calculators._contribution` describes. Each calculator says what
        its own figures mean; the business case adds them up.
    presentation:
        How its page shows it: the form's layout, headline figures and chart
        (:mod:`calculators.presentation`). Its input paths are checked when the
        calculator is loaded; its tables and figures when the site is built.
    """

    name: str
    title: str
    spec: Obj
    check: Callable[[dict[str, Any], Errors], None]
    build: Callable[[dict[str, Any]], Any]
    calculate: Callable[[Any], Any]
    present: Callable[[Any], dict[str, Any]]
    default_preset: str
    key_figures: tuple[KeyFigure, ...] = ()
    summarise: Callable[[Any], list[dict[str, Any]]] | None = None
    case_lines: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    presentation: Presentation = Presentation()

    @property
    def short_title(self) -> str:
        """Its name where calculators are listed (the site's navigation, the calculators index): the title without its bracketed explanation.

        "Placement cost (balance of care)" is listed as "Placement cost".
        """
        return self.title.split(" (", 1)[0]


class InvalidCalculator(ValueError):
    """Raised by :func:`get` for a calculator whose record does not fit its own input spec."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.name = name
        self.problems = problems
        super().__init__(f"Calculator {name!r} is declared wrongly: " + "; ".join(problems))


class UnknownCalculator(ValueError):
    """Raised by :func:`get` for a name that is not in the registry."""

    def __init__(self, name: object) -> None:
        self.name = name
        super().__init__(f"There is no calculator called {name!r}; choose one of: {', '.join(names())}.")


def _name_of(module: str) -> str:
    return module.rsplit(".", 1)[-1].replace("_", "-")


def names() -> list[str]:
    """Every calculator's name, without importing any of them."""
    return [_name_of(module) for module in MODULES]


def get(name: object) -> Calculator:
    """The record of calculator ``name`` (its module is imported on first use).

    Raises :class:`UnknownCalculator` for a name not in the registry, and
    ``TypeError`` if the module's record does not match its place in it.
    """
    for module in MODULES:
        if _name_of(module) == name:
            record = importlib.import_module(module).CALCULATOR
            # Checked by name, not isinstance: a build hook that re-imports the
            # package (mkdocs serve) may hold records made by either copy.
            if getattr(record, "name", None) != name:
                raise TypeError(f"{module}.CALCULATOR must be a Calculator named {name!r}")
            if id(record) not in _checked:
                problems = record_problems(record)
                if problems:
                    raise InvalidCalculator(name, problems)
                _checked.add(id(record))
            return record
    raise UnknownCalculator(name)


_checked: set[int] = set()


def record_problems(record: Calculator) -> list[str]:
    """What in a calculator's record does not fit its input spec: the scenario
    fields every page uses (:data:`SCENARIO_FIELDS`), and every input path its
    presentation names. Reads no data; the presentation's result names are
    checked at build time (``presentation.result_problems``)."""
    top = [child.key for child in record.spec.fields]
    problems = [f"its input has no {key!r} field (every calculator's input has {' and '.join(SCENARIO_FIELDS)})" for key in SCENARIO_FIELDS if key not in top]
    return problems + spec_problems(record.presentation, _spec.patterns(with_shared_parts(record.spec)), top)


def with_shared_parts(spec: Obj) -> Obj:
    """A calculator's input spec with the parts every calculator's input may hold: ``prices`` and ``uncertainty``."""
    from . import prices, sensitivity

    return Obj(spec.key, spec.label, spec.help, spec.fields + (prices.SPEC, sensitivity.SPEC), spec.required, spec.nullable)


def calculators() -> list[Calculator]:
    """Every calculator's record, in registry order (imports them all)."""
    return [get(name) for name in names()]
