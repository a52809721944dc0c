"""The finance summary drafted from the figures: 100 to 120 words, as committee report templates ask.

It says how much each option costs and saves, when, whether capital or
revenue (or that the calculators do not say), and how it compares with
doing nothing. Sentences are added in order of importance until the draft
is within the limits; the officer's own text replaces it when given, with a
warning when that text is outside them.
"""

from __future__ import annotations

import re
from typing import Any

from .format import money, months, number, years as years_text

__all__ = ["draft", "words", "MIN_WORDS", "MAX_WORDS", "length_problem"]

MIN_WORDS, MAX_WORDS = 100, 120


def words(text: str) -> int:
    """Words as a reader counts them: runs of letters or figures ("£1,234" and "year-on-year" are one word each)."""
    return len(re.findall(r"\S+", text))


def length_problem(text: str, draft: str = "") -> str:
    """A warning when the finance summary used (the officer's, else the draft) is outside 100 to 120 words, else ""."""
    if not text.strip():
        count = words(draft)
        if draft and not MIN_WORDS <= count <= MAX_WORDS:
            return (f"The drafted finance summary is {count} words long, as the figures give little to say; committee report templates ask for "
                    f"{MIN_WORDS} to {MAX_WORDS} words: write the finance summary yourself.")
        return ""
    count = words(text)
    if not MIN_WORDS <= count <= MAX_WORDS:
        return f"The finance summary is {count} words long; committee report templates ask for {MIN_WORDS} to {MAX_WORDS} words."
    return ""


def _sentences(case: dict[str, Any], appraisal: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The sentences that must be there, and those added, in order, to reach the length."""
    options = [o for o in appraisal["options"] if not o["do_nothing"]]
    horizon, year = appraisal["horizon"], appraisal["price_year"]
    at = f" at {year} prices" if year else ""
    must = [f"This report compares {len(options)} option{'s' if len(options) != 1 else ''} with doing nothing over {years_text(horizon)}{at}."]
    for option in options:
        net = option["total_net_vs_do_nothing"]
        text = (f"Option {option['id']} costs {money(option['total_costs'])} and saves {money(option['total_savings'])}, "
                f"a net {'saving' if net >= 0 else 'cost'} of {money(abs(net))}")
        if option["npv"] is not None:
            text += f" and a net present value of {money(option['npv'])}"
        must.append(text + ".")
    best = max(options, key=lambda o: o["npv"] or 0, default=None)
    extra = []
    if best is not None and (best["npv"] or 0) > 0:
        extra.append(f"Option {best['id']} has the highest net present value.")
    one_off = sum(line["total"] for o in options for line in o["lines"] if line["kind"] == "cost" and line["timing"] == "one-off")
    if one_off:
        extra.append(f"One-off costs come to {money(one_off)}; the rest recur each year.")
    extra.append("The calculators do not say which costs are capital and which are revenue: the split must be confirmed before approval.")
    cash = {line["cashable"] for o in options for line in o["lines"] if line["kind"] == "saving"}
    if cash == {True}:
        extra.append("Every saving is stated as cashable.")
    elif cash:
        extra.append("Not every saving is stated as cashable, so budgets should not be reduced by the full amount until it is confirmed.")
    for option in options:
        if option["payback_months"]:
            extra.append(f"Option {option['id']} pays back in {months(option['payback_months'])}.")
        elif option["payback_months"] is None and option["total_net_vs_do_nothing"] < 0:
            extra.append(f"Option {option['id']} does not pay back within {years_text(horizon)}.")
    extra.append(f"Future years are discounted at {number(appraisal['discount_rate_pct'])} % a year, the Green Book rate.")
    extra.append("Each figure comes from the council's own scenarios; Appendix A lists every input and its source.")
    extra.append("The main risks and the switching values are set out in section 7.")
    extra.append("Savings are measured against doing nothing, not against the current budget.")
    return must, extra


def draft(case: dict[str, Any], appraisal: dict[str, Any]) -> str:
    """The drafted finance summary: the required sentences, then others while it stays within 120 words."""
    must, extra = _sentences(case, appraisal)
    chosen = list(must)
    for sentence in extra:
        if words(" ".join(chosen + [sentence])) <= MAX_WORDS:
            chosen.append(sentence)
    return " ".join(chosen)
