"""Pydantic models of the two file formats; expressions are parsed into typed objects here, once.

Unlike the other modules this one has no `from __future__ import annotations`: pydantic would then
evaluate every annotation from its text when the models are built: about 10 ms of every start-up.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from dxcheck.expressions import (
    RANGE_NUMBER,
    ExpressionError,
    Measure,
    Target,
    number_hint,
    parse_measure,
    parse_target,
    parse_years,
)
from dxcheck.problems import describe_value

MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_TEXT = 10_000
MAX_ID = 100


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("dxcheck", message)


def _slug(pattern: str, what: str) -> Any:
    compiled = re.compile(pattern)

    def check(value: object) -> str:
        if not isinstance(value, str):
            raise _fail(f"{what} must be text such as 'thanhhoa-2025', not {describe_value(value)}")
        if len(value) > MAX_ID:
            raise _fail(f"{what} is longer than {MAX_ID} characters")
        if not compiled.fullmatch(value):
            raise _fail(
                f"{what} {value!r} must match {pattern} (lower-case letters, digits, '-'"
                + (", '.'" if "." in pattern else "")
                + ")"
            )
        return value

    return check


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _fail(f"expected text, got {describe_value(value)} (quote it if it is meant as text)")
    if len(value) > MAX_TEXT:
        raise _fail(f"text longer than {MAX_TEXT} characters")
    return value


def _year(value: object) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        # the JSON Schema says integer: `year: "2025"` is refused by both, and here with the fix
        raise _fail(f"a year is a whole number such as 2025, not the text {value!r}: write it without quotes")
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(f"a year is a whole number such as 2025, not {describe_value(value)}")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise _fail(f"year {value} is outside {MIN_YEAR}–{MAX_YEAR}")
    return value


def _year_key(value: object) -> int:
    # a key is text to every JSON reader (and to check-jsonschema's YAML reader): `"2025":` is a year
    if isinstance(value, str) and value.isdigit() and len(value) == 4:
        value = int(value)
    return _year(value)


class YearSpan(NamedTuple):
    """A target key: one year (`2025`) or a range of years (`2021..2025`), with the key as written."""

    first: int
    last: int
    key: str


def _target_key(value: object) -> YearSpan:
    try:
        span = parse_years(value)
    except ExpressionError as error:
        raise _fail(str(error)) from None
    if span is None:
        year = _year_key(value)
        return YearSpan(year, year, str(value))
    assert isinstance(value, str)
    return YearSpan(_year(span[0]), _year(span[1]), value)


def _size(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(f"'of' is the number of places ranked, a whole number ≥ 1, not {describe_value(value)}")
    return value


def _number(value: object, expected: str = "a number") -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _fail(_not_a_number(value, expected))
    return Decimal(value)


def _not_a_number(value: object, expected: str) -> str:
    hint = number_hint(value) if isinstance(value, str) else None
    if hint is not None and isinstance(value, str) and hint.rpartition(": ")[2] == value.strip():
        # a plain number in quotes is text to every YAML and JSON reader: the quotes are what is wrong
        return f"expected {expected}, got the text {value!r}: write it without quotes"
    return hint or f"expected {expected}, got {describe_value(value)}"


def _baseline_value(value: object) -> Decimal | bool:
    # a milestone's baseline says whether it was reached at the start: true or false, like its figures
    if isinstance(value, bool):
        return value
    return _number(value, "a number, or true/false for a boolean indicator")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: object) -> dt.date:
    # Python 3.11's fromisoformat also takes 20240101 and 2024W011; the format says YYYY-MM-DD
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(f"expected a date written YYYY-MM-DD, got {describe_value(value)}")


def _target(value: object) -> Target:
    if isinstance(value, bool):
        # the unit is not known here: the message must hold for a boolean indicator and any other
        raise _fail("a target is not true/false: a milestone (unit boolean) takes the target 'done'")
    try:
        return parse_target(value)
    except ExpressionError as error:
        raise _fail(str(error)) from None


def _measure(value: object) -> Measure:
    try:
        return parse_measure(value)
    except ExpressionError as error:
        raise _fail(str(error)) from None


# the JSON Schema of the expressions follows the grammar of expressions.py, so that a validator reading a
# file with the schema accepts the same texts as dxcheck (the unit's rules apart, which need the plan)
_NUM = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?"
_TOLERANCE = r"(?:±|\+/-|\+-)\s*\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?\s*%?"
_RANGE = rf"{RANGE_NUMBER}\s*%?\s*\.\.\s*{RANGE_NUMBER}\s*%?"
_NUMBER_SCHEMA = {"type": "number"}
_TARGET_SCHEMA = {
    "anyOf": [
        {"type": "number"},
        {
            "type": "string",
            "pattern": rf"^\s*(?:(?:[>＞<＜]=?|=|≥|≤)?\s*{_NUM}\s*%?"
            rf"|[~～]\s*{_NUM}\s*%?(?:\s*{_TOLERANCE})?|[Tt][Oo][Pp]\s*[0-9]{{1,9}}|[Dd][Oo][Nn][Ee]"
            rf"|{_RANGE})\s*$",
        },
    ],
    "description": "'>= N', '> N', '<= N', '< N', '= N', a bare number, '~N', '~N ±T', a range 'N..M', "
    "'top N' or 'done'.",
}
_MEASURE_SCHEMA = {
    "anyOf": [
        {"type": "number"},
        {"type": "boolean"},
        {
            "type": "string",
            "pattern": rf"^\s*(?:(?:[>＞<＜]=?|≥|≤)?\s*{_NUM}\s*%?"
            rf"|[~～]\s*{_NUM}\s*%?(?:\s*{_TOLERANCE})?|{_RANGE})\s*$",
        },
    ],
    "description": "A number, true/false, '~N' or '~N ±T' (approximately N), a bound '> N', '>= N', '< N', "
    "'<= N', or a range 'N..M'.",
}
_DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        # a YAML 1.1 reader (PyYAML's safe_load) makes a date of an unquoted 2024-02-20: no JSON type
        {"not": {"type": ["string", "number", "boolean", "null", "array", "object"]}},
    ],
    "description": "A date written YYYY-MM-DD.",
}
_YEAR_SCHEMA = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
_SIZE_SCHEMA = {"type": "integer", "minimum": 1}


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: typing hashes the metadata
class _Checked:
    """A value checked by one function, with the JSON Schema it exports. Pydantic's PlainValidator does
    the same, but reads the function's signature and builds a serializer each time: 3 ms of start-up."""

    check: Callable[[Any], Any]
    exported: dict[str, Any]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return self.exported


