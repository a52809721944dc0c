"""Every built page is valid HTML, checked by the Nu HTML Checker (issue 17).

The checker is the npm package ``vnu-jar`` (pinned in package.json), run
with Java over the whole built site. Errors in the project's own markup
(pages, hooks, templates) fail the test. Errors that come from markup the
project does not write are filtered out, each with its reason, below; the
accessibility statement lists them as known issues.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BuiltSite

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (pattern of the message, pattern of the offending markup or "", reason)
NOT_OURS = [
    (r"Attribute “autocomplete” is only allowed when the input type is", r'class="md-toggle"|data-md-toggle',
     "Material's drawer and search toggles are checkboxes with autocomplete=\"off\" (theme partials)"),
    (r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control", "",
     "Material's navigation labels point at its hidden toggle checkboxes (theme partials)"),
    (r"Bad value “” for attribute “tabindex” on element “label”", r"md-nav__link",
     "Material's navigation section labels carry an empty tabindex (theme partial nav-item.html)"),
    (r"The “aria-label” attribute must not be specified on any “clipboard-copy” element", "",
     "mkdocs-jupyter's template writes the notebook cells' copy buttons"),
]


def _ours(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return not any(re.search(pattern, text) and re.search(where, extract) for pattern, where, _ in NOT_OURS)


def test_the_built_site_has_no_html_errors_of_its_own(built_site: BuiltSite) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu HTML Checker needs Java: `make java` installs default-jre-headless")
    assert VNU.is_file(), "node_modules/vnu-jar is missing: run `make setup`"
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(built_site.root)],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(proc.stderr or "{}").get("messages", [])
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    errors = [m for m in messages if m.get("type") == "error" and _ours(m)]
    report = "\n".join(
        f"{m.get('url', '').split(str(built_site.root))[-1]}:{m.get('lastLine')}: {m['message']} | {m.get('extract', '')[:120]!r}"
        for m in errors[:40]
    )
    assert not errors, f"{len(errors)} HTML errors from the project's markup:\n{report}"


def test_the_filters_name_real_messages() -> None:
    # Each filter states a reason; none is a catch-all.
    for pattern, _, reason in NOT_OURS:
        assert pattern.strip() and reason.strip() and pattern not in (".*", "")
