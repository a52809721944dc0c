"""The accessibility statement's contact: filled in by whoever publishes a copy of the site (a hook).

Each council or partner that publishes the site names its own contact for
accessibility problems and requests for other formats, in ``mkdocs.yml``::

    extra:
      accessibility_contact:
        team: Children's Services Digital Team, Anytown Council
        email: accessibility@anytown.gov.uk      # or ACCESSIBILITY_CONTACT_EMAIL
        form: https://www.anytown.gov.uk/contact # a web form's address
        phone: 01234 567890
        reply_within: 10 working days

The statement (``accessibility.md``, marker ``<!-- accessibility-contact -->``)
shows them. While no email, form or phone is given, the statement says so
plainly and the build prints a warning on every build. The warning goes to
its own logger, not MkDocs', so that ``--strict`` builds (the tests, a
developer's machine) still pass: naming the contact is the publisher's job,
not something a build can do for them.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

__all__ = ["MARKER", "PAGE", "WARNING", "contact_markdown", "missing_contact"]

MARKER = "<!-- accessibility-contact -->"
PAGE = "accessibility.md"
FIELDS = ("team", "email", "form", "phone", "reply_within")
WARNING = (
    "accessibility statement: no contact is set. Set extra.accessibility_contact in mkdocs.yml "
    "(email, form or phone; or the ACCESSIBILITY_CONTACT_EMAIL environment variable) before publishing."
)

# Not under "mkdocs": a warning here must not fail a --strict build (see the module docstring).
log = logging.getLogger("children_services.accessibility")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


def _contact(extra: Mapping[str, Any]) -> dict[str, str]:
    given = extra.get("accessibility_contact") or {}
    if not isinstance(given, Mapping):
        raise PluginError("mkdocs.yml: extra.accessibility_contact must be a mapping of " + ", ".join(FIELDS))
    unknown = sorted(set(given) - set(FIELDS))
    if unknown:
        raise PluginError(f"mkdocs.yml: extra.accessibility_contact has unknown keys {unknown}; expected {', '.join(FIELDS)}")
    return {key: str(given.get(key) or "").strip() for key in FIELDS}


def missing_contact(extra: Mapping[str, Any]) -> bool:
    """True when the publisher has given no way to reach them (no email, form or phone)."""
    contact = _contact(extra)
    return not (contact["email"] or contact["form"] or contact["phone"])


def contact_markdown(extra: Mapping[str, Any]) -> str:
    """The statement's contact paragraph, from ``extra.accessibility_contact``."""
    contact = _contact(extra)
    if missing_contact(extra):
        return (
            "**This copy of the site does not yet name a contact.** The council or organisation "
            "that publishes it has not filled one in. Until it does, contact the council or "
            "organisation that gave you the link to this site, and ask for its web or digital team."
        )
    who = contact["team"] or "the team that publishes this site"
    ways = []
    if contact["email"]:
        ways.append(f"email [{contact['email']}](mailto:{contact['email']})")
    if contact["form"]:
        ways.append(f"use [{who}'s contact form]({contact['form']})")
    if contact["phone"]:
        ways.append(f"call {contact['phone']}")
    text = f"To contact {who}: " + "; or ".join(ways) + "."
    if contact["reply_within"]:
        text += f" They aim to reply within {contact['reply_within']}."
    return text


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    if missing_contact(config.extra):
        log.warning(WARNING)
    return None


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if page.file.src_uri != PAGE:
        if MARKER in markdown:
            raise PluginError(f"{page.file.src_uri}: {MARKER} belongs only on {PAGE}")
        return None
    if markdown.count(MARKER) != 1:
        raise PluginError(f"{PAGE}: expected {MARKER} exactly once")
    return markdown.replace(MARKER, contact_markdown(config.extra))
