"""The accessibility statement: a contact the publisher fills in, and only the testing that was done (issue 27)."""

from __future__ import annotations

import re

import pytest
from mkdocs.exceptions import PluginError

import accessibility
from conftest import BuiltSite


def test_with_no_contact_the_statement_says_so_and_the_build_warns(built_site: BuiltSite) -> None:
    # mkdocs.yml ships with extra.accessibility_contact empty: each publisher fills in its own.
    page = (built_site.root / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert "This copy of the site does not yet name a contact" in page
    assert accessibility.WARNING in built_site.log
    assert accessibility.MARKER not in page


def test_a_contact_is_shown_with_links_that_read_as_words() -> None:
    extra = {"accessibility_contact": {"team": "Digital Team, Anytown Council", "email": "access@anytown.example",
                                       "form": "https://anytown.example/contact", "phone": "01234 567890", "reply_within": "10 working days"}}
    text = accessibility.contact_markdown(extra)
    assert not accessibility.missing_contact(extra)
    assert "[access@anytown.example](mailto:access@anytown.example)" in text
    assert "[Digital Team, Anytown Council's contact form](https://anytown.example/contact)" in text
    assert "call 01234 567890" in text and "within 10 working days" in text
    assert "does not yet name" not in text


@pytest.mark.parametrize("given", [{}, {"accessibility_contact": None}, {"accessibility_contact": {"team": "Only a team name"}}])
def test_a_team_name_alone_is_not_a_contact(given: dict) -> None:
    assert accessibility.missing_contact(given)
    assert "does not yet name a contact" in accessibility.contact_markdown(given)


def test_an_unknown_contact_key_stops_the_build_with_its_name() -> None:
    with pytest.raises(PluginError, match=r"unknown keys \['emial'\]"):
        accessibility.contact_markdown({"accessibility_contact": {"emial": "x@y.example"}})


def test_the_statement_claims_no_testing_that_was_not_done(built_site: BuiltSite) -> None:
    page = (built_site.root / "accessibility" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", page.split('<article', 1)[1]).split())
    # Each sentence that names assistive technology and testing says it was NOT done.
    sentences = re.split(r"(?<=[.;:])\s+", text)
    claims = [s for s in sentences if re.search(r"screen reader|assistive technolog|magnifier|voice control", s, re.I)
              and re.search(r"test", s, re.I)]
    assert claims, "the statement no longer says what was not tested"
    assert all(re.search(r"\bno\b|\bnot\b|\bnever\b", s, re.I) for s in claims), claims
    assert "Browsers and screen readers tested" not in text
