// Calculator pages: the form, the results, and the Web Worker that runs Python.
//
// The page knows nothing about formulas. It draws the form from the input
// spec that the calculators package publishes (written into the page at
// build time), sends the inputs as JSON to the worker, and renders whatever
// comes back: results, or validation errors that name a field by its path
// (e.g. "placements[2].children").
//
// With Material's instant navigation this module is evaluated once per
// visit; each page change arrives through Material's `document$`, so the
// worker (and Pyodide in it, see runtime.js) is started once and reused on
// every page.

const STATES = { prerendered: "prerendered", loading: "loading", ready: "ready", computed: "computed", invalid: "invalid", failed: "failed" };
// Python answers in a few milliseconds, so every edit is calculated at once
// (a reply to an older edit is dropped). Only the spoken "Results updated"
// waits for a pause, so a screen reader is not interrupted at each keystroke.
const ANNOUNCE_AFTER_MS = 800;

import { runInWorker, startWorker, workerListeners, workerState } from "./runtime.js";

// The worker: started once per visit (see runtime.js), from here if the page's
// <head> did not already start it (a page reached by instant navigation).
function startRuntime(root) {
  const url = (attr) => root.getAttribute(attr);
  startWorker({ workerUrl: url("data-worker-url"), pyodideUrl: url("data-pyodide-url"), wheelUrl: url("data-wheel-url") });
}

// Paths ----------------------------------------------------------------------

// "placements[2].children" -> ["placements", 2, "children"]
function parsePath(path) {
  const parts = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  return parts;
}

