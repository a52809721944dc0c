// A council's own figures: a profile file (CSV or JSON) chosen by the reader,
// read in this browser with FileReader and handed to Python in the worker
// (calculators.profile.apply_text), which checks every row and answers with
// the new inputs or the rows that do not fit. The file never leaves the
// browser: nothing here makes a network request.
//
// What the profile set is kept in this tab (sessionStorage) beside the
// inputs, so that the marks "From your profile (name, year)" survive moving
// between pages. Links to the scenario carry the profile's figures only if
// the reader ticks the box: otherwise a copied link has the values from
// before it. (The address never holds a scenario unless the reader asks for
// a link: storage.js.)

import { el } from "./dom.js";
import { inputText } from "./format.js";
import { clone } from "./inputs.js";
import { getIn, parsePath, setIn } from "./paths.js";
import { callInWorker, workerState } from "./runtime.js";

// A file larger than this is refused before it is read (Python's own limit is
// about 1 MB of text; a template is about 20 kB).
const MAX_BYTES = 4_000_000;

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function download(text, type, filename) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function readBytes(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

export class ProfilePanel {
  // `calculator`: the Calculator (calculator.js) whose inputs the profile sets.
  constructor(calculator) {
    this.calculator = calculator;
    this.key = `calculator:${calculator.name}:profile`;
    this.state = this.read();
  }

  get id() {
    return `calc-${this.calculator.name}-profile`;
  }

  // The panel below the form and results, and the marks in the form after every redraw.
  start() {
    const { root, form } = this.calculator;
    const id = this.id;
    this.file = el("input", { type: "file", id: `${id}-file`, accept: ".csv,.json,text/csv,application/json", "aria-describedby": `${id}-help` });
    this.file.addEventListener("change", () => this.chosen());
    this.status = el("p", { class: "calculator-profile-status", role: "status", "aria-live": "polite" });
    this.errors = el("div", { class: "calculator-errors calculator-profile-errors", hidden: true });
    this.share = el("input", { type: "checkbox", id: `${id}-share` });
    this.share.addEventListener("change", () => this.shareChanged());
    this.applied = el("div", { class: "calculator-profile-applied", hidden: true });
    const template = el("button", { type: "button", class: "md-button", id: `${id}-template`, text: "Download a profile template (CSV)" });
    template.addEventListener("click", () => this.downloadTemplate());
    const stop = el("button", { type: "button", class: "md-button", id: `${id}-stop`, text: "Stop using my profile" });
    stop.addEventListener("click", () => this.remove());
    this.active = el("div", { class: "calculator-profile-active", hidden: true },
      this.applied,
      el("div", { class: "calculator-field calculator-check" }, this.share,
        el("label", { for: `${id}-share`, text: "Include my profile's figures in links to this scenario" })),
      el("div", { class: "calculator-buttons" }, stop));
    this.section = el("section", { class: "calculator-profile", "aria-labelledby": `${id}-heading`, "data-search-exclude": true },
      el("h2", { id: `${id}-heading`, text: "Your council's figures" }),
      el("p", { id: `${id}-help`, class: "calculator-help",
        text: "A profile is a small CSV or JSON file of your council's own figures (costs, counts, salaries), each with its price year and source. "
          + "Start from the template: it lists every input, with no other council's figures; fill in the values that are yours and delete the rest (a row left empty is not used). "
          + "The file is read in this browser and never leaves it." }),
      el("div", { class: "calculator-field calculator-profile-file" },
        el("label", { for: `${id}-file`, text: "Use my council's figures (CSV or JSON file)" }), this.file),
      el("div", { class: "calculator-buttons" }, template),
      this.status, this.errors, this.active);
    // Below the form and results: the question and its headline stay at the top
    // of the page (issue 13), and nothing is inserted above them as the page starts.
    root.querySelector(".calculator-layout").after(this.section);
    this.observer = new MutationObserver(() => this.mark());
    this.observer.observe(form.element, { childList: true });
    // After each keystroke, once the calculator has taken the new value.
    this.onEdit = () => setTimeout(() => this.mark());
    form.element.addEventListener("input", this.onEdit);
    form.element.addEventListener("change", this.onEdit);
    this.showActive();
    this.mark();
  }

  stop() {
    this.observer?.disconnect();
  }

  // Kept in the tab -----------------------------------------------------------------

  read() {
    try {
      const state = JSON.parse(sessionStorage.getItem(this.key) || "null");
      return state && typeof state.name === "string" && Array.isArray(state.rows) ? state : null;
    } catch {
      return null;
    }
  }

  keep() {
    try {
      if (this.state) sessionStorage.setItem(this.key, JSON.stringify(this.state));
      else sessionStorage.removeItem(this.key);
    } catch {
      // storage blocked: the profile lasts as long as the page
    }
  }

  // Loading ---------------------------------------------------------------------------

  async chosen() {
    const file = this.file.files && this.file.files[0];
    if (!file) return;
    this.clearErrors();
    if (file.size > MAX_BYTES) {
      this.file.value = "";
      return this.refuse([{ row: null, field: "", message: `The file is ${file.size.toLocaleString("en-GB")} bytes long; a profile may be at most about 1 MB. A council profile is a few kilobytes: check that the right file was chosen.` }], file.name);
    }
    if (workerState.failed) {
      this.file.value = "";
      this.status.textContent = "The calculator could not start in this browser, so a profile cannot be read here; the command line reads the same file (calculators CALCULATOR --profile FILE).";
      return;
    }
    this.status.textContent = workerState.ready ? `Reading ${file.name} in this browser…` : `Reading ${file.name} in this browser once the calculator has started…`;
    let bytes;
    try {
      bytes = await readBytes(file);
    } catch (error) {
      this.file.value = "";
      return this.refuse([{ row: null, field: "", message: `The file could not be read (${error && error.message || error}).` }], file.name);
    }
    const { calculator } = this;
    const model = clone(calculator.model);
    const reply = await callInWorker("profile_apply", calculator.name, JSON.stringify(model), bytes, file.name);
    this.file.value = ""; // the same file can be chosen again after it is corrected
    let answer;
    try {
      answer = JSON.parse(reply.output);
    } catch {
      answer = { ok: false, errors: [{ row: null, field: "", message: "The calculator returned something unreadable." }] };
    }
    if (!answer.ok) return this.refuse(answer.errors, file.name);
    // Python's answer is a whole scenario: the council's figures, named national
    // defaults and the calculator's own settings, nothing from the preset on
    // screen (calculators/baseline.py). It replaces the form's scenario; "Stop
    // using my profile" brings back the one from before.
    this.state = { name: answer.profile.name, file: file.name, rows: answer.profile.rows, before: model, share: false, other: answer.profile.other_rows, whole: true };
    this.keep();
    calculator.inputs.model = clone(answer.input);
    calculator.startOwn();
    this.showActive();
    const count = answer.profile.rows.length;
    const others = answer.profile.other_rows ? ` ${answer.profile.other_rows} ${answer.profile.other_rows === 1 ? "row" : "rows"} for other calculators ${answer.profile.other_rows === 1 ? "was" : "were"} left for their pages.` : "";
    const missing = answer.missing && answer.missing.length
      ? ` ${answer.missing.length} ${answer.missing.length === 1 ? "figure the calculator needs is" : "figures the calculator needs are"} not in it: ${answer.missing.map((error) => error.label || error.path).join("; ")}. Type ${answer.missing.length === 1 ? "it" : "them"} in the form or add ${answer.missing.length === 1 ? "it" : "them"} to the profile.`
      : "";
    this.status.textContent = count
      ? `Your council's scenario “${answer.profile.name}” is in use: ${count} ${count === 1 ? "figure" : "figures"} from your profile, each marked “From your profile” in the form, and no figure from any preset.${missing}${others}`
      : `Your profile “${answer.profile.name}” sets nothing in this calculator.${others}`;
  }

  refuse(errors, filename) {
    const list = el("ul", {}, errors.map((error) => {
      const where = [error.row != null ? `Row ${error.row}` : "", error.field ? this.calculator.inputs.describePath(error.field) : ""].filter(Boolean).join(", ");
      return el("li", {}, `${where || "The file"}: ${error.message}`);
    }));
    const heading = el("h3", { tabindex: "-1", text: `The profile ${filename} was not used` });
    this.errors.replaceChildren(heading,
      el("p", { text: "Nothing in the form has changed. Correct these rows and choose the file again:" }), list);
    this.errors.hidden = false;
    const count = errors.length;
    this.status.textContent = `The profile ${filename} was not used: ${count} ${count === 1 ? "problem" : "problems"} listed below. Nothing in the form has changed.`;
    heading.focus();
  }

  clearErrors() {
    this.errors.hidden = true;
    this.errors.replaceChildren();
  }

  async downloadTemplate() {
    const { name } = this.calculator;
    if (workerState.failed) {
      this.status.textContent = "The calculator could not start in this browser, so the template cannot be made here; the command line makes the same file (calculators template).";
      return;
    }
    this.status.textContent = "Making the template…";
    const reply = await callInWorker("profile_template", name, "csv");
    download(reply.output, "text/csv", `${name}-profile-template.csv`);
    this.status.textContent = "The template is in your downloads: a row for every input, with what it accepts. Fill in your council's figures and delete the rows you have none for; a row left empty is not used.";
  }

  // In use ----------------------------------------------------------------------------

  // Rows whose figure is still in the form (the reader has not typed over it).
  current(model = this.calculator.model) {
    return (this.state?.rows || []).filter((row) => same(getIn(model, parsePath(row.field)), row.value));
  }

  showActive() {
    const { state } = this;
    this.active.hidden = !state;
    if (!state) return;
    this.share.checked = Boolean(state.share);
    const rows = state.rows.map((row) => el("tr", {},
      el("th", { scope: "row", text: this.calculator.inputs.describePath(row.field) }),
      el("td", { text: inputText(row.value, this.calculator.inputs.rowFor(row.field)?.unit) }), el("td", { text: row.price_year || "–" }),
      el("td", { text: [row.source, row.note].filter(Boolean).join("; ") || "–" })));
    this.applied.replaceChildren(
      el("p", { text: `In use: “${state.name}” (${state.file}), ${state.rows.length} ${state.rows.length === 1 ? "figure" : "figures"}.` }),
      rows.length ? el("details", { class: "calculator-profile-details" }, el("summary", { text: "The figures from your profile, with price years and sources" }),
        el("div", { class: "calculator-table", tabindex: "0", role: "region", "aria-label": "Figures from your profile" },
          el("table", {}, el("caption", { text: "Figures from your profile" }),
            el("thead", {}, el("tr", {}, ["Input", "Value", "Price year", "Source and note"].map((text) => el("th", { scope: "col", text })))),
            el("tbody", {}, rows)))) : null);
    this.applied.hidden = false;
  }

  // "From your profile (name, price year)" under each field the profile set,
  // while the field still holds the profile's figure.
  mark() {
    const { form } = this.calculator;
    for (const old of form.element.querySelectorAll(".calculator-profile-mark")) {
      const input = document.getElementById(old.dataset.for);
      if (input) input.setAttribute("aria-describedby", (input.getAttribute("aria-describedby") || "").split(" ").filter((id) => id !== old.id).join(" "));
      old.remove();
    }
    if (!this.state) return;
    for (const row of this.current()) {
      const input = form.element.querySelector(`:is(input, select, textarea)[data-path="${CSS.escape(row.field)}"]`);
      if (!input) continue;
      const year = row.price_year ? `, price year ${row.price_year}` : "";
      const note = el("p", { class: "calculator-profile-mark", id: `${input.id}-profile`, "data-for": input.id, text: `From your profile (${this.state.name}${year})` });
      input.after(note);
      input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), note.id].filter(Boolean).join(" "));
    }
  }

  // A model without the profile's figures: those still in it go back to the
  // values they had before the profile (what links carry unless the reader chooses).
  withoutProfile(model) {
    if (this.state?.whole) return clone(this.state.before);
    const out = clone(model);
    const current = this.current(model);
    for (const row of current) setIn(out, parsePath(row.field), this.state.before[row.field]);
    this.restorePriceYears(out, new Set(current.filter((row) => row.price_year).map((row) => row.field)));
    return out;
  }

  // The price years of the figures taken out go back to what the scenario had
  // before the profile (none, if it had no `prices` at all).
  restorePriceYears(out, fields) {
    if (!fields.size || !out.prices || typeof out.prices !== "object") return;
    const before = this.state.before.prices;
    const earlier = ((before && Array.isArray(before.years)) ? before.years : []).filter((item) => fields.has(item.path));
    const years = (Array.isArray(out.prices.years) ? out.prices.years : []).filter((item) => !fields.has(item && item.path)).concat(earlier);
    if (before === undefined && !years.length && !out.prices.show_in && !out.prices.entered_in) delete out.prices;
    else out.prices = { ...out.prices, years };
  }

  // The reader has typed over a figure from the profile: the profile's price
  // year was for the profile's figure, not theirs, so it goes (the year from
  // before the profile, if any, comes back). Returns the year taken out, or null.
  typedOver(path, model) {
    const row = this.state?.rows.find((item) => item.field === path && item.price_year);
    if (!row || same(getIn(model, parsePath(path)), row.value)) return null;
    const years = model.prices && Array.isArray(model.prices.years) ? model.prices.years : [];
    if (!years.some((item) => item && item.path === path)) return null;
    this.restorePriceYears(model, new Set([path]));
    return row.price_year;
  }

  // The model a link may carry.
  shareable(model) {
    return this.state && !this.state.share && this.current(model).length ? this.withoutProfile(model) : model;
  }

  // What a link would leave out of the scenario on screen, said before copying (null: nothing).
  linkWarning(model = this.calculator.model) {
    if (!this.state || this.state.share || !this.current(model).length) return null;
    return `This scenario is made from your profile “${this.state.name}”. A link leaves out its ${this.current(model).length} figures unless you choose to include them, `
      + "so it would not show these results. To copy a link that does, tick “Include my profile's figures in links to this scenario” (below, under “Your council's figures”), then copy the link again; anyone who opens it sees your figures.";
  }

  shareChanged() {
    if (!this.state) return;
    this.state.share = this.share.checked;
    this.keep();
    this.status.textContent = this.share.checked
      ? "Links to this scenario now carry your profile's figures: anyone who opens one sees them."
      : "Links to this scenario leave out your profile's figures, so “Copy a link” will say so instead of copying one that shows other figures.";
  }

  remove() {
    if (!this.state) return;
    const { calculator } = this;
    const name = this.state.name;
    calculator.inputs.model = this.withoutProfile(calculator.model);
    this.state = null;
    this.keep();
    this.showActive();
    calculator.form.render();
    calculator.schedule();
    this.status.textContent = `Your profile “${name}” is no longer in use: its figures are back to the values from before it.`;
    this.file.focus();
  }
}
