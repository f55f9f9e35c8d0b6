"""--output as a new user meets it: where it may write, the file it leaves, the format its name picks."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import ROOT, Run
from dxcheck.reporters import FORMAT_BY_EXTENSION, REPORTERS

DEMO = ("tests/fixtures/plan.yaml", "tests/fixtures/actuals-2023.yaml", "tests/fixtures/actuals-2024.yaml")
COMMANDS = {"compare": DEMO, "check": ("tests/fixtures",)}


def problem(output: Path, message: str) -> str:
    return f"{output}:1:1: error: $: {message}\n"


def written(path: Path) -> str:
    """A report's text byte for byte: csv's CRLF line ends stay as they are."""
    return path.read_bytes().decode("utf-8")


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    """`umask(0o027)` sets the process's umask for the test; the old one comes back after it."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


# --- where --output may write: refused before any work, with nothing left behind --------------------


@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_into_a_missing_folder_is_one_problem_line(
    dx: Callable[..., Run], tmp_path: Path, command: str
) -> None:
    folder = tmp_path / "reports" / "2025"
    output = folder / "report.json"
    run = dx(command, *COMMANDS[command], "--output", str(output))
    assert run.code == 2, run
    assert run.out == ""
    hint = f"create it first (mkdir -p {shlex.quote(str(folder))})"
    assert run.err == problem(output, f"the folder {folder} does not exist; {hint}"), run
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_naming_a_folder_is_refused_and_the_folder_left_alone(
    dx: Callable[..., Run], tmp_path: Path, command: str
) -> None:
    (tmp_path / "kept.txt").write_text("kept\n", encoding="utf-8")
    run = dx(command, *COMMANDS[command], "--output", str(tmp_path))
    assert run.code == 2, run
    assert run.out == ""
    assert run.err == problem(tmp_path, "--output names a folder, not a file"), run
    assert [path.name for path in tmp_path.iterdir()] == ["kept.txt"]


