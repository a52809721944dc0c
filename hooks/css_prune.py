"""Keep only the CSS rules a set of built pages can use (for nbconvert's stylesheet on the notebook pages).

nbconvert ships all of JupyterLab's theme (about 590 KB) for pages that use a
few dozen of its classes. ``prune_css`` parses the stylesheet with tinycss2
and keeps a rule's selector only if soupsieve (Beautiful Soup's CSS selector
engine) finds an element it could match in one of the pages; then keeps a
custom property (``--jp-…``) only if a kept declaration refers to it, and an
``@keyframes`` only if a kept declaration names it.

"Could match" is read generously, since the pages change after they load:
states (``:hover``, ``:focus``…), pseudo-elements (``::before``…) and
Material's colour-scheme attributes (``[data-md-color-scheme=slate]``, set by
the palette toggle) are taken off a selector before it is tried, and a
selector soupsieve cannot read is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import soupsieve
import tinycss2
from bs4 import BeautifulSoup

__all__ = ["prune_css"]

# Parts of a selector that depend on what the reader does, not on the HTML:
# taken off before matching. A pseudo-element or state pseudo-class, with an
# argument in brackets if it has one (``:not(:hover)`` loses its ``:hover``,
# leaving ``:not()``, which soupsieve rejects, so the selector is kept).
_DYNAMIC = re.compile(
    r"::?(?:-[a-z]+-)?(?:before|after|placeholder|selection|marker|backdrop|first-line|first-letter"
    r"|scrollbar[a-z-]*|hover|focus-visible|focus-within|focus|active|visited|link|checked|disabled"
    r"|enabled|indeterminate|invalid|valid|target|placeholder-shown|autofill|read-only|read-write"
    r"|fullscreen|search-cancel-button|inner-spin-button|outer-spin-button|moz-focus-inner|file-selector-button)"
    r"(?![\w-])"
)
# Attributes that scripts set or change after load: Material's palette
# (data-md-color-*) and the copy button's notice (hidden).
_RUNTIME_ATTR = re.compile(r"\[\s*(?:data-md-color-[a-z-]*|hidden)\s*(?:[~|^$*]?=[^\]]*)?\]")
_EMPTY_NOT = re.compile(r":not\(\s*\)")
_NOT = re.compile(r":not\([^()]*\)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def _static_form(selector: str) -> str:
    """``selector`` without what scripts or the reader change; ``*`` where that leaves a compound empty."""
    text = _RUNTIME_ATTR.sub("", _DYNAMIC.sub("", selector))
    text = _EMPTY_NOT.sub("", text).strip()  # ":not(:hover)": some element may be the one not hovered
    # "a > :hover" became "a >": any element there may be the one hovered.
    text = re.sub(r"([>+~])\s*(?=[>+~]|$)", r"\1 *", text)
    return text or "*"


def _split_selectors(prelude: str) -> list[str]:
    """A selector list's selectors (commas inside brackets, as in ``:is(a, b)``, do not split)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
    parts.append(prelude[start:].strip())
    return [part for part in parts if part]


class _Pages:
    """The pages' elements, asked whether a selector matches any of them."""

    def __init__(self, pages: Iterable[str]) -> None:
        self.soups = [BeautifulSoup(page, "html.parser") for page in pages]
        self.classes = {name for soup in self.soups for tag in soup.find_all(class_=True) for name in tag["class"]}
        self._seen: dict[str, bool] = {}

    def could_match(self, selector: str) -> bool:
        if selector not in self._seen:
            self._seen[selector] = self._try(selector)
        return self._seen[selector]

    def _try(self, selector: str) -> bool:
        static = _static_form(selector)
        # Quick answer first: a class no page uses never matches (unless under :not()).
        if not set(_CLASS.findall(_NOT.sub("", static))) <= self.classes:
            return False
        try:
            compiled = soupsieve.compile(static)
        except (soupsieve.SelectorSyntaxError, ValueError, NotImplementedError):
            return True  # unreadable here; a browser may still read it: keep
        return any(compiled.select_one(soup) is not None for soup in self.soups)


def _declarations(rule: tinycss2.ast.QualifiedRule) -> list:
    return [d for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)]


def _kept_rules(rules: list, pages: _Pages) -> list:
    """The style rules (inside ``@media`` too) with the selectors that could match; other at-rules as they are."""
    kept: list = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(tinycss2.serialize(rule.prelude)) if pages.could_match(s)]
            if selectors:
                kept.append((",".join(selectors), _declarations(rule)))
        elif rule.type == "at-rule" and rule.lower_at_keyword in {"media", "supports"} and rule.content:
            inner = _kept_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), pages)
            if inner:
                kept.append((rule, inner))
        elif rule.type == "at-rule" and rule.lower_at_keyword != "charset":
            kept.append((rule, None))
    return kept


def _walk_declarations(kept: list) -> Iterable:
    for head, body in kept:
        if isinstance(head, str):
            yield from (d for d in body if d.type == "declaration")
        elif body is not None:
            yield from _walk_declarations(body)


def _used_names(kept: list) -> tuple[set[str], str]:
    """The custom properties that kept declarations refer to (following references), and their values' text."""
    values: dict[str, list[str]] = {}
    used_text = []
    for decl in _walk_declarations(kept):
        text = tinycss2.serialize(decl.value)
        if decl.name.startswith("--"):
            values.setdefault(decl.name, []).append(text)
        else:
            used_text.append(text)
    used: set[str] = set()
    todo = [name for text in used_text for name in _VAR.findall(text)]
    while todo:
        name = todo.pop()
        if name not in used:
            used.add(name)
            todo += [ref for text in values.get(name, ()) for ref in _VAR.findall(text)]
    return used, "\n".join(used_text)


def _serialize(kept: list, used_vars: set[str], used_text: str) -> list[str]:
    out = []
    for head, body in kept:
        if isinstance(head, str):
            decls = [
                f"{d.name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}"
                for d in body
                if d.type == "declaration" and (not d.name.startswith("--") or d.name in used_vars)
            ]
            if decls:
                out.append(f"{head}{{{';'.join(decls)}}}")
        elif body is not None:
            inner = _serialize(body, used_vars, used_text)
            if inner:
                out.append(f"@{head.at_keyword} {tinycss2.serialize(head.prelude).strip()}{{{''.join(inner)}}}")
        elif head.lower_at_keyword.endswith("keyframes"):
            name = tinycss2.serialize(head.prelude).strip()
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", used_text):
                out.append(tinycss2.serialize([head]))
        else:
            out.append(tinycss2.serialize([head]))
    return out


def prune_css(css: str, pages: Iterable[str]) -> str:
    """The part of ``css`` that could style some element of ``pages`` (HTML documents)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = _kept_rules(rules, _Pages(pages))
    used_vars, used_text = _used_names(kept)
    return "\n".join(_serialize(kept, used_vars, used_text)) + "\n"
