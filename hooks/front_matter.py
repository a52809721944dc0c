"""Front matter of the strategy and service pages: read, validated against a JSON Schema, made into records.

The schemas are data, beside this module: ``hooks/schemas/strategy.schema.json``
and ``hooks/schemas/service.schema.json`` (JSON Schema 2020-12, checked with
``jsonschema``). Each field's ``description`` says what it holds; each
schema's ``errorMessage`` entries (a keyword validators ignore) give the
words of a failure, so a bad page stops the build with a message such as::

    docs/strategies/x.md: front matter field 'nation': 'Narnia' is not one of: England, Scotland, Wales

Two rules a schema cannot state are checked here: a service's ``age_max`` is
at least its ``age_min``, and an age tag (``children 0 to 4``...) matches its ages.

Not a hook: ``knowledge_base.py`` and the tests import it by name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.protocols import Validator
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import YAML_RE

__all__ = [
    "AGE_BANDS",
    "LEVELS_OF_NEED",
    "WORKFORCE_GROUPS",
    "NATIONS",
    "SERVICES_DIR",
    "SERVICE_SCHEMA",
    "SETTINGS",
    "STRATEGIES_DIR",
    "STRATEGY_SCHEMA",
    "SERVICE_VALIDATOR",
    "STRATEGY_VALIDATOR",
    "THEME_KEYS",
    "Cost",
    "FrontMatterError",
    "Service",
    "Strategy",
    "age_bands",
    "front_matter",
    "read_pages",
    "validate_service",
    "validate_strategy",
]

SCHEMAS = Path(__file__).resolve().parent / "schemas"
STRATEGY_SCHEMA: dict[str, Any] = json.loads((SCHEMAS / "strategy.schema.json").read_text(encoding="utf-8"))
SERVICE_SCHEMA: dict[str, Any] = json.loads((SCHEMAS / "service.schema.json").read_text(encoding="utf-8"))

STRATEGIES_DIR = "strategies/"
SERVICES_DIR = "services/"

# The allowed values, in the order the directory's filters list them, read from the schemas.
NATIONS: tuple[str, ...] = tuple(STRATEGY_SCHEMA["properties"]["nation"]["enum"])
LEVELS_OF_NEED: tuple[str, ...] = tuple(SERVICE_SCHEMA["properties"]["level_of_need"]["items"]["enum"])
SETTINGS: tuple[str, ...] = tuple(SERVICE_SCHEMA["properties"]["setting"]["items"]["enum"])
WORKFORCE_GROUPS: tuple[str, ...] = tuple(SERVICE_SCHEMA["properties"]["workforce_groups"]["items"]["enum"])

# Age bands used as tags (and so on the Tags page): a service is tagged with
# every band its structured age range (age_min to age_max) touches. The bands
# follow school phases (under 5, primary 5 to 10, secondary and older
# teenagers 11 to 17, care leavers 18 to 25), so a service for 11 to
# 17-year-olds is not tagged as one for younger children. Material's Tags page
# sorts tags as text: these labels sort in age order ("children 0" <
# "children 5" < "young people 11" < "young people 18").
AGE_BANDS = (
    (0, 4, "children 0 to 4"),
    (5, 10, "children 5 to 10"),
    (11, 17, "young people 11 to 17"),
    (18, 25, "young people 18 to 25"),
)
# An age tag written by hand: the old "ages 5-11" style (no longer a band) or a band's label.
_AGE_TAG = re.compile(r"^(?:ages \d+-\d+|children \d+ to \d+|young people \d+ to \d+)$")

# Front matter keys the theme understands, allowed beside each schema's own.
# Material's `status` (a navigation badge) is not among them: strategy pages
# use `status` for prose, which knowledge_base.py removes before the nav renders.
THEME_KEYS = frozenset({"description", "hide", "icon", "search", "subtitle", "template", "comments"})


class FrontMatterError(PluginError):
    """A page's front matter breaks its schema; the message names the file and the field."""

    def __init__(self, path: str, field_name: str | None, problem: str) -> None:
        self.path = path
        self.field = field_name
        self.problem = problem
        where = f"front matter field '{field_name}'" if field_name else "front matter"
        super().__init__(f"{path}: {where}: {problem}")


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------

