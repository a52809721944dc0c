"""Results as pandas DataFrames, and batch runs of many scenarios (optional; needs pandas).

pandas is imported inside the functions, so ``import calculators`` never
needs it (the browser does not have it). Install it with the ``analysis``
extra: ``pip install "childrens-services-calculators[analysis]"``.

Every figure still comes from :func:`calculators.run_json`; this module
only reshapes responses.

Batch CSV format
----------------
One row per scenario; the first row holds column names:

``scenario``
    Required. A name for the row, repeated in the output.
``preset``
    Optional. The preset the row starts from; blank means the
    calculator's default input (``calculators list`` shows the presets).
any other column
    An input field path, written as in validation errors — for example
    ``scenario.horizon_years``, ``scenario.moves[0].children``,
    ``placements[1].cost``, ``teams[0].fte``, ``teams[0].cases.all-cases``.
    The cell replaces the preset's value for that row; a blank cell keeps
    the preset's value and the text ``null`` clears an optional field.
    Numbers are read as numbers; anything else is passed on as text (so a
    mistake is reported by validation, with its path).

Example (placement cost)::

    scenario,preset,scenario.moves[0].children,scenario.moves[0].start_month
    seven from April,glasgow-2017-18-to-in-house-foster,7,1
    seven from October,glasgow-2017-18-to-in-house-foster,7,7
    ten from April,glasgow-2017-18-to-in-house-foster,10,1

The result of :func:`run_batch` has one row per scenario: ``scenario``,
``preset``, ``ok``, ``errors`` (``"path: message"`` joined by ``"; "``, empty
when ok) and then one column per headline figure (the result's ``summary``
keys, such as ``total_net_saving`` or ``extra_fte``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Union

from . import _engine, _spec, registry
from . import profile as profile_module
from ._paths import pattern_of, set_value

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["frames", "summary_frame", "run_frames", "run_batch", "ProfileSource"]


def frames(response: dict[str, Any]) -> dict[str, "pd.DataFrame"]:
    """Every table of a successful ``run_json`` response as a DataFrame, keyed by table id.

    Columns are the tables' column keys; ``"summary"`` holds the headline
    figures (key, label, value, unit). Raises ``ValueError`` for a failed response.
    """
    import pandas as pd

    if not response.get("ok"):
        problems = "; ".join(f"{e['path']}: {e['message']}" for e in response.get("errors", []))
        raise ValueError(f"the calculator reported invalid input: {problems}")
    result = response["result"]
    out = {"summary": summary_frame(response)}
    for tab in result["tables"]:
        out[tab["id"]] = pd.DataFrame(tab["rows"], columns=[c["key"] for c in tab["columns"]])
    return out


def summary_frame(response: dict[str, Any]) -> "pd.DataFrame":
    """The headline figures of a successful response: columns key, label, value, unit."""
    import pandas as pd

    return pd.DataFrame(response["result"]["summary"], columns=["key", "label", "value", "unit"])


def run_frames(calculator: str, payload: object, *, profile: "ProfileSource | None" = None) -> dict[str, "pd.DataFrame"]:
    """Run ``calculator`` on ``payload`` through :func:`calculators.run_json` and return :func:`frames`.

    ``profile``: a council profile (a CSV or JSON file's path, its bytes, or a
    :class:`calculators.profile.Profile`) laid over ``payload`` first, exactly
    as the command line's ``--profile`` does. The frames then include
    ``"profile"``: the fields it set (row, field, value, price_year, source,
    note). A profile with problems raises ``ValueError`` naming each row.
    With ``payload`` None the profile is the council's own scenario on its
    own, as ``--profile`` without ``--preset`` (calculators.baseline).
    """
    if profile is None:
        return frames(_engine.run_json(calculator, payload))
    import pandas as pd

    applied = _apply_profile(calculator, payload, profile)
    out = frames(_engine.run_json(calculator, applied["input"]))
    out["profile"] = pd.DataFrame(applied["profile"]["rows"], columns=["row", "field", "value", "price_year", "source", "note"])
    return out


#: What ``profile=`` takes: a file path, the file's bytes, or a profile already read.
ProfileSource = Union[str, "os.PathLike[str]", bytes, "profile_module.Profile"]


def _apply_profile(calculator: str, payload: object, source: "ProfileSource") -> dict[str, Any]:
    if isinstance(source, profile_module.Profile):
        read = source
    elif isinstance(source, bytes):
        read = profile_module.read(source)
    else:
        read = profile_module.read_path(source)
    if payload is None:
        from . import baseline

        applied = baseline.build(read, calculator, read.name)
    else:
        applied = profile_module.apply(read, calculator, payload)
    if not applied["ok"]:
        problems = "; ".join(f"{profile_module.describe_error(e)}: {e['message']}" for e in applied["errors"])
        raise ValueError(f"the profile cannot be used; nothing from it was applied: {problems}")
    return applied


def _cell(calculator: str, path: str, text: str) -> Any:
    """A CSV cell as the type the input spec gives ``path`` (text passes through for validation to report)."""
    if text == "null":
        return None
    try:
        field = _spec.find(_engine.full_spec(calculator), pattern_of(path))
    except KeyError:
        return text
    if field.kind in ("number", "integer"):
        if not text.isascii():  # float() reads "١٠" and "１０"; the page and the profiles do not
            return text
        try:
            value = float(text)
        except ValueError:
            return text
        return int(value) if value.is_integer() else value
    return text


def run_batch(calculator: str, source: "str | pd.DataFrame", *, profile: "ProfileSource | None" = None) -> "pd.DataFrame":
    """Run every row of a batch CSV (a path or a DataFrame of text) and collect one row per scenario.

    See the module docstring for the format. Invalid rows are kept, with
    ``ok`` False and their errors, so one bad row does not stop the batch.
    ``profile``: a council profile (as for :func:`run_frames`) laid over each
    row's preset before the row's own columns, so a column still wins over
    the profile. A profile with problems raises ``ValueError`` before any row runs.
    """
    import pandas as pd

    table = pd.read_csv(source, dtype=str, keep_default_na=False) if isinstance(source, str) else source.astype(str)
    if "scenario" not in table.columns:
        raise ValueError("the batch CSV needs a 'scenario' column naming each row")
    presets = _engine.list_calculators().get(calculator)
    if presets is None:
        raise ValueError(f"unknown calculator {calculator!r}; choose one of: {', '.join(_engine.list_calculators())}")
    paths = [c for c in table.columns if c not in ("scenario", "preset")]
    read = None
    if profile is not None:
        read = profile if isinstance(profile, profile_module.Profile) else None
        if read is None:
            read = profile_module.read(profile) if isinstance(profile, bytes) else profile_module.read_path(profile)
        _apply_profile(calculator, _engine.default_input(calculator), read)  # its problems, before any row
    rows = []
    for record in table.to_dict("records"):
        preset = str(record.get("preset", "") or "").strip()
        row: dict[str, Any] = {"scenario": record["scenario"], "preset": preset}
        if preset and preset not in presets:
            row.update(ok=False, errors=f"preset: there is no preset {preset!r}; choose one of: {', '.join(presets)}")
            rows.append(row)
            continue
        payload = _engine.preset_input(calculator, preset) if preset else _engine.default_input(calculator)
        problems = []
        if read is not None:
            applied = profile_module.apply(read, calculator, payload)
            if applied["ok"]:
                payload = applied["input"]
            else:
                problems += [f"profile {profile_module.describe_error(e)}: {e['message']}" for e in applied["errors"]]
        for path in paths:
            text = str(record[path]).strip()
            if text == "":
                continue
            try:
                set_value(payload, path, _cell(calculator, path, text))
            except ValueError as exc:
                problems.append(f"{path}: cannot set this field ({exc})")
        response = _engine.run_json(calculator, payload) if not problems else {"ok": False, "errors": []}
        problems += [f"{e['path']}: {e['message']}" for e in response.get("errors", [])]
        row["ok"] = bool(response["ok"]) and not problems
        row["errors"] = "; ".join(problems)
        if response["ok"]:
            row.update({item["key"]: item["value"] for item in response["result"]["summary"]})
        rows.append(row)
    return pd.DataFrame(rows)
