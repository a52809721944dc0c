// "Add to business case" on every calculator page: the scenario on screen,
// exactly as "Copy a link to this scenario" would carry it (its inputs with
// the record of where each comes from), goes into one option of the
// business case kept in this browser (case-store.js): "Do nothing", an
// option already in the case, or a new one. Nothing is sent anywhere.
//
// Where "Copy a link" would leave figures out (a council profile's, unless
// the reader chose to include them: profile.js linkWarning), the scenario is
// not added and the page says so in the same words. A page knows only its
// own calculator's name (the scenario's `calculator`); the case page
// knows the rest.

import { el } from "./dom.js";
import { addOption, optionChoices, optionLabel, readCase, writeCase } from "./case-store.js";
import { callInWorker, workerState } from "./runtime.js";

const NEW = "new";

function readReply(reply) {
  try {
    return JSON.parse(reply.output);
  } catch {
    return null;
  }
}

// The case kept here, or a fresh one from Python (calculators.business_case.new_case); {data, problem}.
async function caseToAddTo() {
  const kept = readCase();
  if (kept.data || kept.problem) return kept;
  if (workerState.failed) return { data: null, problem: "A new business case cannot be started here: the calculators could not start in this browser." };
  const fresh = readReply(await callInWorker("new_case", "", ""));
  if (fresh && Array.isArray(fresh.options)) return { data: fresh, problem: null };
  return { data: null, problem: "A new business case could not be started in this browser." };
}

// The choices of option, read again from storage each time (another tab or the case page may have changed them).
function fillChoices(select) {
  const chosen = select.value;
  const { data } = readCase();
  const choices = optionChoices(data);
  if (!choices.some((choice) => choice.doNothing)) choices.unshift({ id: "do-nothing", name: "Do nothing", doNothing: true });
  select.replaceChildren(
    ...choices.map((choice) => el("option", { value: choice.id, text: choice.doNothing ? `${choice.name} (the baseline)` : choice.name })),
    el("option", { value: NEW, text: "A new option" }));
  if ([...select.options].some((option) => option.value === chosen)) select.value = chosen;
}

// The sentence and link that confirm what was added, in the panel's own live region.
function confirm(status, calculator, text) {
  const href = calculator.boot.case_url;
  status.replaceChildren(text, " ", el("a", { href, text: "Open the business case" }), ".");
}

// The scenario to add (null when the page said why not): what "Copy a link" would carry.
function scenarioOnScreen(calculator, pageTitle) {
  const root = calculator.root;
  if (root.dataset.freshness && root.dataset.freshness !== "current") {
    calculator.announce("The scenario was not added: the figures on the page are not for the inputs in the form. Correct or finish your inputs first.");
    return null;
  }
  const warning = calculator.profile.linkWarning();
  if (warning) {
    calculator.announce(warning.replace("A link leaves out", "Adding it to a business case, like a link, would leave out").replace("then copy the link again", "then add it again"));
    return null;
  }
  const input = JSON.parse(JSON.stringify(calculator.profile.shareable(calculator.model)));
  // Named after the calculator as well: scenarios from one profile all carry the profile's title.
  const own = typeof input.title === "string" ? input.title.trim() : "";
  const title = own && own !== pageTitle ? `${pageTitle}: ${own}` : pageTitle;
  return { calculator: calculator.name, title, added: new Date().toISOString(), input };
}

async function add(select, status, calculator, pageTitle) {
  const scenario = scenarioOnScreen(calculator, pageTitle);
  if (!scenario) return;
  status.textContent = "Adding the scenario to your business case…";
  const { data, problem } = await caseToAddTo();
  if (problem) {
    status.replaceChildren(`${problem} Nothing was changed. `, el("a", { href: calculator.boot.case_url, text: "Open the business case" }));
    return;
  }
  const option = select.value === NEW
    ? addOption(data, "")
    : (data.options || []).find((item) => item && item.id === select.value);
  if (!option) {
    status.textContent = select.value === NEW ? "The case already has 26 options; remove one on the business case page first." : "That option is no longer in the case; choose another.";
    fillChoices(select);
    return;
  }
  if (!Array.isArray(option.scenarios)) option.scenarios = [];
  option.scenarios.push(scenario);
  const failed = writeCase(data);
  if (failed) {
    status.textContent = failed;
    return;
  }
  fillChoices(select);
  select.value = option.id;
  confirm(status, calculator, `“${scenario.title}” is now in “${optionLabel(option)}” of your business case, kept in this browser only (${option.scenarios.length} ${option.scenarios.length === 1 ? "scenario" : "scenarios"} in that option).`);
}

// The panel, added once under the page's other buttons (actions.js).
export function addToCasePanel(box, calculator, pageTitle) {
  const id = `calc-${calculator.name}-case`;
  const select = el("select", { id: `${id}-option`, "aria-describedby": `${id}-help` });
  const status = el("p", { class: "calculator-case-status", role: "status", "aria-live": "polite" });
  fillChoices(select);
  for (const type of ["focus", "pointerdown"]) select.addEventListener(type, () => fillChoices(select));
  const button = el("button", { type: "button", class: "md-button", "data-case-add": "", text: "Add to business case",
    onclick: () => add(select, status, calculator, pageTitle()) });
  box.append(el("div", { class: "calculator-case" },
    el("label", { for: select.id, text: "Add this scenario to your business case, as" }), " ", select, " ", button,
    el("p", { class: "calculator-help", id: `${id}-help`,
      text: "The business case lays the options side by side and exports a Word document for a board. It is kept in this browser on this device only." }),
    status));
}
