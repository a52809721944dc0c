// The business case as files: the Word document, the case file (JSON) and
// the figures (CSV), each made by Python in this browser
// (calculators.business_case.case_file: the same bytes the command line
// writes) and saved with the browser's download; and a case file opened
// from disk, read in this browser and checked by Python before it replaces
// anything. Nothing is sent anywhere.

import { save } from "./actions.js";
import { el } from "./dom.js";
import { MAX_BYTES } from "./profile.js";
import { callInWorker } from "./runtime.js";

const FORMATS = [
  ["docx", "Download the report (Word, .docx)", "the Word document"],
  ["json", "Save the case as a file (JSON)", "the case file"],
  ["csv", "Download the figures (CSV)", "the figures"],
];

export function readReply(reply) {
  try {
    return JSON.parse(reply.output);
  } catch {
    return { ok: false, errors: [{ path: "", message: "The calculators returned something unreadable." }] };
  }
}

// Python's errors ([{path, message}]) as sentences.
export function errorLines(errors) {
  return (errors || []).map((error) => (error.path ? `${error.path}: ${error.message}` : error.message));
}

function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// `page`: the CasePage (case-page.js): its case (`data`), `say(text)` and `opened(text, data, out)`.
export class CaseFiles {
  constructor(root, page) {
    this.page = page;
    this.buttons = root.querySelector("[data-case-exports]");
    this.input = root.querySelector("[data-case-import]");
    this.buttons.replaceChildren(...FORMATS.map(([format, label, what]) => el("button", {
      type: "button", class: "md-button", "data-case-export": format, text: label, onclick: () => this.export(format, what),
    })));
    this.input.addEventListener("change", () => this.open());
    root.querySelector("[data-case-print]").addEventListener("click", () => window.print());
  }

  async export(format, what) {
    if (!this.page.data) return this.page.say("There is no case to export yet.");
    this.page.say(`Preparing ${what} in this browser…`);
    const out = readReply(await callInWorker("case_file", JSON.stringify(this.page.data), format));
    if (!out.ok) return this.page.say(`${what[0].toUpperCase()}${what.slice(1)} could not be made: ${errorLines(out.errors).join(" ")}`);
    save(out.mime, fromBase64(out.base64), out.filename);
    this.page.say(`${what[0].toUpperCase()}${what.slice(1)} is saved as “${out.filename}” in your downloads. It was made in this browser; nothing was sent anywhere.`);
  }

  async open() {
    const file = this.input.files && this.input.files[0];
    if (!file) return;
    this.input.value = "";
    // The same limit as a council profile's file (profile.js), before anything is read.
    if (file.size > MAX_BYTES) {
      return this.page.say(`“${file.name}” was not opened: it is ${file.size.toLocaleString("en-GB")} bytes long, far more than a business case file. Your case is unchanged.`);
    }
    this.page.say(`Reading “${file.name}” in this browser…`);
    let text;
    try {
      text = await file.text();
    } catch {
      return this.page.say(`“${file.name}” could not be read from your disk. Your case is unchanged.`);
    }
    const out = readReply(await callInWorker("case_json", text));
    if (!out.ok) {
      return this.page.say(`“${file.name}” was not opened, and your case is unchanged: ${errorLines(out.errors).join(" ")}`);
    }
    // Kept as written in the file (Python read it): what a later build reads is what was saved.
    this.page.opened(JSON.parse(text), out, `“${file.name}” is open and kept in this browser in place of the case that was here.`);
  }
}
