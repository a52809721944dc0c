"""Calculators for transforming children's social care, and the business case that composes them.

Standard library only; nothing is read at import. The same code runs under
CPython 3.11+ (command line ``python -m calculators``) and in the browser
under Pyodide. Every caller — the command line, the web page and the site's
build hooks — goes through one JSON-in / JSON-out entry point::

    >>> import calculators
    >>> list(calculators.list_calculators())[:2]
    ['placement-cost', 'caseload']
    >>> response = calculators.run_json("placement-cost", calculators.default_input("placement-cost"))
    >>> response["ok"]
    True

The results as a CSV file (the page's download and ``--format csv`` alike)
come from :func:`results_csv` (:mod:`calculators.csv_files`, which also has
the JSON-text calls the page's worker makes).

``run_json`` never raises for bad input: it returns ``{"ok": False,
"errors": [{"path", "message"}, ...]}`` listing every invalid field.

Where things are: :mod:`calculators.registry` lists the calculators, each a
package (``model``, ``spec``, ``present``) that declares one :class:`~calculators.registry.Calculator` record
(typed inputs and results as frozen dataclasses, the formulas, the result
layout), such as :mod:`calculators.placement_cost`; :mod:`calculators.tables`
declares result columns and formats every number shown; figures come from
the CSV files in ``data/``.
"""

from __future__ import annotations

from typing import Any

from ._engine import (
    MAX_INPUT_CHARS,
    calculator_titles,
    check_presentations,
    check_presets,
    default_input,
    input_spec,
    list_calculators,
    preset_input,
    presentation,
    run_json,
    run_json_text,
    service_links,
    with_origin,
)

__all__ = [
    "MAX_INPUT_CHARS",
    "calculator_titles",
    "check_presentations",
    "check_presets",
    "default_input",
    "input_spec",
    "list_calculators",
    "preset_input",
    "presentation",
    "results_csv",
    "run_json",
    "run_json_text",
    "service_links",
    "with_origin",
]


def results_csv(response: dict[str, Any], when: str) -> str:
    """The results file (CSV text) of a successful :func:`run_json` response, worked out at ``when`` (local, ``2026-12-06T22:17``).

    The same text for the same response and time as the page's "Download
    results (CSV)"; see :mod:`calculators.csv_files` for its layout.
    """
    from .csv_files import results_csv as write  # imported when first used: a page that never downloads loads none of it

    return write(response, when)
