"""Measure dxcheck's start-up, scaling and speed against its peers; print the figures, assert nothing."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 - the generator sits beside this script, not in an installed package

PY = sys.executable
# children write and reuse bytecode as on a user's machine, even where this shell turned that off
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
DXCHECK = [PY, "-m", "dxcheck"]
PYYAML_LOOP = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, 'rb') as handle:\n"
    "        yaml.load(handle, Loader=yaml.CSafeLoader)\n"
)
STARTUP_GOAL = 1.3
SCALE_GOAL = 2.0
LINEAR_GOAL = 1.25  # µs/value at N× within this factor of 1×
PEER_GOAL = 1.0


@dataclass(frozen=True, slots=True)
class Sample:
    """One timed run of one or more commands: wall seconds and the largest child's peak memory."""

    seconds: float
    max_rss_kb: int


@dataclass(slots=True)
class Figure:
    """One line of the table: dxcheck against a baseline, and whether the goal is met."""

    name: str
    command: str
    baseline_command: str
    runs: int
    seconds: float
    baseline_seconds: float
    goal: str
    met: bool | None
    ratio: float = 0.0
    values: int = 0
    us_per_value: float | None = None
    max_rss_mb: float | None = None
    baseline_max_rss_mb: float | None = None
    notes: list[str] = field(default_factory=list)
    per_value: bool = False  # the two times are seconds per value, not per run


class BenchError(Exception):
    """A command that should have succeeded did not; the figures would mean nothing."""


def run_once(commands: Sequence[Sequence[str]], cwd: Path, ok: Sequence[int] = (0,)) -> Sample:
    """Run commands one after the other; their total wall time and the largest peak RSS of any."""
    total = 0.0
    peak = 0
    for command in commands:
        with tempfile.TemporaryFile() as errors:
            start = time.perf_counter()
            child = subprocess.Popen(
                command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, env=CHILD_ENV
            )
            _, status, usage = os.wait4(child.pid, 0)
            total += time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
            peak = max(peak, usage.ru_maxrss)  # kilobytes on Linux
            if child.returncode not in ok:
                errors.seek(0)
                tail = errors.read()[-2000:].decode("utf-8", "replace")
                raise BenchError(f"exit {child.returncode}: {_show(command)}\n{tail}")
    return Sample(total, peak)


def measure(commands: Sequence[Sequence[str]], runs: int, cwd: Path, ok: Sequence[int] = (0,)) -> Sample:
    """The median wall time over `runs` runs, and the peak RSS seen in any of them."""
    samples = [run_once(commands, cwd, ok) for _ in range(runs)]
    return Sample(statistics.median(s.seconds for s in samples), max(s.max_rss_kb for s in samples))


def interleaved(
    ours: Sequence[Sequence[str]],
    theirs: Sequence[Sequence[str]],
    runs: int,
    cwd: Path,
    ok: Sequence[int] = (0,),
    their_ok: Sequence[int] = (0,),
) -> tuple[Sample, Sample]:
    """Both sides measured in alternation, so a change in the machine's load hits both alike."""
    mine: list[Sample] = []
    other: list[Sample] = []
    for _ in range(runs):
        mine.append(run_once(ours, cwd, ok))
        other.append(run_once(theirs, cwd, their_ok))

    def summary(samples: list[Sample]) -> Sample:
        return Sample(statistics.median(s.seconds for s in samples), max(s.max_rss_kb for s in samples))

    return summary(mine), summary(other)


def _show(command: Sequence[str], limit: int = 6) -> str:
    shown = ["python" if part == PY else part for part in command]
    if len(shown) > limit:
        shown = [*shown[:limit], f"… ({len(shown) - limit} more)"]
    return " ".join(shown)


def _mb(kb: int) -> float:
    return round(kb / 1024, 1)


# what the product's fixed stack costs before any dxcheck code runs: typer, and one pydantic model
# built and used (with plugin look-up off, as dxcheck's command line has it)
STACK_FLOOR = (
    "import os\n"
    "os.environ.setdefault('PYDANTIC_DISABLE_PLUGINS', '__all__')\n"
    "import yaml, typer\n"
    "from pydantic import BaseModel\n"
    "class Figure(BaseModel):\n"
    "    value: int\n"
    "Figure.model_validate({'value': 1})\n"
)
COMPARE_JSON = [
    *DXCHECK,
    "compare",
    "plans/thanhhoa-2025.yaml",
    "actuals/actuals-2024.yaml",
    "--format",
    "json",
]


