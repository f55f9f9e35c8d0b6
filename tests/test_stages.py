"""The pipeline's shape, read from the imports: read → validate → observe → judge → render, never backwards.

Every module of the package belongs to one stage, and a module imports only from the stages its own
may use, type-only imports included: a reporter that reached for a file, or a judge that validated
input, would fail here before anyone had to notice it in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "dxcheck"

# stage -> its modules, and the stages they may import from besides their own, in pipeline order
STAGES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # the words every stage shares, without I/O: problems, expressions, the formats, the results
    "words": (
        frozenset(
            {
                "problems",
                "folding",
                "expressions",
                "progress",
                "models",
                "statuses",
                "results",
                "i18n",
                "lineup",
                "spelling",
            }
        ),
        frozenset(),
    ),
    # reading files: finding them, their bytes, their YAML and where each node is written
    "read": (
        frozenset({"files", "scalars", "positions", "yamlerrors", "yamlwalk", "yamlsource", "discovery"}),
        frozenset({"words"}),
    ),
    "validate": (frozenset({"rules", "loading", "schema"}), frozenset({"words", "read"})),
    # the loaded files' own `locate`, never the YAML reader's
    "observe": (frozenset({"observations"}), frozenset({"words", "validate"})),
    # pure: the observations' type, no rules and no loading
    "judge": (frozenset({"judge", "matrix"}), frozenset({"words", "observe"})),
    "run": (
        frozenset({"arguments", "pipeline", "targetsrun"}),
        frozenset({"words", "read", "validate", "observe", "judge"}),
    ),
    # a report in, text out: results only, never a file
    "render": (frozenset({"reporters"}), frozenset({"words"})),
    # `dxcheck init`: plans (and a CSV export) in, the text of a file to fill in out, loaded back
    "draft": (frozenset({"scaffold", "csvimport", "drafting"}), frozenset({"words", "read", "validate"})),
    "command": (
        frozenset({"cli", "output", "__main__", "__init__"}),
        frozenset({"words", "read", "validate", "observe", "judge", "run", "render", "draft"}),
    ),
}
ORDER = list(STAGES)


def _name(path: Path) -> str:
    """`reporters/json.py` -> `reporters.json`; a package's `__init__.py` is the package."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


MODULES = {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _stage(module: str) -> str | None:
    top = module.split(".", maxsplit=1)[0]
    return next((stage for stage, (modules, _) in STAGES.items() if top in modules), None)


def _imports(path: Path) -> set[str]:
    """The package's modules that `path` imports anywhere: at the top, in functions, for types only."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("dxcheck."))
        elif isinstance(node, ast.ImportFrom) and node.module == "dxcheck":
            for alias in node.names:  # `from dxcheck import rules`: a module, or a name of __init__
                found.add(f"dxcheck.{alias.name}" if alias.name in MODULES else "dxcheck")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dxcheck."):
            found.add(str(node.module))
    return {name.removeprefix("dxcheck.") if name != "dxcheck" else "__init__" for name in found}


def test_every_module_belongs_to_one_stage() -> None:
    unplaced = [module for module in MODULES if _stage(module) is None]
    assert not unplaced, f"add each of {unplaced} to the stage whose job it does, in STAGES"
    listed = [module for modules, _ in STAGES.values() for module in modules]
    assert len(listed) == len(set(listed)), "a module is listed in two stages"


def test_stages_only_use_earlier_stages() -> None:
    for stage, (_, uses) in STAGES.items():
        later = {used for used in uses if ORDER.index(used) >= ORDER.index(stage)}
        assert not later, f"{stage} may not use {later}: data flows one way"


@pytest.mark.parametrize("module", list(MODULES))
def test_a_module_imports_only_from_the_stages_it_may_use(module: str) -> None:
    stage = _stage(module)
    assert stage is not None
    uses = STAGES[stage][1] | {stage}
    wrong = {
        imported: _stage(imported) for imported in _imports(MODULES[module]) if _stage(imported) not in uses
    }
    assert not wrong, f"{module} ({stage}) imports {wrong}; {stage} may use only {sorted(uses)}"


def test_no_reporter_reads_a_file_or_parses_yaml() -> None:
    reading = {"discovery", "files", "loading", "yamlsource", "positions", "pipeline"}
    for module, path in MODULES.items():
        if module.startswith("reporters"):
            assert not _imports(path) & reading, module
