"""The JSON result, `result/1` (and `check/1` for a whole check): the machine-readable contract."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from dxcheck.reporters import RenderOptions
from dxcheck.results import Result

if TYPE_CHECKING:
    from dxcheck.repository import CheckResult


def render(result: Result, options: RenderOptions) -> str:
    return json.dumps(result.as_dict(options.lang), ensure_ascii=False, indent=2) + "\n"


def render_check(result: CheckResult, options: RenderOptions) -> str:
    return json.dumps(result.as_dict(options.lang), ensure_ascii=False, indent=2) + "\n"
