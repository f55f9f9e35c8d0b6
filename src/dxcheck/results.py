"""What judging produces and reporters render: statuses, rows, a plan's result, the report of a run."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from dxcheck.problems import DocPath, Problem
from dxcheck.progress import Point

# defined apart so that the command line starts without this module; re-exported, as they belong here
from dxcheck.statuses import DEFAULT_FAIL_ON as DEFAULT_FAIL_ON  # noqa: PLC0414
from dxcheck.statuses import ExitCode as ExitCode  # noqa: PLC0414
from dxcheck.statuses import Outcome as Outcome  # noqa: PLC0414
from dxcheck.statuses import Status as Status  # noqa: PLC0414

if TYPE_CHECKING:
    from dxcheck.expressions import Measure, Target
    from dxcheck.models import Baseline, LocalizedText


# a plan file's own look-up: line, column and shown location of the node at a path
Locate = Callable[[DocPath], tuple[int, int, str]]


class TargetPlaces:
    """Where one plan writes each of its targets, `indicators[i].targets.YEAR`, looked up when asked.

    Every row of a plan shares one, which asks the plan file's own `locate`. Only the github format
    shows places, and looking up every target of the 1× benchmark repository costs about a tenth of
    a check, so the other formats never pay for it.
    """

    __slots__ = ("_ids", "_indexes", "_key_of", "_locate")

    def __init__(
        self,
        locate: Locate | None = None,
        ids: Sequence[str] = (),
        key_of: Callable[[int, int], str] | None = None,
    ) -> None:
        self._locate = locate
        self._ids = ids
        # indicator index, year -> the key the target is written under (`2021..2025` for a year of a range)
        self._key_of = key_of
        self._indexes: dict[str, int] | None = None

    def find(self, indicator: str, year: int) -> tuple[int, int]:
        """Line and column (from 1) of a target; the file's first line when the plan is not at hand."""
        if self._locate is None:
            return 1, 1
        if self._indexes is None:
            self._indexes = {key: i for i, key in enumerate(self._ids)}
        index = self._indexes.get(indicator)
        if index is None:
            return 1, 1
        key = self._key_of(index, year) if self._key_of is not None else str(year)
        line, column, _ = self._locate(("indicators", index, "targets", key))
        return line, column


UNPLACED = TargetPlaces()


