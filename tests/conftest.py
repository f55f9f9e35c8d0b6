"""Shared test helpers: run the CLI in-process and capture what a user would see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dxcheck import yamlsource
from dxcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def __str__(self) -> str:  # shown when an assertion on a Run fails
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


@pytest.fixture
def dx(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """`dx("compare", plan, actuals)` runs the CLI as a user would, from the project root."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "80")

    def run(*args: str) -> Run:
        capsys.readouterr()
        try:
            main(list(args))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 2
        else:  # pragma: no cover - main always exits
            code = 0
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], str]:
    """`write("plan.yaml", text)` puts a file in a temporary folder and returns its path."""

    def put(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return put


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The events each YAML parser made gives while the test runs, one count per parser: the work of
    reading, counted the same on every machine and under every PyYAML."""
    counts: list[int] = []
    real = yamlsource._Parser  # type: ignore[attr-defined]  # imported, not exported

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, text: str) -> None:
            super().__init__(text)
            self.slot = len(counts)
            counts.append(0)

        def get_event(self) -> Any:
            counts[self.slot] += 1
            return super().get_event()

    monkeypatch.setattr(yamlsource, "_Parser", Counting)
    return counts
