"""Council profiles: a council's own figures in a small CSV or JSON file, laid over a calculator's input.

A profile names input fields and the values a council wants in them (its
own unit costs, counts, salaries, caseload weights), each with the price
year of a money figure and where the figure comes from. The same file
works on the web page (read in the browser, never sent anywhere), on the
command line (``--profile FILE``) and in the pandas adapter (``profile=``),
with the same checks and the same results, because all three call
:func:`apply`.

CSV format
----------
UTF-8 text (with or without a byte-order mark); the first row names the
columns, in any order:

``calculator`` (required)
    The calculator the row is for (``placement-cost``, ``caseload``, ...).
    One file may hold rows for several calculators; each calculator uses
    its own rows. The word ``profile`` instead names the profile itself:
    a row ``profile,name,,,Anytown 2025/26 budget`` (field ``name``).
``field`` (required)
    An input field path, written as validation errors and the presets
    write it: ``placements[3].cost``, ``salary``, ``teams[0].cases.all-cases``.
    List items are numbered from 0 in the order the template lists them.
``value`` (required)
    The value. Numbers may carry a ``£`` sign, thousands commas
    (``20,800,000``) or a ``%`` sign; text fields take text. A blank value
    leaves the field as the scenario has it.
``price_year`` (optional)
    The price year of a money figure: ``2024`` or the financial year
    ``2024-25`` (also written ``2024/25``); a year alone means the financial
    year that starts in it (``2024`` is 2024-25). Only money fields take one,
    and it must be a year of the deflator series (``data/deflators.csv``).
    Each price year goes into the input's ``prices`` list, so that results
    shown at one price year (``prices.show_in``) restate the figure from it.
``source``, ``note`` (optional)
    Where the figure comes from, and anything a reader should know. Both
    are carried into the result's provenance (the ``profile`` of a response).
``low``, ``high``, ``basis`` (optional)
    The figure's own range and where it comes from: "What drives this
    result?" moves the figure between them (a low or high needs a basis).
``label``, ``unit``, ``allowed`` (optional)
    Written into the template so that a person can read it (``allowed``
    says what the field accepts, with its unit); ignored when the profile
    is read.

On its own (the page's "Use my council's figures", ``--profile`` without
``--preset``) a profile is the council's whole scenario:
:func:`calculators.baseline.build`. Laid over a preset or an input
(:func:`apply`) it changes only the fields it names; over a preset it
also retitles the scenario as the profile's, based on the preset, and
replaces the preset's notes, which describe the preset's own figures,
and takes out what described only the preset's scenario (its comparison,
assumed flow, names and ranges of timing), as the page does.

JSON format
-----------
``{"name": "Anytown 2025/26 budget", "rows": [{"calculator": ..., "field":
..., "value": ..., "price_year": ..., "source": ..., "note": ...}, ...]}``
(or the list of rows alone); row N is the list's Nth item. The template's
``how_to_fill`` (its instructions) is ignored.

Rows that do not fit
--------------------
Every problem is listed with its row number, field and reason, and a
profile with any problem is not applied at all: nothing from it changes
the input. Problems: not UTF-8 text, not CSV or JSON, a missing column, an
unknown calculator or field, text in a number field, a value outside the
field's limits (a negative cost), a malformed price year, a price year on
a field that is not money, no price year on a money field that the preset
it is laid over dates (the preset's year is its own figure's), the same field twice, more than
:data:`MAX_ROWS` rows, or more than :data:`MAX_PROFILE_CHARS` characters.
A profile whose values are each valid but leave the input invalid as a
whole (a move naming a placement id the profile removed) is refused too,
with the errors of the input it would have made.

The template
------------
:func:`template_csv` lists every input field of each calculator with its
label, unit and what it accepts (``allowed``). Its values are not any
preset's figures (they are another council's): a field with a national
default (``data/national_defaults.csv``: the Green Book's discount rate,
England's average caseload) carries it with its source; every other value
is empty, to be filled in with the council's own figure or deleted. A row
left empty is not used, so loading the template unchanged sets only the
national defaults.
"""

from __future__ import annotations

import copy
import csv
import difflib
import io
import json
import math
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

from . import _data, _engine, _spec, prices, registry
from ._paths import parse, pattern_of, set_value

__all__ = [
    "MAX_PROFILE_BYTES",
    "MAX_PROFILE_CHARS",
    "MAX_ROWS",
    "COLUMNS",
    "describe_error",
    "Profile",
    "ProfileRow",
    "provenance",
    "read",
    "read_limited",
    "read_path",
    "too_big",
    "apply",
    "run",
    "template_rows",
    "template_csv",
    "template_json",
    "apply_text",
    "template_text",
]

