// A council profile in use (a role of ProfilePanel, profile.js): which of its
// figures are still in the form, the marks beside them, what a typed-over
// figure drops (its price year), and what a shared link carries of it.

import { el } from "./dom.js";
import { inputText } from "./format.js";
import { clone } from "./inputs.js";
import { getIn, parsePath, setIn } from "./paths.js";

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export class ProfileInUse {
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

  // The reader chose a preset, whose figures replace the profile's scenario:
  // the panel must not go on calling the preset's figures the council's own.
  replacedByPreset(title) {
    if (!this.state) return;
    const name = this.state.name;
    this.state = null;
    this.keep();
    this.showActive();
    if (this.status) this.status.textContent = `Your profile “${name}” is no longer in use: the preset “${title}” replaced its figures. Choose the file again to use your council's figures.`;
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
