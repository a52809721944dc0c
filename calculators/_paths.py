"""Field paths such as ``placements[2].children`` or ``teams[0].cases.child-protection``.

A path names one place in a calculator's JSON input. The same notation is
used by validation errors, by :func:`calculators.input_spec` (with ``[]`` for
"any item" and ``*`` for "any key"), by the preset table
``data/preset_inputs.csv`` and by the pandas adapter's batch CSV columns.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_INDEX", "parse", "join", "set_value", "pattern_of"]

_TOKEN = re.compile(r"\.?([A-Za-z0-9_\-]+)|\[([0-9]+)\]")  # ASCII digits: "[٣]" is not an index
#: Largest list index a path may name. No list in any calculator's input holds
#: more than a few hundred items; the cap stops a typing slip in a batch CSV
#: column (``placements[10000000].cost``) from building a list of millions.
MAX_INDEX = 999


def parse(path: str) -> list[str | int]:
    """Split ``a.b[2].c`` into ``["a", "b", 2, "c"]``; raise ``ValueError`` if malformed."""
    parts: list[str | int] = []
    pos = 0
    while pos < len(path):
        match = _TOKEN.match(path, pos)
        if match is None or (pos == 0 and path.startswith(".")):
            raise ValueError(f"cannot read the field path {path!r} at character {pos + 1}")
        name, index = match.groups()
        if index is not None and int(index) > MAX_INDEX:
            raise ValueError(f"the field path {path!r} names item {int(index):,} of a list; the largest index allowed is {MAX_INDEX}")
        parts.append(int(index) if index is not None else name)
        pos = match.end()
    if not parts:
        raise ValueError("the field path is empty")
    return parts


def join(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """Inverse of :func:`parse`: ``["a", 2, "b"]`` → ``a[2].b``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def set_value(document: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at ``path`` in ``document``, creating dicts and list slots as needed.

    Lists are padded with ``None`` up to the index, so ``moves[1].children``
    may be set before ``moves[0]``; a gap left at the end fails validation.
    """
    parts = parse(path)
    node: Any = document
    for here, nxt in zip(parts, parts[1:]):
        empty: Any = [] if isinstance(nxt, int) else {}
        if isinstance(here, int):
            if not isinstance(node, list):
                raise ValueError(f"{path!r}: {join(parts[: parts.index(here)])} is not a list")
            while len(node) <= here:
                node.append(None)
            if node[here] is None:
                node[here] = empty
            node = node[here]
        else:
            if not isinstance(node, dict):
                raise ValueError(f"{path!r}: cannot set {here!r} inside a non-object")
            if node.get(here) is None:
                node[here] = empty
            node = node[here]
    last = parts[-1]
    if isinstance(last, int):
        if not isinstance(node, list):
            raise ValueError(f"{path!r}: not a list")
        while len(node) <= last:
            node.append(None)
        node[last] = value
    else:
        if not isinstance(node, dict):
            raise ValueError(f"{path!r}: cannot set {last!r} inside a non-object")
        node[last] = value


def pattern_of(path: str) -> str:
    """The spec pattern of a concrete path: ``placements[2].cost`` → ``placements[].cost``."""
    return re.sub(r"\[[0-9]+\]", "[]", path)
