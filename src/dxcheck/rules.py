"""Rules beyond types: the cross-field checks of SPEC-level validation, each placed at a path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal

from dxcheck.expressions import (
    Approximately,
    Between,
    Comparison,
    Done,
    Measure,
    Target,
    Top,
    format_number,
    observed,
)
from dxcheck.models import Actuals, Direction, Indicator, Plan, SourceRef, TargetSpec, ValueSpec
from dxcheck.problems import DocPath, format_path

Finding = tuple[DocPath, str]


def unit_problem(unit: str, value: Decimal | bool) -> str | None:
    """Why `value` cannot be a figure in `unit`, or None when it can."""
    if unit == "boolean":
        if isinstance(value, bool):
            return None
        if value in {0, 1}:  # a spreadsheet's habit: say which boolean it stands for
            return f"a boolean indicator takes true or false, not {value}: write {str(value == 1).lower()}"
        return f"a boolean indicator takes true or false, not {value}"
    if isinstance(value, bool):
        return f"true/false is only for unit boolean; this indicator is in {unit}"
    if unit == "percent" and not 0 <= value <= 100:
        return f"a percent lies in 0–100, not {value}"
    if unit == "count" and (value < 0 or value != value.to_integral_value()):
        exponent = value.as_tuple().exponent
        if value > 0 and exponent == -3:  # 9.433: a Vietnamese thousands dot, most likely
            thousands = f"{value * 1000:.0f}"
            hint = f"if the dot separates thousands, write {thousands}"
            return f"a count is a whole number ≥ 0, not {value} ({hint})"
        return f"a count is a whole number ≥ 0, not {value}"
    if unit == "rank" and (value < 1 or value != value.to_integral_value()):
        return f"a rank is a whole number ≥ 1, not {value}"
    return None


def measure_problem(unit: str, measure: Measure) -> str | None:
    """Why an actual value cannot stand in `unit`, or None."""
    if measure.percent_sign and unit != "percent":
        return f"a % sign is only for unit percent; this figure is in {unit}"
    if isinstance(measure.value, bool):
        return unit_problem(unit, measure.value)
    if unit == "boolean" and (measure.bound is not None or measure.approximate):
        kind = "a bound" if measure.bound is not None else "an approximate figure"
        return f"a boolean indicator takes true or false, not {kind}"
    if measure.is_exact:
        return unit_problem(unit, measure.value)
    if observed(measure, unit).is_empty():
        whole = " whole" if unit in {"count", "rank"} else ""
        within = "" if measure.bound is not None else "in "
        return f"no{whole} {unit} lies {within}{_written(measure)}"
    return None


def _written(measure: Measure) -> str:
    value = measure.value
    assert not isinstance(value, bool)
    if measure.high is not None:
        return f"{format_number(value)}..{format_number(measure.high)}"
    if measure.approximate:
        return f"~{format_number(value)} ±{format_number(measure.effective_tolerance)}"
    assert measure.bound is not None
    return f"{measure.bound.value} {format_number(value)}"


def of_problem(unit: str, of: int | None, measure: Measure) -> str | None:
    """Why `of` (the number of places ranked) cannot go with this figure, or None."""
    if of is None:
        return None
    if unit != "rank":
        return f"'of' is only for unit rank; this figure is in {unit}"
    if isinstance(measure.value, bool):
        return None
    lowest = observed(measure, unit).lo
    if lowest is not None and lowest > of:
        return f"rank {format_number(lowest)} cannot be among only {of} places"
    return None


def _target_problems(indicator: Indicator, target: Target) -> Iterator[str]:
    unit = indicator.unit
    match target:
        case Done():
            if unit != "boolean":
                yield f"'done' is only for unit boolean; this indicator is in {unit}"
            return
        case Top(n=n):
            if unit != "rank":
                yield f"'top N' is only for unit rank; this indicator is in {unit}"
            elif n < 1:
                yield "a rank is a whole number ≥ 1"
            return
        case Between(low=low, high=high, percent_sign=sign):
            yield from _number_problems(unit, sign, (low, high))
        case Comparison(value=value, percent_sign=sign) | Approximately(value=value, percent_sign=sign):
            if unit == "rank" and isinstance(target, Comparison) and target.bare:
                yield "a bare number is not a rank target: write 'top N' or '<= N'"
                return
            yield from _number_problems(unit, sign, (value,))


def _number_problems(unit: str, percent_sign: bool, numbers: tuple[Decimal, ...]) -> Iterator[str]:
    if unit == "boolean":
        yield "a boolean indicator takes the target 'done'"
        return
    if percent_sign and unit != "percent":
        yield f"a % sign is only for unit percent; this indicator is in {unit}"
    problem = next(filter(None, (unit_problem(unit, number) for number in numbers)), None)
    if problem is not None:
        yield problem


def _source_findings(
    sources: tuple[SourceRef, ...], refs: list[tuple[DocPath, str | None]]
) -> Iterator[Finding]:
    known: set[str] = set()
    for index, source in enumerate(sources):
        if source.id in known:
            yield ("sources", index, "id"), f"source id {source.id!r} is used twice"
        known.add(source.id)
    for path, ref in refs:
        if ref is not None and ref not in known:
            listed = ", ".join(sorted(known)) or "none are listed"
            yield path, f"unknown source {ref!r}: it must be one of the file's sources ({listed})"


def check_plan(plan: Plan) -> list[Finding]:
    """Every rule of a plan beyond its types, as (path, message) pairs in file order."""
    if not plan.indicators:
        return [(("indicators",), "a plan needs at least one indicator")]
    return [
        *_measured_against_findings(plan),
        *check_plan_parts(plan.sources, list(enumerate(plan.indicators))),
    ]


def _measured_against_findings(plan: Plan) -> Iterator[Finding]:
    """A plan is not measured against itself, nor twice against one plan; whether the plans named
    exist is known only when they are read together (`dxcheck targets`)."""
    seen: set[str] = set()
    for i, other in enumerate(plan.measured_against):
        if other == plan.id:
            yield (
                ("measured_against", i),
                f"a plan is not measured against itself ('{other}' is this plan's id)",
            )
        elif other in seen:
            yield ("measured_against", i), f"'{other}' is already listed"
        seen.add(other)


def check_plan_parts(
    sources: tuple[SourceRef, ...] | None, indicators: Sequence[tuple[int, Indicator]]
) -> list[Finding]:
    """The rules of a plan's indicators that are valid on their own, with their list positions.

    Used for a whole plan, and for the indicators that are sound when others in the same
    file are not, so that one file's problems all come out in one run. With `sources` None
    (the list itself is broken) references to sources are not checked.
    """
    findings: list[Finding] = []
    refs: list[tuple[DocPath, str | None]] = []
    seen: dict[str, int] = {}
    for i, indicator in indicators:
        here: DocPath = ("indicators", i)
        if indicator.id in seen:
            findings.append(
                (
                    (*here, "id"),
                    f"indicator id {indicator.id!r} is already used by indicators[{seen[indicator.id]}]",
                )
            )
        seen.setdefault(indicator.id, i)
        if (
            indicator.unit == "rank"
            and indicator.direction is Direction.INCREASE
            and ("direction" in indicator.model_fields_set)
        ):
            findings.append(
                (
                    (*here, "direction"),
                    "a rank always improves downwards: drop 'direction' or write 'decrease'",
                )
            )
        refs.append(((*here, "source"), indicator.source))
        if not indicator.targets:
            findings.append(((*here, "targets"), "an indicator needs at least one target year"))
        baseline = indicator.baseline
        if baseline is not None:
            refs.append(((*here, "baseline", "source"), baseline.source))
            if problem := unit_problem(indicator.unit, baseline.value):
                findings.append(((*here, "baseline", "value"), problem))
            late = [year for year in indicator.targets if year <= baseline.year]
            if late:
                findings.append(
                    (
                        (*here, "baseline", "year"),
                        f"the baseline year {baseline.year} "
                        f"must lie before every target year (the earliest is {min(indicator.targets)})",
                    )
                )
        findings.extend(_overlap_findings(indicator, here))
        for spec in _written_targets(indicator):
            findings.extend(
                ((*here, "targets", spec.key, "target"), problem)
                for problem in _target_problems(indicator, spec.target)
            )
            refs.append(((*here, "targets", spec.key, "source"), spec.source))
    if sources is not None:
        findings.extend(_source_findings(sources, refs))
    return findings


def _written_targets(indicator: Indicator) -> list[TargetSpec]:
    """Each target once, as written: a range key's target stands under every year of the range."""
    return list({id(spec): spec for spec in indicator.targets.values()}.values())


