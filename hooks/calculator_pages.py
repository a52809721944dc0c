"""Calculator pages: the self-hosted Python runtime, the calculators wheel, and
results prerendered at build time.

A page becomes a calculator page by naming one in its front matter
(``calculator: placement-cost``) and holding the marker ``<!-- calculator -->``
where the calculator goes. For such a page this hook:

* writes the calculator's boot data into the page: its input spec, presets,
  default input, and the result of the package's JSON entry point on that
  default input (run here under CPython), so real figures show at once;
* renders that result's tables as HTML, so they are readable before any
  script runs, in print and without JavaScript;
* adds the page script (``javascripts/calculator/page.js``), which starts a
  Web Worker hosting Pyodide and takes over when an input changes; and, at
  the top of the page's ``<head>``, the runtime's addresses and a few lines
  that start the worker, so Python's two-second start begins while the rest
  of the page is still arriving (``runtime.js`` adopts that worker).

After the build it copies into the site only what a pure-Python wheel needs
from the npm package ``pyodide`` (pinned in package-lock.json), the wheel of
``calculators/`` built with the standard build front end, and the charting
library. Pages without a calculator reference none of it.

The hook knows nothing about formulas: it calls ``calculators.run_json``.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from fresh_import import fresh_calculators
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

__all__ = ["MARKER", "PYODIDE_FILES", "build_wheel", "render_tables"]

log = logging.getLogger("mkdocs.plugins.calculator_pages")

ROOT = Path(__file__).resolve().parent.parent
MARKER = "<!-- calculator -->"
_PLACEHOLDER = "CALCULATOR-PLACEHOLDER-7f3a"

# What loadPyodide() fetches for a runtime with no extra packages: the
# loader, the Emscripten module and its WebAssembly, the standard library,
# and the lock file it reads at start-up. Nothing else of the npm package.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PYODIDE_SRC = ROOT / "node_modules" / "pyodide"
CHART_JS = ROOT / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"

# Where things land in the built site.
ASSETS = "assets/calculators"
PYODIDE_DEST = f"{ASSETS}/pyodide"
WHEEL_DEST = f"{ASSETS}/wheel"
CHART_DEST = f"{ASSETS}/vendor/chart.umd.min.js"
PAGE_SCRIPT = "javascripts/calculator/page.js"
WORKER_SCRIPT = "javascripts/calculator/worker.js"

_state: dict[str, Any] = {}


# The wheel ----------------------------------------------------------------


def _source_digest() -> str:
    """A digest of everything that goes into the wheel, to reuse an identical build."""
    digest = hashlib.sha256()
    paths = [ROOT / "pyproject.toml", *sorted((ROOT / "calculators").rglob("*.py")), *sorted((ROOT / "data").glob("*"))]
    for path in paths:
        if path.is_file():
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_wheel() -> Path:
    """Build (or reuse) the pure-Python wheel of ``calculators/``.

    ``python -m build --wheel --no-isolation`` uses the hatchling pinned in the
    virtual environment, so it needs no network. A wheel is reused while the
    package, its data and pyproject.toml are unchanged, so ``mkdocs serve``
    rebuilds stay quick.
    """
    out = Path(tempfile.gettempdir()) / "csc-calculators-wheel" / _source_digest()
    wheels = sorted(out.glob("*.whl"))
    if wheels:
        return wheels[0]
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    wheels = sorted(out.glob("*.whl"))
    if proc.returncode != 0 or not wheels:
        raise PluginError(f"Building the calculators wheel failed:\n{proc.stdout}\n{proc.stderr}")
    if not wheels[0].name.endswith("-py3-none-any.whl"):
        raise PluginError(f"{wheels[0].name} is not a pure-Python wheel; Pyodide cannot load it as it is")
    log.info("built %s", wheels[0].name)
    return wheels[0]


# Rendering ----------------------------------------------------------------


def _format(value: Any, unit: str | None) -> str:
    """A cell as a reader expects it; the JSON keeps the exact number."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if unit == "£":
            return f"−£{abs(value):,.0f}" if value < 0 else f"£{value:,.0f}"
        if unit == "%":
            return f"{value:,.1f}%"
        if isinstance(value, float) and not value.is_integer():
            return f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{value:,.0f}"
    return str(value)


