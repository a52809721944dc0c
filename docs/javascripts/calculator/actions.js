// What a reader can do with the results: download them all in one CSV file
// (or the whole reply as JSON), copy a link to the scenario, print a summary.
//
// The CSV file (the scenario's title, the date, every input, the headline
// figures and every result table) is written by Python in this browser
// (calculators.csv_files through the worker, csv-download.js): the same
// bytes as the command line's --format csv for the same inputs and time.
// While the form holds inputs that are not the ones behind the figures
// (invalid, or not yet calculated), the downloads are blocked and the print
// summary says the figures are out of date.

import { addToCasePanel } from "./business-case-link.js";
import { downloadCsv } from "./csv-download.js";
import { el, saveFile } from "./dom.js";
import { inputText, longDateTime } from "./format.js";
import { joinPath } from "./paths.js";
import { linkTo } from "./storage.js";

// Every input behind the results, named as the form names them: [name, value text].
// `named(path, value)`: a value's name where the form gives it one (a month: "October 2026 (2026/27)"), or null.
// One input's value in words, as the form shows it (a choice by its label, a month by its name).
export function valueText(inputs, named, value, row, path) {
  if (value === null || value === undefined || value === "") return "–";
  const name = named(path, value);
  if (name) return name;
  // Another input, named as the form names it (a range's or a price year's input).
  if (row && row.names_input && typeof value === "string") return inputs.describePath(value, { byName: true });
  if (typeof value === "string") return row && row.type === "choice" ? inputs.choiceText(row, value) : value;
  return inputText(value, row && row.unit);
}

export function inputRows(input, inputs, named = () => null) {
  const rows = [];
  const show = (value, row, path) => valueText(inputs, named, value, row, path);
  const walk = (value, path) => {
    if (Array.isArray(value)) {
      if (!value.length) rows.push([inputs.describePath(path), "none"]);
      value.forEach((item, i) => walk(item, joinPath(path, i)));
    } else if (value && typeof value === "object") {
      Object.entries(value).forEach(([key, item]) => walk(item, joinPath(path, key)));
    } else {
      rows.push([inputs.describePath(path), show(value, inputs.rowFor(path), path)]);
    }
  };
  // The record of where each figure comes from is shown as its own table ("Where each input comes from").
  walk(Object.fromEntries(Object.entries(input).filter(([key]) => key !== "origin")), "");
  return rows;
}

function button(text, onclick, attrs = {}) {
  return el("button", { type: "button", class: "md-button", text, onclick, ...attrs });
}

function fileName(name, title) {
  const slug = (title || "").toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
  const day = new Date().toISOString().slice(0, 10);
  return `${name}${slug ? `-${slug}` : ""}-${day}`;
}

const when = () => longDateTime(new Date());

