// The business case page's forms: the case's details, its options and their
// scenarios, and the officer's own words (recommendation, finance summary,
// implications). Each edit changes the case object in place and calls
// `changed(redraw)`: case-page.js keeps the case and lays the report out
// again; `redraw` asks for these forms to be drawn again (an option added,
// removed or renamed, a scenario moved).
//
// Calculator names come from the case and their titles and pages from the
// build (boot.calculators): this file knows no calculator.

import { el } from "./dom.js";
import { addOption, optionLabel } from "./case-store.js";

const DETAILS = [
  ["council", "Council or organisation", "input"],
  ["title", "Title of the case", "input"],
  ["author", "Author (name and role)", "input"],
  ["date", "Date of the report", "date"],
  ["price_year", "Price year of every figure", "select"],
  ["purpose", "Purpose of the report (leave empty for a sentence drafted from the figures)", "textarea"],
  ["background", "Background", "textarea"],
];
const IMPLICATIONS = [["legal", "Legal implications"], ["equalities", "Equalities implications"], ["consultation", "Consultation"], ["procurement", "Procurement implications"]];

const text = (value) => (typeof value === "string" ? value : "");

export function wordCount(value) {
  return text(value).trim().split(/\s+/).filter(Boolean).length;
}

function field(id, label, control, help) {
  control.id = id;
  if (help) control.setAttribute("aria-describedby", `${id}-help`);
  return el("div", { class: "case-field" }, el("label", { for: id, text: label }), control,
    help ? el("p", { class: "calculator-help", id: `${id}-help`, text: help }) : null);
}

function textControl(kind, value, onInput) {
  const control = kind === "textarea" ? el("textarea", { rows: "4" }) : el("input", { type: kind === "date" ? "date" : "text" });
  control.value = text(value);
  control.addEventListener("input", () => onInput(control.value));
  return control;
}

// What the scenario's record of origins says, in a line (origins.py's record: start, profile).
export function originLine(input) {
  const origin = input && typeof input === "object" ? input.origin : null;
  if (!origin || typeof origin !== "object") return "Figures typed on the calculator's page or from its default scenario.";
  const profile = origin.profile && typeof origin.profile === "object" ? origin.profile.name : null;
  if (origin.start === "council") return `From your council's profile${profile ? ` “${profile}”` : ""}; a figure it does not give is a named national default, the calculator's own setting or typed on the page.`;
  if (origin.start === "preset") return "Started from a published example (a preset), then changed on the calculator's page.";
  return "Figures typed on the calculator's page.";
}

export class CaseEditor {
  // `boot`: {calculators: {name: {title, url}}, price_years}; `changed(redraw)`: see above.
  constructor(root, boot, changed) {
    this.details = root.querySelector("[data-case-details]");
    this.optionsBox = root.querySelector("[data-case-options]");
    this.writing = root.querySelector("[data-case-writing]");
    this.boot = boot;
    this.changed = changed;
    this.draft = "";
  }

  draw(data) {
    this.data = data;
    this.drawDetails();
    this.drawOptions();
    this.drawWriting();
  }

  drawDetails() {
    const data = this.data;
    this.details.replaceChildren(...DETAILS.map(([key, label, kind]) => {
      if (kind !== "select") return field(`case-${key}`, label, textControl(kind, data[key], (value) => { data[key] = value; this.changed(false); }));
      const years = [...this.boot.price_years];
      if (text(data[key]) && !years.includes(data[key])) years.push(data[key]);
      const select = el("select", {}, el("option", { value: "", text: "Choose a price year" }), years.map((year) => el("option", { value: year, text: year.replace("-", "/") })));
      select.value = text(data[key]);
      select.addEventListener("change", () => { data[key] = select.value; this.changed(false); });
      return field(`case-${key}`, label, select, "Every figure in the report is shown at this year's prices, using the deflators this site publishes.");
    }));
  }

  drawOptions() {
    const options = Array.isArray(this.data.options) ? this.data.options : [];
    this.optionsBox.replaceChildren(...options.map((option, index) => this.optionBox(option, index, options)));
  }

  optionBox(option, index, options) {
    const id = `case-option-${index}`;
    const name = textControl("input", option.name, (value) => { option.name = value; this.changed(false); });
    // The choices of "Move to" name the options: renamed in place, so focus stays where the reader went.
    name.addEventListener("change", () => this.optionsBox.querySelectorAll(`option[value="${CSS.escape(option.id)}"]`)
      .forEach((choice) => { choice.textContent = optionLabel(option); }));
    const scenarios = Array.isArray(option.scenarios) ? option.scenarios : [];
    const remove = option.do_nothing ? null : el("button", { type: "button", class: "md-button", text: `Remove ${optionLabel(option)}`,
      onclick: () => this.removeOption(index) });
    return el("fieldset", { class: "case-option", "data-option": option.id },
      el("legend", { text: option.do_nothing ? "Do nothing (the baseline; it cannot be removed)" : `Option ${option.id}` }),
      field(`${id}-name`, option.do_nothing ? "Name of this option" : `Name of option ${option.id} (the report calls it “Option ${option.id}: …”)`, name),
      field(`${id}-description`, "What this option is (a sentence or two for the report)", textControl("textarea", option.description, (value) => { option.description = value; this.changed(false); })),
      scenarios.length
        ? el("ul", { class: "case-scenarios" }, scenarios.map((scenario, i) => this.scenarioItem(scenario, option, i, options)))
        : el("p", { class: "case-empty", text: option.do_nothing
          ? "No scenario yet. On the care population forecast's page (or any calculator's), set up what happens if nothing changes and choose “Add to business case” with “Do nothing”."
          : "No scenario yet: on a calculator's page, choose “Add to business case” and this option." }),
      remove);
  }

