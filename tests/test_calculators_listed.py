"""Everywhere the calculators are listed agrees with the registry (calculators/registry.py).

The site's navigation (``mkdocs.yml`` with the calculators' pages added by
hooks/calculator_nav.py), the calculators' index page (its table written by
hooks/calculator_nav.py) and the data files whose ``calculator`` column
names calculators each list them; these tests
name any registered calculator one of them leaves out, and any calculator
one of them lists that is not registered.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from calculator_names_check import calculator_column_problems
from calculator_nav import MARKER, index_table, nav_files, with_calculators
from mkdocs.exceptions import PluginError

import calculators
from calculators import registry

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NAMES = registry.names()


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its tags (``!ENV``) read as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _calculator_of(page: Path) -> str | None:
    """The calculator a page declares in its front matter (``calculator: name``), or None."""
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    head = text.split("---")[1] if text.startswith("---") else ""
    found = re.search(r"^calculator:\s*(\S+)", head, re.M)
    return found.group(1) if found else None


def missing_and_extra(listed: list[str], where: str, docs: Path = DOCS) -> list[str]:
    """What a list of page paths (relative to ``docs``) leaves out of the registry, and what it adds."""
    problems = []
    for name in NAMES:
        for page in (f"calculators/{name}.md", f"calculators/reference/{name}.md"):
            if page not in listed:
                problems.append(f"{where} lists no {page} (calculator {name!r} is registered)")
    for page in listed:
        declared = _calculator_of(docs / page)
        if declared is not None and declared not in NAMES:
            problems.append(f"{where} lists {page}, the page of calculator {declared!r}, which is not registered")
    return problems


def test_the_navigation_lists_every_registered_calculator_and_no_other() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    nav = with_calculators(config["nav"], DOCS, NAMES)
    assert missing_and_extra(nav_files(nav), "the site's nav") == []
    calculators = next(item["Calculators"] for item in nav if isinstance(item, dict) and "Calculators" in item)
    files = nav_files(calculators)
    # The registry's order, the business case after the calculators it adds up, the method pages last.
    assert files == ["calculators/index.md", *(f"calculators/{n}.md" for n in NAMES), "calculators/business-case.md", *(f"calculators/reference/{n}.md" for n in NAMES)]


def test_mkdocs_yml_lists_no_calculator_page_by_hand() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    assert [f for f in nav_files(config["nav"]) if _calculator_of(DOCS / f) in NAMES or f.startswith("calculators/reference/")] == []


def test_the_calculators_index_lists_every_registered_calculator_and_no_other() -> None:
    # The index page holds only the marker; hooks/calculator_nav.py writes the table from the registry.
    text = (DOCS / "calculators" / "index.md").read_text(encoding="utf-8")
    assert MARKER in text
    assert re.findall(r"\]\(((?:reference/)?[a-z0-9-]+\.md)\)", text) == ["business-case.md"], "a calculator is listed by hand"
    table = index_table(DOCS, NAMES)
    linked = [f"calculators/{target}" for target in re.findall(r"\]\(((?:reference/)?[a-z0-9-]+\.md)\)", table)]
    assert missing_and_extra(linked, "the calculators' index") == []
    # One row per calculator, in the registry's order, titled as in the navigation.
    rows = table.splitlines()[2:]
    assert [re.match(r"\| \[[^]]+\]\(([a-z0-9-]+)\.md\)", row).group(1) for row in rows] == NAMES
    assert rows[0].startswith("| [Placement cost](placement-cost.md) | Estimate what changing the balance of care")


def test_a_calculator_without_a_method_page_is_listed_without_one(tmp_path: Path) -> None:
    # A new calculator needs only its page (tests/test_new_calculator_site.py): no method page, no edit to the index.
    (tmp_path / "calculators").mkdir()
    (tmp_path / "calculators" / "new-one.md").write_text("---\ntitle: New one calculator\ndescription: Work | out a thing.\n---\n", encoding="utf-8")
    titles = {"new-one": "New one", "no-description": "Bare", "missing": "Missing"}.__getitem__  # as the registry would name them
    assert index_table(tmp_path, ["new-one"], titles).splitlines()[2] == "| [New one](new-one.md) | Work \\| out a thing. | – |"
    (tmp_path / "calculators" / "no-description.md").write_text("---\ntitle: Bare\n---\n", encoding="utf-8")
    with pytest.raises(PluginError, match="no-description.md has no 'description'"):
        index_table(tmp_path, ["no-description"], titles)
    with pytest.raises(PluginError, match="'missing' is registered but has no page"):
        index_table(tmp_path, ["missing"], titles)


def test_a_missing_or_unregistered_page_is_named(tmp_path: Path) -> None:
    listed = [f"calculators/{n}.md" for n in NAMES] + [f"calculators/reference/{n}.md" for n in NAMES]
    listed.remove("calculators/reference/caseload.md")
    assert missing_and_extra(listed, "nav") == ["nav lists no calculators/reference/caseload.md (calculator 'caseload' is registered)"]
    (tmp_path / "calculators").mkdir()
    (tmp_path / "calculators" / "retired.md").write_text("---\ncalculator: retired-calculator\n---\n", encoding="utf-8")
    assert missing_and_extra([*listed, "calculators/retired.md"], "nav", tmp_path)[-1] == (
        "nav lists calculators/retired.md, the page of calculator 'retired-calculator', which is not registered"
    )


def _calculator_column(schema: str) -> dict:
    fields = json.loads((ROOT / "data" / f"{schema}.schema.json").read_text(encoding="utf-8"))["fields"]
    return next(f for f in fields if f["name"] == "calculator")["constraints"]


def test_data_schemas_name_no_calculator() -> None:
    # A calculator column is checked against the registry when the site is built
    # (calculators.check_presets for the presets, hooks/calculator_names_check.py for the
    # others, file and line named), so no schema lists calculators: a new
    # calculator needs no edit to any of them.
    for schema in ("preset_inputs", "national_defaults", "service_calculators"):
        assert "enum" not in _calculator_column(schema), schema


def test_the_data_files_name_only_registered_calculators() -> None:
    presets = calculators.list_calculators()
    linked = {calc.name: presets[calc.name] for calc in registry.calculators() if calc.presentation.service_link is not None}
    assert calculator_column_problems(ROOT / "data", NAMES, linked) == []


def test_a_row_naming_a_calculator_wrongly_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "national_defaults.csv").write_text(
        "calculator,field,value,ref,source,year,notes\n"
        "all,@default_range,20,,Rule,,A rule\n"
        "care-forcast,starts,1,,Somewhere,2024,A typo\n", encoding="utf-8")
    (tmp_path / "service_calculators.csv").write_text(
        "service,calculator,preset,source\n"
        "a-service,caseload,some-preset,Why\n"
        'b-service,invest-to-save,"no-such\npreset",Why\n'
        "c-service,retired,x,Why\n", encoding="utf-8")
    linked = {"invest-to-save": ["flintshire-mst"]}
    assert calculator_column_problems(tmp_path, ["caseload", "invest-to-save"], linked) == [
        "data/national_defaults.csv line 3: there is no calculator called 'care-forcast'; choose one of: caseload, invest-to-save, or all",
        "data/service_calculators.csv line 2: calculator 'caseload' declares no link from service pages; choose one of: invest-to-save",
        "data/service_calculators.csv line 3: invest-to-save has no preset 'no-such\\npreset'; its presets: flintshire-mst",
        "data/service_calculators.csv line 5: calculator 'retired' is not a registered calculator; choose one of: invest-to-save",
    ]


def test_the_navigation_and_the_index_call_each_calculator_by_the_registrys_name() -> None:
    """One name for each calculator wherever it is listed: the registry's short title (no "Invest-to-save" beside "Invest to save")."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    nav = with_calculators(config["nav"], DOCS, NAMES)
    section = next(item["Calculators"] for item in nav if isinstance(item, dict) and "Calculators" in item)
    titles = {file: title for entry in section if isinstance(entry, dict) for title, file in entry.items()}
    table = index_table(DOCS, NAMES)  # what the hook writes at the index page's marker
    linked = dict((target, words) for words, target in re.findall(r"\[([^\]]+)\]\(([a-z0-9-]+\.md)\)", table))
    for calc in registry.calculators():
        assert titles[f"calculators/{calc.name}.md"] == calc.short_title, calc.name
        assert titles[f"calculators/reference/{calc.name}.md"] == f"{calc.short_title} method", calc.name
        assert linked[f"{calc.name}.md"] == calc.short_title, f"the calculators index links {calc.name} as {linked[f'{calc.name}.md']!r}"
    # "Invest to save (cost-benefit, discounting and payback)" is listed as "Invest to save".
    assert registry.get("invest-to-save").short_title == "Invest to save"
