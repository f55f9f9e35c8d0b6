from __future__ import annotations

from collections.abc import Callable

from conftest import Run


def test_compare_runs_on_shipped_data(dx: Callable[..., Run]) -> None:
    run = dx("compare", "plans/thanhhoa-2025.yaml", "actuals/actuals-2024.yaml", "--format", "json")
    assert run.code == 0, run
    assert '"dxcheck": "result/1"' in run.out