#: Largest profile accepted, in characters (about 1 MB); a template is about 30 kB.
MAX_PROFILE_CHARS = 1_000_000
#: Most data rows a profile may have; the template of every calculator has about 200.
MAX_ROWS = 2_000
#: The columns of the CSV format, in the template's order.
COLUMNS = ("calculator", "field", "label", "unit", "allowed", "value", "price_year", "low", "high", "basis", "source", "note")
_REQUIRED = ("calculator", "field", "value")
_PROFILE = "profile"
_MAX_TEXT = 1_000
_MAX_PROBLEMS = 50
# ASCII digits only: Python's \d, int() and float() also take other scripts' digits
# ("٣٤", "１０"), which no spreadsheet writes as a number and the page would not read.
_PRICE_YEAR = re.compile(r"([0-9]{4})(?:[-/]([0-9]{2}|[0-9]{4}))?")
_EARLIEST_YEAR, _LATEST_YEAR = 1990, 2050
_THOUSANDS = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class ProfileRow:
    """One row of a profile that passed its checks: the value has the field's type."""

    row: int
    calculator: str
    field: str
    value: Any
    price_year: str
    source: str
    note: str
    #: The figure's own range, when the profile gives one (columns ``low``, ``high``, ``basis``).
    low: Any = None
    high: Any = None
    basis: str = ""

    def provenance(self) -> dict[str, Any]:
        out = {"row": self.row, "field": self.field, "value": self.value, "price_year": self.price_year, "source": self.source, "note": self.note}
        if self.low is not None or self.high is not None or self.basis:
            out.update(low=self.low, high=self.high, basis=self.basis)
        return out


@dataclass
class Profile:
    """A profile as read: its name, format, good rows and every problem found (``{row, field, message}``)."""

    name: str = ""
    format: str = ""
    rows: list[ProfileRow] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    dropped: int = 0
    blank: int = 0

    def problem(self, row: int | None, field_path: str, message: str) -> None:
        if len(self.problems) >= _MAX_PROBLEMS:
            self.dropped += 1
            return
        self.problems.append({"row": row, "field": field_path, "message": message})

    def errors(self) -> list[dict[str, Any]]:
        """Every problem as ``{row, field, path, message}`` (``path`` is the field, as in a run's errors)."""
        out = [{**p, "path": p["field"]} for p in self.problems]
        if self.dropped:
            out.append({"row": None, "field": "", "path": "", "message": f"{'1 further problem was' if self.dropped == 1 else f'{self.dropped:,} further problems were'} not listed; correct the {len(self.problems)} above and try again."})
        return out

    def for_calculator(self, calculator: str) -> list[ProfileRow]:
        return [row for row in self.rows if row.calculator == calculator]


def describe_error(error: dict[str, Any]) -> str:
    """Where a profile problem is, in words: ``row 5, placements[0].cost``, ``row 1`` or ``the file``."""
    parts = [f"row {error['row']}" if error.get("row") is not None else "", error.get("field") or ""]
    return ", ".join(part for part in parts if part) or "the file"


# Reading --------------------------------------------------------------------------


#: Largest profile file read, in bytes: UTF-8 takes up to 4 bytes a character.
MAX_PROFILE_BYTES = 4 * MAX_PROFILE_CHARS


