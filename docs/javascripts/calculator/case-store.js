// The business case kept in this browser's localStorage: on this device
// only, never sent anywhere, kept until the reader clears it (the case page's
// "Clear this case", or the browser's site data). Read by the case page
// (case-page.js) and added to from every calculator page
// (business-case-link.js). What a case holds is Python's business
// (calculators.business_case); here it is JSON text kept and given back as
// it was, so a case saved by an older build reaches Python unchanged and
// Python says what it cannot read.

export const CASE_KEY = "business-case";

// {text, problem}: the case's JSON text (null when there is none), or why storage could not be read.
export function readCaseText() {
  try {
    return { text: localStorage.getItem(CASE_KEY), problem: null };
  } catch {
    return { text: null, problem: "This browser does not let the site keep anything (private browsing or a policy), so a case cannot be kept here." };
  }
}

// The case kept here as an object, or null with a problem in words.
export function readCase() {
  const { text, problem } = readCaseText();
  if (problem || text === null) return { data: null, problem };
  try {
    const data = JSON.parse(text);
    if (data && typeof data === "object" && !Array.isArray(data)) return { data, problem: null };
  } catch {
    // told below
  }
  return { data: null, problem: "The business case kept in this browser could not be read as a case file. Open the business case page to see what it holds." };
}

// Null when kept, else why not.
export function writeCase(data) {
  try {
    localStorage.setItem(CASE_KEY, JSON.stringify(data));
    return null;
  } catch (error) {
    return error && error.name === "QuotaExceededError"
      ? "This browser's storage for the site is full, so the change could not be kept. Save the case as a file, then remove some scenarios."
      : "This browser does not let the site keep anything (private browsing or a policy), so the change could not be kept.";
  }
}

export function clearCase() {
  try {
    localStorage.removeItem(CASE_KEY);
  } catch {
    // nothing was kept
  }
}

// The next option id after the ones in the case: "A", "B", … (the case file's rule).
export function nextOptionId(data) {
  const used = new Set((data.options || []).map((option) => option && option.id));
  for (let code = 65; code <= 90; code += 1) {
    const id = String.fromCharCode(code);
    if (!used.has(id)) return id;
  }
  return null;
}

// A new option (null when all 26 letters are in use), added to the case.
export function addOption(data, name) {
  const id = nextOptionId(data);
  if (!id) return null;
  const option = { id, name: name || "New option", description: "", scenarios: [] };
  data.options = [...(data.options || []), option];
  return option;
}

// An option as the report names it: "Do nothing", or "Option A: <the officer's name for it>".
export function optionLabel(option) {
  const name = option && typeof option.name === "string" ? option.name.trim() : "";
  if (option && option.do_nothing === true) return name || "Do nothing";
  return name ? `Option ${option.id}: ${name}` : `Option ${option.id}`;
}

// The options of a case as [{id, name, doNothing}], for a choice of where a scenario goes.
export function optionChoices(data) {
  return (data && Array.isArray(data.options) ? data.options : [])
    .filter((option) => option && typeof option === "object" && typeof option.id === "string")
    .map((option) => ({ id: option.id, name: optionLabel(option), doNothing: option.do_nothing === true }));
}
