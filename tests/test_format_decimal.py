"""The form's numbers are written as the browser's own formatter writes them.

docs/javascripts/calculator/format.js writes a number with thousands
separators without Intl.NumberFormat (making the first one loads the
browser's locale data, the largest single cost of drawing the form as a
calculator page loads, issue 31). The expected text here is what
``Intl.NumberFormat("en-GB", { maximumFractionDigits })`` writes for the
same number in Node (the V8 and ICU that Chromium also uses): the page must
write exactly what it wrote before.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORMAT = ROOT / "docs" / "javascripts" / "calculator" / "format.js"

# Ties in the shortest decimal form (0.125, 2.5, -642873.85, whose binary value
# is just below the tie), carries (999.9999999999, 99999.995), signs of numbers
# that round to zero, -0, the largest and smallest magnitudes, and figures the
# presets hold (20,800,000; 0.035).
CASES = [0, -0.0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.125, 1.005, 0.045, 12.345, 1234.5, 20800000, 0.035,
         0.1 + 0.2, 1 / 3, -1 / 3, 1e-11, -1e-11, 5e-11, 999.9999999999, 99999.995, -0.004,
         -642873.85, -123899.95, 9364056507945.85, 1e20, 9.99e20, 1e21, 1.5e22, -1234567.891]

SCRIPT = """
import { decimal } from %s;
const cases = JSON.parse(process.argv[2]);
// A fixed pseudo-random spread of magnitudes from 1e-6 to 1e15 as well (same numbers every run).
let seed = 31;
const next = () => (seed = (seed * 1103515245 + 12345) %% 2147483648) / 2147483648;
for (let i = 0; i < 20000; i++) {
  cases.push((next() - 0.5) * 10 ** Math.floor(next() * 22 - 6), Math.round(next() * 1e6) / 100 + 0.005);
}
const wrong = [];
for (const digits of [0, 1, 2, 3, 10]) {
  const formatter = new Intl.NumberFormat("en-GB", { maximumFractionDigits: digits });
  for (const value of cases) {
    const want = formatter.format(value);
    const got = decimal(value, digits);
    if (got !== want) wrong.push({ value, digits, want, got });
  }
}
console.log(JSON.stringify({ checked: cases.length * 5, wrong: wrong.slice(0, 20) }));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_decimal_writes_what_the_browsers_formatter_writes(tmp_path: Path) -> None:
    script = tmp_path / "check.mjs"
    script.write_text(SCRIPT % json.dumps(FORMAT.as_uri()), encoding="utf-8")
    done = subprocess.run(["node", str(script), json.dumps(CASES)],
                          capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(done.stdout)
    assert report["checked"] >= 5 * 40000
    assert report["wrong"] == []


DATE_SCRIPT = """
import { longDateTime } from %s;
const formatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short" });
const wrong = [];
let checked = 0;
// Every hour of two years (a leap year among them, both clock changes), each at a different minute.
for (let hour = 0; hour < 2 * 366 * 24; hour++) {
  const date = new Date(2027, 11, 31, 23 - hour, hour %% 60);
  checked++;
  if (longDateTime(date) !== formatter.format(date)) wrong.push([date.toString(), formatter.format(date), longDateTime(date)]);
}
console.log(JSON.stringify({ checked, wrong: wrong.slice(0, 20) }));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
@pytest.mark.parametrize("zone", ["Europe/London", "UTC", "America/St_Johns"])
def test_long_date_writes_what_the_browsers_formatter_writes(tmp_path: Path, zone: str) -> None:
    # The print summary's "Worked out on 7 December 2026 at 04:52" (actions.js), in the reader's time zone.
    script = tmp_path / "dates.mjs"
    script.write_text(DATE_SCRIPT % json.dumps(FORMAT.as_uri()), encoding="utf-8")
    done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=120, check=True,
                          env={**os.environ, "TZ": zone})
    report = json.loads(done.stdout)
    assert report["checked"] == 2 * 366 * 24
    assert report["wrong"] == []
