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
# the fair floor for reading the files: PyYAML's C loader, with the cyclic GC off as dxcheck runs
PYYAML_LOOP = (
    "import gc, sys, yaml\n"
    "gc.disable()\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, 'rb') as handle:\n"
    "        yaml.load(handle, Loader=yaml.CSafeLoader)\n"
)
# the physical limit: the fastest YAML parser on PyPI (Rust), which builds plain dicts and floats
YAMLRS_LOOP = (
    "import gc, sys, yaml_rs\n"
    "gc.disable()\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8') as handle:\n"
    "        yaml_rs.loads(handle.read())\n"
)
MINIMAL_APP = str(HERE / "minimal_app.py")
SHIPPED_PLAN = "plans/thanhhoa-2025.yaml"
JSONSCHEMA_GOAL = 0.7  # validate one shipped plan against check-jsonschema on it
APP_GOAL = 1.1  # … against the minimal typer app with one pydantic model
SCALE_GOAL = 1.2  # check --format json against CSafeLoader with the GC off
FORMAT_GOAL = 1.5  # check --format table (markdown, html, xlsx) against --format json
MEMORY_MB_GOAL = 100.0  # peak at 1×, MiB
MEMORY_GROWTH_GOAL = 1.5  # peak at the largest scale ÷ peak at 1×
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
    in_mib: bool = False  # the two figures are peak memory (max_rss_mb), not times


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


def pair(
    name: str,
    ours: Sequence[Sequence[str]],
    theirs: Sequence[Sequence[str]],
    runs: int,
    cwd: Path,
    goal: float | None,
    shown: tuple[str, str] | None = None,
    ok: Sequence[int] = (0, 1),
    their_ok: Sequence[int] = (0, 1),
) -> Figure:
    """dxcheck and its reference, run in alternation after one warm-up each; the ratio of the medians."""
    run_once(ours, cwd, ok)  # warm the file cache and the bytecode before timing
    run_once(theirs, cwd, their_ok)
    mine, other = interleaved(ours, theirs, runs, cwd, ok, their_ok)
    return _ratio(name, mine, other, runs, goal, shown or (_show(ours[0], 8), _show(theirs[0], 8)))


def startups(runs: int, out: Path, tool: list[str] | None) -> list[Figure]:
    """`dxcheck validate` of one shipped plan against the peers doing the same to it, and the floor."""
    ours = [[*DXCHECK, "validate", SHIPPED_PLAN]]
    figures = []
    if tool is not None:
        schema = _schemas(out, tool)["plan"]
        theirs = [[*tool, "--schemafile", str(schema), SHIPPED_PLAN]]
        figures.append(
            pair("start-up: validate vs check-jsonschema", ours, theirs, runs, ROOT, JSONSCHEMA_GOAL)
        )
    if shutil.which("yamllint") or importlib.util.find_spec("yamllint"):
        theirs = [[PY, "-m", "yamllint", "-d", "relaxed", SHIPPED_PLAN]]
        figures.append(pair("  same vs yamllint (relaxed)", ours, theirs, runs, ROOT, None))
    theirs = [[PY, MINIMAL_APP, SHIPPED_PLAN]]
    figures.append(pair("  same vs typer + 1 pydantic model", ours, theirs, runs, ROOT, APP_GOAL))
    return figures


def has_check() -> bool:
    """Whether this dxcheck has the `check DIR` command yet."""
    done = subprocess.run([*DXCHECK, "check", "--help"], capture_output=True, check=False, env=CHILD_ENV)
    return done.returncode == 0


def _files(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root)) for p in [*root.glob("plans/*.yaml"), *root.glob("actuals/*.yaml")]
    )


# the human formats, each held to the JSON check's time on the same repository
FORMATS = ("table", "markdown", "html", "xlsx")


def warm(root: Path) -> None:
    """Read every file once, so that the first timed run does not pay the disk."""
    for name in _files(root):
        (root / name).read_bytes()


def rotation(commands: dict[str, list[list[str]]], runs: int, cwd: Path) -> dict[str, Sample]:
    """Each command once a round, round after round (A, B, C, A, B, C, …): a change in the machine's
    load hits every command alike. The median time of each, and the peak memory of any of its runs."""
    samples: dict[str, list[Sample]] = {key: [] for key in commands}
    for _ in range(runs):
        for key, command in commands.items():
            samples[key].append(run_once(command, cwd))
    return {
        key: Sample(statistics.median(s.seconds for s in found), max(s.max_rss_kb for s in found))
        for key, found in samples.items()
    }