def _overlap_findings(indicator: Indicator, here: DocPath) -> Iterator[Finding]:
    """A year given alone and inside a range, or in two ranges, at the later key, in file order."""
    by_key: dict[tuple[str, str], list[int]] = {}
    for later, year, earlier in indicator.target_overlaps:
        by_key.setdefault((later, earlier), []).append(year)
    for (later, earlier), years in by_key.items():
        listed = f"year {years[0]} is" if len(years) == 1 else f"years {', '.join(map(str, years))} are"
        yield (*here, "targets", later), f"{listed} also given at {format_path((*here, 'targets', earlier))}"


def _value_findings(spec: ValueSpec, here: DocPath) -> Iterator[Finding]:
    has_ratio = spec.numerator is not None or spec.denominator is not None
    if spec.value is None and not has_ratio:
        yield here, "give 'value', or 'numerator' and 'denominator'"
        return
    if has_ratio:
        if spec.numerator is None or spec.denominator is None:
            missing = "numerator" if spec.numerator is None else "denominator"
            yield here, f"'{missing}' is missing: give numerator and denominator together"
            return
        if spec.numerator < 0 or spec.denominator <= 0:
            yield (*here, "denominator"), "numerator must be ≥ 0 and denominator > 0"
            return
        if spec.value is not None:
            # without a unit the file alone cannot say whether n/d is a percent: either reading
            # may agree here, and compare checks again with the plan's unit
            units = [spec.unit] if spec.unit is not None else ["percent", "ratio"]
            problems = [agreement_problem(spec, unit) for unit in units]
            if all(problems):
                yield (*here, "value"), str(problems[0])
    if spec.unit is not None:
        measure = resolve(spec, spec.unit)
        if problem := measure_problem(spec.unit, measure):
            yield (*here, "value" if spec.value is not None else "numerator"), problem
        elif problem := of_problem(spec.unit, spec.of, measure):
            yield (*here, "of"), problem
    elif spec.of is not None and spec.value is not None and isinstance(spec.value.value, bool):
        yield (*here, "of"), "'of' is only for unit rank; this figure is true/false"


