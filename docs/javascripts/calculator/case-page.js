// The business case page: the case kept in this browser (case-store.js),
// its forms (case-editor.js), the report Python lays out from it
// (calculators.business_case.case_json, shown by case-report.js) and its
// files (case-files.js).
//
// Python runs in the calculators' Web Worker (runtime.js) and starts, as on
// a calculator page, at the reader's first sign of intent: the forms are
// drawn from the kept case at once, the report once Python has read it.
// The kept case is never replaced by what Python made of it: a case saved
// by an older build keeps what this build cannot read, and the page names
// it (Python's `problems`, or its `errors` when nothing can be laid out).

import { el, saveFile } from "./dom.js";
import { CaseEditor } from "./case-editor.js";
import { errorLines, readReply, CaseFiles } from "./case-files.js";
import { safeReport } from "./case-report.js";
import { clearCase, readCaseText, writeCase } from "./case-store.js";
import { callInWorker, startOnIntent, startWorker, workerListeners, workerState } from "./runtime.js";

const LAYOUT_AFTER_MS = 400; // a pause in typing before the report is laid out again

class CasePage {
  constructor(root) {
    this.root = root;
    this.boot = JSON.parse(root.dataset.caseBoot);
    this.status = root.querySelector("[data-case-status]");
    this.progress = root.querySelector("[data-case-progress]");
    this.problems = root.querySelector("[data-case-problems]");
    this.form = root.querySelector("[data-case-form]");
    this.report = root.querySelector("[data-case-report]");
    this.editor = new CaseEditor(root, this.boot, (redraw, focusId) => this.edited(redraw, focusId));
    this.files = new CaseFiles(root, this);
    this.data = null;
    this.laidOut = 0;
  }

  get addresses() {
    const url = (name) => this.root.getAttribute(name);
    return { worker: url("data-worker-url"), pyodide: url("data-pyodide-url"), wheel: url("data-wheel-url") };
  }

  say(text) {
    this.status.textContent = text;
  }

  start() {
    this.root.querySelector("[data-case-add-option]").addEventListener("click", () => this.say(this.editor.addOption()));
    this.root.querySelector("[data-case-clear]").addEventListener("click", () => this.clear());
    this.onWorker = (state) => this.workerChanged(state);
    workerListeners.add(this.onWorker);
    this.stopIntent = startOnIntent(this.root, this.addresses);
    const { text, problem } = readCaseText();
    if (problem) return this.say(problem);
    if (text === null) return this.showEmpty();
    let data = null;
    try {
      data = JSON.parse(text);
    } catch {
      // told below
    }
    if (!data || typeof data !== "object" || Array.isArray(data) || !Array.isArray(data.options)) {
      this.showProblems(["The business case kept in this browser is not a case file this page can read. It is kept as it is: save it with “Save what is kept” or clear it."], text);
      return;
    }
    this.data = data;
    this.editor.draw(data);
    this.form.hidden = false;
    this.report.replaceChildren(el("p", { text: "The report is laid out here once the calculators have started: use any field or button on this page (a 13 MB download the first time, kept by your browser)." }));
    this.workerChanged(workerState);
    if (workerState.started) this.layout();
  }

  stop() {
    this.stopIntent?.();
    workerListeners.delete(this.onWorker);
    clearTimeout(this.timer);
  }

  // No case kept yet: one is started with Python's new case (the do-nothing option only).
  showEmpty() {
    this.form.hidden = true;
    const begin = el("button", { type: "button", class: "md-button md-button--primary", text: "Start a business case",
      onclick: async () => {
        this.say("Starting a business case…");
        const fresh = JSON.parse((await callInWorker("new_case", "", "")).output);
        this.opened(fresh, null, "A new business case is started and kept in this browser. Fill in its details, then add scenarios from the calculators' pages.");
        document.getElementById("case-council")?.focus();
      } });
    this.report.replaceChildren(el("p", { text: "No business case is kept in this browser yet. Choose “Add to business case” on any calculator's page, or start one here." }), el("p", {}, begin));
    this.say("No business case is kept in this browser yet.");
  }

