// Scenarios side by side: the reader pins the results shown as scenario A,
// changes the inputs and pins B (and C). A table (laid out by Python,
// calculators.scenarios.compare) shows every headline figure of each and
// the differences from A; one link restores all the pinned scenarios; the
// comparison prints on one page and downloads as CSV (written by Python too).
//
// Pinned scenarios are kept in this tab (sessionStorage), like the inputs.
// A link to them is #scenarios=<JSON> after the address (never sent to a
// server); a council profile's figures go into it only if the reader chose
// to share them (see profile.js).

import { valueText } from "./actions.js";
import { saveCsv } from "./csv-download.js";
import { el } from "./dom.js";
import { clone } from "./inputs.js";
import { joinPath } from "./paths.js";
import { renderTables } from "./results.js";
import { callInWorker, runInWorker, workerState } from "./runtime.js";
import { readPins } from "./storage.js";

const NAMES = ["A", "B", "C"];
const PREFIX = "#scenarios=";

// Every value of a scenario's inputs by path ("placements[3].cost" -> 19500000).
function leaves(value, path = "", out = new Map()) {
  if (Array.isArray(value)) value.forEach((item, i) => leaves(item, joinPath(path, i), out));
  else if (value && typeof value === "object") Object.entries(value).forEach(([key, item]) => leaves(item, joinPath(path, key), out));
  else out.set(path, value);
  return out;
}

// The items of a list of other inputs (`uncertainty`, `prices.years`) in two
// inputs, by the input each names: "Range of Move 1 › Start month: 1 to 7 → none".
function keyedChanges(before, after, listPath, what, name, text) {
  const items = (input) => {
    const list = listPath.split(".").reduce((node, key) => (node && typeof node === "object" ? node[key] : undefined), input);
    return new Map((Array.isArray(list) ? list : []).filter((item) => item && typeof item.path === "string").map((item) => [item.path, item]));
  };
  const a = items(before);
  const b = items(after);
  const out = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const [was, now] = [a.get(path), b.get(path)];
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    const [wasText, nowText] = [was ? text(was) : "none", now ? text(now) : "none"];
    out.push(`${what} ${name(path)}: ${wasText === nowText ? `${wasText} (its basis changed)` : `${wasText} → ${nowText}`}`);
  }
  return out;
}

// A range as the comparison states it.
function rangeText(item, show) {
  if (item.low == null && item.high == null) return "from the input's own low and high values";
  return `${show(item.low, item.path)} to ${show(item.high, item.path)}`;
}

export class Scenarios {
  // `calculator`: the Calculator (calculator.js); `profile`: its ProfilePanel.
  constructor(calculator, profile) {
    this.calculator = calculator;
    this.profile = profile;
    this.key = `calculator:${calculator.name}:scenarios`;
    this.pins = this.read();
    this.table = null;
  }

  get id() {
    return `calc-${this.calculator.name}-scenarios`;
  }

  start() {
    const id = this.id;
    const button = (text, action, extra = {}) => {
      const node = el("button", { type: "button", class: "md-button", text, ...extra });
      node.addEventListener("click", action);
      return node;
    };
    this.pinButton = button("Pin as scenario A", () => this.pin(), { id: `${id}-pin` });
    this.linkButton = button("Copy a link to the pinned scenarios", () => this.copyLink(), { id: `${id}-link` });
    this.csvButton = button("Download the comparison (CSV)", () => this.downloadCsv(), { id: `${id}-csv` });
    this.clearButton = button("Unpin all", () => this.clear(), { id: `${id}-clear` });
    this.status = el("p", { class: "calculator-scenarios-status", role: "status", "aria-live": "polite" });
    this.list = el("ul", { class: "calculator-scenarios-list" });
    this.tableBox = el("div", { class: "calculator-scenarios-table" });
    this.changes = el("div", { class: "calculator-scenarios-changes" });
    this.section = el("section", { class: "calculator-scenarios", "aria-labelledby": `${id}-heading`, "data-search-exclude": true },
      el("h2", { id: `${id}-heading`, text: "Compare scenarios" }),
      el("p", { class: "calculator-help calculator-scenarios-help",
        text: "Pin the results shown as scenario A, change the inputs, then pin B (and C): the table shows every headline figure of each and how B and C differ from A. Pinned scenarios are kept in this tab." }),
      el("div", { class: "calculator-buttons" }, this.pinButton, this.linkButton, this.csvButton, this.clearButton),
      this.status, this.list, this.tableBox, this.changes);
    this.calculator.root.querySelector(".calculator-layout").after(this.section);
    this.onHash = () => this.fromLink();
    window.addEventListener("hashchange", this.onHash);
    if (!this.fromLink()) this.refresh();
  }

