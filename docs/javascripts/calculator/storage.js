// Where a calculator's inputs come from and where they are kept: a shared
// link (#input=... after the address, never sent to a server), then what the
// reader typed earlier in this visit (sessionStorage: this browser tab only,
// cleared when it closes), then the default scenario.

import { clone } from "./inputs.js";

const PREFIX = "#input=";

export function linkTo(model) {
  return `${location.href.split("#")[0]}${PREFIX}${encodeURIComponent(JSON.stringify(model))}`;
}

// The address with this scenario after #input=, in place (no new history entry).
export function putInAddress(model) {
  history.replaceState(history.state, "", `${PREFIX}${encodeURIComponent(JSON.stringify(model))}`);
}

export function hasLink() {
  return location.hash.startsWith(PREFIX);
}

export class Kept {
  // `inputs`: an Inputs (for the shape check); `fallback`: the default scenario.
  constructor(name, inputs, fallback) {
    this.key = `calculator:${name}:inputs`;
    this.inputs = inputs;
    this.fallback = fallback;
  }

  // {model, source, problem}: source is "link", "kept" or "default"; a link
  // that cannot be used gives the default with a problem to tell the reader.
  initial() {
    if (!hasLink()) {
      const kept = this.read();
      return kept ? { model: kept, source: "kept" } : { model: clone(this.fallback), source: "default" };
    }
    try {
      const model = JSON.parse(decodeURIComponent(location.hash.slice(PREFIX.length)));
      if (model === null || typeof model !== "object" || Array.isArray(model)) throw new Error("it is not a set of inputs");
      const misfit = this.inputs.shapeProblem(model);
      if (misfit) throw new Error(misfit);
      return { model, source: "link" };
    } catch (error) {
      return {
        model: clone(this.fallback), source: "default",
        problem: `The scenario in this link could not be read (${error.message}). Showing the default scenario instead.`,
      };
    }
  }

  read() {
    try {
      const model = JSON.parse(sessionStorage.getItem(this.key) || "null");
      return model && typeof model === "object" && !Array.isArray(model) && !this.inputs.shapeProblem(model) ? model : null;
    } catch {
      return null; // storage blocked or unreadable: start from the defaults
    }
  }

  keep(model) {
    try {
      sessionStorage.setItem(this.key, JSON.stringify(model));
    } catch {
      // storage blocked (private mode, policy): the scenario is still in the address
    }
  }
}
