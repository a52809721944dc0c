// What a reader can do with the results: download each table (CSV) or the
// whole reply (JSON), copy a link to the scenario, print a summary.

import { el } from "./dom.js";
import { inputText } from "./format.js";
import { joinPath } from "./paths.js";
import { linkTo } from "./storage.js";

export function toCsv(table) {
  const cell = (value) => {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header = table.columns.map((col) => cell(col.label + (col.unit ? ` (${col.unit})` : "")));
  return [header.join(","), ...table.rows.map((row) => table.columns.map((col) => cell(row[col.key])).join(","))].join("\r\n") + "\r\n";
}

function button(text, onclick) {
  return el("button", { type: "button", class: "md-button", text, onclick });
}

function download(label, type, text, filename) {
  return button(label, () => {
    const url = URL.createObjectURL(new Blob([text()], { type }));
    const link = el("a", { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
}

// The buttons and the print summary for `output` (the reply shown).
// `calculator`: its name, model, inputs, scenario line and announce().
export function renderActions(box, output, calculator) {
  const { name } = calculator;
  const buttons = (output.result.tables || []).map((table) =>
    download(`Download “${table.title}” (CSV)`, "text/csv", () => toCsv(table), `${name}-${table.id}.csv`));
  buttons.push(download("Download all results (JSON)", "application/json", () => JSON.stringify(output, null, 2), `${name}-results.json`));
  buttons.push(button("Copy a link to this scenario", async () => {
    const link = linkTo(calculator.profile.shareable(calculator.model)); // a council profile's figures only if chosen (profile.js)
    try {
      await navigator.clipboard.writeText(link);
      calculator.announce("A link to this scenario is on your clipboard. Anyone who opens it sees these inputs; nothing is stored on a server.");
    } catch {
      history.replaceState(history.state, "", link);
      calculator.announce("Copy the address from the address bar: it now holds this scenario.");
    }
  }));
  buttons.push(button("Print a summary", () => window.print()));
  box.replaceChildren(el("div", { class: "calculator-buttons" }, buttons), printSummary(output, calculator));
  box.hidden = false;
}

// For print: every input behind the results shown (defaults included, as
// Python filled them in), named as the form names them, and the date.
function printSummary(output, { inputs, scenario }) {
  const rows = [];
  const show = (value, row) => {
    if (value === null || value === undefined || value === "") return "–";
    if (typeof value === "string") return row && row.type === "choice" ? inputs.choiceText(row, value) : value;
    return inputText(value, row && row.unit);
  };
  const walk = (value, path) => {
    if (Array.isArray(value)) {
      if (!value.length) rows.push([inputs.describePath(path), "none"]);
      value.forEach((item, i) => walk(item, joinPath(path, i)));
    } else if (value && typeof value === "object") {
      Object.entries(value).forEach(([key, item]) => walk(item, joinPath(path, key)));
    } else {
      rows.push([inputs.describePath(path), show(value, inputs.rowFor(path))]);
    }
  };
  walk(output.input, "");
  const when = new Date().toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" });
  return el("div", { class: "calculator-print-summary" },
    el("h3", { text: "Inputs for these results" }),
    el("p", { text: `Worked out on ${when} with the calculators on this site. ${scenario.textContent}` }),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Input" }), el("th", { scope: "col", text: "Value" }))),
      el("tbody", {}, rows.map(([name, value]) => el("tr", {}, el("th", { scope: "row", text: name }), el("td", { text: value }))))));
}
