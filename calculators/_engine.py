"""The one JSON-in / JSON-out entry point that the command line, the browser and the build hooks call."""

from __future__ import annotations

import importlib
import json
from types import ModuleType
from typing import Any

from . import _spec

__all__: list[str] = []  # internal module; the public names are re-exported by calculators/__init__.py

# Each calculator's module, imported when first used: in the browser, Python
# compiles every module it imports from source, so a page loads only its own
# calculator (and no presets: the page has them already).
_MODULES = {"placement-cost": "placement_cost", "caseload": "caseload"}


def _load(name: str) -> ModuleType:
    return importlib.import_module(f".{_MODULES[name]}", __package__)


def _presets() -> ModuleType:
    return importlib.import_module("._presets", __package__)


_TITLES = {
    "placement-cost": "Placement cost (balance of care)",
    "caseload": "Social worker caseload",
}
#: Largest JSON text accepted by :func:`run_json_text` (characters). Real
#: inputs are a few kilobytes; the limit keeps a mistaken paste fast to reject.
MAX_INPUT_CHARS = 1_000_000


def _unknown(name: object) -> dict[str, Any]:
    return {
        "ok": False,
        "calculator": name if isinstance(name, str) else repr(name),
        "errors": [{"path": "calculator", "message": f"There is no calculator called {name!r}; choose one of: {', '.join(_MODULES)}."}],
    }


def _module(name: str) -> Any:
    if name not in _MODULES:
        raise ValueError(f"unknown calculator {name!r}; choose one of: {', '.join(_MODULES)}")
    return _load(name)


def list_calculators() -> dict[str, list[str]]:
    """Calculator names and their preset names: ``{"placement-cost": [...], "caseload": [...]}``."""
    return {name: _presets().names(name) for name in _MODULES}


def default_input(name: str) -> dict[str, Any]:
    """The input a calculator opens with (its default preset), as a plain JSON-able dict."""
    _module(name)
    presets = _presets()
    return presets.preset_input(name, presets.DEFAULT_PRESET[name])


def preset_input(name: str, preset: str) -> dict[str, Any]:
    """A preset's input as a plain JSON-able dict (the same shape ``--input`` takes)."""
    _module(name)
    return _presets().preset_input(name, preset)


def input_spec(name: str) -> dict[str, Any]:
    """Every input field of a calculator: path pattern, label, type, unit, limits, choices, help.

    Paths use ``[]`` for "any item of a list" and ``*`` for "any key of a
    map" (e.g. ``teams[].cases.*``). ``choices_from`` names the path whose
    values are the allowed choices (e.g. a move's ``from`` must be one of
    ``placements[].id``). These are the same limits that validation enforces.
    """
    module = _module(name)
    return {
        "calculator": name,
        "title": _TITLES[name],
        "fields": _spec.describe(module.SPEC),
        "max_input_chars": MAX_INPUT_CHARS,
    }


def run_json(name: str, payload: object) -> dict[str, Any]:
    """Validate ``payload`` and run calculator ``name``. Never raises.

    Returns ``{"ok": True, "calculator", "input" (normalised, defaults
    filled), "result" (figures plus ``tables`` and ``summary``)}`` or
    ``{"ok": False, "calculator", "errors": [{"path", "message"}, ...]}``
    listing every invalid field found.
    """
    if not isinstance(name, str) or name not in _MODULES:
        return _unknown(name)
    module = _load(name)
    try:
        errors = _spec.Errors()
        normal = _spec.validate(module.SPEC, payload, errors)
        module._check(normal, errors)
        if errors:
            return {"ok": False, "calculator": name, "errors": errors.as_list()}
        result = module.calculate(module._from_dict(normal))
        return {"ok": True, "calculator": name, "input": normal, "result": module._to_json(result)}
    except RecursionError:
        return {"ok": False, "calculator": name, "errors": [{"path": "", "message": "The input is nested too deeply to read; check its structure against the calculator's input."}]}
    except Exception as exc:  # noqa: BLE001 — the entry point must never raise to a user
        return {
            "ok": False,
            "calculator": name,
            "errors": [{"path": "", "message": f"Internal error ({type(exc).__name__}: {exc}). The input passed validation but could not be calculated; please report it with the input."}],
        }


def run_json_text(name: str, text: str) -> str:
    """:func:`run_json` with JSON text in and JSON text out (used by the browser). Never raises."""
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
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            response = {"ok": False, "calculator": str(name), "errors": [{"path": "", "message": f"The input is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."}]}
        except RecursionError:
            response = {"ok": False, "calculator": str(name), "errors": [{"path": "", "message": "The input is nested too deeply to read."}]}
        else:
            response = run_json(name, payload)
    return json.dumps(response, ensure_ascii=False, allow_nan=False)
