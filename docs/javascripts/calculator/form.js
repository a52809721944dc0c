// The form: drawn from the input spec and the scenario (see inputs.js), read
// back field by field, and marked with Python's validation errors. Three of
// its roles are in their own modules, their methods copied onto Form
// (mixin.js): naming months and financial years (calendar.js), showing errors
// (form-errors.js) and drawing closed sections later (form-sections.js).

import { FormCalendar } from "./calendar.js";
import { el } from "./dom.js";
import { focusState, restoreFocus } from "./focus-keeper.js";
import { FormErrors } from "./form-errors.js";
import { FormSections } from "./form-sections.js";
import { numberText, readNumber } from "./format.js";
import { mixin } from "./mixin.js";
import { joinPath } from "./paths.js";

export class Form {
  // `actions`: what the form's own controls do, called as
  // preset(name), add(row, path), remove(path, index), toggle(row, path, included), compare(on).
  // `layout`: the calculator's declared form (main, main_title, sections: calculators/presentation.py), or null.
  constructor(element, name, inputs, presets, actions, layout = null) {
    this.element = element;
    this.name = name;
    this.inputs = inputs;
    this.presets = presets;
    this.actions = actions;
    this.layout = layout;
    this.open = new Set(); // sections the reader opened (kept when the form is redrawn)
    this.origin = null; // {preset, own, compare, compareLabel, note}: see Calculator.origin
    this.selectedPreset = "";
    // The headline figures, beside the main inputs (filled by the calculator).
    this.headline = el("div", { class: "calculator-headline", "data-calculator-headline": "" });
  }

  fieldId(path) {
    return `calc-${this.name}-${path.replace(/[^a-zA-Z0-9]+/g, "-")}`;
  }

  get presetId() {
    return `calc-${this.name}-preset`;
  }

  // Draws the whole form again, keeping focus (and a text field's selection) where it was.
  // Laid out question first (the calculator's declared `form`, calculators/presentation.py):
  // the few inputs that answer the calculator's main question, the headline
  // figures beside them, then the detailed assumptions in sections that open.
  // `lazy` (the page's first drawing): a closed section's inputs are drawn
  // when the browser is idle, or at once when it is opened, so they are not
  // part of the page's first load (form-sections.js). Anything that looks
  // for a field first calls fillSections().
  render({ lazy = false } = {}) {
    const focus = focusState(this.element); // given back after the redraw, selection and all (focus-keeper.js)
    const layout = this.layout || {};
    const names = Object.keys(this.presets);
    const children = [];
    if (names.length) {
      children.push(el("div", { class: "calculator-field calculator-preset" },
        el("label", { for: this.presetId, text: "Start from a preset" }),
        el("select", { id: this.presetId, onchange: (event) => this.actions.preset(event.target.value) },
          el("option", { value: "", text: "Choose a preset…" }),
          names.map((name) => el("option", { value: name, text: this.presets[name].title || name, selected: name === this.selectedPreset }))),
        el("p", { class: "calculator-help", text: "A preset fills in every input from a source document. Change any of them and it becomes your own scenario." })));
    }
    if (this.origin?.own) children.push(this.originBox());
    // `omit`: inputs this calculator has no use for (price years where no input is money).
    const placed = new Set([...(layout.main || []), ...(layout.sections || []).flatMap((section) => section.paths), ...(layout.omit || [])]);
    const draw = (path) => (this.inputs.spec.get(path) ? this.node(this.inputs.spec.get(path), path) : null);
    if (layout.main) {
      const main = el("fieldset", { class: "calculator-main", id: `calc-${this.name}-main` },
        el("legend", { text: layout.main_title || "Main inputs" }), layout.main.map(draw));
      children.push(el("div", { class: "calculator-question" }, main, this.headline));
    } else {
      children.push(this.headline);
    }
    // Each of a section's rows is drawn by a function of its own, so that a closed section can wait.
    const sections = (layout.sections || []).map((section) => ({ ...section, rows: section.paths.map((path) => () => draw(path)) }));
    // Whatever the layout does not place goes in a last section, so no input is ever left out.
    const rest = this.unplaced("", placed).map((row) => () => this.node(row, row.path));
    if (rest.length && layout.main) sections.push({ title: "Other inputs", rows: rest });
    else if (rest.length) children.push(...rest.map((row) => row()));
    this.pending = new Map(); // closed sections not drawn yet → the functions that draw their rows
    sections.forEach((section, i) => {
      const id = `calc-${this.name}-section-${i}`;
      const open = this.open.has(id);
      const details = el("details", { class: "calculator-section", id, open }, el("summary", { text: section.title }));
      if (lazy && !open) this.pending.set(details, [...section.rows]);
      else details.append(...section.rows.map((row) => row()).filter(Boolean));
      details.addEventListener("toggle", () => (details.open ? this.open.add(id) : this.open.delete(id)));
      children.push(details);
    });
    this.element.replaceChildren(...children);
    restoreFocus(focus);
    if (this.pending.size) this.fillLater();
  }

