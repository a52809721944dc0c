"""The committee report's content, laid out once as a neutral structure that the .docx, HTML and CSV writers share.

A report is ``{"title", "blocks": [...]}``; each block is one of::

    {"type": "title", "text"}                      the report's title
    {"type": "meta", "items": [[label, text], ...]} the title block (council, author, date, price year)
    {"type": "heading", "level": 1-3, "text"}
    {"type": "paragraph", "text", "role": "body" | "placeholder" | "source" | "warning"}
    {"type": "list", "ordered": bool, "items": [text, ...]}
    {"type": "table", "id", "caption", "columns": [{"label", "numeric"}], "rows": [[text, ...]], "source", "total": bool}
    {"type": "chart", "id", "title", "alt", "categories", "series": [{"name", "values"}], "unit", "table"}

Words come from the case (the officer's text, option names and
descriptions, scenario titles) and from the scenarios' own results and
origins; every other sentence is this module's own, so a case built from a
council's own figures carries no other council's words. Where the officer
has not written a section, the report says so in brackets rather than
inventing it.
"""

from __future__ import annotations

from typing import Any

from . import summary
from .format import money, months, number, pounds, ratio, years as years_text

__all__ = ["build", "PLACEHOLDER"]

PLACEHOLDER = "[To be completed by the report author: {}]"

_IMPLICATIONS = (
    ("legal", "Legal implications", "the council's legal duties and powers for this change, and the legal officer's advice"),
    ("equalities", "Equalities implications", "the equality impact assessment: which children, families and staff are affected, and how"),
    ("consultation", "Consultation", "who has been consulted (children and families, staff, partners, providers) and what they said"),
    ("procurement", "Procurement implications", "whether any service, placement or post is bought in, and the route to buy it"),
)


def _p(text: str, role: str = "body") -> dict[str, Any]:
    return {"type": "paragraph", "text": text, "role": role}


def _h(level: int, text: str) -> dict[str, Any]:
    return {"type": "heading", "level": level, "text": text}


def _officer(text: str, what: str) -> list[dict[str, Any]]:
    """The officer's paragraphs, or a clearly marked gap."""
    paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
    return [_p(part) for part in paragraphs] or [_p(PLACEHOLDER.format(what), "placeholder")]


def _year_label(year: int) -> str:
    return f"Year {year}"


def build(case: dict[str, Any], appraisal: dict[str, Any], log: list[dict[str, Any]], methods: list[dict[str, str]], problems: list[dict[str, str]]) -> dict[str, Any]:
    """The whole report: title block, numbered sections, appendices."""
    options = appraisal["options"]
    measured = [o for o in options if not o["do_nothing"]]
    title = case["title"] or "Business case"
    draft = summary.draft(case, appraisal)
    blocks: list[dict[str, Any]] = [
        {"type": "title", "text": title},
        {"type": "meta", "items": [[label, value] for label, value in (
            ("Council", case["council"]), ("Report author", case["author"]), ("Date", case["date"]),
            ("Prices", f"{appraisal['price_year']} prices" if appraisal["price_year"] else "as entered in each scenario")) if value]},
        _h(1, "1. Purpose"),
        *(_officer(case["purpose"], "") if case["purpose"].strip() else [_p(_purpose(case, measured, appraisal))]),
        _h(1, "2. Recommendations"),
        *_officer(case["recommendation"], "the recommendation to the committee: which option, the budget, and when it will be reviewed"),
        _h(1, "3. Finance summary"),
        _p(case["finance_summary"].strip() or draft),
        _h(1, "4. Background"),
        *_officer(case["background"], "why the change is needed: the council's current position and what has been tried"),
        _h(1, "5. Options appraisal"),
        *_options(options, appraisal, problems),
        _h(1, "6. Financial implications"),
        *_finance(options, appraisal),
        _h(1, "7. Risks and sensitivity"),
        *_risks(options),
        _h(1, "8. Workforce implications"),
        *_people(options, "workforce", "No option includes a caseload scenario, so the report gives no workforce figures; add one from the social worker caseload calculator."),
    ]
    for n, (key, heading, what) in enumerate(_IMPLICATIONS, start=9):
        blocks += [_h(1, f"{n}. {heading}"), *_officer(case["implications"][key], what)]
    blocks += [_h(1, "Appendix A. Assumptions and sources"), *_log(log), _h(1, "Appendix B. How the figures are worked out"), *_methods(methods, appraisal)]
    return {"title": title, "blocks": blocks, "finance_summary_draft": draft}


