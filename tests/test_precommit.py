"""The pre-commit hooks: both files parse, and every entry is a real dxcheck command that passes here."""

from __future__ import annotations

import re
import shlex
import tomllib
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from conftest import ROOT, Run
from dxcheck.cli import COMMANDS

HOOK_IDS = ["dxcheck-validate", "dxcheck-check"]


def _yaml(name: str) -> Any:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def _offered_hooks() -> dict[str, dict[str, Any]]:
    hooks = _yaml(".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    return {hook["id"]: hook for hook in hooks}


def _local_hooks() -> dict[str, dict[str, Any]]:
    config = _yaml(".pre-commit-config.yaml")
    [local] = [repo for repo in config["repos"] if repo["repo"] == "local"]
    return {hook["id"]: hook for hook in local["hooks"]}


def _commands() -> set[str]:
    return set(COMMANDS)


def test_hooks_file_offers_both_hooks() -> None:
    hooks = _offered_hooks()
    assert list(hooks) == HOOK_IDS
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
    assert hooks["dxcheck-check"]["pass_filenames"] is False
    assert hooks["dxcheck-validate"].get("pass_filenames", True) is True


@pytest.mark.parametrize("hooks", [_offered_hooks, _local_hooks], ids=["offered", "local"])
def test_entries_are_real_commands(hooks: Callable[[], dict[str, dict[str, Any]]]) -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    for hook_id, hook in hooks().items():
        program, command = shlex.split(hook["entry"])
        assert program in scripts, hook_id
        assert command in _commands(), hook_id
        assert hook_id == f"dxcheck-{command}"


@pytest.mark.parametrize("hooks", [_offered_hooks, _local_hooks], ids=["offered", "local"])
def test_hooks_run_on_plan_and_actuals_files_only(hooks: Callable[[], dict[str, dict[str, Any]]]) -> None:
    for hook in hooks().values():
        files = re.compile(hook["files"])
        assert files.search("plans/thanhhoa-2025.yaml")
        assert files.search("actuals/actuals-2024.yml")
        assert not files.search("tests/fixtures/plan.yaml")
        assert not files.search("plans/README.md")


def test_the_project_uses_its_own_hooks() -> None:
    assert list(_local_hooks()) == HOOK_IDS


def test_the_local_hooks_pass_on_the_shipped_data(dx: Callable[..., Run]) -> None:
    hooks = _local_hooks()
    validate = hooks["dxcheck-validate"]
    files = re.compile(validate["files"])
    shipped = sorted(
        path.relative_to(ROOT).as_posix()
        for folder in ("plans", "actuals")
        for path in (ROOT / folder).iterdir()
        if files.search(path.relative_to(ROOT).as_posix())
    )
    run = dx(*shlex.split(validate["entry"])[1:], *validate.get("args", []), *shipped)
    assert run.code == 0, run
    gate = hooks["dxcheck-check"]
    run = dx(*shlex.split(gate["entry"])[1:], *gate.get("args", []))
    assert run.code == 0, run