// The buttons (drawn once) and the print summary for `output` (the reply
// shown), redrawn when the results or their freshness change.
// `calculator`: its name, model, inputs, results, scenario line and announce().
export function renderActions(box, output, calculator) {
  const { name } = calculator;
  const stale = () => calculator.root.dataset.freshness && calculator.root.dataset.freshness !== "current";
  if (!box.querySelector(".calculator-buttons")) {
    const blocked = el("p", { class: "calculator-download-note", "data-download-note": "", hidden: true,
      text: "Downloads are paused: the figures are not for the inputs in the form. Correct or finish your inputs first." });
    // The heading's own text, without its permalink mark (¶).
    const pageTitle = () => [...(document.querySelector("h1")?.childNodes || [])].filter((node) => !(node.classList && node.classList.contains("headerlink")))
      .map((node) => node.textContent).join("").trim() || name;
    const guard = (make) => (event) => {
      if (stale()) {
        calculator.announce(blocked.textContent);
        return;
      }
      make(calculator.results.output, event.currentTarget);
    };
    box.append(el("div", { class: "calculator-buttons" },
      button("Download results (CSV)", guard((out, pressed) => downloadCsv(out, calculator, pressed, `${fileName(name, out.input.title)}.csv`)),
        { "data-download": "csv", "aria-describedby": `calc-${name}-download-help` }),
      button("Download everything (JSON)", guard((out) => {
        saveFile("application/json", JSON.stringify({ title: out.input.title, worked_out_on: new Date().toISOString(), ...out }, null, 2), `${fileName(name, out.input.title)}.json`);
      }), { "data-download": "json" }),
      button("Copy a link to this scenario", async () => {
        // A link that would not reproduce what is on screen is not copied: the page says why and how to include the figures.
        const warning = calculator.profile.linkWarning();
        if (warning) {
          calculator.announce(warning);
          return;
        }
        const link = linkTo(calculator.profile.shareable(calculator.model)); // a council profile's figures only if chosen (profile.js)
        try {
          await navigator.clipboard.writeText(link);
          calculator.announce("A link to this scenario is on your clipboard. Anyone who opens it sees these inputs; nothing is stored on a server.");
        } catch {
          history.replaceState(history.state, "", link);
          calculator.announce("Copy the address from the address bar: it now holds this scenario.");
        }
      }),
      button("Print a summary", () => window.print())),
    el("p", { class: "calculator-help", id: `calc-${name}-download-help`,
      text: "The CSV file holds the title, the date, every input and every result table; the JSON file holds the full input and result." }),
    blocked);
    addToCasePanel(box, calculator, pageTitle); // "Add to business case" (business-case-link.js)
  }
  const isStale = stale();
  // A council's own scenario (an origin record, no preset's figure left): the print leaves out the
  // page's method text, which names the presets' councils and documents (calculators.css, print).
  const origin = output && output.result && output.result.origin;
  calculator.root.toggleAttribute("data-print-own", Boolean(origin && !origin.counts.preset));
  box.querySelector("[data-download-note]").hidden = !isStale;
  for (const b of box.querySelectorAll("[data-download]")) b.setAttribute("aria-disabled", String(isStale));
  // Freshness changes at every keystroke; the summary's inputs only with a new
  // answer. Rebuilding its table each time cost 10–20 ms per edit.
  const summary = box.querySelector(".calculator-print-summary");
  if (summary && printed.get(box) === output && summary.dataset.scenario === calculator.scenario.textContent) {
    summary.querySelector(".calculator-print-stale").hidden = !isStale;
  } else {
    summary?.remove();
    box.append(printSummary(output, calculator, isStale));
    printed.set(box, output);
  }
  box.hidden = false;
}

// The output each box's print summary was drawn from.
const printed = new WeakMap();

// For print: the scenario, every input behind the results shown (defaults
// included, as Python filled them in), named as the form names them, the
// date and where the figures come from.
function printSummary(output, { inputs, scenario, form }, isStale) {
  const rows = inputRows(output.input, inputs, form.valueName.bind(form));
  const title = output.input.title || "Untitled scenario";
  return el("div", { class: "calculator-print-summary", "data-scenario": scenario.textContent },
    el("h3", { text: `Scenario: ${title}` }),
    el("p", { class: "calculator-print-stale", hidden: !isStale, text: "Out of date: these figures are for earlier inputs, not for what the form held when this was printed." }),
    output.input.notes ? el("p", { text: `Notes: ${output.input.notes}` }) : null,
    el("p", { text: `Worked out on ${when()} with the calculators on this site. ${scenario.textContent}` }),
    output.result.origin
      ? el("p", { class: "calculator-print-origin", text: "Each input's origin (your profile with its source and price year, a named national default, the calculator's own setting, your own entry or a preset) is in the table “Where each input comes from”, printed with the results." })
      : el("p", { text: "Sources: the figures of each preset are listed with their source documents under “Sources” on this page (printed below); figures you typed are your own." }),
    // With the origin table printed (every input, its value and where it comes from), one table of inputs is enough.
    output.result.origin ? null : el("table", {}, el("caption", { text: "Inputs for these results" }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Input" }), el("th", { scope: "col", text: "Value" }))),
      el("tbody", {}, rows.map(([label, value]) => el("tr", {}, el("th", { scope: "row", text: label }), el("td", { text: value }))))));
}
