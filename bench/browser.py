"""The calculators in the browser: start-up, first result, recalculation, bytes.

One Chromium run against the built site served on 127.0.0.1 measures:

(a) a bare ``loadPyodide()`` of the site's own runtime on an empty page, cold
    (and, as information, of Pyodide as published: the npm package's files,
    whose standard library is source that Python compiles at each start,
    where the site's holds bytecode);
(b) on the placement cost page: navigation to the prerendered result on
    screen (first contentful paint: the result is in the HTML), and the
    first sign of intent (an input changed as soon as the form appears,
    which starts the runtime: runtime.js marks calculator:intent) to the
    first figures worked out by Pyodide (the headline; then every table)
(c) warm recalculation, over 50 edits, median and 95th percentile: from an
    edit to the headline figures on screen (Python's first, quick answer),
    and to every table and chart (the full answer, with the sensitivity
    analysis; calculator.js calculate);
(d) bytes transferred, cold, for a calculator page (with the runtime) and a
    page without a calculator;
(e) a shared link (the page opened with a scenario after ``#input=``, a
    preset's inputs): navigation to its first figures worked out by Pyodide
    (the headline), against the bare ``loadPyodide`` measured just before it
    (issue 31's goal: within 1.1×), with the time each stage in between
    was reached (the worker started, its script running, Python's runtime
    loaded, the calculators imported, the headline worked out); and, as
    information, the floor: the same worker on an empty page, asked for
    the link's headline at once.

Cold measurements use a fresh browser context (empty cache) each time and
report the median of a few runs; (a) and (b) are taken in turn, and their
ratio is the median of each (b) over the (a) just before it. Figures, not
pass/fail tests: they vary with the machine.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from typing import Any

from bench._local_site import ROOT, served_site_in_chromium

sys.path.insert(0, str(ROOT / "hooks"))
from calculator_pages import PYODIDE_FILES, PYODIDE_SRC  # noqa: E402

COLD_RUNS = 5  # cold start-up varies by ±10% run to run on this machine
EDITS = 50
CALCULATOR_PAGE = "/calculators/placement-cost/"
PLAIN_PAGE = "/glossary/"
# The Python runtime and the calculators' wheel (the same as the service worker's RUNTIME_PATHS);
# the chart library beside them in assets/calculators/vendor/ is not runtime.
RUNTIME_PREFIXES = ("/assets/calculators/pyodide/", "/assets/calculators/wheel/")
# A field of the main question (always on screen): how many children move.
EDIT_FIELD = "scenario.moves[0].children"
# The scenario of the shared link (e): one of the page's presets.
SHARED_PRESET = "strengthening-families-foster-shift"

_EMPTY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loadPyodide benchmark</title></head>
<body><script type="module">
  const indexURL = new URL("__RUNTIME_FOLDER__/", location.href).href;
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const started = performance.now();
  await loadPyodide({ indexURL });
  window.benchLoad = { call_ms: performance.now() - started, since_navigation_ms: performance.now() };
</script></body></html>
"""


def _bytes(page: Any) -> dict[str, int]:
    """Start counting the bytes of every response the page (and its workers) receive."""
    totals = {"all": 0, "runtime": 0}

    def finished(request: Any) -> None:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        totals["all"] += size
        if any(prefix in request.url for prefix in RUNTIME_PREFIXES):
            totals["runtime"] += size

    page.on("requestfinished", finished)
    return totals


