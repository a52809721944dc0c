"""The worked-example pages (``docs/notebooks/*.ipynb``), tidied after mkdocs-jupyter renders them (a hook).

Each page gets a link, under its title, to download the ``.ipynb`` (which
mkdocs-jupyter's ``include_source`` copies beside the page; Material no
longer shows a download button for it); its code cells and outputs are kept
out of the search index (the prose stays in it); nbconvert's heading anchors
become Material's; each cell's hidden source for the copy button becomes a
hidden ``<pre>``; and mkdocs-jupyter's MathJax and Mermaid loaders, which
point at a CDN, are removed: the site loads nothing from another host and the
notebooks use neither.

What is added comes from the macros in ``overrides/hooks/notebook_pages.html``,
rendered through the theme's Jinja environment.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from css_prune import prune_css

TEMPLATE = "hooks/notebook_pages.html"

_CODE_CELL = re.compile(r'<div class="jp-Cell jp-CodeCell\b')
# mkdocs-jupyter's template loads MathJax (with an empty URL unless one is set)
# and, for Mermaid outputs, imports Mermaid from cdnjs. The notebooks use
# neither, and the site must load nothing from another host.
_CDN_SCRIPTS = (
    re.compile(r'<script src="[^"]*"> </script>\s*<!-- MathJax configuration -->'),
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>', re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>', re.S),
    re.compile(r"<!-- (?:Load mathjax|End of mathjax configuration) -->"),
)

_FIRST_H1_END = re.compile(r"</h1>")
_CLIPBOARD_TEXT = re.compile(
    r'<div (?:id="(?P<id>cell-\d+)" class="clipboard-copy-txt"|class="clipboard-copy-txt" id="(?P<id2>cell-\d+)")>'
    r"(?P<source>.*?)</div>",
    re.S,
)
_ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="(#[^"]*)">¶</a>')
_DIV_TAG = re.compile(r"<div\b[^>]*>|</div>")

# nbconvert's CSS (JupyterLab's theme, about 590 KB, and pandas' table
# styles), which mkdocs-jupyter puts inline in every notebook page, goes into
# one shared stylesheet linked from the notebook pages only, so a reader's
# browser fetches and caches it once; and of it only the rules that can style
# something on those pages are kept (css_prune.py: about 16 KB of the 590).
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>\s*", re.S)
NBCONVERT_CSS = "assets/stylesheets/nbconvert.css"
# The site's own notebook styles: on the notebook and data catalogue pages only.
NOTEBOOKS_CSS = "stylesheets/notebooks.css"

# Charts: committed in the notebooks as base64 PNGs inside the page; served as
# files beside the page instead, so the HTML stays small and images cache.
_DATA_IMAGE = re.compile(r'src="data:image/(png|jpeg|svg\+xml);base64,([A-Za-z0-9+/=\s]+)"')

# Set by on_config for this build.
_build: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    _build["macros"] = config.theme.get_env().get_template(TEMPLATE).module
    _build["css"] = {}  # each distinct block of nbconvert CSS, in the order first seen
    _build["images"] = {}  # path in the site -> bytes
    _build["pages"] = []  # each notebook page's final HTML, which the CSS is pruned against
    return None


def _css_text(block: str) -> str:
    """A block's CSS; mkdocs-jupyter writes the Pygments block as a Python list's repr."""
    text = block.strip()
    if text.startswith("['") and text.endswith("']"):
        text = "\n".join(ast.literal_eval(text))
    return text


def move_styles_out(html_text: str, blocks: dict[str, str]) -> str:
    """``html_text`` without its ``<style>`` elements; their CSS is added to ``blocks`` (by hash)."""

    def take(match: re.Match[str]) -> str:
        css = _css_text(match[1])
        blocks.setdefault(hashlib.sha256(css.encode()).hexdigest(), css)
        return ""

    return _STYLE.sub(take, html_text)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str | None:
    """Link the notebook stylesheets from the pages that use them (and only those)."""
    src = page.file.src_uri
    if not (src.endswith(".ipynb") or src.startswith("data/")):
        return None
    prefix = "../" * page.url.count("/") if config.use_directory_urls else "../" * src.count("/")
    sheets = [NOTEBOOKS_CSS] + ([NBCONVERT_CSS] if src.endswith(".ipynb") else [])
    links = "".join(f'<link rel="stylesheet" href="{prefix}{sheet}">' for sheet in sheets)
    output = output.replace("</head>", links + "</head>", 1)
    if src.endswith(".ipynb"):
        _build["pages"].append(output)
    return output


def png_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's width and height in pixels, from its IHDR chunk (the PNG specification, section 11.2.2), or None."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _image_file(match: re.Match[str], page: Page) -> str:
    """An image's ``src`` as a file beside the page, named by its content's hash; a PNG with its size.

    The width and height let the browser keep the chart's space before it
    arrives, so the text below does not move (Lighthouse asks it of offscreen
    images; the stylesheet's ``max-width: 100%; height: auto`` still scales it).
    """
    data = base64.b64decode("".join(match[2].split()))
    name = f"figure-{hashlib.sha256(data).hexdigest()[:12]}.{match[1].replace('+xml', '')}"
    folder = Path(page.file.dest_uri).parent
    _build["images"][(folder / name).as_posix()] = data
    size = png_size(data) if match[1] == "png" else None
    return f'src="{name}"' + (f' width="{size[0]}" height="{size[1]}"' if size else "")


def on_post_build(*, config: MkDocsConfig) -> None:
    for path, data in _build.get("images", {}).items():
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if not _build.get("css"):
        return
    target = Path(config.site_dir) / NBCONVERT_CSS
    target.parent.mkdir(parents=True, exist_ok=True)
    css = "\n\n".join(_build["css"].values()) + "\n"
    target.write_text(prune_css(css, _build["pages"]), encoding="utf-8")


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if not page.file.src_uri.endswith(".ipynb"):
        return None
    macros = _build["macros"]
    for pattern in _CDN_SCRIPTS:
        html_text = pattern.sub("", html_text)
    html_text = move_styles_out(html_text, _build["css"])
    html_text = _DATA_IMAGE.sub(lambda m: _image_file(m, page), html_text)
    # nbconvert's heading anchors become Material's, so they look the same as on
    # other pages and their "¶" stays out of search results' titles.
    html_text = _ANCHOR_LINK.sub(lambda m: str(macros.headerlink(m[1])), html_text)
    # mkdocs-jupyter keeps each cell's source in a hidden <div> for its copy
    # button; as a hidden <pre> it is the same to the button (which copies the
    # element's text) and is read as code, not prose, by anything that reads the page.
    html_text = _CLIPBOARD_TEXT.sub(lambda m: str(macros.copy_source(m["id"] or m["id2"], m["source"])), html_text)
    # Code wider than the page scrolls: make each block focusable, as Material does for its own.
    html_text = html_text.replace('<div class="highlight-ipynb ', '<div tabindex="0" class="highlight-ipynb ')
    link = str(macros.download_link(Path(page.file.src_uri).name))
    html_text = _FIRST_H1_END.sub(lambda m: m[0] + link, html_text, count=1)
    return exclude_code_cells_from_search(html_text, macros)


def exclude_code_cells_from_search(html_text: str, macros: Any) -> str:
    """Wrap each code cell (its code and outputs) in the ``search_excluded`` macro's ``<section>``.

    Material's search skips an element marked ``data-search-exclude`` and
    strips the attribute afterwards, so code and outputs stay on the page but
    out of the index, while the notebook's prose is still found by search.
    The mark goes on a wrapping ``<section>``, not on the cell's own ``<div>``,
    because Material's parser tracks skipped elements by tag name: the first
    nested ``</div>`` would end the exclusion.
    """
    out: list[str] = []
    pos = 0
    for cell in _CODE_CELL.finditer(html_text):
        if cell.start() < pos:
            continue  # a code cell inside a code cell: already wrapped
        depth = 0
        for tag in _DIV_TAG.finditer(html_text, cell.start()):
            depth += -1 if tag.group(0) == "</div>" else 1
            if depth == 0:
                end = tag.end()
                break
        else:
            raise PluginError("a notebook code cell's <div> is never closed: has mkdocs-jupyter's template changed?")
        out += [html_text[pos : cell.start()], str(macros.search_excluded(html_text[cell.start() : end]))]
        pos = end
    out.append(html_text[pos:])
    return "".join(out)
