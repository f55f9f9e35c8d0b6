"""The JSON report of `dxcheck targets`, `targets/1`: what scripts read."""

from __future__ import annotations

from collections.abc import Iterator

from dxcheck.lineup import TargetsReport
from dxcheck.reporters import RenderOptions
from dxcheck.reporters.json import dumps


def render_pieces(report: TargetsReport, options: RenderOptions) -> Iterator[str]:
    yield dumps(report.as_dict(options.lang))