Text = Annotated[str, _Checked(_text, {"type": "string"})]
Year = Annotated[int, _Checked(_year, _YEAR_SCHEMA)]
TargetKey = Annotated[YearSpan, _Checked(_target_key, _YEAR_SCHEMA)]
Size = Annotated[int, _Checked(_size, _SIZE_SCHEMA)]
Number = Annotated[Decimal, _Checked(_number, _NUMBER_SCHEMA)]
BaselineValue = Annotated[
    Decimal | bool, _Checked(_baseline_value, {"anyOf": [_NUMBER_SCHEMA, {"type": "boolean"}]})
]
Date = Annotated[dt.date, _Checked(_date, _DATE_SCHEMA)]


@dataclass(frozen=True, slots=True)
class _Slug:
    """A slug type's one pattern, for both dxcheck's own check and the JSON Schema: they cannot drift."""

    pattern: str
    what: str
    examples: tuple[str, ...] = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(_slug(self.pattern, self.what))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        exported: dict[str, Any] = {"type": "string", "pattern": f"^{self.pattern}$", "maxLength": MAX_ID}
        return {**exported, "examples": list(self.examples)} if self.examples else exported


PlanId = Annotated[str, _Slug(r"[a-z0-9][a-z0-9-]*", "id")]
RegionId = Annotated[str, _Slug(r"[a-z0-9][a-z0-9-]*", "region")]
SourceId = Annotated[str, _Slug(r"[a-z0-9][a-z0-9._-]*", "source id")]
IndicatorId = Annotated[str, _Slug(r"[a-z0-9][a-z0-9.-]*", "indicator id")]
UnitName = Annotated[str, _Slug(r"[a-z0-9][a-z0-9-]*", "unit", ("percent", "count", "rank", "boolean"))]
TargetExpr = Annotated[Target, _Checked(_target, _TARGET_SCHEMA)]
MeasureExpr = Annotated[Measure, _Checked(_measure, _MEASURE_SCHEMA)]


class Pillar(StrEnum):
    """The pillar an indicator belongs to; the table is grouped by it."""

    DIGITAL_GOVERNMENT = "digital-government"
    DIGITAL_ECONOMY = "digital-economy"
    DIGITAL_SOCIETY = "digital-society"
    DIGITAL_INFRASTRUCTURE = "digital-infrastructure"
    INFORMATION_SECURITY = "information-security"
    OTHER = "other"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class LocalizedText(_Model):
    """Text in Vietnamese and/or English."""

    vi: Text | None = Field(None, description="Vietnamese text.")
    en: Text | None = Field(None, description="English text.")

    @model_validator(mode="after")
    def _not_empty(self) -> "LocalizedText":
        if self.vi is None and self.en is None:
            raise _fail("give the text in 'vi', 'en' or both")
        return self

    def pick(self, lang: str) -> str:
        first, second = (self.en, self.vi) if lang == "en" else (self.vi, self.en)
        return first or second or ""


