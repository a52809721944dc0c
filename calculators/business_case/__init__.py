"""A business case for a board: options side by side across every calculator, against doing nothing.

JSON text in, JSON text out, never raising (the browser's worker and the
command line call the same three functions)::

    case_json(text)        -> {"ok": true, "case", "appraisal", "report", "html", "finance_summary_draft", "problems"}
                              or {"ok": false, "errors": [{"path", "message"}]}
    case_file(text, fmt)   -> {"ok": true, "filename", "mime", "base64"} for fmt "docx", "json" or "csv"
    new_case(council, title) -> a fresh case (the do-nothing option only)

The parts, by role: :mod:`.case` reads and checks the case file and runs its
scenarios; :mod:`.appraisal` adds each option up from what every calculator
declares its result means; :mod:`.sources` is the assumptions and sources
log; :mod:`.report` lays the committee report out once; :mod:`.docx`,
:mod:`.html` and :mod:`.csv` write it. Submodules are imported when first
used, so a calculator page that never opens a case loads none of them.
"""

from __future__ import annotations

import base64
import json
from typing import Any

__all__ = ["case_json", "case_file", "new_case", "build"]

_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
    "csv": "text/csv",
}


def build(text: str) -> dict[str, Any]:
    """The case read, appraised and laid out, as a dict (what :func:`case_json` returns as text)."""
    from . import appraisal, case, report, sources, summary

    found = case.read(text)
    if found.errors:
        return {"ok": False, "errors": found.errors}
    figures = appraisal.appraise(found)
    laid_out = report.build(found.case, figures, sources.log(found), sources.methods(found), found.problems)
    problems = list(found.problems)
    length = summary.length_problem(found.case["finance_summary"], laid_out["finance_summary_draft"])
    if length:
        problems.append({"path": "finance_summary", "message": length})
    return {"ok": True, "case": found.case, "appraisal": figures, "report": laid_out, "finance_summary_draft": laid_out["finance_summary_draft"],
            "log": sources.log(found), "problems": problems}


def _safely(work: Any) -> str:
    try:
        answer = work()
    except RecursionError:
        answer = {"ok": False, "errors": [{"path": "", "message": "The business case is nested too deeply to read."}]}
    except Exception as exc:  # noqa: BLE001 — the entry point must never raise to a user
        answer = {"ok": False, "errors": [{"path": "", "message": f"Internal error ({type(exc).__name__}: {exc}). The case could not be laid out; please report it with the case file."}]}
    return json.dumps(answer, ensure_ascii=False, allow_nan=False)


def case_json(text: str) -> str:
    """The case checked, appraised and laid out, with the report as a safe HTML fragment (JSON text). Never raises."""
    def work() -> dict[str, Any]:
        from . import html

        built = build(text)
        if built["ok"]:
            built["html"] = html.fragment(built["report"])
        return built

    return _safely(work)


def _slug(title: str) -> str:
    kept = "".join(ch if ch.isalnum() else "-" for ch in title.lower())
    return "-".join(part for part in kept.split("-") if part)[:60] or "business-case"


def file_bytes(built: dict[str, Any], fmt: str) -> bytes:
    """The bytes of the case in ``fmt`` ("docx", "json" or "csv") from :func:`build`'s answer."""
    if fmt == "docx":
        from . import docx

        return docx.write(built["report"], built["case"])
    if fmt == "csv":
        from . import csv

        return csv.write(built).encode("utf-8")
    # The case as it reopens, with the figures worked out from it beside it (ignored when read: they are worked out again).
    figures = {"options": built["appraisal"], "log": built["log"], "problems": built["problems"]}
    return (json.dumps({**built["case"], "appraisal": figures}, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def case_file(text: str, fmt: str) -> str:
    """The case as a file: ``{"ok", "filename", "mime", "base64"}`` — the same bytes the command line writes. Never raises."""
    def work() -> dict[str, Any]:
        if fmt not in _MIME:
            return {"ok": False, "errors": [{"path": "format", "message": f"must be one of: {', '.join(_MIME)}."}]}
        built = build(text)
        if not built["ok"]:
            return built
        data = file_bytes(built, fmt)
        return {"ok": True, "filename": f"{_slug(built['case']['title'])}.{fmt}", "mime": _MIME[fmt], "base64": base64.b64encode(data).decode("ascii"),
                "problems": built["problems"]}

    return _safely(work)


def new_case(council: str = "", title: str = "") -> str:
    """A fresh case as JSON text: the title block and the do-nothing option alone."""
    from . import case

    return json.dumps(case.new(str(council or ""), str(title or "")), ensure_ascii=False)
