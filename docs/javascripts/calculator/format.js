// Numbers the page writes itself, and reads back from what a reader types.
// Results are not among them: Python writes their display text (summary
// `text`, table `cells`, column `heading`; see calculators/tables.py), and
// the page only shows it.

// A number with thousands separators and at most `digits` decimals, as
// Intl.NumberFormat("en-GB", { maximumFractionDigits }) writes it. Written
// here for finite numbers: the first Intl.NumberFormat a page makes loads
// the browser's locale data, which was the largest single cost of drawing
// the form as the page loads (issue 31). Like the formatter, it rounds the
// number's shortest decimal form (0.15, not the binary 0.1499…), half away
// from zero, and keeps the sign of a negative number that rounds to zero.
export function decimal(value, digits) {
  if (!Number.isFinite(value)) return new Intl.NumberFormat("en-GB", { maximumFractionDigits: digits }).format(value);
  const [whole, fraction] = rounded(Math.abs(value), digits);
  const kept = fraction.replace(/0+$/, "");
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, ",")}${kept ? `.${kept}` : ""}`;
}

// The whole and fraction digits of `abs` (≥ 0) rounded to `digits` decimals.
function rounded(abs, digits) {
  const [mantissa, exponent] = abs.toExponential().split("e"); // the shortest digits that read back as `abs`
  const figures = mantissa.replace(".", "");
  const point = Number(exponent) + 1; // figures before the decimal point
  const padded = point <= 0 ? "0".repeat(1 - point) + figures : figures.padEnd(point, "0");
  const at = Math.max(point, 1);
  let kept = padded.slice(0, at + digits).padEnd(at + digits, "0");
  if (padded[at + digits] >= "5") kept = increment(kept);
  const split = kept.length - digits;
  return [kept.slice(0, split), kept.slice(split)];
}

// A string of digits plus one ("0999" → "1000", "99" → "100").
function increment(digitsText) {
  const carried = digitsText.replace(/9*$/, (nines) => nines.replace(/9/g, "0"));
  const i = digitsText.length - digitsText.match(/9*$/)[0].length - 1;
  return i < 0 ? `1${carried}` : carried.slice(0, i) + String(Number(carried[i]) + 1) + carried.slice(i + 1);
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

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

// "7 December 2026 at 04:52", in the reader's own time zone: what
// Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short" })
// writes, without making a formatter (its locale data cost 130 ms of the
// placement-cost page's load at Lighthouse's 4x slowdown, for a line that is
// only printed). tests/test_format_decimal.py checks both agree.
export function longDateTime(date) {
  const two = (n) => String(n).padStart(2, "0");
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()} at ${two(date.getHours())}:${two(date.getMinutes())}`;
}
