"""Valid inputs that keep the sensitivity analysis busy (issue 30, item 3), for the Python and browser tests.

Every figure is inside the input's declared limits: 30 placement types, 100
moves, 50 demand changes and 100 uncertain inputs (the most each list
takes), with alternate placement types a penny a week apart, so the net
saving is close to £0 and a switching value is searched for every input.
Before the analysis had a budget this one took 875 runs of the model.
"""

from __future__ import annotations

from typing import Any

__all__ = ["slow_placement_cost"]


def slow_placement_cost(title: str = "Many moves, a saving near £0") -> dict[str, Any]:
    placements = [
        {"id": f"p{i}", "label": f"Placement type {i + 1}", "cost_basis": "weekly_per_child", "provider": "purchased",
         "setting": "residential", "children": 1000, "cost": 1000.0 + (0.01 if i % 2 else 0), "cost_low": 900.0,
         "cost_high": 1100.0, "inflation_pct": 1}
        for i in range(30)
    ]
    moves = [{"from": f"p{i % 30}", "to": f"p{(i + 1) % 30}", "children": 1, "start_month": 1 + i % 12} for i in range(100)]
    demand = [{"placement": f"p{i % 30}", "entrants_change_pct": 0.5 if i % 2 else -0.5, "length_of_stay_change_pct": 0,
               "start_month": 1 + i % 24, "phase_in_months": 6} for i in range(50)]
    uncertain = [{"path": f"scenario.moves[{i}].start_month", "low": 1, "high": 24, "basis": "A test range."} for i in range(70)]
    uncertain += [{"path": f"placements[{i}].inflation_pct", "low": 0, "high": 3, "basis": "A test range."} for i in range(30)]
    return {"title": title, "notes": "", "placements": placements,
            "scenario": {"horizon_years": 10, "moves": moves, "demand_changes": demand}, "uncertainty": uncertain}