def _bench_page(browser: Any, base: str, page_name: str, answer: str) -> Any:
    """Open one of the bench's own pages in a fresh context (cold) and return ``window[answer]`` once it is set."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(f"{base}/__bench__/{page_name}")
    page.wait_for_function(f"() => window.{answer} !== undefined", timeout=120_000)
    result = page.evaluate(f"window.{answer}")
    context.close()
    return result


def _bare_load(browser: Any, base: str, page_name: str = "empty.html") -> dict[str, float]:
    return _bench_page(browser, base, page_name, "benchLoad")


def _calculator_cold(browser: Any, base: str) -> dict[str, float]:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    totals = _bytes(page)
    page.goto(base + CALCULATOR_PAGE, wait_until="commit")
    field = page.locator(f'[data-path="{EDIT_FIELD}"]')
    field.wait_for(state="visible", timeout=30_000)
    field.fill("6")  # the first sign of intent: the runtime starts
    page.wait_for_function("() => performance.getEntriesByName('calculator:first-full-result').length > 0", timeout=120_000)
    timings = page.evaluate(
        """() => ({
            prerendered_ms: performance.getEntriesByName('first-contentful-paint')[0].startTime,
            first_result_ms: performance.getEntriesByName('calculator:first-result')[0].startTime,
            first_full_result_ms: performance.getEntriesByName('calculator:first-full-result')[0].startTime,
            intent_ms: performance.getEntriesByName('calculator:intent')[0].startTime,
            table_in_html: document.querySelector('[data-calculator-tables] table') !== null,
        })"""
    )
    page.wait_for_load_state("networkidle")
    context.close()
    return {**timings, "bytes": totals["all"], "runtime_bytes": totals["runtime"]}


# What happens between navigation and a shared link's first figures: when the page creates the
# worker, when the worker reaches each step (worker.js stamps its progress and ready messages with
# the time it sent them, so a page busy reading itself does not delay the stage: progress 1 = its
# script running, 2 = Python's runtime loaded, ready = the calculators imported), and when the page
# receives the first result (the link's headline worked out).
# Run before the page's own scripts (an init script; the page's policy does not govern it).
_STAGES = """(() => {
  const Original = window.Worker, stages = (window.benchStages = {});
  const mark = (name, at) => { if (!(name in stages)) stages[name] = at ? at - performance.timeOrigin : performance.now(); };
  window.Worker = function (url, options) {
    mark("worker");
    const worker = new Original(url, options);
    worker.addEventListener("message", ({ data }) => mark(data.type === "progress" ? `step${data.step}` : data.type, data.at));
    return worker;
  };
  window.Worker.prototype = Original.prototype;
})();"""
# The stages shown for (e), in order: (the key in benchStages, what it is).
LINK_STAGES = (("worker", "worker started"), ("step1", "worker script running"), ("step2", "Python's runtime loaded"),
               ("ready", "calculators imported"), ("result", "the link's headline worked out"))


def _shared_link_cold(browser: Any, base: str) -> dict[str, float]:
    import json
    from urllib.parse import quote

    import calculators

    link = CALCULATOR_PAGE + "#input=" + quote(json.dumps(calculators.preset_input("placement-cost", SHARED_PRESET)))
    context = browser.new_context(service_workers="block")
    context.add_init_script(script=_STAGES)
    page = context.new_page()
    page.goto(base + link, wait_until="commit")
    page.wait_for_function("() => performance.getEntriesByName('calculator:first-result').length > 0", timeout=120_000)
    first = page.evaluate("() => performance.getEntriesByName('calculator:first-result')[0].startTime")
    stages = page.evaluate("() => window.benchStages")
    context.close()
    return {"first_result_ms": first, "stages_ms": stages}


# (e) as information: the floor for a shared link. The site's own worker, on an empty page, is
# asked for the link's headline as soon as it is created (the worker answers once Python and the
# calculators are in). No page is read or drawn meanwhile, so this is what (e) would be if the
# calculator page cost nothing; its gap to (a) is the worker's own start, unpacking and importing
# the calculators, and working out the headline.
_WORKER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The calculators' worker, alone</title></head>
<body><script type="module">
  const addresses = __ADDRESSES__, page = new URL("__PAGE__", location.href);
  const url = new URL(addresses.worker, page);
  url.searchParams.set("pyodide", new URL(addresses.pyodide, page).href);
  url.searchParams.set("wheel", new URL(addresses.wheel, page).href);
  const worker = new Worker(url.href, { type: "module" });
  worker.postMessage({ type: "run", id: 1, calculator: "placement-cost", input: __INPUT__, drivers: false });
  worker.onmessage = ({ data }) => {
    if (data.type === "result") window.benchWorker = { result_ms: performance.now(), ok: JSON.parse(data.output).ok };
    if (data.type === "failed") window.benchWorker = { failed: data.message };
  };
</script></body></html>
"""


def _worker_page(site: Any) -> str:
    """The empty page that runs the calculator page's own worker (its addresses from the page's <meta>)."""
    import html
    import json
    import re

    import calculators

    page_html = (site / CALCULATOR_PAGE.strip("/") / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta name="calculator-runtime" content="([^"]*)"', page_html)
    if meta is None:
        raise SystemExit(f"{CALCULATOR_PAGE} has no calculator-runtime <meta>: has hooks/calculator_pages.py changed?")
    link_input = json.dumps(calculators.preset_input("placement-cost", SHARED_PRESET))
    return (_WORKER_PAGE.replace("__ADDRESSES__", html.unescape(meta.group(1)))
            .replace("__PAGE__", ".." + CALCULATOR_PAGE).replace("__INPUT__", json.dumps(link_input)))