def startup(
    runs: int,
    name: str = "start-up: compare (json)",
    ours: Sequence[str] = COMPARE_JSON,
    baseline: str = "import yaml, pydantic",
    judged: bool = True,
    shown: str | None = None,
) -> Figure:
    """`dxcheck compare` on the project's own small files against importing its two big dependencies.

    `import pydantic` alone loads little (pydantic 2 imports BaseModel lazily), so unjudged lines
    compare with `from pydantic import BaseModel`, and show what the stack alone costs against
    the judged baseline: the floor no code built on typer and pydantic models can go below.
    """
    theirs = [PY, "-c", baseline]
    run_once([ours], ROOT, ok=(0, 1))  # warm the file cache and the bytecode before timing
    run_once([theirs], ROOT)
    mine, other = interleaved([ours], [theirs], runs, ROOT, ok=(0, 1))
    ratio = mine.seconds / other.seconds
    return Figure(
        name=name,
        command=shown or _show(ours, 8),
        baseline_command=_show(theirs),
        runs=runs,
        seconds=mine.seconds,
        baseline_seconds=other.seconds,
        ratio=ratio,
        goal=f"<= {STARTUP_GOAL}" if judged else "(info)",
        met=ratio <= STARTUP_GOAL if judged else None,
        max_rss_mb=_mb(mine.max_rss_kb),
        baseline_max_rss_mb=_mb(other.max_rss_kb),
    )


def has_check() -> bool:
    """Whether this dxcheck has the `check DIR` command yet."""
    done = subprocess.run([*DXCHECK, "check", "--help"], capture_output=True, check=False, env=CHILD_ENV)
    return done.returncode == 0


def _files(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root)) for p in [*root.glob("plans/*.yaml"), *root.glob("actuals/*.yaml")]
    )


def scale_figure(root: Path, stats: generate.Stats, runs: int, use_check: bool) -> Figure:
    """The whole repository through dxcheck against PyYAML's C loader reading the same files."""
    files = _files(root)
    ok: tuple[int, ...]
    if use_check:
        ours, ok, what = [[*DXCHECK, "check", ".", "--format", "json"]], (0, 1), "check"
    else:
        ours, ok, what = [[*DXCHECK, "validate", *files]], (0,), "validate"
    theirs = [[PY, "-c", PYYAML_LOOP, *files]]
    mine, other = interleaved(ours, theirs, runs, root, ok=ok)
    ratio = mine.seconds / other.seconds
    values = stats.values + stats.targets
    return Figure(
        name=f"scale {stats.scale}x: {what}",
        command=_show(ours[0], 4),
        baseline_command="python -c 'yaml.load(f, Loader=yaml.CSafeLoader) for each file'",
        runs=runs,
        seconds=mine.seconds,
        baseline_seconds=other.seconds,
        ratio=ratio,
        goal=f"<= {SCALE_GOAL}",
        met=ratio <= SCALE_GOAL,
        values=values,
        us_per_value=mine.seconds / values * 1e6,
        max_rss_mb=_mb(mine.max_rss_kb),
        baseline_max_rss_mb=_mb(other.max_rss_kb),
    )


def check_jsonschema() -> list[str] | None:
    """How to run check-jsonschema here, or None when it is not installed."""
    if importlib.util.find_spec("check_jsonschema") is not None:
        return [PY, "-m", "check_jsonschema"]
    found = shutil.which("check-jsonschema")
    return [found] if found else None


def lenient(schema: dict[str, Any]) -> dict[str, Any]:
    """The exported schema, also accepting the short forms the format allows.

    A target may be a bare expression instead of a `TargetSpec` mapping, and a value a bare
    expression or a single mapping instead of a list of `ValueSpec` mappings.
    """
    defs = schema.get("$defs", {})
    target_ref, value_ref = {"$ref": "#/$defs/TargetSpec"}, {"$ref": "#/$defs/ValueSpec"}
    bare_target = defs.get("TargetSpec", {}).get("properties", {}).get("target")
    bare_value = defs.get("ValueSpec", {}).get("properties", {}).get("value")
    one_value = {"anyOf": [bare_value, value_ref]} if bare_value else value_ref

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        if node == target_ref and bare_target:
            return {"anyOf": [bare_target, target_ref]}
        if node.get("type") == "array" and node.get("items") == value_ref:
            return {"anyOf": [one_value, {"type": "array", "items": one_value}]}
        return {key: walk(value) for key, value in node.items()}

    fixed: dict[str, Any] = walk(schema)
    return fixed


