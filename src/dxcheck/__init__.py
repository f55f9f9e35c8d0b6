"""dxcheck: check digital-transformation plan targets against the year's actual figures.

Scripting API::

    from dxcheck import load_plan, load_actuals, compare
    result = compare(load_plan("plans/thanhhoa-2025.yaml"), [load_actuals("actuals/actuals-2024.yaml")])
    rows = [row.as_dict() for row in result.rows]
"""

from __future__ import annotations

from dxcheck.compare import compare
from dxcheck.loading import ActualsFile, PlanFile, load, load_actuals, load_plan
from dxcheck.problems import InputError, Problem
from dxcheck.results import ExitCode, Outcome, Result, Row, Status

__version__ = "0.1.0"

__all__ = [
    "ActualsFile",
    "ExitCode",
    "InputError",
    "Outcome",
    "PlanFile",
    "Problem",
    "Result",
    "Row",
    "Status",
    "__version__",
    "compare",
    "load",
    "load_actuals",
    "load_plan",
]
