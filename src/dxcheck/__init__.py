"""dxcheck: check digital-transformation plan targets against the year's actual figures.

Scripting API (see docs/scripting.md)::

    from dxcheck import load_plan, load_actuals, compare, check
    result = compare(load_plan("plans/thanhhoa-2025.yaml"), [load_actuals("actuals/actuals-2024.yaml")])
    rows = result.records()  # plain dicts, the keys of the JSON rows
    gate = check("plans", "actuals")  # every plan under the folders, with every input problem
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dxcheck.comparison import compare
    from dxcheck.loading import ActualsFile, PlanFile, load, load_actuals, load_plan
    from dxcheck.problems import InputError, Problem
    from dxcheck.repository import CheckResult, check
    from dxcheck.results import ExitCode, Outcome, Result, Row, Status

# name -> module; imported on first use, so that `dxcheck --help` and the CLI's own set-up do
# not pay for building the pydantic models
_EXPORTS = {
    "CheckResult": "dxcheck.repository",
    "check": "dxcheck.repository",
    "compare": "dxcheck.comparison",
    "ActualsFile": "dxcheck.loading",
    "PlanFile": "dxcheck.loading",
    "load": "dxcheck.loading",
    "load_actuals": "dxcheck.loading",
    "load_plan": "dxcheck.loading",
    "InputError": "dxcheck.problems",
    "Problem": "dxcheck.problems",
    "ExitCode": "dxcheck.results",
    "Outcome": "dxcheck.results",
    "Result": "dxcheck.results",
    "Row": "dxcheck.results",
    "Status": "dxcheck.results",
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
