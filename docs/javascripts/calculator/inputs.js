// The scenario being edited, read through the input spec that the
// calculators package publishes: which fields exist, what each is called,
// which choices and keys come from other fields, and the edits that keep
// those references whole. Python validates the values; this module only
// keeps the shape the form draws.

import { getIn, joinPath, own, parsePath, pathsAt, patternOf, setIn, valuesAt } from "./paths.js";

export const clone = (value) => JSON.parse(JSON.stringify(value));

// Characters as Python counts them (code points), not UTF-16 units.
const textLength = (text) => (text.length > 100_000 ? text.length : [...text].length);

// How deeply a JSON text nests "[" and "{" (strings skipped), counted up to
// `limit` + 1 and no further: a linear scan, so that a link holding 100,000
// nested lists is refused before JSON.parse or Python ever see it.
export function nestingDepth(text, limit = Infinity) {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (char === "[" || char === "{") {
      deepest = Math.max(deepest, ++depth);
      if (deepest > limit) break;
    } else if (char === "]" || char === "}") {
      depth--;
    }
  }
  return deepest;
}

export class Inputs {
  // `limits`: the input spec's max_input_chars and max_depth (see calculators.input_spec).
  // `shared`: the rows every calculator's input may also hold (price years,
  // ranges: input_spec's shared_fields). They are drawn, named and checked
  // like the calculator's own (the page's layout puts them in a section).
  constructor(fields, model, limits = {}, shared = []) {
    this.limits = limits;
    this.fields = [...fields, ...shared];
    this.shared = new Set(shared.map((row) => row.path));
    this.spec = new Map(this.fields.map((row) => [row.path, row]));
    // The fields that name the months and years of a calendar (a row's `calendar`).
    this.calendarFields = new Set(this.fields.flatMap((row) => (row.calendar ? [row.calendar.year_one, row.calendar.year_starts, row.calendar.length] : [])));
    this.named = this.spec;
    this.model = model;
  }

  // The inputs a field that names an input may name (a row's `names_input`:
  // "number" or "money"), as [path, name] pairs in the form's order: every
  // number input now in the scenario, outside the price years and ranges.
  namedInputs(kind) {
    const out = [];
    for (const row of this.fields) {
      if (this.shared.has(row.path) || !(row.type === "number" || row.type === "integer")) continue;
      if (kind === "money" && !row.money) continue; // Python's rule: "£" or "£ per …" (prices.is_money)
      // A map's entries (a team's cases by case type: "teams[].cases.*") are its keys.
      const [pattern, entries] = row.path.endsWith(".*") ? [row.path.slice(0, -2), true] : [row.path, false];
      for (const path of pathsAt(this.model, pattern)) {
        const value = this.get(path);
        const name = (at) => this.describePath(at, { byName: true });
        if (!entries) out.push([path, name(path)]);
        else if (value && typeof value === "object") for (const key of Object.keys(value)) out.push([joinPath(path, key), name(joinPath(path, key))]);
      }
    }
    return out;
  }

  // Whether the field at spec pattern `pattern` names the months of a calendar
  // (its first year, the month its years start, how many years): the form
  // names the months again when it changes.
  namesMonths(pattern) {
    return this.calendarFields.has(pattern);
  }

  get(path) {
    return getIn(this.model, parsePath(path));
  }

  set(path, value) {
    setIn(this.model, parsePath(path), value);
  }

  // The spec row of a concrete path (a map entry's row is its map's ".*").
  rowFor(path) {
    return this.named.get(patternOf(path)) || this.named.get(patternOf(path).replace(/\.[^.]+$/, ".*"));
  }

