"""What `validate` and `compare --format json` leave out at start-up; each test runs a fresh Python."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

PLAN = "plans/thanhhoa-2025.yaml"


def _validate(before: str, after: str) -> str:
    """The last line printed by `before`, then `dxcheck validate PLAN` as the `dxcheck` command runs it,
    then `after`, in one fresh interpreter."""
    code = (
        "import sys\n"
        "from dxcheck.__main__ import main\n"
        f"{before}\n"
        f"sys.argv = ['dxcheck', 'validate', {PLAN!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"{after}\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(f"{PLAN}: ok"), ran.stdout
    return ran.stdout.splitlines()[-1]


def test_validate_builds_only_its_own_command() -> None:
    # typer reads every parameter of a command to build it: the other commands stay unbuilt
    record = (
        "import typer.main\n"
        "built = []\n"
        "build = typer.main.get_command\n"
        "def record(app):\n"
        "    built.append(app)\n"
        "    return build(app)\n"
        "typer.main.get_command = record"
    )
    names = "from dxcheck.cli import COMMANDS\nprint(sorted(n for n, a in COMMANDS.items() if a in built))"
    assert _validate(record, names) == "['validate']"


def test_validate_loads_nothing_of_judging_or_reporting() -> None:
    heavy = ("rich", "jinja2", "dxcheck.results", "dxcheck.judge", "dxcheck.pipeline", "dxcheck.observations")
    loaded = f"print(sorted(m for m in sys.modules if m in {heavy!r} or m.startswith('dxcheck.reporters.')))"
    assert _validate("", loaded) == "[]"


def test_the_collector_never_runs_during_a_run() -> None:
    # the imports alone (typer, pydantic, the models) would set off collections that free nothing
    count = (
        "import gc\n"
        "def collections():\n"
        "    return sum(generation['collections'] for generation in gc.get_stats())\n"
        "before = collections()"
    )
    assert _validate(count, "print(collections() - before)") == "0"


def test_the_command_leaves_its_objects_out_of_the_collection_at_exit() -> None:
    # Python collects once more as it exits: every object still alive would be walked to free nothing
    assert _validate("import gc", "print(gc.get_freeze_count() > 0)") == "True"


def test_compare_as_json_loads_no_other_format() -> None:
    # json is what CI and scripts ask for: no table drawing, no templates, no workbook at start-up
    heavy = ("rich", "jinja2", "markupsafe", "xlsxwriter")
    code = (
        "import json, sys\n"
        "from dxcheck.__main__ import main\n"
        "sys.argv = ['dxcheck', 'compare', 'tests/fixtures/plan.yaml', 'tests/fixtures/actuals-2024.yaml',"
        " '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    code = stop.code\n"
        "reporters = sorted(m for m in sys.modules if m.startswith('dxcheck.reporters.'))\n"
        f"print(code, reporters, sorted(m for m in sys.modules if m in {heavy!r}), file=sys.stderr)\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["dxcheck"] == "result/1"
    assert ran.stderr.splitlines()[-1] == "1 ['dxcheck.reporters.json'] []"
