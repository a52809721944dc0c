"""The service worker: the site offline after one visit, the runtime after a calculator has loaded it.

After the build this hook writes ``sw.js`` at the site's root from
``hooks/service_worker.js``, with

* the precache list: every file of the built site with a digest of its
  content (so a new build changes ``sw.js``, the browser installs the new
  worker, and only changed files are fetched again), except the Python
  runtime and the calculators wheel (a page without a calculator never
  fetches them; they are cached when a calculator first loads them), the
  precompressed copies (``.gz``, ``.br``) and Workbox itself;
* the list of the runtime's and the wheel's files, the only addresses the
  runtime cache keeps (each once, whatever query it is asked with);
* the digest of the runtime and the wheel, which names their cache.

It copies the browser builds of Workbox (npm packages pinned in
package.json) into ``assets/workbox/``. The page script that registers the
worker is ``docs/javascripts/service-worker.js``.

It runs after every other hook that writes into the site (it is listed
after them in mkdocs.yml), so the list is of the finished site.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_suffix(".js")
WORKBOX = ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching")
WORKBOX_DEST = "assets/workbox"
SERVICE_WORKER = "sw.js"
# Fetched only by a calculator's worker, never precached (issue 16, goals 1 and 4).
RUNTIME_DIRS = ("assets/calculators/pyodide/", "assets/calculators/wheel/")
# Material's search loads lunr's language packs only for languages other than
# English (theme.language is en): nearly 1 MB that no page of this site asks for.
UNUSED_DIRS = ("assets/javascripts/lunr/",)
_NOT_PRECACHED_SUFFIXES = (".gz", ".br", ".map")


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
    write_service_worker(site)
