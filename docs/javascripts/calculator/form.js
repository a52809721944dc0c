// The form: drawn from the input spec and the scenario (see inputs.js), read
// back field by field, and marked with Python's validation errors.

import { el, onJump } from "./dom.js";
import { numberText } from "./format.js";
import { readNumber } from "./inputs.js";
import { joinPath, parentPath } from "./paths.js";

export class Form {
  // `actions`: what the form's own controls do, called as
  // preset(name), add(row, path), remove(path, index), toggle(row, path, included).
  constructor(element, name, inputs, presets, actions) {
    this.element = element;
    this.name = name;
    this.inputs = inputs;
    this.presets = presets;
    this.actions = actions;
  }

  fieldId(path) {
    return `calc-${this.name}-${path.replace(/[^a-zA-Z0-9]+/g, "-")}`;
  }

  get presetId() {
    return `calc-${this.name}-preset`;
  }

  // Draws the whole form again, keeping focus on the control that had it.
  render() {
    const focused = document.activeElement && this.element.contains(document.activeElement) ? document.activeElement.id : null;
    const names = Object.keys(this.presets);
    const children = [];
    if (names.length) {
      children.push(el("div", { class: "calculator-field calculator-preset" },
        el("label", { for: this.presetId, text: "Start from a preset" }),
        el("select", { id: this.presetId, onchange: (event) => this.actions.preset(event.target.value) },
          el("option", { value: "", text: "Choose a preset…" }),
          names.map((name) => el("option", { value: name, text: this.presets[name].title || name })))));
    }
    for (const row of this.inputs.childrenOf("")) children.push(this.node(row, row.path));
    this.element.replaceChildren(...children);
    if (focused) document.getElementById(focused)?.focus();
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
    return row.help ? el("p", { class: "calculator-help", id: `${id}-help`, text: row.help }) : null;
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
    if (row.type === "choice") {
      const choices = this.inputs.choicesFor(row);
      input = el("select", { id, "data-path": path, "aria-describedby": describedBy, "data-choices-from": row.choices_from },
        el("option", { value: "", text: "Choose…" }),
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
    if (row && (row.type === "number" || row.type === "integer")) {
      return readNumber(text) ?? text;
    }
    return text;
  }

  // Python's errors, each beside its field (or the nearest group that holds
  // it) and listed in `box`, named as the form names them, with the path that
  // the command line and batch files use.
  showErrors(errors, box) {
    for (const slot of this.element.querySelectorAll(".calculator-field-error")) {
      slot.hidden = true;
      slot.textContent = "";
    }
    for (const input of this.element.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    box.replaceChildren();
    box.hidden = errors.length === 0;
    if (!errors.length) return;
    const list = el("ul");
    for (const error of errors) {
      let path = error.path;
      let target = null;
      while (path && !(target = this.element.querySelector(`[data-path="${CSS.escape(path)}"]`))) path = parentPath(path);
      if (target) {
        const slot = document.getElementById(`${target.id}-error`);
        if (slot) {
          slot.hidden = false;
          slot.textContent = slot.textContent ? `${slot.textContent} ${error.message}` : error.message;
        }
        if (target.matches("input, select")) target.setAttribute("aria-invalid", "true");
      }
      // The link moves focus to the field without touching the address (which
      // holds the scenario). The field is looked up when the link is followed:
      // leaving a field can redraw the form (see Calculator.changed), so the
      // element found now may be gone by the time of the click.
      const text = error.path ? `${this.inputs.describePath(error.path)}: ${error.message}` : error.message;
      const selector = `[data-path="${CSS.escape(path)}"]`;
      list.append(el("li", {}, target ? el("a", { href: `#${target.id}`, text, onclick: onJump(() => this.element.querySelector(selector)) }) : text,
        error.path ? el("code", { class: "calculator-error-path", text: error.path }) : null));
    }
    box.append(el("h3", { text: "Check these inputs" }), list);
  }
}