def peer(root: Path, stats: generate.Stats, out: Path, runs: int, tool: list[str]) -> Figure:
    """`dxcheck validate` against check-jsonschema with dxcheck's exported schemas, on the same files."""
    notes: list[str] = []
    schemas: dict[str, Path] = {}
    samples = generate.sample(out / "sample")
    for kind in ("plan", "actuals"):
        text = subprocess.run(
            [*DXCHECK, "schema", kind], capture_output=True, text=True, check=True, env=CHILD_ENV
        ).stdout
        exported = out / f"schema-{kind}.json"
        exported.write_text(text)
        sample = samples[kind]
        accepted = subprocess.run(
            [*tool, "--schemafile", str(exported), str(sample)],
            capture_output=True,
            check=False,
            env=CHILD_ENV,
        )
        if accepted.returncode != 0:
            notes.append(
                f"the exported {kind} schema rejects valid files (bare targets/values): timed with "
                "a copy that also accepts the short forms (see README)"
            )
            exported = out / f"schema-{kind}-lenient.json"
            exported.write_text(json.dumps(lenient(json.loads(text)), ensure_ascii=False))
        schemas[kind] = exported
    # check-jsonschema takes ~10× dxcheck's time: a quarter of the plans and the last two years keep
    # this figure under a minute and a half at three runs; both tools read exactly the same files
    plans = sorted(f for f in _files(root) if f.startswith("plans/"))[::4]
    actuals = sorted(f for f in _files(root) if re.fullmatch(r"actuals/actuals-\d{4}\.yaml", f))[-2:]
    groups = {"plan": plans, "actuals": actuals}
    ours = [[*DXCHECK, "validate", *groups[kind]] for kind in ("plan", "actuals")]
    theirs = [[*tool, "--schemafile", str(schemas[kind]), *groups[kind]] for kind in ("plan", "actuals")]
    mine, other = interleaved(ours, theirs, runs, root)
    ratio = mine.seconds / other.seconds
    per_plan = generate.INDICATORS * len(generate.TARGET_YEARS)
    values = len(plans) * per_plan + len(actuals) * stats.regions * generate.INDICATORS
    return Figure(
        name="peer: validate vs check-jsonschema",
        command=f"dxcheck validate ({len(plans)} plans); dxcheck validate ({len(actuals)} actuals)",
        baseline_command="check-jsonschema --schemafile <dxcheck schema plan|actuals> (same two sets)",
        runs=runs,
        seconds=mine.seconds,
        baseline_seconds=other.seconds,
        ratio=ratio,
        values=values,
        us_per_value=mine.seconds / values * 1e6,
        goal=f"< {PEER_GOAL}",
        met=ratio < PEER_GOAL,
        max_rss_mb=_mb(mine.max_rss_kb),
        baseline_max_rss_mb=_mb(other.max_rss_kb),
        notes=notes,
    )