  childrenOf(pattern) {
    const prefix = pattern ? `${pattern}.` : "";
    return this.fields.filter((row) => row.path.startsWith(prefix) && row.path !== pattern &&
      !/[.[]/.test(row.path.slice(prefix.length)));
  }

  // A path as a reader knows it: "scenario.moves[0].children" -> "Scenario › Move 1 › Children moving".
  // `byName`: a list item by its own name where it has one ("Purchased residential care › Cost").
  describePath(path, { byName = false } = {}) {
    const names = [];
    let pattern = "";
    const parts = parsePath(path);
    for (const [at, part] of parts.entries()) {
      const here = this.named.get(pattern);
      if (typeof part === "number") {
        const item = this.named.get(`${pattern}[]`);
        const value = byName ? getIn(this.model, parts.slice(0, at + 1)) : null;
        const ownName = this.itemName(here, value);
        names.pop(); // "Moves" becomes "Move 1"
        names.push(ownName || `${(item && item.label) || (here && here.label) || pattern} ${part + 1}`);
        pattern += "[]";
      } else if (here && here.type === "map") {
        names.push(this.ownerLabel(here.keys_from, part) || part);
        pattern += ".*";
      } else {
        pattern = pattern ? `${pattern}.${part}` : part;
        names.push((this.named.get(pattern) || {}).label || part);
      }
    }
    return names.join(" › ");
  }

  // A list item's own name, from the field the spec says names it (a list
  // row's `item_label`), or null if it has none or it is empty.
  itemName(listRow, item) {
    const text = listRow && listRow.item_label && item && typeof item === "object" ? own(item, listRow.item_label) : null;
    return typeof text === "string" && text.trim() ? text : null;
  }

  // The name of the list item whose id is `key`, for a reference such as
  // "placements[].id" (a spec pattern: a list's items, then one of their fields); null if it has none.
  ownerLabel(reference, key) {
    if (!reference) return null;
    const listPattern = reference.replace(/\[\]\.[^.]+$/, "");
    const keyField = reference.split(".").pop();
    const owner = valuesAt(this.model, listPattern).flat().find((item) => item && own(item, keyField) === key);
    return this.itemName(this.named.get(listPattern), owner);
  }

  // A choice as the form shows it: the name of the item it refers to (a
  // placement type's name, never its short code), or Python's plain words.
  choiceText(row, choice) {
    const label = this.ownerLabel(row.choices_from, choice);
    if (label) return label;
    const named = row.choice_labels && Object.prototype.hasOwnProperty.call(row.choice_labels, choice) ? row.choice_labels[choice] : null;
    // An identifier ("in_house_foster") in plain words; a year ("2019-20") as it is.
    return named || (/^[a-z]/i.test(choice) ? choice.replace(/[_-]/g, " ") : choice);
  }

  choicesFor(row) {
    const fromModel = row.choices_from ? valuesAt(this.model, row.choices_from).map(String) : [];
    return [...new Set([...(row.choices || []), ...(row.extra_choices || []), ...fromModel])];
  }

  // The keys of a map field: those its key list defines, and any already set.
  mapKeys(row, path) {
    return [...new Set([...valuesAt(this.model, row.keys_from || ""), ...Object.keys(this.get(path) || {})])];
  }

  // "id" if other fields take their choices or keys from this one (a placement
  // id, a case type id), "label" if they show it as the name of the item
  // (the list's `item_label`), else null.
  feedsOthers(pattern) {
    for (const row of this.fields) {
      const source = row.choices_from || row.keys_from;
      if (source === pattern) return "id";
      const list = source && this.named.get(source.replace(/\[\]\.[^.]+$/, ""));
      if (list && list.item_label && `${list.path}[].${list.item_label}` === pattern) return "label";
    }
    return null;
  }

  // Whether a scenario from a link fits the form: a list where the form has a
  // list, named values where it has a group, a single value where it has a
  // field. Wrong values inside the right shape are Python's to report, next to
  // their fields; a wrong shape cannot even be drawn, so the link is refused.
  shapeProblem(model) {
    for (const row of this.fields) {
      if (row.path.includes("*")) continue; // map entries: single values, checked by Python
      for (const path of pathsAt(model, row.path)) {
        const value = getIn(model, parsePath(path));
        const isObject = typeof value === "object" && !Array.isArray(value);
        if (row.type === "list" && !Array.isArray(value)) return `${this.describePath(path)} should be a list`;
        if ((row.type === "object" || row.type === "map") && !isObject) return `${this.describePath(path)} should be a group of values`;
        if (!["list", "object", "map"].includes(row.type) && typeof value === "object") return `${this.describePath(path)} should be a single value`;
      }
    }
    return null;
  }

  // Whether the JSON text of a scenario is too long or too deeply nested to
  // read at all (the limits that Python's run_json_text checks first).
  textProblem(text) {
    const { max_input_chars: chars, max_depth: depth } = this.limits;
    if (chars && text.length > chars) return `it is ${text.length.toLocaleString("en-GB")} characters long; the limit is ${chars.toLocaleString("en-GB")}`;
    if (depth && nestingDepth(text, depth) > depth) return `it is nested more than ${depth} levels deep`;
    return null;
  }

  // Whether a scenario (from a link or kept from earlier) is within every limit
  // of the input spec: items in each list and map, characters in each text.
  // Checked before the form is drawn, so that a link with 100,000 teams is
  // refused at once instead of drawing 100,000 fieldsets; names the field.
  limitProblem(model) {
    for (const row of this.fields) {
      if (row.path.includes("*") || !(row.max_items || row.max_length)) continue;
      for (const path of pathsAt(model, row.path)) {
        const value = getIn(model, parsePath(path));
        const name = this.describePath(path) || "The scenario";
        if (row.type === "list" && Array.isArray(value) && value.length > row.max_items) {
          return `${name} has ${value.length.toLocaleString("en-GB")} items; the limit is ${row.max_items.toLocaleString("en-GB")}`;
        }
        if (row.type === "map" && value && typeof value === "object") {
          const count = Object.keys(value).length;
          if (count > row.max_items) return `${name} has ${count.toLocaleString("en-GB")} entries; the limit is ${row.max_items.toLocaleString("en-GB")}`;
          // Its keys are ids of list items ("case_types[].id"), as long as those may be.
          const longest = (this.spec.get(row.keys_from) || {}).max_length;
          const key = longest && Object.keys(value).find((k) => textLength(k) > longest);
          if (key) return `${name} has a key ${textLength(key).toLocaleString("en-GB")} characters long; the limit is ${longest.toLocaleString("en-GB")}`;
        }
        if (row.max_length && typeof value === "string" && textLength(value) > row.max_length) {
          return `${name} is ${textLength(value).toLocaleString("en-GB")} characters long; the limit is ${row.max_length.toLocaleString("en-GB")}`;
        }
      }
    }
    return null;
  }

  // A new value for a spec row: a group with its defaults, or a single value.
  blank(row) {
    if (row.type === "object") {
      const value = {};
      for (const child of this.childrenOf(row.path)) {
        const key = child.path.slice(row.path.length + 1);
        if (child.type === "list") value[key] = [];
        else if (child.type === "map") value[key] = {};
        else if (child.type === "object") value[key] = child.nullable ? null : this.blank(child);
        else if (child.default !== null && child.default !== undefined) value[key] = child.default;
      }
      return value;
    }
    // A single number per item (reinvestment in a year) starts at 0 where 0 is allowed.
    const numeric = row.type === "number" || row.type === "integer";
    if (row.default == null && numeric && (row.minimum ?? 0) <= 0 && (row.maximum ?? 0) >= 0) return 0;
    return row.default ?? undefined;
  }

  // Edits ---------------------------------------------------------------------

  // Adds a blank item to the list at `path` (spec row `row`); returns its path.
  addItem(row, path) {
    const items = this.get(path) || [];
    items.push(this.blank(this.spec.get(`${row.path}[]`)));
    this.set(path, items);
    return joinPath(path, items.length - 1);
  }

  // A removed item's price years and ranges (the items that name one of its
  // inputs) go with it; those naming later items follow them down a place.
  removeItem(path, index) {
    this.get(path).splice(index, 1);
    const prefix = `${path}[`;
    const moved = (named) => {
      const m = typeof named === "string" && named.startsWith(prefix) ? /^(\d+)\](.*)$/.exec(named.slice(prefix.length)) : null;
      if (!m) return named;
      return Number(m[1]) === index ? null : Number(m[1]) > index ? `${prefix}${Number(m[1]) - 1}]${m[2]}` : named;
    };
    for (const row of this.fields.filter((r) => r.names_input && /^[^[]+\[\]\.[^.[]+$/.test(r.path))) {
      const [list, key] = row.path.split("[].");
      const items = this.get(list);
      if (!Array.isArray(items)) continue;
      this.set(list, items.filter((item) => !item || moved(item[key]) !== null).map((item) => (item ? { ...item, [key]: moved(item[key]) } : item)));
    }
  }

  // An optional group, included (with its defaults) or left out.
  toggleObject(row, path, included) {
    this.set(path, included ? this.blank(row) : null);
  }

  // After an id changes from `from` to `to`, the moves that named it and the
  // case counts keyed by it use the new id. Nothing changes if the new id is
  // empty or already used by another item (validation will say so).
  renameReferences(pattern, from, to) {
    if (typeof from !== "string" || !from || typeof to !== "string" || !to || from === to) return;
    if (valuesAt(this.model, pattern).filter((id) => id === to).length > 1) return;
    for (const row of this.fields) {
      if (row.choices_from === pattern) {
        for (const path of pathsAt(this.model, row.path)) if (this.get(path) === from) this.set(path, to);
      }
      if (row.keys_from === pattern) {
        for (const path of pathsAt(this.model, row.path)) {
          const counts = this.get(path);
          if (counts && typeof counts === "object" && Object.hasOwn(counts, from) && !Object.hasOwn(counts, to)) {
            this.set(path, Object.fromEntries(Object.entries(counts).map(([key, n]) => [key === from ? to : key, n])));
          }
        }
      }
    }
  }
}
