// Closed sections of the form drawn after the page's first load (a role of
// Form, form.js): Form.render({ lazy: true }) leaves a closed section's rows
// in `this.pending` (its <details> → the functions that draw its rows), and
// these methods draw them while the browser is idle, or at once when the
// section is opened. On the placement-cost page the closed sections held 691
// of the form's 812 elements, all drawn in the page's first task (issue 31).
//
// Rows drawn while idle wait off the page (`this.drawn`) and all go in
// together once the last is drawn: every change to the form's fields sets
// the browser restyling the page and re-reading its forms (for autofill, in
// a task the page cannot split), so one change costs one of each rather than
// one per row.

import { whenIdle } from "./dom.js";

export class FormSections {
  // A closed section's rows, now: those drawn while idle and those still waiting.
  fillSection(details) {
    const rows = this.pending?.get(details);
    const drawn = this.drawn?.get(details);
    if (!rows && !drawn) return;
    this.pending.delete(details);
    this.drawn?.delete(details);
    details.append(...(drawn || []), ...(rows || []).map((row) => row()).filter(Boolean));
  }

  // Every section's rows, now (before the form's fields are looked for).
  fillSections() {
    for (const details of new Set([...(this.pending?.keys() || []), ...(this.drawn?.keys() || [])])) this.fillSection(details);
  }

  // The waiting rows, one at a time while the browser is idle (a row can be
  // a list of many fields), put in the page together after the last; and a
  // whole section as soon as it is opened (by the reader, by find in page,
  // or by a script), before the browser paints it. A redraw of the form
  // (render) starts new maps, which the idle steps then work on.
  fillLater() {
    this.opened ??= new MutationObserver((changes) => changes.forEach((change) => this.fillSection(change.target)));
    this.opened.observe(this.element, { subtree: true, attributes: true, attributeFilter: ["open"] });
    const next = () => {
      const [details] = this.pending.keys();
      if (!details) {
        this.fillSections(); // the drawn rows, in one change
        return this.opened.disconnect();
      }
      const rows = this.pending.get(details);
      const node = rows.shift()();
      if (node) this.drawn.set(details, [...(this.drawn.get(details) || []), node]);
      if (!rows.length) this.pending.delete(details);
      whenIdle(next);
    };
    whenIdle(next);
  }
}