def agreement_problem(spec: ValueSpec, unit: str) -> str | None:
    """Why `value` and numerator/denominator disagree in `unit`, to the precision value is written with."""
    if spec.value is None or spec.numerator is None or spec.denominator is None:
        return None
    value = spec.value
    if isinstance(value.value, bool) or value.bound is not None:
        return "a value given with numerator/denominator must be a plain number"
    computed = ratio(spec.numerator, spec.denominator, unit)
    exponent = value.value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    half_unit = Decimal(5) * Decimal(10) ** -(places + 1)
    if abs(computed - value.value) <= half_unit:
        return None
    return (
        f"value {value.value} does not agree with numerator/denominator "
        f"{spec.numerator}/{spec.denominator} = {round(computed, places + 3)}"
        f"{' %' if unit == 'percent' else ''} (to the {places} decimal place(s) the value is written with)"
    )


def ratio(numerator: Decimal, denominator: Decimal, unit: str) -> Decimal:
    """numerator/denominator in the unit: ×100 for percent."""
    quotient = numerator / denominator
    return quotient * 100 if unit == "percent" else quotient


def resolve(spec: ValueSpec, unit: str) -> Measure:
    """The measure a value stands for; numerator/denominator give it when `value` is absent."""
    if spec.value is not None:
        return spec.value
    assert spec.numerator is not None and spec.denominator is not None
    return Measure(ratio(spec.numerator, spec.denominator, unit))


def figure_date(spec: ValueSpec, actuals: Actuals) -> dt.date | None:
    """The date up to which a figure describes its year; None for the whole year.

    Its own `as_of`, else the file's when that falls inside the figure's year (a report read
    mid-year), else none: a figure quoted from an earlier year covers that whole year.
    """
    if spec.as_of is not None:
        return spec.as_of
    year = spec.year if spec.year is not None else actuals.year
    if actuals.as_of is not None and actuals.as_of.year == year:
        return actuals.as_of
    return None


def second_figure(year: int, date: dt.date | None) -> str:
    """The message for a figure of a year (and date) that an indicator already has."""
    if date is None:
        return f"a second figure for {year}: each year of an indicator has one figure"
    return f"a second figure for {year} as of {date}: each date of an indicator has one figure"


def check_actuals(actuals: Actuals) -> list[Finding]:
    """Every rule of an actuals file beyond its types, as (path, message) pairs in file order."""
    findings: list[Finding] = []
    refs: list[tuple[DocPath, str | None]] = []
    single = actuals.region is not None or actuals.values is not None
    if single and actuals.regions is not None:
        findings.append((("regions",), "give either 'region' with 'values', or 'regions', not both"))
    elif actuals.regions is None and (actuals.region is None or actuals.values is None):
        missing = "values" if actuals.region is not None else "region"
        if not single:
            findings.append(((), "give 'region' with 'values', or 'regions'"))
        else:
            findings.append(
                (
                    ("values" if missing == "region" else "region",),
                    f"'{missing}' is missing: give 'region' with 'values', or 'regions'",
                )
            )
    for region, values in actuals.by_region().items():
        prefix: DocPath = ("regions", region, "values") if actuals.regions is not None else ("values",)
        for indicator, specs in values.items():
            dates: set[tuple[int, dt.date | None]] = set()
            for k, spec in enumerate(specs):
                here: DocPath = (*prefix, indicator, k)
                findings.extend(_value_findings(spec, here))
                refs.append(((*here, "source"), spec.source))
                year = spec.year if spec.year is not None else actuals.year
                if spec.as_of is not None and spec.as_of.year != year:
                    findings.append(
                        ((*here, "as_of"), f"as_of {spec.as_of} lies outside the figure's year {year}")
                    )
                    continue
                date = figure_date(spec, actuals)
                if (year, date) in dates:
                    findings.append(((*here, "year"), second_figure(year, date)))
                dates.add((year, date))
    findings.extend(_source_findings(actuals.sources, refs))
    return findings
