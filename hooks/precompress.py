"""Precompressed copies of the site's larger files, for servers that serve them (issue 16, goal 3).

After the build, every text or WebAssembly file of at least ``MIN_BYTES``
gets a gzip copy beside it (``pyodide.asm.wasm`` -> ``pyodide.asm.wasm.gz``)
when that saves at least a tenth of its size. A server that serves
precompressed files (nginx ``gzip_static on``, Caddy ``file_server
precompressed gzip``, Apache with mod_rewrite rules, many static hosts)
then sends the small copy to browsers that accept gzip, with no compression
work per request; other servers ignore the copies. The standard library's
``gzip`` at level 9, with no timestamp, so a rebuild gives identical files.

No Brotli copies: that needs a compression library the project does not
otherwise use, for a few per cent more on the runtime.

It runs last (mkdocs.yml), after every hook that writes into the site.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

MIN_BYTES = 1024
SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml", ".txt", ".ipynb", ".csv", ".map"}
# Not zip files (the wheel, python_stdlib.zip): they are compressed already
# (gzip takes 2 % off python_stdlib.zip).


def gzip_copy(path: Path) -> Path | None:
    """Write ``path.gz`` if it saves at least 10 %; return it, or None."""
    data = path.read_bytes()
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    if len(packed) > 0.9 * len(data):
        return None
    out = path.with_name(path.name + ".gz")
    out.write_bytes(packed)
    return out


def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.stat().st_size < MIN_BYTES:
            continue
        if path.suffix in SUFFIXES:
            gzip_copy(path)