# YAML reads an unquoted 2017-03-15 as a date (a quoted one stays text), and
# `yes` as True: a date must be a date, and a whole number neither a bool nor 11.0.
_FORMATS = FormatChecker(formats=())
_FORMATS.checks("yaml-date")(lambda value: isinstance(value, date))
_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)
STRATEGY_VALIDATOR = _Validator(STRATEGY_SCHEMA, format_checker=_FORMATS)
SERVICE_VALIDATOR = _Validator(SERVICE_SCHEMA, format_checker=_FORMATS)


def _located(error: ValidationError) -> tuple[str | None, str]:
    """The field an error is about, and what is wrong in the words of the schema's ``errorMessage``."""
    value = error.instance
    path = list(error.absolute_path)
    words: dict[str, Any] = {"value": repr(value), "type": type(value).__name__}
    if isinstance(error.validator_value, list):
        words["enum"] = ", ".join(map(str, error.validator_value))
    if error.validator == "required":
        words["missing"] = next(name for name in error.validator_value if name not in value)
        words["description"] = error.schema["properties"].get(words["missing"], {}).get("description", "")
    if error.validator == "additionalProperties":
        words["unknown"] = sorted(set(value) - set(error.schema.get("properties", {})))
        words["expected"] = ", ".join(error.schema.get("properties", {}))
    if not path and error.validator in ("required", "additionalProperties"):
        path = [words.get("missing") or words["unknown"][0]]
    message = error.schema.get("errorMessage", {}).get(error.validator)
    problem = message.format(**words) if message else error.message
    # Where in the field: item 2 of a list, or a key of a mapping.
    prefix = "".join(f"item {p + 1}: " if isinstance(p, int) else f"'{p}': " for p in path[1:])
    return (str(path[0]) if path else None), prefix + problem


def _first_error(meta: Mapping[str, Any], validator: Validator) -> tuple[str | None, str] | None:
    """The first problem in the schema's field order (unknown fields last), as (field, problem)."""
    order = {name: i for i, name in enumerate(validator.schema["properties"])}
    problems = [_located(e) for e in validator.iter_errors(meta)]
    if not problems:
        return None
    return min(enumerate(problems), key=lambda item: (order.get(item[1][0] or "", len(order)), item[0]))[1]


def _validate(meta: Any, validator: Validator, path: str) -> dict[str, Any]:
    """``meta`` without its theme keys and empty values, if it meets the schema; else raise naming the field."""
    properties = validator.schema["properties"]
    if not isinstance(meta, Mapping) or not meta:
        raise FrontMatterError(path, None, "missing: the page must start with a YAML front matter block")
    # `field:` with nothing after it is read as None: the same as leaving the field out.
    own = {k: v for k, v in meta.items() if k not in THEME_KEYS and not (v is None and k in properties)}
    if problem := _first_error(own, validator):
        raise FrontMatterError(path, *problem)
    return own


# --------------------------------------------------------------------------
# The pages' records
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Strategy:
    slug: str
    path: str
    title: str
    body: str
    place: str
    nation: str
    date: date
    document: str
    status: str
    services: tuple[str, ...]
    money: Mapping[str, str]

    @property
    def src_uri(self) -> str:
        return f"{STRATEGIES_DIR}{self.slug}.md"


@dataclass(frozen=True)
class Cost:
    summary: str
    source: str
    at_a_glance: str | None = None

    @property
    def stated(self) -> bool:
        """Whether the documents give a cost: the directory's cost filter."""
        return not (self.at_a_glance or self.summary).lower().startswith(("not stated", "not yet costed", "cost not stated"))

    @property
    def glance(self) -> str:
        """The cost as the directory shows it."""
        return self.at_a_glance or self.summary[:1].upper() + self.summary[1:]


