"""What `dxcheck targets` produces: each region's targets side by side, plan by plan, and the flags
found among them (conflicts, ambition beside a reference plan, targets met before they were set)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dxcheck.problems import Problem
from dxcheck.results import ActualsInfo, ExitCode, exit_code, plain_number
from dxcheck.statuses import FlagKind  # defined with the statuses: the command line names them cheaply

if TYPE_CHECKING:
    from dxcheck.models import LocalizedText

# the region whose plans every other region is measured against, unless a plan names its own
NATIONAL_REGION = "vietnam"
# why two targets cannot be compared, as the JSON writes it (the human formats translate it)
UNITS_DIFFER = "units differ: {first}, {second}"
DIRECTIONS_DIFFER = "one is to increase, the other to decrease"


@dataclass(frozen=True, slots=True)
class Cell:
    """One plan's target for one indicator and year, as the canonical expression and its sentence."""

    plan: str
    target: str
    key: str  # the target key it is written under: `2025`, or `2021..2025` for a year of a range
    quote: str | None
    source: str | None
    reference: bool = False  # a reference plan's target, shown beside the region's own

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "target": self.target,
            "key": self.key,
            "reference": self.reference,
            "quote": self.quote,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class YearTargets:
    """Every plan's target for one indicator in one year: the region's plans, then its references."""

    year: int
    cells: tuple[Cell, ...]

    def cell(self, plan: str) -> Cell | None:
        return next((cell for cell in self.cells if cell.plan == plan), None)


@dataclass(frozen=True, slots=True)
class IndicatorTargets:
    """One indicator of a region, year by year (the years any of the region's plans set a target for)."""

    indicator: str
    name: LocalizedText
    unit: str
    pillar: str | None
    years: tuple[YearTargets, ...]

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "name": self.name.pick(lang),
            "unit": self.unit,
            "pillar": self.pillar,
            "years": [
                {"year": year.year, "cells": [cell.as_dict() for cell in year.cells]} for year in self.years
            ],
        }


@dataclass(frozen=True, slots=True)
class RegionTargets:
    """A region's matrix: its plans (the columns), the plans it is measured against, its indicators."""

    region: str
    plans: tuple[str, ...]
    references: tuple[str, ...]
    indicators: tuple[IndicatorTargets, ...]


@dataclass(frozen=True, slots=True)
class Flag:
    """Something a reader of the plans should see: `plans` and `targets` pair up, and so do `quotes`.

    For a conflict or a comparison with a reference, `stricter` is the plan whose target fewer values
    meet (None when neither is, with the `reason`); for a target already achieved when its plan was
    issued, `actual` and `actual_year` are the figure that met it.
    """

    kind: FlagKind
    region: str
    indicator: str
    year: int
    plans: tuple[str, ...]
    targets: tuple[str, ...]
    quotes: tuple[str | None, ...]
    stricter: str | None = None
    reason: str | None = None
    actual: Decimal | bool | None = None
    actual_bound: str | None = None
    actual_year: int | None = None
    issued: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "region": self.region,
            "indicator": self.indicator,
            "year": self.year,
            "plans": list(self.plans),
            "targets": list(self.targets),
            "stricter": self.stricter,
            "reason": self.reason,
            "quotes": list(self.quotes),
            "actual": plain_number(self.actual),
            "actual_bound": self.actual_bound,
            "actual_year": self.actual_year,
            "issued": None if self.issued is None else self.issued.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """A plan read: where it is, when it was issued and what it is measured against."""

    id: str
    region: str
    file: str
    reference: str | None
    issued: dt.date | None
    measured_against: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "region": self.region,
            "file": self.file,
            "reference": self.reference,
            "issued": None if self.issued is None else self.issued.isoformat(),
            "measured_against": list(self.measured_against),
        }


@dataclass(frozen=True, slots=True)
class Notice(Problem):
    """A placed warning: something odd in the input that leaves the exit code alone."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: warning: {self.location}: {self.message}"


def _placed(problem: Problem) -> dict[str, Any]:
    keys = ("file", "line", "column", "location", "message")
    return {key: getattr(problem, key) for key in keys}


@dataclass(frozen=True, slots=True)
class TargetsReport:
    """One run of `dxcheck targets`: the plans and actuals read, each region's matrix, the flags."""

    plans: tuple[PlanInfo, ...]
    actuals: tuple[ActualsInfo, ...]
    regions: tuple[RegionTargets, ...]
    flags: tuple[Flag, ...]
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Notice, ...] = ()
    fail_on: frozenset[FlagKind] = frozenset()

    def summary(self) -> dict[str, int]:
        """How many flags of each kind, every kind named."""
        counts = dict.fromkeys((kind.value for kind in FlagKind), 0)
        for flag in self.flags:
            counts[flag.kind.value] += 1
        return counts

    @property
    def exit_code(self) -> ExitCode:
        return exit_code(bool(self.problems), any(flag.kind in self.fail_on for flag in self.flags))

    def flags_of(self, region: str) -> list[Flag]:
        return [flag for flag in self.flags if flag.region == region]

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The JSON report of `dxcheck targets`, `targets/1`."""
        return {
            "dxcheck": "targets/1",
            "plans": [plan.as_dict() for plan in self.plans],
            "actuals": [{"file": info.file, "year": info.year} for info in self.actuals],
            "regions": [
                {
                    "region": region.region,
                    "plans": list(region.plans),
                    "references": list(region.references),
                    "indicators": [indicator.as_dict(lang) for indicator in region.indicators],
                }
                for region in self.regions
            ],
            "flags": [flag.as_dict() for flag in self.flags],
            "problems": [_placed(problem) for problem in self.problems],
            "warnings": [_placed(notice) for notice in self.warnings],
            "summary": self.summary(),
            "exit_code": int(self.exit_code),
        }
