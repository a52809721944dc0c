"""Presets checked at build time: every preset of every calculator is built and validated by the calculators' own rules.

Then each calculator's declared presentation (its form's headline figures,
its chart's table and columns) is checked against its presets' results, and
its input paths against its spec (``calculators.check_presentations()``): a
name that does not exist stops the build, naming the calculator and the name.

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
    problems = fresh_calculators().check_presentations()
    if problems:
        raise PluginError("The calculators' declared presentations name what does not exist:\n  " + "\n  ".join(problems))