def _purpose(case: dict[str, Any], measured: list[dict[str, Any]], appraisal: dict[str, Any]) -> str:
    council = case["council"] or "the council"
    options = f"{len(measured)} option{'s' if len(measured) != 1 else ''}"
    subject = f"“{case['title']}”" if case["title"] else "the proposed change"
    prices = f" and stated at {appraisal['price_year']} prices." if appraisal["price_year"] else "."
    return (f"This report sets out {options} for {subject}, each measured against doing nothing, so that {council} can decide which to take forward. "
            f"The figures are the council's own, worked out by this site's calculators{prices}")


def _payback(option: dict[str, Any], horizon: int) -> str:
    if option["do_nothing"]:
        return "—"
    if option["payback_months"] is None:
        return f"not within {years_text(horizon)}"
    if option["payback_months"] == 0:
        return "no net cost"
    return months(option["payback_months"])


def _options(options: list[dict[str, Any]], appraisal: dict[str, Any], problems: list[dict[str, str]]) -> list[dict[str, Any]]:
    horizon = appraisal["horizon"]
    rows = [[o["name"] if o["do_nothing"] else f"{o['id']}. {o['name']}", pounds(o["total_costs"]), pounds(o["total_savings"]),
             pounds(o["total_net_vs_do_nothing"]) if not o["do_nothing"] else "—",
             pounds(o["npv"]) if o["npv"] is not None else "—",
             ratio(o["bcr"]) if o["bcr"] is not None else ("no costs" if not o["do_nothing"] else "—"), _payback(o, horizon)] for o in options]
    out: list[dict[str, Any]] = [
        _p(f"Each option is measured against doing nothing over {years_text(horizon)}"
           + (f" at {appraisal['price_year']} prices" if appraisal["price_year"] else "")
           + f". Net present values discount each year's net saving at {number(appraisal['discount_rate_pct'])} % a year ({appraisal['discount_source']})."),
        {"type": "table", "id": "options", "caption": "Table 1. The options side by side",
         "columns": [{"label": "Option", "numeric": False}, {"label": "Costs (£)", "numeric": True}, {"label": "Savings (£)", "numeric": True},
                     {"label": "Net saving against doing nothing (£)", "numeric": True}, {"label": "Net present value (£)", "numeric": True},
                     {"label": "Benefit–cost ratio", "numeric": True}, {"label": "Payback", "numeric": True}],
         "rows": rows, "total": False,
         "source": f"Source: each option's scenarios, worked out by this site's calculators (totals over years 0 to {horizon}; Appendix B says how)."},
    ]
    for option in options:
        out += [_h(2, option["name"] if option["do_nothing"] else f"Option {option['id']}: {option['name']}"), _p(_option_paragraph(option, appraisal))]
        out += [_p(f"Where its figures come from: {s['title']}: {s['origin']}", "source") for s in option["scenarios"] if s["origin"]]
    out += [_p(w, "warning") for w in appraisal["warnings"]]
    out += [_p(f"Not included: {p['message']}", "warning") for p in problems]
    out += [_h(2, "Children and families"), *_people(options, "children", "No option includes a care population forecast or placement cost scenario."),
            *_people(options, "families", "No option includes a service capacity scenario.", heading=False)]
    return out


def _option_paragraph(option: dict[str, Any], appraisal: dict[str, Any]) -> str:
    parts = [option["description"].strip()] if option["description"].strip() else []
    titles = [s["title"] for s in option["scenarios"]]
    if not titles:
        parts.append("This option has no scenarios yet, so it adds no figures.")
        return " ".join(parts)
    parts.append(f"It is made of: {'; '.join(titles)}.")
    if option["do_nothing"]:
        spend = sum(option["baseline"])
        if spend:
            parts.append(f"If nothing changes, placement spend over {years_text(appraisal['horizon'])} is forecast at {money(spend)}; the other options are measured against this.")
        return " ".join(parts)
    net = option["total_net_vs_do_nothing"]
    parts.append(f"Over {years_text(appraisal['horizon'])} it costs {money(option['total_costs'])} and saves {money(option['total_savings'])}, "
                 f"a net {'saving' if net >= 0 else 'cost'} of {money(abs(net))} against doing nothing"
                 + (f" (net present value {money(option['npv'])})." if option["npv"] is not None else "."))
    if option["payback_months"]:
        parts.append(f"It pays back in {months(option['payback_months'])}.")
    elif option["payback_months"] is None and net:
        parts.append(f"It does not pay back within {years_text(appraisal['horizon'])}.")
    return " ".join(parts)


def _not_given(value: Any, yes: str = "", no: str = "") -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return yes if value else no
    return str(value)


