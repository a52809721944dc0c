// The form is drawn again after some edits (form.js render): a new element
// for every control. What had focus must have it again, as the reader left it:
// a control by its id, a section's heading (a <summary>, which has no id) by
// its section's id, and in a text field the same selection, so that a reader
// who pressed Tab into a field (which selects its text) and types replaces the
// text rather than typing in front of it.

// What has focus inside `container`, or null.
export function focusState(container) {
  const active = document.activeElement;
  if (!active || !container.contains(active)) return null;
  const summary = !active.id && active.tagName === "SUMMARY" ? active.parentElement?.id : null;
  const state = { element: active, id: active.id || null, section: summary || null, value: active.value, selection: null };
  // Only text fields have a selection; reading one of another kind of input throws.
  try {
    if (typeof active.selectionStart === "number") state.selection = [active.selectionStart, active.selectionEnd, active.selectionDirection];
  } catch {
    state.selection = null;
  }
  return state;
}

// Gives focus back after the redraw (nothing if the control is gone).
export function restoreFocus(state) {
  if (!state) return;
  let target = state.element.isConnected ? state.element : null; // an element kept across the redraw (the headline's)
  if (!target && state.id) target = document.getElementById(state.id);
  if (!target && state.section) target = document.getElementById(state.section)?.querySelector(":scope > summary");
  if (!target || document.activeElement === target) return;
  target.focus();
  // The same text: the same selection. A value the redraw wrote differently (a number formatted) keeps the caret at its end.
  if (state.selection && target.value === state.value) {
    try {
      target.setSelectionRange(...state.selection);
    } catch {
      /* not a text field */
    }
  }
}
