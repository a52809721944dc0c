"""Presets checked at build time: every preset of every calculator is built and validated by the calculators' own rules.

A broken preset (a value out of range, text where a number goes, a field the
calculator does not have, a reference to a missing unit cost) stops the build
with the file, line, field and reason of each problem, rather than reaching a
reader's page. The checking itself is ``calculators.check_presets()``; this
hook only runs it and reports.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from fresh_import import fresh_calculators

log = logging.getLogger("mkdocs.plugins.preset_check")


def on_config(config: MkDocsConfig) -> None:
    try:
        problems = fresh_calculators().check_presets()
    except ValueError as exc:  # a data file the presets read cannot be read at all
        problems = [str(exc)]
    if problems:
        raise PluginError("The calculators' presets have problems:\n  " + "\n  ".join(problems))
    log.debug("every preset builds and passes its calculator's validation")