def read_limited(path: str | os.PathLike[str], limit: int) -> tuple[bytes, int | None]:
    """At most ``limit + 1`` bytes of the file at ``path``, and its real size when the system knows it.

    The one way every entry point (the command line's ``--input`` and
    ``--profile``, the pandas adapter's ``profile=``) reads a file: a huge
    file or a device that never ends (``/dev/zero``) costs one byte more than
    the limit, and a regular file's size is reported as it is. Raises
    ``OSError`` when the file cannot be opened.
    """
    with open(path, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            size = info.st_size if stat.S_ISREG(info.st_mode) else None
        except OSError:
            size = None
        return handle.read(limit + 1), size


def too_big(size: int | None, read: int, limit: int) -> str:
    """How big a file over ``limit`` bytes is, in words: its real size when known, else "more than" the limit."""
    return f"{size:,} bytes long" if size is not None and size > limit else f"more than {limit:,} bytes long" if read > limit else f"{read:,} bytes long"


def read_path(path: str | os.PathLike[str]) -> Profile:
    """Read the profile in the file at ``path`` (see :func:`read`), never more than :data:`MAX_PROFILE_BYTES` of it.

    Raises ``OSError`` when the file cannot be opened; every other problem is in ``profile.problems``.
    """
    data, size = read_limited(path, MAX_PROFILE_BYTES)
    return read(data, filename=os.fspath(path), size=size)


def _decode(data: str | bytes | bytearray | memoryview, profile: Profile, size: int | None = None) -> str | None:
    """The profile's text, or None with the problem recorded (binary, not UTF-8, too long).

    ``size``: the file's real size in bytes when known (``data`` may hold only its first part).
    """
    if hasattr(data, "to_bytes"):  # a JavaScript Uint8Array handed over by Pyodide
        data = data.to_bytes()
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if isinstance(data, bytes):
        if len(data) > MAX_PROFILE_BYTES or (size is not None and size > MAX_PROFILE_BYTES):
            profile.problem(None, "", f"The file is {too_big(size, len(data), MAX_PROFILE_BYTES)}; a profile may be at most about 1 MB. A council profile is a few kilobytes: check that the right file was chosen.")
            return None
        if data.startswith(b"PK\x03\x04"):
            profile.problem(None, "", "The file is a spreadsheet workbook or another zipped file, not CSV or JSON. In a spreadsheet, save it as 'CSV UTF-8 (comma delimited)'.")
            return None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            profile.problem(None, "", "The file is UTF-16 text. Save it as 'CSV UTF-8 (comma delimited)' and load it again.")
            return None
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            profile.problem(line, "", f"byte {data[exc.start]:#04x} at line {line} is not UTF-8 text (a spreadsheet saving as 'CSV' may use another encoding). Save the file as 'CSV UTF-8 (comma delimited)' and load it again.")
            return None
    if not isinstance(data, str):
        profile.problem(None, "", "The profile must be text (CSV or JSON).")
        return None
    if not _spec._is_text(data):
        profile.problem(None, "", "The profile holds characters that are not valid text.")
        return None
    text = data.removeprefix("\ufeff")
    if len(text) > MAX_PROFILE_CHARS:
        profile.problem(None, "", f"The profile is {len(text):,} characters long; the limit is {MAX_PROFILE_CHARS:,} (about 1 MB). A council profile is a few kilobytes: check that the right file was chosen.")
        return None
    if "\x00" in text:
        profile.problem(None, "", "The file is not text (it holds NUL bytes): choose a CSV or JSON file.")
        return None
    if not text.strip():
        profile.problem(None, "", "The file is empty.")
        return None
    return text


def _number(text: str, spec: _spec.Field) -> Any:
    """A number cell as a number, or the text itself if it is not one (reported by the caller)."""
    cleaned = text.strip()
    if prices.is_money(spec):
        cleaned = re.sub(r"^([+-]?)\s*£\s*", r"\1", cleaned)
    if spec.unit and spec.unit.startswith("%"):
        cleaned = cleaned.removesuffix("%").rstrip()
    if _THOUSANDS.fullmatch(cleaned.lstrip("+-")):
        cleaned = cleaned.replace(",", "")
    if not cleaned.isascii():
        return text
    if _INTEGER_TEXT.fullmatch(cleaned):
        if len(cleaned) > 30:
            return text
        return int(cleaned)
    try:
        value = float(cleaned)
    except ValueError:
        return text
    if not math.isfinite(value):
        return text
    # A whole number written "35000.0" is the same figure; integer fields take it.
    return int(value) if spec.kind == "integer" and value.is_integer() else value


def _price_year(text: str) -> str | None:
    """``2024``, ``2024-25`` (or ``2024/25``, ``2024-2025``) normalised; None if not a price year."""
    match = _PRICE_YEAR.fullmatch(text.strip())
    if match is None:
        return None
    start = int(match.group(1))
    if not _EARLIEST_YEAR <= start <= _LATEST_YEAR:
        return None
    if match.group(2) is None:
        return str(start)
    end = match.group(2)
    if int(end[-2:]) != (start + 1) % 100 or (len(end) == 4 and int(end) != start + 1):
        return None
    return f"{start}-{(start + 1) % 100:02d}"


def financial_year(year: str) -> str:
    """A profile's price year as the financial year the deflator series uses: ``2024`` → ``2024-25``."""
    return year if "-" in year else f"{year}-{(int(year) + 1) % 100:02d}"


def _with_price_years(document: dict[str, Any], rows: list[ProfileRow]) -> None:
    """Record each row's price year in the input's ``prices`` list (replacing any the scenario gave for that field)."""
    dated = {row.field: financial_year(row.price_year) for row in rows if row.price_year}
    if not dated:
        return
    settings = document.get(prices.KEY) if isinstance(document.get(prices.KEY), dict) else {}
    kept = [item for item in settings.get("years") or [] if not (isinstance(item, dict) and item.get("path") in dated)]
    document[prices.KEY] = {**settings, "years": kept + [{"path": path, "year": year} for path, year in dated.items()]}


def _retitled(document: dict[str, Any], rows: list[ProfileRow], name: str, before: Any) -> dict[str, Any]:
    """Over a preset, the scenario the profile changed is titled as the council's, based on the preset, and
    the preset's notes (which describe its own figures) go, as on the page when a preset is changed.

    Returns the origin record's entries for the title and notes it wrote (a profile's own title or notes stay).
    ``before`` is the scenario the profile was laid over, whose title is the preset's.
    """
    from . import origins

    record = document.get(origins.KEY)
    if not rows or not (isinstance(record, dict) and record.get("start") == "preset"):
        return {}
    preset = str((before.get("title") if isinstance(before, dict) else "") or record.get("preset") or "")
    given = {row.field for row in rows}
    written = {
        "title": f"{name or 'Your scenario'} (based on: {preset})",
        "notes": f"Started from the preset “{preset}”, then changed by your profile{f' “{name}”' if name else ''}. The preset's own notes describe its figures, not these.",
    }
    out = {}
    for key, text in written.items():
        if key not in given:
            document[key] = text
            out[key] = {"kind": "derived", "value": text, "source": "", "year": "", "note": ""}
    return out


def _without_preset_comparison(document: dict[str, Any], rows: list[ProfileRow], calculator: str) -> dict[str, Any]:
    """Over a preset, what described the preset's own scenario goes, as on the page when a preset is changed
    (the presentation's ``preset_only``, ``rename`` and ``preset_only_ranges``): its comparison (Glasgow's
    planned saving), its assumed case flow, its teams' names and its ranges for when its children move.
    What the profile gives stays. Returns the origin record's entries for the values it set.
    """
    from . import origins

    record = document.get(origins.KEY)
    if not rows or not (isinstance(record, dict) and record.get("start") == "preset"):
        return {}
    form = _engine.presentation(calculator).get("form") or {}
    spec = _engine.full_spec(calculator)
    given = {row.field for row in rows}
    written: dict[str, Any] = {}
    renamed: set[str] = set()
    for pattern in form.get("preset_only") or ():
        for path in _concrete(document, pattern):
            if path not in given and origins._get(document, parse(path)) is not None:
                default = origins._default_of(spec, path)
                written[path] = None if default is _spec._MISSING else copy.deepcopy(default)
    for pattern, template in (form.get("rename") or {}).items():
        for n, path in enumerate(_concrete(document, pattern), start=1):
            if path not in given and origins._get(document, parse(path)) is not None:
                written[path] = template.replace("{n}", str(n))
                renamed.add(path)
    for path, value in written.items():
        set_value(document, path, value)
    prefixes = tuple(form.get("preset_only_ranges") or ())
    if prefixes and isinstance(document.get("uncertainty"), list):
        document["uncertainty"] = [item for item in document["uncertainty"] if not (
            isinstance(item, dict) and isinstance(item.get("path"), str) and item["path"] not in given
            and any(item["path"] == p or item["path"].startswith((p + ".", p + "[")) for p in prefixes))]
    notes = ("The preset's own assumption, taken out because your profile changed the preset.",
             "Numbered by the calculator: the preset's names were taken out because your profile changed the preset.")
    return {path: {"kind": "default", "value": value, "source": "", "year": "", "note": notes[path in renamed]} for path, value in written.items() if value is not None}


def _without_preset_ends(document: dict[str, Any], rows: list[ProfileRow], calculator: str) -> None:
    """Over a preset, drop the preset's low and high beside a figure the profile gives (``cost_low`` / ``cost_high``).

    They are the preset's range for its own figure: kept, the calculator's
    results would show another council's low or high beside the council's
    figure (and refuse a figure above the preset's high). An end the profile
    gives stays.
    """
    from . import origins, sensitivity

    record = document.get(origins.KEY)
    if not (isinstance(record, dict) and record.get("start") == "preset"):
        return
    given = {row.field for row in rows}
    for path, low_path, high_path, _key in sensitivity._sibling_ranges(_engine.full_spec(calculator), document):
        if path not in given:
            continue
        for end in (low_path, high_path):
            parts = parse(end)
            parent = origins._get(document, parts[:-1])
            if end not in given and isinstance(parent, dict):
                parent.pop(parts[-1], None)


def _preset_years(document: dict[str, Any], rows: list[ProfileRow], calculator: str) -> list[tuple[ProfileRow, str]]:
    """Money rows with no price year laid over a preset that gives the field a price year, with that year.

    The preset's year (listed for the field, or its ``entered_in`` for every
    money input) belongs to the preset's figure: kept, it would restate the
    council's figure from another council's price year.
    """
    from . import origins

    record, settings = document.get(origins.KEY), document.get(prices.KEY)
    if not (isinstance(record, dict) and record.get("start") == "preset" and isinstance(settings, dict)):
        return []
    spec = _engine.full_spec(calculator)
    given = prices.year_of(document)
    entered_in = settings.get("entered_in") or ""
    return [(row, given.get(row.field) or entered_in) for row in rows
            if not row.price_year and (given.get(row.field) or entered_in) and prices._is_money_path(spec, row.field)]


def _with_ranges(document: dict[str, Any], rows: list[ProfileRow]) -> None:
    """A row's own range (low, high, basis) replaces any range the scenario gave that field."""
    ranged = [row for row in rows if row.low is not None or row.high is not None or row.basis]
    if not ranged:
        return
    paths = {row.field for row in ranged}
    kept = [item for item in document.get("uncertainty") or [] if not (isinstance(item, dict) and item.get("path") in paths)]
    document["uncertainty"] = kept + [
        {"path": row.field, "basis": row.basis, **({"low": row.low} if row.low is not None else {}), **({"high": row.high} if row.high is not None else {})} for row in ranged]


def _field_names(calculator: str) -> list[str]:
    return [row["path"] for row in _spec.describe(registry.get(calculator).spec) if row.get("type") not in ("object", "list", "map")]


def _check_row(profile: Profile, number: int, cells: dict[str, Any], seen: dict[tuple[str, str], int]) -> None:
    """Check one row's cells and keep it if good; every problem is recorded with the row's number."""
    calculator = _cell_text(cells.get("calculator"))
    path = _cell_text(cells.get("field"))
    raw = cells.get("value")
    problems_before = len(profile.problems) + profile.dropped
    if calculator is None or path is None:
        profile.problem(number, "", "calculator and field must be text.")
        return
    if not calculator and not path and (raw is None or raw == ""):
        return  # an empty line
    if calculator == _PROFILE:
        if path != "name":
            profile.problem(number, path, f"a 'profile' row may only give the profile's name (field 'name'), not {path[:40]!r}.")
        elif not isinstance(raw, str) or not raw.strip() or len(raw) > 200:
            profile.problem(number, path, "the profile's name must be text of 1 to 200 characters.")
        else:
            profile.name = _spec_safe(raw.strip())
        return
    if calculator not in registry.names():
        profile.problem(number, path, f"there is no calculator called {calculator[:40]!r}; use one of: {', '.join(registry.names())} (or 'profile' for the profile's name).")
        return
    if not path:
        profile.problem(number, "", "the field is empty; give a field path such as placements[0].cost (the template lists them all).")
        return
    try:
        parse(path)
    except ValueError as exc:
        # A malformed path or an index past any list's length: "did you mean" would offer the same path back.
        profile.problem(number, path[:80], f"{str(exc)[:300]}.")
        return
    try:
        spec = _spec.find(registry.get(calculator).spec, pattern_of(path))
    except KeyError:
        near = difflib.get_close_matches(pattern_of(path), _field_names(calculator), n=1)
        hint = f" Did you mean {_with_indexes(near[0], path)!r}?" if near else " The template lists every field."
        profile.problem(number, path[:80], f"{path[:80]!r} is not an input field of {calculator}.{hint}")
        return
    key = (calculator, path)
    if key in seen:
        profile.problem(number, path, f"{calculator} {path} is set twice, in rows {seen[key]} and {number}; keep one of them.")
        return
    seen[key] = number
    price_year = _cell_text(cells.get("price_year")) or ""
    normal_year = ""
    if price_year:
        normal_year = _price_year(price_year) or ""
        if not normal_year:
            profile.problem(number, path, f"price year {price_year[:20]!r} is not a year from {_EARLIEST_YEAR} to {_LATEST_YEAR}; write it as 2024 or as the financial year 2024-25.")
        elif not prices.is_money(spec):
            profile.problem(number, path, f"price year {price_year!r} is given, but {spec.label} is not a money figure; leave its price year blank.")
        elif financial_year(normal_year) not in prices.years():
            series = prices.years()
            profile.problem(number, path, f"price year {price_year!r} is outside the deflator series ({series[0]} to {series[-1]}), so the figure could not be restated at another year's prices; give a year in that range, or leave the price year blank to take the figure as it is.")
    texts = {}
    for column in ("source", "note"):
        text = _cell_text(cells.get(column))
        if text is None or len(text) > _MAX_TEXT or not _spec._is_text(text):
            profile.problem(number, path, f"{column} must be text of at most {_MAX_TEXT:,} characters.")
            text = ""
        texts[column] = _spec_safe(text)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if len(profile.problems) + profile.dropped == problems_before:
            profile.blank += 1
        return  # blank: the field keeps the scenario's value
    value: Any = raw
    if isinstance(raw, str) and spec.kind in ("number", "integer"):
        value = _number(raw, spec)
        if isinstance(value, str):
            what = "a whole number" if spec.kind == "integer" else "a number"
            profile.problem(number, path, f"{spec.label} must be {what}, not the text {raw[:30]!r}.")
            return
    errors = _spec.Errors()
    checked = _spec.check_value(spec, value, (path,), errors)
    if errors:
        profile.problem(number, path, errors.items[0]["message"])
        return
    ends = _range_cells(profile, number, path, spec, cells, checked)
    if len(profile.problems) + profile.dropped == problems_before:
        profile.rows.append(ProfileRow(number, calculator, path, checked, normal_year, texts["source"], texts["note"], *ends))


def _range_cells(profile: Profile, number: int, path: str, spec: _spec.Field, cells: dict[str, Any], central: Any) -> tuple[Any, Any, str]:
    """The row's own range (``low``, ``high``, ``basis``), checked against the field's limits and each other."""
    ends: dict[str, Any] = {}
    for column in ("low", "high"):
        raw = cells.get(column)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            ends[column] = None
            continue
        if spec.kind not in ("number", "integer"):
            profile.problem(number, path, f"a {column} value is given, but {spec.label} is not a number; leave its low and high blank.")
            return None, None, ""
        value = _number(raw, spec) if isinstance(raw, str) else raw
        errors = _spec.Errors()
        value = _spec.check_value(spec, value, (path,), errors) if not isinstance(value, str) else value
        if isinstance(value, str) or errors:
            profile.problem(number, path, f"the {column} value of {spec.label} must be a number the field accepts, not {str(raw)[:30]!r}.")
            return None, None, ""
        ends[column] = value
    basis = _cell_text(cells.get("basis")) or ""
    if len(basis) > _MAX_TEXT or not _spec._is_text(basis):
        profile.problem(number, path, f"basis must be text of at most {_MAX_TEXT:,} characters.")
        return None, None, ""
    low, high = ends["low"], ends["high"]
    if (low is not None or high is not None) and not basis:
        profile.problem(number, path, f"a low or high value of {spec.label} needs its basis: say in the basis column where the range comes from.")
    lo = low if low is not None else central
    hi = high if high is not None else central
    if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
        profile.problem(number, path, f"the low value of {spec.label} ({lo}) is more than its high value ({hi}).")
    return low, high, _spec_safe(basis)


def _with_indexes(pattern: str, path: str) -> str:
    """A spec pattern with the list indexes of ``path`` put back: ``placements[].cost`` → ``placements[1].cost``."""
    indexes = iter(re.findall(r"\[\d+\]", path))
    return re.sub(r"\[\]", lambda match: next(indexes, "[0]"), pattern)


def _cell_text(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _spec_safe(text: str) -> str:
    """Text kept for display: control characters removed (a profile's text reaches terminals and pages)."""
    return re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", "", text)


def _read_csv(text: str, profile: Profile) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        profile.problem(1, "", f"the first row cannot be read as CSV ({exc}).")
        return
    names = [name.strip().lower().replace(" ", "_") for name in header]
    missing = [name for name in _REQUIRED if name not in names]
    unknown = [name for name in names if name and name not in COLUMNS]
    if missing:
        shown = ", ".join(repr(h[:30]) for h in header[:8]) or "nothing"
        profile.problem(1, "", f"this is not a profile: its first row must name the columns {', '.join(_REQUIRED)} (and may name {', '.join(c for c in COLUMNS if c not in _REQUIRED)}); it has {shown}. Start from the template.")
        return
    if unknown:
        profile.problem(1, "", f"unknown column {unknown[0][:30]!r} in the first row; the columns are {', '.join(COLUMNS)} (use 'note' for comments).")
    if len(set(names)) != len(names):
        profile.problem(1, "", "a column is named twice in the first row.")
    if profile.problems:
        return
    records = []
    try:
        for cells in reader:
            if len(records) >= MAX_ROWS:
                extra = 1 + sum(1 for _ in reader)
                profile.problem(None, "", f"the profile has {len(records) + extra:,} rows; the limit is {MAX_ROWS:,}. A council profile has a few hundred at most: check that the right file was chosen.")
                return
            records.append(cells)
    except csv.Error as exc:
        profile.problem(len(records) + 2, "", f"cannot be read as CSV ({exc}); check the quotes in this row.")
        return
    seen: dict[tuple[str, str], int] = {}
    for index, cells in enumerate(records):
        number = index + 2  # as a spreadsheet numbers it: the header is row 1
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
            profile.problem(number, "", f"the row has {len(cells)} cells but the first row names {len(names)} columns (a value with a comma must be in double quotes).")
            continue
        _check_row(profile, number, dict(zip(names, cells)), seen)


def _read_json(text: str, profile: Profile) -> None:
    try:
        document = _engine.read_json(text)
    except _engine.JSONProblem as problem:
        profile.problem(None, "", f"The profile {problem}")
        return
    rows = document
    if isinstance(document, dict):
        unknown = [key for key in document if key not in ("name", "rows", "how_to_fill")]  # the template's instructions are ignored
        if unknown:
            profile.problem(None, "", f"unknown key {str(unknown[0])[:30]!r}; a JSON profile is {{\"name\": ..., \"rows\": [...]}}.")
            return
        name = document.get("name")
        if name is not None:
            if not isinstance(name, str) or not name.strip() or len(name) > 200:
                profile.problem(None, "name", "the profile's name must be text of 1 to 200 characters.")
            else:
                profile.name = _spec_safe(name.strip())
        rows = document.get("rows")
    if not isinstance(rows, list):
        profile.problem(None, "", "a JSON profile is {\"name\": ..., \"rows\": [...]} with a list of rows, each {\"calculator\", \"field\", \"value\", ...}.")
        return
    if len(rows) > MAX_ROWS:
        profile.problem(None, "", f"the profile has {len(rows):,} rows; the limit is {MAX_ROWS:,}. A council profile has a few hundred at most: check that the right file was chosen.")
        return
    seen: dict[tuple[str, str], int] = {}
    allowed = set(COLUMNS)
    for index, item in enumerate(rows):
        number = index + 1
        if not isinstance(item, dict):
            profile.problem(number, "", "each row must be an object {\"calculator\", \"field\", \"value\", ...}.")
            continue
        unknown = [key for key in item if key not in allowed]
        if unknown:
            profile.problem(number, str(item.get("field", ""))[:80], f"unknown key {str(unknown[0])[:30]!r}; a row's keys are {', '.join(COLUMNS)}.")
            continue
        value = item.get("value")
        if isinstance(value, bool) or isinstance(value, (list, dict)):
            profile.problem(number, str(item.get("field", ""))[:80], "the value must be a number or text.")
            continue
        _check_row(profile, number, item, seen)


def read(data: str | bytes | bytearray | memoryview, *, filename: str = "", size: int | None = None) -> Profile:
    """Read a profile (CSV or JSON text, or its bytes). Never raises: problems are listed in ``profile.problems``.

    The format is JSON if the text starts with ``{`` or ``[`` (or the file
    name ends ``.json``), else CSV. Without a ``profile,name`` row, the
    profile is named after its file. ``size``: the file's real size in bytes,
    when ``data`` is only its first part (see :func:`read_path`).
    """
    profile = Profile(name=_spec_safe(re.sub(r"\.(csv|json|txt)$", "", filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1], flags=re.I))[:200])
    text = _decode(data, profile, size)
    if text is None:
        return profile
    stripped = text.lstrip()
    try:
        if stripped.startswith(("{", "[")) or filename.lower().endswith(".json"):
            profile.format = "json"
            _read_json(text, profile)
        else:
            profile.format = "csv"
            _read_csv(text, profile)
    except RecursionError:
        profile.problem(None, "", "The profile is nested too deeply to read.")
    if not profile.problems and not profile.rows and not profile.blank:
        profile.problem(None, "", "The profile has no rows: add a row for each figure (start from the template).")
    profile.name = profile.name or "your profile"
    return profile


# Applying -------------------------------------------------------------------------


def apply(profile: Profile, calculator: str, payload: Any) -> dict[str, Any]:
    """Lay ``profile``'s rows for ``calculator`` over ``payload``; all or nothing.

    Returns ``{"ok": True, "input": new input, "profile": provenance}`` or
    ``{"ok": False, "errors": [{row, field, path, message}, ...]}``. The
    payload itself is never changed. Provenance is ``{"name", "rows": [{row,
    field, value, price_year, source, note}, ...], "other_rows", "blank_rows"}``:
    the rows applied, and how many rows were for other calculators or blank.
    """
    if profile.problems:
        return {"ok": False, "calculator": calculator, "errors": profile.errors()}
    if calculator not in registry.names():
        return {"ok": False, "calculator": str(calculator), "errors": [{"row": None, "field": "", "path": "calculator", "message": str(registry.UnknownCalculator(calculator))}]}
    from . import origins

    # Laid over a preset or an input, a profile changes the fields it names, item by item;
    # on its own (baseline.build) its lists are the council's whole lists.
    rows = profile.for_calculator(calculator)
    document = copy.deepcopy(payload) if isinstance(payload, dict) else {}
    failed = Profile()
    for row in rows:
        try:
            set_value(document, row.field, copy.deepcopy(row.value))
        except ValueError as exc:
            failed.problem(row.row, row.field, f"cannot set this field in the scenario ({exc}).")
    _with_price_years(document, rows)
    _without_preset_ends(document, rows, calculator)
    reset = _without_preset_comparison(document, rows, calculator)
    for row, year in _preset_years(document, rows, calculator):
        failed.problem(row.row, row.field, f"this money figure has no price year, and the preset gives this field its own figure's year ({year}), "
                                           "which is not your figure's: give the year your figure's prices are from in the price_year column.")
    _with_ranges(document, rows)
    record = document.get(origins.KEY) if isinstance(document.get(origins.KEY), dict) else {"start": "input"}
    record = {**record, "profile": {"name": profile.name, "file": ""}, "fields": {**(record.get("fields") or {}), **reset, **_retitled(document, rows, profile.name, payload), **{
        row.field: {"kind": "profile", "value": row.value, "source": row.source, "year": financial_year(row.price_year) if row.price_year else "", "note": row.note} for row in rows}}}
    document[origins.KEY] = record
    if not failed.problems:
        # Values that are each valid can still leave the whole input invalid (a
        # list item the scenario does not have, left half filled in). Errors the
        # input had before are the reader's own and do not stop the profile.
        before = {(e["path"], e["message"]) for e in _engine.run_json(calculator, payload).get("errors", [])}
        for error in _engine.run_json(calculator, document).get("errors", []):
            if (error["path"], error["message"]) in before:
                continue
            owner = _owner(rows, error["path"])
            where = origins.label(_engine.full_spec(calculator), document, error["path"]) if error["path"] else ""
            failed.problem(owner.row if owner else None, owner.field if owner else error["path"],
                           f"with this profile the input is not valid: {where + ': ' if owner and owner.field != error['path'] and where else ''}{error['message']}")
    if failed.problems:
        return {"ok": False, "calculator": calculator, "errors": failed.errors()}
    return {
        "ok": True,
        "calculator": calculator,
        "input": document,
        "profile": provenance(profile, rows),
    }


def provenance(profile: Profile, used: list[ProfileRow], shown: list[ProfileRow] | None = None) -> dict[str, Any]:
    """What a profile gave a calculator, for the output: its name and format, its rows (``shown``, by
    default those ``used``) and how many rows it had for other calculators."""
    return {
        "name": profile.name,
        "format": profile.format,
        "rows": [row.provenance() for row in (used if shown is None else shown)],
        "other_rows": len(profile.rows) - len(used),
        "blank_rows": profile.blank,
    }


def _owner(rows: list[ProfileRow], path: str) -> ProfileRow | None:
    """The row most likely behind an error at ``path``: the same field, one inside it, the same list item, the same list."""
    def item(p: str) -> str:
        return p[: p.rfind("]") + 1] if "[" in p else p

    tests = (
        lambda r: path == r.field or path.startswith((r.field + ".", r.field + "[")) or r.field.startswith((path + ".", path + "[")),
        lambda r: "[" in path and item(r.field) == item(path),
        lambda r: "[" in path and "[" in r.field and r.field.split("[")[0] == path.split("[")[0],
    )
    for test in tests:
        found = next((r for r in rows if test(r)), None)
        if found is not None:
            return found
    return None


def run(calculator: str, payload: Any, data: str | bytes, *, filename: str = "") -> dict[str, Any]:
    """Read a profile, lay it over ``payload`` and run the calculator: a :func:`calculators.run_json` response.

    With ``payload`` None the profile is the council's own scenario on its own
    (:func:`calculators.baseline.build`): no preset's figures.

    A successful response also has ``profile`` (see :func:`apply`); a profile
    with problems gives ``{"ok": False, "errors": [...]}`` naming each row.
    """
    if payload is None:
        from . import baseline

        applied = baseline.build(read(data, filename=filename), calculator, filename)
    else:
        applied = apply(read(data, filename=filename), calculator, payload)
    if not applied["ok"]:
        return applied
    response = _engine.run_json(calculator, applied["input"])
    if response["ok"]:
        response["profile"] = applied["profile"]
    return response


# The template ---------------------------------------------------------------------


def _leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, f"{path}.{key}" if path else key)]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, f"{path}[{index}]")]
    return [(path, value)]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def template_rows(calculators: list[str] | None = None) -> list[dict[str, Any]]:
    """A row for every input field of each calculator, with its label, unit and what it accepts.

    The rows are laid out as the default input is (a row for each field of
    each list item it has, and the optional fields it leaves empty), but the
    values are not its figures, which are another council's: a field with a
    national default (``data/national_defaults.csv``) carries it, with its
    source and note; every other value is empty, meaning "fill in your own
    figure or delete this row". An empty row is not used when the profile is
    read (not an error, and not a figure of the council's).
    """
    from . import origins

    out: list[dict[str, Any]] = []
    for name in calculators or registry.names():
        calc = registry.get(name)
        response = _engine.run_json(name, _engine.default_input(name))
        if not response["ok"]:
            raise ValueError(f"the default input of {name} is not valid: {response['errors']}")
        normal = response["input"]
        national = {row["field"]: row for row in origins.national_defaults(name)}
        paths = [path for path, _ in _leaves({k: v for k, v in normal.items() if k != origins.KEY}) if _is_field(calc.spec, path)]
        # Optional fields the default leaves empty, for each list item present.
        for row in _spec.describe(calc.spec):
            if row.get("type") in ("object", "list", "map") or "*" in row["path"]:
                continue
            for concrete in _concrete(normal, row["path"]):
                if concrete not in paths:
                    paths.append(concrete)
        order = {row["path"]: index for index, row in enumerate(_spec.describe(calc.spec))}
        paths.sort(key=lambda p: (_item_key(p), order.get(pattern_of(p), order.get(re.sub(r"\.[^.]+$", ".*", pattern_of(p)), 0))))
        for path in paths:
            spec = _spec.find(calc.spec, pattern_of(path))
            given = national.get(path)
            out.append({
                "calculator": name, "field": path, "label": spec.label, "unit": spec.unit or "", "allowed": allowed(spec),
                "value": given["value"] if given else None, "price_year": "", "low": "", "high": "", "basis": "",
                "source": given["source"] if given else "", "note": given["note"] if given else "",
            })
    return out


