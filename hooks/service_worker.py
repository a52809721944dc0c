"""The service worker: each page offline once read, the whole site on request, the runtime once loaded.

After the build this hook writes ``sw.js`` at the site's root from
``hooks/service_worker.js``, with

* the list of the site's files a reader can keep (the pages they open, or
  all of them with "Keep this site for offline use"): every file of the
  built site with a digest of its content (so a new build changes
  ``sw.js``, the browser installs the new worker, and a reader who kept the
  site fetches only the changed files again), except the Python runtime and
  the calculators wheel (a page without a calculator never fetches them;
  they are cached when a calculator first loads them), the precompressed
  copies (``.gz``, ``.br``) and Workbox itself;
* the list of the runtime's and the wheel's files, the only addresses the
  runtime cache keeps (each once, whatever query it is asked with);
* the digest of the runtime and the wheel, which names their cache.

It writes the size of the site a reader keeps with "Keep this site for
offline use" into every page's footer (``__OFFLINE_SITE_MB__`` and
``__OFFLINE_SITE_RAW_MB__`` in overrides/partials/copyright.html): what it
downloads from a server that sends the compressed copies, and without them.

It copies the browser builds of Workbox (npm packages pinned in
package.json) into ``assets/workbox/``. The page script that registers the
worker is ``docs/javascripts/service-worker.js``.

It runs after every other hook that writes into the site (it is listed
after them in mkdocs.yml), so the list is of the finished site.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_suffix(".js")
WORKBOX = ("workbox-core", "workbox-routing")
WORKBOX_DEST = "assets/workbox"
SERVICE_WORKER = "sw.js"
# Fetched only by a calculator's worker, never precached (issue 16, goals 1 and 4).
RUNTIME_DIRS = ("assets/calculators/pyodide/", "assets/calculators/wheel/")
# Material's search loads lunr's language packs only for languages other than
# English (theme.language is en): nearly 1 MB that no page of this site asks for.
UNUSED_DIRS = ("assets/javascripts/lunr/",)
_NOT_PRECACHED_SUFFIXES = (".gz", ".br", ".map")
# In the footer (overrides/partials/copyright.html), replaced after the build.
PLACEHOLDER_MB = "__OFFLINE_SITE_MB__"
PLACEHOLDER_RAW_MB = "__OFFLINE_SITE_RAW_MB__"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


def precache_manifest(site: Path) -> list[dict[str, str]]:
    """Workbox's precache entries ({url, revision}, relative to the site's root) for ``site``."""
    entries = []
    for path in _files(site):
        rel = path.relative_to(site).as_posix()
        if (
            rel == SERVICE_WORKER
            or rel.startswith(RUNTIME_DIRS + UNUSED_DIRS)
            or rel.startswith(WORKBOX_DEST + "/")
            or rel.startswith("__")  # the benchmark's own pages (bench/)
            or rel.endswith(_NOT_PRECACHED_SUFFIXES)
        ):
            continue
        entries.append({"url": rel, "revision": _digest(path)})
    return entries


def runtime_files(site: Path) -> list[str]:
    """The runtime's and the wheel's files (relative to the site's root): the only ones the runtime cache keeps."""
    rels = (path.relative_to(site).as_posix() for path in _files(site))
    return [rel for rel in rels if rel.startswith(RUNTIME_DIRS) and not rel.endswith(_NOT_PRECACHED_SUFFIXES)]


def runtime_digest(site: Path) -> str:
    digest = hashlib.sha256()
    for rel in runtime_files(site):
        digest.update(rel.encode())
        digest.update(_digest(site / rel).encode())
    return digest.hexdigest()[:16]


def _precompress() -> ModuleType:
    """hooks/precompress.py, for its rule of which files get a gzip copy (hooks are not a package)."""
    spec = importlib.util.spec_from_file_location("precompress_hook", Path(__file__).with_name("precompress.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def offline_size(site: Path) -> tuple[int, int]:
    """Bytes of every file a reader keeps with "Keep this site for offline use": (compressed, raw).

    Compressed: each file as a server that sends the build's gzip copies
    sends it (hooks/precompress.py's rule; zlib's default level here, a
    little larger than the copies' level 9, so the figure is not flattering).
    """
    rule = _precompress()
    packed = raw = 0
    for entry in precache_manifest(site):
        data = (site / entry["url"]).read_bytes()
        raw += len(data)
        small = len(data) >= rule.MIN_BYTES and Path(entry["url"]).suffix in rule.SUFFIXES
        squeezed = len(gzip.compress(data, mtime=0)) if small else len(data)
        packed += squeezed if squeezed <= 0.9 * len(data) else len(data)
    return packed, raw


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f}"


def write_offline_size(site: Path) -> None:
    """Put the site's size into each page's "Keep this site for offline use" note."""
    packed, raw = offline_size(site)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if PLACEHOLDER_MB in text:
            text = text.replace(PLACEHOLDER_RAW_MB, _megabytes(raw)).replace(PLACEHOLDER_MB, _megabytes(packed))
            page.write_text(text, encoding="utf-8")


def write_service_worker(site: Path) -> Path:
    """Write ``sw.js`` for the site as it is now in ``site`` (also used by the tests, after changing a file)."""
    text = TEMPLATE.read_text(encoding="utf-8")
    for placeholder in ('"__PRECACHE_MANIFEST__"', '"__RUNTIME_FILES__"', "__RUNTIME_DIGEST__"):
        if placeholder not in text:
            raise PluginError(f"{TEMPLATE}: the placeholder {placeholder} is missing")
    text = text.replace('"__PRECACHE_MANIFEST__"', json.dumps(precache_manifest(site), separators=(",", ":")))
    text = text.replace('"__RUNTIME_FILES__"', json.dumps(runtime_files(site), separators=(",", ":")))
    text = text.replace("__RUNTIME_DIGEST__", runtime_digest(site))
    out = site / SERVICE_WORKER
    out.write_text(text, encoding="utf-8")
    return out


def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    dest = site / WORKBOX_DEST
    dest.mkdir(parents=True, exist_ok=True)
    for name in WORKBOX:
        build = ROOT / "node_modules" / name / "build" / f"{name}.prod.js"
        if not build.exists():
            raise PluginError(f"{build} is missing: run `npm ci` (make setup does)")
        # Without its source map: the comment pointing at it goes too.
        text = build.read_text(encoding="utf-8")
        text = "\n".join(line for line in text.splitlines() if not line.startswith("//# sourceMappingURL="))
        (dest / build.name).write_text(text + "\n", encoding="utf-8")
    write_offline_size(site)
    write_service_worker(site)
