"""Calculator pages: the self-hosted Python runtime, the calculators wheel, and
results prerendered at build time.

A page becomes a calculator page by naming one in its front matter
(``calculator: placement-cost``) and holding the marker ``<!-- calculator -->``
where the calculator goes. For such a page this hook:

* writes the calculator's boot data into the page: its input spec, presets,
  default input, its declared presentation (form layout, headline, chart:
  ``calculators.presentation``; the page's front matter holds only prose),
  and the result of the package's JSON entry point on that default input
  (run here under CPython), so real figures show at once;
* renders that result's summary and tables as HTML, labelled with the inputs
  they belong to, so they are readable before any script runs, in print and
  without JavaScript;
* adds the page script (``javascripts/calculator/page.js``), which draws the
  form and takes over when an input changes; and, at the top of the page's
  ``<head>``, the runtime's addresses and the module that starts the Web
  Worker hosting Pyodide (``start.js``), so Python's two-second start begins
  while the rest of the page is still arriving (``runtime.js`` adopts it).

The markup comes from Jinja templates in ``overrides/hooks/calculator/``,
rendered through the theme's environment.

After the build it copies into the site only what a pure-Python wheel needs
from the npm package ``pyodide`` (pinned in package-lock.json), the wheel of
``calculators/`` built with the standard build front end, with each module's
bytecode made by Pyodide's own Python (``pyodide_bytecode.py``: the browser
then imports without compiling), and the charting library. Pages without a
calculator reference none of it.

Every file the calculators load has an address that changes with its
content, so a returning reader gets the new build's files even from a server
that sends no caching headers (``http.server`` and many intranet servers
send only Last-Modified, and the browser then reuses its stored copy for a
while): the Python runtime sits in ``assets/calculators/pyodide/<digest>/``
and the wheel in ``assets/calculators/wheel/<digest>/``, named after their
bytes; the page scripts under ``javascripts/calculator/`` are asked for as
``page.js?v=<digest>`` (one digest of them all), and each one's imports of
the others carry the same ``?v=`` in the built site; Chart.js carries its own.

The business case page (the marker ``<!-- business-case -->``) gets the same
runtime addresses and, as its boot data, each calculator's title and page and
the price years of the deflators, all from the calculators package; its script
is ``javascripts/calculator/case-page.js`` (template ``business_case.html``).

The hook knows nothing about formulas: it calls ``calculators.run_json``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pyodide_bytecode
from fresh_import import fresh_calculators
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

__all__ = ["MARKER", "PYODIDE_FILES", "build_wheel"]

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
SCRIPTS_DIR = "javascripts/calculator"
PAGE_SCRIPT = f"{SCRIPTS_DIR}/page.js"
START_SCRIPT = f"{SCRIPTS_DIR}/start.js"
WORKER_SCRIPT = f"{SCRIPTS_DIR}/worker.js"
CASE_MARKER = "<!-- business-case -->"
CASE_SCRIPT = f"{SCRIPTS_DIR}/case-page.js"
CASE_PAGE = "calculators/business-case.md"
# A page script's import of another ("./calculator.js"), given its ?v= in the built site.
_RELATIVE_IMPORT = re.compile(r"""(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\./[\w.-]+\.js)\2""")

_state: dict[str, Any] = {}


# The wheel ----------------------------------------------------------------


def _source_digest() -> str:
    """A digest of everything that goes into the wheel, to reuse an identical build: the
    package, its data, pyproject.toml, and what makes its bytecode (Pyodide's version and
    pyodide_bytecode's two files)."""
    digest = hashlib.sha256()
    paths = [ROOT / "pyproject.toml", *sorted((ROOT / "calculators").rglob("*.py")), *sorted((ROOT / "data").glob("*")),
             PYODIDE_SRC / "package.json", *pyodide_bytecode.SOURCES]
    for path in paths:
        if path.is_file():
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_wheel() -> Path:
    """Build (or reuse) the wheel of ``calculators/`` that the site serves.

    ``python -m build --wheel --no-isolation`` uses the hatchling pinned in the
    virtual environment, so it needs no network. Then Pyodide's own Python
    (under Node) adds each module's bytecode, so the reader's browser imports
    without compiling (see pyodide_bytecode.py). A wheel is reused while the
    package, its data, pyproject.toml and Pyodide are unchanged, so
    ``mkdocs serve`` rebuilds and the test builds stay quick; it is built in a
    folder of its own and moved into place when whole, so an interrupted build
    leaves nothing to reuse.
    """
    out = Path(tempfile.gettempdir()) / "csc-calculators-wheel" / _source_digest()
    wheels = sorted(out.glob("*.whl"))
    if wheels:
        return wheels[0]
    partial = out.with_name(out.name + f".{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(partial), str(ROOT)],
        capture_output=True,
        text=True,
    )
    wheels = sorted(partial.glob("*.whl"))
    if proc.returncode != 0 or not wheels:
        raise PluginError(f"Building the calculators wheel failed:\n{proc.stdout}\n{proc.stderr}")
    if not wheels[0].name.endswith("-py3-none-any.whl"):
        raise PluginError(f"{wheels[0].name} is not a pure-Python wheel; Pyodide cannot load it as it is")
    compiled = pyodide_bytecode.add_to_wheel(wheels[0], PYODIDE_SRC)
    try:
        partial.rename(out)
    except OSError:  # another build (a parallel test run) made it first: the same bytes
        shutil.rmtree(partial, ignore_errors=True)
    log.info("built %s with the bytecode of its %d modules", wheels[0].name, compiled)
    return sorted(out.glob("*.whl"))[0]


# Content addresses ------------------------------------------------------------


def _digest_of(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def scripts_digest(docs_dir: Path) -> str:
    """One digest of every page script (``javascripts/calculator/*.js``): their ``?v=``."""
    return _digest_of(sorted((docs_dir / SCRIPTS_DIR).glob("*.js")))


def versioned_imports(text: str, version: str) -> str:
    """A page script's text with each import of another page script asking for ``?v=version``."""
    return _RELATIVE_IMPORT.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}?v={version}{m.group(2)}", text)


def prepare_runtime() -> Path:
    """A folder holding the runtime files exactly as the site ships them (the
    standard library trimmed), made once per content of their sources."""
    sources = [PYODIDE_SRC / name for name in PYODIDE_FILES] + [STDLIB_LIST, Path(__file__), *pyodide_bytecode.SOURCES]
    out = Path(tempfile.gettempdir()) / "csc-pyodide-runtime" / _digest_of(sources)
    if all((out / name).exists() for name in PYODIDE_FILES):
        return out
    partial = out.with_name(out.name + f".{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name in PYODIDE_FILES:
        if name == "python_stdlib.zip":
            write_trimmed_stdlib(PYODIDE_SRC / name, partial / name)
        else:
            shutil.copy2(PYODIDE_SRC / name, partial / name)
    try:
        partial.rename(out)
    except OSError:  # another build (a parallel test run) made it first: the same bytes
        shutil.rmtree(partial, ignore_errors=True)
        if not all((out / name).exists() for name in PYODIDE_FILES):
            raise
    return out


# Rendering ----------------------------------------------------------------
# Markup lives in templates under overrides/hooks/calculator/, rendered
# through the theme's Jinja environment (as Material's own hooks do).


def _json(value: Any, indent: int | None = None) -> str:
    separators = None if indent else (",", ":")
    return json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)


def _render(config: MkDocsConfig, template: str, **context: Any) -> str:
    return config.theme.get_env().get_template(f"hooks/calculator/{template}").render(**context)


def _script_url(script: str, page: Page) -> str:
    return f"{get_relative_url(script, page.url)}?v={_state['scripts']}"


def _runtime_addresses(page: Page, wheel: str) -> dict[str, str]:
    """Where the page finds the worker, the Pyodide runtime and the wheel
    (relative to the page), each at its content address: for start.js in the
    <head> and for page.js on a page reached by instant navigation."""
    return {
        "worker": _script_url(WORKER_SCRIPT, page),
        "pyodide": get_relative_url(f"{PYODIDE_DEST}/{_state['runtime_digest']}/", page.url),
        "wheel": get_relative_url(f"{WHEEL_DEST}/{_state['wheel_digest']}/{wheel}", page.url),
    }


def _widget(page: Page, config: MkDocsConfig, boot: dict[str, Any]) -> str:
    """The calculator's HTML, with the default scenario's results (templates ``widget.html``, ``results.html``)."""
    return _render(
        config,
        "widget.html",
        name=boot["calculator"],
        client_json=_json(boot["client"]),
        runtime=_runtime_addresses(page, boot["wheel"]),
        chart_url=f"{get_relative_url(CHART_DEST, page.url)}?v={_state['chart_digest']}",
        page_script=_script_url(PAGE_SCRIPT, page),
        result=boot["output"]["result"],
        chart=boot["client"].get("chart"),
        # The headline figures the calculator declares (its presentation's form headline), shown above the chart.
        headline=[item for key in ((boot["client"].get("form") or {}).get("headline") or []) for item in boot["output"]["result"].get("summary", []) if item["key"] == key],
        output_json=_json(boot["output"], indent=1),
        input_json=_json(boot["client"]["default_input"]),
    )


# MkDocs hooks ---------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    for path in [PYODIDE_SRC / f for f in PYODIDE_FILES] + [CHART_JS]:
        if not path.exists():
            raise PluginError(f"{path} is missing: run `npm ci` (make setup does)")
    _state["wheel"] = build_wheel()
    _state["wheel_digest"] = _digest_of([_state["wheel"]])
    _state["runtime"] = prepare_runtime()
    _state["runtime_digest"] = _digest_of([_state["runtime"] / name for name in PYODIDE_FILES])
    _state["chart_digest"] = _digest_of([CHART_JS])
    _state["scripts"] = scripts_digest(Path(config.docs_dir))
    _state["calculators"] = fresh_calculators()
    return None


def _case_boot(page: Page, files: Files) -> dict[str, Any]:
    """What the business case page needs besides Python: each calculator's title and page, the price years."""
    calculators = _state["calculators"]
    registry, prices = (importlib.import_module(f"{calculators.__name__}.{module}") for module in ("registry", "prices"))
    pages = {}
    for name in calculators.list_calculators():
        source = f"calculators/{name}.md"
        if files.get_file_from_path(source) is None:
            raise PluginError(f"{page.file.src_uri}: the calculator {name!r} has no page {source} to open its scenarios on")
        pages[name] = {"title": registry.get(name).title, "url": get_relative_url(f"calculators/{name}/", page.url)}
    return {"wheel": _state["wheel"].name, "calculators": pages, "price_years": list(prices.years())}


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    name = page.meta.get("calculator")
    if CASE_MARKER in markdown:
        page.meta["case_boot"] = _case_boot(page, files)
        return markdown.replace(CASE_MARKER, f"\n<div>{_PLACEHOLDER}</div>\n", 1)
    if name is None:
        if MARKER in markdown:
            raise PluginError(f"{page.file.src_uri}: {MARKER} needs `calculator:` in the front matter")
        return None
    if markdown.count(MARKER) != 1:
        raise PluginError(f"{page.file.src_uri}: a calculator page needs exactly one {MARKER}")
    calculators = _state["calculators"]
    if name not in calculators.list_calculators():
        raise PluginError(f"{page.file.src_uri}: unknown calculator {name!r}; known: {sorted(calculators.list_calculators())}")
    if files.get_file_from_path(CASE_PAGE) is None:
        raise PluginError(f"{page.file.src_uri}: “Add to business case” needs the business case page {CASE_PAGE}")
    default = calculators.default_input(name)
    output = calculators.run_json(name, default)
    if not output.get("ok"):
        raise PluginError(f"{page.file.src_uri}: the default input of {name!r} is invalid: {output.get('errors')}")
    stray = [key for key in ("form", "chart") if key in page.meta]
    if stray:
        raise PluginError(f"{page.file.src_uri}: `{'`, `'.join(stray)}:` in the front matter is no longer read; the calculator declares its form and chart (calculators.presentation)")
    # How the page shows the calculator: the form's layout (main question first,
    # then sections), its headline figures and its chart, declared with it.
    presentation = calculators.presentation(name)
    page.meta["calculator_boot"] = {
        "calculator": name,
        "wheel": _state["wheel"].name,
        "output": output,
        # What the page script needs to draw the form.
        "client": {
            "spec": calculators.input_spec(name),
            "presets": {p: calculators.preset_input(name, p) for p in calculators.list_calculators()[name]},
            "default_input": default,
            "chart": presentation["chart"],
            "form": presentation["form"],
            # Where "Add to business case" (business-case-link.js) sends the reader.
            "case_url": get_relative_url(CASE_PAGE.removesuffix(".md") + "/", page.url),
        },
    }
    return markdown.replace(MARKER, f"\n<div>{_PLACEHOLDER}</div>\n")


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if page.meta.get("case_boot") is not None:
        boot = page.meta["case_boot"]
        widget = _render(config, "business_case.html", boot_json=_json(boot), runtime=_runtime_addresses(page, boot["wheel"]), page_script=_script_url(CASE_SCRIPT, page))
        return html_text.replace(f"<div>{_PLACEHOLDER}</div>", widget)
    boot = page.meta.get("calculator_boot")
    if boot is None:
        return None
    # After Markdown, so the widget's JSON and HTML pass through untouched.
    return html_text.replace(f"<div>{_PLACEHOLDER}</div>", _widget(page, config, boot))


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str | None:
    boot = page.meta.get("calculator_boot") or page.meta.get("case_boot")
    if boot is None:
        return None
    head = _render(
        config,
        "head.html",
        addresses_json=_json(_runtime_addresses(page, boot["wheel"])),
        start_script=_script_url(START_SCRIPT, page),
    )
    # Straight after <meta charset>, ahead of the stylesheets, so the worker starts first.
    marker = '<meta charset="utf-8">'
    if marker not in output:
        raise PluginError(f"{page.file.src_uri}: no {marker} in the page; has the theme's template changed?")
    return output.replace(marker, marker + "\n" + head.strip(), 1)


# The standard library, trimmed and compiled ---------------------------------
# Pyodide's python_stdlib.zip holds all of Python's standard library (2.5 MB),
# as source: Python compiled every module it imports from it at each start,
# about half of loadPyodide's time. The site ships a copy holding only the
# files listed in hooks/pyodide_stdlib/files.txt (see there for how the list
# is made and checked) and Pyodide's own packages, whole, each as the bytecode
# Pyodide's own Python makes of it (pyodide_bytecode.py), in place of the
# source: zipimport then loads it without compiling. The source is left out
# (it would double the download, 0.85 MB more): a traceback in the standard
# library still names the file and line, without the line's text.
STDLIB_LIST = ROOT / "hooks" / "pyodide_stdlib" / "files.txt"
STDLIB_ALWAYS = ("pyodide/", "_pyodide/")
# Where Pyodide mounts python_stdlib.zip: the file names tracebacks show.
STDLIB_MOUNT = "/lib/python314.zip/"


def stdlib_files() -> set[str]:
    """The files of python_stdlib.zip the site ships (besides STDLIB_ALWAYS)."""
    lines = STDLIB_LIST.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def shipped_name(name: str) -> str:
    """The name a file of python_stdlib.zip has in the site's copy: a module's source becomes its bytecode."""
    return name + "c" if name.endswith(".py") else name


def write_trimmed_stdlib(source: Path, dest: Path) -> None:
    """``source`` (python_stdlib.zip) with only the files the calculators need, each module
    compiled by Pyodide's Python, as ``dest``.

    Entries keep their dates and order, so the same inputs give the same bytes.
    """
    wanted = stdlib_files()
    with zipfile.ZipFile(source) as whole:
        names = {info.filename for info in whole.infolist()}
        missing = sorted(wanted - names)
        if missing:
            raise PluginError(f"{STDLIB_LIST.relative_to(ROOT)} lists files that {source.name} does not hold: {', '.join(missing[:5])}; run `make stdlib-list` after changing the pyodide version")
        kept = [info for info in whole.infolist() if not info.is_dir() and (info.filename in wanted or info.filename.startswith(STDLIB_ALWAYS))]
        # A folder's own entry stays where a kept file is inside it, as in the original.
        folders = {info.filename for info in whole.infolist() if info.is_dir() and any(k.filename.startswith(info.filename) for k in kept)}
        compiled = pyodide_bytecode.compile_files(PYODIDE_SRC, {i.filename: whole.read(i) for i in kept if i.filename.endswith(".py")}, STDLIB_MOUNT)
        with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as trimmed:
            for info in whole.infolist():
                if info in kept and info.filename.endswith(".py"):
                    entry = zipfile.ZipInfo(shipped_name(info.filename), date_time=info.date_time)
                    entry.external_attr = info.external_attr
                    trimmed.writestr(entry, compiled[entry.filename], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
                elif info in kept or info.filename in folders:
                    trimmed.writestr(info, whole.read(info), compress_type=info.compress_type, compresslevel=9)


def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for folder, digest, files in (
        (PYODIDE_DEST, _state["runtime_digest"], [_state["runtime"] / name for name in PYODIDE_FILES]),
        (WHEEL_DEST, _state["wheel_digest"], [_state["wheel"]]),
    ):
        # Only this build's copy: a folder of an earlier build (mkdocs serve rebuilds in place) goes.
        shutil.rmtree(site / folder, ignore_errors=True)
        (site / folder / digest).mkdir(parents=True)
        for path in files:
            shutil.copy2(path, site / folder / digest / path.name)
    (site / CHART_DEST).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(CHART_JS, site / CHART_DEST)
    for script in sorted((site / SCRIPTS_DIR).glob("*.js")):
        script.write_text(versioned_imports(script.read_text(encoding="utf-8"), _state["scripts"]), encoding="utf-8")


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
    # The calculators and their data feed the calculator pages.
    server.watch(str(ROOT / "calculators"))
    return server
