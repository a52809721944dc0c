// One calculator on a page, tying together the form (form.js, over the
// scenario in inputs.js), the results (results.js, chart.js, actions.js),
// where inputs are kept (storage.js) and the Web Worker that runs Python
// (runtime.js, start.js).
//
// The page knows nothing about formulas. It draws the form from the input
// spec that the calculators package publishes (written into the page at
// build time), sends the inputs as JSON to the worker, and renders whatever
// comes back: results, or validation errors that name a field by its path
// (e.g. "placements[2].children").

import { renderActions } from "./actions.js";
import { ResultChart } from "./chart.js";
import { el, onJump } from "./dom.js";
import { Form } from "./form.js";
import { clone, Inputs } from "./inputs.js";
import { getIn, parsePath, pathsAt, patternOf, setIn } from "./paths.js";
import { ProfilePanel } from "./profile.js";
import { dropPresetRange } from "./ranges.js";
import { headlineItems, inputLabel, Results } from "./results.js";
import { retryWorker, runInWorker, startOnIntent, workerListeners, workerState } from "./runtime.js";
import { Scenarios } from "./scenarios.js";
import { clearAddress, Kept } from "./storage.js";
import { Tornado } from "./tornado.js";

// data-calculator-state on the calculator's element.
const STATES = {
  prerendered: "prerendered", loading: "loading", ready: "ready",
  calculating: "calculating", computed: "computed", invalid: "invalid", failed: "failed",
};
// Python answers in a few milliseconds, so every edit is calculated at once
// (a reply to an older edit is dropped). Only the spoken "Results updated"
// waits for a pause, so a screen reader is not interrupted at each keystroke.
const ANNOUNCE_AFTER_MS = 800;

// Python's answer, or a plain error if it cannot be read.
function readReply(reply) {
  try {
    return JSON.parse(reply.output);
  } catch {
    return { ok: false, errors: [{ path: "", message: "The calculator returned something unreadable." }] };
  }
}

export class Calculator {
  constructor(root) {
    this.root = root;
    this.name = root.dataset.calculator;
    this.boot = JSON.parse(root.dataset.calculatorBoot);
    this.status = root.querySelector("[data-calculator-status]");
    this.progress = root.querySelector("[data-calculator-progress]");
    this.errorsBox = root.querySelector("[data-calculator-errors]");
    this.actionsBox = root.querySelector("[data-calculator-actions]");
    this.scenario = root.querySelector("[data-calculator-scenario]");
    this.results = new Results(root);
    this.inputs = new Inputs(this.boot.spec.fields, null, this.boot.spec, this.boot.spec.shared_fields || []);
    this.kept = new Kept(this.name, this.inputs, this.boot.default_input);
    this.form = new Form(root.querySelector("[data-calculator-form]"), this.name, this.inputs, this.boot.presets, {
      preset: (name) => this.loadPreset(name),
      add: (row, path) => this.addItem(row, path),
      remove: (path, index) => this.edited(() => this.inputs.removeItem(path, index), `${this.form.fieldId(path)}-add`),
      toggle: (row, path, included) => this.edited(() => this.inputs.toggleObject(row, path, included), `${this.form.fieldId(path)}-include`),
      compare: (on) => this.compare(on),
    }, this.boot.form);
    // A council's own figures (profile.js) and pinned scenarios (scenarios.js).
    this.profile = new ProfilePanel(this);
    this.scenarios = new Scenarios(this, this.profile);
    this.chart = new ResultChart(root.querySelector("[data-calculator-chart]"), this.boot.chart, root.dataset.chartUrl);
    this.tornado = new Tornado(root, root.dataset.chartUrl); // "What drives this result?" (tornado.js)
    this.calculationQueued = false;
    this.sent = 0; // calculations sent; a reply to any but the latest is dropped
    this.queued = false; // a calculation is queued (a microtask) and not yet sent
    this.inFlight = false; // the latest calculation sent has had no reply yet
  }

  get model() {
    return this.inputs.model;
  }

  setState(state) {
    this.root.dataset.calculatorState = state;
  }

  // The status line; a problem with a shared link stays in front until the next edit.
  announce(text) {
    this.status.textContent = this.linkProblem ? `${this.linkProblem} ${text}` : text;
  }

  // A problem with a shared link (or none); the status line keeps its
  // warning look while the runtime has failed too.
  warn(problem) {
    this.linkProblem = problem;
    this.status.classList.toggle("calculator-status--warning", Boolean(problem || workerState.failed));
    if (problem) this.announce("");
  }

