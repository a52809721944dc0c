"""Performance benchmarks: ``python -m bench`` (or ``make bench``).

Each module in this package with a ``run() -> dict`` function is one
benchmark. ``run`` returns ``{"title": str, "columns": [str, ...], "rows":
[[...], ...], "goal": str, "met": bool | None, ...}``; ``python -m bench``
prints every table and writes each result to ``bench/results/<module>.json``
(git-ignored).
"""