  // A case that replaces the one here (a file opened, a new case); `out`: Python's reading of it, if made.
  opened(data, out, message) {
    const failed = writeCase(data);
    this.data = data;
    this.editor.draw(data);
    this.form.hidden = false;
    this.problems.hidden = true;
    this.say(failed ? `${message} ${failed}` : message);
    if (out) this.show(out);
    else this.layout();
  }

  clear() {
    if (!window.confirm("Clear this business case from this browser? Save it as a file first if you may need it again.")) return;
    clearCase();
    this.data = null;
    this.problems.hidden = true;
    this.showEmpty();
    this.say("The business case is cleared from this browser.");
  }

  workerChanged(state) {
    if (!this.root.isConnected) return;
    this.progress.hidden = Boolean(!state.started || state.ready || state.failed);
    this.progress.value = state.step;
    if (state.failed) this.say(`The calculators could not start in this browser: ${state.failed}. Your case is kept; the report cannot be laid out or exported here.`);
    else if (state.started && !state.ready && state.message) this.say(state.message);
    else if (state.ready && this.data && !this.laidOut) this.layout();
  }

  edited(redraw, focusId) {
    this.root.dataset.caseState = "editing"; // until the report is laid out from this edit
    const failed = writeCase(this.data);
    if (failed) this.say(failed);
    if (redraw) {
      this.editor.draw(this.data);
      document.getElementById(focusId)?.focus();
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.layout(), redraw ? 0 : LAYOUT_AFTER_MS);
  }

  // Python reads the case and lays the report out; the latest request wins.
  async layout() {
    if (!this.data) return;
    const id = ++this.laidOut;
    this.root.dataset.caseState = "laying-out";
    if (!workerState.ready) startWorker(this.addresses);
    const out = readReply(await callInWorker("case_json", JSON.stringify(this.data)));
    if (id !== this.laidOut || !this.root.isConnected) return;
    this.show(out);
  }

  show(out) {
    if (!out.ok) {
      // Nothing can be laid out (a newer version, a field this build does not know): the kept case stays as it is.
      this.showProblems(errorLines(out.errors, this.data), JSON.stringify(this.data, null, 2));
      this.report.replaceChildren(el("p", { text: "The report cannot be laid out until the problems above are put right (or the case is opened with the version of the site that saved it)." }));
      this.root.dataset.caseState = "invalid";
      return;
    }
    const problems = errorLines((out.problems || []).map((item) => (typeof item === "string" ? { path: "", message: item } : item)), this.data);
    if (problems.length) this.showProblems(problems, null, "Please look at the following; the rest of the case is laid out below, and the case is kept as it was:");
    else this.problems.hidden = true;
    this.editor.setDraft(out.finance_summary_draft);
    this.report.replaceChildren(safeReport(out.html));
    this.root.dataset.caseState = "laid-out";
    if (!this.status.textContent || this.status.textContent.startsWith("The report") || /^(Ready|Loading|Downloading)/.test(this.status.textContent)) {
      this.say("The report is laid out from your case.");
    }
  }

  // What could not be read, in words; `raw`: the kept text when it cannot be a case at all (offered to save).
  showProblems(lines, raw, intro = "This business case could not be opened:") {
    const keep = raw === null ? null : el("button", { type: "button", class: "md-button", text: "Save what is kept",
      onclick: () => saveFile("application/json", raw, "business-case-as-kept.json") });
    this.problems.replaceChildren(...[el("p", { text: intro }), el("ul", {}, lines.map((line) => el("li", { text: line }))), keep].filter(Boolean));
    this.problems.hidden = false;
  }
}

// Page set-up, on every page change under Material's instant navigation (as page.js does).
let active = null;
function setUp() {
  const root = document.querySelector(".business-case[data-business-case]");
  if (active && active.root === root) return;
  active?.stop();
  active = root ? new CasePage(root) : null;
  active?.start();
}

function subscribe() {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUp);
  else setUp();
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
else subscribe();