  start() {
    this.pathname = location.pathname;
    this.setState(STATES.prerendered);
    const { model, source, problem } = this.kept.initial();
    this.inputs.model = model;
    this.restored = source === "kept";
    this.findOrigin();
    this.fromLink(source);
    this.labelInputs();
    this.form.render();
    this.showHeadline();
    this.form.element.hidden = false;
    // On a narrow screen the results are below a long form: a link jumps to them.
    const jump = this.root.querySelector("[data-calculator-jump]");
    jump.hidden = false;
    jump.querySelector("a").addEventListener("click", onJump(() => this.root.querySelector(".calculator-results h2")));
    this.renderActions();
    this.chart.draw(this.results.output);
    this.tornado.draw(this.results.output);
    const url = (attr) => this.root.getAttribute(attr);
    // Python starts when the reader shows they mean to use the form (runtime.js).
    this.stopIntent = startOnIntent(this.root, { worker: url("data-worker-url"), pyodide: url("data-pyodide-url"), wheel: url("data-wheel-url") });
    this.onWorker = (state) => this.workerChanged(state);
    workerListeners.add(this.onWorker);
    this.workerChanged(workerState);
    if (problem) this.warn(problem);
    this.profile.start();
    this.scenarios.start();
    // A scenario from a link or from earlier in this visit is not the one
    // prerendered: calculate it at once.
    if (source !== "default") this.schedule();
  }

  stop() {
    this.stopIntent();
    workerListeners.delete(this.onWorker);
    this.chart.destroy();
    this.tornado.destroy();
    this.profile.stop();
    this.scenarios.stop();
  }

  // A scenario link opened in the same tab (only the #input= part changed).
  loadFromLink() {
    const { model, source, problem } = this.kept.initial();
    if (problem) return this.warn(problem);
    if (source !== "link") return;
    this.warn(null);
    this.inputs.model = model;
    this.fromLink(source);
    this.presetName = null;
    this.findOrigin();
    this.form.render();
    this.schedule();
  }

  // A scenario from a link is kept in this tab only once Python has answered
  // for it (see calculate), so a link that breaks the calculator is not
  // reopened on every later visit; the address then drops it (storage.js).
  fromLink(source) {
    this.keepAfterAnswer = source === "link";
  }

  loadPreset(name) {
    if (!name) return;
    this.inputs.model = clone(this.boot.presets[name]);
    this.presetName = name;
    this.findOrigin();
    this.form.render();
    document.getElementById(this.form.presetId).value = name;
    this.restored = false;
    this.schedule();
  }

  // A scenario that is the reader's own from the start (a council profile): no preset, no "based on".
  startOwn() {
    this.presetName = null;
    this.restored = false;
    this.findOrigin();
    this.form.render();
    this.schedule();
  }

  workerChanged(state) {
    if (!this.root.isConnected) return;
    const current = this.root.dataset.calculatorState;
    this.progress.hidden = Boolean(!state.started || state.ready || state.failed);
    this.showRetry(state.failed && state.retry);
    this.status.classList.toggle("calculator-status--warning", Boolean(state.failed || this.linkProblem));
    if (state.failed) {
      this.setState(STATES.failed);
      this.announce(`The calculator could not start in this browser: ${state.failed}. The results shown are for the default scenario, worked out when this site was built.`);
    } else if (!state.started) {
      this.announce("The results below are for the default scenario, worked out when this site was built. "
        + "Live recalculation starts when you use the form (a 12 MB download the first time).");
    } else if (!state.ready) {
      if (current !== STATES.prerendered && current !== STATES.calculating) this.setState(STATES.loading);
      this.progress.value = state.step;
      if (state.message) this.announce(state.notice || `${state.message} Meanwhile the results below are for the default scenario.`);
    } else if (current === STATES.prerendered || current === STATES.loading) {
      this.setState(STATES.ready);
      this.announce(state.notice || "The calculator is ready: change any input and the results update.");
    }
    this.showFreshness();
  }

  // A stalled download: a button to start the runtime again (runtime.js).
  showRetry(shown) {
    let button = this.root.querySelector("[data-calculator-retry]");
    if (!shown) {
      button?.remove();
      return;
    }
    if (button) return;
    button = document.createElement("button");
    button.type = "button";
    button.className = "md-button calculator-retry";
    button.dataset.calculatorRetry = "";
    button.textContent = "Retry starting the calculator";
    button.addEventListener("click", () => {
      // The button goes once the retry starts: focus stays on the line that says how it goes.
      this.status.tabIndex = -1;
      this.status.focus();
      retryWorker();
    });
    this.status.after(button);
  }

  // Editing -----------------------------------------------------------------------

