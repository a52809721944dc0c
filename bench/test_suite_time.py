"""The test suite's time, from the record its last whole run left (issue 31).

Goal (issue 31): ``make test`` on a fresh clone of this 2-core machine stays
under 30 minutes. Running the suite here would add half an hour to every
``make bench``, so this prints what the last whole run of the suite in this
checkout measured (``tests/suite_record.py`` writes it), with its date and
commit: a figure from an older commit than the one checked out is marked so.
The goal is judged only on a run under ``CI=true`` (``bash .ci/run``, which
runs ``make test`` on a fresh clone) that passed; any other record is
printed as information. ``bash .ci/run`` leaves its record in the fresh
clone it runs in: copy ``bench/results/test-suite.json`` from there.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

from bench._local_site import ROOT

RECORD = ROOT / "bench" / "results" / "test-suite.json"
GOAL_SECONDS = 30 * 60


def _minutes(seconds: float | None) -> str:
    return "–" if seconds is None else f"{int(seconds // 60)} min {int(seconds % 60):02d} s"


def _head() -> str:
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return proc.stdout.strip()


def run(record_path=RECORD) -> dict[str, Any]:
    title = "The test suite: the last whole run of `make test` in this checkout (tests/suite_record.py)"
    goal = "`make test` on a fresh clone under 30 min"
    if not record_path.exists():
        return {"title": title, "columns": ["figure", "value"],
                "rows": [["record", "none: run `make test` (or `bash .ci/run` for a fresh clone) first"]],
                "goal": goal, "met": None,
                "issue_goals": [{"figure": "make test on a fresh clone", "measured": "no record", "goal": "< 30 min",
                                 "met": None}]}
    record = json.loads(record_path.read_text(encoding="utf-8"))
    counts = record.get("counts", {})
    passed = record.get("exit_status") == 0
    judged = record.get("ci") and passed
    whole = record.get("make_test_seconds") or record["tests_seconds"]
    stale = "" if record["commit"] == _head() else f" (of commit {record['commit']}, not the one checked out)"
    met = whole < GOAL_SECONDS if judged else None
    rows = [
        ["finished", record["finished"] + stale],
        ["fresh clone under CI=true", "yes" if record.get("ci") else "no"],
        ["tests", ", ".join(f"{n} {k}" for k, n in counts.items() if n) or "–"],
        ["the tests alone", _minutes(record["tests_seconds"])],
        ["make test, set-up included", _minutes(record.get("make_test_seconds"))],
    ]
    return {
        "title": title, "columns": ["figure", "value"], "rows": rows, "goal": goal, "met": met,
        "issue_goals": [{"figure": "make test on a fresh clone (set-up included, from the last whole run's record)",
                         "measured": f"{_minutes(whole)}, {record['finished'][:10]}{stale}", "goal": "< 30 min",
                         "met": met}],
    }