@dataclass(frozen=True)
class Service:
    slug: str
    path: str
    title: str
    summary: str
    serves: str
    age_min: int
    age_max: int
    ages: str
    level_of_need: tuple[str, ...]
    setting: tuple[str, ...]
    workforce: str
    workforce_groups: tuple[str, ...]
    intensity: str
    duration: str
    capacity: str
    cost: Cost
    evidence: str
    evidence_rating: Mapping[str, Any] | None
    orphan_reason: str | None
    tags: tuple[str, ...]

    @property
    def src_uri(self) -> str:
        return f"{SERVICES_DIR}{self.slug}.md"

    @property
    def age_bands(self) -> tuple[str, ...]:
        return age_bands(self.age_min, self.age_max)

    @property
    def all_tags(self) -> list[str]:
        """The page's own tags, then every level of need, setting and age band it lacks."""
        return list(dict.fromkeys([*self.tags, *self.level_of_need, *self.setting, *self.age_bands]))


def age_bands(age_min: int, age_max: int) -> tuple[str, ...]:
    """The labels of the age bands that ``age_min`` to ``age_max`` touches."""
    return tuple(label for low, high, label in AGE_BANDS if age_min <= high and age_max >= low)


def _record(cls: type, meta: Mapping[str, Any], **given: Any) -> Any:
    """An instance of the dataclass ``cls`` from validated front matter (lists become tuples)."""
    values = {f.name: meta.get(f.name) for f in fields(cls) if f.name not in given}
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}, **given)


def validate_strategy(meta: Mapping[str, Any], path: str) -> Strategy:
    """Check a strategy page's front matter; raise :class:`FrontMatterError` naming file and field."""
    own = _validate(meta, STRATEGY_VALIDATOR, path)
    return _record(Strategy, own, slug=Path(path).stem, path=path)


def validate_service(meta: Mapping[str, Any], path: str) -> Service:
    """Check a service page's front matter; raise :class:`FrontMatterError` naming file and field."""
    own = _validate(meta, SERVICE_VALIDATOR, path)
    low, high = own["age_min"], own["age_max"]
    if high < low:
        raise FrontMatterError(path, "age_max", f"{high} is below age_min ({low})")
    if not own["cost"]["summary"].lower().startswith("not stated") and "at_a_glance" not in own["cost"]:
        raise FrontMatterError(path, "cost.at_a_glance", "is missing: give the cost in a few words for the service directory (the summary states more than 'not stated')")
    if "not stated" in own["workforce_groups"] and len(own["workforce_groups"]) > 1:
        raise FrontMatterError(path, "workforce_groups", "'not stated' cannot be listed with other groups")
    for tag in own.get("tags", ()):
        if _AGE_TAG.match(tag) and tag not in age_bands(low, high):
            raise FrontMatterError(
                path, "tags", f"{tag!r} does not match ages {low} to {high} "
                f"(the bands are {', '.join(label for *_, label in AGE_BANDS)}; the hook adds the right ones)"
            )
    return _record(
        Service, own, slug=Path(path).stem, path=path, cost=Cost(**own["cost"]),
        ages=own.get("ages") or f"{low} to {high}", tags=tuple(own.get("tags", ())),
    )


# --------------------------------------------------------------------------
# Reading pages
# --------------------------------------------------------------------------


def front_matter(text: str, path: str) -> dict[str, Any]:
    """The page's YAML front matter, read as MkDocs reads it, but with YAML errors reported.

    (MkDocs drops front matter it cannot parse without a word; here that fails.)
    """
    match = YAML_RE.match(text)
    if not match:
        return {}
    try:
        data = yaml.load(match.group(1), yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise FrontMatterError(path, None, f"is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise FrontMatterError(path, None, "must be a YAML mapping of field: value")
    return data


def read_pages(docs_dir: Path) -> Iterator[tuple[str, str]]:
    """(src_uri, text) of every strategy and service page under ``docs_dir``, from disk."""
    for folder in (STRATEGIES_DIR, SERVICES_DIR):
        for path in sorted((docs_dir / folder).glob("*.md")):
            yield f"{folder}{path.name}", path.read_text(encoding="utf-8")