  fieldChanged(target, event) {
    if (!target.dataset.path) return;
    this.warn(null);
    const path = target.dataset.path;
    const feeds = this.inputs.feedsOthers(patternOf(path));
    // An id that other fields refer to: remember it before the first keystroke,
    // so that when the edit is done the references follow the new id.
    if (feeds === "id" && this.renaming?.path !== path) this.renaming = { path, from: this.inputs.get(path) };
    const value = this.form.read(target);
    const becameOwn = this.becomeOwn(path);
    this.inputs.set(path, value);
    // Ranges follow the figure: a preset's range for a figure the reader changed goes (ranges.js).
    if (dropPresetRange(this.inputs, this.boot.presets, path)) {
      this.ownNote = `${this.ownNote || ""} The preset's range for ${this.inputs.describePath(path)} no longer applies to your figure and was taken out: “What drives this result?” now uses this project's default rule for it, until you give your own low and high.`;
      setTimeout(() => this.form.render());
    }
    const dropped = this.profile.typedOver(path, this.model);
    if (dropped) {
      this.ownNote = `${this.ownNote || ""} The price year ${dropped} from your profile no longer applies to ${this.inputs.describePath(path)}; give your figure its own under “Price years” if it has one.`;
      setTimeout(() => this.form.render());
    }
    // The first edit of a preset changes its title, notes and comparisons: show them.
    // Months are named from the first year and the start of the year: redraw them.
    if (becameOwn || (event.type === "change" && /(^|\.)(first_year|year_start_month|horizon_years)$/.test(path))) setTimeout(() => this.form.render());
    if (feeds && event.type === "change") {
      if (this.renaming?.path === path) this.inputs.renameReferences(patternOf(path), this.renaming.from, this.inputs.get(path));
      this.renaming = null;
      // Redraw the choices and labels that depend on this field once focus has
      // moved on (Tab fires "change" before the focus moves), so that the
      // form puts focus back where the reader went, not on the page.
      setTimeout(() => this.form.render());
    }
    this.schedule();
  }

  // A change made with one of the form's buttons: redraw, focus, calculate.
  edited(change, focusId) {
    this.becomeOwn(null);
    change();
    this.form.render();
    document.getElementById(focusId)?.focus();
    this.schedule();
  }

  addItem(row, path) {
    this.becomeOwn(null);
    const added = this.inputs.addItem(row, path);
    this.form.render();
    this.form.focus(this.form.fieldId(added));
    // No calculation yet: the new item's empty fields would all be reported as
    // missing before there was a chance to fill them in. The next edit calculates.
    this.labelInputs();
    this.kept.keep(this.model);
  }

  // The inputs now in the form, labelled as the results are (see results.js).
  labelInputs() {
    this.root.dataset.calculatorInput = inputLabel(this.model);
    this.showFreshness();
  }

  showFreshness() {
    this.results.freshness(this.root.dataset.calculatorInput, {
      errorsFor: this.errorsBox.dataset.input, waiting: this.queued || this.inFlight, worker: workerState,
    });
    for (const box of [this.form.headline, this.root.querySelector("[data-calculator-headline-results]")]) {
      if (box) box.dataset.freshness = this.results.section.dataset.freshness;
    }
    this.root.dataset.freshness = this.results.section.dataset.freshness;
    this.renderActions();
  }

  // Calculating ------------------------------------------------------------------

  schedule() {
    if (!this.keepAfterAnswer) this.kept.keep(this.model);
    this.changedAt ??= performance.now();
    // Once per task, however many changes it made (a preset sets many fields),
    // and before the browser redraws the form: Python works while it does.
    if (!this.calculationQueued) {
      this.calculationQueued = true;
      queueMicrotask(() => {
        this.calculationQueued = false;
        this.calculate();
      });
    }
    this.queued = true;
    this.setState(STATES.calculating);
    this.labelInputs();
  }