def _seconds(value: float, per_value: bool = False) -> str:
    if per_value:
        return f"{value * 1e6:.1f} µs"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def table(figures: list[Figure], header: str) -> str:
    """The figures as a compact plain-text table, notes below it."""
    rows = [("figure", "runs", "dxcheck", "baseline", "ratio", "goal", "met", "µs/value", "peak MB (base)")]
    for f in figures:
        rows.append(
            (
                f.name,
                str(f.runs),
                _seconds(f.seconds, f.per_value),
                _seconds(f.baseline_seconds, f.per_value),
                f"{f.ratio:.2f}",
                f.goal,
                {True: "yes", False: "NO", None: "-"}[f.met],
                f"{f.us_per_value:.1f}" if f.us_per_value is not None else "",
                f"{f.max_rss_mb:.0f} ({f.baseline_max_rss_mb:.0f})" if f.max_rss_mb is not None else "",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [header, ""]
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [f"- {f.name}: {note}" for f in figures for note in f.notes]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def linearity(figures: list[Figure]) -> Figure | None:
    """Per-value time at the largest scale against 1×: linear growth keeps it flat."""
    scaled = [f for f in figures if f.name.startswith("scale ") and f.us_per_value]
    if len(scaled) < 2:
        return None
    first, last = scaled[0], scaled[-1]
    assert first.us_per_value and last.us_per_value
    ratio = last.us_per_value / first.us_per_value
    return Figure(
        name=f"linear: µs/value at {last.name.split(':')[0][6:]} ÷ at 1x",
        command=last.command,
        baseline_command=first.command,
        runs=last.runs,
        seconds=last.us_per_value / 1e6,
        baseline_seconds=first.us_per_value / 1e6,
        per_value=True,
        ratio=ratio,
        goal=f"<= {LINEAR_GOAL}",
        met=ratio <= LINEAR_GOAL,
    )


@dataclass(slots=True)
class Session:
    """One run of the script: its settings, the figures so far, and what it found on the way."""

    runs: int
    scales: list[int]
    seed: int
    out: Path
    figures: list[Figure] = field(default_factory=list)
    tool: list[str] | None = None
    use_check: bool = False
    failed: bool = False


def measure_all(session: Session) -> None:
    """Every figure in turn; a failing command stops the run, keeping the figures measured until then."""
    runs, out = session.runs, session.out
    try:
        print("measuring start-up…", file=sys.stderr)
        session.figures.append(startup(max(runs, 10)))
        session.figures.append(
            startup(
                max(runs, 10),
                "  same vs `from pydantic import BaseModel`",
                baseline="import yaml; from pydantic import BaseModel",
                judged=False,
            )
        )
        session.figures.append(
            startup(
                max(runs, 10), "  the stack alone: typer + 1 model", [PY, "-c", STACK_FLOOR], judged=False
            )
        )
        session.use_check = has_check()
        repos: dict[int, tuple[Path, generate.Stats]] = {}
        for scale in session.scales:
            repos[scale] = generate.repository(out, scale, session.seed, log=sys.stderr)
            # a 16x run takes minutes: N, N/2, N/4 runs at 1x, 4x, 16x, but never fewer than 3, so that
            # each figure is a median and one disturbed run cannot make it
            scale_runs = max(min(runs, 3), round(runs / scale**0.5))
            print(f"measuring scale {scale}x ({scale_runs} runs)…", file=sys.stderr)
            session.figures.append(scale_figure(*repos[scale], scale_runs, session.use_check))
        if (line := linearity(session.figures)) is not None:
            session.figures.append(line)
        session.tool = check_jsonschema()
        if session.tool is None:
            print(
                "check-jsonschema is not installed: skipping the peer comparison "
                "(`pip install check-jsonschema` to include it)",
                file=sys.stderr,
            )
            return
        peer_runs = min(runs, 3)
        print(f"measuring the peer at 1x ({peer_runs} runs)…", file=sys.stderr)
        root, stats = repos[1] if 1 in repos else generate.repository(out, 1, session.seed)
        session.figures.append(peer(root, stats, out, peer_runs, session.tool))
    except BenchError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        session.failed = True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1x only, 3 runs: a fast check")
    parser.add_argument("--runs", type=int, help="runs per figure (median taken); default 5, quick 3")
    parser.add_argument("--scales", default="1,4,16", help="comma-separated scale factors (default 1,4,16)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="generator seed")
    parser.add_argument("--out", default=str(HERE / "out"), help="where the synthetic repositories go")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("dxcheck") is None:
        print("dxcheck is not installed in this Python: run `pip install -e .` first", file=sys.stderr)
        return 2
    session = Session(
        runs=args.runs or (3 if args.quick else 5),
        scales=[1] if args.quick else sorted({int(s) for s in args.scales.split(",")}),
        seed=args.seed,
        out=Path(args.out),
    )
    session.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    measure_all(session)
    header = (
        f"dxcheck benchmarks, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC: "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; "
        f"median of the runs shown; scale step: dxcheck {'check' if session.use_check else 'validate'}; "
        f"took {time.perf_counter() - started:.0f} s"
    )
    if session.failed:
        header += "\n(stopped early: a command failed, see above; the figures measured until then)"
    elif session.tool is None:
        header += "\n(peer comparison skipped: check-jsonschema not installed)"
    print(table(session.figures, header))
    if args.json:
        document = {"header": header, "figures": [asdict(f) for f in session.figures]}
        Path(args.json).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 2 if session.failed else 0


if __name__ == "__main__":
    sys.exit(main())
