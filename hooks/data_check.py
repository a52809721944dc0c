"""Stop the build when a file in ``data/`` breaks its schema (a hook).

Runs first (``on_config``), so a bad row is reported with its file, line and
reason before any page is rendered. The checking itself is ``datasets.py``'s,
which the other hooks share: each file is validated once per build.
"""

from __future__ import annotations

import logging
from typing import Any

from datasets import DATA_DIR, check_all
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.data_check")


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    problems = check_all()
    if problems:
        raise PluginError("Invalid data in data/:\n" + "\n".join(f"  {p}" for p in problems))
    log.debug("data/: every dataset matches its schema")
    return None


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
    # Rebuild when a dataset or its schema changes: figures on pages come from them.
    server.watch(str(DATA_DIR))
    return server
