// Numbers the page writes itself, and reads back from what a reader types.
// Results are not among them: Python writes their display text (summary
// `text`, table `cells`, column `heading`; see calculators/tables.py), and
// the page only shows it.

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

// A chart's axis tick with its unit: "£1,500", "−£2.5", "12%", "40" (at most
// `digits` decimals; the bars' and points' own text comes from Python).
export function axisTick(value, unit, digits) {
  const number = decimal(Math.abs(value), digits);
  const sign = value < 0 ? "−" : "";
  return unit === "£" ? `${sign}£${number}` : unit === "%" ? `${sign}${number}%` : `${sign}${number}`;
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

// A number as typed in a number field, read the way the command line reads a
// JSON number, plus the unambiguous extras people type: a pound sign, a
// percent sign, spaces at either end and commas between groups of three
// digits ("1,000", "£5,000", "12,345.67"). Anything else is not read as a
// number: a decimal comma ("3,5"), continental grouping ("1.000,5"), a
// misplaced comma ("1,00"), hexadecimal ("0x10"), "Infinity". Scientific
// notation ("1e5") is a JSON number, so it is read, as the command line reads it.
// Returns the number, or null for text that is not one.
const NUMBER = /^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
export function readNumber(text) {
  let body = text.trim().replace(/^£\s*/, "").replace(/\s*%$/, "");
  if (body.startsWith("-£") || body.startsWith("−£")) body = `-${body.slice(2)}`; // "-£5" (a saving)
  if (!NUMBER.test(body) || !/\d/.test(body.replace(/[eE].*$/, ""))) return null;
  const number = Number(body.replace(/,/g, "").replace("−", "-"));
  return Number.isFinite(number) ? number : null;
}
