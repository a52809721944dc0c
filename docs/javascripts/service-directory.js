/*
 * Filters for the service-model directory (services/index.md).
 *
 * The directory table is complete without this script; the script shows the
 * filter form (hidden in the HTML), hides the rows that do not match, and
 * updates the row count in the page's live region so screen readers hear it.
 *
 * The filters live in the page's address (?level=edge-of-care&age=12), so
 * back, reload and a shared link show exactly the list the filters say: on
 * set-up the form is filled from the address (not from whatever the browser
 * restored), and each change replaces the address with history.replaceState.
 *
 * The hook puts this script only on the directory page. With Material's
 * instant navigation the page's scripts run again on each visit, and
 * DOMContentLoaded fires only once, so set-up hangs off Material's document$
 * (which replays the current page) and is guarded to subscribe only once.
 *
 * Set-up runs in a task of its own, after Material's (issue 31). Listening
 * for DOMContentLoaded on the document, this script was the first listener
 * of the task in which Material sets up every component of the page (over
 * the directory's 1,500 elements, with the style and layout that brings), so
 * Lighthouse put that whole long task (336 ms on a phone) down to this
 * script, whose own work is a few milliseconds; and the filters' work was
 * added to it. Now it waits on the window (whose listeners come after the
 * document's) and only schedules its set-up there.
 */
(function () {
  "use strict";

  if (window.serviceDirectoryLoaded) {
    return;
  }
  window.serviceDirectoryLoaded = true;

  function matches(row, level, setting, workforce, age, evidence, cost) {
    if (evidence && row.dataset.evidence !== evidence) {
      return false;
    }
    if (cost && row.dataset.cost !== cost) {
      return false;
    }
    if (level && row.dataset.level.split(" ").indexOf(level) === -1) {
      return false;
    }
    if (setting && row.dataset.setting.split(" ").indexOf(setting) === -1) {
      return false;
    }
    if (workforce && row.dataset.workforce.split(" ").indexOf(workforce) === -1) {
      return false;
    }
    if (age !== null) {
      return Number(row.dataset.ageMin) <= age && age <= Number(row.dataset.ageMax);
    }
    return true;
  }

  function setUp() {
    var root = document.querySelector("[data-service-directory]");
    if (!root || root.dataset.ready) {
      return;
    }
    root.dataset.ready = "true";

    var form = root.querySelector("form");
    var count = root.querySelector("[role=status]");
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr"));
    var total = rows.length;

    var FIELDS = ["level", "setting", "workforce", "evidence", "cost", "age"];

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        var value = params.get(name) || "";
        if (field.tagName === "SELECT" && !field.querySelector('option[value="' + CSS.escape(value) + '"]')) {
          value = "";
        }
        field.value = value;
      });
    }

    function toAddress() {
      var params = new URLSearchParams(window.location.search);
      FIELDS.forEach(function (name) {
        var value = form.elements[name].value.trim();
        if (value) {
          params.set(name, value);
        } else {
          params.delete(name);
        }
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
      }
    }

    function apply() {
      var ageText = form.elements.age.value.trim();
      var age = ageText === "" ? null : Number(ageText);
      if (age !== null && !isFinite(age)) {
        age = null;
      }
      var shown = 0;
      rows.forEach(function (row) {
        var keep = matches(
          row, form.elements.level.value, form.elements.setting.value, form.elements.workforce.value, age,
          form.elements.evidence.value, form.elements.cost.value
        );
        row.hidden = !keep;
        if (keep) {
          shown += 1;
        }
      });
      count.textContent = shown === total
        ? "Showing all " + total + " service models."
        : "Showing " + shown + " of " + total + " service models.";
      toAddress();
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
    });
    form.addEventListener("reset", function () {
      // The form's values are cleared after the reset event.
      window.setTimeout(apply, 0);
    });
    form.hidden = false;
    fromAddress(); // the address, not values the browser may have restored, says what is shown
    apply();
  }

  function setUpLater() {
    window.setTimeout(setUp, 0);
  }

  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setUpLater);
    } else {
      setUpLater();
    }
  }

  // On a full page load this script runs before Material's bundle, so wait
  // for the document to finish loading before looking for document$.
  if (document.readyState === "loading") {
    window.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