  stop() {
    window.removeEventListener("hashchange", this.onHash);
  }

  read() {
    try {
      const pins = JSON.parse(sessionStorage.getItem(this.key) || "[]");
      return Array.isArray(pins) ? pins.filter((pin) => pin && pin.input && pin.output && pin.output.ok).slice(0, NAMES.length) : [];
    } catch {
      return [];
    }
  }

  keep() {
    try {
      sessionStorage.setItem(this.key, JSON.stringify(this.pins));
    } catch {
      // storage blocked: the pins last as long as the page
    }
  }

  // Pinning -------------------------------------------------------------------------------

  pin() {
    const { calculator } = this;
    const { results } = calculator;
    if (this.pins.length >= NAMES.length) return;
    if (results.inputLabel !== calculator.root.dataset.calculatorInput) {
      this.status.textContent = "The results shown are not for the inputs in the form yet: pin once they have updated (or the inputs are corrected).";
      return;
    }
    const name = NAMES[this.pins.length];
    this.pins.push({ name, input: JSON.parse(results.inputLabel), output: results.output, title: calculator.scenario.textContent });
    this.keep();
    this.refresh(`Pinned the results shown as scenario ${name}.`);
  }

  unpin(index) {
    const [gone] = this.pins.splice(index, 1);
    this.pins.forEach((pin, i) => { pin.name = NAMES[i]; });
    this.keep();
    this.refresh(`Unpinned scenario ${gone.name}; the others are renamed in order.`);
    this.pinButton.focus();
  }

  clear() {
    this.pins = [];
    this.keep();
    this.refresh("Unpinned all scenarios.");
    this.pinButton.focus();
  }

  show(index) {
    const { calculator } = this;
    calculator.inputs.model = clone(this.pins[index].input);
    calculator.presetName = null;
    calculator.form.render();
    calculator.schedule();
    this.status.textContent = `The form now holds scenario ${this.pins[index].name}'s inputs.`;
  }

  // The table, the list of pinned scenarios, and what differs from A.
  async refresh(message = "") {
    const count = this.pins.length;
    this.section.dataset.pinned = String(count);
    this.pinButton.textContent = count < NAMES.length ? `Pin as scenario ${NAMES[count]}` : "Three scenarios pinned";
    this.pinButton.disabled = count >= NAMES.length;
    for (const node of [this.linkButton, this.csvButton, this.clearButton]) node.hidden = count === 0;
    this.list.replaceChildren(...this.pins.map((pin, index) => el("li", {},
      el("strong", { text: `Scenario ${pin.name}: ` }), pin.output.input.title || pin.title || "your scenario", " ",
      this.small(`Put scenario ${pin.name} in the form`, () => this.show(index)),
      this.small(`Unpin scenario ${pin.name}`, () => this.unpin(index)))));
    this.changes.replaceChildren(...this.differences());
    if (!count) {
      this.table = null;
      this.tableBox.replaceChildren();
      this.status.textContent = message;
      return;
    }
    if (workerState.failed) {
      this.status.textContent = "The comparison is worked out by the calculator, which could not start in this browser.";
      return;
    }
    const pins = this.pins.slice();
    const reply = await callInWorker("compare", JSON.stringify(pins.map((pin) => pin.output)), JSON.stringify(pins.map((pin) => pin.name)));
    if (!this.section.isConnected || pins.length !== this.pins.length || pins.some((pin, i) => pin !== this.pins[i])) return;
    const answer = JSON.parse(reply.output);
    if (!answer.ok) {
      this.status.textContent = answer.errors[0].message;
      return;
    }
    this.table = answer.table;
    this.tableBox.replaceChildren(renderTables({ tables: [answer.table] }));
    this.status.textContent = [message, count === 1 ? "Change the inputs and pin scenario B to compare." : `The table compares ${count} scenarios.`].filter(Boolean).join(" ");
  }

  small(text, action) {
    const node = el("button", { type: "button", class: "md-button calculator-scenarios-small", text });
    node.addEventListener("click", action);
    return node;
  }