def allowed(spec: _spec.Field) -> str:
    """What a field accepts, in words, for the template's ``allowed`` column."""
    blank = "" if spec.required and spec.default is _spec._MISSING else ("; blank: none" if spec.default is _spec._MISSING or spec.default in (None, "") else f"; blank: {spec.default}")
    if spec.kind == "choice":
        if spec.choices_from:
            return f"the short code of one of the {spec.choices_from.split('[')[0].replace('_', ' ')} in this profile" + (f", or {', '.join(spec.extra_choices)}" if spec.extra_choices else "") + blank
        if spec.choices_provider is not None:
            return "blank, or the id of one of the site's unit costs"
        labels = dict(spec.choice_labels)
        return "one of: " + "; ".join(f"{c} ({labels[c]})" if c in labels else c for c in spec.choices or ()) + blank
    if spec.kind in ("number", "integer"):
        what = "a whole number" if spec.kind == "integer" else "a number"
        unit = f" ({spec.unit})" if spec.unit else ""
        return f"{what}{unit} {_spec._range_text(spec)}" + blank
    if spec.pattern:
        return f"lower-case letters, digits and hyphens, at most {spec.max_length} characters; blank: made from the name (Agency foster care: agency-foster-care)"
    return f"text, at most {spec.max_length:,} characters" + blank


