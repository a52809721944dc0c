"""A copy of this checkout in a temporary folder, to edit and build without touching the real one.

The tests that change a source file and watch the site follow the change
(``make serve`` reloading after an edit; a new build reaching a returning
reader) edit the copy, so the checkout stays as it is and other tests that
build it meanwhile are not disturbed. The copy holds what the build reads;
``.venv`` and ``node_modules`` are linked, not copied. Files keep their
modification times (``shutil.copy2``), so ``make``'s set-up stamps stay
newer than ``pyproject.toml`` and ``package.json`` and nothing is reinstalled.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bench._local_site import ROOT

COPIED_DIRS = ("calculators", "data", "docs", "hooks", "overrides")
COPIED_FILES = ("mkdocs.yml", "pyproject.toml", "README.md", "constraints.txt", "package.json", "package-lock.json", "Makefile")
LINKED = (".venv", "node_modules")
_IGNORED = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")


def copy_project(dest: Path) -> Path:
    """Copy this checkout's sources to ``dest`` (created); returns ``dest``."""
    dest.mkdir(parents=True)
    for name in COPIED_DIRS:
        shutil.copytree(ROOT / name, dest / name, ignore=_IGNORED)
    for name in COPIED_FILES:
        shutil.copy2(ROOT / name, dest / name)
    for name in LINKED:
        (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    return dest


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(project: Path, out: Path, site_url: str) -> None:
    """``mkdocs build --strict`` of the copy at ``project`` into ``out``, for ``site_url``; fails the test if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                          cwd=project, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build of the copy failed:\n{proc.stdout[-2000:]}{proc.stderr[-3000:]}", pytrace=False)
