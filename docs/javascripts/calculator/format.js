// Numbers as the page shows them.

// A number as typed into a field: thousands separated, so 20800000 reads as 20,800,000.
// (Reading a field strips the commas again.)
export function numberText(value) {
  return typeof value === "number" ? value.toLocaleString("en-GB", { maximumFractionDigits: 10 }) : String(value);
}

// A result value (the same rules as hooks/calculator_pages.py).
export function formatValue(value, unit) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") {
    const whole = (n) => Math.round(n).toLocaleString("en-GB");
    if (unit === "£") return value < 0 ? `−£${whole(Math.abs(value))}` : `£${whole(value)}`;
    if (unit === "%") return `${value.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
    if (!Number.isInteger(value)) return value.toLocaleString("en-GB", { maximumFractionDigits: 2 });
    return whole(value);
  }
  return String(value);
}

// A headline figure with its unit, e.g. "20.5 cases per FTE" or "1 year".
export function formatWithUnit(value, unit) {
  const text = formatValue(value, unit);
  if (!unit || unit === "£" || unit === "%" || typeof value !== "number") return text;
  return `${text} ${value === 1 ? unit.replace(/^(years|months)$/, (u) => u.slice(0, -1)) : unit}`;
}

// A column heading with its unit, unless the label already says it (the same rule as the hook).
export function columnHeading(col) {
  const unit = col.unit && col.unit !== "£" && col.unit !== "%" && !col.label.toLowerCase().includes(col.unit.toLowerCase());
  return unit ? `${col.label} (${col.unit})` : col.label;
}

// Interim, until the package's results carry their display text.
export function withDisplayText(result) {
  if ((result.summary || []).every((item) => "text" in item) && (result.tables || []).every((t) => "cells" in t)) return result;
  return {
    ...result,
    summary: (result.summary || []).map((item) => ({ ...item, text: formatWithUnit(item.value, item.unit) })),
    tables: (result.tables || []).map((table) => ({
      ...table,
      columns: table.columns.map((col, i) => ({ ...col, heading: columnHeading(col), numeric: i > 0 })),
      cells: table.rows.map((row) => table.columns.map((col) => formatValue(row[col.key], col.unit))),
    })),
  };
}
