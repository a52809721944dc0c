"""Service pages: a "Cost a business case for this service" action under the "At a glance" box (a hook).

Every service page whose front matter gives its capacity or cost gets links
that open the calculators prefilled with the service's details, in the
calculators' share-link format (``#input=`` and the input as JSON, which
never leaves the browser):

* the invest-to-save calculator, from the preset that reproduces the
  service where ``data/service_calculators.csv`` names one; otherwise a
  blank business case titled with the service, with its capacity and cost
  as the documents give them in the notes and every figure left for the
  officer to enter (nothing from any preset: no other service's ranges or
  price years; the discount rate is the Green Book's, recorded as a
  national default);
* the service capacity calculator, where a preset reproduces the service.

The inputs are made here by the calculators package itself
(``calculators.preset_input`` and ``default_input``), so a link always
matches the calculator it opens. The action goes where ``<!-- service-summary -->``
stands (this hook runs before ``knowledge_base.py``, which puts the box there).
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import quote

from datasets import load_dataset
from fresh_import import fresh_calculators
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.plugins.business_case")

MARKER = "<!-- service-summary -->"
SERVICES = "services/"
LINKS_FILE = "service_calculators"
PAGES = {"invest-to-save": "calculators/invest-to-save/", "service-capacity": "calculators/service-capacity/"}

_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> None:
    rows = load_dataset(LINKS_FILE)
    _state["calculators"] = calculators = fresh_calculators()
    presets = calculators.list_calculators()
    links: dict[str, dict[str, str]] = {}
    for line, row in enumerate(rows.to_dict("records"), start=2):
        if row["calculator"] not in presets or row["preset"] not in presets[row["calculator"]]:
            raise PluginError(f"data/{LINKS_FILE}.csv line {line}: {row['calculator']} has no preset {row['preset']!r}")
        links.setdefault(row["service"], {})[row["calculator"]] = row["preset"]
    _state["links"] = links


def on_files(files: Files, *, config: MkDocsConfig) -> None:
    pages = {f.src_uri.removeprefix(SERVICES).removesuffix(".md") for f in files.documentation_pages() if f.src_uri.startswith(SERVICES)}
    for service in _state["links"]:
        if service not in pages:
            raise PluginError(f"data/{LINKS_FILE}.csv: there is no service page docs/{SERVICES}{service}.md")


def blank_business_case(calculators: Any, title: str, meta: dict[str, Any]) -> dict[str, Any]:
    """An invest-to-save input for a service with no preset: its name and what the documents say, every figure to enter."""
    # Nothing from any preset (another council's case): no ranges, no price years, no figures.
    # The discount rate is the national default, recorded as such (calculators.origins).
    from calculators import origins

    rate = next(d for d in origins.national_defaults("invest-to-save") if d["field"] == "appraisal.discount_rate_pct")
    payload: dict[str, Any] = {}
    cost = meta.get("cost") or {}
    said = [f"Capacity: {meta['capacity']}" if meta.get("capacity") else "", f"Cost: {cost.get('summary')}" if cost.get("summary") else ""]
    payload["title"] = f"Business case: {title}"
    payload["notes"] = (
        f"Started from the service page '{title}'. What the documents say. " + " ".join(s for s in said if s)
        + " Enter the service's own costs, the outcomes it achieves and what each saves: every figure starts at zero."
    )[:4000]
    payload["intervention"] = {"setup_cost": 0, "running_cost_per_year": 0, "cost_per_family": 0, "families_per_year": 0}
    payload["outcomes"] = [{"label": f"Outcome of {title} (describe it)"[:120], "count_per_year": 0, "value": 0}]
    payload["appraisal"] = {"discount_rate_pct": rate["value"]}
    payload["origin"] = {"start": "council", "fields": {"appraisal.discount_rate_pct": {
        "kind": "national", "value": rate["value"], "source": rate["source"], "year": rate["year"], "note": rate["note"]}}}
    return payload


def _href(page: Page, calculator: str, payload: dict[str, Any]) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f"{get_relative_url(PAGES[calculator], page.url)}#input={quote(text, safe='')}"


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    src = page.file.src_uri
    if not src.startswith(SERVICES) or src == f"{SERVICES}index.md" or MARKER not in markdown:
        return None
    meta = page.meta
    if not (meta.get("capacity") or meta.get("cost")):
        return None
    calculators = _state["calculators"]
    title = meta.get("title") or page.title or src
    presets = _state["links"].get(src.removeprefix(SERVICES).removesuffix(".md"), {})
    if "invest-to-save" in presets:
        business = calculators.preset_input("invest-to-save", presets["invest-to-save"])
        note = "starts from the worked preset for this service; its costs and outcomes are illustrative"
    else:
        business = blank_business_case(calculators, title, meta)
        note = "starts with this service's name, capacity and cost as the documents give them; you enter the figures"
    planned = [("invest-to-save", "Open the invest-to-save calculator", business, note)]
    if "service-capacity" in presets:
        capacity = calculators.preset_input("service-capacity", presets["service-capacity"])
        planned.append(("service-capacity", "Work out how many families it can serve", capacity, "the service capacity calculator, from the documents' staffing, beds and durations"))
    actions = []
    for calculator, text, payload, why in planned:
        response = calculators.run_json(calculator, payload)
        if not response["ok"]:
            raise PluginError(f"docs/{src}: the input of '{text}' is not valid: {response['errors'][:3]}")
        actions.append((text, _href(page, calculator, payload), why))
    markup = config.theme.get_env().get_template("hooks/business_case.html").module.actions(title, actions)
    return markdown.replace(MARKER, f"{MARKER}\n\n{markup}\n", 1)
