"""The reference pages' examples run and show what the code really prints; their input tables match the spec."""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import calculators

ROOT = Path(__file__).resolve().parents[2]
PAGES = {name: ROOT / "docs" / "calculators" / "reference" / f"{name}.md" for name in calculators.list_calculators()}
FENCE = re.compile(r"^```(pycon|console)\n(.*?)^```", re.S | re.M)


def blocks(kind: str) -> list[tuple[str, int, str]]:
    out = []
    for name, page in PAGES.items():
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) == kind:
                out.append((name, text[: match.start()].count("\n") + 1, match.group(2)))
    return out


@pytest.mark.parametrize("page", list(PAGES))
def test_python_examples(page: str) -> None:
    """Each page's Python blocks run in order in one namespace, as in one interactive session."""
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    namespace: dict = {}
    examples = [(line, code) for name, line, code in blocks("pycon") if name == page]
    assert examples, f"{page}.md has no Python example"
    for line, code in examples:
        test = parser.get_doctest(code, namespace, f"{page}.md", str(PAGES[page]), line)
        runner.run(test, clear_globs=False)
        namespace = test.globs
    assert runner.failures == 0, f"{page}.md: {runner.failures} example(s) failed (see the output above)"


def console_commands(code: str) -> list[tuple[str, str]]:
    pairs, command, output = [], None, []
    for text in code.splitlines():
        if text.startswith("$ "):
            if command is not None:
                pairs.append((command, "\n".join(output)))
            command, output = text[2:], []
        else:
            output.append(text)
    if command is not None:
        pairs.append((command, "\n".join(output)))
    return pairs


CONSOLE = [(page, line, cmd, out) for page, line, code in blocks("console") for cmd, out in console_commands(code)]


@pytest.mark.parametrize(("page", "line", "command", "expected"), CONSOLE, ids=[c[2][22:70] for c in CONSOLE])
def test_command_line_examples(page: str, line: int, command: str, expected: str) -> None:
    args = shlex.split(command)
    assert args[0] == "python"
    done = subprocess.run([sys.executable, *args[1:]], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip("\n") == expected.rstrip("\n"), f"{page}.md line {line}: output differs"


@pytest.mark.parametrize("name", list(PAGES))
def test_every_input_field_is_documented(name: str) -> None:
    text = PAGES[name].read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_][a-z0-9_.\[\]*]*)`", text))
    for row in calculators.input_spec(name)["fields"]:
        if row["path"].endswith("[]"):
            continue  # a list item: described by the list row
        assert row["path"] in documented, f"{row['path']} is not described on {name}.md"