def _finance(options: list[dict[str, Any]], appraisal: dict[str, Any]) -> list[dict[str, Any]]:
    years = appraisal["years"] if any(o["costs"][0] or o["savings"][0] for o in options) else appraisal["years"][1:]
    out = [_p("Costs and savings are against doing nothing, by year. What a calculator does not state — whether money is capital or revenue, one-off or "
              "recurring, cashable, and which body pays or saves — is shown as “not given”: confirm it before the report goes to committee.")]
    base = options[0]
    measured = [o for o in options if not o["do_nothing"]]
    if measured:
        out.append(_table("net_by_year", "Net saving against doing nothing, each option by year (£)", years,
                          [[f"{o['id']}. {o['name']}", *[pounds(o["net_vs_do_nothing"][y]) for y in years], pounds(o["total_net_vs_do_nothing"])] for o in measured],
                          "Source: the options' costs and savings below; a negative figure is a net cost."))
    if any(base["baseline"]):
        out += [_h(2, "Spend if nothing changes"),
                _table("baseline", "Placement spend if nothing changes, by year (£)", years,
                       [[line["label"], *[pounds(line["by_year"][y]) for y in years], pounds(line["total"])] for line in base["lines"] if line["kind"] == "baseline"],
                       "Source: " + "; ".join(line["source"] for line in base["lines"] if line["kind"] == "baseline") + ".")]
    for option in measured:
        lines = [line for line in option["lines"] if line["kind"] in ("cost", "saving")]
        out.append(_h(2, f"Option {option['id']}: {option['name']}"))
        if not lines:
            out.append(_p("This option's scenarios state no costs or savings."))
            continue
        rows = [[f"{'Cost' if line['kind'] == 'cost' else 'Saving'}: {line['label']}", *[pounds(line["by_year"][y]) for y in years], pounds(line["total"])] for line in lines]
        rows.append(["Net saving against doing nothing", *[pounds(option["net_vs_do_nothing"][y]) for y in years], pounds(option["total_net_vs_do_nothing"])])
        out.append(_table(f"by_year_{option['id']}", f"Option {option['id']}: costs and savings by year (£; year 0 is the set-up)", years, rows,
                          "Source: " + "; ".join(dict.fromkeys(f"{line['source']}" + (f", restated {line['restated']}" if line["restated"] else "") for line in lines)) + ".", total=True))
        out.append({"type": "table", "id": f"lines_{option['id']}", "caption": f"Option {option['id']}: what each cost and saving is",
                    "columns": [{"label": h, "numeric": False} for h in ("Line", "Capital or revenue", "One-off or recurring", "Cashable", "Who pays or saves", "Scenario")],
                    "rows": [[line["label"], _not_given(line["budget"]), _not_given(line["timing"]),
                              "—" if line["kind"] == "cost" else _not_given(line["cashable"], "cashable", "not cashable"),
                              _not_given(line["who"]) + (f" ({line['note']})" if line["note"] else ""), line["scenario"]] for line in lines],
                    "source": "Source: each calculator's own result; “not given” where it does not say.", "total": False})
    return out


def _table(table_id: str, caption: str, years: list[int], rows: list[list[str]], source: str, total: bool = False) -> dict[str, Any]:
    return {"type": "table", "id": table_id, "caption": caption,
            "columns": [{"label": "Item", "numeric": False}, *[{"label": _year_label(y), "numeric": True} for y in years], {"label": "Total", "numeric": True}],
            "rows": rows, "source": source, "total": total}


