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
import { onJump } from "./dom.js";
import { Form } from "./form.js";
import { clone, Inputs } from "./inputs.js";
import { patternOf } from "./paths.js";
import { inputLabel, Results } from "./results.js";
import { retryWorker, runInWorker, startOnIntent, workerListeners, workerState } from "./runtime.js";
import { Kept, putInAddress } from "./storage.js";

// data-calculator-state on the calculator's element.
const STATES = {
  prerendered: "prerendered", loading: "loading", ready: "ready",
  calculating: "calculating", computed: "computed", invalid: "invalid", failed: "failed",
};
// Python answers in a few milliseconds, so every edit is calculated at once
// (a reply to an older edit is dropped). Only the spoken "Results updated"
// waits for a pause, so a screen reader is not interrupted at each keystroke.
const ANNOUNCE_AFTER_MS = 800;

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
    this.inputs = new Inputs(this.boot.spec.fields, null);
    this.kept = new Kept(this.name, this.inputs, this.boot.default_input);
    this.form = new Form(root.querySelector("[data-calculator-form]"), this.name, this.inputs, this.boot.presets, {
      preset: (name) => this.loadPreset(name),
      add: (row, path) => this.addItem(row, path),
      remove: (path, index) => this.edited(() => this.inputs.removeItem(path, index), `${this.form.fieldId(path)}-add`),
      toggle: (row, path, included) => this.edited(() => this.inputs.toggleObject(row, path, included), `${this.form.fieldId(path)}-include`),
    });
    this.chart = new ResultChart(root.querySelector("[data-calculator-chart]"), this.boot.chart, root.dataset.chartUrl);
    this.timer = null;
    this.sent = 0; // calculations sent; a reply to any but the latest is dropped
    this.queued = false; // a calculation waits for its timer
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
    this.labelInputs();
    this.form.render();
    this.form.element.hidden = false;
    // On a narrow screen the results are below a long form: a link jumps to them.
    const jump = this.root.querySelector("[data-calculator-jump]");
    jump.hidden = false;
    jump.querySelector("a").addEventListener("click", onJump(() => this.root.querySelector(".calculator-results h2")));
    this.renderActions();
    this.chart.draw(this.results.output);
    const url = (attr) => this.root.getAttribute(attr);
    // Python starts when the reader shows they mean to use the form (runtime.js).
    this.stopIntent = startOnIntent(this.root, { worker: url("data-worker-url"), pyodide: url("data-pyodide-url"), wheel: url("data-wheel-url") });
    this.onWorker = (state) => this.workerChanged(state);
    workerListeners.add(this.onWorker);
    this.workerChanged(workerState);
    if (problem) this.warn(problem);
    // A scenario from a link or from earlier in this visit is not the one
    // prerendered: calculate it at once.
    if (source !== "default") this.schedule();
  }

  stop() {
    this.stopIntent();
    workerListeners.delete(this.onWorker);
    this.chart.destroy();
  }

  // A scenario link opened in the same tab (only the #input= part changed).
  loadFromLink() {
    const { model, source, problem } = this.kept.initial();
    if (problem) return this.warn(problem);
    if (source !== "link") return;
    this.warn(null);
    this.inputs.model = model;
    this.presetName = null;
    this.form.render();
    this.schedule();
  }

  loadPreset(name) {
    if (!name) return;
    this.inputs.model = clone(this.boot.presets[name]);
    this.form.render();
    document.getElementById(this.form.presetId).value = name;
    this.presetName = name;
    this.restored = false;
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
        + "Live recalculation starts when you use the form: it then downloads the calculator's Python runtime (about 13 MB, once per visit).");
    } else if (!state.ready) {
      if (current !== STATES.prerendered && current !== STATES.calculating) this.setState(STATES.loading);
      this.progress.value = state.step;
      if (state.message) this.announce(`${state.message} Meanwhile the results below are for the default scenario.`);
    } else if (current === STATES.prerendered || current === STATES.loading) {
      this.setState(STATES.ready);
      this.announce("The calculator is ready: change any input and the results update.");
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
    this.inputs.set(path, this.form.read(target));
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
    change();
    this.form.render();
    document.getElementById(focusId)?.focus();
    this.schedule();
  }

  addItem(row, path) {
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
  }

  // Calculating ------------------------------------------------------------------

  schedule() {
    this.kept.keep(this.model);
    this.changedAt ??= performance.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.calculate());
    this.queued = true;
    this.setState(STATES.calculating);
    this.labelInputs();
  }

  announceLater(text) {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.announce(text), ANNOUNCE_AFTER_MS);
  }

  async calculate() {
    const id = ++this.sent;
    this.queued = false;
    this.inFlight = true;
    const input = clone(this.model);
    if (!workerState.ready && !workerState.failed) this.announce("Starting the calculator; your results will appear in a moment. Until then the results below are for the default scenario.");
    const reply = await runInWorker(this.name, input);
    if (id !== this.sent || !this.root.isConnected) return; // a newer edit is on its way
    this.inFlight = false;
    let output;
    try {
      output = JSON.parse(reply.output);
    } catch {
      output = { ok: false, errors: [{ path: "", message: "The calculator returned something unreadable." }] };
    }
    this.root.dataset.calculatorMs = reply.ms.toFixed(2);
    this.form.showErrors(output.ok ? [] : output.errors, this.errorsBox);
    if (output.ok) delete this.errorsBox.dataset.input;
    else this.errorsBox.dataset.input = inputLabel(input);
    if (!output.ok) {
      this.changedAt = null;
      this.setState(STATES.invalid);
      this.showFreshness();
      const count = output.errors.length;
      this.announceLater(`${count} ${count === 1 ? "input needs" : "inputs need"} correcting; the results shown are from the last valid inputs.`);
      return;
    }
    this.results.show(output, input);
    this.scenario.textContent = this.presetName && !this.changedFromPreset() ? `Preset: ${this.boot.presets[this.presetName].title || this.presetName}.`
      : this.restored ? "Your scenario from earlier in this visit, calculated in this browser. Choose a preset to start again."
      : "Your scenario, calculated in this browser.";
    this.chart.draw(output);
    this.renderActions();
    // Only while the address is still this page's: instant navigation changes
    // the address before it swaps the page, and a reply can land in between.
    if (location.pathname === this.pathname) putInAddress(input);
    // From the edit to the results on screen: read by the benchmark (make bench).
    this.root.dataset.calculatorLatencyMs = (performance.now() - this.changedAt).toFixed(2);
    this.changedAt = null;
    this.setState(STATES.computed);
    this.showFreshness();
    if (!performance.getEntriesByName("calculator:first-result").length) performance.mark("calculator:first-result");
    this.announceLater("Results updated.");
  }

  changedFromPreset() {
    return JSON.stringify(this.model) !== JSON.stringify(this.boot.presets[this.presetName]);
  }

  renderActions() {
    renderActions(this.actionsBox, this.results.output, this);
  }
}
