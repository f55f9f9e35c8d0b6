"""dxcheck: check digital-transformation plan targets against the year's actual figures.

Scripting API (see docs/scripting.md)::

    from dxcheck import load_plan, load_actuals, compare, check, targets
    result = compare(load_plan("plans/thanhhoa-2025.yaml"), [load_actuals("actuals/actuals-2024.yaml")])
    rows = result.records()  # plain dicts, the keys of the JSON rows
    gate = check("plans", "actuals")  # every plan under the folders, with every input problem
    side_by_side = targets("plans")  # every region's targets, with conflicts and the nation beside
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dxcheck.lineup import Flag, TargetsReport
    from dxcheck.loading import ActualsFile, PlanFile, load, load_actuals, load_plan
    from dxcheck.pipeline import check, compare
    from dxcheck.problems import InputError, Problem
    from dxcheck.results import CheckResult, ExitCode, Outcome, Report, Result, Row, Scope, Status
    from dxcheck.statuses import FlagKind
    from dxcheck.targetsrun import targets

# name -> module; imported on first use, so that `dxcheck --help` and the CLI's own set-up do
# not pay for building the pydantic models
_EXPORTS = {
    "check": "dxcheck.pipeline",
    "compare": "dxcheck.pipeline",
    "ActualsFile": "dxcheck.loading",
    "PlanFile": "dxcheck.loading",
    "load": "dxcheck.loading",
    "load_actuals": "dxcheck.loading",
    "load_plan": "dxcheck.loading",
    "InputError": "dxcheck.problems",
    "Problem": "dxcheck.problems",
    "CheckResult": "dxcheck.results",
    "ExitCode": "dxcheck.results",
    "Outcome": "dxcheck.results",
    "Report": "dxcheck.results",
    "Result": "dxcheck.results",
    "Row": "dxcheck.results",
    "Scope": "dxcheck.results",
    "Status": "dxcheck.results",
    "targets": "dxcheck.targetsrun",
    "Flag": "dxcheck.lineup",
    "FlagKind": "dxcheck.statuses",
    "TargetsReport": "dxcheck.lineup",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dxcheck' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "ActualsFile",
    "CheckResult",
    "ExitCode",
    "Flag",
    "FlagKind",
    "InputError",
    "Outcome",
    "PlanFile",
    "Problem",
    "Report",
    "Result",
    "Row",
    "Scope",
    "Status",
    "TargetsReport",
    "__version__",
    "check",
    "compare",
    "load",
    "load_actuals",
    "load_plan",
    "targets",
]