def _risks(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = [_p("For each scenario, each uncertain input is moved to the low and the high end of its range with the others at their central values; "
              "the inputs that move the result most are its main risks. A switching value is where an input would have to be for the answer to change.")]
    any_risk = False
    for option in options:
        for n, risk in enumerate(option["risks"]):
            any_risk = True
            figure = risk["figure"]
            unit = figure["unit"]
            table_id = f"drivers_{option['id']}_{n}"
            label = option["name"] if option["do_nothing"] else f"Option {option['id']}"
            inputs = risk["inputs"]
            out.append(_h(2, f"{label}: {risk['scenario']}"))
            alt = (f"Bar chart: how much each of the {len(inputs)} most uncertain inputs moves “{figure['label']}” from its central value of {_unit_text(figure['central'], unit)}. "
                   + " ".join(f"{item['input']}: {_unit_text(item['figure_at_low'], unit)} at its low value, {_unit_text(item['figure_at_high'], unit)} at its high value." for item in inputs)
                   + " The table that follows gives the same figures.")
            out.append({"type": "chart", "id": f"chart_{table_id}", "title": f"What moves “{figure['label']}” most", "alt": alt,
                        "categories": [item["input"] for item in inputs], "unit": unit, "table": table_id,
                        "series": [{"name": "Input at its low value", "values": [item["figure_at_low"] - figure["central"] for item in inputs]},
                                   {"name": "Input at its high value", "values": [item["figure_at_high"] - figure["central"] for item in inputs]}]})
            out.append({"type": "table", "id": table_id, "caption": f"{figure['label']}: each uncertain input at its low and high value",
                        "columns": [{"label": "Uncertain input", "numeric": False}, {"label": "Low", "numeric": True}, {"label": "Central", "numeric": True},
                                    {"label": "High", "numeric": True}, {"label": "Result at low", "numeric": True}, {"label": "Result at high", "numeric": True}],
                        "rows": [[item["input"], _input_value("low", item), _input_value("central", item), _input_value("high", item),
                                  _unit_text(item["figure_at_low"], unit), _unit_text(item["figure_at_high"], unit)] for item in inputs],
                        "source": "Source: the scenario's sensitivity analysis. Ranges: " + " ".join(
                            f"{'; '.join(item['input'] for item in inputs if item['basis'] == basis)}: {basis.rstrip('.')}." for basis in dict.fromkeys(item["basis"] for item in inputs)),
                        "total": False})
            if risk["switching"]:
                out.append({"type": "list", "ordered": False, "items": [s["text"] for s in risk["switching"]]})
    if not any_risk:
        out.append(_p("No scenario has an input with a range, so no sensitivity analysis could be run: give the main figures a low and a high value in the calculators."))
    return out


def _input_value(end: str, item: dict[str, Any]) -> str:
    """A driver's input value as its calculator shows it (with its unit), else the bare number."""
    return item.get(f"{end}_text") or number(item[end])


def _unit_text(value: float, unit: str | None) -> str:
    if unit == "£":
        return money(value)
    if unit == "%":
        return f"{number(value)} %"
    return f"{number(value)} {unit}" if unit else number(value)


def _people(options: list[dict[str, Any]], group: str, none: str, heading: bool = True) -> list[dict[str, Any]]:
    rows = []
    for o in options:
        mine = [p for p in o["people"] if p["group"] == group]
        for n, p in enumerate(mine):
            # The option is named once, on its first row.
            name = "" if n else (o["name"] if o["do_nothing"] else f"{o['id']}. {o['name']}")
            value = p["text"] if not p["unit"] or p["unit"] in p["text"] else f"{p['text']} {p['unit']}"
            rows.append([name, p["label"] + (f" ({p['when'].lower()})" if p["when"] else ""), value])
    if not rows:
        return [_p(none)] if heading else []
    sources = "; ".join(dict.fromkeys(p["source"] for o in options for p in o["people"] if p["group"] == group))
    caption = {"children": "Children looked after, by placement type, and the rate per 10,000 children",
               "families": "Families served and waits", "workforce": "Social workers and caseloads"}[group]
    return [{"type": "table", "id": f"people_{group}", "caption": caption,
             "columns": [{"label": "Option", "numeric": False}, {"label": "Figure", "numeric": False}, {"label": "Value", "numeric": True}],
             "rows": rows, "source": f"Source: {sources}.", "total": False}]


def _log(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = [_p("Every input of every scenario: its value, the price year of money figures, where it comes from, and the options that use it.")]
    for calculator in dict.fromkeys(row["calculator"] for row in log):
        rows = [[row["input"], row["value"], row["price_year"] or "—",
                 row["origin"] + (f": {row['source']}" if row["source"] else "") + (f". {row['note']}" if row["note"] else ""), ", ".join(row["options"])]
                for row in log if row["calculator"] == calculator]
        out += [_h(2, calculator),
                {"type": "table", "id": f"log_{len(out)}", "caption": f"Inputs to the {calculator.split(' (')[0].lower()} calculator",
                 "columns": [{"label": h, "numeric": False} for h in ("Input", "Value", "Price year", "Comes from", "Used by")],
                 "rows": rows, "source": "Source: each scenario's record of where its figures come from.", "total": False}]
    return out


def _methods(methods: list[dict[str, str]], appraisal: dict[str, Any]) -> list[dict[str, Any]]:
    out = [_p(f"Prices. Money is restated to {appraisal['price_year'] or 'one price year'} prices with HM Treasury's GDP deflator where a scenario's figures are at another year. "
              f"Discounting. Each year's net saving is discounted by 1 ÷ (1 + r)^t with r = {number(appraisal['discount_rate_pct'])} % ({appraisal['discount_source']}); "
              "year 0 is not discounted. Payback is the month in which the running total of net savings first returns to zero. "
              "A cost given only as an amount a year is counted in every year from year 1.")]
    for method in methods:
        out += [_h(2, method["calculator"]), _p(method["method"]), _p(f"The method, its formulas and its sources: this site's page “{method['calculator']}” ({method['page']}).", "source")]
    return out
