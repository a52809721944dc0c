"""Bytecode made by Pyodide's own Python, shipped in the calculators' wheel
and in the site's trimmed standard library.

Without it, Pyodide compiles from source each module it imports, each time a
reader's browser starts Python: some 126 standard-library modules during
``loadPyodide`` (its zip holds source only), then for a business case the 45
modules of the calculators it uses and a dozen more of the standard library.
The standard library's copy holds the bytecode in place of the source
(``compile_files``; see ``calculator_pages.write_trimmed_stdlib``). The wheel
the site serves carries, beside each ``.py`` file, the ``.pyc`` file that
Pyodide's import looks for (``__pycache__/<module>.cpython-314.pyc``), made
at build time by the very runtime the site serves: ``pyodide_bytecode.mjs``
runs the npm package ``pyodide`` under Node. Bytecode is specific to one
Python version, so it cannot come from the CPython that runs the build.

The ``.pyc`` files are "unchecked hash" ones: Python uses them without
comparing them with the source. A timestamp ``.pyc`` would be rejected,
because unpacking the wheel in the browser gives every file a new date; and
checking a hash would mean reading and hashing the source on every import.
They cannot go stale: the wheel is built, and compiled, afresh whenever a
source file changes (``calculator_pages.build_wheel``). The ``.py`` files stay,
so a traceback still shows the source line.

The wheel stays ``py3-none-any``: CPython 3.11 (the command line, pip) looks
for ``cpython-311`` files and never reads these.

If Node or Pyodide cannot run, the build stops with a message saying so,
rather than quietly serving a wheel that makes every reader wait for the
compiler: the build needs Node and ``npm ci`` already (the runtime it serves
comes from ``node_modules``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError

__all__ = ["SOURCES", "add_to_wheel", "compile_folder", "compile_files"]

SCRIPT = Path(__file__).resolve().with_suffix(".mjs")
#: What makes the bytecode, for the caches' digests: a change to either makes it again.
SOURCES = (Path(__file__).resolve(), SCRIPT)


def compile_folder(pyodide_dir: Path, folder: Path, layout: str = "pycache", prefix: str = "") -> dict:
    """Compile every ``.py`` file under ``folder`` with Pyodide's Python (see pyodide_bytecode.mjs).

    Returns that Python's ``magic`` number (hex), ``cache_tag`` and the count ``compiled``.
    """
    node = shutil.which("node")
    if node is None:
        raise PluginError("Compiling the calculators for the browser needs Node.js (node), which is not on PATH; install Node 20+ and run `make setup`")
    if not (pyodide_dir / "pyodide.mjs").exists():
        raise PluginError(f"Compiling the calculators for the browser needs Pyodide in {pyodide_dir}; run `npm ci` (or `make setup`)")
    proc = subprocess.run([node, str(SCRIPT), str(pyodide_dir), str(folder), layout, prefix], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise PluginError(f"Compiling the calculators with Pyodide's Python failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compile_files(pyodide_dir: Path, sources: dict[str, bytes], prefix: str) -> dict[str, bytes]:
    """The bytecode of each source (a path ending ``.py``: its text), as zipimport looks for it:
    ``path + "c"``. ``prefix`` goes before each path in the name tracebacks show."""
    with tempfile.TemporaryDirectory(prefix="csc-stdlib-pyc-") as tmp:
        tree = Path(tmp)
        for name, data in sources.items():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            (tree / name).write_bytes(data)
        report = compile_folder(pyodide_dir, tree, "legacy", prefix)
        compiled = {name + "c": (tree / (name + "c")).read_bytes() for name in sources}
    magic = bytes.fromhex(report["magic"])
    wrong = [name for name, data in compiled.items() if not data.startswith(magic)]
    if report["compiled"] != len(sources) or wrong:
        raise PluginError(f"Pyodide's Python compiled {report['compiled']} of {len(sources)} standard-library files ({len(wrong)} with another magic number)")
    return compiled


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def add_to_wheel(wheel: Path, pyodide_dir: Path) -> int:
    """Add to ``wheel``, in place, the ``.pyc`` of each of its ``.py`` files, made by Pyodide's
    Python, and list them in its RECORD. Returns how many were added."""
    with tempfile.TemporaryDirectory(prefix="csc-wheel-pyc-") as tmp:
        tree = Path(tmp)
        with zipfile.ZipFile(wheel) as original:
            infos = original.infolist()
            contents = {info.filename: original.read(info) for info in infos}
        for name, data in contents.items():
            if name.endswith(".py"):
                (tree / name).parent.mkdir(parents=True, exist_ok=True)
                (tree / name).write_bytes(data)
        report = compile_folder(pyodide_dir, tree)
        pycs = {path.relative_to(tree).as_posix(): path.read_bytes() for path in sorted(tree.rglob("*.pyc"))}
    sources = sum(name.endswith(".py") for name in contents)
    if report["compiled"] != sources or len(pycs) != sources:
        raise PluginError(f"Pyodide's Python compiled {report['compiled']} of the wheel's {sources} modules ({len(pycs)} .pyc files written)")
    magic = bytes.fromhex(report["magic"])
    wrong = [name for name, data in pycs.items() if not data.startswith(magic) or f".{report['cache_tag']}.pyc" not in name]
    if wrong:
        raise PluginError(f"bytecode not made by Pyodide's Python ({report['cache_tag']}): {', '.join(wrong[:5])}")
    record_name = next(name for name in contents if name.endswith(".dist-info/RECORD"))
    record = contents[record_name].decode("utf-8").splitlines()
    # RECORD's own line ("…/RECORD,,") stays last.
    record[-1:-1] = [_record_line(name, data) for name, data in pycs.items()]
    stamp = infos[0].date_time  # the build's fixed date, so the same sources give the same bytes
    partial = wheel.with_name(wheel.name + f".{os.getpid()}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            if info.filename != record_name:
                out.writestr(info, contents[info.filename])
        for name, data in pycs.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, data)
        record_info = next(info for info in infos if info.filename == record_name)
        out.writestr(record_info, ("\n".join(record) + "\n").encode("utf-8"))
    os.replace(partial, wheel)
    return len(pycs)
