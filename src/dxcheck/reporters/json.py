"""The JSON result, `result/1`: the machine-readable contract."""

from __future__ import annotations

import json

from dxcheck.reporters import RenderOptions
from dxcheck.results import Result


def render(result: Result, options: RenderOptions) -> str:
    return json.dumps(result.as_dict(options.lang), ensure_ascii=False, indent=2) + "\n"
