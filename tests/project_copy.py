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

import shutil
import socket
from pathlib import Path

from bench._local_site import ROOT

COPIED_DIRS = ("calculators", "data", "docs", "hooks", "overrides")
COPIED_FILES = ("mkdocs.yml", "pyproject.toml", "constraints.txt", "package.json", "package-lock.json", "Makefile")
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
