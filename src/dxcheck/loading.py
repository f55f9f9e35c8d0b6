"""Loading a file: read → parse YAML → validate with pydantic → check the rules, problems placed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from dxcheck import rules
from dxcheck.models import Actuals, Plan
from dxcheck.problems import InputError, Path, Problem
from dxcheck.yamlsource import Parsed, Source, is_yaml11_bool, locate, parse, read_source

PLAN_MARKER = "plan/1"
ACTUALS_MARKER = "actuals/1"


@dataclass(frozen=True, slots=True)
class PlanFile:
    """A valid plan and the file it came from."""

    source: Source
    plan: Plan

    @property
    def name(self) -> str:
        return self.source.name


@dataclass(frozen=True, slots=True)
class ActualsFile:
    """A valid actuals file and the file it came from."""

    source: Source
    actuals: Actuals

    @property
    def name(self) -> str:
        return self.source.name


Loaded = PlanFile | ActualsFile


def _all_fields() -> frozenset[str]:
    names: set[str] = set()
    pending: list[type[BaseModel]] = [Plan, Actuals]
    while pending:
        model = pending.pop()
        for field_name, info in model.model_fields.items():
            names.add(field_name)
            pending.extend(_models_in(info.annotation))
    return frozenset(names)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    for meta in getattr(annotation, "__metadata__", ()) or ():
        found.extend(_models_in(meta))
    if hasattr(annotation, "__origin__") and annotation.__origin__ is not annotation:
        found.extend(_models_in(annotation.__origin__))
    return found


_FIELDS: frozenset[str] | None = None


def _suggest(word: str) -> str:
    global _FIELDS  # noqa: PLW0603 - computed on the first unknown key only
    if _FIELDS is None:
        _FIELDS = _all_fields()
    close = difflib.get_close_matches(word, sorted(_FIELDS), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'{_suggest(str(loc[-1]))}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"expected {expected}"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        shown = error.get("input")
        hint = " (YAML 1.1 would read this as a boolean; here it is text)" if is_yaml11_bool(shown) else ""
        return f"expected one of {expected}{hint}"
    message = str(error["msg"])
    return message[0].lower() + message[1:] if message[:1].isupper() and kind != "dxcheck" else message


def _is_reported(loc: tuple[Any, ...], bad: tuple[Path, ...]) -> bool:
    as_text = tuple(str(step) for step in loc)
    return any(as_text[: len(path)] == tuple(str(step) for step in path) for path in bad)


def _problem(source: Source, path: Path, message: str, at_key: bool = False) -> Problem:
    line, column, location = locate(source, path, at_key=at_key)
    return Problem(source.name, line, column, location, message)


def problems_of(source: Source, error: ValidationError, bad: tuple[Path, ...] = ()) -> list[Problem]:
    """Pydantic's errors as placed problems, leaving out what the YAML reader already reported."""
    found: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        at_key = item["type"] == "extra_forbidden"
        if loc and loc[-1] == "[key]":
            loc, at_key = loc[:-1], True
        if _is_reported(loc, bad):
            continue
        found.append(_problem(source, loc, _message(dict(item)), at_key))
    return found


def _validate(parsed: Parsed) -> Loaded | list[Problem]:
    source, data = parsed.source, parsed.data
    problems = list(parsed.problems)
    if parsed.fatal:
        return problems
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        problems.append(
            Problem(source.name, 1, 1, "$", f"expected a mapping with a 'dxcheck:' key, found {kind}")
        )
        return problems
    marker = data.get("dxcheck")
    model: type[Plan] | type[Actuals]
    if marker == PLAN_MARKER:
        model = Plan
    elif marker == ACTUALS_MARKER:
        model = Actuals
    else:
        message = (
            "not a dxcheck file: the first key should be 'dxcheck: plan/1' or 'dxcheck: actuals/1'"
            if marker is None
            else f"unknown format {marker!r}: expected 'plan/1' or 'actuals/1'"
        )
        problems.append(_problem(source, ("dxcheck",) if "dxcheck" in data else (), message))
        return problems
    try:
        document = model.model_validate(data)
    except ValidationError as error:
        problems.extend(problems_of(source, error, parsed.bad_paths))
        return sorted(problems, key=lambda p: (p.line, p.column))
    findings = rules.check_plan(document) if isinstance(document, Plan) else rules.check_actuals(document)
    problems.extend(
        _problem(source, path, message)
        for path, message in findings
        if not _is_reported(path, parsed.bad_paths)
    )
    if problems:
        return sorted(problems, key=lambda p: (p.line, p.column))
    return PlanFile(source, document) if isinstance(document, Plan) else ActualsFile(source, document)


def load_file(name: str) -> Loaded | list[Problem]:
    """Load a plan or an actuals file, whichever its `dxcheck:` key says; or every problem in it."""
    source = read_source(name)
    if isinstance(source, Problem):
        return [source]
    return _validate(parse(source))


def load(name: str) -> Loaded:
    """Load a plan or actuals file; raise InputError with every problem in it."""
    result = load_file(name)
    if isinstance(result, list):
        raise InputError(result)
    return result


def _expect(name: str, wanted: type[PlanFile] | type[ActualsFile]) -> Loaded:
    loaded = load(name)
    if not isinstance(loaded, wanted):
        what, other = ("a plan", "an actuals file") if wanted is PlanFile else ("an actuals file", "a plan")
        line, column, location = locate(loaded.source, ("dxcheck",))
        raise InputError([Problem(name, line, column, location, f"expected {what}, but this is {other}")])
    return loaded


def load_plan(name: str) -> PlanFile:
    """Load a plan file; raise InputError with every problem, or if the file holds actuals."""
    loaded = _expect(name, PlanFile)
    assert isinstance(loaded, PlanFile)
    return loaded


def load_actuals(name: str) -> ActualsFile:
    """Load an actuals file; raise InputError with every problem, or if the file holds a plan."""
    loaded = _expect(name, ActualsFile)
    assert isinstance(loaded, ActualsFile)
    return loaded
