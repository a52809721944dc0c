// A CSV file written by Python in this browser (calculators.csv_files, through
// the worker's CALLS: the command line writes the same bytes) and saved with
// the browser's download. No CSV is written in JavaScript.
//
// The download buttons show with the figures worked out when the site was
// built, before Python has started. Pressed then, the press starts Python,
// the button says the file is being prepared until it is saved, and the page
// says so; if Python cannot start, the page says why and nothing is saved.

import { saveFile } from "./dom.js";
import { callInWorker, workerListeners, workerState } from "./runtime.js";

// The reader's local date and time as the file states it ("2026-12-06T22:17").
export function localTime(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// The worker's reply to `call`, or null if the calculator fails to start meanwhile
// (a call to a worker that has failed is never answered: runtime.js).
function answerOrFailure(call, args) {
  if (workerState.failed) return Promise.resolve(null);
  return new Promise((resolve) => {
    const listener = (state) => {
      if (!state.failed) return;
      workerListeners.delete(listener);
      resolve(null);
    };
    workerListeners.add(listener);
    callInWorker(call, ...args).then((reply) => {
      workerListeners.delete(listener);
      resolve(reply);
    });
  });
}

function csvOf(reply) {
  try {
    return JSON.parse(reply.output);
  } catch {
    return { ok: false, errors: [{ message: "The CSV file could not be written." }] };
  }
}

// Python's `call` (results_csv or comparison_csv) with `args`, saved as
// `filename`. `button`: the button pressed, which says "Preparing…" while
// Python starts; `say(text)`: tells the reader what happened.
export async function saveCsv(call, args, filename, button, say) {
  if (button.hasAttribute("data-preparing")) return; // pressed again while it is being prepared
  const waiting = !workerState.ready && !workerState.failed;
  const label = button.textContent;
  if (waiting) {
    button.toggleAttribute("data-preparing", true);
    button.setAttribute("aria-busy", "true");
    button.textContent = "Preparing the CSV file…";
    say("Preparing the CSV file: the calculator is starting in this browser (a 13 MB download the first time).");
  }
  let reply;
  try {
    reply = await answerOrFailure(call, args);
  } finally {
    if (waiting) {
      button.toggleAttribute("data-preparing", false);
      button.removeAttribute("aria-busy");
      button.textContent = label;
    }
  }
  if (!reply) {
    say(`No CSV file was saved: it is written by the calculator, which could not start in this browser${workerState.failed ? ` (${workerState.failed})` : ""}.`);
    return;
  }
  const answer = csvOf(reply);
  if (!answer.ok) {
    say(`No CSV file was saved: ${answer.errors[0].message}`);
    return;
  }
  saveFile("text/csv;charset=utf-8", answer.csv, filename);
  if (waiting) say(`The CSV file is saved in your downloads as “${filename}”.`);
}

// The results shown (`output`, the calculator's reply) as the results file.
export function downloadCsv(output, calculator, button, filename) {
  const say = (text) => calculator.announce(text);
  return saveCsv("results_csv", [JSON.stringify(output), localTime()], filename, button, say);
}