def _with_unit(value: Any, unit: str | None) -> str:
    """A headline figure with its unit, e.g. "20.5 cases per FTE" or "1 year"."""
    text = _format(value, unit)
    if not unit or unit in ("£", "%") or isinstance(value, bool) or not isinstance(value, (int, float)):
        return text
    if value == 1 and unit in ("years", "months"):
        unit = unit[:-1]
    return f"{text} {unit}"


def _heading(col: dict[str, Any]) -> str:
    """A column heading with its unit, unless the label already says it ("Open cases", not "Open cases (cases)")."""
    unit = col.get("unit")
    if unit and unit not in ("£", "%") and unit.lower() not in col["label"].lower():
        return f"{col['label']} ({unit})"
    return col["label"]


def render_tables(result: dict[str, Any]) -> str:
    """The result's summary and tables as accessible HTML (the page script renders the same shape)."""
    parts = []
    summary = result.get("summary") or []
    if summary:
        parts.append('<dl class="calculator-summary">')
        for item in summary:
            label = html.escape(str(item["label"]))
            parts.append(
                f'<div><dt>{label}</dt><dd data-key="{html.escape(item["key"])}">'
                f"{html.escape(_with_unit(item['value'], item.get('unit')))}</dd></div>"
            )
        parts.append("</dl>")
    for table in result.get("tables") or []:
        # A wide table scrolls inside its own region, which keyboard users must be able to reach.
        parts.append(
            f'<div class="calculator-table" data-table="{html.escape(table["id"])}" tabindex="0" '
            f'role="region" aria-label="{html.escape(table["title"])}">'
        )
        parts.append(f'<table><caption>{html.escape(table["title"])}</caption><thead><tr>')
        for col in table["columns"]:
            parts.append(f'<th scope="col">{html.escape(_heading(col))}</th>')
        parts.append("</tr></thead><tbody>")
        for row in table["rows"]:
            cells = []
            for i, col in enumerate(table["columns"]):
                text = html.escape(_format(row.get(col["key"]), col.get("unit")))
                cells.append(f'<th scope="row">{text}</th>' if i == 0 else f"<td>{text}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table></div>")
    return "\n".join(parts)


def _runtime_addresses(page: Page, wheel: str) -> dict[str, str]:
    """Where the page finds the worker, the Pyodide runtime and the wheel
    (relative to the page): for the start-up script in the <head> and for
    page.js on a page reached by instant navigation."""
    return {
        "worker": get_relative_url(WORKER_SCRIPT, page.url),
        "pyodide": get_relative_url(PYODIDE_DEST + "/", page.url),
        "wheel": get_relative_url(WHEEL_DEST + "/" + wheel, page.url),
    }


def _widget(name: str, page: Page, boot: dict[str, Any]) -> str:
    """The calculator's HTML. Data travels in attributes and a <pre>, not in
    inline <script> elements: Material's instant navigation re-creates inline
    scripts as plain JavaScript, which would run the JSON and drop it."""

    runtime = _runtime_addresses(page, boot["wheel"])
    attr = html.escape(json.dumps(boot["client"], ensure_ascii=False, separators=(",", ":")), quote=True)
    output = html.escape(json.dumps(boot["output"], ensure_ascii=False, indent=1))
    return f"""
<div class="calculator" data-calculator="{html.escape(name)}" data-calculator-boot="{attr}"
     data-pyodide-url="{runtime['pyodide']}" data-wheel-url="{runtime['wheel']}"
     data-worker-url="{runtime['worker']}" data-chart-url="{get_relative_url(CHART_DEST, page.url)}">
  <div class="calculator-runtime" data-calculator-runtime>
    <p role="status" aria-live="polite" data-calculator-status>The results below are for the default
    scenario, worked out when this site was built. Turn on JavaScript to change the inputs.</p>
    <progress max="3" value="0" aria-label="Loading the calculator" data-calculator-progress hidden></progress>
  </div>
  <div class="calculator-layout">
    <p class="calculator-jump" data-calculator-jump hidden><a href="#calculator-results-{name}">Go to the results</a></p>
    <form class="calculator-form" data-calculator-form novalidate aria-label="Calculator inputs" hidden></form>
    <section class="calculator-results" tabindex="0" aria-labelledby="calculator-results-{name}">
      <h2 id="calculator-results-{name}">Results</h2>
      <p class="calculator-scenario" data-calculator-scenario>Default scenario, calculated when this site was built.</p>
      <div class="calculator-errors" data-calculator-errors hidden></div>
      <figure class="calculator-chart" data-calculator-chart hidden></figure>
      <div data-calculator-tables>{render_tables(boot["output"]["result"])}</div>
      <div class="calculator-actions" data-calculator-actions hidden></div>
    </section>
  </div>
  <pre class="calculator-result-json" data-calculator-result hidden>{output}</pre>
</div>
<script type="module" async src="{get_relative_url(PAGE_SCRIPT, page.url)}"></script>
"""