def _ratio(
    name: str, mine: Sample, other: Sample, runs: int, goal: float | None, shown: tuple[str, str]
) -> Figure:
    ratio = mine.seconds / other.seconds
    return Figure(
        name=name,
        command=shown[0],
        baseline_command=shown[1],
        runs=runs,
        seconds=mine.seconds,
        baseline_seconds=other.seconds,
        ratio=ratio,
        goal=f"<= {goal}" if goal is not None else "(info)",
        met=ratio <= goal if goal is not None else None,
        max_rss_mb=_mb(mine.max_rss_kb),
        baseline_max_rss_mb=_mb(other.max_rss_kb),
    )


def scale_figures(
    root: Path, stats: generate.Stats, runs: int, use_check: bool, formats: Sequence[str] = FORMATS
) -> list[Figure]:
    """The whole repository through dxcheck against the parsers reading the same files, and each human
    format against the JSON on it, all measured in one rotation."""
    files = _files(root)
    if use_check:
        ours, what = [[*DXCHECK, "check", ".", "--format", "json", "--fail-on", "none"]], "check"
    else:
        ours, what = [[*DXCHECK, "validate", *files]], "validate"
    commands = {"json": ours, "csafe": [[PY, "-c", PYYAML_LOOP, *files]]}
    has_yamlrs = importlib.util.find_spec("yaml_rs") is not None
    if has_yamlrs:
        commands["yaml-rs"] = [[PY, "-c", YAMLRS_LOOP, *files]]
    shown_formats = formats if use_check else ()
    for name in shown_formats:
        commands[name] = [[*DXCHECK, "check", ".", "--format", name, "--fail-on", "none"]]
    warm(root)
    found = rotation(commands, runs, root)
    values = stats.values + stats.targets
    ours_shown = _show(ours[0], 4)
    figure = _ratio(
        f"scale {stats.scale}x: {what} (json) vs CSafeLoader",
        found["json"],
        found["csafe"],
        runs,
        SCALE_GOAL,
        (ours_shown, "python -c 'gc.disable(); yaml.load(f, Loader=yaml.CSafeLoader) for each file'"),
    )
    figure.values, figure.us_per_value = values, figure.seconds / values * 1e6
    figures = [figure]
    if has_yamlrs:
        figures.append(
            _ratio(
                "  same vs yaml-rs parse (the limit)",
                found["json"],
                found["yaml-rs"],
                runs,
                None,
                (ours_shown, "python -c 'yaml_rs.loads(text) for each file'"),
            )
        )
    else:
        figure.notes.append("yaml-rs not installed: no physical-limit line (`pip install yaml-rs`)")
    for name in shown_formats:
        figures.append(
            _ratio(
                f"  check --format {name} vs json",
                found[name],
                found["json"],
                runs,
                FORMAT_GOAL,
                (_show(commands[name][0], 6), ours_shown),
            )
        )
    return figures


def _format_of(figure: Figure) -> str | None:
    """The output format a scale figure measured: json for the check itself, else the format's name."""
    if figure.name.startswith("scale ") and "(json)" in figure.name:
        return "json"
    if figure.name.startswith("  check --format "):
        return figure.name.split()[2]
    return None


def memory_figures(figures: list[Figure]) -> list[Figure]:
    """Peak memory of each format's `check` at 1× against the goal, and at the largest scale against
    1×."""
    scale = ""
    peaks: dict[str, list[tuple[str, Figure]]] = {}
    for figure in figures:
        if figure.name.startswith("scale "):
            scale = figure.name.split(":")[0][6:]
        name = _format_of(figure)
        if name is not None and figure.max_rss_mb:
            peaks.setdefault(name, []).append((scale, figure))
    found = []
    for name, seen in peaks.items():
        first_scale, first = seen[0]
        last_scale, last = seen[-1]
        if first_scale != "1x":
            continue
        assert first.max_rss_mb is not None and last.max_rss_mb is not None
        found.append(
            Figure(
                name=f"memory ({name}): peak MiB at 1x",
                command=first.command,
                baseline_command="",
                runs=first.runs,
                seconds=0.0,
                baseline_seconds=0.0,
                ratio=first.max_rss_mb / MEMORY_MB_GOAL,
                goal="<= 1.0",
                met=first.max_rss_mb <= MEMORY_MB_GOAL,
                max_rss_mb=first.max_rss_mb,
                baseline_max_rss_mb=MEMORY_MB_GOAL,
                notes=[f"the ratio is the peak over {MEMORY_MB_GOAL:.0f} MiB"] if name == "json" else [],
                in_mib=True,
            )
        )
        if last is not first:
            found.append(
                Figure(
                    name=f"  peak at {last_scale} ÷ at 1x",
                    command=last.command,
                    baseline_command=first.command,
                    runs=last.runs,
                    seconds=0.0,
                    baseline_seconds=0.0,
                    ratio=last.max_rss_mb / first.max_rss_mb,
                    goal=f"<= {MEMORY_GROWTH_GOAL}",
                    met=last.max_rss_mb / first.max_rss_mb <= MEMORY_GROWTH_GOAL,
                    max_rss_mb=last.max_rss_mb,
                    baseline_max_rss_mb=first.max_rss_mb,
                    in_mib=True,
                )
            )
    return found


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


