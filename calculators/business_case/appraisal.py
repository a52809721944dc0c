"""The options side by side: each option's costs, savings and people added up from its scenarios' own results.

What a result means in money and people each calculator declares itself
(``registry.Calculator.case_lines``, :mod:`calculators._contribution`);
here the pieces are restated to the case's price year (the GDP deflator,
:mod:`calculators.prices`), laid out on one run of years, measured against
the do-nothing option and discounted as the invest-to-save calculator does
(:func:`calculators.invest_to_save.model.discount_factor` and
:func:`~calculators.invest_to_save.model.payback_months`, reused, not rewritten).

Years follow the calculators: year 0 is the start (a set-up cost falls there
and is not discounted), year ``t`` is the ``t``-th year of the change. A
yearly amount with no years of its own (a caseload's cost a year) is counted
in every year 1 … ``H``, where ``H`` is the longest run of years any scenario
in the case gives, so that every option is measured over the same years.
"""

from __future__ import annotations

from typing import Any

from .. import origins, prices, registry
from ..invest_to_save.model import discount_factor, payback_months
from .case import Read

__all__ = ["appraise"]


def _price_year(result: dict[str, Any]) -> tuple[str | None, bool]:
    """The price year a scenario's money is at, and whether it is known (False: mixed years, used as entered)."""
    part = result.get("prices")
    if part is None:
        return None, True  # no money inputs
    if part.get("show_in"):
        return part["show_in"], True
    years = part.get("years") or []
    if len(years) == 1 and not part.get("mixed"):
        return years[0], True
    return None, False


def _discount_rate() -> tuple[float, str]:
    """The Green Book rate from the project's national defaults (data/national_defaults.csv), with its source."""
    row = next(r for r in origins.national_defaults("invest-to-save") if r["field"] == "appraisal.discount_rate_pct")
    return float(row["value"]), row["source"] if row["year"] in row["source"] else f"{row['source']}, {row['year']}"


def appraise(found: Read) -> dict[str, Any]:
    """Every option's figures (see the module docstring); ``warnings`` says what a reader must know about them."""
    warnings: list[str] = []
    scenarios = []  # (option index, scenario, response, contribution, price year)
    for (i, j), response in sorted(found.runs.items()):
        calc = registry.get(response["calculator"])
        part = calc.case_lines(response["result"]) if calc.case_lines else {"money": [], "people": [], "figures": {}}
        year, known = _price_year(response["result"])
        scenario = found.case["options"][i]["scenarios"][j]
        if part["money"] and not known:
            warnings.append(f"“{scenario['title']}” mixes price years, so its money is used as entered: give every money input a price year in the calculator to restate it.")
        scenarios.append((i, scenario, response, part, year))
    case_year = found.case["price_year"] or next((year for *_, year in scenarios if year), None)
    horizon = max([y for *_, part, _ in scenarios for line in part["money"] for y, _ in line["by_year"]] + [1])
    rate, rate_source = _discount_rate()
    options = []
    for i, option in enumerate(found.case["options"]):
        mine = [s for s in scenarios if s[0] == i]
        options.append(_option(option, mine, case_year, horizon, warnings))
    for _, scenario, _, part, _ in scenarios:
        last = max([y for line in part["money"] for y, _ in line["by_year"]] + [0])
        if 0 < last < horizon:
            warnings.append(f"“{scenario['title']}” gives figures for {last} year{'s' if last > 1 else ''}; years {last + 1} to {horizon} count nothing from it. Set its calculator to {horizon} years to compare the options over the same years.")
    base = options[0]
    for option in options:
        _against(option, base, rate)
        _shared_savings(option, warnings)
    for _, scenario, response, part, _ in scenarios:
        own = part["figures"].get("discount_rate_pct")
        if own is not None and abs(own - rate) > 0.005:
            warnings.append(f"“{scenario['title']}” discounts at {own:g} % a year; the options are compared at the Green Book's {rate:g} %, so its own net present value differs from the option's.")
    return {"price_year": case_year, "horizon": horizon, "years": list(range(horizon + 1)), "discount_rate_pct": rate, "discount_source": rate_source,
            "options": options, "warnings": warnings}


