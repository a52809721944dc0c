// What a calculator shows of its state (the rendering role of Calculator,
// calculator.js): the status line and its warnings, the runtime's progress,
// which inputs the figures are for, the headline figures beside the main
// inputs and the actions under the results.

import { renderActions } from "./actions.js";
import { el } from "./dom.js";
import { headlineItems, inputLabel } from "./results.js";
import { retryWorker, workerState } from "./runtime.js";

// data-calculator-state on the calculator's element.
export const STATES = {
  prerendered: "prerendered", loading: "loading", ready: "ready",
  calculating: "calculating", computed: "computed", invalid: "invalid", failed: "failed",
};

export class CalculatorView {
  setState(state) {
    this.root.dataset.calculatorState = state;
  }

  // The status line; a problem with a shared link stays in front until the next edit.
  // What is said now replaces what was to be said later (scheduler.js announceLater):
  // a pending "Results updated" must not overwrite the answer to a button just pressed.
  announce(text) {
    clearTimeout(this.announceTimer);
    this.status.textContent = this.linkProblem ? `${this.linkProblem} ${text}` : text;
  }

  // A problem with a shared link (or none); the status line keeps its
  // warning look while the runtime has failed too.
  warn(problem) {
    this.linkProblem = problem;
    this.status.classList.toggle("calculator-status--warning", Boolean(problem || workerState.failed));
    if (problem) this.announce("");
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
        + "Live recalculation starts when you use the form (a 13 MB download the first time).");
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

  // Not before the calculator has started drawing them (see Calculator.start).
  renderActions() {
    if (!this.actionsShown) return;
    renderActions(this.actionsBox, this.results.output, this);
  }
}