  scenarioItem(scenario, option, i, options) {
    const id = `case-${option.id}-${i}`;
    const known = this.boot.calculators[scenario.calculator];
    const title = textControl("input", scenario.title, (value) => { scenario.title = value; this.changed(false); });
    const others = options.filter((other) => other !== option);
    const move = el("select", {}, others.map((other) => el("option", { value: other.id, text: optionLabel(other) })));
    const href = known ? `${known.url}#input=${encodeURIComponent(JSON.stringify(scenario.input))}` : null;
    return el("li", { class: "case-scenario" },
      field(`${id}-title`, "Scenario title", title),
      el("p", {}, el("strong", { text: known ? known.title : `A calculator this version of the site does not have (“${scenario.calculator}”)` }), ". ", originLine(scenario.input)),
      el("div", { class: "case-scenario-actions" },
        href ? el("a", { href, class: "md-button", text: "Open it on its calculator's page", "aria-label": `Open it on its calculator's page: “${text(scenario.title)}”` }) : null,
        el("button", { type: "button", class: "md-button", text: "Remove", "aria-label": `Remove “${text(scenario.title)}” from ${optionLabel(option)}`,
          onclick: () => this.removeScenario(option, i) }),
        others.length ? el("span", { class: "case-move" },
          el("label", { for: `${id}-move`, text: "Move to" }), " ", Object.assign(move, { id: `${id}-move` }), " ",
          el("button", { type: "button", class: "md-button", text: "Move", "aria-label": `Move “${text(scenario.title)}” to the option chosen`,
            onclick: () => this.moveScenario(option, i, move.value) })) : null));
  }

  drawWriting() {
    const data = this.data;
    const summary = textControl("textarea", text(data.finance_summary) || this.draft, (value) => {
      data.finance_summary = value.trim() === this.draft.trim() ? "" : value;
      this.showCount(summary.value);
      this.changed(false);
    });
    summary.rows = 7;
    this.count = el("p", { class: "case-word-count", id: "case-finance-summary-count" });
    summary.setAttribute("aria-describedby", "case-finance-summary-count");
    const reset = el("button", { type: "button", class: "md-button", text: "Use the drafted summary again",
      onclick: () => { data.finance_summary = ""; summary.value = this.draft; this.showCount(this.draft); this.changed(false); } });
    const implications = data.implications && typeof data.implications === "object" ? data.implications : (data.implications = {});
    this.summary = summary;
    this.writing.replaceChildren(
      field("case-recommendation", "Recommendation (what you ask the board to decide)", textControl("textarea", data.recommendation, (value) => { data.recommendation = value; this.changed(false); })),
      field("case-finance-summary", "Finance summary (about 100 to 120 words: how much, when, capital or revenue, how it is paid for)", summary),
      this.count, reset,
      ...IMPLICATIONS.map(([key, label]) => field(`case-implications-${key}`, `${label} (left for you to write; the report marks it if empty)`,
        textControl("textarea", implications[key], (value) => { implications[key] = value; this.changed(false); }))));
    this.showCount(summary.value);
  }

  // The drafted summary from Python's latest layout: shown while the officer has not written their own.
  setDraft(draft) {
    this.draft = text(draft);
    if (this.summary && !text(this.data.finance_summary) && document.activeElement !== this.summary) {
      this.summary.value = this.draft;
      this.showCount(this.draft);
    }
  }

  showCount(value) {
    const words = wordCount(value);
    const aim = words < 100 ? " (aim for 100 to 120: a little more)" : words > 120 ? " (aim for 100 to 120: a little less)" : " (within 100 to 120)";
    this.count.textContent = `${words} ${words === 1 ? "word" : "words"}${aim}${text(this.data.finance_summary) ? "" : "; drafted from the figures, edit it as you need"}.`;
  }

  addOption() {
    const option = addOption(this.data, "");
    if (!option) return "The case already has 26 options; remove one first.";
    this.changed(true, `case-option-${this.data.options.length - 1}-name`);
    return `Option ${option.id} added: give it a name, then add scenarios to it from the calculators' pages.`;
  }

  removeOption(index) {
    const option = this.data.options[index];
    const count = Array.isArray(option.scenarios) ? option.scenarios.length : 0;
    if (count && !window.confirm(`Remove “${optionLabel(option)}” and its ${count} ${count === 1 ? "scenario" : "scenarios"} from this case?`)) return;
    this.data.options.splice(index, 1);
    // Options are lettered in order (the case file's rule): those after it move up a letter.
    this.data.options.forEach((item, i) => {
      if (i) item.id = String.fromCharCode(64 + i);
    });
    this.changed(true, "case-add-option");
  }

  removeScenario(option, i) {
    option.scenarios.splice(i, 1);
    this.changed(true, `case-option-${this.data.options.indexOf(option)}-name`);
  }

  moveScenario(option, i, to) {
    const target = this.data.options.find((other) => other.id === to);
    if (!target) return;
    const [scenario] = option.scenarios.splice(i, 1);
    if (!Array.isArray(target.scenarios)) target.scenarios = [];
    target.scenarios.push(scenario);
    this.changed(true, `case-option-${this.data.options.indexOf(target)}-name`);
  }
}