  announceLater(text) {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.announce(text), ANNOUNCE_AFTER_MS);
  }

  async calculate() {
    const input = clone(this.model);
    const label = inputLabel(input);
    this.queued = false;
    // The same inputs as the last ones sent (a field's "change" as it loses focus,
    // after its "input" events): their answer is on the page or on its way. Sending
    // them again would redraw the error list under the reader's pointer.
    if (label === this.sentLabel) {
      if (!this.inFlight && this.answerState) {
        this.changedAt = null;
        this.setState(this.answerState);
        this.showFreshness();
      }
      return;
    }
    this.sentLabel = label;
    const id = ++this.sent;
    this.inFlight = true;
    if (!workerState.ready && !workerState.failed) this.announce("Starting the calculator; your results will appear in a moment. Until then the results below are for the default scenario.");
    // Two calls: the figures alone take Python a few milliseconds, and the
    // headline beside the inputs shows them at once; the sensitivity analysis
    // ("What drives this result?") runs the calculator about a hundred times
    // more, and the full answer then fills in everything else.
    // One channel for this form: the worker drops an older edit's analysis once a newer edit arrives.
    const channel = `form:${this.name}`;
    let reply = await runInWorker(this.name, input, { drivers: false, channel });
    if (id !== this.sent || !this.root.isConnected) return; // a newer edit is on its way
    let output = readReply(reply);
    if (output.ok) {
      this.root.dataset.calculatorQuickMs = reply.ms.toFixed(2); // Python's time for it (make bench)
      this.showQuickHeadline(output.result);
      reply = await runInWorker(this.name, input, { channel });
      if (id !== this.sent || !this.root.isConnected) return;
      output = readReply(reply);
    }
    this.inFlight = false;
    this.root.dataset.calculatorMs = reply.ms.toFixed(2);
    // Kept once Python has answered with results or with errors in fields the reader can correct.
    if (this.keepAfterAnswer && (output.ok || output.errors.every((error) => error.path))) {
      this.keepAfterAnswer = false;
      this.kept.keep(this.model);
      // Only while the address is still this page's: instant navigation changes
      // the address before it swaps the page, and a reply can land in between.
      if (location.pathname === this.pathname) clearAddress();
    }
    this.form.showErrors(output.ok ? [] : output.errors, this.errorsBox);
    if (output.ok) delete this.errorsBox.dataset.input;
    else this.errorsBox.dataset.input = inputLabel(input);
    if (!output.ok) {
      this.changedAt = null;
      this.answerState = STATES.invalid;
      this.setState(STATES.invalid);
      this.showFreshness();
      const count = output.errors.length;
      this.announceLater(`${count} ${count === 1 ? "input needs" : "inputs need"} correcting; the results shown are from the last valid inputs.`);
      return;
    }
    this.results.show(output, input);
    this.scenario.textContent = this.scenarioText(input, output);
    this.showHeadline();
    this.chart.draw(output);
    this.tornado.draw(output);
    this.renderActions();
    // From the edit to every result on screen: read by the benchmark (make bench).
    this.root.dataset.calculatorFullLatencyMs = (performance.now() - this.changedAt).toFixed(2);
    this.changedAt = null;
    this.answerState = STATES.computed;
    this.setState(STATES.computed);
    this.showFreshness();
    if (!performance.getEntriesByName("calculator:first-full-result").length) performance.mark("calculator:first-full-result");
    this.announceLater(`Results updated.${this.ownNote || ""}`);
    this.ownNote = "";
  }

  // Presets are starting points ------------------------------------------------------
  // A scenario is a preset as published (its title is the preset's) or the
  // reader's own. The first edit of a preset makes it the reader's: its title
  // becomes "Your scenario (based on: …)", its notes say so, and what belongs
  // to the preset only (front matter `form: preset_only`, e.g. the planned
  // saving of another council) is taken out unless the reader ticks "compare".

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
  // (front matter `form: preset_only_ranges`, e.g. when the preset's children
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

  // The headline figures of the first, quick answer (no sensitivity analysis):
  // they are for the inputs in the form, so they are shown as current.
  showQuickHeadline(result) {
    this.drawHeadline(result, "current");
    // From the edit to the headline on screen, and the first figures Python worked
    // out on this page: read by the benchmark (make bench).
    if (this.changedAt != null) this.root.dataset.calculatorLatencyMs = (performance.now() - this.changedAt).toFixed(2);
    if (!performance.getEntriesByName("calculator:first-result").length) performance.mark("calculator:first-result");
  }

  // The headline figures beside the main inputs, from the results shown.
  showHeadline() {
    this.drawHeadline(this.results.output.result, this.results.section.dataset.freshness || "current");
  }

  // `result`'s headline figures in the box beside the main inputs (and its wide-screen copy).
  drawHeadline(result, freshness) {
    const keys = (this.boot.form || {}).headline || [];
    // Figures still from another council's preset: the headline says so.
    const origin = result && result.origin && result.origin.counts && result.origin.counts.preset ? result.origin.text : null;
    for (const box of [this.form.headline, this.root.querySelector("[data-calculator-headline-results]")]) {
      if (!box) continue;
      box.replaceChildren(...headlineItems(result, keys), ...(origin ? [el("p", { class: "calculator-headline-origin", text: origin })] : []));
      box.dataset.freshness = freshness;
    }
  }

  changedFromPreset() {
    return JSON.stringify(this.model) !== JSON.stringify(this.boot.presets[this.presetName]);
  }

  renderActions() {
    renderActions(this.actionsBox, this.results.output, this);
  }
}
