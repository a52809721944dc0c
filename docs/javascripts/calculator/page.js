// Calculator pages: sets up a Calculator (calculator.js) for each
// calculator on the page.
//
// With Material's instant navigation this module is evaluated once per
// visit; each page change arrives through Material's `document$`, so the
// worker (and Pyodide in it, see runtime.js) is started once and reused on
// every page.

import { Calculator } from "./calculator.js";

// Page set-up, on every page change under instant navigation ---------------------------

const active = new Set();

function setUp() {
  // Material announces a new document$ also when only the #fragment changed
  // (a heading's link, say) and the page was not replaced: a calculator whose
  // element is still on the page carries on with what the reader typed.
  const roots = new Set(document.querySelectorAll(".calculator[data-calculator]"));
  for (const calculator of [...active]) {
    if (roots.has(calculator.root)) {
      roots.delete(calculator.root);
      continue;
    }
    calculator.stop();
    active.delete(calculator);
  }
  for (const root of roots) {
    const calculator = new Calculator(root);
    root.addEventListener("input", (event) => calculator.fieldChanged(event.target, event));
    root.addEventListener("change", (event) => calculator.fieldChanged(event.target, event));
    root.addEventListener("submit", (event) => event.preventDefault());
    calculator.start();
    active.add(calculator);
  }
}

window.addEventListener("hashchange", () => active.forEach((calculator) => calculator.loadFromLink()));

// Material's palette toggle sets data-md-color-scheme on <body>.
new MutationObserver(() => active.forEach((calculator) => calculator.chart.paint()))
  .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

// Printing: the chart at the page's full width, in dark ink on white paper.
// Both charts: the result chart and "What drives this result?" (tornado.js).
const printCharts = (on) => active.forEach((calculator) => [calculator.chart, calculator.tornado].forEach((chart) => chart.print(on)));
window.addEventListener("beforeprint", () => printCharts(true));
window.addEventListener("afterprint", () => printCharts(false));
// Emulated print media (a PDF printed by a test or a headless browser) fires no beforeprint.
const printMedia = window.matchMedia("print");
printMedia.addEventListener("change", (event) => printCharts(event.matches));

// The page itself is set up once the document is parsed, by Material's
// document$ (which then fires again on each instant navigation).
function subscribe() {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUp);
  else setUp();
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
else subscribe();
