// Ranges follow the figure (calculators/origins.py): when the reader changes a
// preset's figure, the range the preset gave it (its low and high fields, such
// as a placement's "Cost (high)", or an uncertain-input item naming it) no
// longer describes it. Taken out of the form here, so the form shows what the
// analysis uses: "What drives this result?" then gives the figure this
// project's default range, labelled as the default rule.

import { getIn, parsePath } from "./paths.js";

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The low and high fields beside `path` that the spec has (cost → cost_low,
// cost_high; duration_months → duration_low_months, duration_high_months).
function siblingEnds(inputs, path) {
  const key = path.split(".").pop();
  const base = path.slice(0, path.length - key.length);
  const split = /^(.*)_([a-z]+)$/.exec(key);
  const pairs = [[`${key}_low`, `${key}_high`], ...(split ? [[`${split[1]}_low_${split[2]}`, `${split[1]}_high_${split[2]}`]] : [])];
  for (const pair of pairs) {
    const ends = pair.map((end) => base + end).filter((end) => inputs.rowFor(end));
    if (ends.length) return ends;
  }
  return [];
}

// Takes out the preset's range of the figure at `path` (just changed by the
// reader) while it is still the preset's; returns how many parts went.
export function dropPresetRange(inputs, presets, path) {
  const model = inputs.model;
  const preset = model.origin && model.origin.start === "preset" ? presets[model.origin.preset] : null;
  if (!preset || same(inputs.get(path), getIn(preset, parsePath(path)))) return 0;
  let dropped = 0;
  for (const end of siblingEnds(inputs, path)) {
    const value = inputs.get(end);
    if (value !== undefined && value !== null && same(value, getIn(preset, parsePath(end)))) {
      inputs.set(end, undefined);
      dropped += 1;
    }
  }
  if (Array.isArray(model.uncertainty)) {
    const ofPreset = (item) => item && item.path === path && (preset.uncertainty || []).some((given) => same(given, item));
    const kept = model.uncertainty.filter((item) => !ofPreset(item));
    dropped += model.uncertainty.length - kept.length;
    model.uncertainty = kept;
  }
  return dropped;
}