# MkDocs hooks ---------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    for path in [PYODIDE_SRC / f for f in PYODIDE_FILES] + [CHART_JS]:
        if not path.exists():
            raise PluginError(f"{path} is missing: run `npm ci` (make setup does)")
    _state["wheel"] = build_wheel()
    _state["calculators"] = fresh_calculators()
    return None


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    name = page.meta.get("calculator")
    if name is None:
        if MARKER in markdown:
            raise PluginError(f"{page.file.src_uri}: {MARKER} needs `calculator:` in the front matter")
        return None
    if markdown.count(MARKER) != 1:
        raise PluginError(f"{page.file.src_uri}: a calculator page needs exactly one {MARKER}")
    calculators = _state["calculators"]
    if name not in calculators.list_calculators():
        raise PluginError(f"{page.file.src_uri}: unknown calculator {name!r}; known: {sorted(calculators.list_calculators())}")
    default = calculators.default_input(name)
    output = calculators.run_json(name, default)
    if not output.get("ok"):
        raise PluginError(f"{page.file.src_uri}: the default input of {name!r} is invalid: {output.get('errors')}")
    page.meta["calculator_boot"] = {
        "calculator": name,
        "wheel": _state["wheel"].name,
        "output": output,
        # What the page script needs to draw the form; the chart settings are
        # the page's own presentation choice (front matter `chart:`).
        "client": {
            "spec": calculators.input_spec(name),
            "presets": {p: calculators.preset_input(name, p) for p in calculators.list_calculators()[name]},
            "default_input": default,
            "chart": page.meta.get("chart"),
        },
    }
    return markdown.replace(MARKER, f"\n<div>{_PLACEHOLDER}</div>\n")


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    boot = page.meta.get("calculator_boot")
    if boot is None:
        return None
    # After Markdown, so the widget's JSON and HTML pass through untouched.
    return html_text.replace(f"<div>{_PLACEHOLDER}</div>", _widget(boot["calculator"], page, boot))


# Starts the worker while the page is still being read: a module script runs
# only when the parser lets it (some 100 ms later on a calculator page), so a
# few lines of plain script create the worker at once and keep its first
# messages; runtime.js (imported by page.js) adopts both.
_EARLY_START = (
    "(()=>{const m=document.querySelector('meta[name=\"calculator-runtime\"]');if(!m||window.__calculatorWorker)return;"
    "const a=JSON.parse(m.content),u=(p)=>new URL(p,document.baseURI).href,w=new URL(u(a.worker));"
    "w.searchParams.set('pyodide',u(a.pyodide));w.searchParams.set('wheel',u(a.wheel));"
    "const worker=new Worker(w.href,{type:'module'}),early=[];worker.onmessage=(e)=>early.push(e.data);"
    "worker.onerror=(e)=>early.push({type:'failed',message:e.message||'the worker script could not run'});"
    "window.__calculatorWorker={worker,early};})();"
)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str | None:
    if page.meta.get("calculator_boot") is None:
        return None

    addresses = html.escape(json.dumps(_runtime_addresses(page, page.meta["calculator_boot"]["wheel"])), quote=True)
    head = (
        f'<meta name="calculator-runtime" content="{addresses}">\n'
        f"<script>{_EARLY_START}</script>\n"
    )
    # Straight after <meta charset>, ahead of the stylesheets, so the download starts first.
    marker = '<meta charset="utf-8">'
    if marker not in output:
        raise PluginError(f"{page.file.src_uri}: no {marker} in the page; has the theme's template changed?")
    return output.replace(marker, marker + "\n" + head, 1)


def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    (site / PYODIDE_DEST).mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE_SRC / name, site / PYODIDE_DEST / name)
    wheel_dir = site / WHEEL_DEST
    shutil.rmtree(wheel_dir, ignore_errors=True)
    wheel_dir.mkdir(parents=True)
    shutil.copy2(_state["wheel"], wheel_dir / _state["wheel"].name)
    (site / CHART_DEST).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(CHART_JS, site / CHART_DEST)


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
    # The calculators and their data feed the calculator pages.
    server.watch(str(ROOT / "calculators"))
    return server
