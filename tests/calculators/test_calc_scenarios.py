"""Scenarios side by side (issue 15 item 5): the comparison table the page shows and downloads.

Expected figures are hand calculations written beside them.
"""

from __future__ import annotations

import json

import calculators
from calculators import scenarios


def caseload(**changes: object) -> dict:
    payload = calculators.default_input("caseload")
    payload.update(changes)
    return calculators.run_json("caseload", payload)


def test_three_scenarios_and_their_differences_from_a() -> None:
    # One FTE costs salary × 1.30 on-costs: £45,500 (A), £52,000 (B, £40,000), £39,000 (C, £30,000).
    table = scenarios.compare([caseload(), caseload(salary=40000), caseload(salary=30000)], ["A", "B", "C"])
    assert [c["heading"] for c in table["columns"]] == ["Headline figure", "Scenario A", "Scenario B", "Scenario C", "B − A", "C − A"]
    cells = {line[0]: line[1:] for line in table["cells"]}
    assert cells["Cost of one FTE a year (salary + on-costs)"] == ["£45,500", "£52,000", "£39,000", "+£6,500", "−£6,500"]
    # Extra FTE 615 ÷ 17.7 − 30 = 4.745763 (target: DfE's 2017 average, data/caseload_benchmarks.csv):
    # × £45,500 = £215,932, × £52,000 = £246,780, × £39,000 = £185,085.
    assert cells["Cost of the extra FTE a year (salary + on-costs)"] == ["£215,932", "£246,780", "£185,085", "+£30,848", "−£30,847"]
    assert cells["Open cases"][3:] == ["no change", "no change"]
    row = next(r for r in table["rows"] if r["key"] == "extra_fte_cost")
    assert (row["A"], row["B_minus_A"], row["C_minus_A"], row["unit"]) == (215932, 30848, -30847, "£")


def test_a_text_figure_has_no_difference() -> None:
    response = calculators.run_json("service-capacity", calculators.default_input("service-capacity"))
    table = scenarios.compare([response, response], ["A", "B"])
    model = next(line for line in table["cells"] if line[0].startswith("Queueing model"))
    name = "Erlang C (M/M/c) for the long run; heavy-traffic approximation for the months ahead"
    assert model[1:] == [name, name, "–"]


def test_the_browser_entry_point_never_raises() -> None:
    bad = json.loads(scenarios.compare_json_text("[1, 2]", '["A"]'))
    assert bad["ok"] is False and "could not be compared" in bad["errors"][0]["message"]
    good = json.loads(scenarios.compare_json_text(json.dumps([caseload()]), '["A"]'))
    assert good["ok"] and good["table"]["id"] == "scenarios"