def _option(option: dict[str, Any], mine: list[tuple[Any, ...]], case_year: str | None, horizon: int, warnings: list[str]) -> dict[str, Any]:
    lines, people, risks, scenarios = [], [], [], []
    for _, scenario, response, part, year in mine:
        factor = prices.factor(year, case_year) if year and case_year and year != case_year else 1.0
        title = scenario["title"] or registry.get(response["calculator"]).title
        scenarios.append({"title": title, "calculator": response["calculator"], "calculator_title": registry.get(response["calculator"]).title,
                          "price_year": year, "factor": round(factor, 6), "origin": (response["result"].get("origin") or {}).get("text", ""),
                          "figures": part["figures"]})
        for line in part["money"]:
            by_year = [0.0] * (horizon + 1)
            if line["each_year"] is not None:
                for y in range(1, horizon + 1):
                    by_year[y] = line["each_year"] * factor
            for y, value in line["by_year"]:
                by_year[y] += value * factor
            lines.append({**{k: v for k, v in line.items() if k not in ("by_year", "each_year")}, "scenario": title,
                          "by_year": [round(v, 2) for v in by_year], "total": round(sum(by_year), 2),
                          "restated": f"from {year} to {case_year} prices (× {factor:.4f})" if factor != 1.0 else ""})
        people += [{**p, "scenario": title} for p in part["people"]]
        drivers = response["result"].get("drivers")
        if drivers and any(item["swing"] for item in drivers["inputs"]):
            # The input values as the calculator's own table writes them, with their units ("£4,400").
            shown = {row["input"]: row for row in next((t["rows"] for t in response["result"]["tables"] if t["id"] == "drivers"), [])}
            inputs = [{**item, **{f"{end}_text": shown.get(item["input"], {}).get(end) for end in ("low", "central", "high")}}
                      for item in drivers["inputs"] if item["swing"]][:5]
            risks.append({"scenario": title, "figure": drivers["figure"], "inputs": inputs,
                          "switching": [{"text": s["text"], "within_range": s["within_range"]} for s in drivers["switching"]], "note": drivers["note"]})
    add = lambda kind: [round(sum(line["by_year"][y] for line in lines if line["kind"] == kind), 2) for y in range(horizon + 1)]  # noqa: E731
    costs, savings = add("cost"), add("saving")
    return {"id": option["id"], "name": option["name"], "do_nothing": option["do_nothing"], "description": option["description"],
            "scenarios": scenarios, "lines": lines, "costs": costs, "savings": savings, "baseline": add("baseline"),
            "net": [round(s - c, 2) for s, c in zip(savings, costs)], "people": people, "risks": risks}


def _against(option: dict[str, Any], base: dict[str, Any], rate: float) -> None:
    """The option against doing nothing: net by year and in total, NPV, benefit–cost ratio and payback."""
    costs = [c - b for c, b in zip(option["costs"], base["costs"])]
    savings = [s - b for s, b in zip(option["savings"], base["savings"])]
    net = [round(s - c, 2) for s, c in zip(savings, costs)]
    factors = [discount_factor(rate, t) for t in range(len(net))]
    discounted_costs = sum(c * f for c, f in zip(costs, factors))
    discounted_savings = sum(s * f for s, f in zip(savings, factors))
    measured = not option["do_nothing"]
    option.update({
        "net_vs_do_nothing": net,
        "total_costs": round(sum(option["costs"]), 2), "total_savings": round(sum(option["savings"]), 2), "total_net": round(sum(option["net"]), 2),
        "total_net_vs_do_nothing": round(sum(net), 2),
        "discounted_costs": round(discounted_costs, 2) if measured else None,
        "discounted_savings": round(discounted_savings, 2) if measured else None,
        "npv": round(discounted_savings - discounted_costs, 2) if measured else None,
        "bcr": round(discounted_savings / discounted_costs, 2) if measured and discounted_costs > 0 else None,
        "payback_months": payback_months(net) if measured and any(net) else None,
    })


def _shared_savings(option: dict[str, Any], warnings: list[str]) -> None:
    """Two scenarios of one option saving out of the same spend would count it twice: say so."""
    seen: dict[str, str] = {}
    for line in option["lines"]:
        if line["kind"] != "saving" or not line["covers"]:
            continue
        if line["covers"] in seen and seen[line["covers"]] != line["scenario"]:
            warnings.append(f"{option['name']}: “{seen[line['covers']]}” and “{line['scenario']}” both save {line['covers']}; "
                            "if they describe the same children the saving is counted twice. Keep one, or make sure they do not overlap.")
        seen.setdefault(line["covers"], line["scenario"])
