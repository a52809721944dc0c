"""Run every benchmark module in ``bench/`` (those with a ``run()`` function) and print their tables.

Usage: ``python -m bench`` runs all; ``python -m bench engine`` runs the named ones.
Results are written to ``bench/results/<module>.json``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def _modules() -> list[str]:
    """Benchmark modules: every module of this package that defines ``run``, in name order."""
    names = []
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if callable(getattr(module, "run", None)):
            names.append(info.name)
    return names


def _print_table(result: dict[str, Any]) -> None:
    columns, rows = result["columns"], [[str(v) for v in row] for row in result["rows"]]
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
    print(result["title"])
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(row, widths))))
    if result.get("goal"):
        verdict = {True: "met", False: "NOT met", None: "not judged"}[result.get("met")]
        print(f"Goal: {result['goal']} — {verdict}")
    print()


# Issue 31's figures, each beside its goal, gathered from the modules run (their "issue_goals"):
# one table at the end of the run, so a reader sees every goal of the issue together.
SUMMARY_TITLE = "Issue 31: every figure beside its goal (from the tables above)"


def _summary(results: list[dict[str, Any]]) -> dict[str, Any] | None:
    rows = [goal for result in results for goal in result.get("issue_goals", [])]
    if not rows:
        return None
    verdict = {True: "met", False: "NOT met", None: "(information)"}
    return {
        "title": SUMMARY_TITLE,
        "columns": ["figure", "measured", "goal", "verdict"],
        "rows": [[g["figure"], g["measured"], g["goal"], verdict[g["met"]]] for g in rows],
    }


def main(argv: list[str] | None = None) -> int:
    wanted = (argv if argv is not None else sys.argv[1:]) or _modules()
    unknown = [name for name in wanted if name not in _modules()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(_modules())}", file=sys.stderr)
        return 2
    RESULTS.mkdir(exist_ok=True)
    all_met = True
    done = []
    for name in wanted:
        started = time.perf_counter()
        result = importlib.import_module(f"bench.{name}").run()
        result["seconds"] = round(time.perf_counter() - started, 2)
        result["python"] = sys.version.split()[0]
        _print_table(result)
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        all_met = all_met and result.get("met") is not False
        done.append(result)
    summary = _summary(done)
    if summary:
        _print_table(summary)
    print(f"Results written to {RESULTS.relative_to(HERE.parent)}/")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
