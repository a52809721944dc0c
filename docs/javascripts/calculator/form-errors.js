// Python's validation errors shown in the form (a role of Form, form.js):
// each beside its field, in a list that links to the fields, and the
// sections that hold them opened.

import { el, onJump } from "./dom.js";
import { parentPath } from "./paths.js";

export class FormErrors {
  // Sections that hold an element are opened, so an error can be reached.
  reveal(target) {
    for (let node = target?.closest("details"); node; node = node.parentElement?.closest("details")) {
      node.open = true;
      this.open.add(node.id);
    }
  }

  // Python's errors, each beside its field (or the nearest group that holds
  // it) and listed in `box`, named as the form names them, with the path that
  // the command line and batch files use.
  showErrors(errors, box) {
    this.fillSections(); // a closed section's fields, if not drawn yet (form.js)
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
        this.reveal(target);
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
