"""Which inputs the browser tests type into, chosen from each calculator's own declaration.

The page tests run for every registered calculator, so they name no field:
each calculator's input spec (``calculators.input_spec``), its form's
layout (``calculators.presentation``) and its default scenario say which
input a test can change, which it can make invalid, which list it can
overfill and which identifiers other inputs refer to. Each choice is
checked here through the calculators' own entry point (the command line's
answer), so a test never types into a field whose change the calculator
would ignore or refuse for another reason.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from typing import Any

import calculators
from calculators import origins
from calculators._paths import pattern_of, set_value
from calculators.registry import names

__all__ = ["Fields", "fields", "NAMES", "with_text_list"]

NAMES = tuple(names())
#: The whole numbers a test types into the kept input, one per step.
SMALL = tuple(range(3, 10))


@dataclass(frozen=True)
class Fields:
    """The inputs of one calculator that the tests use.

    ``kept``: a number input of the main question (or the first that fits)
    that takes each whole number from 3 to 9 in ``values`` (all but the
    default's), each giving different results from the default; ``bad``: another number input that refuses "twelve" and
    -4, each with one error at that input alone; ``ids``: ``(list, id path,
    the path after it)`` where other inputs refer to a list's items by id,
    else None; ``text_list``: ``(list, text field)``, a list of items with a
    text field of limited length; ``wrong_shape``: an input of the wrong
    shape for the calculator (a number where a list or a group belongs).
    """

    kept: str
    values: tuple[int, ...]
    bad: str
    ids: tuple[str, str, str] | None
    text_list: tuple[str, str]
    wrong_shape: dict[str, Any]


def _rows(name: str) -> dict[str, dict[str, Any]]:
    spec = calculators.input_spec(name)
    return {row["path"]: row for row in spec["fields"] + spec["shared_fields"]}


def _row(rows: dict[str, dict[str, Any]], path: str) -> dict[str, Any] | None:
    pattern = pattern_of(path)
    return rows.get(pattern) or rows.get(pattern.rsplit(".", 1)[0] + ".*")


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    pattern = pattern_of(path)
    return any(pattern == p or pattern.startswith((p + ".", p + "[")) for p in prefixes)


def _numbers(name: str) -> list[str]:
    """The number inputs of the default scenario, those of the form's main question first; none the form leaves out."""
    form = calculators.presentation(name)["form"]
    main, omit = tuple(form.get("main", ())), tuple(form.get("omit", ())) + ("prices", "uncertainty")
    rows = _rows(name)
    found = []
    for path, value in origins.leaves(calculators.default_input(name)):
        row = _row(rows, path)
        if row is None or row["type"] not in ("integer", "number") or isinstance(value, bool) or value is None or _under(path, omit):
            continue
        found.append(path)
    return sorted(found, key=lambda p: (not _under(p, main), "[" in p))


def _answer(name: str, path: str, value: Any) -> dict[str, Any]:
    payload = calculators.default_input(name)
    set_value(payload, path, value)
    return calculators.run_json(name, payload, drivers=False)


def _kept(name: str) -> str:
    rows, default = _rows(name), calculators.run_json(name, calculators.default_input(name), drivers=False)["result"]["summary"]
    for path in _numbers(name):
        row = _row(rows, path)
        if row.get("money") or row.get("calendar") or "%" in (row.get("unit") or "") or row.get("unit") == "calendar year":
            continue
        answers = [_answer(name, path, n) for n in _values(name, path)]
        if all(a["ok"] and a["result"]["summary"] != default for a in answers):
            return path
    raise AssertionError(f"{name}: no number input takes 3 to 9 and changes the results")


def _values(name: str, path: str) -> tuple[int, ...]:
    """The whole numbers from 3 to 9 but the default's own."""
    return tuple(n for n in SMALL if n != _get(calculators.default_input(name), path))


def _bad(name: str, kept: str) -> str:
    rows = _rows(name)
    for path in _numbers(name):
        row = _row(rows, path)
        if path == kept or row.get("money") or row["minimum"] is None or row["minimum"] < 0:
            continue
        if all([e["path"] for e in _answer(name, path, typed).get("errors", ())] == [path] for typed in ("twelve", -4)):
            return path
    raise AssertionError(f"{name}: no number input refuses 'twelve' and -4 on its own")


def _ids(name: str) -> tuple[str, str, str] | None:
    rows = _rows(name)
    default = calculators.default_input(name)
    for path, row in rows.items():
        target = row.get("choices_from") or row.get("keys_from")
        if not target or not target.endswith("[].id"):
            continue
        items = target.removesuffix("[].id")
        fields = [p for p in rows if p.startswith(items + "[].") and p.count(".") == items.count(".") + 1]
        following = fields[fields.index(target) + 1]
        first = f"{items}[0]"
        if _get(default, first) is not None:
            return items, f"{first}.id", f"{first}.{following.rsplit('.', 1)[1]}"
    return None


def _get(data: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        key: Any = int(part[1:-1]) if part.startswith("[") else part
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _text_list(name: str) -> tuple[str, str]:
    """A top-level list with a text field of limited length in its items: one the default scenario fills
    first, then any (its own lists before the shared ones, such as the uncertainty ranges)."""
    rows = _rows(name)
    default = calculators.default_input(name)
    found = []
    for path, row in rows.items():
        if row["type"] != "list" or "[" in path or "." in path:
            continue
        texts = [p.rsplit(".", 1)[1] for p, r in rows.items() if p.startswith(path + "[].") and p.count(".") == path.count(".") + 1
                 and r["type"] == "string" and r.get("max_length") and not r.get("pattern")]
        if texts:
            label = row.get("item_label")
            longest = max(texts, key=lambda text: rows[f"{path}[].{text}"]["max_length"])
            found.append((not _get(default, path), (path, label if label in texts else longest)))
    if not found:
        raise AssertionError(f"{name}: no list of items with a text field")
    return min(found, key=lambda pair: pair[0])[1]


def _wrong_shape(name: str) -> dict[str, Any]:
    rows = _rows(name)
    groups = [path for path, row in rows.items() if "." not in path and "[" not in path and row["type"] in ("list", "object")]
    return {min(groups, key=lambda path: not rows[path].get("required")): 5}


@functools.cache
def fields(name: str) -> Fields:
    kept = _kept(name)
    return Fields(kept, _values(name, kept), _bad(name, kept), _ids(name), _text_list(name), _wrong_shape(name))


def with_text_list(name: str, texts: list[str]) -> dict[str, Any]:
    """The default scenario with ``texts`` in the text field of its list's items, one each
    (items copied from the first, with their own ids, where the list has fewer; items of
    that field alone where the default has none)."""
    items, field = fields(name).text_list
    payload = calculators.default_input(name)
    listed = payload.setdefault(items, [])
    while len(listed) < len(texts):
        extra = copy.deepcopy(listed[0]) if listed else {}
        if "id" in extra:
            extra["id"] = f"{extra['id']}-{len(listed)}"
        listed.append(extra)
    for item, text in zip(listed, texts):
        item[field] = text
    return payload
