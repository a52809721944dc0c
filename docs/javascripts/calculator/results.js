// The results: the summary and tables that Python laid out, and which
// inputs they belong to.
//
// The element [data-calculator-result] holds the whole JSON reply and, in
// data-input, the inputs it was worked out from (as sent to Python; the
// build writes the default scenario's). While newer inputs are pending, or
// when the latest ones are invalid, the figures are marked as not current,
// in words (a live region) and by sight.

import { el } from "./dom.js";

// The same markup as overrides/hooks/calculator/results.html, from the
// display text Python wrote: summary `text`, table `cells`, column `heading`.
export function renderTables(result) {
  const fragment = document.createDocumentFragment();
  if (result.summary && result.summary.length) {
    fragment.append(el("dl", { class: "calculator-summary" }, result.summary.map((item) =>
      el("div", {}, el("dt", { text: item.label }), el("dd", { "data-key": item.key, text: item.text })))));
  }
  // Another calculator opened with this result as its input (`open_in`, made by Python), as a share link is.
  for (const link of result.open_in || []) {
    const href = `../${encodeURIComponent(link.calculator)}/#input=${encodeURIComponent(JSON.stringify(link.input))}`;
    fragment.append(el("p", { class: "calculator-open-in" }, el("a", { href, text: link.label }), ` ${link.help}`));
  }
  for (const table of result.tables || []) {
    const numeric = (col) => (col.numeric ? "calculator-numeric" : null);
    const head = el("tr", {}, table.columns.map((col) => el("th", { scope: "col", class: numeric(col), text: col.heading })));
    const body = el("tbody", {}, table.cells.map((cells) => el("tr", {}, cells.map((text, i) =>
      el(i === 0 ? "th" : "td", { scope: i === 0 ? "row" : null, class: numeric(table.columns[i]), text })))));
    // A wide table scrolls inside its own region, which keyboard users must be able to reach; inside it,
    // Material's box and class for a plain table, as the build writes them (hooks/plain_tables.py).
    fragment.append(el("div", { class: "calculator-table", "data-table": table.id, tabindex: "0", role: "region", "aria-label": table.title },
      el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" },
        el("table", { class: "plain-table" }, el("caption", { text: table.title }), el("thead", {}, head), body)))));
  }
  return fragment;
}

// The headline figures named by `keys` (the page's `form: headline`), as
// Python wrote them, for the box beside the main inputs.
export function headlineItems(result, keys) {
  const byKey = new Map((result.summary || []).map((item) => [item.key, item]));
  const items = keys.map((key) => byKey.get(key)).filter(Boolean);
  if (!items.length) return [];
  return [el("p", { class: "calculator-headline-title", text: "Headline results" }),
    el("dl", {}, items.map((item) => el("div", {}, el("dt", { text: item.label }), el("dd", { "data-key": item.key, text: item.text })))),
    el("p", { class: "calculator-headline-stale", text: "Out of date: these figures are for earlier inputs." })];
}

// The label of a set of inputs: their JSON text, as this browser writes it.
export function inputLabel(input) {
  return JSON.stringify(input);
}

// What the line above the figures says when they are not for the inputs in the form.
const NOT_CURRENT = {
  pending: "Recalculating for your latest inputs… Until then the figures below are for earlier inputs.",
  starting: "Your inputs will be calculated once the calculator has started. Until then the figures below are for the default scenario.",
  edited: "The figures below are for your inputs before the latest change; they update with your next entry.",
  invalid: "These figures are for your last valid inputs, not for what the form holds now: correct the inputs listed below.",
  failed: "Your changes could not be calculated: the figures below are for the default scenario.",
};

export class Results {
  constructor(root) {
    this.section = root.querySelector(".calculator-results");
    this.box = root.querySelector("[data-calculator-result]");
    this.tables = root.querySelector("[data-calculator-tables]");
    this.line = root.querySelector("[data-calculator-freshness]");
    this.output = JSON.parse(this.box.textContent);
    // The build labels the prerendered result with the default inputs, in
    // Python's JSON; labels are compared as this browser writes them.
    this.box.dataset.input = inputLabel(JSON.parse(this.box.dataset.input));
  }

  // The inputs the figures shown were worked out from (their label).
  get inputLabel() {
    return this.box.dataset.input;
  }

  show(output, input) {
    this.output = output;
    this.box.textContent = JSON.stringify(output, null, 1);
    this.box.dataset.input = inputLabel(input);
    this.tables.replaceChildren(renderTables(output.result));
  }

  // Says whether the figures are for `current` (the label of the inputs in
  // the form) and, if not, why: Python's answer is on its way (`waiting`),
  // it found errors in them (`errorsFor` is their label), the worker is
  // still starting or has failed, or nothing has been sent since the edit.
  freshness(current, { errorsFor, waiting, worker }) {
    const state = current === this.inputLabel ? "current"
      : errorsFor && current === errorsFor ? "invalid"
      : worker.failed ? "failed"
      : !waiting ? "edited"
      : worker.ready ? "pending" : "starting";
    this.section.dataset.freshness = state;
    // Busy: the tables, not the section, whose live line says why.
    this.tables.setAttribute("aria-busy", String(state === "pending" || state === "starting"));
    const text = NOT_CURRENT[state] || "";
    if (this.line.textContent !== text) this.line.textContent = text;
  }
}
