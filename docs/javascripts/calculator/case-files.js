// The business case as files: the Word document, the case file (JSON) and
// the figures (CSV), each made by Python in this browser
// (calculators.business_case.case_file: the same bytes the command line
// writes) and saved with the browser's download; and a case file opened
// from disk, read in this browser and checked by Python before it replaces
// anything. Nothing is sent anywhere.

import { el, saveFile } from "./dom.js";
import { MAX_BYTES } from "./profile.js";
import { callInWorker } from "./runtime.js";
import { optionLabel } from "./case-store.js";
import { decimal } from "./format.js";

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

// What the case file's fields are called on the page.
const FIELDS = {
  council: "The council", title: "The title of the case", author: "The author", date: "The date", price_year: "The price year",
  purpose: "The purpose", background: "The background", recommendation: "The recommendation", finance_summary: "The finance summary",
  implications: "The implications", options: "The options", format: "The file's format", version: "The file's version",
  name: "its name", description: "its description", scenarios: "its scenarios", calculator: "its calculator", input: "its inputs",
  id: "its letter", do_nothing: "whether it is doing nothing",
};

// Where a path of the case file ("options[1].scenarios[0].input") is, in the page's words: the option's
// name and the scenario's title where the case has them (`data`: the case the errors are about, if read).
function place(path, data) {
  const option = /^options\[(\d+)\](?:\.scenarios\[(\d+)\])?(?:\.(\w+))?/.exec(path);
  if (!option) return FIELDS[path] || `The field “${path}”`;
  const found = data && Array.isArray(data.options) ? data.options[Number(option[1])] : null;
  const named = found && typeof found === "object" && typeof found.id === "string" ? `“${optionLabel(found)}”` : `Option ${Number(option[1]) + 1}`;
  const scenario = option[2] !== undefined && found && Array.isArray(found.scenarios) ? found.scenarios[Number(option[2])] : null;
  const titled = option[2] === undefined ? "" : `, scenario ${scenario && scenario.title ? `“${scenario.title}”` : Number(option[2]) + 1}`;
  return `${named}${titled}${option[3] ? `, ${FIELDS[option[3]] || option[3]}` : ""}`;
}

// Python's errors ([{path, message}]) as sentences. A message that names its place itself (a scenario's) is kept as it is.
export function errorLines(errors, data = null) {
  return (errors || []).map((error) => (!error.path || /^[A-Z]/.test(error.message) ? error.message : `${place(error.path, data)} ${error.message}`));
}

function parsed(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
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
    if (!out.ok) return this.page.say(`${what[0].toUpperCase()}${what.slice(1)} could not be made: ${errorLines(out.errors, this.page.data).join(" ")}`);
    saveFile(out.mime, fromBase64(out.base64), out.filename);
    this.page.say(`${what[0].toUpperCase()}${what.slice(1)} is saved as “${out.filename}” in your downloads. It was made in this browser; nothing was sent anywhere.`);
  }

  async open() {
    const file = this.input.files && this.input.files[0];
    if (!file) return;
    this.input.value = "";
    // The same limit as a council profile's file (profile.js), before anything is read.
    if (file.size > MAX_BYTES) {
      return this.page.say(`“${file.name}” was not opened: it is ${decimal(file.size, 0)} bytes long, far more than a business case file. Your case is unchanged.`);
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
      return this.page.say(`“${file.name}” was not opened, and your case is unchanged: ${errorLines(out.errors, parsed(text)).join(" ")}`);
    }
    // Kept as written in the file (Python read it): what a later build reads is what was saved.
    this.page.opened(JSON.parse(text), out, `“${file.name}” is open and kept in this browser in place of the case that was here.`);
  }
}
