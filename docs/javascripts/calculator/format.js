// Numbers the page writes itself. Results are not among them: Python writes
// their display text (summary `text`, table `cells`, column `heading`; see
// calculators/tables.py), and the page only shows it.

// A number with thousands separators and at most `digits` decimals.
// One formatter per precision, made once: toLocaleString with options builds
// a new Intl.NumberFormat on every call, and the page formats many numbers
// as it loads (every field's value, every axis tick).
const formatters = new Map();
export function decimal(value, digits) {
  let formatter = formatters.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-GB", { maximumFractionDigits: digits });
    formatters.set(digits, formatter);
  }
  return formatter.format(value);
}

// A number as typed into a field: thousands separated, so 20800000 reads as 20,800,000.
// (Reading a field strips the commas again.)
export function numberText(value) {
  return typeof value === "number" ? decimal(value, 10) : String(value);
}

// An input's value with its unit, as the form's labels name it, for the
// print summary: "£219,000", "4 years", "2% a year", "year 3".
export function inputText(value, unit) {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value !== "number") return String(value);
  if (unit === "£") return value < 0 ? `−£${numberText(-value)}` : `£${numberText(value)}`;
  // "£ per FTE per year": the pound sign before the figure, the rest after it.
  if (unit && unit.startsWith("£ ")) return `${inputText(value, "£")}${unit.slice(1)}`;
  if (unit === "month" || unit === "year") return `${unit} ${numberText(value)}`; // a position, not an amount
  if (unit && unit.startsWith("%")) return `${numberText(value)}${unit}`;
  if (!unit) return numberText(value);
  return `${numberText(value)} ${value === 1 ? unit.replace(/^(years|months)$/, (u) => u.slice(0, -1)) : unit}`;
}
