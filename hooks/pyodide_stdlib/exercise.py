"""Run in Pyodide by probe.mjs: everything the calculator pages ask of Python.

Imports every module of the calculators package that the browser loads, and
calls what the page's worker calls (docs/javascripts/calculator/worker.js):
each calculator on each preset, with and without the sensitivity analysis,
with price years and ranges, with bad inputs of every kind; a council
profile read from CSV and JSON, good and bad; a template; a comparison of
scenarios. Whatever standard-library module this imports is kept in the
site's trimmed python_stdlib.zip (hooks/pyodide_stdlib/__init__.py).
"""

import importlib
import json
import pkgutil

import calculators
from calculators import _engine, _presets, profile, scenarios

# The browser never runs the command line or the pandas adapter.
BROWSER_MODULES = [m.name for m in pkgutil.iter_modules(calculators.__path__) if m.name not in ("__main__", "pandas_adapter")]
for name in BROWSER_MODULES:
    importlib.import_module(f"calculators.{name}")

BAD_TEXTS = ["", "{", "[]", '{"a": ' * 200 + "1" + "}" * 200, "1" * 5000, '{"x": NaN}', json.dumps({"title": "\u0000"})]

for name in calculators.list_calculators():
    outputs = []
    for preset in _presets.names(name):
        payload = _engine.preset_input(name, preset)
        for drivers in (False, True):
            text = calculators.run_json_text(name, json.dumps(payload), drivers)
        outputs.append(json.loads(text))
        priced = dict(payload, prices={"show_in": "2026-27", "entered_in": "2019-20", "years": []})
        calculators.run_json_text(name, json.dumps(priced))
    for bad in BAD_TEXTS:
        calculators.run_json_text(name, bad)
    calculators.run_json_text(name, json.dumps({"unknown": 1, "uncertainty": [{"path": "x[[", "basis": ""}], "prices": {"show_in": "1800-01"}}))
    scenarios.compare_json_text(json.dumps(outputs[:3]), json.dumps(["A", "B", "C"][: len(outputs[:3])]))
    scenarios.compare_json_text("not json", "[]")
    template = profile.template_text(name, "csv")
    profile.template_text(name, "json")
    default = json.dumps(_engine.default_input(name))
    for data in (template.encode("utf-8"), b"\xef\xbb\xbf" + template.encode("utf-8"), template, profile.template_text(name, "json").encode(),
                 b"PK\x03\x04zip", b"\xff\xfeutf16", b"calculator,field,value\n" + name.encode() + b",nope,\xe9\n", b"{not json", "a,b\n1,2\n" * 3):
        profile.apply_text(name, default, data, "profile.csv")

# The business case page: a case with an option of every calculator's default scenario, laid out and written in every format.
from calculators import business_case  # noqa: E402

case = json.loads(business_case.new_case("A council", "A case"))
case["options"].append({"id": "A", "name": "Option A", "do_nothing": False, "description": "",
                        "scenarios": [{"calculator": name, "title": name, "input": _engine.default_input(name)} for name in calculators.list_calculators()]})
for case_text in (json.dumps(case), "not json", json.dumps({"format": "business-case", "version": 9})):
    business_case.case_json(case_text)
    for fmt in ("docx", "json", "csv"):
        business_case.case_file(case_text, fmt)