def _wrap_text(value: object) -> object:
    return {"vi": value} if isinstance(value, str) else value


_VI = {"type": "string", "title": "Vietnamese", "description": "Vietnamese text."}
_EN = {"type": "string", "title": "English", "description": "English text."}
_LOCALIZED_SCHEMA = {
    "type": "object",
    "title": "Localized text",
    "description": "Text in Vietnamese (vi) and/or English (en).",
    "properties": {"vi": {**_VI, "type": ["string", "null"]}, "en": {**_EN, "type": ["string", "null"]}},
    "additionalProperties": False,
    # like the model: either may be left empty, not both
    "anyOf": [
        {"required": ["vi"], "properties": {"vi": _VI}},
        {"required": ["en"], "properties": {"en": _EN}},
    ],
}
Name = Annotated[
    LocalizedText,
    BeforeValidator(_wrap_text),
    WithJsonSchema({"anyOf": [{"type": "string"}, _LOCALIZED_SCHEMA]}),
]


class SourceRef(_Model):
    """A document the figures come from."""

    id: SourceId = Field(description="Short id that targets and values refer to with `source:`.")
    title: Text | None = Field(None, description="Title of the document or article.")
    url: Text | None = Field(None, description="Where the document can be read.")
    publisher: Text | None = Field(None, description="Who published it.")
    date: Date | None = Field(None, description="Publication date, YYYY-MM-DD.")


class Baseline(_Model):
    """The starting point progress is measured from."""

    year: Year = Field(description="Year of the baseline figure.")
    value: BaselineValue = Field(
        description="The baseline figure, in the indicator's unit; true or false for a boolean one."
    )
    quote: Text | None = Field(None, description="The sentence the figure came from.")
    source: SourceId | None = Field(None, description="Id of the source, from `sources`.")
    note: Text | None = Field(None, description="Why the figure was read this way.")


def _wrap_target(value: object) -> object:
    return value if isinstance(value, dict) else {"target": value}


class TargetSpec(_Model):
    """One target of an indicator for one year."""

    target: TargetExpr = Field(description="The target expression.")
    quote: Text | None = Field(None, description="The sentence of the source the target came from.")
    source: SourceId | None = Field(None, description="Id of the source, from `sources`.")
    note: Text | None = Field(None, description="How the sentence was read, where it was ambiguous.")
    _key: str = PrivateAttr("")

    @property
    def key(self) -> str:
        """The target key this target is written under: `2025`, or `2021..2025` for each year of a range."""
        # read from pydantic's store of private attributes: `self._key` goes through the model's
        # __getattr__ at 3.5 µs a read, a tenth of a check that reads every target's key
        private = self.__pydantic_private__
        return private["_key"] if private is not None else ""


class YearTargets(dict[int, TargetSpec]):
    """Target year → target, a range key's target under each of its years, in the order written.

    `overlaps` keeps each year written a second time (later key, year, earlier key): the first
    stays, and the rules report the second at its own key.
    """

    overlaps: tuple[tuple[str, int, str], ...] = ()


def _by_year(written: dict[YearSpan, TargetSpec]) -> dict[int, TargetSpec]:
    targets = YearTargets()
    overlaps: list[tuple[str, int, str]] = []
    for span, spec in written.items():
        spec._key = span.key
        for year in range(span.first, span.last + 1):
            if year in targets:
                overlaps.append((span.key, year, targets[year].key))
            else:
                targets[year] = spec
    targets.overlaps = tuple(overlaps)
    return targets


