// Where a calculator's inputs come from and where they are kept: a shared
// link (#input=... after the address, never sent to a server), then what the
// reader typed earlier in this visit (sessionStorage: this browser tab only,
// cleared when it closes), then the default scenario.

import { clone, nestingDepth } from "./inputs.js";
import { decimal } from "./format.js";

const PREFIX = "#input=";

export function linkTo(model) {
  return `${location.href.split("#")[0]}${PREFIX}${encodeURIComponent(JSON.stringify(model))}`;
}

// Once a link's scenario is in the form (and kept in this tab), the address
// loses its #input=: the scenario stays out of the browser's history, which
// outlives the tab, and a reload shows the reader's latest edits, not the link.
// Scenarios go into an address only when the reader asks for a link.
export function clearAddress() {
  if (hasLink()) history.replaceState(history.state, "", location.pathname + location.search);
}

export function hasLink() {
  return location.hash.startsWith(PREFIX);
}

// The text of a link's #…= part, decoded; a plain Error when a "%" in it is
// not followed by two hexadecimal digits (a link cut short or changed on its
// way), rather than the browser's "URI malformed".
export function decodeLink(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Error("the link is damaged: it was probably cut short or changed when it was copied");
  }
}

// The pins of a #scenarios= link (the text after the prefix), or an Error
// saying in plain words why there are none. `inputs`: the calculator's Inputs;
// `names`: the scenarios' names, as many as may be pinned. Each scenario is
// held to the limits a #input= link is, its nesting counted before JSON.parse
// sees the text.
export function readPins(raw, inputs, names) {
  const text = decodeLink(raw);
  const { max_input_chars: chars, max_depth: depth } = inputs.limits;
  // {"pins": [{"input": …}]} adds three levels, and some characters per scenario.
  if (depth && nestingDepth(text, depth + 3) > depth + 3) throw new Error(`a scenario in it is nested more than ${depth} levels deep`);
  if (chars && text.length > names.length * (chars + 200)) throw new Error(`it is ${decimal(text.length, 0)} characters long, more than ${names.length} scenarios can be`);
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error("the link is damaged: it was probably cut short or changed when it was copied");
  }
  const pins = data && typeof data === "object" && Array.isArray(data.pins) ? data.pins.slice(0, names.length) : null;
  if (!pins || !pins.length) throw new Error("it holds no scenarios");
  pins.forEach((pin, i) => {
    const input = pin && typeof pin === "object" ? pin.input : undefined;
    const problem = (input === null || typeof input !== "object" || Array.isArray(input) ? "it is not a set of inputs" : null)
      || inputs.textProblem(JSON.stringify(input)) || inputs.limitProblem(input) || inputs.shapeProblem(input);
    if (problem) throw new Error(`scenario ${names[i]}: ${problem}`);
  });
  return pins;
}

export class Kept {
  // `inputs`: an Inputs (for the shape check); `fallback`: the default scenario.
  constructor(name, inputs, fallback) {
    this.key = `calculator:${name}:inputs`;
    this.inputs = inputs;
    this.fallback = fallback;
  }

  // {model, source, problem}: source is "link", "kept" or "default". A link
  // that cannot be used gives what was kept (or the default) with a problem
  // to tell the reader; the kept scenario is never thrown away for it.
  initial() {
    const kept = this.read();
    const start = kept ? { model: kept, source: "kept" } : { model: clone(this.fallback), source: "default" };
    if (!hasLink()) return start;
    try {
      const model = this.parse(decodeLink(location.hash.slice(PREFIX.length)));
      return { model, source: "link" };
    } catch (error) {
      const instead = kept ? "your scenario from earlier in this visit" : "the default scenario";
      return { ...start, problem: `The scenario in this link could not be read (${error.message}). Showing ${instead} instead.` };
    }
  }

  // A scenario from JSON text, or an Error saying why it cannot be one. Every
  // limit of the input spec is checked before the form is drawn from it.
  parse(text) {
    const tooBig = this.inputs.textProblem(text);
    if (tooBig) throw new Error(tooBig);
    const model = JSON.parse(text);
    if (model === null || typeof model !== "object" || Array.isArray(model)) throw new Error("it is not a set of inputs");
    const problem = this.inputs.limitProblem(model) || this.inputs.shapeProblem(model);
    if (problem) throw new Error(problem);
    return model;
  }

  read() {
    let text = null;
    try {
      text = sessionStorage.getItem(this.key);
      return text === null ? null : this.parse(text);
    } catch {
      // Not a usable scenario (kept by an older version of the page, say): dropped,
      // so that no later visit in this tab trips over it again.
      if (text !== null) this.forget();
      return null;
    }
  }

  forget() {
    try {
      sessionStorage.removeItem(this.key);
    } catch {
      // storage blocked: nothing was kept
    }
  }

  // Only a scenario within every limit is kept.
  keep(model) {
    try {
      const text = JSON.stringify(model);
      this.parse(text);
      sessionStorage.setItem(this.key, text);
    } catch {
      // storage blocked (private mode, policy), or a scenario that could not be read back
    }
  }
}
