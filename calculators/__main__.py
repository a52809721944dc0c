"""Command line: ``python -m calculators`` (or the ``calculators`` script).

Examples::

    python -m calculators list
    python -m calculators list --format json
    python -m calculators placement-cost --preset glasgow-2017-18-to-in-house-foster
    python -m calculators placement-cost --preset glasgow-2015-16-audit --show-input > mine.json
    python -m calculators placement-cost --input mine.json --format csv --table by_year
    python -m calculators template placement-cost > my-council.csv
    python -m calculators placement-cost --profile my-council.csv
    cat mine.json | python -m calculators placement-cost --input - --format json
    python -m calculators case my-case.json --format docx --output my-case.docx

Exit status: 0 on success; 2 on invalid input or a usage error, with every
problem on standard error. Results come only from :func:`calculators.run_json_text`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any, Sequence, TextIO

from . import _render
from . import registry
from ._engine import MAX_INPUT_CHARS, JSONProblem, calculator_titles, default_input, list_calculators, preset_input, read_json, run_json_text

__all__ = ["main"]

_EXIT_OK = 0
_EXIT_INVALID = 2


class _Parser(argparse.ArgumentParser):
    """argparse with exit status 2 and no traceback for every usage error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(_EXIT_INVALID, f"{self.prog}: error: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    calculators = list_calculators()
    parser = _Parser(
        prog="calculators",
        description="Calculators for children's social care: " + "; ".join(calculator_titles().values()) + ".",
        epilog="Run 'calculators list' to see the presets; 'calculators CALCULATOR --help' for a calculator's options.",
    )
    sub = parser.add_subparsers(dest="command", metavar="{list,template,case," + ",".join(calculators) + "}", parser_class=_Parser)
    listing = sub.add_parser("list", help="list the calculators and their presets")
    listing.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json: {calculator: [preset, ...]}")
    template = sub.add_parser("template", help="print a council profile template: every input field, to fill in with your council's figures",
                              description="Print a council profile template (CSV or JSON): a row for every input field of each calculator named "
                              "(all if none), with its label, unit and what it accepts. Its only values are national defaults (with their "
                              "sources); fill in your council's figures, delete the rows you have none for (a row left empty is not used), and "
                              "pass the file to a calculator with --profile.")
    template.add_argument("names", nargs="*", metavar="CALCULATOR", help="the calculators to include (default: all)")
    template.add_argument("--format", choices=("csv", "json"), default="csv", help="csv (default) or json")
    case = sub.add_parser("case", help="write a business case (a committee report) from a case file saved by the business case page",
                          description="Read a business case file (JSON, saved by the site's business case page) and write it as a Word document, "
                          "CSV tables or JSON (the case with its worked-out figures). Every scenario is worked out again by its calculator.")
    case.add_argument("file", metavar="CASE.json", help="the business case file ('-' reads standard input)")
    case.add_argument("--format", choices=("docx", "json", "csv"), default="docx", help="docx (default; needs --output), json or csv")
    case.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output ('-' for standard output, not for docx on a terminal)")
    for name, presets in calculators.items():
        p = sub.add_parser(name, help=f"run the {name} calculator ({calculator_titles()[name]})", description=f"Run the {name} calculator on a preset or on a JSON input file. With neither, it runs the default input.")
        source = p.add_mutually_exclusive_group()
        source.add_argument("--preset", metavar="NAME", help=f"a preset: {', '.join(presets)}")
        source.add_argument("--input", metavar="FILE.json", help="a JSON input file ('-' reads standard input); start from --show-input")
        p.add_argument("--profile", metavar="FILE", help="a council profile (CSV or JSON; see 'calculators template') laid over the preset or input: "
                       "its figures replace the fields it names, and the output says which figures came from it")
        p.add_argument("--format", choices=("table", "json", "csv"), default="table", help="table (default, for reading), json (the full response) or csv")
        p.add_argument("--table", metavar="ID", help="with --format csv: print only this table (e.g. summary, by_year), headed by its column keys, for a tool")
        p.add_argument("--worked-out-on", metavar="WHEN", help="with --format csv: the date and time the file says the results were worked out "
                       "(2026-12-06T22:17; default: now, local time)")
        p.add_argument("--show-input", action="store_true", help="print the input JSON (the preset's, or the default) instead of running it")
    return parser


def _read_input(path: str) -> tuple[str | None, str | None]:
    """The text of ``path`` (or standard input for ``-``), or a problem to report.

    Files are read as UTF-8 with or without a byte-order mark (Windows
    editors add one), by the same routine and to the same limit as profiles
    (:func:`calculators.profile.read_limited`): a huge file is refused without
    reading it all, and named with its real size.
    """
    from .profile import MAX_PROFILE_BYTES, read_limited, too_big

    try:
        if path == "-":
            text = sys.stdin.read(MAX_INPUT_CHARS + 1).removeprefix("\ufeff")
        else:
            data, size = read_limited(path, MAX_PROFILE_BYTES)
            if len(data) > MAX_PROFILE_BYTES or (size is not None and size > MAX_PROFILE_BYTES):
                return None, (f"the input file {path!r} is {too_big(size, len(data), MAX_PROFILE_BYTES)}; the limit is {MAX_INPUT_CHARS:,} characters (about 1 MB). "
                              "Real inputs are a few kilobytes: check that the right file was given.")
            text = data.decode("utf-8-sig")
    except OSError as exc:
        return None, f"cannot read the input file {path!r}: {exc.strerror or exc}."
    except UnicodeDecodeError:
        return None, f"the input file {path!r} is not UTF-8 text; save it as UTF-8 JSON."
    if len(text) > MAX_INPUT_CHARS:
        where = "standard input" if path == "-" else f"the input file {path!r}"
        size_text = f"more than {MAX_INPUT_CHARS:,}" if path == "-" else f"{len(text):,}"
        return None, (f"{where} is {size_text} characters long; the limit is {MAX_INPUT_CHARS:,} characters (about 1 MB). "
                      "Real inputs are a few kilobytes: check that the right file was given.")
    return text, None


def _errors(name: str, errors: list[dict[str, str]], stream: TextIO) -> None:
    stream.write(f"calculators {name}: the input is not valid ({len(errors)} problem{'s' if len(errors) != 1 else ''}):\n")
    for error in errors:
        where = _render.safe_text(error["path"]) or "(input)"
        stream.write(f"  {where}: {_render.safe_text(error['message'])}\n")


def _list(fmt: str) -> int:
    calculators = list_calculators()
    if fmt == "json":
        print(json.dumps(calculators, indent=2))
        return _EXIT_OK
    titles = calculator_titles()
    for name, presets in calculators.items():
        print(f"{name}: {titles[name]}")
        width = max(len(p) for p in presets)
        for preset in presets:
            print(f"  {preset.ljust(width)}  {_render.safe_text(preset_input(name, preset).get('title', ''))}")
    return _EXIT_OK


def _run(args: argparse.Namespace) -> int:
    name = args.command
    if args.preset is not None and args.preset not in list_calculators()[name]:
        sys.stderr.write(f"calculators {name}: there is no preset {args.preset!r}; choose one of: {', '.join(list_calculators()[name])}.\n")
        return _EXIT_INVALID
    if args.input is not None:
        read, problem = _read_input(args.input)
        if read is None:
            sys.stderr.write(f"calculators {name}: {problem}\n")
            return _EXIT_INVALID
        text = read
    else:
        preset = args.preset or registry.get(name).default_preset
        # The preset's input carries the record that its figures are the preset's: the output says which still are.
        payload: dict[str, Any] = preset_input(name, preset)
        text = json.dumps(payload)
    provenance = None
    if args.profile is not None:
        # A profile on its own is the council's own scenario (no preset's figures); with --preset or --input it is laid over them.
        alone = args.preset is None and args.input is None
        applied = _apply_profile(name, args.profile, None if alone else text)
        if not applied["ok"]:
            return _EXIT_INVALID
        text, provenance = json.dumps(applied["input"]), applied["profile"]
    if args.show_input and args.input is None and provenance is None:
        print(json.dumps(json.loads(text), indent=2, ensure_ascii=False))
        return _EXIT_OK
    response = json.loads(run_json_text(name, text))
    if response["ok"] and provenance is not None:
        response["profile"] = provenance
    if not response["ok"]:
        _errors(name, response["errors"], sys.stderr)
        if args.format == "json":
            print(json.dumps(response, indent=2, ensure_ascii=False))
        return _EXIT_INVALID
    if args.show_input:
        print(json.dumps(response["input"], indent=2, ensure_ascii=False))
        return _EXIT_OK
    if args.format == "json":
        print(json.dumps(response, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        if args.table is not None and args.table not in _render.table_ids(response):
            sys.stderr.write(f"calculators {name}: there is no table {args.table!r}; choose one of: {', '.join(_render.table_ids(response))}.\n")
            return _EXIT_INVALID
        if args.table is not None:
            sys.stdout.write(_render.render_csv(response, args.table))
        else:
            # The same file as the page's "Download results (CSV)" (calculators.csv_files).
            from .csv_files import results_csv

            sys.stdout.write(results_csv(response, args.worked_out_on or datetime.now().strftime("%Y-%m-%dT%H:%M")))
    else:
        sys.stdout.write(_render.render_text(response))
        if provenance is not None:
            sys.stdout.write(_profile_text(provenance))
    return _EXIT_OK


def _apply_profile(name: str, path: str, text: str | None) -> dict[str, Any]:
    """The profile at ``path`` laid over the input ``text`` (None: on its own); its problems are written to standard error."""
    from . import profile

    try:
        read = profile.read_path(path)
    except OSError as exc:
        sys.stderr.write(f"calculators {name}: cannot read the profile {path!r}: {exc.strerror or exc}.\n")
        return {"ok": False}
    if text is None:
        from . import baseline

        applied = baseline.build(read, name, path)
        if applied["ok"] and applied["missing"]:
            missing = applied["missing"]
            sys.stderr.write(f"calculators {name}: the profile {_render.safe_text(path)!r} leaves out {len(missing)} "
                             f"figure{'s' if len(missing) != 1 else ''} that the calculator needs and no national default gives; add {'them' if len(missing) != 1 else 'it'} to the profile:\n")
            for error in missing:
                sys.stderr.write(f"  {_render.safe_text(error['label'] or 'the scenario')}: {_render.safe_text(error['message'])}\n")
            return {"ok": False}
    else:
        try:
            payload = read_json(text)
        except JSONProblem:
            payload = text  # not JSON: run_json_text reports it once the profile is found sound
        applied = profile.apply(read, name, payload)
    if not applied["ok"]:
        problems = applied["errors"]
        sys.stderr.write(f"calculators {name}: the profile {_render.safe_text(path)!r} cannot be used "
                         f"({len(problems)} problem{'s' if len(problems) != 1 else ''}); nothing from it was applied:\n")
        for error in problems:
            sys.stderr.write(f"  {_render.safe_text(profile.describe_error(error))}: {_render.safe_text(error['message'])}\n")
    return applied


def _profile_text(provenance: dict[str, Any]) -> str:
    """The figures a profile set, for the text output: field, value, price year and source."""
    rows = provenance["rows"]
    lines = [f"\nFrom your profile ({_render.safe_text(provenance['name'])}): {len(rows)} field{'s' if len(rows) != 1 else ''} set"
             + (f"; {provenance['other_rows']} row{'s' if provenance['other_rows'] != 1 else ''} for other calculators left alone" if provenance["other_rows"] else "") + "."]
    for row in rows:
        extra = "; ".join(part for part in (f"price year {row['price_year']}" if row["price_year"] else "", row["source"], row["note"]) if part)
        lines.append(f"  row {row['row']}: {row['field']} = {row['value']}" + (f" ({extra})" if extra else ""))
    return "\n".join(_render.safe_text(line) for line in lines) + "\n"


def _template(args: argparse.Namespace) -> int:
    from . import profile

    names = list(dict.fromkeys(args.names)) or None
    unknown = [n for n in names or [] if n not in list_calculators()]
    if unknown:
        sys.stderr.write(f"calculators template: there is no calculator called {_render.safe_text(unknown[0])!r}; choose from: {', '.join(list_calculators())}.\n")
        return _EXIT_INVALID
    sys.stdout.write(profile.template_json(names) + "\n" if args.format == "json" else profile.template_csv(names))
    return _EXIT_OK


def _case(args: argparse.Namespace) -> int:
    """``calculators case``: the same bytes as the page's download (calculators.business_case.case_file)."""
    from . import business_case

    text, problem = _read_input(args.file)
    if text is None:
        sys.stderr.write(f"calculators case: {problem}\n".replace("input file", "case file"))
        return _EXIT_INVALID
    to_terminal = args.output in (None, "-") and sys.stdout.isatty()
    if args.format == "docx" and (args.output is None or to_terminal):
        sys.stderr.write("calculators case: a Word document is not text; give --output FILE.docx (or pipe standard output to a file with --output -).\n")
        return _EXIT_INVALID
    built = business_case.build(text)
    problems = built["errors"] if not built["ok"] else [p for p in built["problems"] if p["path"] != "finance_summary"]
    if problems:
        sys.stderr.write(f"calculators case: the business case cannot be written ({len(problems)} problem{'s' if len(problems) != 1 else ''}):\n")
        for error in problems:
            sys.stderr.write(f"  {_render.safe_text(error['path']) or '(file)'}: {_render.safe_text(error['message'])}\n")
        return _EXIT_INVALID
    for warning in [p["message"] for p in built["problems"]] + built["appraisal"]["warnings"]:
        sys.stderr.write(f"calculators case: note: {_render.safe_text(warning)}\n")
    data = business_case.file_bytes(built, args.format)
    if args.output in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        return _EXIT_OK
    try:
        with open(args.output, "wb") as out:
            out.write(data)
    except OSError as exc:
        sys.stderr.write(f"calculators case: cannot write {args.output!r}: {exc.strerror or exc}.\n")
        return _EXIT_INVALID
    return _EXIT_OK


def _when_problem(args: argparse.Namespace) -> str:
    """What is wrong with --worked-out-on, or ""."""
    from .csv_files import worked_out_on

    if args.format != "csv" or args.table is not None:
        return "--worked-out-on goes with --format csv and no --table (it is the time the results file says they were worked out)."
    try:
        worked_out_on(args.worked_out_on)
    except ValueError as exc:
        return f"--worked-out-on: {_render.safe_text(str(exc))}."
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m calculators``; returns the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return _EXIT_INVALID
    # A terminal that cannot show a character (say "§" or "£" on an ASCII
    # console) gets an escape in its place, not a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if getattr(args, "table", None) is not None and args.format != "csv":
        sys.stderr.write(f"calculators {args.command}: --table goes with --format csv (it picks the one table to print as CSV).\n")
        return _EXIT_INVALID
    if getattr(args, "worked_out_on", None) is not None:
        problem = _when_problem(args)
        if problem:
            sys.stderr.write(f"calculators {args.command}: {problem}\n")
            return _EXIT_INVALID
    try:
        if args.command == "list":
            return _list(args.format)
        if args.command == "template":
            return _template(args)
        if args.command == "case":
            return _case(args)
        return _run(args)
    except BrokenPipeError:  # e.g. piped into `head`
        return _EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
