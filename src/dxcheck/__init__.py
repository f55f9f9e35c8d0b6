"""dxcheck: check digital-transformation plan targets against the year's actual figures.

Scripting API (see docs/scripting.md)::

    from dxcheck import load_plan, load_actuals, compare, check
    result = compare(load_plan("plans/thanhhoa-2025.yaml"), [load_actuals("actuals/actuals-2024.yaml")])
    rows = result.records()  # plain dicts, the keys of the JSON rows
    gate = check("plans", "actuals")  # every plan under the folders, with every input problem
"""

from __future__ import annotations

from dxcheck.check import CheckResult, check
from dxcheck.compare import compare
from dxcheck.loading import ActualsFile, PlanFile, load, load_actuals, load_plan
from dxcheck.problems import InputError, Problem
from dxcheck.results import ExitCode, Outcome, Result, Row, Status

__version__ = "0.1.0"

__all__ = [
    "ActualsFile",
    "CheckResult",
    "ExitCode",
    "InputError",
    "Outcome",
    "PlanFile",
    "Problem",
    "Result",
    "Row",
    "Status",
    "__version__",
    "check",
    "compare",
    "load",
    "load_actuals",
    "load_plan",
]