def _is_field(spec: Any, path: str) -> bool:
    try:
        _spec.find(spec, pattern_of(path))
    except KeyError:
        return False
    return True


def _item_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\[(\d+)\]", path))


def _concrete(document: Any, pattern: str) -> list[str]:
    """Concrete paths of ``pattern`` for the list items ``document`` has (the field itself may be absent)."""
    found = [("", document)]
    for part in pattern.replace("[]", ".[]").split("."):
        step = []
        for path, value in found:
            if part == "[]":
                if isinstance(value, list) and value:
                    step += [(f"{path}[{i}]", item) for i, item in enumerate(value)]
                elif value is None or value == []:  # an empty list: its first item's fields, blank
                    step.append((f"{path}[0]", None))
            elif isinstance(value, dict) or value is None:  # an optional group left out: its fields, blank
                step.append((f"{path}.{part}" if path else part, (value or {}).get(part)))
        found = step
    return [path for path, _ in found]


#: What the template's first row says about the rows below it.
_HOW_TO_FILL = ("Name this profile: the page marks each figure it sets with this name, and it titles the results. "
                "Below, fill in your council's own figure in each row's value (with its source), or delete the row: "
                "a row left empty is not used. A value already filled in is a national default, named in its source; keep it, change it or delete it.")


def template_csv(calculators: list[str] | None = None) -> str:
    """The template as CSV text (see the module docstring), with a ``profile,name`` row first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    first = {"calculator": _PROFILE, "field": "name", "label": "Profile name", "allowed": "text, 1 to 200 characters: the title of your scenario",
             "value": "My council's figures", "note": _HOW_TO_FILL}
    writer.writerow([first.get(column, "") for column in COLUMNS])
    for row in template_rows(calculators):
        writer.writerow([_cell(row[column]) for column in COLUMNS])
    return buffer.getvalue()


def template_json(calculators: list[str] | None = None) -> str:
    """The template as JSON text: ``{"name", "rows": [...]}``."""
    return json.dumps({"name": "My council's figures", "how_to_fill": _HOW_TO_FILL, "rows": template_rows(calculators)}, indent=1, ensure_ascii=False)


# The browser's entry points (called from the Pyodide worker) ----------------------


def apply_text(calculator: str, input_text: str, data: Any, filename: str = "") -> str:
    """:func:`apply` with the scenario as JSON text and the file's bytes; JSON text out. Never raises."""
    try:
        from . import baseline

        # "Use my council's figures" starts a clean scenario: the council's figures and national defaults, no preset's.
        out = baseline.build(read(data, filename=str(filename)), calculator, str(filename))
    except Exception as exc:  # noqa: BLE001 — the page must get a message, never a traceback
        out = {"ok": False, "errors": [{"row": None, "field": "", "path": "", "message": f"The profile could not be read ({type(exc).__name__})."}]}
    return json.dumps(out, ensure_ascii=False, allow_nan=False)


def template_text(calculator: str, fmt: str = "csv") -> str:
    """The template of one calculator as CSV (or JSON) text, for the page's download button."""
    return template_json([calculator]) if fmt == "json" else template_csv([calculator])
