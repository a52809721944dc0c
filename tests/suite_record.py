"""Keep the time of the last whole-suite run, for ``make bench`` to print (issue 31).

Issue 31's goal "``make test`` on a fresh clone stays under 30 minutes" is a
figure of the test suite itself, so it cannot be measured inside ``make
bench`` without running the suite again (half an hour). Instead, each run
of the *whole* suite (``make test``, which ``bash .ci/run`` runs on a fresh
clone) writes what it took to ``bench/results/test-suite.json``, and
``bench/test_suite_time.py`` prints it beside its goal with the commit and
the date it was measured on, so a stale figure is visible as stale.

A run of part of the suite (``-m``, ``-k``, named files, ``--lf``, ``-x``
stopping early) is not the suite's time and writes nothing.

``make test`` passes ``SUITE_STARTED`` (seconds since the epoch, taken when
make read the Makefile, before set-up), so the record also holds the whole
command's time, set-up included.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "bench" / "results" / "test-suite.json"


def _whole_suite(config: pytest.Config) -> bool:
    """True when this run selects every test: no paths, marks, keywords, last-failed or early stop."""
    option = config.option
    return (
        not config.args or [Path(a).resolve() for a in config.args] == [ROOT / "tests"]
    ) and not (
        option.markexpr or option.keyword or getattr(option, "lf", False)
        or getattr(option, "maxfail", 0) or getattr(option, "deselect", None)
    )


def _commit() -> str:
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return proc.stdout.strip() or "unknown"


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_STARTED] = time.time()


_STARTED = pytest.StashKey[float]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if not _whole_suite(config) or _STARTED not in config.stash:
        return
    finished = time.time()
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    counts = {key: len(reporter.stats.get(key, [])) for key in ("passed", "failed", "error", "skipped")} if reporter else {}
    make_started = os.environ.get("SUITE_STARTED", "")
    record = {
        "finished": datetime.fromtimestamp(finished, timezone.utc).isoformat(timespec="seconds"),
        "commit": _commit(),
        "ci": os.environ.get("CI") == "true",
        "tests_seconds": round(finished - config.stash[_STARTED], 1),
        "make_test_seconds": round(finished - float(make_started), 1) if make_started.isdigit() else None,
        "exit_status": int(exitstatus),
        "counts": counts,
    }
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