@dataclass(frozen=True, slots=True)
class _ByYear:
    """Targets as written (keys of one year or a range of years), then, once valid, one per year."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        written = handler.generate_schema(
            dict[TargetKey, Annotated[TargetSpec, BeforeValidator(_wrap_target)]]
        )
        return core_schema.no_info_after_validator_function(_by_year, written)


Targets = Annotated[
    dict[int, TargetSpec],
    _ByYear(),
    Field(
        json_schema_extra={"minProperties": 1},
        description="Target year → target expression, or a mapping with `target`, `quote`, `source`, `note`.",
    ),
]


class Indicator(_Model):
    """A measured concept with its targets."""

    id: IndicatorId = Field(description="Indicator id; the same concept keeps the same id across files.")
    name: Name = Field(title="Name", description="Name: text, or {vi: …, en: …}.")
    pillar: Pillar | None = Field(None, title="Pillar", description="Pillar the indicator belongs to.")
    unit: UnitName = Field(description="percent, count, rank, boolean, or another unit as a slug.")
    direction: Direction = Field(
        Direction.INCREASE, description="increase (default) or decrease; a rank always decreases."
    )
    baseline: Baseline | None = Field(
        None, title="Baseline", description="Starting point for the progress ratio."
    )
    targets: Targets
    source: SourceId | None = Field(None, description="Id of the source, from `sources`.")
    note: Text | None = Field(None, description="Free text.")

    @property
    def target_overlaps(self) -> tuple[tuple[str, int, str], ...]:
        """Each year given a second time: (the later key, the year, the earlier key), in file order."""
        return self.targets.overlaps if isinstance(self.targets, YearTargets) else ()

    @property
    def is_decrease(self) -> bool:
        return self.unit == "rank" or self.direction is Direction.DECREASE


class Plan(_Model):
    """A plan file (`dxcheck: plan/1`)."""

    model_config = ConfigDict(
        title="dxcheck plan",
        json_schema_extra={"description": "Targets of a digital-transformation plan, judged by dxcheck."},
    )

    dxcheck: Literal["plan/1"] = Field(description="Format and version: `plan/1`.")
    id: PlanId = Field(description="Plan id, e.g. `thanhhoa-2025`.")
    region: RegionId = Field(description="Region slug, e.g. `thanhhoa`.")
    title: Name = Field(title="Title", description="Title: text, or {vi: …, en: …}.")
    issued_by: Text | None = Field(None, description="The issuing body.")
    reference: Text | None = Field(None, description="Decision or resolution number.")
    issued: Date | None = Field(None, description="Date of issue, YYYY-MM-DD.")
    measured_against: tuple[PlanId, ...] = Field(
        (),
        description="Ids of the plans this plan's targets are measured against (`dxcheck targets`); "
        "without it, a region's plans are measured against every plan of region `vietnam`.",
    )
    sources: tuple[SourceRef, ...] = Field((), description="Documents the targets come from.")
    indicators: tuple[Indicator, ...] = Field(
        json_schema_extra={"minItems": 1}, description="The plan's indicators."
    )


def _wrap_values(value: object) -> object:
    return value if isinstance(value, list) else [value]


def _wrap_value(value: object) -> object:
    return value if isinstance(value, dict) else {"value": value}


class ValueSpec(_Model):
    """One observed figure of an indicator."""

    value: MeasureExpr | None = Field(
        None, description="The figure: a number, true/false, '~N' or a bound such as '> 98'."
    )
    numerator: Number | None = Field(None, description="Count of what is measured (with denominator).")
    denominator: Number | None = Field(None, description="Count of the whole (with numerator).")
    year: Year | None = Field(None, description="Year the figure describes, if not the file's year.")
    as_of: Date | None = Field(
        None, description="The figure describes its year only up to this date (a part-year report)."
    )
    of: Size | None = Field(None, description="For a rank: the number of places ranked («thứ 5/34»).")
    unit: UnitName | None = Field(None, description="Unit; must equal the plan indicator's unit.")
    source: SourceId | None = Field(None, description="Id of the source, from `sources`.")
    quote: Text | None = Field(None, description="The sentence the figure came from.")
    note: Text | None = Field(None, description="How the sentence was read, where it was ambiguous.")


Values = dict[
    IndicatorId,
    Annotated[tuple[Annotated[ValueSpec, BeforeValidator(_wrap_value)], ...], BeforeValidator(_wrap_values)],
]


class RegionValues(_Model):
    """The figures of one region."""

    values: Values = Field(description="Indicator id → value, or a list of values with distinct years.")


class Actuals(_Model):
    """An actuals file (`dxcheck: actuals/1`)."""

    model_config = ConfigDict(
        title="dxcheck actuals",
        json_schema_extra={"description": "Actual figures of one year, for one region or several."},
    )

    dxcheck: Literal["actuals/1"] = Field(description="Format and version: `actuals/1`.")
    year: Year = Field(description="The year the figures describe.")
    as_of: Date | None = Field(None, description="Date the figures were published or read.")
    title: Text | None = Field(None, description="Title.")
    sources: tuple[SourceRef, ...] = Field((), description="Documents the figures come from.")
    region: RegionId | None = Field(None, description="Region of `values` (single-region form).")
    values: Values | None = Field(None, description="Indicator id → value (single-region form).")
    regions: dict[RegionId, RegionValues] | None = Field(
        None, description="Region → {values: …} (several-region form)."
    )

    def by_region(self) -> dict[str, Values]:
        if self.regions is not None:
            return {name: block.values for name, block in self.regions.items()}
        if self.region is not None and self.values is not None:
            return {self.region: self.values}
        return {}
