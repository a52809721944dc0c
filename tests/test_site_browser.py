"""Every page of the built site, opened in Chromium, checked in light and dark palettes.

Each page is opened once; the visit records every request and console
message, runs axe-core in the palette it opened in, switches to the other
palette with the page's own toggle (as a reader does) and runs axe-core again.
The toggle's choice is kept for the next page, as Material keeps it for a
reader, so the pages open alternately in light and in dark. The tests below
then read the records, so a failure lists every offending page at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from conftest import BuiltSite, PageRecord, Recorder, SiteServer, run_axe

pytestmark = pytest.mark.browser

SCHEMES = ("light", "dark")
# Material's names for them, on <body data-md-color-scheme> (mkdocs.yml's palette).
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}
# axe impacts that fail the build; "minor" and "moderate" are reviewed by hand.
FAILING_IMPACTS = {"serious", "critical"}
PALETTE_TOGGLE = "form[data-md-component='palette'] label:visible"
# What a check saw: Material's scheme on <body> and the body's background as drawn.
SHOWN = "[document.body.getAttribute('data-md-color-scheme'), getComputedStyle(document.body).backgroundColor]"


@dataclass
class Check:
    """One axe-core run and the palette the page showed when it ran."""

    scheme: str  # the palette asked for
    shown: str  # Material's scheme on <body> at the time
    background: str  # the body's background colour as drawn, e.g. "rgb(30, 33, 41)"
    violations: list[dict]


@dataclass
class Visit:
    path: str
    record: PageRecord
    checks: list[Check] = field(default_factory=list)


def luminance(css_colour: str) -> float:
    """WCAG 2.2's relative luminance of an ``rgb()``/``rgba()`` colour (0 black, 1 white)."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"[\d.]+", css_colour)[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _scheme_shown(page: object) -> str:
    shown = page.evaluate(f"{SHOWN}[0]")  # type: ignore[attr-defined]
    return {material: scheme for scheme, material in MATERIAL_SCHEME.items()}.get(shown, f"unknown ({shown})")


def _check(page: object, scheme: str) -> Check:
    violations = run_axe(page)  # waits for the palette's transitions to end before it looks
    shown, background = page.evaluate(SHOWN)  # type: ignore[attr-defined]
    return Check(scheme, shown, background, violations)


@pytest.fixture(scope="module")
def visits(browser: object, built_site: BuiltSite, site_server: SiteServer) -> list[Visit]:
    result = []
    # With the service worker active, as readers have it: its requests must stay on 127.0.0.1 too.
    recorder = Recorder(browser, color_scheme="light", service_workers="allow")
    try:
        for page_file in built_site.pages():
            path = built_site.url_path(page_file)
            page, record = recorder.open(site_server.url(path))
            page.wait_for_load_state("networkidle")
            visit = Visit(path, record)
            first = _scheme_shown(page)
            visit.checks.append(_check(page, first))
            if first in SCHEMES:
                other = next(s for s in SCHEMES if s != first)
                page.locator(PALETTE_TOGGLE).first.click()
                page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === {MATERIAL_SCHEME[other]!r}")
                visit.checks.append(_check(page, other))
            page.close()
            result.append(visit)
    finally:
        recorder.close()
    return result


def test_every_page_was_visited_in_both_palettes(visits: list[Visit], built_site: BuiltSite) -> None:
    assert len(visits) == len(built_site.pages())
    assert all(v.record.requests for v in visits), "a visit recorded no request at all"
    unchecked = [f"{v.path}: checked in {[c.scheme for c in v.checks]}" for v in visits
                 if sorted(c.scheme for c in v.checks) != sorted(SCHEMES)]
    assert unchecked == [], "pages not checked in both palettes:\n" + "\n".join(unchecked)
    # Both ways of reaching a palette are covered: opening a page in it, and switching to it.
    opened_in = {v.checks[0].scheme for v in visits}
    assert opened_in == set(SCHEMES), f"every page opened in {opened_in}: the toggle's choice was not kept"


def test_each_palette_was_drawn_when_axe_checked_it(visits: list[Visit]) -> None:
    # A dark check must not be a second light check: Material's scheme is on
    # <body> and the page is drawn in it (Material's light background is white,
    # its dark one a near-black blue-grey; the bounds leave room for either to be retuned).
    wrong = []
    for visit in visits:
        for check in visit.checks:
            drawn = luminance(check.background)
            as_drawn = drawn > 0.6 if check.scheme == "light" else drawn < 0.1
            if check.shown != MATERIAL_SCHEME.get(check.scheme) or not as_drawn:
                wrong.append(f"{visit.path} ({check.scheme}): body is {check.shown!r}, background {check.background}")
    assert wrong == [], "\n".join(wrong)


