// Month and financial-year fields named as a reader knows them ("October
// 2026 (2026/27)", "2026/27") rather than numbered (a role of Form, form.js).
// The input spec says which fields are months or first years and which
// fields hold the calendar they are counted on (a row's `calendar`).

import { concreteAt } from "./paths.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export class FormCalendar {
  // The options of a month field ("October 2026") or of the first financial
  // year ("2026/27"): [value, text] pairs, or null for any other field. The
  // spec says which fields these are and which fields name their years (`calendar`).
  calendarChoices(row, path) {
    const calendar = row.calendar;
    if (!calendar) return null;
    const at = (pattern) => this.inputs.get(concreteAt(pattern, path));
    const april = (at(calendar.year_starts) || "april") === "april";
    const fyName = (start) => (april ? `${start}/${String((start + 1) % 100).padStart(2, "0")}` : String(start));
    if (calendar.kind === "year") {
      const now = new Date().getFullYear();
      const value = this.inputs.get(path);
      const years = new Set([...Array(21).keys()].map((i) => now - 10 + i));
      if (typeof value === "number") years.add(value);
      return [["", "Not set: number the years 1, 2, 3"], ...[...years].sort((a, b) => a - b).map((y) => [String(y), fyName(y)])];
    }
    const horizon = Math.min(Math.max(Number(at(calendar.length)) || 3, 1), (row.maximum || 120) / 12);
    const first = typeof at(calendar.year_one) === "number" ? at(calendar.year_one) : null;
    const out = [];
    for (let m = 1; m <= horizon * 12; m += 1) {
      const index = (m - 1) % 12;
      const year = Math.floor((m - 1) / 12) + 1;
      const calendarMonth = (index + (april ? 3 : 0)) % 12;
      const name = MONTHS[calendarMonth];
      const text = first === null ? `${name}, year ${year}`
        : `${name} ${first + year - 1 + (april && calendarMonth < 3 ? 1 : 0)} (${fyName(first + year - 1)})`;
      out.push([String(m), text]);
    }
    const value = this.inputs.get(path);
    if (typeof value === "number" && !out.some(([v]) => v === String(value))) out.push([String(value), `Month ${value} (after the years modelled)`]);
    return out;
  }

  // The name the form gives a value at `path` (a month, a financial year), or null.
  valueName(path, value) {
    const row = path && this.inputs.rowFor(path);
    const choices = row && this.calendarChoices(row, path);
    const found = choices && choices.find(([choice]) => choice === String(value));
    return found ? found[1] : null;
  }
}
