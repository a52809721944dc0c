"""The one JSON-in / JSON-out entry point that the command line, the browser and the build hooks call."""

from __future__ import annotations

import importlib
import json
import re
import time
from collections.abc import Generator
from types import ModuleType
from typing import Any

from functools import lru_cache

from . import _spec, registry

__all__: list[str] = []  # internal module; the public names are re-exported by calculators/__init__.py


def _presets() -> ModuleType:
    # Imported when first needed: the browser page has its presets already.
    return importlib.import_module("._presets", __package__)


#: Largest JSON text accepted by :func:`run_json_text` (characters). Real
#: inputs are a few kilobytes; the limit keeps a mistaken paste fast to reject.
MAX_INPUT_CHARS = 1_000_000

#: Deepest nesting of ``[`` and ``{`` accepted by :func:`run_json_text`. The
#: deepest real input is four levels (``{"teams": [{"cases": {...}}]}``);
#: the limit is checked before ``json.loads``, whose recursion overflows the
#: WebAssembly stack in the browser (a fatal Pyodide error) long before
#: CPython's recursion limit is reached.
MAX_DEPTH = 32

# A JSON string (or an unterminated one, to the end, so no text is scanned
# twice), or a run of anything but brackets and quotes.
_NOT_STRUCTURE = re.compile(r'"[^"\\]*(?:\\.?[^"\\]*)*(?:"|$)|[^\[\]{}"]+')


def _too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON ``text`` nests brackets or braces more than ``limit`` deep (strings skipped)."""
    depth = 0
    for char in _NOT_STRUCTURE.sub("", text):
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


_DEEP = f"is nested too deeply to read (more than {MAX_DEPTH} levels of [ and {{); check its structure against the template or the calculator's input."


class JSONProblem(ValueError):
    """JSON text that :func:`read_json` refuses; ``str(problem)`` is a sentence for the reader."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused if it gives a key twice (``json.loads`` would silently keep the last)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise JSONProblem(f"gives the key {twice[:40]!r} twice in one object; keep one of them (otherwise the last would silently win).")
    return out