def _worker_alone(browser: Any, base: str) -> float:
    result = _bench_page(browser, base, "worker.html", "benchWorker")
    if not result.get("ok"):
        raise SystemExit(f"the worker alone did not answer the link's headline: {result}")
    return result["result_ms"]


def _warm_edits(browser: Any, base: str) -> dict[str, list[float]]:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(base + CALCULATOR_PAGE)
    page.locator(f'[data-path="{EDIT_FIELD}"]').focus()  # intent: the runtime starts
    page.wait_for_selector(".calculator[data-calculator-state=ready]", state="attached", timeout=120_000)
    headline, full, python = [], [], []
    for i in range(EDITS):
        page.evaluate("document.querySelector('.calculator').dataset.calculatorState = 'waiting'")
        page.locator(f'[data-path="{EDIT_FIELD}"]').fill(str(1 + i % 20))
        page.wait_for_selector(".calculator[data-calculator-state=computed]", state="attached", timeout=30_000)
        calculator = page.locator(".calculator")
        headline.append(float(calculator.get_attribute("data-calculator-latency-ms")))
        python.append(float(calculator.get_attribute("data-calculator-quick-ms")))
        full.append(float(calculator.get_attribute("data-calculator-full-latency-ms")))
    context.close()
    return {"headline": headline, "full": full, "python": python}