  // Rows under `pattern` that no path of the layout covers (a row that holds a placed path is opened up).
  unplaced(pattern, placed) {
    const out = [];
    for (const row of this.inputs.childrenOf(pattern)) {
      if (placed.has(row.path)) continue;
      const holds = [...placed].some((path) => path.startsWith(`${row.path}.`) || path.startsWith(`${row.path}[]`));
      if (holds && row.type === "object") out.push(...this.unplaced(row.path, placed));
      else out.push(row);
    }
    return out;
  }

  // What the scenario is: a preset as published, or the reader's own based on one.
  originBox() {
    const { preset, own, compare, compareLabel, note } = this.origin;
    const box = el("div", { class: "calculator-origin", id: `calc-${this.name}-origin` },
      el("p", { class: "calculator-origin-title" }, el("strong", { text: own ? "Your scenario" : "Preset:" }),
        ` ${own ? `(based on: ${preset})` : preset}`));
    if (note) box.append(el("p", { class: "calculator-origin-note", text: note }));
    if (compareLabel) {
      const id = `calc-${this.name}-compare`;
      box.append(el("div", { class: "calculator-field calculator-check" },
        el("input", { type: "checkbox", id, checked: compare, onchange: (event) => this.actions.compare(event.target.checked) }),
        el("label", { for: id, text: compareLabel })));
    }
    return box;
  }

  focus(id) {
    const target = document.getElementById(id);
    (target?.matches("input, select, textarea, button") ? target : target?.querySelector("input, select, textarea"))?.focus();
  }

  // `quiet`: a second or later list item, whose fields share the help text
  // shown once on the first item instead of repeating it.
  node(row, path, quiet = false) {
    if (row.type === "object") return this.group(row, path);
    if (row.type === "list") return this.list(row, path);
    if (row.type === "map") return this.map(row, path);
    return this.field(row, path, quiet);
  }

  help(row, id) {
    // (A list's help starts in lower case, to follow its name in Python's messages.)
    const text = row.help ? row.help[0].toUpperCase() + row.help.slice(1) : "";
    return text ? el("p", { class: "calculator-help", id: `${id}-help`, text }) : null;
  }

  errorSlot(id) {
    return el("p", { class: "calculator-field-error", id: `${id}-error`, hidden: true });
  }

  fieldset(row, path, className) {
    const id = this.fieldId(path);
    return el("fieldset", { class: className, "data-path": path, id },
      el("legend", { text: row.label }), this.help(row, id), this.errorSlot(id));
  }

  group(row, path) {
    const fieldset = this.fieldset(row, path, "calculator-group");
    if (row.nullable) {
      const toggleId = `${this.fieldId(path)}-include`;
      const value = this.inputs.get(path);
      const included = value !== null && value !== undefined;
      fieldset.append(el("div", { class: "calculator-field calculator-check" },
        el("input", { type: "checkbox", id: toggleId, checked: included, onchange: (event) => this.actions.toggle(row, path, event.target.checked) }),
        el("label", { for: toggleId, text: `Include ${row.label.toLowerCase()}` })));
      if (!included) return fieldset;
    }
    for (const child of this.inputs.childrenOf(row.path)) {
      fieldset.append(this.node(child, joinPath(path, child.path.slice(row.path.length + (row.path ? 1 : 0)))));
    }
    return fieldset;
  }