function joinPath(base, key) {
  if (typeof key === "number") return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

// A concrete path's spec pattern: "placements[2].children" -> "placements[].children"
function patternOf(path) {
  return path.replace(/\[\d+\]/g, "[]");
}

function getIn(object, parts) {
  return parts.reduce((value, key) => (value == null ? undefined : value[key]), object);
}

function setIn(object, parts, value) {
  let target = object;
  parts.slice(0, -1).forEach((key, i) => {
    if (target[key] == null) target[key] = typeof parts[i + 1] === "number" ? [] : {};
    target = target[key];
  });
  const last = parts[parts.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
}

// Every concrete path that matches a pattern: "scenario.moves[].from" ->
// ["scenario.moves[0].from", "scenario.moves[1].from"] (only where a value is set).
function pathsAt(model, pattern) {
  let found = [["", model]];
  for (const part of pattern.replace(/\[\]/g, ".[]").split(".")) {
    found = found.flatMap(([path, value]) => {
      if (value == null) return [];
      if (part === "[]") return Array.isArray(value) ? value.map((item, i) => [joinPath(path, i), item]) : [];
      return [[joinPath(path, part), value[part]]];
    });
  }
  return found.filter(([, value]) => value !== undefined && value !== null).map(([path]) => path);
}

// Values at every match of a pattern such as "placements[].name".
function valuesAt(model, pattern) {
  let values = [model];
  for (const part of pattern.replace(/\[\]/g, ".[]").split(".")) {
    values = values.flatMap((value) => {
      if (value == null) return [];
      if (part === "[]") return Array.isArray(value) ? value : [];
      return [value[part]];
    });
  }
  return values.filter((value) => value !== undefined && value !== null && value !== "");
}

// Formatting (the same rules as hooks/calculator_pages.py) -----------------------

// A headline figure with its unit, e.g. "20.5 cases per FTE" or "1 year".
function formatWithUnit(value, unit) {
  const text = formatValue(value, unit);
  if (!unit || unit === "£" || unit === "%" || typeof value !== "number") return text;
  return `${text} ${value === 1 ? unit.replace(/^(years|months)$/, (u) => u.slice(0, -1)) : unit}`;
}

function formatValue(value, unit) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") {
    const whole = (n) => Math.round(n).toLocaleString("en-GB");
    if (unit === "£") return value < 0 ? `−£${whole(Math.abs(value))}` : `£${whole(value)}`;
    if (unit === "%") return `${value.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
    if (!Number.isInteger(value)) return value.toLocaleString("en-GB", { maximumFractionDigits: 2 });
    return whole(value);
  }
  return String(value);
}

// A number as typed into a field: thousands separated, so 20800000 reads as 20,800,000.
// (Reading a field strips the commas again.)
function numberText(value) {
  return typeof value === "number" ? value.toLocaleString("en-GB", { maximumFractionDigits: 10 }) : String(value);
}

// Move the reader to an element without changing the address (which may hold
// a scenario in #input=): scroll it into view and focus it, or the first
// control inside it.
function jumpTo(element) {
  if (!element) return;
  const control = element.matches("input, select, textarea, button, [tabindex]") ? element
    : element.querySelector("input, select, textarea, button") || element;
  if (control === element && !element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
  element.scrollIntoView({ block: "center" });
  control.focus({ preventScroll: true });
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

// A column heading with its unit, unless the label already says it (the same rule as the hook).
function columnHeading(col) {
  const unit = col.unit && col.unit !== "£" && col.unit !== "%" && !col.label.toLowerCase().includes(col.unit.toLowerCase());
  return unit ? `${col.label} (${col.unit})` : col.label;
}

function renderTables(result) {
  const fragment = document.createDocumentFragment();
  if (result.summary && result.summary.length) {
    const list = el("dl", { class: "calculator-summary" });
    for (const item of result.summary) {
      list.append(el("div", {}, el("dt", { text: item.label }), el("dd", { "data-key": item.key, text: formatWithUnit(item.value, item.unit) })));
    }
    fragment.append(list);
  }
  for (const table of result.tables || []) {
    const head = el("tr", {}, table.columns.map((col) => el("th", { scope: "col", text: columnHeading(col) })));
    const body = el("tbody", {}, table.rows.map((row) => el("tr", {}, table.columns.map((col, i) =>
      el(i === 0 ? "th" : "td", { scope: i === 0 ? "row" : null, text: formatValue(row[col.key], col.unit) })))));
    // A wide table scrolls inside its own region, which keyboard users must be able to reach.
    fragment.append(el("div", { class: "calculator-table", "data-table": table.id, tabindex: "0", role: "region", "aria-label": table.title },
      el("table", {}, el("caption", { text: table.title }), el("thead", {}, head), body)));
  }
  return fragment;
}

function toCsv(table) {
  const cell = (value) => {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header = table.columns.map((col) => cell(col.label + (col.unit ? ` (${col.unit})` : "")));
  return [header.join(","), ...table.rows.map((row) => table.columns.map((col) => cell(row[col.key])).join(","))].join("\r\n") + "\r\n";
}

// Chart.js is served from the site and loaded once, when the first chart is drawn.
let chartLibrary = null;
function loadChartLibrary(url) {
  if (window.Chart) return Promise.resolve(window.Chart);
  chartLibrary ??= new Promise((resolve, reject) => {
    const script = el("script", { src: url });
    script.onload = () => resolve(window.Chart);
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.append(script);
  });
  return chartLibrary;
}

// One calculator on one page -------------------------------------------------------

class Calculator {
  constructor(root) {
    this.root = root;
    this.name = root.dataset.calculator;
    this.boot = JSON.parse(root.dataset.calculatorBoot);
    this.fields = this.boot.spec.fields;
    this.spec = new Map(this.fields.map((row) => [row.path, row]));
    this.form = root.querySelector("[data-calculator-form]");
    this.status = root.querySelector("[data-calculator-status]");
    this.progress = root.querySelector("[data-calculator-progress]");
    this.errorsBox = root.querySelector("[data-calculator-errors]");
    this.tables = root.querySelector("[data-calculator-tables]");
    this.chartBox = root.querySelector("[data-calculator-chart]");
    this.actions = root.querySelector("[data-calculator-actions]");
    this.scenario = root.querySelector("[data-calculator-scenario]");
    this.resultBox = root.querySelector("[data-calculator-result]");
    this.output = JSON.parse(this.resultBox.textContent);
    this.timer = null;
    this.latest = 0;
    this.chart = null;
    this.fieldCount = 0;
  }

  setState(state) {
    this.root.dataset.calculatorState = state;
  }

  // The status line; a problem with a shared link stays in front until the next edit.
  announce(text) {
    this.status.textContent = this.linkProblem ? `${this.linkProblem} ${text}` : text;
  }

  start() {
    this.pathname = location.pathname;
    this.setState(STATES.prerendered);
    const { model, problem } = this.initialModel();
    this.model = model;
    this.renderForm();
    this.form.hidden = false;
    // On a narrow screen the results are below a long form: a link jumps to them.
    const jump = this.root.querySelector("[data-calculator-jump]");
    jump.hidden = false;
    jump.querySelector("a").addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation(); // not for instant navigation either: the address holds the scenario
      jumpTo(this.root.querySelector(".calculator-results h2"));
    });
    this.renderActions();
    this.drawChart(this.output.result);
    startRuntime(this.root);
    this.onWorker = (state) => this.workerChanged(state);
    workerListeners.add(this.onWorker);
    this.workerChanged(workerState);
    if (problem) {
      this.linkProblem = problem;
      this.announce("");
      this.status.classList.add("calculator-status--warning");
    } else if (this.fromLink) {
      this.schedule(0);
    }
  }

  stop() {
    workerListeners.delete(this.onWorker);
    if (this.chart) this.chart.destroy();
  }

  // Where the inputs come from: a shared link (#input=...) or the defaults.
  // A shared link comes first; then what the reader had typed earlier in this
  // visit (kept in sessionStorage, which stays in this browser tab and is
  // cleared when it closes), so going to another page and back, or following a
  // link within the page, loses nothing; then the default scenario.
  initialModel() {
    const hash = window.location.hash;
    const clone = (value) => JSON.parse(JSON.stringify(value));
    if (!hash.startsWith("#input=")) {
      const kept = this.keptModel();
      if (kept) {
        this.fromLink = true; // calculate it at once, as for a link
        this.restored = true;
        return { model: kept };
      }
      return { model: clone(this.boot.default_input) };
    }
    try {
      const model = JSON.parse(decodeURIComponent(hash.slice("#input=".length)));
      if (model === null || typeof model !== "object" || Array.isArray(model)) throw new Error("it is not a set of inputs");
      const misfit = this.shapeProblem(model);
      if (misfit) throw new Error(misfit);
      this.fromLink = true;
      return { model };
    } catch (error) {
      return {
        model: clone(this.boot.default_input),
        problem: `The scenario in this link could not be read (${error.message}). Showing the default scenario instead.`,
      };
    }
  }

  keptModel() {
    try {
      const model = JSON.parse(sessionStorage.getItem(this.storageKey) || "null");
      return model && typeof model === "object" && !Array.isArray(model) && !this.shapeProblem(model) ? model : null;
    } catch {
      return null; // storage blocked or unreadable: start from the defaults
    }
  }

  keepModel() {
    try {
      sessionStorage.setItem(this.storageKey, JSON.stringify(this.model));
    } catch {
      // storage blocked (private mode, policy): the scenario is still in the address
    }
  }

  get storageKey() {
    return `calculator:${this.name}:inputs`;
  }

  // Whether a scenario from a link fits the form: a list where the form has a
  // list, named values where it has a group, a single value where it has a
  // field. Wrong values inside the right shape are Python's to report, next to
  // their fields; a wrong shape cannot even be drawn, so the link is refused.
  shapeProblem(model) {
    for (const row of this.fields) {
      if (row.path.includes("*")) continue; // map entries: single values, checked by Python
      for (const path of pathsAt(model, row.path)) {
        const value = getIn(model, parsePath(path));
        const isObject = typeof value === "object" && !Array.isArray(value);
        if (row.type === "list" && !Array.isArray(value)) return `${this.describePath(path)} should be a list`;
        if ((row.type === "object" || row.type === "map") && !isObject) return `${this.describePath(path)} should be a group of values`;
        if (!["list", "object", "map"].includes(row.type) && typeof value === "object") return `${this.describePath(path)} should be a single value`;
      }
    }
    return null;
  }

  // A path as a reader knows it: "scenario.moves[0].children" -> "Scenario › Move 1 › Children moving".
  describePath(path) {
    const names = [];
    let pattern = "";
    for (const part of parsePath(path)) {
      const here = this.spec.get(pattern);
      if (typeof part === "number") {
        const item = this.spec.get(`${pattern}[]`);
        names.pop(); // "Moves" becomes "Move 1"
        names.push(`${(item && item.label) || (here && here.label) || pattern} ${part + 1}`);
        pattern += "[]";
      } else if (here && here.type === "map") {
        names.push(this.ownerLabel(here.keys_from, part) || part);
        pattern += ".*";
      } else {
        pattern = pattern ? `${pattern}.${part}` : part;
        names.push((this.spec.get(pattern) || {}).label || part);
      }
    }
    return names.join(" › ");
  }

  // A scenario link opened in the same tab (only the #input= part changed).
  loadFromLink() {
    this.fromLink = false;
    const { model, problem } = this.initialModel();
    if (problem) {
      this.linkProblem = problem;
      this.announce("");
      this.status.classList.add("calculator-status--warning");
      return;
    }
    if (!this.fromLink) return;
    this.linkProblem = null;
    this.status.classList.remove("calculator-status--warning");
    this.model = model;
    this.presetName = null;
    this.renderForm();
    this.schedule(0);
  }

  workerChanged(state) {
    if (!this.root.isConnected) return;
    if (state.failed) {
      this.setState(STATES.failed);
      this.progress.hidden = true;
      this.announce(`The calculator could not start in this browser (${state.failed}). The results shown are for the default scenario, worked out when this site was built.`);
      this.status.classList.add("calculator-status--warning");
      return;
    }
    if (!state.ready) {
      this.setState(this.root.dataset.calculatorState === STATES.prerendered ? STATES.prerendered : STATES.loading);
      this.progress.hidden = false;
      this.progress.value = state.step;
      if (state.message) this.announce(`${state.message} Meanwhile the results below are for the default scenario.`);
      return;
    }
    this.progress.hidden = true;
    if (this.root.dataset.calculatorState === STATES.prerendered || this.root.dataset.calculatorState === STATES.loading) {
      this.setState(STATES.ready);
      this.announce("The calculator is ready: change any input and the results update.");
    }
  }

  // The form ---------------------------------------------------------------------

  fieldId(path) {
    return `calc-${this.name}-${path.replace(/[^a-zA-Z0-9]+/g, "-")}`;
  }

  childrenOf(pattern) {
    const prefix = pattern ? `${pattern}.` : "";
    return this.fields.filter((row) => row.path.startsWith(prefix) && row.path !== pattern &&
      !/[.[]/.test(row.path.slice(prefix.length)));
  }

  renderForm() {
    const focused = document.activeElement && this.form.contains(document.activeElement) ? document.activeElement.id : null;
    const presets = Object.keys(this.boot.presets);
    const children = [];
    if (presets.length) {
      const id = `calc-${this.name}-preset`;
      children.push(el("div", { class: "calculator-field calculator-preset" },
        el("label", { for: id, text: "Start from a preset" }),
        el("select", { id, onchange: (event) => this.loadPreset(event.target.value) },
          el("option", { value: "", text: "Choose a preset…" }),
          presets.map((name) => el("option", { value: name, text: this.boot.presets[name].title || name })))));
    }
    for (const row of this.childrenOf("")) children.push(this.renderNode(row, row.path));
    this.form.replaceChildren(...children);
    if (focused) document.getElementById(focused)?.focus();
  }

  // `quiet`: a second or later list item, whose fields share the help text
  // shown once on the first item instead of repeating it.
  renderNode(row, path, quiet = false) {
    if (row.type === "object") return this.renderObject(row, path);
    if (row.type === "list") return this.renderList(row, path);
    if (row.type === "map") return this.renderMap(row, path);
    return this.renderField(row, path, quiet);
  }

  help(row, id) {
    return row.help ? el("p", { class: "calculator-help", id: `${id}-help`, text: row.help }) : null;
  }

  errorSlot(id) {
    return el("p", { class: "calculator-field-error", id: `${id}-error`, hidden: true });
  }

  renderObject(row, path) {
    const id = this.fieldId(path);
    const value = getIn(this.model, parsePath(path));
    const fieldset = el("fieldset", { class: "calculator-group", "data-path": path, id },
      el("legend", { text: row.label }), this.help(row, id), this.errorSlot(id));
    if (row.nullable) {
      const toggleId = `${id}-include`;
      const included = value !== null && value !== undefined;
      fieldset.append(el("div", { class: "calculator-field calculator-check" },
        el("input", { type: "checkbox", id: toggleId, checked: included, onchange: (event) => this.toggleObject(row, path, event.target.checked) }),
        el("label", { for: toggleId, text: `Include ${row.label.toLowerCase()}` })));
      if (!included) return fieldset;
    }
    for (const child of this.childrenOf(row.path)) {
      fieldset.append(this.renderNode(child, joinPath(path, child.path.slice(row.path.length + (row.path ? 1 : 0)))));
    }
    return fieldset;
  }

  renderList(row, path) {
    const id = this.fieldId(path);
    const items = getIn(this.model, parsePath(path)) || [];
    const itemSpec = this.spec.get(`${row.path}[]`);
    const itemLabel = (itemSpec && itemSpec.label) || row.label;
    const fieldset = el("fieldset", { class: "calculator-group calculator-list", "data-path": path, id },
      el("legend", { text: row.label }), this.help(row, id), this.errorSlot(id));
    (Array.isArray(items) ? items : []).forEach((_, index) => {
      const itemPath = joinPath(path, index);
      const itemId = this.fieldId(itemPath);
      const remove = el("button", {
        type: "button", class: "md-button calculator-remove", id: `${itemId}-remove`,
        text: `Remove ${itemLabel.toLowerCase()} ${index + 1}`, onclick: () => this.removeItem(path, index),
      });
      if (itemSpec.type === "object") {
        const item = el("fieldset", { class: "calculator-item", "data-path": itemPath, id: itemId },
          el("legend", { text: `${itemLabel} ${index + 1}` }), this.errorSlot(itemId));
        for (const child of this.childrenOf(itemSpec.path)) {
          item.append(this.renderNode(child, joinPath(itemPath, child.path.slice(itemSpec.path.length + 1)), index > 0));
        }
        item.append(remove);
        fieldset.append(item);
      } else {
        // A single value per item (e.g. reinvestment in each year): the field itself carries
        // the item's name, so its label, error and id are the field's own.
        fieldset.append(el("div", { class: "calculator-item calculator-item--single" },
          this.renderField({ ...itemSpec, label: `${itemLabel} ${index + 1}` }, itemPath, index > 0), remove));
      }
    });
    const full = row.max_items && items.length >= row.max_items;
    fieldset.append(el("button", {
      type: "button", class: "md-button calculator-add", id: `${id}-add`, disabled: full,
      text: `Add ${itemLabel.toLowerCase()}`, onclick: () => this.addItem(row, path),
    }));
    return fieldset;
  }

  renderMap(row, path) {
    const id = this.fieldId(path);
    const value = getIn(this.model, parsePath(path)) || {};
    const valueSpec = this.spec.get(`${row.path}.*`);
    const keys = [...new Set([...valuesAt(this.model, row.keys_from || ""), ...Object.keys(value)])];
    const fieldset = el("fieldset", { class: "calculator-group calculator-map", "data-path": path, id },
      el("legend", { text: row.label }), this.help(row, id), this.errorSlot(id));
    // Label each entry with the name of the item that defines its key (e.g. a case type's label).
    for (const key of keys) fieldset.append(this.renderField({ ...valueSpec, label: this.ownerLabel(row.keys_from, key) || key }, joinPath(path, key)));
    if (!keys.length) fieldset.append(el("p", { class: "calculator-help", text: "Add a case type first." }));
    return fieldset;
  }

  renderField(row, path, quiet = false) {
    const id = this.fieldId(path);
    const value = getIn(this.model, parsePath(path));
    const helpId = quiet ? `${this.fieldId(path.replace(/\[\d+\](?!.*\[\d+\])/, "[0]"))}-help` : `${id}-help`;
    const describedBy = [row.help ? helpId : null, `${id}-error`].filter(Boolean).join(" ");
    if (quiet) row = { ...row, help: null };
    // The unit after the label, unless the label already says it ("Number of children").
    const unit = row.unit && !row.label.toLowerCase().includes(row.unit.toLowerCase()) ? ` (${row.unit})` : "";
    let input;
    if (row.type === "boolean") {
      input = el("input", { type: "checkbox", id, "data-path": path, checked: value === true, "aria-describedby": describedBy });
      return el("div", { class: "calculator-field calculator-check" }, input,
        el("label", { for: id, text: row.label }), this.help(row, id), this.errorSlot(id));
    }
    if (row.type === "choice") {
      const choices = this.choicesFor(row);
      input = el("select", { id, "data-path": path, "aria-describedby": describedBy, "data-choices-from": row.choices_from },
        el("option", { value: "", text: "Choose…" }),
        choices.map((choice) => el("option", { value: choice, text: this.choiceText(row, choice), selected: choice === value })));
      if (value && !choices.includes(value)) input.append(el("option", { value, text: value, selected: true }));
    } else if (row.type === "string" && row.max_length > 500) {
      input = el("textarea", { id, "data-path": path, "aria-describedby": describedBy, rows: 4, text: value ?? "" });
    } else {
      const numeric = row.type === "number" || row.type === "integer";
      input = el("input", {
        type: "text", id, "data-path": path, "aria-describedby": describedBy,
        inputmode: numeric ? (row.type === "integer" ? "numeric" : "decimal") : null,
        autocomplete: "off", spellcheck: numeric ? "false" : null,
        value: value === undefined || value === null ? "" : numberText(value),
      });
    }
    return el("div", { class: "calculator-field" },
      el("label", { for: id, text: row.label + unit }), input, this.help(row, id), this.errorSlot(id));
  }

  // The label of the list item whose id is `key`, for a reference such as
  // "placements[].id" or "case_types[].id"; null if it has none.
  ownerLabel(reference, key) {
    if (!reference) return null;
    const listPattern = reference.replace(/\[\]\.[^.]+$/, "");
    const keyField = reference.split(".").pop();
    const owner = valuesAt(this.model, listPattern).flat().find((item) => item && item[keyField] === key);
    return owner && owner.label ? owner.label : null;
  }

  choiceText(row, choice) {
    const label = this.ownerLabel(row.choices_from, choice);
    return label ? `${label} (${choice})` : choice.replace(/_/g, " ");
  }

  choicesFor(row) {
    const fromModel = row.choices_from ? valuesAt(this.model, row.choices_from).map(String) : [];
    return [...new Set([...(row.choices || []), ...(row.extra_choices || []), ...fromModel])];
  }

  // Reading what was typed: numbers become numbers where they parse; anything
  // else goes to Python as typed, so its message names the field.
  // The spec row of a concrete path (a map entry's row is its map's ".*").
  rowFor(path) {
    return this.spec.get(patternOf(path)) || this.spec.get(patternOf(path).replace(/\.[^.]+$/, ".*"));
  }

  readField(target) {
    const row = this.rowFor(target.dataset.path);
    if (target.type === "checkbox") return target.checked;
    const text = target.value.trim();
    if (text === "") return undefined;
    if (row && (row.type === "number" || row.type === "integer")) {
      const cleaned = text.replace(/[£,%\s]/g, "");
      const number = Number(cleaned);
      return cleaned !== "" && Number.isFinite(number) ? number : text;
    }
    return text;
  }

  fieldChanged(target, event) {
    if (!target.dataset.path) return;
    this.linkProblem = null;
    const path = target.dataset.path;
    const parts = parsePath(path);
    const feeds = this.feedsOthers(patternOf(path));
    // An id that other fields refer to: remember it before the first keystroke,
    // so that when the edit is done the references follow the new id.
    if (feeds === "id" && this.renaming?.path !== path) this.renaming = { path, from: getIn(this.model, parts) };
    setIn(this.model, parts, this.readField(target));
    if (feeds && event.type === "change") {
      if (this.renaming?.path === path) this.renameReferences(patternOf(path), this.renaming.from, getIn(this.model, parts));
      this.renaming = null;
      // Redraw the choices and labels that depend on this field once focus has
      // moved on (Tab fires "change" before the focus moves), so that
      // renderForm puts focus back where the reader went, not on the page.
      setTimeout(() => this.renderForm());
    }
    this.schedule();
  }

  // "id" if other fields take their choices or keys from this one (a placement
  // id, a case type id), "label" if they show its label, else null.
  feedsOthers(pattern) {
    for (const row of this.fields) {
      const source = row.choices_from || row.keys_from;
      if (source === pattern) return "id";
      if (source && source.replace(/[^.]+$/, "label") === pattern) return "label";
    }
    return null;
  }

  // After an id changes from `from` to `to`, the moves that named it and the
  // case counts keyed by it use the new id. Nothing changes if the new id is
  // empty or already used by another item (validation will say so).
  renameReferences(pattern, from, to) {
    if (typeof from !== "string" || !from || typeof to !== "string" || !to || from === to) return;
    if (valuesAt(this.model, pattern).filter((id) => id === to).length > 1) return;
    for (const row of this.fields) {
      if (row.choices_from === pattern) {
        for (const path of pathsAt(this.model, row.path)) {
          if (getIn(this.model, parsePath(path)) === from) setIn(this.model, parsePath(path), to);
        }
      }
      if (row.keys_from === pattern) {
        for (const path of pathsAt(this.model, row.path)) {
          const counts = getIn(this.model, parsePath(path));
          if (counts && typeof counts === "object" && from in counts && !(to in counts)) {
            setIn(this.model, parsePath(path), Object.fromEntries(Object.entries(counts).map(([key, n]) => [key === from ? to : key, n])));
          }
        }
      }
    }
  }

  loadPreset(name) {
    if (!name) return;
    this.model = JSON.parse(JSON.stringify(this.boot.presets[name]));
    this.renderForm();
    document.getElementById(`calc-${this.name}-preset`).value = name;
    this.presetName = name;
    this.restored = false;
    this.schedule(0);
  }

  addItem(row, path) {
    const parts = parsePath(path);
    const items = getIn(this.model, parts) || [];
    const itemSpec = this.spec.get(`${row.path}[]`);
    items.push(this.blank(itemSpec));
    setIn(this.model, parts, items);
    this.renderForm();
    const added = document.getElementById(this.fieldId(joinPath(path, items.length - 1)));
    (added?.matches("input, select, textarea") ? added : added?.querySelector("input, select, textarea"))?.focus();
    // No calculation yet: the new item's empty fields would all be reported as
    // missing before there was a chance to fill them in. The next edit calculates.
    this.keepModel();
  }

  removeItem(path, index) {
    const items = getIn(this.model, parsePath(path));
    items.splice(index, 1);
    this.renderForm();
    document.getElementById(`${this.fieldId(path)}-add`)?.focus();
    this.schedule();
  }

  toggleObject(row, path, included) {
    setIn(this.model, parsePath(path), included ? this.blank(row) : null);
    this.renderForm();
    document.getElementById(`${this.fieldId(path)}-include`)?.focus();
    this.schedule();
  }

  blank(row) {
    if (row.type === "object") {
      const value = {};
      for (const child of this.childrenOf(row.path)) {
        const key = child.path.slice(row.path.length + 1);
        if (child.type === "list") value[key] = [];
        else if (child.type === "map") value[key] = {};
        else if (child.type === "object") value[key] = child.nullable ? null : this.blank(child);
        else if (child.default !== null && child.default !== undefined) value[key] = child.default;
      }
      return value;
    }
    // A single number per item (reinvestment in a year) starts at 0 where 0 is allowed.
    const numeric = row.type === "number" || row.type === "integer";
    if (row.default == null && numeric && (row.minimum ?? 0) <= 0 && (row.maximum ?? 0) >= 0) return 0;
    return row.default ?? undefined;
  }

  // Calculating ------------------------------------------------------------------

  schedule(delay = 0) {
    this.keepModel();
    this.changedAt ??= performance.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.calculate(), delay);
  }

  announceLater(text) {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.announce(text), ANNOUNCE_AFTER_MS);
  }

  async calculate() {
    const id = ++this.latest;
    const input = JSON.parse(JSON.stringify(this.model));
    if (!workerState.ready && !workerState.failed) this.announce("Starting the calculator; your results will appear in a moment…");
    const reply = await runInWorker(this.name, input);
    if (id !== this.latest || !this.root.isConnected) return; // a newer edit is on its way
    let output;
    try {
      output = JSON.parse(reply.output);
    } catch {
      output = { ok: false, errors: [{ path: "", message: "The calculator returned something unreadable." }] };
    }
    this.root.dataset.calculatorMs = reply.ms.toFixed(2);
    this.showErrors(output.ok ? [] : output.errors);
    if (!output.ok) {
      this.changedAt = null;
      this.setState(STATES.invalid);
      const count = output.errors.length;
      this.announceLater(`${count} ${count === 1 ? "input needs" : "inputs need"} correcting; the results shown are from the last valid inputs.`);
      return;
    }
    this.output = output;
    this.resultBox.textContent = JSON.stringify(output, null, 1);
    this.tables.replaceChildren(renderTables(output.result));
    this.scenario.textContent = this.presetName && !this.edited() ? `Preset: ${this.boot.presets[this.presetName].title || this.presetName}.`
      : this.restored ? "Your scenario from earlier in this visit, calculated in this browser. Choose a preset to start again."
      : "Your scenario, calculated in this browser.";
    this.drawChart(output.result);
    this.renderActions();
    // Only while the address is still this page's: instant navigation changes
    // the address before it swaps the page, and a reply can land in between.
    if (location.pathname === this.pathname) history.replaceState(history.state, "", `#input=${encodeURIComponent(JSON.stringify(input))}`);
    // From the edit to the results on screen: read by the benchmark (make bench).
    this.root.dataset.calculatorLatencyMs = (performance.now() - this.changedAt).toFixed(2);
    this.changedAt = null;
    this.setState(STATES.computed);
    if (!performance.getEntriesByName("calculator:first-result").length) performance.mark("calculator:first-result");
    this.announceLater("Results updated.");
  }

  edited() {
    return JSON.stringify(this.model) !== JSON.stringify(this.boot.presets[this.presetName]);
  }

  showErrors(errors) {
    for (const slot of this.form.querySelectorAll(".calculator-field-error")) {
      slot.hidden = true;
      slot.textContent = "";
    }
    for (const input of this.form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    this.errorsBox.replaceChildren();
    this.errorsBox.hidden = errors.length === 0;
    if (!errors.length) return;
    const list = el("ul");
    for (const error of errors) {
      // The field the path names, or the nearest group that holds it.
      let path = error.path;
      let target = null;
      while (path && !(target = this.form.querySelector(`[data-path="${CSS.escape(path)}"]`))) {
        path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "") === path ? "" : path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      }
      const id = target ? target.id : null;
      if (target) {
        const slot = document.getElementById(`${id}-error`);
        if (slot) {
          slot.hidden = false;
          slot.textContent = slot.textContent ? `${slot.textContent} ${error.message}` : error.message;
        }
        if (target.matches("input, select")) target.setAttribute("aria-invalid", "true");
      }
      // Named as the form names it, with the path that the command line and
      // batch files use; the link moves focus to the field without touching
      // the address (which holds the scenario).
      const text = error.path ? `${this.describePath(error.path)}: ${error.message}` : error.message;
      const jump = (event) => { event.preventDefault(); event.stopPropagation(); jumpTo(target); };
      list.append(el("li", {}, id ? el("a", { href: `#${id}`, text, onclick: jump }) : text,
        error.path ? el("code", { class: "calculator-error-path", text: error.path }) : null));
    }
    this.errorsBox.append(el("h3", { text: "Check these inputs" }), list);
  }

  // Results extras ------------------------------------------------------------------

  renderActions() {
    const result = this.output.result;
    const download = (label, type, text, filename) => el("button", {
      type: "button", class: "md-button", text: label,
      onclick: () => {
        const url = URL.createObjectURL(new Blob([text()], { type }));
        const link = el("a", { href: url, download: filename });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      },
    });
    const buttons = (result.tables || []).map((table) =>
      download(`Download “${table.title}” (CSV)`, "text/csv", () => toCsv(table), `${this.name}-${table.id}.csv`));
    buttons.push(download("Download all results (JSON)", "application/json",
      () => JSON.stringify(this.output, null, 2), `${this.name}-results.json`));
    buttons.push(el("button", {
      type: "button", class: "md-button", text: "Copy a link to this scenario",
      onclick: async () => {
        const link = `${location.href.split("#")[0]}#input=${encodeURIComponent(JSON.stringify(this.model))}`;
        try {
          await navigator.clipboard.writeText(link);
          this.announce("A link to this scenario is on your clipboard. Anyone who opens it sees these inputs; nothing is stored on a server.");
        } catch {
          history.replaceState(history.state, "", link);
          this.announce("Copy the address from the address bar: it now holds this scenario.");
        }
      },
    }));
    buttons.push(el("button", { type: "button", class: "md-button", text: "Print a summary", onclick: () => window.print() }));
    this.actions.replaceChildren(el("div", { class: "calculator-buttons" }, buttons), this.printSummary());
    this.actions.hidden = false;
  }

  // For print: every input behind the results shown (defaults included, as
  // Python filled them in), named as the form names them, and the date.
  printSummary() {
    const rows = [];
    const show = (value, row) => {
      if (value === null || value === undefined || value === "") return "–";
      if (typeof value === "string") return row && row.type === "choice" ? this.choiceText(row, value) : value;
      const unit = row && row.unit;
      if (unit === "month" || unit === "year") return `${unit} ${formatValue(value)}`; // a position, not an amount
      if (unit && unit.startsWith("% ")) return `${formatValue(value)}${unit}`; // "2% a year"
      return formatWithUnit(value, unit);
    };
    const walk = (value, path) => {
      if (Array.isArray(value)) {
        if (!value.length) rows.push([this.describePath(path), "none"]);
        value.forEach((item, i) => walk(item, joinPath(path, i)));
      } else if (value && typeof value === "object") {
        Object.entries(value).forEach(([key, item]) => walk(item, joinPath(path, key)));
      } else {
        rows.push([this.describePath(path), show(value, this.rowFor(path))]);
      }
    };
    walk(this.output.input, "");
    const when = new Date().toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" });
    return el("div", { class: "calculator-print-summary" },
      el("h3", { text: "Inputs for these results" }),
      el("p", { text: `Worked out on ${when} with the calculators on this site. ${this.scenario.textContent}` }),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Input" }), el("th", { scope: "col", text: "Value" }))),
        el("tbody", {}, rows.map(([name, value]) => el("tr", {}, el("th", { scope: "row", text: name }), el("td", { text: value }))))));
  }

  async drawChart(result) {
    const config = this.boot.chart;
    const table = config && (result.tables || []).find((t) => t.id === config.table);
    if (!table) return;
    let Chart;
    try {
      Chart = await loadChartLibrary(this.root.dataset.chartUrl);
    } catch {
      return; // the table beside it carries the same figures
    }
    if (!this.root.isConnected) return;
    const colours = ["#3f51b5", "#e65100", "#2e7d32", "#6a1b9a", "#00838f", "#ad1457"];
    const columns = config.series.map((key) => table.columns.find((col) => col.key === key)).filter(Boolean);
    const data = {
      labels: table.rows.map((row) => formatValue(row[config.x])),
      datasets: columns.map((col, i) => ({
        label: col.label, data: table.rows.map((row) => row[col.key]),
        backgroundColor: colours[i % colours.length], borderColor: colours[i % colours.length],
      })),
    };
    // A level to read the series against, from the inputs (e.g. the target caseload).
    const reference = config.reference && this.output.input && this.output.input[config.reference.input];
    if (typeof reference === "number") {
      data.datasets.push({
        type: "line", label: config.reference.label, data: table.rows.map(() => reference),
        borderColor: "#757575", borderDash: [6, 4], pointRadius: 0, borderWidth: 2,
      });
    }
    const unit = columns[0] && columns[0].unit;
    if (!this.chart) {
      const canvas = el("canvas", { role: "img", "aria-label": `${config.title}. The same figures are in the table “${table.title}” below.` });
      this.chartBox.replaceChildren(el("figcaption", { text: config.title }), el("div", { class: "calculator-chart-canvas" }, canvas));
      this.chartBox.hidden = false;
      this.chart = new Chart(canvas, {
        type: config.type || "bar",
        data,
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          // From zero, so a small change does not look like a large one.
          scales: { x: {}, y: { beginAtZero: true, ticks: { callback: (value) => formatValue(value, unit) } } },
          plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${formatValue(ctx.parsed.y, unit)}` } } },
        },
      });
      this.paintChart();
    } else {
      this.chart.data = data;
      this.chart.update();
    }
  }

  // Text and grid lines in the palette's own colours (read again when the
  // reader switches between light and dark).
  paintChart() {
    if (!this.chart) return;
    const styles = getComputedStyle(document.body);
    const text = styles.getPropertyValue("--md-typeset-color").trim() || "#222";
    const grid = styles.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd";
    const options = this.chart.options;
    options.color = text;
    for (const axis of [options.scales.x, options.scales.y]) {
      axis.ticks = { ...axis.ticks, color: text };
      axis.grid = { ...axis.grid, color: grid };
    }
    this.chart.update();
  }
}

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
new MutationObserver(() => active.forEach((calculator) => calculator.paintChart()))
  .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

// Chart.js draws at screen size; redraw at page width for print, as its docs advise.
window.addEventListener("beforeprint", () => active.forEach((calculator) => calculator.chart?.resize(640, 260)));
window.addEventListener("afterprint", () => active.forEach((calculator) => calculator.chart?.resize()));

// The page itself is set up once the document is parsed, by Material's
// document$ (which then fires again on each instant navigation).
function subscribe() {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUp);
  else setUp();
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
else subscribe();
