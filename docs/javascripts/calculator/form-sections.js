// Closed sections of the form drawn after the page's first load (a role of
// Form, form.js): Form.render({ lazy: true }) leaves a closed section's rows
// in `this.pending` (its <details> → the functions that draw its rows), and
// these methods draw them while the browser is idle, or at once when the
// section is opened. On the placement-cost page the closed sections held 691
// of the form's 812 elements, all drawn in the page's first task (issue 31).

import { whenIdle } from "./dom.js";

export class FormSections {
  // Draws a closed section's rows that are still waiting (at most `count`).
  fillSection(details, count = Infinity) {
    const rows = this.pending?.get(details);
    if (!rows) return;
    const drawn = rows.splice(0, count).map((row) => row()).filter(Boolean);
    if (!rows.length) this.pending.delete(details);
    details.append(...drawn);
  }

  // Every section's rows, now (before the form's fields are looked for).
  fillSections() {
    for (const details of [...(this.pending?.keys() || [])]) this.fillSection(details);
  }

  // The waiting rows, one at a time while the browser is idle (a row can be
  // a list of many fields); and a whole section as soon as it is opened (by
  // the reader, by find in page, or by a script), before the browser paints it.
  fillLater() {
    this.opened ??= new MutationObserver((changes) => changes.forEach((change) => this.fillSection(change.target)));
    this.opened.observe(this.element, { subtree: true, attributes: true, attributeFilter: ["open"] });
    const next = () => {
      const [details] = this.pending.keys();
      if (!details) return this.opened.disconnect();
      this.fillSection(details, 1);
      whenIdle(next);
    };
    whenIdle(next);
  }
}
