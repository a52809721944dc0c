// Presets are starting points (the state and provenance role of Calculator,
// calculator.js).
// A scenario is a preset as published (its title is the preset's) or the
// reader's own. The first edit of a preset makes it the reader's: its title
// becomes "Your scenario (based on: …)", its notes say so, and what belongs
// to the preset only (the presentation's `form.preset_only`, e.g. the planned
// saving of another council) is taken out unless the reader ticks "compare".

import { clone } from "./inputs.js";
import { getIn, parsePath, pathsAt, setIn } from "./paths.js";

export class CalculatorProvenance {
  presetByTitle(title) {
    return Object.keys(this.boot.presets).find((name) => title && this.boot.presets[name].title === title) || null;
  }

  findOrigin() {
    const title = this.model.title || "";
    const own = /^Your scenario \(based on: (.*)\)$/.exec(title);
    const name = own ? this.presetByTitle(own[1]) : this.presetByTitle(title);
    if (!name) {
      this.form.origin = null;
      this.form.selectedPreset = "";
      return;
    }
    const layout = this.boot.form || {};
    const compare = Boolean(own) && (layout.preset_only || []).some((pattern) => pathsAt(this.model, pattern).length);
    this.form.selectedPreset = own ? "" : name;
    this.form.origin = {
      name, preset: this.boot.presets[name].title, own: Boolean(own), compare,
      compareLabel: own && this.hasPresetOnly(name) ? layout.compare || "Keep the preset's comparison" : null,
      note: this.form.origin?.name === name ? this.form.origin.note : null,
    };
  }

  hasPresetOnly(name) {
    return ((this.boot.form || {}).preset_only || []).some((pattern) => pathsAt(this.boot.presets[name], pattern).length);
  }

  // Called before every edit; true if this edit turned a preset into the reader's scenario.
  becomeOwn(path) {
    const origin = this.form.origin;
    if (!origin || origin.own) return false;
    const layout = this.boot.form || {};
    const preset = this.boot.presets[origin.name];
    if (path !== "title") this.model.title = `Your scenario (based on: ${preset.title})`;
    if (path !== "notes") this.model.notes = `Started from the preset “${preset.title}”, then changed. The preset's own notes describe its figures, not these.`;
    const dropped = this.hasPresetOnly(origin.name);
    if (dropped) this.setPresetOnly(false);
    const rangesDropped = this.dropPresetRanges(layout.preset_only_ranges || []);
    for (const [pattern, template] of Object.entries(layout.rename || {})) {
      pathsAt(this.model, pattern).forEach((where, i) => {
        if (where !== path) setIn(this.model, parsePath(where), template.replace("{n}", String(i + 1)));
      });
    }
    this.presetName = null;
    this.form.selectedPreset = "";
    this.form.origin = {
      ...origin, own: true, compare: false,
      compareLabel: dropped ? layout.compare || "Keep the preset's comparison" : null,
      note: `You changed the preset, so these are now your own figures, titled “${this.model.title}” (change the title and notes under “Scenario title and notes”).`
        + (dropped ? ` Taken out with the preset: ${layout.compare_what || "its comparison"}. Tick “${layout.compare || "Keep the preset's comparison"}” to keep it.` : "")
        + (rangesDropped ? ` Also taken out: ${layout.ranges_what || "the preset's own uncertainty ranges"}, which described the preset's scenario, not yours.` : ""),
    };
    this.warn(null);
    // Said once with the next results, so a screen reader hears what changed besides the edit.
    this.ownNote = ` This is now your own scenario, based on the preset.${dropped ? ` ${layout.compare_what ? `Taken out with the preset: ${layout.compare_what}.` : ""}` : ""}`;
    return true;
  }

  // Uncertainty ranges that describe the preset's scenario rather than the data
  // (the presentation's `form.preset_only_ranges`, e.g. when the preset's children
  // move) no longer fit once the reader's scenario differs: taken out on the
  // first edit. Ranges of unit costs stay, since the costs are still in use.
  // Returns how many were taken out.
  dropPresetRanges(prefixes) {
    const list = Array.isArray(this.model.uncertainty) ? this.model.uncertainty : [];
    const ofPreset = (item) => item && typeof item.path === "string"
      && prefixes.some((prefix) => item.path === prefix || item.path.startsWith(`${prefix}.`) || item.path.startsWith(`${prefix}[`));
    const kept = list.filter((item) => !ofPreset(item));
    if (kept.length === list.length) return 0;
    this.model.uncertainty = kept;
    return list.length - kept.length;
  }

  // The preset's own comparison put back (on) or taken out (off).
  setPresetOnly(on) {
    const origin = this.form.origin;
    if (!origin) return;
    const preset = this.boot.presets[origin.name];
    for (const pattern of (this.boot.form || {}).preset_only || []) {
      for (const where of pathsAt(on ? preset : this.model, pattern)) {
        const row = this.inputs.rowFor(where);
        const fallback = row && row.default !== null && row.default !== undefined ? row.default : undefined;
        setIn(this.model, parsePath(where), on ? clone(getIn(preset, parsePath(where))) : fallback);
      }
    }
  }

  compare(on) {
    this.setPresetOnly(on);
    if (this.form.origin) this.form.origin = { ...this.form.origin, compare: on };
    this.edited(() => {}, `calc-${this.name}-compare`);
  }

  scenarioText(input, output) {
    const title = (input && input.title) || "";
    // Where the figures come from, as Python says it for every output (calculators/origins.py).
    const origin = output && output.result && output.result.origin;
    if (origin) return `${title ? `“${title}”` : "Your scenario"}, ${this.restored ? "from earlier in this visit, " : ""}calculated in this browser. ${origin.text}`;
    if (this.form.origin && !this.form.origin.own && this.presetName && !this.changedFromPreset()) return `Preset: ${title}.`;
    if (this.form.origin && !this.form.origin.own) return `Preset: ${title}, as it came in a link or from earlier in this visit.`;
    const named = !title ? "Your scenario" : title.startsWith("Your scenario") ? title : `Your scenario “${title}”`;
    return this.restored ? `${named}, from earlier in this visit, calculated in this browser.` : `${named}, calculated in this browser.`;
  }

  changedFromPreset() {
    return JSON.stringify(this.model) !== JSON.stringify(this.boot.presets[this.presetName]);
  }
}