def read_json(text: str) -> Any:
    """JSON ``text`` read with the checks every reader of JSON shares: links, input files, profiles, scenarios.

    Raises :class:`JSONProblem` (a sentence fragment to follow "The input" or
    "The profile") for text nested more than :data:`MAX_DEPTH` deep (checked
    before ``json.loads``, whose recursion would kill the browser's Python), a key
    given twice in one object, a number too long to read, or text that is not JSON.
    """
    if _too_deep(text):
        raise JSONProblem(_DEEP)
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise JSONProblem(f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    except RecursionError:
        raise JSONProblem(_DEEP) from None
    except JSONProblem:
        raise
    except ValueError:
        # Python refuses to read a whole number of more than 4,300 digits.
        raise JSONProblem("holds a number with thousands of digits, too long to read; no field takes a number that large.") from None


def _failure(name: object, path: str, message: str) -> dict[str, Any]:
    return {"ok": False, "calculator": name if isinstance(name, str) else repr(name), "errors": [{"path": path, "message": message}]}


def list_calculators() -> dict[str, list[str]]:
    """Calculator names and their preset names: ``{"placement-cost": [...], "caseload": [...]}``."""
    return {name: _presets().names(name) for name in registry.names()}


def calculator_titles() -> dict[str, str]:
    """Calculator names and their titles, in registry order."""
    return {calc.name: calc.title for calc in registry.calculators()}


def default_input(name: str) -> dict[str, Any]:
    """The input a calculator opens with (its default preset, with the record that its figures are the preset's)."""
    return preset_input(name, registry.get(name).default_preset)


def check_presets() -> list[str]:
    """Every problem in the presets (file, line, field and reason); empty when all are valid. Used by the site's build."""
    return _presets().check_all()


def presentation(name: str) -> dict[str, Any]:
    """How calculator ``name``'s page shows it: ``{"form": {...}, "chart": {...} or None}`` (:mod:`calculators.presentation`)."""
    from .presentation import as_json

    return as_json(registry.get(name).presentation)


def check_presentations() -> list[str]:
    """Every problem in the calculators' declared records, each naming the calculator; empty when all fit. Used by the site's build.

    The input paths a presentation names are checked when the registry loads a
    calculator (``registry.InvalidCalculator``); its headline figures and its
    chart's table and columns here, against the results of every preset.
    """
    from .presentation import result_problems

    problems: list[str] = []
    for name in registry.names():
        try:
            calc = registry.get(name)
        except registry.InvalidCalculator as exc:
            problems += [f"{name}: {problem}" for problem in exc.problems]
            continue
        results = [run_json(name, preset_input(name, preset), drivers=False) for preset in list_calculators()[name]]
        problems += [f"{name}: {problem}" for problem in result_problems(calc.presentation, [r["result"] for r in results if r["ok"]])]
    return problems


def service_links(presets: dict[str, str], title: str, capacity: str = "", cost: str = "") -> list[dict[str, Any]]:
    """The calculators a service page opens prefilled, in registry order: ``[{calculator, label, note, input}]``.

    Each calculator that declares a service link (``presentation.ServiceLink``)
    starts from the preset that reproduces the service where ``presets``
    (calculator → preset, from ``data/service_calculators.csv``) names one;
    otherwise from its own input for the service (``title``, ``capacity``,
    ``cost`` as the service page states them), if it makes one.
    """
    out = []
    for calc in registry.calculators():
        link = calc.presentation.service_link
        if link is None:
            continue
        if calc.name in presets:
            out.append({"calculator": calc.name, "label": link.label, "note": link.preset_note, "input": preset_input(calc.name, presets[calc.name])})
        elif link.from_service is not None:
            out.append({"calculator": calc.name, "label": link.label, "note": link.service_note, "input": link.from_service(title, capacity, cost)})
    return out


def preset_input(name: str, preset: str) -> dict[str, Any]:
    """A preset's input as a plain JSON-able dict (the same shape ``--input`` takes).

    It carries the record that its figures are the preset's (``origin``, see
    :mod:`calculators.origins`), so that every result worked out from it, and
    from it changed, says which figures still come from the preset.
    """
    registry.get(name)
    return with_origin(name, preset, _presets().preset_input(name, preset))


def with_origin(name: str, preset: str, payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` (a preset's input) with the record that its figures are the preset's (calculators.origins)."""
    return {**payload, "origin": {"start": "preset", "preset": preset}}


@lru_cache(maxsize=None)
def _full_spec(name: str) -> _spec.Obj:
    return registry.with_shared_parts(registry.get(name).spec)


def full_spec(name: str) -> _spec.Obj:
    """A calculator's input specification with the parts every calculator shares: ``prices`` and ``uncertainty``."""
    return _full_spec(name)


def input_spec(name: str) -> dict[str, Any]:
    """Every input field of a calculator: path pattern, label, type, unit, limits, choices, help.

    Paths use ``[]`` for "any item of a list" and ``*`` for "any key of a
    map" (e.g. ``teams[].cases.*``). ``choices_from`` names the path whose
    values are the allowed choices (e.g. a move's ``from`` must be one of
    ``placements[].id``). These are the same limits that validation enforces.
    """
    calc = registry.get(name)
    from . import prices

    fields = _spec.describe(calc.spec)
    for row in fields:
        # Which inputs are money: one rule (prices.is_money), given to the page with the spec.
        row["money"] = row.get("type") in ("number", "integer") and prices.is_money(_spec.Field("", "", "number", "", unit=row.get("unit")))
    return {
        "calculator": name,
        "title": calc.title,
        "fields": fields,
        # The parts every calculator's input may hold: price years and uncertain inputs.
        "shared_fields": _spec.describe(_spec.Obj("", "", "", full_spec(name).fields[len(calc.spec.fields):])),
        "max_input_chars": MAX_INPUT_CHARS,
        "max_depth": MAX_DEPTH,
    }


def run_json(name: str, payload: object, drivers: bool = True) -> dict[str, Any]:
    """Validate ``payload`` and run calculator ``name``. Never raises.

    Returns ``{"ok": True, "calculator", "input" (normalised, defaults
    filled), "result" (figures plus ``tables`` and ``summary``)}`` or
    ``{"ok": False, "calculator", "errors": [{"path", "message"}, ...]}``
    listing every invalid field found.

    ``drivers=False`` leaves out the sensitivity analysis ("What drives this
    result?": ``result["drivers"]`` is None and its tables are absent). It
    runs the calculator about a hundred more times (at most
    ``sensitivity.MAX_RUNS``), so the page shows the headline figures from a
    first call without it, then the rest.
    """
    from . import sensitivity

    return sensitivity.finish(_run_steps(name, payload, drivers))


def _run_steps(name: str, payload: object, drivers: bool, tables: bool = True) -> Generator[None, None, dict[str, Any]]:
    """:func:`run_json` as a generator that yields after each run of the model in the sensitivity analysis.

    ``tables=False`` (:func:`headline_json_text`) leaves out the tables of
    price restatement and of where each figure comes from.
    """
    if not isinstance(name, str) or name not in registry.names():
        return _failure(name, "calculator", str(registry.UnknownCalculator(name)))
    calc = registry.get(name)
    from . import origins, prices, sensitivity

    try:
        spec = full_spec(name)
        errors = _spec.Errors()
        # Where each figure comes from travels beside the inputs (calculators.origins).
        payload, record = origins.split(payload, errors)
        normal = _spec.validate(spec, payload, errors)
        calc.check(normal, errors)
        prices.check(spec, normal, errors)
        sensitivity.check(spec, normal, errors)
        if errors:
            return {"ok": False, "calculator": name, "errors": errors.as_list()}
        # Inputs that give neither price years nor ranges are echoed as they were.
        if normal.get(prices.KEY) is None:
            normal.pop(prices.KEY, None)
        if not normal.get(sensitivity.KEY):
            normal.pop(sensitivity.KEY, None)
        priced = prices.apply(spec, normal)
        result = calc.present(calc.calculate(calc.build(priced)))
        price_part, price_table = prices.present(spec, normal)
        found = origins.origins(name, spec, normal, record) if record is not None else []
        if drivers:
            # Ranges follow the figure: the reader's own figures carry the reader's ranges only.
            explained = origins.analysed(spec, priced, normal, record, found)
            analysis, drivers_tables = yield from sensitivity.steps(calc, spec, explained, result["summary"], lambda changed: _summary_of(calc, changed))
        else:
            analysis, drivers_tables = None, []
        result["prices"] = price_part
        _at_shown_prices(result, normal)
        result["drivers"] = analysis
        result["tables"] = list(result["tables"]) + drivers_tables + ([price_table] if price_table is not None and tables else [])
        if record is not None:
            # Where each figure comes from: the headline's sentence and a table, in every output.
            result["origin"] = origins.statement(name, normal, record, found)
            if tables:
                result["tables"].append(origins.table(spec, normal, found))
            normal[origins.KEY] = record
        return {"ok": True, "calculator": name, "input": normal, "result": result}
    except RecursionError:
        return _failure(name, "", "The input is nested too deeply to read; check its structure against the calculator's input.")
    except Exception as exc:  # noqa: BLE001 — the entry point must never raise to a user
        return _failure(name, "", f"Internal error ({type(exc).__name__}: {exc}). The input passed validation but could not be calculated; please report it with the input.")


def _at_shown_prices(result: dict[str, Any], normal: dict[str, Any]) -> None:
    """Figures handed to another calculator (``open_in``) carry the price year they are shown at.

    The result's money is at ``prices.show_in`` when one is chosen, so the other
    calculator must read it as entered at that year, or it would restate it as
    if it were at its own prices.
    """
    from . import prices

    shown_in = (normal.get(prices.KEY) or {}).get("show_in")
    if shown_in:
        for link in result.get("open_in", ()):
            link["input"]["prices"] = {"entered_in": shown_in, "show_in": shown_in}


def _summary_of(calc: registry.Calculator, data: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The summary of a changed (already valid in form) input, or None if the calculator's own checks refuse it."""
    errors = _spec.Errors()
    calc.check(data, errors)
    if errors:
        return None
    result = calc.calculate(calc.build(data))
    return calc.summarise(result) if calc.summarise is not None else calc.present(result)["summary"]


def run_json_text(name: str, text: str, drivers: bool = True) -> str:
    """:func:`run_json` with JSON text in and JSON text out (used by the browser). Never raises."""
    from . import sensitivity

    return sensitivity.finish(_text_steps(name, text, drivers))


def headline_json_text(name: str, text: str) -> str:
    """The page's first answer to an input: :func:`run_json_text` without the
    sensitivity analysis and without the tables of restated prices and of where
    each figure comes from (the tables the calculator itself lays out stay).

    The page shows its headline figures and the sentence on where they come
    from at once, from this; the full answer (:class:`Job`) follows with
    everything else. The table of origins is the largest part of a shared
    link's first run, so the link's first figures come sooner without it.
    """
    from . import sensitivity

    return sensitivity.finish(_text_steps(name, text, False, tables=False))


class Job:
    """One calculation worked a slice at a time: the browser's worker calls :meth:`step` until it answers.

    Between slices the worker answers other messages (the headline of a newer
    edit comes first) and drops a job that a newer edit has made pointless.
    The answer is exactly :func:`run_json_text`'s.
    """

    def __init__(self, name: str, text: str, drivers: bool = True) -> None:
        self._work = _text_steps(name, text, bool(drivers))
        self.started = time.perf_counter()

    def step(self, ms: float = 50.0) -> str | None:
        """Work for about ``ms`` milliseconds (at least one run of the model); the JSON text answer once done, else None."""
        end = time.perf_counter() + ms / 1000
        while True:
            try:
                next(self._work)
            except StopIteration as done:
                return done.value
            if time.perf_counter() >= end:
                return None

    def close(self) -> None:
        """Abandon the calculation."""
        self._work.close()


def start_json_text(name: str, text: str, drivers: bool = True) -> Job:
    """A :class:`Job` for :func:`run_json_text` (used by the browser's worker)."""
    return Job(name, text, drivers)


def _text_steps(name: str, text: str, drivers: bool, tables: bool = True) -> Generator[None, None, str]:
    if not isinstance(text, str):
        response = {"ok": False, "calculator": str(name), "errors": [{"path": "", "message": "The input must be JSON text."}]}
    elif len(text) > MAX_INPUT_CHARS:
        response = {
            "ok": False,
            "calculator": str(name),
            "errors": [{"path": "", "message": f"The input is {len(text):,} characters long; the limit is {MAX_INPUT_CHARS:,} characters (about 1 MB). Real inputs are a few kilobytes: check that the right file was given."}],
        }
    else:
        try:
            payload = read_json(text)
        except JSONProblem as problem:
            response = {"ok": False, "calculator": str(name), "errors": [{"path": "", "message": f"The input {problem}"}]}
        else:
            response = yield from _run_steps(name, payload, bool(drivers), tables)
    return json.dumps(response, ensure_ascii=False, allow_nan=False)
