"""The pins CI installs from agree with the ranges pyproject.toml declares, and the README uses them."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DECLARED = [
    Requirement(text)
    for text in [*PROJECT["project"]["dependencies"], *PROJECT["project"]["optional-dependencies"]["test"]]
]
BUILD = [Requirement(text) for text in PROJECT["build-system"]["requires"]]


def _pins(name: str) -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / ".ci" / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            package, _, version = line.partition("==")
            assert version, f"{name}: {line!r} is not a pin (NAME==VERSION)"
            pins[canonicalize_name(package)] = Version(version)
    return pins


@pytest.mark.parametrize("name", ["constraints.txt", "constraints-lowest.txt"])
def test_every_declared_dependency_is_pinned_inside_its_range(name: str) -> None:
    pins = _pins(name)
    for requirement in [*DECLARED, *BUILD]:
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned is not None, f"{requirement.name} is not pinned in .ci/{name}"
        assert requirement.specifier.contains(pinned, prereleases=True), f"{requirement} vs {pinned}"
    assert "pip" in pins, "the installer itself is pinned too"


def test_the_lowest_pins_are_the_declared_floors() -> None:
    pins = _pins("constraints-lowest.txt")
    for requirement in DECLARED:
        floors = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        if floors:
            assert pins[canonicalize_name(requirement.name)] == Version(floors[0]), requirement


def test_the_readme_test_command_installs_the_pins_and_ci_runs_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert commands[1] == 'python -m pip install -c .ci/constraints.txt -e ".[test]" && python -m pytest'
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'python -m pip install -c "$constraints" -e ".[test]"' in run
    assert "python -m pytest\n" in run
