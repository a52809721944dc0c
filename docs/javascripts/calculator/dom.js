// Small DOM helpers shared by the calculator's modules.

// An element with attributes ("text" sets its text, "onclick" and the like
// add listeners; null, undefined and false leave an attribute out) and children.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

// Move the reader to an element without changing the address (which may hold
// a scenario in #input=): scroll it into view and focus it, or the first
// control inside it.
export function jumpTo(element) {
  if (!element) return;
  const control = element.matches("input, select, textarea, button, [tabindex]") ? element
    : element.querySelector("input, select, textarea, button") || element;
  if (control === element && !element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
  element.scrollIntoView({ block: "center" });
  control.focus({ preventScroll: true });
}

// A link's click that moves focus within the page: not for the browser, and
// not for instant navigation either (the address holds the scenario).
export function onJump(target) {
  return (event) => {
    event.preventDefault();
    event.stopPropagation();
    jumpTo(typeof target === "function" ? target() : target);
  };
}

// A file for the browser to save, from text or bytes: the one way the pages
// download what they make (results, a profile template, a comparison, a business case).
export function saveFile(type, data, filename) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = el("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Runs `task` when the browser has nothing more urgent to do (at the latest
// after `timeout` ms): for work the reader has not asked for yet, kept out of
// the page's first load, each piece in a task of its own so none blocks for long.
export function whenIdle(task, timeout = 2000) {
  if ("requestIdleCallback" in window) requestIdleCallback(() => task(), { timeout });
  else setTimeout(task, 50);
}
