// When a calculator asks Python for figures, and what it does with the
// answer (the scheduling role of Calculator, calculator.js): every edit is
// calculated at once, a reply to an older edit is dropped, the headline
// comes first and the sensitivity analysis after it.

import { clone } from "./inputs.js";
import { inputLabel } from "./results.js";
import { runInWorker, workerState } from "./runtime.js";
import { clearAddress } from "./storage.js";
import { STATES } from "./view.js";

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

export class CalculatorScheduler {
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
      // Only while the address is still this page's and still holds that link: instant
      // navigation changes the address before it swaps the page, and a reader (or a test)
      // may open another link on this page before this one's answer lands; clearing it
      // then would lose the newer link before the page had read it.
      if (location.pathname === this.pathname && location.hash === this.linkAddress) clearAddress();
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
}
