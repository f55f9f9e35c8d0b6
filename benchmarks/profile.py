"""Where dxcheck's time goes: imports at start-up, and each loading stage per value on the 1× repository."""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # not re-exported in the stubs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 - the generator sits beside this script, not in an installed package

COMPARE = ["compare", "plans/thanhhoa-2025.yaml", "actuals/actuals-2024.yaml", "--format", "json"]
_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_times(runs: int) -> list[tuple[str, float, float]]:
    """(package, its modules' own ms, ms with what it pulled in first), medians of `-X importtime`."""
    seen: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "dxcheck", *COMPARE],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        own: dict[str, float] = defaultdict(float)
        cumulative: dict[str, float] = {}
        for line in done.stderr.splitlines():
            match = _IMPORT_LINE.match(line)
            if not match:
                continue
            self_us, cumulative_us, _, module = match.groups()
            # dxcheck's modules one by one, every other package as a whole
            package = module if module.startswith("dxcheck") else module.split(".")[0]
            own[package] += int(self_us) / 1000
            if module == package:  # the package's own line: its cost with all it pulled in first
                cumulative.setdefault(package, int(cumulative_us) / 1000)
        for package in set(own) | set(cumulative):
            seen[package].append((own[package], cumulative.get(package, 0.0)))
    rows = [
        (package, statistics.median(s for s, _ in values), statistics.median(c for _, c in values))
        for package, values in seen.items()
    ]
    return sorted(rows, key=lambda row: -row[1])


def _best(action: Callable[[], object], runs: int) -> float:
    """The least CPU time of `runs` calls: the figure least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def _events_only(text: str) -> None:
    parser = CParser(text)
    while parser.check_event():
        parser.get_event()
    parser.dispose()


def stages(root: Path, runs: int) -> list[tuple[str, float, int]]:
    """CPU seconds of each loading stage over every file of a repository: (stage, seconds, values)."""
    from dxcheck import rules
    from dxcheck.files import Source, read_source
    from dxcheck.models import Actuals, Plan
    from dxcheck.yamlsource import parse

    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for path in sorted(root.glob("*/*.yaml")):
        kind = "plan" if path.parent.name == "plans" else "actuals"
        source = read_source(str(path))
        assert isinstance(source, Source)
        parsed = parse(source)
        assert not parsed.problems, parsed.problems[:3]
        model: type[Plan] | type[Actuals] = Plan if kind == "plan" else Actuals
        document = model.model_validate(parsed.data)
        timed: dict[str, Callable[[], object]] = {
            "libyaml events only": partial(_events_only, source.text),
            "yamlsource.parse (data and positions, one walk)": partial(parse, source),
            "yaml.load CSafeLoader (reference)": partial(yaml.load, source.text, Loader=yaml.CSafeLoader),
            "pydantic model_validate": partial(model.model_validate, parsed.data),
        }
        if isinstance(document, Plan):
            timed["rules.check_plan"] = partial(rules.check_plan, document)
            counts[kind] += sum(len(indicator.targets) for indicator in document.indicators)
        else:
            timed["rules.check_actuals"] = partial(rules.check_actuals, document)
            counts[kind] += sum(len(v) for values in document.by_region().values() for v in values.values())
        for stage, action in timed.items():
            totals[f"{kind}: {stage}"] += _best(action, runs)
    return [(stage, spent, counts[stage.split(":")[0]]) for stage, spent in totals.items()]


def check_stages(root: Path) -> list[tuple[str, float, int]]:
    """CPU seconds of `dxcheck check` on a repository: loading, judging, writing the JSON report."""
    from dxcheck.loading import load_file
    from dxcheck.pipeline import check
    from dxcheck.reporters import RenderOptions, render

    names = sorted(str(path) for path in root.glob("*/*.yaml"))
    gc.disable()  # as the command line runs
    try:
        start = time.process_time()
        for name in names:
            load_file(name)
        loading = time.process_time() - start
        start = time.process_time()
        result = check(str(root))
        checking = time.process_time() - start
        rows = sum(len(one.rows) for one in result.results)
        as_dict = _best(partial(result.as_dict, "vi"), 1)
        report = _best(partial(render, "json", result, RenderOptions()), 1)
    finally:
        gc.enable()
    return [
        ("load every file (load_file)", loading, rows),
        ("compare every plan (check() less loading)", checking - loading, rows),
        ("CheckResult.as_dict (the rows as JSON-ready dicts)", as_dict, rows),
        ("the check/1 JSON report (reporters.render json)", report, rows),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (import median, stage best)")
    parser.add_argument("--out", default=str(HERE / "out"), help="where the synthetic repositories go")
    args = parser.parse_args(argv)
    print(f"imports of `dxcheck {' '.join(COMPARE)}` (python -X importtime, median of {args.runs}):")
    print(f"  {'package':<28}{'self ms':>9}{'cum ms':>9}")
    for package, own, cumulative in import_times(args.runs)[:16]:
        print(f"  {package:<28}{own:>9.1f}{cumulative:>9.1f}")
    root, _ = generate.repository(Path(args.out), 1, log=sys.stderr)
    print(f"\nloading stages over the 1x repository (CPU s, best of {args.runs}, in process):")
    print(f"  {'stage':<58}{'seconds':>9}{'µs/value':>10}")
    for stage, spent, values in stages(root, args.runs):
        print(f"  {stage:<58}{spent:>9.2f}{spent / values * 1e6:>10.1f}")
    print("\n`dxcheck check` on the 1x repository (CPU s, one run, in process):")
    print(f"  {'stage':<58}{'seconds':>9}{'µs/row':>10}")
    for stage, spent, rows in check_stages(root):
        print(f"  {stage:<58}{spent:>9.2f}{spent / rows * 1e6:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