def _schemas(out: Path, tool: list[str], notes: list[str] | None = None) -> dict[str, Path]:
    """dxcheck's exported schemas as files, made lenient where check-jsonschema rejects a valid sample."""
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
            (notes if notes is not None else []).append(
                f"the exported {kind} schema rejects valid files (bare targets/values): timed with "
                "a copy that also accepts the short forms (see README)"
            )
            exported = out / f"schema-{kind}-lenient.json"
            exported.write_text(json.dumps(lenient(json.loads(text)), ensure_ascii=False))
        schemas[kind] = exported
    return schemas


def peer(root: Path, stats: generate.Stats, out: Path, runs: int, tool: list[str]) -> Figure:
    """`dxcheck validate` against check-jsonschema with dxcheck's exported schemas, on the same files."""
    notes: list[str] = []
    schemas = _schemas(out, tool, notes)
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
                f"{f.max_rss_mb:.0f} MiB" if f.in_mib else _seconds(f.seconds, f.per_value),
                f"{f.baseline_max_rss_mb:.0f} MiB" if f.in_mib else _seconds(f.baseline_seconds, f.per_value),
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
    startup_only: bool = False
    # runs at a scale, when not the default: a 16x round takes minutes. By default N, N/2, N/4 runs
    # at 1x, 4x, 16x, but never fewer than 3, so that each figure is a median of several
    scale_runs: dict[int, int] = field(default_factory=dict)
    formats: Sequence[str] = FORMATS


def measure_all(session: Session) -> None:
    """Every figure in turn; a failing command stops the run, keeping the figures measured until then."""
    runs, out = session.runs, session.out
    try:
        session.tool = check_jsonschema()
        if session.tool is None:
            print(
                "check-jsonschema is not installed: skipping its comparisons "
                "(`pip install -r benchmarks/requirements.txt` to include them)",
                file=sys.stderr,
            )
        print("measuring start-up…", file=sys.stderr)
        session.figures.extend(startups(max(runs, 10), out, session.tool))
        session.use_check = has_check()
        if session.startup_only:
            return
        repos: dict[int, tuple[Path, generate.Stats]] = {}
        for scale in session.scales:
            repos[scale] = generate.repository(out, scale, session.seed, log=sys.stderr)
            scale_runs = session.scale_runs.get(scale) or max(min(runs, 3), round(runs / scale**0.5))
            print(f"measuring scale {scale}x ({scale_runs} runs)…", file=sys.stderr)
            session.figures.extend(
                scale_figures(*repos[scale], scale_runs, session.use_check, session.formats)
            )
        if (line := linearity(session.figures)) is not None:
            session.figures.append(line)
        session.figures.extend(memory_figures(session.figures))
        if session.tool is None:
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
    parser.add_argument(
        "--scale-runs",
        metavar="N,N,…",
        help="runs at each of --scales, in order (default: --runs, halved at 4x and again at 16x, min 3)",
    )
    parser.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help=f"human formats held to the JSON check (default {','.join(FORMATS)}; '' for none)",
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="generator seed")
    parser.add_argument("--out", default=str(HERE / "out"), help="where the synthetic repositories go")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--only", choices=["startup"], help="only these figures: `startup` takes a minute, no repository"
    )
    args = parser.parse_args(argv)
    if importlib.util.find_spec("dxcheck") is None:
        print("dxcheck is not installed in this Python: run `pip install -e .` first", file=sys.stderr)
        return 2
    scales = [1] if args.quick else [int(s) for s in args.scales.split(",")]
    scale_runs = [int(n) for n in args.scale_runs.split(",")] if args.scale_runs else []
    if scale_runs and len(scale_runs) != len(scales):
        parser.error("--scale-runs needs one count for each of --scales")
    formats = [name for name in args.formats.split(",") if name]
    if unknown := sorted(set(formats) - set(FORMATS)):
        parser.error(f"--formats: unknown {', '.join(unknown)} (choose from {', '.join(FORMATS)})")
    session = Session(
        runs=args.runs or (3 if args.quick else 5),
        scales=scales,
        scale_runs=dict(zip(scales, scale_runs, strict=False)),
        formats=formats,
        seed=args.seed,
        out=Path(args.out),
        startup_only=args.only == "startup",
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
        header += "\n(check-jsonschema comparisons skipped: not installed)"
    print(table(session.figures, header))
    if args.json:
        document = {"header": header, "figures": [asdict(f) for f in session.figures]}
        Path(args.json).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 2 if session.failed else 0


if __name__ == "__main__":
    sys.exit(main())
