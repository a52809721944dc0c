"""Build the sample business case for the imagined council Northshire from its own profile.

    python examples/northshire_business_case.py            # writes examples/northshire-business-case.json
    python -m calculators case examples/northshire-business-case.json --format docx --output northshire.docx

Every scenario is the council's own scenario from its profile
(tests/fixtures/northshire-profile.csv, read by calculators.baseline, as
``--profile`` does), with only the change each option makes typed over it,
so the origin record of every figure travels with the case. No figure is
written here other than the size of each option's change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators import baseline, profile  # noqa: E402
from calculators.business_case import case  # noqa: E402

PROFILE = ROOT / "tests" / "fixtures" / "northshire-profile.csv"
OUTPUT = ROOT / "examples" / "northshire-business-case.json"


def scenario(name: str, title: str, change: dict[str, Any] | None = None) -> dict[str, Any]:
    """The council's own scenario for calculator ``name``, with ``change`` (dotted paths) typed over it."""
    built = baseline.build(profile.read_path(PROFILE), name, PROFILE.name)
    if not built["ok"] or built["missing"]:
        raise SystemExit(f"{name}: the profile does not give a complete scenario: {built.get('errors') or built['missing']}")
    payload = built["input"]
    for path, value in (change or {}).items():
        node = payload
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return {"calculator": name, "title": title, "added": "2026-12-06T10:00:00Z", "input": payload}


def build() -> dict[str, Any]:
    """The Northshire case: do nothing and three options across all five calculators."""
    out = case.new("Northshire County Council", "Children's placements and early help: options for 2026 to 2031")
    out.update(author="A. Officer, Finance Business Partner, Children's Services", date="2026-12-06", price_year="2025-26",
               background="Northshire looks after 420 children. Thirty-five of them live in external residential homes, which take almost half of the placement budget. "
                          "Social workers carry about 23 cases each against the council's target of 18.")
    out["options"][0]["description"] = "Carry on as now: the care population forecast from this year's starts and leaving rates, with no change."
    out["options"][0]["scenarios"] = [scenario("care-forecast", "Doing nothing: the care population forecast")]
    out["options"] += [
        {"id": "A", "name": "Bring children home from external residential care", "do_nothing": False,
         "description": "Five children move from external residential homes to the council's own foster carers, starting in the fourth month.",
         "scenarios": [scenario("placement-cost", "Five children from external residential care to in-house foster care", {"scenario.horizon_years": 5})]},
        {"id": "B", "name": "An edge-of-care family support service", "do_nothing": False,
         "description": "A team of five works with 40 families a year at risk of a child entering residential care.",
         "scenarios": [scenario("invest-to-save", "Edge-of-care service: costs and avoided placements", {"prices.entered_in": "2025-26"}),
                       scenario("service-capacity", "Edge-of-care service: families served and waits")]},
        {"id": "C", "name": "Fewer children entering care, with caseloads brought to target", "do_nothing": False,
         "description": "Recruit social workers to bring caseloads to 18, aiming for one in ten fewer children starting to be looked after.",
         "scenarios": [scenario("care-forecast", "With the change: 10 % fewer children starting to be looked after", {"scenario.starts_change_pct": -10}),
                       scenario("caseload", "Social workers needed to reach a caseload of 18")]},
    ]
    return out


def text() -> str:
    """The case file's text, as written to :data:`OUTPUT`."""
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    OUTPUT.write_text(text(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
