"""What judging produces: statuses, outcomes, rows, the result of a comparison, and exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any

from dxcheck.models import LocalizedText


class Status(StrEnum):
    """How one target stands; the order is the order of the summary."""

    MET = "met"
    MISSED = "missed"
    INDETERMINATE = "indeterminate"
    ACHIEVED = "achieved"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    REGRESSING = "regressing"
    PENDING = "pending"
    NO_DATA = "no-data"

    @property
    def outcome(self) -> Outcome:
        return _OUTCOMES[self]


class Outcome(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


_OUTCOMES = {
    Status.MET: Outcome.PASS,
    Status.MISSED: Outcome.FAIL,
    Status.INDETERMINATE: Outcome.WARN,
    Status.ACHIEVED: Outcome.PASS,
    Status.ON_TRACK: Outcome.PASS,
    Status.AT_RISK: Outcome.WARN,
    Status.OFF_TRACK: Outcome.WARN,
    Status.REGRESSING: Outcome.WARN,
    Status.PENDING: Outcome.WARN,
    Status.NO_DATA: Outcome.WARN,
}


class ExitCode(IntEnum):
    """The process exit code: what CI jobs gate on."""

    OK = 0
    FAILED = 1
    INPUT_ERROR = 2


DEFAULT_FAIL_ON = frozenset({Status.MISSED})


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
    progress: float | None
    status: Status
    quote: str | None
    source: str | None

    @property
    def outcome(self) -> Outcome:
        return self.status.outcome

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
            "gap": plain_number(self.gap),
            "progress": self.progress,
            "status": self.status.value,
            "outcome": self.outcome.value,
            "quote": self.quote,
            "source": self.source,
        }


def plain_number(value: Decimal | bool | None) -> int | float | bool | None:
    """A Decimal as the JSON number a person expects: 9433, 99.66 (never 9433.0 or 0.3400000001)."""
    if value is None or isinstance(value, bool):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True, slots=True)
class ActualsInfo:
    file: str
    year: int


@dataclass(frozen=True, slots=True)
class Result:
    """A plan compared with its actuals."""

    plan_id: str
    region: str
    plan_file: str
    title: LocalizedText
    actuals: tuple[ActualsInfo, ...]
    rows: tuple[Row, ...]
    unmatched_actuals: tuple[str, ...] = ()
    fail_on: frozenset[Status] = DEFAULT_FAIL_ON

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys((status.value for status in Status), 0)
        for row in self.rows:
            counts[row.status.value] += 1
        return counts

    @property
    def exit_code(self) -> ExitCode:
        failed = any(row.status in self.fail_on for row in self.rows)
        return ExitCode.FAILED if failed else ExitCode.OK

    def records(self, lang: str = "vi") -> list[dict[str, Any]]:
        """The rows as plain dicts with the JSON row keys, e.g. for `pandas.DataFrame(result.records())`."""
        return [row.as_dict(lang) for row in self.rows]

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The JSON result, `result/1`."""
        return {
            "dxcheck": "result/1",
            "plan": {"id": self.plan_id, "region": self.region, "file": self.plan_file},
            "actuals": [{"file": info.file, "year": info.year} for info in self.actuals],
            "rows": [row.as_dict(lang) for row in self.rows],
            "unmatched_actuals": list(self.unmatched_actuals),
            "summary": self.summary(),
            "exit_code": int(self.exit_code),
        }
