"""Service pages' "Cost a business case" action (issue 14, part 3): every costed service links to a prefilled calculator.

The links are checked in the built site: each decodes to an input that the
calculator accepts, the MST page's to the preset that reproduces the team,
and a service with no preset to a blank case carrying its own name,
capacity and cost.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import ROOT, BuiltSite

import calculators
from front_matter import front_matter

SERVICES = sorted(p for p in (ROOT / "docs" / "services").glob("*.md") if p.name != "index.md")
LINK = re.compile(r'<a href="([^"]*calculators/(invest-to-save|service-capacity)/#input=[^"]*)">')


def actions(built_site: BuiltSite, slug: str) -> list[tuple[str, str, dict]]:
    page = (built_site.root / "services" / slug / "index.html").read_text(encoding="utf-8")
    box = page.split('class="admonition tip business-case"', 1)
    assert len(box) == 2, f"services/{slug} has no business-case action"
    found = []
    for href, calculator in LINK.findall(box[1].split("</div>", 1)[0]):
        href = href.replace("&amp;", "&")
        found.append((calculator, href, json.loads(unquote(href.split("#input=", 1)[1]))))
    return found


@pytest.mark.parametrize("page", SERVICES, ids=lambda p: p.stem)
def test_every_costed_service_links_to_a_valid_business_case(built_site: BuiltSite, page: Path) -> None:
    meta = front_matter(page.read_text(encoding="utf-8"), str(page))
    if not (meta.get("capacity") or meta.get("cost")):
        pytest.skip("no capacity or cost in the front matter")
    found = actions(built_site, page.stem)
    assert found and found[0][0] == "invest-to-save"
    for calculator, href, payload in found:
        assert href.startswith("../../calculators/"), href  # relative: works from any sub-folder
        response = calculators.run_json(calculator, payload)
        assert response["ok"], (page.stem, calculator, response.get("errors"))


def test_mst_opens_its_presets(built_site: BuiltSite) -> None:
    found = {calculator: payload for calculator, _, payload in actions(built_site, "multi-systemic-therapy")}
    assert found["invest-to-save"] == calculators.preset_input("invest-to-save", "flintshire-mst")
    if "service-capacity" in calculators.list_calculators():
        assert found["service-capacity"] == calculators.preset_input("service-capacity", "flintshire-mst")


def test_a_service_without_a_preset_gets_a_blank_case_with_its_own_details(built_site: BuiltSite) -> None:
    page = ROOT / "docs" / "services" / "family-group-conferencing.md"
    meta = front_matter(page.read_text(encoding="utf-8"), str(page))
    (calculator, _, payload), *_ = actions(built_site, page.stem)
    assert calculator == "invest-to-save"
    assert payload["title"] == f"Business case: {meta['title']}"
    assert meta["capacity"] in payload["notes"] or meta["cost"]["summary"] in payload["notes"]
    assert payload["intervention"]["running_cost_per_year"] == 0 and payload["outcomes"][0]["value"] == 0
    # Nothing from the MST preset (another council's case): no ranges and their reasons, no price
    # years; the discount rate is the Green Book's, recorded as a national default.
    assert "uncertainty" not in payload and "prices" not in payload
    response = calculators.run_json("invest-to-save", payload)
    assert response["ok"] and response["result"]["drivers"]["inputs"] == []
    assert response["result"]["origin"]["counts"]["preset"] == 0
    rate = next(i for i in response["result"]["origin"]["inputs"] if i["path"] == "appraisal.discount_rate_pct")
    assert rate["kind"] == "national" and "Green Book" in rate["source"]
    for word in ("Flintshire", "MST", "§", "CMA"):
        assert word not in json.dumps(response, ensure_ascii=False)
