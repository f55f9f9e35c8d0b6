"""Loading a file: read → parse YAML → validate with pydantic → check the rules, problems placed."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from dxcheck import rules
from dxcheck.files import Source, read_source
from dxcheck.models import Actuals, Indicator, Plan, SourceRef
from dxcheck.positions import Positions
from dxcheck.problems import DocPath, InputError, Problem, describe_value
from dxcheck.scalars import is_yaml11_bool, yaml11_hint
from dxcheck.yamlsource import MAX_PROBLEMS, Parsed, parse

PLAN_MARKER = "plan/1"
ACTUALS_MARKER = "actuals/1"
# a message quoting a long value is cut here: one line a person can read, whatever the input
_MAX_MESSAGE = 300


@dataclass(frozen=True, slots=True)
class PlanFile:
    """A valid plan, the file it came from, and where each of its nodes is written."""

    source: Source
    plan: Plan
    positions: Positions = field(repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.source.name

    def locate(self, path: DocPath, at_key: bool = False) -> tuple[int, int, str]:
        """Line, column (from 1) and shown location of the node at `path` (of its key with `at_key`)."""
        return self.positions.locate(path, at_key)

    def without_text(self) -> PlanFile:
        """The same plan and places without the file's text, which no stage after loading reads:
        a check holds every plan while the actuals are added (the 1x benchmark's plans are 10 MB of it)."""
        self.positions.release_text()
        return PlanFile(Source(self.source.name, ""), self.plan, self.positions)


@dataclass(frozen=True, slots=True)
class ActualsFile:
    """A valid actuals file, the file it came from, and where each of its nodes is written."""

    source: Source
    actuals: Actuals
    positions: Positions = field(repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.source.name

    def locate(self, path: DocPath, at_key: bool = False) -> tuple[int, int, str]:
        """Line, column (from 1) and shown location of the node at `path` (of its key with `at_key`)."""
        return self.positions.locate(path, at_key)


Loaded = PlanFile | ActualsFile
# a ValidationError names the model it came from by its title
_ROOTS: dict[str | None, type[BaseModel]] = {
    model.model_config.get("title"): model for model in (Plan, Actuals)
}


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation stands for, through Annotated[...] and `| None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in {Annotated, Union, UnionType}:
        for arg in get_args(annotation):
            if (model := _model_of(arg)) is not None:
                return model
    return None


def _inside(annotation: Any, step: object) -> Any:
    """The annotation of what lies at `step` (a key or an index) inside a value of `annotation`."""
    origin = get_origin(annotation)
    if origin in {Annotated, Union, UnionType}:
        found = (_inside(arg, step) for arg in get_args(annotation) if arg is not type(None))
        return next((item for item in found if item is not None), None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(step) if isinstance(step, str) else None
        return field.annotation if field is not None else None
    if origin is tuple and isinstance(step, int):
        return get_args(annotation)[0]
    if origin is dict:
        return get_args(annotation)[1]
    return None


def _keys_at(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys a mapping at `loc` may have: an unknown key is compared with these, not every key
    of the format (a top-level `value:` is a misspelt `values`, whatever a value mapping allows)."""
    annotation: Any = root
    for step in loc:
        annotation = _inside(annotation, step)
    model = _model_of(annotation)
    return sorted(model.model_fields) if model is not None else []


def _suggest(word: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(word, [key for key in allowed if key != word], n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _message(error: dict[str, Any], root: type[BaseModel] | None) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind == "extra_forbidden":
        allowed = _keys_at(root, loc[:-1]) if root is not None else []
        return f"unknown key '{loc[-1]}'{_suggest(str(loc[-1]), allowed)}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"expected {expected}"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        hint = yaml11_hint(error.get("input"))
        return f"expected one of {expected}" + (f" ({hint})" if hint else "")
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping (indented 'key: value' lines), got {_kind(error.get('input'))}"
    if kind == "invalid_key":
        return "a key must be text here: quote it"
    if kind in {"tuple_type", "list_type"}:
        return f"expected a list ('- item' lines), got {_kind(error.get('input'))}"
    message = str(error["msg"])
    if kind == "dxcheck":
        return message + _hint(error.get("input"), loc, message)
    return message[0].lower() + message[1:] if message[:1].isupper() else message


def _hint(value: object, loc: tuple[Any, ...], message: str) -> str:
    """Why a value that YAML 1.1 would have converted is refused, and what to write instead."""
    hint = yaml11_hint(value)
    if hint is None or "date" in message or "must match" in message:
        return ""
    if is_yaml11_bool(value) and "targets" in loc:
        hint += ": write 'done'"
    elif is_yaml11_bool(value) and loc[-1] == "value" and ("values" in loc or "baseline" in loc):
        hint += ": write true or false"  # only a figure can be a boolean; quoting would change nothing
    return f" ({hint})"


def _is_reported(loc: tuple[Any, ...], bad: Collection[tuple[str, ...]]) -> bool:
    """Whether `loc` lies at or under a place the YAML reader already reported."""
    if not bad:
        return False
    as_text = tuple(str(step) for step in loc)
    return any(as_text[:end] in bad for end in range(len(as_text) + 1))


def _problem(parsed: Parsed, path: DocPath, message: str, at_key: bool = False) -> Problem:
    line, column, location = parsed.positions.locate(path, at_key)
    message = " ".join(message.split())
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return Problem(parsed.source.name, line, column, location, message)


def problems_of(parsed: Parsed, error: ValidationError) -> list[Problem]:
    """Pydantic's errors as placed problems, leaving out what the YAML reader already reported."""
    found, left_out = _placed(parsed, error, parsed.bad_paths)
    return [*found, _more(parsed.source, left_out)] if left_out else found


def _placed(
    parsed: Parsed, error: ValidationError, bad: Collection[tuple[str, ...]]
) -> tuple[list[Problem], int]:
    """At most MAX_PROBLEMS placed problems, and how many more there were: a file of a million
    wrong keys is answered in bounded time, and the first problems show the pattern."""
    found: list[Problem] = []
    left_out = 0
    root = _ROOTS.get(error.title)
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        at_key = item["type"] == "extra_forbidden"
        message = ""
        if loc and loc[-1] == "[key]":
            loc, at_key = loc[:-1], True
            if isinstance(item.get("input"), int) and not isinstance(item.get("input"), bool):
                message = " (quote the key if it is meant as text)"
        at_key = at_key or item["type"] == "invalid_key"
        if _is_reported(loc, bad):
            continue
        if len(found) >= MAX_PROBLEMS:
            left_out += 1
        else:
            found.append(_problem(parsed, loc, _message(dict(item), root) + message, at_key))
    return found, left_out


def _more(source: Source, count: int) -> Problem:
    return Problem(
        source.name, 1, 1, "$", f"{count} more problems not shown: fix the ones above and run dxcheck again"
    )


def _validate(parsed: Parsed) -> Loaded | list[Problem]:
    source, data = parsed.source, parsed.data
    problems = list(parsed.problems)
    if parsed.fatal:
        return _finish(source, problems, parsed.more)
    if not isinstance(data, dict):
        problems.append(
            _problem(
                parsed,
                (),
                "expected a mapping with a 'dxcheck:' key, found "
                + ("an empty document" if data is None else _kind(data)),
            )
        )
        return _finish(source, problems, parsed.more)
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
        problems.append(_problem(parsed, ("dxcheck",) if "dxcheck" in data else (), message))
        return _finish(source, problems, parsed.more)
    try:
        document = model.model_validate(data)
    except ValidationError as error:
        found, left_out = _placed(parsed, error, parsed.bad_paths)
        # every problem of a file in one run: the rules of its sound parts too
        findings = _rules_of_sound_parts(data) if model is Plan else _rules_of_sound_figures(data, error)
        reported = {*parsed.bad_paths, *(_loc_path(item["loc"]) for item in error.errors())}
        found += [
            _problem(parsed, path, message) for path, message in findings if not _is_reported(path, reported)
        ]
        return _finish(source, [*problems, *found], parsed.more + left_out)
    findings = rules.check_plan(document) if isinstance(document, Plan) else rules.check_actuals(document)
    kept = [(path, message) for path, message in findings if not _is_reported(path, parsed.bad_paths)]
    problems.extend(_problem(parsed, path, message) for path, message in kept[:MAX_PROBLEMS])
    if problems:
        return _finish(source, problems, parsed.more + max(0, len(kept) - MAX_PROBLEMS))
    if isinstance(document, Plan):
        return PlanFile(source, document, parsed.positions)
    return ActualsFile(source, document, parsed.positions)


def _loc_path(loc: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(str(step) for step in loc if step != "[key]")


def _rules_of_sound_parts(data: dict[Any, Any]) -> list[rules.Finding]:
    """The rules of the indicators that are valid on their own, when the plan as a whole is not."""
    raw_indicators = data.get("indicators")
    if not isinstance(raw_indicators, list):
        return []
    sound: list[tuple[int, Indicator]] = []
    for i, raw in enumerate(raw_indicators):
        try:
            sound.append((i, Indicator.model_validate(raw)))
        except ValidationError:
            continue
    raw_sources = data.get("sources", [])
    sources: tuple[SourceRef, ...] | None
    try:
        sources = (
            tuple(SourceRef.model_validate(raw) for raw in raw_sources)
            if isinstance(raw_sources, list)
            else None
        )
    except ValidationError:
        sources = None
    return rules.check_plan_parts(sources, sound)


def _rules_of_sound_figures(data: dict[Any, Any], error: ValidationError) -> list[rules.Finding]:
    """The rules of an actuals file's figures (a missing denominator, a value that disagrees with
    its ratio, a year given twice), when other figures of the file are invalid: the file without its
    broken entries, checked whole, its paths unchanged. None when a part outside the figures is broken."""
    broken: set[tuple[Any, ...]] = set()
    for item in error.errors():
        loc = tuple(item["loc"])
        if len(loc) >= 2 and loc[0] == "values":
            broken.add(loc[:2])
        elif len(loc) >= 4 and loc[0] == "regions" and loc[2] == "values":
            broken.add(loc[:4])
        else:
            return []
    sound = dict(data)
    if isinstance(data.get("values"), dict):
        sound["values"] = _without(data["values"], broken, ("values",))
    if isinstance(data.get("regions"), dict):
        sound["regions"] = {
            region: {**block, "values": _without(block["values"], broken, ("regions", region, "values"))}
            if isinstance(block, dict) and isinstance(block.get("values"), dict)
            else block
            for region, block in data["regions"].items()
        }
    try:
        return rules.check_actuals(Actuals.model_validate(sound))
    except ValidationError:
        return []


def _without(
    values: dict[Any, Any], broken: Collection[tuple[Any, ...]], here: tuple[Any, ...]
) -> dict[Any, Any]:
    return {key: value for key, value in values.items() if (*here, key) not in broken}


def _finish(source: Source, problems: list[Problem], more: int) -> list[Problem]:
    """Problems in file order, at most MAX_PROBLEMS of them, then how many more there were."""
    problems = sorted(problems, key=lambda p: (p.line, p.column))
    more += max(0, len(problems) - MAX_PROBLEMS)
    problems = problems[:MAX_PROBLEMS]
    if more:
        problems.append(_more(source, more))
    return problems


def _kind(data: object) -> str:
    """What a document or a part of it is, where a mapping or a list was expected."""
    if data is None or isinstance(data, dict | list):
        return describe_value(data)
    return f"a single value ({describe_value(data)})"


def load_file(name: str, *, max_bytes: int | None = None) -> Loaded | list[Problem]:
    """Load a plan or an actuals file, whichever its `dxcheck:` key says; or every problem in it.

    `max_bytes` is the size limit of the file (default: DXCHECK_MAX_FILE_SIZE, else 10 MB).
    """
    source = read_source(name, max_bytes)
    if isinstance(source, Problem):
        return [source]
    return _validate(parse(source))


def load_text(name: str, text: str) -> Loaded | list[Problem]:
    """Load a file's text held in memory (what `dxcheck init` is about to write); or every problem in it."""
    return _validate(parse(Source(name, text)))


def load(name: str, *, max_bytes: int | None = None) -> Loaded:
    """Load a plan or actuals file; raise InputError with every problem in it."""
    result = load_file(name, max_bytes=max_bytes)
    if isinstance(result, list):
        raise InputError(result)
    return result


def _expect(name: str, wanted: type[PlanFile] | type[ActualsFile], max_bytes: int | None) -> Loaded:
    loaded = load(name, max_bytes=max_bytes)
    if not isinstance(loaded, wanted):
        what, other = ("a plan", "an actuals file") if wanted is PlanFile else ("an actuals file", "a plan")
        line, column, location = loaded.locate(("dxcheck",))
        message = f"expected {what}, but this is {other}: check the order of the files"
        raise InputError([Problem(name, line, column, location, message)])
    return loaded


def load_plan(name: str, *, max_bytes: int | None = None) -> PlanFile:
    """Load a plan file; raise InputError with every problem, or if the file holds actuals."""
    loaded = _expect(name, PlanFile, max_bytes)
    assert isinstance(loaded, PlanFile)
    return loaded


def load_actuals(name: str, *, max_bytes: int | None = None) -> ActualsFile:
    """Load an actuals file; raise InputError with every problem, or if the file holds a plan."""
    loaded = _expect(name, ActualsFile, max_bytes)
    assert isinstance(loaded, ActualsFile)
    return loaded


def load_many(
    plan: str, actuals: Sequence[str], max_bytes: int | None = None
) -> tuple[PlanFile, list[ActualsFile]]:
    """A plan and its actuals files; raise InputError with the problems of all of them at once."""
    problems: list[Problem] = []
    plan_file: PlanFile | None = None
    try:
        plan_file = load_plan(plan, max_bytes=max_bytes)
    except InputError as error:
        problems.extend(error.problems)
    actuals_files: list[ActualsFile] = []
    for name in actuals:
        try:
            actuals_files.append(load_actuals(name, max_bytes=max_bytes))
        except InputError as error:
            problems.extend(error.problems)
    if problems or plan_file is None:
        raise InputError(problems)
    return plan_file, actuals_files


def describe(loaded: Loaded) -> str:
    """A one-line summary of a valid file: `plan thanhhoa-2025, 28 indicators, 28 targets`."""
    if isinstance(loaded, PlanFile):
        plan = loaded.plan
        targets = sum(len(indicator.targets) for indicator in plan.indicators)
        return f"plan {plan.id}, {len(plan.indicators)} indicators, {targets} targets"
    values = loaded.actuals.by_region().values()
    count = sum(len(specs) for region in values for specs in region.values())
    return f"actuals {loaded.actuals.year}, {count} values"
