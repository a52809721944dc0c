"""Hostile share links and unlucky input in the browser (issue 18, items 2, 3, 4, 10, 12, 15, 16).

Each calculator page is opened with links built to hurt it: lists far over
the input spec's limits (5,000 and 100,000 teams or placement types), a text
far over its length limit, 5,000 and 100,000 nested lists under a key the
calculator does not know, names that a spreadsheet would run as formulas, and
control characters. The page must stay responsive throughout (every script
round-trip from the test to the page under one second, measured while the page
sets itself up), say what was wrong with the link, naming the field, and keep
nothing in session storage that would hurt the next visit.

Before the fixes, 5,000 teams took 17 s to draw and 100,000 never finished;
5,000 nested lists crashed Pyodide; both were kept in session storage, so
every later visit in the tab froze or crashed again.
"""

from __future__ import annotations

import json
import statistics
import time
from urllib.parse import quote

import pytest
from calculator_fields import fields, with_text_list
from conftest import Recorder, SiteServer
from test_calculator_pages import (  # noqa: F401 (calculator: the fixture, one run per calculator)
    give_intent,
    CALCULATORS,
    READY_TIMEOUT,
    answer_for,
    calculator,
    recalculated,
    set_field,
    value_at,
    wait_for_state,
)

import calculators

pytestmark = pytest.mark.browser

