"""Reading a business case file: every problem named with where it is, nothing the officer wrote lost.

The file is the shared contract between the case page and the command line
(one JSON object: the case's title block, the officer's text, and options
made of calculator scenarios). :func:`read` checks its shape, refuses keys it
does not know, and runs each scenario through its own calculator
(``calculators.run_json``, origin record included, with the sensitivity
analysis), so a scenario that an older build saved and this one no longer
accepts is reported with the option, the scenario's title and the
calculator's own field messages, while the rest of the case still opens.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _spec, prices, registry
from .._engine import JSONProblem, read_json, run_json

__all__ = ["FORMAT", "VERSION", "IMPLICATIONS", "Read", "read", "new"]

FORMAT = "business-case"
VERSION = 1
IMPLICATIONS = ("legal", "equalities", "consultation", "procurement")
_SHORT = ("title", "council", "author", "date", "price_year")
_LONG = ("purpose", "background", "recommendation", "finance_summary")
# "appraisal" is written by the JSON export beside the case and ignored when read: figures are always worked out again.
_TOP = ("format", "version") + _SHORT + _LONG + ("implications", "options", "appraisal")
_OPTION = ("id", "name", "do_nothing", "description", "scenarios")
_SCENARIO = ("calculator", "title", "input", "added")
_SHORT_LIMIT, _LONG_LIMIT = 300, 20_000
MAX_OPTIONS, MAX_SCENARIOS = 27, 20


class Read:
    """What :func:`read` found: the case as given (``case``), hard ``errors``, and each scenario's run.

    ``runs[(i, j)]`` is ``run_json``'s answer for option ``i``'s scenario
    ``j``; ``problems`` lists scenarios that could not be run (the case
    still opens without them).
    """

    def __init__(self) -> None:
        self.case: dict[str, Any] = {}
        self.errors: list[dict[str, str]] = []
        self.problems: list[dict[str, str]] = []
        self.runs: dict[tuple[int, int], dict[str, Any]] = {}

    def error(self, path: str, message: str) -> None:
        self.errors.append({"path": path, "message": message})


def option_id(index: int) -> str:
    """The id of option ``index``: "do-nothing" first, then "A", "B", … ."""
    return "do-nothing" if index == 0 else chr(ord("A") + index - 1)


def new(council: str = "", title: str = "") -> dict[str, Any]:
    """A fresh case: the title block empty but for ``council`` and ``title``, and the do-nothing option alone."""
    return {"format": FORMAT, "version": VERSION, "title": title, "council": council, "author": "", "date": "", "price_year": "",
            "purpose": "", "background": "", "recommendation": "", "finance_summary": "",
            "implications": {key: "" for key in IMPLICATIONS},
            "options": [{"id": "do-nothing", "name": "Do nothing", "do_nothing": True, "description": "", "scenarios": []}]}


def _text(found: Read, value: Any, path: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        found.error(path, "must be text.")
        return ""
    if len(value) > limit:
        found.error(path, f"is {len(value):,} characters long; the limit is {limit:,}.")
    elif not _spec._is_text(value.replace("\n", " ").replace("\t", " ")):
        found.error(path, "holds control characters that cannot be shown; retype it.")
    return value


def _unknown(found: Read, data: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in known:
            found.error(f"{where}.{key}" if where else str(key)[:60],
                        f"is not part of a business case file (it takes: {', '.join(known)}); remove it, or open the file with the build that made it.")


def read(text: str) -> Read:
    """Check the case file ``text`` and run its scenarios; never raises."""
    found = Read()
    if not isinstance(text, str):
        found.error("", "The business case must be JSON text.")
        return found
    try:
        data = read_json(text)
    except JSONProblem as problem:
        found.error("", f"The business case file {problem}")
        return found
    if not isinstance(data, dict):
        found.error("", "The business case file must be one JSON object (it starts with “{”); this is not one.")
        return found
    odd = _not_finite(data)
    if odd is not None:
        found.error(odd, "holds NaN or Infinity, which is not a number JSON can carry; give a figure.")
        return found
    if data.get("format") != FORMAT:
        found.error("format", f"must be “{FORMAT}”: this file is not a business case saved by this site.")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        found.error("version", f"The file was saved by a newer build of this site (business case version {version}); this build reads version {VERSION}. Open it with the newer build.")
    elif version != VERSION:
        found.error("version", f"must be {VERSION} (the version of the business case file).")
    _unknown(found, data, _TOP, "")
    case = {key: _text(found, data.get(key), key, _SHORT_LIMIT) for key in _SHORT}
    case.update({key: _text(found, data.get(key), key, _LONG_LIMIT) for key in _LONG})
    if case["price_year"] and case["price_year"] not in prices.years():
        found.error("price_year", f"“{case['price_year'][:20]}” is not a financial year this site can restate prices to; choose one of {prices.years()[0]} to {prices.years()[-1]}.")
    case["implications"] = _implications(found, data.get("implications"))
    case["options"] = _options(found, data.get("options"))
    found.case = {"format": FORMAT, "version": VERSION, **case}
    if not found.errors:
        _run(found)
    return found


def _not_finite(value: Any, path: str = "") -> str | None:
    """The path of the first NaN or Infinity in ``value`` (Python's JSON reader accepts them; JSON does not), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return path or "(file)"
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _not_finite(item, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else str(key))
        if found is not None:
            return found
    return None


def _implications(found: Read, value: Any) -> dict[str, str]:
    if value is None:
        return {key: "" for key in IMPLICATIONS}
    if not isinstance(value, dict):
        found.error("implications", f"must be a group of texts: {', '.join(IMPLICATIONS)}.")
        return {key: "" for key in IMPLICATIONS}
    _unknown(found, value, IMPLICATIONS, "implications")
    return {key: _text(found, value.get(key), f"implications.{key}", _LONG_LIMIT) for key in IMPLICATIONS}


def _options(found: Read, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        found.error("options", "must be a list of options, the first of them “Do nothing”.")
        return []
    if len(value) > MAX_OPTIONS:
        found.error("options", f"has {len(value)} options; the limit is {MAX_OPTIONS} (do nothing and options A to Z).")
        return []
    out = []
    for i, option in enumerate(value):
        where = f"options[{i}]"
        if not isinstance(option, dict):
            found.error(where, "must be a group (an option's id, name and scenarios).")
            continue
        _unknown(found, option, _OPTION, where)
        if option.get("id") != option_id(i):
            found.error(f"{where}.id", f"must be “{option_id(i)}” (options are do nothing, then A, B, C … in order).")
        if (option.get("do_nothing") is True) != (i == 0):
            found.error(f"{where}.do_nothing", "The first option, and only the first, is the do-nothing option." if i else "The first option must be the do-nothing option (do_nothing: true).")
        name = _text(found, option.get("name"), f"{where}.name", _SHORT_LIMIT)
        if not name.strip():
            found.error(f"{where}.name", "is empty; give the option a name.")
        out.append({"id": option_id(i), "name": name, "do_nothing": i == 0,
                    "description": _text(found, option.get("description"), f"{where}.description", _LONG_LIMIT),
                    "scenarios": _scenarios(found, option.get("scenarios"), where)})
    return out


def _scenarios(found: Read, value: Any, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        found.error(f"{where}.scenarios", "must be a list of scenarios.")
        return []
    if len(value) > MAX_SCENARIOS:
        found.error(f"{where}.scenarios", f"has {len(value)} scenarios; the limit is {MAX_SCENARIOS} an option.")
        return []
    out = []
    for j, scenario in enumerate(value):
        path = f"{where}.scenarios[{j}]"
        if not isinstance(scenario, dict):
            found.error(path, "must be a group: calculator, title and input.")
            continue
        _unknown(found, scenario, _SCENARIO, path)
        if scenario.get("calculator") not in registry.names():
            found.error(f"{path}.calculator", f"must be one of: {', '.join(registry.names())}.")
        if not isinstance(scenario.get("input"), dict):
            found.error(f"{path}.input", "must be the calculator's input (a group of values).")
        kept = {"calculator": scenario.get("calculator"), "title": _text(found, scenario.get("title"), f"{path}.title", _SHORT_LIMIT), "input": scenario.get("input")}
        if scenario.get("added") is not None:
            kept["added"] = _text(found, scenario.get("added"), f"{path}.added", 40)
        out.append(kept)
    return out


def _run(found: Read) -> None:
    """Each scenario through its own calculator; one that fails is a problem, not the end of the case."""
    for i, option in enumerate(found.case["options"]):
        for j, scenario in enumerate(option["scenarios"]):
            response = run_json(scenario["calculator"], scenario["input"], drivers=True)
            if response["ok"]:
                found.runs[(i, j)] = response
                continue
            fields = "; ".join(f"{e['path'] or 'the input'}: {e['message']}" for e in response["errors"])
            found.problems.append({"path": f"options[{i}].scenarios[{j}].input",
                                   "message": f"{option['name']}, scenario “{scenario['title'] or scenario['calculator']}” cannot be used by this build of the "
                                              f"{registry.get(scenario['calculator']).title.split(' (')[0].lower()} calculator and is left out of the figures: {fields}"})
