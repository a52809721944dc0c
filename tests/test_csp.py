"""The Content Security Policy on every built page (hooks/csp.py; issue 18, item 16).

The browser tests run every page under this policy and fail on any violation
(see conftest.py); these checks read the built HTML: each page has the
policy before its first script, every inline script on it is allowed by its
hash and nothing more lax is, and `_headers` carries the same policy for
servers that set it as a header.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys

from conftest import ROOT, BuiltSite

sys.path.insert(0, str(ROOT / "hooks"))
import csp  # noqa: E402

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
INLINE = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)


def directives(policy: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (d.split() for d in policy.split(";")) if parts}


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_every_page_has_a_strict_policy_before_its_first_script(built_site: BuiltSite) -> None:
    pages = built_site.pages()
    assert len(pages) > 50
    for page in pages:
        html = (built_site.root / page).read_text(encoding="utf-8")
        found = META.findall(html)
        assert len(found) == 1, f"{page}: {len(found)} policies"
        assert html.index("Content-Security-Policy") < html.index("<script"), f"{page}: a script comes before the policy"
        assert html.index("Content-Security-Policy") > html.index("<meta charset"), f"{page}: the charset must come first"
        policy = directives(found[0])
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
        script = policy["script-src"]
        assert script[:2] == ["'self'", "'wasm-unsafe-eval'"], f"{page}: {script[:3]}"
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:"} & set(script), f"{page}: {script}"
        assert "'unsafe-inline'" not in policy["style-src"]
        # Every inline script (Material's palette and settings, any other) is allowed by its hash.
        for body in INLINE.findall(html):
            assert sha256(body) in script, f"{page}: an inline script is not in the policy: {body[:60]!r}"


def test_the_hash_is_of_the_exact_script_text() -> None:
    # Hand check: the hash of `a()` as Python's hashlib gives it, in CSP's base64 form.
    html = '<html><head><meta charset="utf-8"><script>a()</script></head><body><td style="text-align: right;">1</td></body></html>'
    out = csp.with_policy(html)
    assert out.startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')
    policy = directives(META.search(out).group(1))
    assert policy["script-src"][2:] == [sha256("a()")]
    assert policy["style-src"] == ["'self'", "'unsafe-hashes'", sha256("text-align: right;")]


def test_the_header_file_holds_the_same_policy_with_framing(built_site: BuiltSite) -> None:
    text = (built_site.root / "_headers").read_text(encoding="utf-8")
    header = directives(re.search(r"^\s+Content-Security-Policy: (.+)$", text, re.M).group(1))
    assert header["frame-ancestors"] == ["'self'"]
    # Every page's meta policy is covered by the header: the header allows each page's hashes.
    for page in built_site.pages()[:20]:
        meta = directives(META.search((built_site.root / page).read_text(encoding="utf-8")).group(1))
        assert set(meta["script-src"]) <= set(header["script-src"]), page
        assert set(meta["style-src"]) <= set(header["style-src"]), page
