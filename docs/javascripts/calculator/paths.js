// Input paths, as Python's validation errors and the input spec name them:
// "placements[2].children" is the field `children` of the third placement;
// a spec pattern writes "[]" for any item and ".*" for any key of a map.

// "placements[2].children" -> ["placements", 2, "children"]
export function parsePath(path) {
  const parts = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  return parts;
}

export function joinPath(base, key) {
  if (typeof key === "number") return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

// A concrete path's spec pattern: "placements[2].children" -> "placements[].children"
export function patternOf(path) {
  return path.replace(/\[\d+\]/g, "[]");
}

// A spec pattern of a group that holds `path`, made concrete with `path`'s
// item numbers: ("scenario.first_year", "scenario.moves[2].start_month") ->
// "scenario.first_year"; ("a[].b", "a[3].c[1].d") -> "a[3].b".
export function concreteAt(pattern, path) {
  const items = [...path.matchAll(/\[(\d+)\]/g)].map((match) => match[1]);
  let i = 0;
  return pattern.replace(/\[\]/g, () => `[${items[i++]}]`);
}

// The path of the group that holds a path ("a.b[2]" -> "a.b"), or "" at the top.
export function parentPath(path) {
  const parent = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
  return parent === path ? "" : parent;
}

// A value's own property only: an id such as "constructor", "toString" or
// "__proto__" names nothing that a scenario did not set (a plain `value[key]`
// would find Object's built-ins on the prototype).
export function own(value, key) {
  return value !== null && typeof value === "object" && Object.hasOwn(value, key) ? value[key] : undefined;
}

export function getIn(object, parts) {
  return parts.reduce((value, key) => own(value, key), object);
}

// Sets an own property, even one called "__proto__" (which a plain assignment
// would take as the object's prototype).
function put(target, key, value) {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

export function setIn(object, parts, value) {
  let target = object;
  parts.slice(0, -1).forEach((key, i) => {
    if (own(target, key) == null) put(target, key, typeof parts[i + 1] === "number" ? [] : {});
    target = target[key];
  });
  const last = parts[parts.length - 1];
  if (value === undefined) delete target[last];
  else put(target, last, value);
}

// Every concrete path that matches a pattern: "scenario.moves[].from" ->
// ["scenario.moves[0].from", "scenario.moves[1].from"] (only where a value is set).
export function pathsAt(model, pattern) {
  let found = [["", model]];
  for (const part of pattern.replace(/\[\]/g, ".[]").split(".")) {
    found = found.flatMap(([path, value]) => {
      if (value == null) return [];
      if (part === "[]") return Array.isArray(value) ? value.map((item, i) => [joinPath(path, i), item]) : [];
      return [[joinPath(path, part), own(value, part)]];
    });
  }
  return found.filter(([, value]) => value !== undefined && value !== null).map(([path]) => path);
}

// Values at every match of a pattern such as "placements[].name".
export function valuesAt(model, pattern) {
  return pathsAt(model, pattern).map((path) => getIn(model, parsePath(path))).filter((value) => value !== "");
}
