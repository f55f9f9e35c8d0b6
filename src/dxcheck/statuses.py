"""How a target stands and what a run exits with: the words of a result that the command line needs
before any result exists, apart from results.py, whose classes cost 5 ms to define."""

from __future__ import annotations

from enum import IntEnum, StrEnum


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


class FlagKind(StrEnum):
    """What a flag says; the order is the order of the summary."""

    CONFLICT = "conflict"  # two plans of one region ask different things of one indicator and year
    WEAKER = "weaker"  # less ambitious than a reference plan's target
    STRONGER = "stronger"  # more ambitious than a reference plan's target
    INCOMPARABLE = "incomparable"  # differs from a reference plan's target in a way no order decides
    ACHIEVED_WHEN_ISSUED = "achieved-when-issued"  # the latest figure before the plan was issued met it
