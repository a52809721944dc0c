"""Which files of Pyodide's python_stdlib.zip the calculator pages import.

    python hooks/pyodide_stdlib/probe.py           # print the list
    python hooks/pyodide_stdlib/probe.py --write   # rewrite files.txt (make stdlib-list)

Builds the calculators' wheel as the site build does, runs probe.mjs under
Node (Pyodide from node_modules, exercise.py inside it) and reads back the
standard-library files that were imported. files.txt keeps what the site
ships; tests/test_pyodide_stdlib.py checks that it still covers the probe.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from calculator_pages import PYODIDE_SRC, STDLIB_LIST, build_wheel  # noqa: E402

HEADER = """\
# The files of Pyodide's python_stdlib.zip that the site ships (hooks/calculator_pages.py
# writes a trimmed copy of the zip holding only these, and every file under pyodide/ and
# _pyodide/, Pyodide's own packages). Made by `make stdlib-list`, which runs
# hooks/pyodide_stdlib/probe.mjs: Pyodide under Node imports what the calculator pages
# use (exercise.py). tests/test_pyodide_stdlib.py fails when a file the probe imports is
# missing here; the browser tests run every calculator with the trimmed zip.
"""


def probe(pyodide_dir: Path = PYODIDE_SRC) -> list[str]:
    """The standard-library files (paths inside python_stdlib.zip) that the exercise imports,
    with the runtime in ``pyodide_dir`` (the npm package's, unless another is given)."""
    proc = subprocess.run(["node", str(HERE / "probe.mjs"), str(pyodide_dir), str(build_wheel())], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"the Pyodide probe failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    files = probe()
    if "--write" in argv:
        STDLIB_LIST.write_text(HEADER + "\n".join(files) + "\n", encoding="utf-8")
        print(f"{len(files)} files written to {STDLIB_LIST}")
    else:
        print("\n".join(files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
