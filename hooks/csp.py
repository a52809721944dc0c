"""A strict Content Security Policy on every page (a hook; issue 18, item 16).

Each page's final HTML gets a ``<meta http-equiv="Content-Security-Policy">``
tag right after its ``<meta charset>``. Scripts may come only from the site
itself, plus the inline scripts that the page holds when it is built (Material's
few lines that restore the palette and the reader's settings, and any other
fixed inline script): each is allowed by the SHA-256 hash of its exact text,
computed here over the page's final HTML, so a new inline script is covered
without a list to keep up to date, and a script injected later is not.

The policy (see :func:`policy`)::

    default-src 'self'                  nothing from another host
    script-src 'self' 'wasm-unsafe-eval' 'sha256-…'
                                        the site's scripts, the page's own inline
                                        scripts by hash, WebAssembly (Pyodide);
                                        no 'unsafe-inline', no 'unsafe-eval'
    style-src 'self' 'unsafe-hashes' 'sha256-…'
                                        the site's stylesheets, and the page's own
                                        style attributes and <style> elements by
                                        hash; no 'unsafe-inline' (see below)
    img-src 'self' data:                Material's icons and nbconvert's output
                                        images are data: URLs
    worker-src 'self'                   the calculators' Web Worker (worker.js)
    object-src 'none'; base-uri 'self'; form-action 'self'

Styles: the only inline styles in the built HTML are ``style`` attributes
that Python-Markdown writes for right-aligned table columns
(``style="text-align: right;"``) and the ones in notebook outputs. An
attribute can be allowed by its hash only with ``'unsafe-hashes'``, which
allows exactly those hashed values and nothing else, so that is used rather
than ``'unsafe-inline'``. Styles that scripts set through the CSSOM
(``element.style.top = …``: Chart.js sizing its canvas, Material's header and
tooltips) are not governed by CSP; a script that wrote a ``style`` attribute
or a ``<style>`` element at run time would be refused, and the browser tests
fail on any such report.

A ``<meta>`` policy cannot carry ``frame-ancestors`` (nor reporting), and a
dedicated worker follows the policy of its own response, not the page's.
So the build also writes ``_headers`` at the site's root (the format of
Netlify and Cloudflare Pages): the same policy for every address, with
``frame-ancestors 'self'``, for servers that can set headers (the README
shows the nginx line).

Under ``mkdocs serve`` (``make serve``) the pages carry no policy: the
development server injects an inline live-reload script into every page as
it serves it, with a timestamp in its text, so no hash written at build time
could allow it, and a policy would stop the page reloading after an edit.
``mkdocs build`` (and so every published copy) always has the policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# An inline script: a <script> element without a src attribute, and its text.
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)

# Every inline script's hash seen in this build, for the header policy.
_ALL_HASHES: set[str] = set()
_ALL_STYLE_HASHES: set[str] = set()

_STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def style_hashes(html: str) -> list[str]:
    """Hashes of every ``style`` attribute's value and every ``<style>`` element's text in ``html``."""
    seen: dict[str, None] = {}
    for match in _STYLE_ATTRIBUTE.finditer(html):
        seen[_sha256(unescape(match.group(1) if match.group(1) is not None else match.group(2)))] = None
    for match in _STYLE_ELEMENT.finditer(html):
        seen[_sha256(match.group(1))] = None
    return list(seen)


def script_hashes(html: str) -> list[str]:
    """CSP source expressions (``'sha256-…'``) for every inline script in ``html``, in order of first use."""
    seen: dict[str, None] = {}
    for match in _INLINE_SCRIPT.finditer(html):
        seen[_sha256(match.group(1))] = None
    return list(seen)


def policy(hashes: list[str] | set[str], styles: list[str] | set[str] = (), header: bool = False) -> str:
    """The policy text; ``header``: the HTTP header's, which can also say who may frame the page."""
    directives = [
        "default-src 'self'",
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *sorted(hashes)]),
        " ".join(["style-src 'self'", *(["'unsafe-hashes'", *sorted(styles)] if styles else [])]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if header:
        directives.append("frame-ancestors 'self'")
    return "; ".join(directives)


def with_policy(html: str) -> str:
    """``html`` with its meta policy added after ``<meta charset>`` (or at the top of ``<head>``)."""
    hashes, styles = script_hashes(html), style_hashes(html)
    _ALL_HASHES.update(hashes)
    _ALL_STYLE_HASHES.update(styles)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, styles)}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html  # not an HTML page (a fragment): nothing to protect
    return html[: anchor.end()] + tag + html[anchor.end() :]


# Whether this run is `mkdocs serve` (set by on_startup, which MkDocs calls
# once per command, before the first build; the hook module outlives the
# rebuilds that serve makes after each edit).
_SERVING = {"on": False}


def on_startup(*, command: str, dirty: bool) -> None:
    _SERVING["on"] = command == "serve"


def on_pre_build(config: MkDocsConfig, **kwargs: Any) -> None:
    _ALL_HASHES.clear()
    _ALL_STYLE_HASHES.clear()


def on_post_page(output: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    return output if _SERVING["on"] else with_policy(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig, **kwargs: Any) -> str:
    # Material's 404.html and any other page rendered from a theme template.
    return with_policy(output_content) if template_name.endswith(".html") and not _SERVING["on"] else output_content


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    header = policy(_ALL_HASHES, _ALL_STYLE_HASHES, header=True)
    text = (
        "# The site's Content Security Policy as an HTTP header, for hosts that read this\n"
        "# file (Netlify, Cloudflare Pages); for nginx, see the README. Written by hooks/csp.py.\n"
        f"/*\n  Content-Security-Policy: {header}\n"
    )
    Path(config["site_dir"], "_headers").write_text(text, encoding="utf-8")