# A round-trip from the test to the page's main thread takes 10 to 160 ms
# once the page is set up (measured on this 2-core machine at a load average
# of 8); the median of ten must be under one second (the bound). While
# a page loads, its own tasks (parsing, styles, the chart) block round-trips
# too: up to 1.1 s for the default scenario's link (PerformanceObserver
# "longtask"), and a busy machine adds more, so no single round-trip, during
# set-up or after, may take 8 s, against 17 s for 5,000 teams before the fix
# and no end for 100,000.
RESPONSIVE_S = 1.0
SETUP_S = 8.0
# The list and its items' text field that a hostile link overfills: each calculator's own
# (tests/calculator_fields.py; the uncertainty ranges where it has no list of its own).
FORMULAS = ['=HYPERLINK("x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]
CONTROL = ["tab\there", "bell\x07escape\x1b[2J", "right-to-left\u202eoverride", "nul\x00byte"]


def spec_rows(name: str) -> dict[str, dict]:
    spec = calculators.input_spec(name)
    return {row["path"]: row for row in spec["fields"] + spec["shared_fields"]}


def key(name: str) -> str:
    return f"calculator:{name}:inputs"


def kept(page: object, name: str) -> str | None:
    return page.evaluate("(key) => sessionStorage.getItem(key)", key(name))  # type: ignore[attr-defined]


def link(site_server: SiteServer, name: str, text: str) -> str:
    return site_server.url(CALCULATORS[name]) + "#input=" + quote(text)


def open_responsively(recorder: Recorder, url: str, done: str) -> tuple[object, object, float]:
    """Open ``url`` and, from the moment the address is committed until the JavaScript
    condition ``done`` holds, time every script round-trip to the page, then ten more;
    asserts the bounds above and returns the page, its record and the median round-trip after set-up."""
    page, record = recorder.open(url, wait_until="commit")
    slowest = 0.0
    deadline = time.monotonic() + READY_TIMEOUT / 1000
    while True:
        started = time.perf_counter()
        finished = page.evaluate(f"() => Boolean({done})")  # type: ignore[attr-defined]
        slowest = max(slowest, time.perf_counter() - started)
        if finished:
            break
        assert time.monotonic() < deadline, f"not done within {READY_TIMEOUT} ms: {done}"
        time.sleep(0.05)
    assert slowest < SETUP_S, f"a script round-trip took {slowest:.2f} s while the page set itself up: the tab froze"
    # Then ten more after set-up, while Python starts in its worker.
    times = []
    for _ in range(10):
        started = time.perf_counter()
        page.evaluate("document.querySelectorAll('input').length")  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
        time.sleep(0.1)
    assert max(times) < SETUP_S and statistics.median(times) < RESPONSIVE_S, f"round-trips after set-up: {times}"
    return page, record, statistics.median(times)


STATUS = "document.querySelector('[data-calculator-status]')"
REFUSED = f"{STATUS} && {STATUS}.textContent.includes('could not be read')"


def hostile_links(name: str) -> dict[str, str]:
    """Link texts that the page must refuse, by what is wrong with them."""
    items, field = fields(name).text_list
    # Over the spec's limits by far: 5,000 and 100,000 items for the list, 300,000 characters for the text.
    rows = spec_rows(name)
    assert rows[items]["max_items"] < 5_000 and rows[f"{items}[].{field}"]["max_length"] < 300_000
    default = calculators.default_input(name)
    first = default.get(items) and default[items][0] or {field: "x"}  # an item of the default's, or of its text alone
    compact = {"separators": (",", ":")}  # a link of 100,000 items must stay under Chromium's 2 MB address limit
    huge_list = {
        # 5,000 items of the first item's first two fields (each drawn with all its fields)
        5_000: json.dumps({**default, items: [dict(list(first.items())[:2])] * 5_000}, **compact),
        100_000: json.dumps({**default, items: [{}] * 100_000}, **compact),
    }
    long_item = dict(first, **{field: "x" * 300_000})
    return {
        "5,000 items": huge_list[5_000],
        "100,000 items": huge_list[100_000],
        "a 300,000-character text": json.dumps({**default, items: [long_item]}),
        "5,000 nested lists": json.dumps(default)[:-1] + ', "unknown": ' + "[" * 5_000 + "]" * 5_000 + "}",
        "100,000 nested lists": json.dumps(default)[:-1] + ', "unknown": ' + "[" * 100_000 + "]" * 100_000 + "}",
    }


CASES = ["5,000 items", "100,000 items", "a 300,000-character text", "5,000 nested lists", "100,000 nested lists"]
# What the message names: the field (as the form names it) or the nesting.
NAMED = {"5,000 items": "the limit is", "100,000 items": "the limit is", "a 300,000-character text": "characters long",
         "5,000 nested lists": "nested more than", "100,000 nested lists": "nested more than"}


def test_a_hostile_link_is_refused_quickly_with_a_message(recorder: Recorder, site_server: SiteServer, calculator: str) -> None:
    # Each link in a page of its own, as a reader would open it. Any #input= address starts the
    # runtime's download from the page's head (start.js), but a refused link never reaches Python:
    # the page refuses it first; only the last page is then used for a calculation.
    links = hostile_links(calculator)
    items, field = fields(calculator).text_list
    for case in CASES:
        page, record, median = open_responsively(recorder, link(site_server, calculator, links[case]), REFUSED)
        assert median < RESPONSIVE_S, f"{case}: round-trips took {median:.2f} s (median): the tab froze"
        status = page.locator("[data-calculator-status]").text_content()
        assert NAMED[case] in status, (case, status)
        # The field is named as the form names it ("Teams has 5,000 items", "Team 1 › Team name is ...").
        if "items" in case:
            assert f"{spec_rows(calculator)[items]['label']} has " in status, status
        if "text" in case:
            assert f"{spec_rows(calculator)[f'{items}[].{field}']['label']} is 300,000 characters long" in status, status
        # The default scenario is drawn (a form of a few fields, not thousands).
        assert page.locator(".calculator-form fieldset").count() < 50, case
        assert kept(page, calculator) is None, f"{case}: a refused link was kept in session storage"
        assert record.console_errors == [], (case, record.console_errors)
        if case != CASES[-1]:
            page.close()
    # Once the reader shows intent, the default scenario is calculated, and still nothing is kept.
    give_intent(page)
    wait_for_state(page, "ready", "computed")
    assert kept(page, calculator) is None, "a refused link was kept in session storage"
    assert record.console_errors == [], record.console_errors


@pytest.mark.parametrize("case", ["100,000 items", "100,000 nested lists"])
def test_a_hostile_scenario_in_session_storage_is_dropped(
    recorder: Recorder, site_server: SiteServer, calculator: str, case: str
) -> None:
    # As if an older page had kept it: the next visit in the tab must not freeze on it.
    page, _ = recorder.open(site_server.url(CALCULATORS[calculator]))
    page.evaluate("([key, text]) => sessionStorage.setItem(key, text)", [key(calculator), hostile_links(calculator)[case]])
    page.close()
    page, record, median = open_responsively(
        recorder, site_server.url(CALCULATORS[calculator]), "document.querySelector('.calculator[data-calculator-state]')"
    )
    assert median < RESPONSIVE_S
    assert kept(page, calculator) is None
    assert page.locator(".calculator-form fieldset").count() < 50


def test_formula_like_names_and_control_characters_stay_text(recorder: Recorder, site_server: SiteServer, calculator: str) -> None:
    # Both kinds of name in one link: one page and one runtime start per calculator.
    items, field = fields(calculator).text_list
    names = FORMULAS + CONTROL
    payload = with_text_list(calculator, names)
    page, record, median = open_responsively(recorder, link(site_server, calculator, json.dumps(payload)), "true")
    assert median < RESPONSIVE_S
    state = answer_for(page, payload)
    # Python's answer: results, or field errors (a NUL or a control character may be refused).
    assert state in {"computed", "invalid"}
    for i, name in enumerate(names):
        shown = page.locator(f'[data-path="{items}[{i}].{field}"]').input_value()
        assert shown == name, f"the name {name!r} was not kept as text"
    assert page.evaluate("document.querySelectorAll('.calculator a[href^=\"javascript\"], .calculator iframe, .calculator object').length") == 0
    stored = kept(page, calculator)
    assert stored is not None and json.loads(stored) == payload, "the scenario kept is not the link's"
    assert "#input=" not in page.evaluate("location.href"), "the scenario stayed in the address (browser history)"
    assert record.console_errors == []


# Item 3 through the worker itself: Python refuses deep nesting before json.loads.


def test_the_worker_refuses_deep_nesting_and_keeps_working(recorder: Recorder, site_server: SiteServer) -> None:
    page, record = recorder.open(site_server.url(CALCULATORS["caseload"]))
    give_intent(page)  # Python starts on a sign of intent
    wait_for_state(page, "ready")
    # The same module the page imported (same address), so the same worker.
    run = """async ([text, payload]) => {
      const worker = new URL(document.querySelector('.calculator').getAttribute('data-worker-url'), document.baseURI);
      const runtime = await import(new URL(`runtime.js?v=${worker.searchParams.get('v')}`, worker).href);
      const deep = await runtime.runInWorker("caseload", JSON.parse(text));
      const fine = await runtime.runInWorker("caseload", payload);
      return [JSON.parse(deep.output), JSON.parse(fine.output).ok];
    }"""
    deep = '{"unknown": ' + "[" * 5_000 + "]" * 5_000 + "}"  # too deep for Python's json here too
    answer, fine = page.evaluate(run, [deep, calculators.default_input("caseload")])
    assert answer["ok"] is False and "nested too deeply" in answer["errors"][0]["message"]
    assert fine is True, "the runtime did not survive"
    assert record.console_errors == [], record.console_errors


# Item 10: a malformed link keeps what was kept.


def test_a_malformed_link_keeps_the_scenario_from_earlier(recorder: Recorder, site_server: SiteServer, calculator: str) -> None:
    page, record = recorder.open(site_server.url(CALCULATORS[calculator]))
    give_intent(page)  # Python starts on a sign of intent
    wait_for_state(page, "ready")
    # Item 16 on the same page (one runtime start per calculator): the policy is there, and enforced.
    the_policy_refuses_an_injected_script(page, record)
    path, value = fields(calculator).kept, fields(calculator).values[-1]
    recalculated(page, lambda: set_field(page, path, str(value)))
    page.goto(link(site_server, calculator, "{not json"))
    page.wait_for_function(REFUSED)
    status = page.locator("[data-calculator-status]").text_content()
    assert "your scenario from earlier in this visit" in status, status
    assert page.locator(f'[data-path="{path}"]').input_value() == str(value)
    assert value_at(json.loads(kept(page, calculator)), path) == value


# Item 12: ids that name Object's built-ins are ordinary ids.


@pytest.mark.parametrize("case_id", ["constructor", "__proto__", "toString"])
def test_an_id_named_like_a_builtin_is_just_an_id(recorder: Recorder, site_server: SiteServer, case_id: str) -> None:
    payload = calculators.default_input("caseload")
    payload["case_types"].append({"id": case_id, "label": "Odd id"})
    page, record = recorder.open(link(site_server, "caseload", json.dumps(payload)))
    answer_for(page, payload)
    field = page.locator(f'[data-path="teams[0].cases.{case_id}"]')
    assert field.input_value() == "", "a built-in of Object showed as a value"
    outcome = recalculated(page, lambda: set_field(page, f"teams[0].cases.{case_id}", "4"))
    assert outcome["state"] in {"computed", "invalid"}
    assert page.evaluate("({}).polluted === undefined && Object.getPrototypeOf({}) === Object.prototype")
    stored = json.loads(kept(page, "caseload"))
    assert stored["teams"][0]["cases"][case_id] == 4
    assert record.console_errors == []


# Item 4: only unambiguous thousands separators.


@pytest.mark.parametrize(("typed", "read"), [("1,000", 1000), ("£5,000", 5000), ("12,345.67", 12345.67), ("3,5", "3,5"),
                                             ("1.000,5", "1.000,5"), ("0x10", "0x10"), ("1,00", "1,00"), ("1e2", 100)])
def test_a_number_is_read_only_when_it_is_unambiguous(
    recorder: Recorder, site_server: SiteServer, typed: str, read: object
) -> None:
    # caseload's salary takes any positive amount; read: what the page sends to Python (text is
    # sent as typed, so Python names the field and shows it).
    page, _ = recorder.open(site_server.url(CALCULATORS["caseload"]))
    give_intent(page)  # Python starts on a sign of intent
    wait_for_state(page, "ready")
    outcome = recalculated(page, lambda: set_field(page, "salary", typed))
    assert json.loads(kept(page, "caseload"))["salary"] == read
    if isinstance(read, str):
        assert outcome["state"] == "invalid"
        error = page.locator("[data-calculator-errors] li").first.text_content()
        assert error.startswith("Salary") and repr(typed) in error, error


# Item 16: the policy is on every calculator page, and enforced.


def the_policy_refuses_an_injected_script(page: object, record: object) -> None:
    """The page's Content Security Policy holds, with the calculator ready (Python started under it),
    and refuses a script injected into the page; run on every calculator page by the test above."""
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "'wasm-unsafe-eval'" in script_src and "'sha256-" in script_src
    assert "object-src 'none'" in policy and "base-uri 'self'" in policy
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__injected = true';
        document.body.append(s); }""")
    page.wait_for_function("() => true")
    assert page.evaluate("window.__injected === undefined"), "an injected inline script ran"
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in record.csp_violations), record.csp_violations
    record.csp_violations.clear()  # the one violation this test caused on purpose
    record.console_errors.clear()


def test_the_header_policy_lets_the_calculator_run(recorder: Recorder, site_server: SiteServer, built_site: object) -> None:
    # The header from _headers on every response, the worker's too (a worker
    # follows its own response's policy, not the page's meta tag).
    header = next(line.split(":", 1)[1].strip() for line in (built_site.root / "_headers").read_text().splitlines()
                  if line.strip().startswith("Content-Security-Policy:"))
    assert "frame-ancestors 'self'" in header

    def with_header(route: object) -> None:
        response = route.fetch()  # type: ignore[attr-defined]
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": header})  # type: ignore[attr-defined]

    recorder.context.route("http://127.0.0.1*/**", with_header)
    page, record = recorder.open(site_server.url(CALCULATORS["caseload"]))
    give_intent(page)  # Python starts on a sign of intent
    wait_for_state(page, "ready")
    assert recalculated(page, lambda: set_field(page, "target_caseload", "15"))["state"] == "computed"
    assert record.console_errors == [], record.console_errors


# Issue 30, item 5: a broken #scenarios= link says why it could not be read.
# Before the fix each of these showed no message at all: the scenarios' status
# line was emptied straight after the message was written, and the link stayed
# in the address.


def scenarios_link(site_server: SiteServer, text: str) -> str:
    return site_server.url(CALCULATORS["caseload"]) + "#scenarios=" + text


def broken_scenarios_links() -> dict[str, tuple[str, str]]:
    """Link texts (after #scenarios=, percent-encoded as the page writes them) and what the message must say."""
    default = calculators.default_input("caseload")
    good = quote(json.dumps({"pins": [{"name": "A", "input": default}]}))
    deep = json.dumps(default)[:-1] + ', "unknown": ' + "[" * 5_000 + "]" * 5_000 + "}"
    return {
        "a null input": (quote(json.dumps({"pins": [{"name": "A", "input": None}]})), "scenario A: it is not a set of inputs"),
        # "%zz" is no percent-escape: decodeURIComponent throws "URI malformed".
        "a bad percent-escape": (good[:20] + "%zz" + good[20:], "the link is damaged"),
        "an array where an object belongs": (quote(json.dumps({"pins": [{"name": "A", "input": [default]}]})), "scenario A: it is not a set of inputs"),
        "deep nesting under an extra key": (quote('{"pins": [{"name": "A", "input": ' + deep + "}]}"), f"a scenario in it is nested more than {calculators.input_spec('caseload')['max_depth']} levels"),
    }


@pytest.mark.parametrize("case", ["a null input", "a bad percent-escape", "an array where an object belongs", "deep nesting under an extra key"])
def test_a_broken_scenarios_link_says_why_and_leaves_the_address(recorder: Recorder, site_server: SiteServer, case: str) -> None:
    text, reason = broken_scenarios_links()[case]
    said = "The scenarios in this link could not be read"
    page, record, median = open_responsively(
        recorder, scenarios_link(site_server, text),
        f"document.querySelector('.calculator-scenarios-status') && {STATUS}.textContent.includes('{said}')",
    )
    assert median < RESPONSIVE_S
    # Said on the calculator's status line, as for a broken #input= link, and beside the scenarios; it stays.
    page.wait_for_timeout(500)
    for where in ("[data-calculator-status]", ".calculator-scenarios-status"):
        message = page.locator(where).text_content()
        assert f"{said} ({reason}" in message and "none were pinned" in message, (where, message)
    assert "#scenarios=" not in page.evaluate("location.href"), "the broken link stayed in the address"
    assert page.locator(".calculator-scenarios").get_attribute("data-pinned") == "0"
    # The calculator still works, and the message stays in front until the reader edits.
    give_intent(page)
    wait_for_state(page, "ready", "computed")
    assert said in page.locator("[data-calculator-status]").text_content()
    assert recalculated(page, lambda: set_field(page, "target_caseload", "15"))["state"] == "computed"
    assert record.console_errors == [], record.console_errors
