// One calculator on a page, tying together the form (form.js, over the
// scenario in inputs.js), the results (results.js, chart.js, actions.js),
// where inputs are kept (storage.js) and the Web Worker that runs Python
// (runtime.js, start.js). Here: setting up, starting and stopping, and
// editing. The class's other roles are in their own modules, their methods
// copied onto it (mixin.js): when Python is asked and what is done with its
// answer (scheduler.js), presets as starting points and the reader's own
// scenario (provenance.js), and what is shown of its state (view.js).
//
// The page knows nothing about formulas. It draws the form from the input
// spec that the calculators package publishes (written into the page at
// build time), sends the inputs as JSON to the worker, and renders whatever
// comes back: results, or validation errors that name a field by its path
// (e.g. "placements[2].children").

import { ResultChart } from "./chart.js";
import { onJump, whenIdle } from "./dom.js";
import { Form } from "./form.js";
import { clone, Inputs } from "./inputs.js";
import { mixin } from "./mixin.js";
import { patternOf } from "./paths.js";
import { ProfilePanel } from "./profile.js";
import { CalculatorProvenance } from "./provenance.js";
import { dropPresetRange } from "./ranges.js";
import { Results } from "./results.js";
import { startOnIntent, workerListeners, workerState } from "./runtime.js";
import { CalculatorScheduler } from "./scheduler.js";
import { Scenarios } from "./scenarios.js";
import { Kept } from "./storage.js";
import { Tornado } from "./tornado.js";
import { CalculatorView, STATES } from "./view.js";

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

  start() {
    this.pathname = location.pathname;
    this.setState(STATES.prerendered);
    const { model, source, problem } = this.kept.initial();
    this.inputs.model = model;
    this.restored = source === "kept";
    this.findOrigin();
    this.fromLink(source);
    this.labelInputs();
    // A council's profile in use marks its fields in the form (profile.js): drawn whole.
    this.form.render({ lazy: !this.profile.state });
    this.showHeadline();
    this.form.element.hidden = false;
    // On a narrow screen the results are below a long form: a link jumps to them.
    const jump = this.root.querySelector("[data-calculator-jump]");
    jump.hidden = false;
    jump.querySelector("a").addEventListener("click", onJump(() => this.root.querySelector(".calculator-results h2")));
    this.chart.draw(this.results.output);
    this.tornado.draw(this.results.output);
    const url = (attr) => this.root.getAttribute(attr);
    // Python starts when the reader shows they mean to use the form (runtime.js).
    this.stopIntent = startOnIntent(this.root, { worker: url("data-worker-url"), pyodide: url("data-pyodide-url"), wheel: url("data-wheel-url") });
    this.onWorker = (state) => this.workerChanged(state);
    workerListeners.add(this.onWorker);
    this.workerChanged(workerState);
    if (problem) this.warn(problem);
    // What sits below the results and the reader has not asked for yet (the
    // downloads and print summary, a council's figures, pinned scenarios) is
    // drawn once the browser is idle, each in a task of its own: together
    // they were a fifth of the page script's first task (issue 31).
    const later = (task) => whenIdle(() => !this.stopped && task());
    later(() => {
      this.actionsShown = true;
      this.renderActions();
    });
    later(() => this.profile.start());
    later(() => this.scenarios.start());
    // A scenario from a link or from earlier in this visit is not the one
    // prerendered: calculate it at once.
    if (source !== "default") this.schedule();
  }

  stop() {
    this.stopped = true;
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
    // The address that held it: only that one is cleared once answered, not a newer
    // link put in the address while this one was being worked out (scheduler.js).
    this.linkAddress = source === "link" ? location.hash : null;
  }

  loadPreset(name) {
    if (!name) return;
    // The preset's figures replace the council's scenario: the profile is no longer in use.
    this.profile.replacedByPreset(this.boot.presets[name].title);
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
    if (becameOwn || (event.type === "change" && this.inputs.namesMonths(patternOf(path)))) setTimeout(() => this.form.render());
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
}

mixin(Calculator, CalculatorView, CalculatorScheduler, CalculatorProvenance);