def _calculator_read(browser: Any, base: str) -> dict[str, int]:
    """A reader who only reads the calculator page: loads it and scrolls to the end."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    totals = _bytes(page)
    page.goto(base + CALCULATOR_PAGE)
    page.keyboard.press("End")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(2000)
    context.close()
    return {"bytes": totals["all"], "runtime_bytes": totals["runtime"]}


def _plain_page(browser: Any, base: str) -> dict[str, int]:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    totals = _bytes(page)
    page.goto(base + PLAIN_PAGE)
    page.wait_for_load_state("networkidle")
    context.close()
    return {"bytes": totals["all"], "runtime_bytes": totals["runtime"]}


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def run() -> dict[str, Any]:
    with served_site_in_chromium() as (site, base, browser):
        (site / "__bench__").mkdir()
        # The runtime's folder is named after its content (hooks/calculator_pages.py).
        (runtime,) = (site / "assets" / "calculators" / "pyodide").glob("*/")
        (site / "__bench__" / "empty.html").write_text(_EMPTY_PAGE.replace("__RUNTIME_FOLDER__", f"../assets/calculators/pyodide/{runtime.name}"), encoding="utf-8")
        # Pyodide as published, beside it (information: what the site's compiled standard library saves).
        (site / "__bench__" / "npm").mkdir()
        for name in PYODIDE_FILES:
            shutil.copy2(PYODIDE_SRC / name, site / "__bench__" / "npm" / name)
        (site / "__bench__" / "npm.html").write_text(_EMPTY_PAGE.replace("__RUNTIME_FOLDER__", "npm"), encoding="utf-8")
        (site / "__bench__" / "worker.html").write_text(_worker_page(site), encoding="utf-8")
        # (a) and (b) in turn, so that the machine's drift during the
        # run (it varies by ±10%) falls on both alike; each (b) is
        # compared with the (a) measured just before it.
        bare, cold, linked, bare_for_link, published, alone = [], [], [], [], [], []
        for _ in range(COLD_RUNS):
            published.append(_bare_load(browser, base, "npm.html"))
            bare.append(_bare_load(browser, base))
            cold.append(_calculator_cold(browser, base))
            bare_for_link.append(_bare_load(browser, base))
            linked.append(_shared_link_cold(browser, base))
            alone.append(_worker_alone(browser, base))
        warm = _warm_edits(browser, base)
        plain = _plain_page(browser, base)
        read = _calculator_read(browser, base)

    a = statistics.median(r["since_navigation_ms"] for r in bare)
    a_call = statistics.median(r["call_ms"] for r in bare)
    prerendered = statistics.median(r["prerendered_ms"] for r in cold)
    first = statistics.median(r["first_result_ms"] for r in cold)
    ratio = statistics.median((c["first_result_ms"] - c["intent_ms"]) / b["since_navigation_ms"] for b, c in zip(bare, cold))
    intent_to_first = statistics.median(c["first_result_ms"] - c["intent_ms"] for c in cold)
    intent_to_full = statistics.median(c["first_full_result_ms"] - c["intent_ms"] for c in cold)
    median_warm, p95_warm = statistics.median(warm["headline"]), _percentile(warm["headline"], 95)
    median_full, p95_full = statistics.median(warm["full"]), _percentile(warm["full"], 95)
    calc_bytes = statistics.median(r["bytes"] for r in cold)
    link_ratio = statistics.median(s["first_result_ms"] / b["since_navigation_ms"] for b, s in zip(bare_for_link, linked))
    link_first = statistics.median(s["first_result_ms"] for s in linked)
    a_published = statistics.median(r["since_navigation_ms"] for r in published)
    alone_ms = statistics.median(alone)
    alone_ratio = statistics.median(w / b["since_navigation_ms"] for b, w in zip(bare_for_link, alone))
    goals = {
        "intent → first Pyodide result within 1.2 × (a)": ratio <= 1.2,
        "prerendered result visible within 300 ms": prerendered <= 300 and all(r["table_in_html"] for r in cold),
        "warm recalculation (headline) median under 30 ms": median_warm < 30,
        "no Pyodide bytes on a page without a calculator": plain["runtime_bytes"] == 0,
        "no Pyodide bytes for reading a calculator page": read["runtime_bytes"] == 0,
    }
    rows = [
        ["(a) bare loadPyodide(), cold: navigation → loaded", f"{a:,.0f} ms", f"(loadPyodide call alone {a_call:,.0f} ms)"],
        ["(a) as information: the same of Pyodide as published", f"{a_published:,.0f} ms",
         f"the npm package's files (standard library as source); (e) is {link_first / a_published:.2f} × this"],
        ["(b) navigation → prerendered result visible", f"{prerendered:,.0f} ms", "first contentful paint; the result is in the HTML"],
        ["(b) navigation → first Pyodide result after an edit", f"{first:,.0f} ms", "the edit is made as soon as the form appears"],
        ["(b) intent → first Pyodide result", f"{intent_to_first:,.0f} ms", f"{ratio:.2f} × (a) (median of paired runs); goal ≤ 1.2 ×; the headline figures"],
        ["(b) intent → every table and chart", f"{intent_to_full:,.0f} ms", "with the sensitivity analysis"],
        ["(c) warm: edit → headline figures, median", f"{median_warm:.1f} ms", f"over {EDITS} edits; goal < 30 ms"],
        ["(c) warm: edit → headline figures, 95th percentile", f"{p95_warm:.1f} ms", ""],
        ["(c) of which Python's quick answer, median", f"{statistics.median(warm['python']):.1f} ms", "inside the worker"],
        ["(c) warm: edit → every table and chart, median", f"{median_full:.1f} ms", "with the sensitivity analysis (What drives this result?)"],
        ["(c) warm: edit → every table and chart, 95th percentile", f"{p95_full:.1f} ms", ""],
        ["(d) calculator page, cold, bytes", f"{calc_bytes / 1e6:,.2f} MB", "page, assets, runtime and wheel"],
        ["(d) calculator page read, not used, cold, bytes", f"{read['bytes'] / 1e3:,.0f} kB", f"of which Pyodide: {read['runtime_bytes']} bytes"],
        ["(d) page without a calculator, cold, bytes", f"{plain['bytes'] / 1e3:,.0f} kB", f"of which Pyodide: {plain['runtime_bytes']} bytes"],
        ["(e) shared link: navigation → its first Pyodide figures", f"{link_first:,.0f} ms",
         f"{link_ratio:.2f} × (a) (median of paired runs); issue 31's goal ≤ 1.1 ×"],
    ] + [
        [f"(e) of which: navigation → {what}", f"{statistics.median(s['stages_ms'].get(key, float('nan')) for s in linked):,.0f} ms",
         "median; the page's side of the worker's messages" if key == "worker" else ""]
        for key, what in LINK_STAGES
    ] + [
        ["(e) as information: the same worker on an empty page → the link's headline", f"{alone_ms:,.0f} ms",
         f"{alone_ratio:.2f} × (a): (e) if the calculator page itself cost nothing"],
    ]
    return {
        "title": f"Calculators in Chromium ({CALCULATOR_PAGE}; cold figures are the median of {COLD_RUNS} runs)",
        "columns": ["measure", "value", "note"],
        "rows": rows,
        "goal": "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in goals.items()),
        "met": all(goals.values()),
        "raw": {"bare": bare, "published": published, "cold": cold, "bare_for_link": bare_for_link, "linked": linked, "warm_ms": warm,
                "plain": plain, "read": read, "worker_alone_ms": alone, "goals": goals},
        "issue_goals": [{
            "figure": "a shared link's first figures ÷ a bare loadPyodide in the same run",
            "measured": f"{link_ratio:.2f} × ({link_first:,.0f} ms)", "goal": "≤ 1.1 ×", "met": link_ratio <= 1.1,
        }],
    }