class Figure(Protocol):
    """One year's figure of an indicator, as a chart draws it: judging's observations are such."""

    @property
    def year(self) -> int: ...
    @property
    def measure(self) -> Measure: ...
    @property
    def as_of(self) -> date | None: ...
    @property
    def quote(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def of(self) -> int | None: ...


class Path(NamedTuple):
    """The points a progress ratio is computed from: where progress is measured from, the latest
    figure, and the target; the required path runs from `start` to `goal`, the current pace from
    `latest` on, at the two annual rates the ratio divided (kept so a chart need not work them out again)."""

    start: Point
    latest: Point
    goal: Point
    observed: Decimal
    required: Decimal


@dataclass(frozen=True, slots=True)
class Row:
    """One indicator × target year, judged."""

    indicator: str
    name: LocalizedText
    pillar: str | None
    unit: str
    target_year: int
    target: str
    actual: Decimal | bool | None
    actual_year: int | None
    actual_bound: str | None
    approximate: bool
    gap: Decimal | None
    progress: Decimal | None
    status: Status
    quote: str | None
    source: str | None
    places: TargetPlaces = field(default=UNPLACED, repr=False, compare=False)
    provisional: bool = False  # judged on a part-year figure (its `as_of` falls inside its year)
    actual_as_of: date | None = None  # the date a part-year figure describes its year up to
    actual_of: int | None = None  # for a rank: the size of the ranked field, «thứ 5/34»
    # what a chart of the row draws (the HTML report); none of it is in the JSON result. The figures
    # are the indicator's, one per year in year order, shared by its rows
    expression: Target | None = field(default=None, repr=False, compare=False)
    figures: Sequence[Figure] = field(default=(), repr=False, compare=False)
    baseline: Baseline | None = field(default=None, repr=False, compare=False)
    path: Path | None = field(default=None, repr=False, compare=False)

    @property
    def outcome(self) -> Outcome:
        return self.status.outcome

    @property
    def position(self) -> tuple[int, int]:
        """Line and column (from 1) of this row's target in its plan file."""
        return self.places.find(self.indicator, self.target_year)

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The row as plain JSON-ready values (the keys of the JSON result)."""
        return {
            "indicator": self.indicator,
            "name": self.name.pick(lang),
            "pillar": self.pillar,
            "unit": self.unit,
            "target_year": self.target_year,
            "target": self.target,
            "actual": plain_number(self.actual),
            "actual_year": self.actual_year,
            "actual_bound": self.actual_bound,
            "approximate": self.approximate,
            "provisional": self.provisional,
            "actual_as_of": None if self.actual_as_of is None else self.actual_as_of.isoformat(),
            "actual_of": self.actual_of,
            "gap": plain_number(self.gap),
            "progress": plain_number(self.progress),
            "status": self.status.value,
            "outcome": self.outcome.value,
            "quote": self.quote,
            "source": self.source,
        }


def plain_number(value: Decimal | bool | None) -> int | Decimal | bool | None:
    """A figure as the number a person expects: 9433 (never 9433.0), 99.66 exactly (never a float).

    Whole numbers become ints; the rest stay Decimals, which the JSON writer prints digit for digit.
    """
    if value is None or isinstance(value, bool):
        return value
    if value == value.to_integral_value():
        return int(value)
    return value


def summarize(rows: Iterable[Row]) -> dict[str, int]:
    """How many rows have each status, every status named, in the order of Status."""
    counts = dict.fromkeys((status.value for status in Status), 0)
    for row in rows:
        counts[row.status.value] += 1
    return counts


def exit_code(has_problems: bool, has_failed: bool) -> ExitCode:
    """2 when any input is unusable, else 1 when a row's status is in --fail-on, else 0."""
    if has_problems:
        return ExitCode.INPUT_ERROR
    return ExitCode.FAILED if has_failed else ExitCode.OK


@dataclass(frozen=True, slots=True)
class Misspelling:
    """An actuals id that matches no indicator of a plan, a few letters from one that has no figure.

    Placed at the id's key in the actuals file: a warning, or with --strict an input problem.
    """

    file: str
    line: int
    column: int
    location: str
    key: str  # the id as the actuals file writes it
    plan_id: str
    indicator: str  # the plan's id it likely misspells

    @property
    def message(self) -> str:
        return f"no indicator '{self.key}' in plan {self.plan_id}; did you mean '{self.indicator}'?"

    def as_problem(self) -> Problem:
        return Problem(self.file, self.line, self.column, self.location, self.message)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: warning: {self.location}: {self.message}"


@dataclass(frozen=True, slots=True)
class ActualsInfo:
    file: str
    year: int


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Result:
    """A plan compared with its actuals (weakly referable, so tests can see a written plan let go)."""

    plan_id: str
    region: str
    plan_file: str
    title: LocalizedText
    actuals: tuple[ActualsInfo, ...]
    rows: tuple[Row, ...]
    unmatched_actuals: tuple[str, ...] = ()
    fail_on: frozenset[Status] = DEFAULT_FAIL_ON
    # each unmatched actuals id that likely misspells an indicator without a figure, with that id
    suggestions: tuple[tuple[str, str], ...] = ()

    def summary(self) -> dict[str, int]:
        return summarize(self.rows)

    @property
    def has_failed(self) -> bool:
        """Whether a row's status is one the result fails on."""
        return any(row.status in self.fail_on for row in self.rows)

    @property
    def exit_code(self) -> ExitCode:
        return exit_code(False, self.has_failed)

    def records(self, lang: str = "vi") -> list[dict[str, Any]]:
        """The rows as plain dicts with the JSON row keys, e.g. for `pandas.DataFrame(result.records())`."""
        return [row.as_dict(lang) for row in self.rows]

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The JSON result, `result/1`."""
        return {
            "dxcheck": "result/1",
            "plan": {"id": self.plan_id, "region": self.region, "file": self.plan_file},
            "actuals": [{"file": info.file, "year": info.year} for info in self.actuals],
            "rows": self.records(lang),
            "unmatched_actuals": list(self.unmatched_actuals),
            "suggestions": dict(self.suggestions),
            "summary": self.summary(),
            "exit_code": int(self.exit_code),
        }


class Scope(Enum):
    """What a report covers, which decides how it is framed."""

    PLAN = "plan"  # `compare`: one plan against the actuals files given
    REPOSITORY = "repository"  # `check`: every plan found under folders


@dataclass(slots=True)
class Tally:
    """What the summary line of a whole run needs, counted plan by plan so that no plan is kept for it."""

    plans: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((s.value for s in Status), 0))
    failing: set[str] = field(default_factory=set)  # statuses of rows in their plan's --fail-on

    def add(self, result: Result) -> None:
        self.plans += 1
        counts, fail_on, failing = self.counts, result.fail_on, self.failing
        for row in result.rows:
            counts[row.status.value] += 1
            if row.status in fail_on:
                failing.add(row.status.value)

    @classmethod
    def of(cls, results: Iterable[Result]) -> Tally:
        tally = cls()
        for result in results:
            tally.add(result)
        return tally


@dataclass(frozen=True, slots=True)
class Report:
    """What a run found: each plan it could judge, and every input problem.

    `check` reports every plan under folders against the actuals for its region, with the files
    it could not pair; `compare` reports one plan, or the problems that kept it from being judged.
    """

    results: tuple[Result, ...]
    problems: tuple[Problem, ...] = ()
    plans_without_actuals: tuple[str, ...] = ()
    actuals_without_plan: tuple[str, ...] = ()
    scope: Scope = Scope.REPOSITORY
    # likely misspelt actuals ids, in file order: warnings that leave the exit code alone
    warnings: tuple[Misspelling, ...] = ()

    # the count of a streamed run, whose results were written and dropped (`results` is then empty)
    counted: Tally | None = field(default=None, repr=False, compare=False)

    def tally(self) -> Tally:
        """The plans, the count of each status and the statuses that fail, over every plan of the run."""
        return self.counted if self.counted is not None else Tally.of(self.results)

    @property
    def exit_code(self) -> ExitCode:
        return exit_code(bool(self.problems), bool(self.tally().failing))

    def summary(self) -> dict[str, int]:
        """How many targets of all plans have each status."""
        return dict(self.tally().counts)

    def as_dict(self, lang: str = "vi", with_results: bool = True) -> dict[str, Any]:
        """The JSON report of `dxcheck check`, `check/1` (`results` left empty without `with_results`)."""
        return {
            "dxcheck": "check/1",
            "results": [result.as_dict(lang) for result in self.results] if with_results else [],
            "problems": [
                {
                    "file": problem.file,
                    "line": problem.line,
                    "column": problem.column,
                    "location": problem.location,
                    "message": problem.message,
                }
                for problem in self.problems
            ],
            "plans_without_actuals": list(self.plans_without_actuals),
            "actuals_without_plan": list(self.actuals_without_plan),
            "summary": self.summary(),
            "exit_code": int(self.exit_code),
        }


class ReportStream:
    """A check's report as it is made: each plan's result once, as `results` yields it, then the rest.

    A reporter writes each result and lets it go, so a national repository's rows are never alive
    together; what comes after the results (problems, unpaired files, warnings, the summary, the
    exit code) is known once they are all out, and read from `ending`.
    """

    __slots__ = ("_ending", "_finish", "_results", "_tally")
    scope = Scope.REPOSITORY

    def __init__(self, results: Iterator[Result], finish: Callable[[Tally], Report]) -> None:
        self._results = results
        self._finish = finish
        self._tally = Tally()
        self._ending: Report | None = None

    @property
    def results(self) -> Iterator[Result]:
        """Each plan's result, once."""
        for result in self._results:
            self._tally.add(result)
            yield result
        if self._ending is None:
            self._ending = self._finish(self._tally)

    @property
    def ending(self) -> Report:
        """The rest of the report, with no results but their count; only once `results` is spent."""
        if self._ending is None:
            raise RuntimeError("the report's ending is known only once every result is out")
        return self._ending

    def collect(self) -> Report:
        """The whole report in memory, as the Python API returns it."""
        results = tuple(self.results)
        return dataclasses.replace(self.ending, results=results, counted=None)


AnyReport = Report | ReportStream


# the name `check` gave its report before compare and check shared one
CheckResult = Report
