// The scenario being edited, read through the input spec that the
// calculators package publishes: which fields exist, what each is called,
// which choices and keys come from other fields, and the edits that keep
// those references whole. Python validates the values; this module only
// keeps the shape the form draws.

import { getIn, joinPath, parsePath, pathsAt, patternOf, setIn, valuesAt } from "./paths.js";

export const clone = (value) => JSON.parse(JSON.stringify(value));

export class Inputs {
  constructor(fields, model) {
    this.fields = fields;
    this.spec = new Map(fields.map((row) => [row.path, row]));
    this.model = model;
  }

  get(path) {
    return getIn(this.model, parsePath(path));
  }

  set(path, value) {
    setIn(this.model, parsePath(path), value);
  }

  // The spec row of a concrete path (a map entry's row is its map's ".*").
  rowFor(path) {
    return this.spec.get(patternOf(path)) || this.spec.get(patternOf(path).replace(/\.[^.]+$/, ".*"));
  }

  childrenOf(pattern) {
    const prefix = pattern ? `${pattern}.` : "";
    return this.fields.filter((row) => row.path.startsWith(prefix) && row.path !== pattern &&
      !/[.[]/.test(row.path.slice(prefix.length)));
  }

  // A path as a reader knows it: "scenario.moves[0].children" -> "Scenario › Move 1 › Children moving".
  describePath(path) {
    const names = [];
    let pattern = "";
    for (const part of parsePath(path)) {
      const here = this.spec.get(pattern);
      if (typeof part === "number") {
        const item = this.spec.get(`${pattern}[]`);
        names.pop(); // "Moves" becomes "Move 1"
        names.push(`${(item && item.label) || (here && here.label) || pattern} ${part + 1}`);
        pattern += "[]";
      } else if (here && here.type === "map") {
        names.push(this.ownerLabel(here.keys_from, part) || part);
        pattern += ".*";
      } else {
        pattern = pattern ? `${pattern}.${part}` : part;
        names.push((this.spec.get(pattern) || {}).label || part);
      }
    }
    return names.join(" › ");
  }

  // The label of the list item whose id is `key`, for a reference such as
  // "placements[].id" or "case_types[].id"; null if it has none.
  ownerLabel(reference, key) {
    if (!reference) return null;
    const listPattern = reference.replace(/\[\]\.[^.]+$/, "");
    const keyField = reference.split(".").pop();
    const owner = valuesAt(this.model, listPattern).flat().find((item) => item && item[keyField] === key);
    return owner && owner.label ? owner.label : null;
  }

  // A choice as the form shows it: the name of the item it refers to (a
  // placement type's name, never its short code), or Python's plain words.
  choiceText(row, choice) {
    const label = this.ownerLabel(row.choices_from, choice);
    if (label) return label;
    const named = row.choice_labels && Object.prototype.hasOwnProperty.call(row.choice_labels, choice) ? row.choice_labels[choice] : null;
    return named || choice.replace(/[_-]/g, " ");
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
  // id, a case type id), "label" if they show its label, else null.
  feedsOthers(pattern) {
    for (const row of this.fields) {
      const source = row.choices_from || row.keys_from;
      if (source === pattern) return "id";
      if (source && source.replace(/[^.]+$/, "label") === pattern) return "label";
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

  removeItem(path, index) {
    this.get(path).splice(index, 1);
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
          if (counts && typeof counts === "object" && from in counts && !(to in counts)) {
            this.set(path, Object.fromEntries(Object.entries(counts).map(([key, n]) => [key === from ? to : key, n])));
          }
        }
      }
    }
  }
}