def test_output_inside_a_file_is_refused(dx: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("notes\n", encoding="utf-8")
    output = tmp_path / "notes" / "report.json"
    run = dx("compare", *DEMO, "--output", str(output))
    assert run.code == 2, run
    assert run.err == problem(output, f"{tmp_path / 'notes'} is a file, not a folder"), run
    assert (tmp_path / "notes").read_text(encoding="utf-8") == "notes\n"


def test_a_folder_the_user_may_not_write_to_is_refused_before_judging(
    dx: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # os.access stands for the system saying no, so that the test holds for root too, who may write anywhere
    real_access = os.access

    def denied(path: str | os.PathLike[str], mode: int) -> bool:
        return Path(path) != tmp_path and real_access(path, mode)

    monkeypatch.setattr(os, "access", denied)
    output = tmp_path / "report.json"
    run = dx("check", "tests/fixtures", "--output", str(output))
    assert run.code == 2, run
    assert run.out == ""
    assert run.err == problem(output, f"the folder {tmp_path} cannot be written to (permission denied)"), run
    assert list(tmp_path.iterdir()) == []


def test_a_refusal_met_only_when_writing_is_one_problem_line_and_leaves_nothing(
    dx: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # e.g. the folder's permissions changed while the plans were judged
    real_open = os.open

    def refused(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if Path(path).parent == tmp_path:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", refused)
    output = tmp_path / "report.json"
    run = dx("compare", *DEMO, "--output", str(output))
    assert run.code == 2, run
    assert run.out == ""
    assert run.err == problem(output, "cannot write the report: Permission denied"), run
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_output_into_a_named_pipe_writes_into_it_and_keeps_the_pipe(
    dx: Callable[..., Run], tmp_path: Path
) -> None:
    # `--output /dev/stdout` or a pipe: the report goes into it; the pipe is not replaced by a file
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a waiting reader, so that writing does not block
    try:
        run = dx("compare", *DEMO, "--format", "csv", "--output", str(pipe))
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert run.code == 1, run
    assert received.decode("utf-8") == dx("compare", *DEMO, "--format", "csv").out
    assert stat.S_ISFIFO(pipe.stat().st_mode)


# --- never over an input, however its path is written ------------------------------------------------

# each command as a user runs it from the top of a data repository, and the files every one of them reads
READING = {
    "compare": (
        "compare",
        "plans/plan.yaml",
        "actuals/actuals-2023.yaml",
        "actuals/actuals-2024.yaml",
        "-f",
        "json",
    ),
    "check": ("check", "plans", "actuals", "--format", "json"),
    "targets": ("targets", "plans", "--actuals", "actuals", "--format", "json"),
    "init": ("init", "actuals", "plans/plan.yaml", "--year", "2025", "-a", "actuals"),
    "init --force": ("init", "actuals", "plans/plan.yaml", "--year", "2025", "-a", "actuals", "--force"),
}
READ = ("plans/plan.yaml", "actuals/actuals-2023.yaml")
REFUSED = "--output names a dxcheck input file; dxcheck never overwrites its inputs"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data repository (plans/, actuals/, and a plan no command here reads), the working folder its top."""
    for folder, name in (("plans", DEMO[0]), ("actuals", DEMO[1]), ("actuals", DEMO[2])):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / Path(name).name).write_bytes((ROOT / name).read_bytes())
    (tmp_path / "other").mkdir()
    other = (ROOT / DEMO[0]).read_text(encoding="utf-8").replace("id: demo-2025", "id: other-2025")
    (tmp_path / "other" / "plan.yaml").write_text(other, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _spelt(repo: Path, name: str, spelling: str) -> str:
    """Another way of naming the file `name` of the repository."""
    if spelling == "symlink":
        (repo / "link.yaml").symlink_to(repo / name)
        return "link.yaml"
    if spelling == "hard link":
        os.link(repo / name, repo / "link.yaml")
        return "link.yaml"
    folder = name.partition("/")[0]
    return {
        "as given": name,
        "./": f"./{name}",
        "../": f"{'actuals' if folder == 'plans' else 'plans'}/../{name}",
        "absolute": str(repo / name),
    }[spelling]


def _contents(repo: Path) -> dict[str, bytes]:
    return {path.relative_to(repo).as_posix(): path.read_bytes() for path in sorted(repo.rglob("*.yaml"))}


@pytest.mark.skipif(os.name != "posix", reason="links")
@pytest.mark.parametrize("spelling", ["as given", "./", "../", "absolute", "symlink", "hard link"])
@pytest.mark.parametrize("name", READ)
@pytest.mark.parametrize("command", list(READING))
def test_no_command_writes_over_a_file_it_reads(
    dx: Callable[..., Run], repo: Path, command: str, name: str, spelling: str
) -> None:
    output = _spelt(repo, name, spelling)
    before = _contents(repo)
    run = dx(*READING[command], "--output", output)
    assert (run.code, run.out) == (2, ""), run
    assert run.err == problem(Path(output), REFUSED)
    assert _contents(repo) == before


@pytest.mark.skipif(os.name != "posix", reason="links")
@pytest.mark.parametrize("command", ["compare", "init --force"])
def test_an_input_named_through_a_link_is_not_written_under_its_own_name(
    dx: Callable[..., Run], repo: Path, command: str
) -> None:
    (repo / "link.yaml").symlink_to(repo / "plans" / "plan.yaml")
    args = [arg if arg != "plans/plan.yaml" else "link.yaml" for arg in READING[command]]
    before = _contents(repo)
    run = dx(*args, "--output", "plans/plan.yaml")
    assert run.code == 2, run
    assert run.err == problem(Path("plans/plan.yaml"), REFUSED)
    assert _contents(repo) == before


@pytest.mark.parametrize("command", list(READING))
@pytest.mark.parametrize("name", ["other/plan.yaml", "other/actuals-2024.yaml"])
def test_no_command_writes_over_a_plan_or_actuals_it_does_not_read(
    dx: Callable[..., Run], repo: Path, command: str, name: str
) -> None:
    # the user's data, even outside what this run reads: `init --force` starts only its own year's file again
    if name.endswith("actuals-2024.yaml"):
        (repo / name).write_bytes((repo / "actuals" / "actuals-2024.yaml").read_bytes())
    before = _contents(repo)
    run = dx(*READING[command], "--output", name)
    assert (run.code, run.out) == (2, ""), run
    assert run.err == problem(Path(name), REFUSED)
    assert _contents(repo) == before


def test_targets_does_not_write_over_a_file_it_was_given_that_is_no_dxcheck_file(
    dx: Callable[..., Run], repo: Path
) -> None:
    (repo / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    run = dx("targets", "plans", "notes.yaml", "--output", "./notes.yaml")
    assert run.code == 2, run
    assert run.err == problem(Path("notes.yaml"), REFUSED)
    assert (repo / "notes.yaml").read_text(encoding="utf-8") == "a: 1\n"


def test_init_force_starts_its_own_year_again_and_replaces_other_files(
    dx: Callable[..., Run], repo: Path
) -> None:
    draft = repo / "actuals" / "actuals-2025.yaml"
    assert dx(*READING["init"], "--output", str(draft)).code == 0
    assert (
        dx(*READING["init"], "--output", str(draft)).err
        == f"{draft}:1:1: error: $: the file exists: give --force to replace it\n"
    )
    assert dx(*READING["init --force"], "--output", str(draft)).code == 0
    (repo / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    assert dx(*READING["init --force"], "--output", "notes.yaml").code == 0
    assert (repo / "notes.yaml").read_bytes() == draft.read_bytes()


# --- the file's permissions -------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize(
    ("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)], ids=["022", "027", "077"]
)
def test_a_new_report_gets_the_permissions_of_any_new_file(
    dx: Callable[..., Run], tmp_path: Path, umask: Callable[[int], int], mask: int, mode: int
) -> None:
    output = tmp_path / "report.json"
    umask(mask)
    run = dx("compare", *DEMO, "--output", str(output))
    assert run.code == 1, run
    assert stat.S_IMODE(output.stat().st_mode) == mode


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o600, 0o664], ids=["0600", "0664"])
def test_a_replaced_report_keeps_its_permissions(
    dx: Callable[..., Run], tmp_path: Path, umask: Callable[[int], int], mode: int
) -> None:
    output = tmp_path / "report.json"
    output.write_text("the previous report\n", encoding="utf-8")
    output.chmod(mode)
    umask(0o022)
    run = dx("compare", *DEMO, "--format", "json", "--output", str(output))
    assert run.code == 1, run
    assert json.loads(output.read_text(encoding="utf-8"))["dxcheck"] == "result/1"
    assert stat.S_IMODE(output.stat().st_mode) == mode
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]


# --- the format from the file's name ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.csv", "csv"),
        ("report.json", "json"),
        ("report.md", "markdown"),
        ("report.markdown", "markdown"),
        ("report.xml", "junit"),
        ("report.txt", "table"),
        ("REPORT.JSON", "json"),
        ("report.log", "table"),  # an extension with no format of its own keeps compare's default
        ("report", "table"),
    ],
)
def test_compare_picks_the_format_from_the_output_extension(
    dx: Callable[..., Run], tmp_path: Path, name: str, expected: str
) -> None:
    output = tmp_path / name
    run = dx("compare", *DEMO, "--output", str(output))
    assert run.code == 1, run
    assert run.out == ""
    assert written(output) == dx("compare", *DEMO, "--format", expected).out


@pytest.mark.parametrize(
    ("name", "given"), [("report.json", "csv"), ("report.csv", "table"), ("r.md", "json")]
)
def test_an_explicit_format_wins_over_the_extension(
    dx: Callable[..., Run], tmp_path: Path, name: str, given: str
) -> None:
    output = tmp_path / name
    assert dx("compare", *DEMO, "--format", given, "--output", str(output)).code == 1
    assert written(output) == dx("compare", *DEMO, "--format", given).out


@pytest.mark.parametrize("github_actions", [False, True])
def test_check_with_output_json_writes_json_even_inside_github_actions(
    dx: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, github_actions: bool
) -> None:
    expected = dx("check", "tests/fixtures", "--format", "json").out
    if github_actions:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
        monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    output = tmp_path / "report.json"
    run = dx("check", "tests/fixtures", "--output", str(output))
    assert run.code == 1, run
    assert run.out == ""
    assert json.loads(output.read_text(encoding="utf-8"))["dxcheck"] == "check/1"
    assert written(output) == expected


@pytest.mark.parametrize(("github_actions", "expected"), [(False, "table"), (True, "github")])
def test_check_with_an_unknown_extension_keeps_auto(
    dx: Callable[..., Run],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    github_actions: bool,
    expected: str,
) -> None:
    if github_actions:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
        monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    output = tmp_path / "dxcheck.log"
    assert dx("check", "tests/fixtures", "--output", str(output)).code == 1
    assert written(output) == dx("check", "tests/fixtures", "--format", expected).out


def test_every_extension_names_a_format_dxcheck_writes() -> None:
    assert set(FORMAT_BY_EXTENSION.values()) <= set(REPORTERS)
    assert all(extension == extension.lower() for extension in FORMAT_BY_EXTENSION)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_format_help_tells_the_extension_rule(dx: Callable[..., Run], command: str) -> None:
    run = dx(command, "--help")
    text = " ".join(run.out.split())  # as one line, however the help is wrapped
    rule = text.split("When not given, --output's extension picks it (")[1].split(")")[0]
    for extension, name in FORMAT_BY_EXTENSION.items():
        assert extension in rule, run
        assert name in rule, run
    default = "auto" if command == "check" else "table"
    assert f"); otherwise {default}." in text, run


# --- --version --------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_installed_version(dx: Callable[..., Run], flag: str) -> None:
    run = dx(flag)
    assert run.code == 0, run
    assert run.out == f"dxcheck {version('dxcheck')}\n"
    assert run.err == ""


def test_version_of_a_source_tree_never_installed(
    dx: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.metadata

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    run = dx("--version")
    assert run.code == 0, run
    assert run.out == "dxcheck 0+unknown (not installed)\n"


def test_version_loads_none_of_the_heavy_modules() -> None:
    # start-up matters: `dxcheck --version` must not pay for pydantic, YAML or rich
    heavy = ("pydantic", "yaml", "rich", "dxcheck.models")
    code = (
        "import sys\nfrom dxcheck.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n"
        f"    pass\nprint(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.splitlines()[-1] == "[]", ran.stderr
