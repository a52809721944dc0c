"""Service pages: a "Cost a business case for this service" action under the "At a glance" box (a hook).

Every service page whose front matter gives its capacity or cost gets links
that open the calculators prefilled with the service's details, in the
calculators' share-link format (``#input=`` and the input as JSON, which
never leaves the browser). Which calculators, with what words and what
input, each calculator declares itself (its presentation's ``ServiceLink``):
a calculator starts from the preset that reproduces the service where
``data/service_calculators.csv`` names one, otherwise from its own input for
the service if it makes one (invest to save: a blank business case titled
with the service, its capacity and cost in the notes, every figure left for
the officer to enter, the discount rate the Green Book's, recorded as a
national default).

The inputs are made by the calculators package itself
(``calculators.service_links``), so a link always matches the calculator it
opens; this hook only checks them and writes the links. The action goes
where ``<!-- service-summary -->`` stands (this hook runs before
``knowledge_base.py``, which puts the box there).
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

_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> None:
    rows = load_dataset(LINKS_FILE)
    _state["calculators"] = calculators = fresh_calculators()
    presets = calculators.list_calculators()
    links: dict[str, dict[str, str]] = {}
    for line, row in enumerate(rows.to_dict("records"), start=2):
        if row["calculator"] not in presets or row["preset"] not in presets[row["calculator"]]:
            raise PluginError(f"data/{LINKS_FILE}.csv line {line}: {row['calculator']} has no preset {row['preset']!r}")
        if row["calculator"] not in {link["calculator"] for link in calculators.service_links({row["calculator"]: row["preset"]}, "")}:
            raise PluginError(f"data/{LINKS_FILE}.csv line {line}: {row['calculator']} declares no link from service pages (presentation.ServiceLink)")
        links.setdefault(row["service"], {})[row["calculator"]] = row["preset"]
    _state["links"] = links


def on_files(files: Files, *, config: MkDocsConfig) -> None:
    pages = {f.src_uri.removeprefix(SERVICES).removesuffix(".md") for f in files.documentation_pages() if f.src_uri.startswith(SERVICES)}
    for service in _state["links"]:
        if service not in pages:
            raise PluginError(f"data/{LINKS_FILE}.csv: there is no service page docs/{SERVICES}{service}.md")


def _href(page: Page, calculator: str, payload: dict[str, Any]) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # Each calculator's page is docs/calculators/<name>.md (tests/calculators/test_calc_registry.py).
    return f"{get_relative_url(f'calculators/{calculator}/', page.url)}#input={quote(text, safe='')}"


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
    cost = meta.get("cost") or {}
    actions = []
    for link in calculators.service_links(presets, title, str(meta.get("capacity") or ""), str(cost.get("summary") or "")):
        response = calculators.run_json(link["calculator"], link["input"])
        if not response["ok"]:
            raise PluginError(f"docs/{src}: the input of '{link['label']}' is not valid: {response['errors'][:3]}")
        actions.append((link["label"], _href(page, link["calculator"], link["input"]), link["note"]))
    markup = config.theme.get_env().get_template("hooks/business_case.html").module.actions(title, actions)
    return markdown.replace(MARKER, f"{MARKER}\n\n{markup}\n", 1)
