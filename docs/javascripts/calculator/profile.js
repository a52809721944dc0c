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
// a link: storage.js.) What the panel does once a profile is in use is in
// profile-use.js (its methods copied onto ProfilePanel: mixin.js).

import { el, saveFile } from "./dom.js";
import { clone } from "./inputs.js";
import { mixin } from "./mixin.js";
import { ProfileInUse } from "./profile-use.js";
import { callInWorker, workerState } from "./runtime.js";
import { decimal } from "./format.js";

// A file larger than this is refused before it is read (Python's own limit is
// about 1 MB of text; a template is about 20 kB).
export const MAX_BYTES = 4_000_000;

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
      return this.refuse([{ row: null, field: "", message: `The file is ${decimal(file.size, 0)} bytes long; a profile may be at most about 1 MB. A council profile is a few kilobytes: check that the right file was chosen.` }], file.name);
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
    saveFile("text/csv", reply.output, `${name}-profile-template.csv`);
    this.status.textContent = "The template is in your downloads: a row for every input, with what it accepts. Fill in your council's figures and delete the rows you have none for; a row left empty is not used.";
  }
}

mixin(ProfilePanel, ProfileInUse);