  list(row, path) {
    const items = this.inputs.get(path) || [];
    const itemSpec = this.inputs.spec.get(`${row.path}[]`);
    const itemLabel = (itemSpec && itemSpec.label) || row.label;
    const fieldset = this.fieldset(row, path, "calculator-group calculator-list");
    (Array.isArray(items) ? items : []).forEach((_, index) => {
      const itemPath = joinPath(path, index);
      const itemId = this.fieldId(itemPath);
      const remove = el("button", {
        type: "button", class: "md-button calculator-remove", id: `${itemId}-remove`,
        text: `Remove ${itemLabel.toLowerCase()} ${index + 1}`, onclick: () => this.actions.remove(path, index),
      });
      if (itemSpec.type === "object") {
        const item = el("fieldset", { class: "calculator-item", "data-path": itemPath, id: itemId },
          el("legend", { text: `${itemLabel} ${index + 1}` }), this.errorSlot(itemId));
        for (const child of this.inputs.childrenOf(itemSpec.path)) {
          item.append(this.node(child, joinPath(itemPath, child.path.slice(itemSpec.path.length + 1)), index > 0));
        }
        item.append(remove);
        fieldset.append(item);
      } else {
        // A single value per item (e.g. reinvestment in each year): the field itself carries
        // the item's name, so its label, error and id are the field's own.
        fieldset.append(el("div", { class: "calculator-item calculator-item--single" },
          this.field({ ...itemSpec, label: `${itemLabel} ${index + 1}` }, itemPath, index > 0), remove));
      }
    });
    const full = row.max_items && items.length >= row.max_items;
    fieldset.append(el("button", {
      type: "button", class: "md-button calculator-add", id: `${this.fieldId(path)}-add`, disabled: full,
      text: `Add ${itemLabel.toLowerCase()}`, onclick: () => this.actions.add(row, path),
    }));
    return fieldset;
  }

  map(row, path) {
    const valueSpec = this.inputs.spec.get(`${row.path}.*`);
    const keys = this.inputs.mapKeys(row, path);
    const fieldset = this.fieldset(row, path, "calculator-group calculator-map");
    // Label each entry with the name of the item that defines its key (e.g. a case type's label).
    for (const key of keys) {
      fieldset.append(this.field({ ...valueSpec, label: this.inputs.ownerLabel(row.keys_from, key) || key }, joinPath(path, key)));
    }
    if (!keys.length) fieldset.append(el("p", { class: "calculator-help", text: "Add a case type first." }));
    return fieldset;
  }

  field(row, path, quiet = false) {
    const id = this.fieldId(path);
    const value = this.inputs.get(path);
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
    const calendar = this.calendarChoices(row, path);
    if (calendar) {
      // A month or a financial year, chosen by name; the scenario keeps the number.
      input = el("select", { id, "data-path": path, "data-number": "", "aria-describedby": describedBy },
        calendar.map(([choice, text]) => el("option", { value: choice, text, selected: String(value ?? "") === choice })));
      return el("div", { class: "calculator-field" }, el("label", { for: id, text: row.label }), input, this.help(row, id), this.errorSlot(id));
    }
    if (row.names_input) {
      // Another input of the scenario (for its price year or its range), chosen by its name.
      const choices = this.inputs.namedInputs(row.names_input);
      input = el("select", { id, "data-path": path, "aria-describedby": describedBy },
        el("option", { value: "", text: "Choose an input…" }),
        choices.map(([choice, text]) => el("option", { value: choice, text, selected: choice === value })));
      if (value && !choices.some(([choice]) => choice === value)) {
        const name = typeof value === "string" ? this.inputs.describePath(value) : String(value);
        input.append(el("option", { value, text: `${name} (not in the scenario now)`, selected: true }));
      }
    } else if (row.type === "choice") {
      const choices = this.inputs.choicesFor(row);
      input = el("select", { id, "data-path": path, "aria-describedby": describedBy, "data-choices-from": row.choices_from },
        choices.includes("") ? null : el("option", { value: "", text: "Choose…" }),
        choices.map((choice) => el("option", { value: choice, text: this.inputs.choiceText(row, choice), selected: choice === value })));
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

  // Reading what was typed: numbers become numbers where they parse (see
  // readNumber: "3,5" or "0x10" is not a number); anything else goes to
  // Python as typed, so its message names the field and what was typed.
  read(target) {
    const row = this.inputs.rowFor(target.dataset.path);
    if (target.type === "checkbox") return target.checked;
    const text = target.value.trim();
    if (text === "") return undefined;
    if (target.dataset.number !== undefined) return Number(text);
    if (row && (row.type === "number" || row.type === "integer")) {
      return readNumber(text) ?? text;
    }
    return text;
  }
}

mixin(Form, FormCalendar, FormErrors, FormSections);