  // For each scenario after A, its inputs that differ from A's, as the form names them.
  differences() {
    if (this.pins.length < 2) return [];
    const { inputs } = this.calculator;
    const base = leaves(this.pins[0].output.input);
    // Values in words, as the form and the print show them (a choice by its label, not its code).
    const show = (value, path) => valueText(inputs, this.calculator.form.valueName.bind(this.calculator.form), value, inputs.rowFor(path), path);
    const name = (path) => inputs.describePath(path, { byName: true });
    const out = [el("h3", { text: "What differs from scenario A" })];
    for (const pin of this.pins.slice(1)) {
      const mine = leaves(pin.output.input);
      // Ranges and price years are lists of other inputs: compared input by input, not item by item.
      const changed = [...new Set([...base.keys(), ...mine.keys()])]
        .filter((path) => !/^(title|notes)$/.test(path) && !/^(uncertainty|prices\.years|origin)\b/.test(path) && JSON.stringify(base.get(path)) !== JSON.stringify(mine.get(path)));
      const lines = [
        ...changed.map((path) => `${name(path)}: ${show(base.get(path), path)} → ${show(mine.get(path), path)}`),
        ...keyedChanges(this.pins[0].output.input, pin.output.input, "uncertainty", `Range of`, name, (item) => rangeText(item, show)),
        ...keyedChanges(this.pins[0].output.input, pin.output.input, "prices.years", `Price year of`, name, (item) => item.year),
      ];
      out.push(el("p", { text: `Scenario ${pin.name}: ${lines.length ? "" : "the same inputs as A."}` }));
      if (lines.length) out.push(el("ul", {}, lines.map((text) => el("li", { text }))));
    }
    return out;
  }

  // Sharing -----------------------------------------------------------------------------------

  link() {
    const pins = this.pins.map((pin) => ({ name: pin.name, input: this.profile.shareable(pin.input) }));
    return `${location.href.split("#")[0]}${PREFIX}${encodeURIComponent(JSON.stringify({ pins }))}`;
  }

  async copyLink() {
    const link = this.link();
    try {
      await navigator.clipboard.writeText(link);
      this.status.textContent = "A link to every pinned scenario is on your clipboard. Anyone who opens it sees them side by side; nothing is stored on a server.";
    } catch {
      history.replaceState(history.state, "", link);
      this.status.textContent = "Copy the address from the address bar: it now holds the pinned scenarios.";
    }
  }

  // A #scenarios= link: pins each scenario again (worked out afresh) and puts
  // the last one in the form. True if the address held one. A link that
  // cannot be read is said so, with why, on the calculator's status line (as
  // a broken #input= link is) and here, and leaves the address.
  fromLink() {
    if (!location.hash.startsWith(PREFIX)) return false;
    let pins;
    try {
      pins = readPins(location.hash.slice(PREFIX.length), this.calculator.inputs, NAMES);
    } catch (error) {
      history.replaceState(history.state, "", location.pathname + location.search);
      const problem = `The scenarios in this link could not be read (${error.message}), so none were pinned.`;
      this.calculator.warn(problem);
      this.refresh(problem);
      return true;
    }
    history.replaceState(history.state, "", location.pathname + location.search);
    this.status.textContent = "Working out the scenarios in this link…";
    this.restore(pins.map((pin) => pin.input));
    return true;
  }

  async restore(inputs) {
    const outputs = await Promise.all(inputs.map((input) => runInWorker(this.calculator.name, input).then((reply) => JSON.parse(reply.output))));
    const bad = outputs.findIndex((output) => !output.ok);
    if (bad >= 0) {
      this.status.textContent = `Scenario ${NAMES[bad]} in this link has inputs that are not valid, so the link's scenarios were not pinned.`;
      return;
    }
    this.pins = outputs.map((output, i) => ({ name: NAMES[i], input: inputs[i], output, title: "" }));
    this.keep();
    const { calculator } = this;
    calculator.inputs.model = clone(inputs[inputs.length - 1]);
    calculator.presetName = null;
    calculator.form.render();
    calculator.schedule();
    this.refresh(`Pinned ${inputs.length} ${inputs.length === 1 ? "scenario" : "scenarios"} from the link; the form holds scenario ${NAMES[inputs.length - 1]}.`);
  }

  // The comparison as a CSV file, written by Python (calculators.csv_files) from the pinned results.
  downloadCsv() {
    if (!this.table) {
      this.status.textContent = "The comparison is still being worked out: download it once its table shows.";
      return;
    }
    const pins = this.pins.slice();
    const args = [JSON.stringify(pins.map((pin) => pin.output)), JSON.stringify(pins.map((pin) => pin.name))];
    saveCsv("comparison_csv", args, `${this.calculator.name}-scenarios.csv`, this.csvButton, (text) => { this.status.textContent = text; });
  }
}