def test_no_page_requests_anything_outside_127_0_0_1(visits: list[Visit]) -> None:
    leaks = [f"{v.path}: {url}" for v in visits for url in v.record.external]
    assert leaks == [], "Requests that would leave the machine:\n" + "\n".join(sorted(set(leaks)))


def test_no_console_errors_or_failed_requests(visits: list[Visit]) -> None:
    # One record per page, covering both palettes (the switch happens in the same page).
    errors = [f"{v.path}: {e}" for v in visits for e in v.record.console_errors]
    failed = [
        f"{v.path}: {f}" for v in visits for f in v.record.failed
        if not any(f.startswith(url) for url in v.record.external)  # already reported above
    ]
    assert errors + failed == [], "\n".join(errors + failed)


def test_axe_finds_nothing_serious_or_critical(visits: list[Visit]) -> None:
    problems = [
        f"{v.path} ({c.scheme}): {violation['id']} [{violation['impact']}] {violation['help']} "
        f"at {', '.join(str(node['target']) for node in violation['nodes'][:3])}"
        for v in visits
        for c in v.checks
        for violation in c.violations
        if violation["impact"] in FAILING_IMPACTS
    ]
    assert problems == [], "\n".join(problems)


def test_acronym_expansion_shows_on_keyboard_focus(
    recorder: Recorder, built_site: BuiltSite, site_server: SiteServer
) -> None:
    with_acronyms = [p for p in built_site.pages() if p.name != "404.html"
                     and re.search(r'<abbr [^>]*tabindex="0"', (built_site.root / p).read_text(encoding="utf-8"))]
    assert with_acronyms, "no page has a focusable acronym"
    page, _ = recorder.open(site_server.url(built_site.url_path(with_acronyms[0])))
    page.wait_for_load_state("networkidle")
    abbr = page.locator("article abbr[tabindex='0']").first
    title = abbr.get_attribute("title")
    page.keyboard.press("Tab")  # focus moves into the page before we aim at the acronym
    abbr.focus()
    # Material's content.tooltips shows the title in a tooltip on focus.
    tooltip = page.locator(".md-tooltip2, .md-tooltip").filter(has_text=title)
    tooltip.first.wait_for(state="visible", timeout=5000)


def test_palette_toggle_switches_between_light_and_dark(recorder: Recorder, site_server: SiteServer) -> None:
    page, _ = recorder.open(site_server.url("/"))
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== {scheme!r}")


# On a phone (issue 17): every page type fits a 390 x 844 screen, in light and dark.

PHONE_PAGES = {
    "strategy": "/strategies/glasgow-transformation-2017/",
    "service": "/services/multi-systemic-therapy/",
    "directory": "/services/?level=edge-of-care",
    "glossary": "/glossary/",
    "notebook": "/notebooks/mst-business-case/",
    "data page": "/data/unit_costs/",
    "sources": "/sources/",
    "tags": "/tags/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(PHONE_PAGES))
def test_every_page_type_fits_a_phone(browser: object, site_server: SiteServer, kind: str, scheme: str, tmp_path) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, color_scheme=scheme
    )
    try:
        page = context.new_page()
        page.goto(site_server.url(PHONE_PAGES[kind]), wait_until="load")
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        page.screenshot(path=str(tmp_path / f"{kind}-{scheme}.png"), full_page=False)
        assert width <= inner, f"{kind} page is {width}px wide in a {inner}px screen"
        if kind == "notebook":
            # No prompt column on a phone (it took a third of the width), and the
            # code takes the width it leaves (nbconvert's editor is 1 px wide unless it flexes).
            assert page.locator(".jp-CodeCell .jp-InputPrompt").first.is_hidden()
            narrow = page.evaluate(
                """[...document.querySelectorAll('.jp-CodeCell .jp-InputArea-editor')]
                   .filter(e => e.offsetWidth < 0.9 * e.parentElement.clientWidth).length"""
            )
            assert narrow == 0, f"{narrow} code cells show their code narrower than the page"
            # A chart scrolls sideways in its output; its frame (dark palette) must be inside what scrolls.
            cut = page.evaluate(
                """[...document.querySelectorAll('.jp-OutputArea-output img')].filter(img => {
                     const box = img.closest('.jp-OutputArea-output'), s = getComputedStyle(img);
                     const outline = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
                     const right = img.getBoundingClientRect().right + outline - box.getBoundingClientRect().left + box.scrollLeft;
                     return right > box.scrollWidth + 0.5;
                   }).length"""
            )
            assert cut == 0, f"{cut} charts are cut off at the right of their output"
        if kind == "directory":
            # The directory reads as cards: a row is a block, its cells stacked.
            assert page.evaluate("getComputedStyle(document.querySelector('.kb-directory tbody tr:not([hidden])')).display") == "block"
    finally:
        context.close()
