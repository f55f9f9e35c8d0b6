"""Generate a synthetic national repository of plans and actuals, deterministic from a seed."""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import TextIO

# The 34 provinces and cities after the 2025 merger; larger scales add "<slug>-2", "<slug>-3", …
PROVINCES = (
    "hanoi", "hue", "laichau", "dienbien", "sonla", "langson", "quangninh", "thanhhoa", "nghean",
    "hatinh", "caobang", "tuyenquang", "laocai", "thainguyen", "phutho", "bacninh", "hungyen",
    "haiphong", "ninhbinh", "quangtri", "danang", "quangngai", "gialai", "khanhhoa", "lamdong",
    "daklak", "hochiminh", "dongnai", "tayninh", "cantho", "vinhlong", "dongthap", "camau", "angiang",
)  # fmt: skip
INDICATORS = 300
TARGET_YEARS = (2025, 2026, 2028, 2030)
ACTUAL_YEARS = tuple(range(2016, 2026))
BASELINE_YEAR = 2020
DEFAULT_SEED = 20251
DEFAULT_SCALES = (1, 4, 16)

PILLARS = (
    ("gov", "digital-government", "chính quyền số", "digital government"),
    ("econ", "digital-economy", "kinh tế số", "digital economy"),
    ("soc", "digital-society", "xã hội số", "digital society"),
    ("infra", "digital-infrastructure", "hạ tầng số", "digital infrastructure"),
    ("sec", "information-security", "an toàn thông tin", "information security"),
    ("other", "other", "chỉ số chung", "overall"),
)
CONCEPTS = (
    ("online-procedures", "thủ tục hành chính trực tuyến toàn trình", "procedures fully online"),
    ("online-dossiers", "hồ sơ được xử lý trực tuyến", "dossiers processed online"),
    ("e-payments", "giao dịch thanh toán trực tuyến", "online payment transactions"),
    ("digitised-records", "hồ sơ được số hóa", "digitised records"),
    ("households-fibre", "hộ gia đình có cáp quang", "households with fibre"),
    ("smartphones", "người dùng điện thoại thông minh", "smartphone users"),
    ("e-commerce", "doanh nghiệp tham gia thương mại điện tử", "firms selling online"),
    ("health-records", "người dân có hồ sơ sức khỏe điện tử", "people with e-health records"),
    ("cashless-schools", "trường học thanh toán không dùng tiền mặt", "cashless schools"),
    ("security-systems", "hệ thống thông tin được phê duyệt cấp độ", "information systems graded"),
    ("digital-skills", "người dân có kỹ năng số cơ bản", "people with basic digital skills"),
    ("paper-dossiers", "hồ sơ giấy còn tiếp nhận", "dossiers still on paper"),
)
# (unit, weight): percent dominates, as in the real plans
UNITS = (
    ("percent", 58),
    ("count", 24),
    ("per-100-people", 6),
    ("vnd", 3),
    ("rank", 4),
    ("boolean", 5),
)


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the national catalogue, shared by every region's plan."""

    id: str
    pillar: str
    unit: str
    decrease: bool
    vi: str
    en: str


@dataclass(slots=True)
class Stats:
    """What was written: file and value counts, for per-value figures."""

    scale: int
    regions: int
    plans: int = 0
    actuals: int = 0
    targets: int = 0
    values: int = 0
    bytes: int = 0
    files: list[str] = field(default_factory=list)


def catalogue(rng: random.Random) -> list[Indicator]:
    """The national list of indicators: ids, units, pillars and bilingual names."""
    units = [unit for unit, _ in UNITS]
    weights = [weight for _, weight in UNITS]
    found: list[Indicator] = []
    for number in range(1, INDICATORS + 1):
        prefix, pillar, pillar_vi, pillar_en = rng.choice(PILLARS)
        slug, concept_vi, concept_en = rng.choice(CONCEPTS)
        unit = rng.choices(units, weights)[0]
        decrease = unit == "rank" or (unit == "percent" and slug == "paper-dossiers")
        what_vi = "Tỷ lệ " if unit == "percent" else "Số "
        found.append(
            Indicator(
                id=f"{prefix}.{slug}-{number:03d}",
                pillar=pillar,
                unit=unit,
                decrease=decrease,
                vi=f"{what_vi}{concept_vi} ({pillar_vi}, chỉ tiêu {number})",
                en=f"{concept_en.capitalize()} ({pillar_en}, indicator {number})",
            )
        )
    return found


def regions_at(scale: int) -> list[str]:
    """34 × scale region slugs: the real provinces, then numbered synthetic ones."""
    found = list(PROVINCES)
    for copy in range(2, scale + 1):
        found.extend(f"{slug}-{copy}" for slug in PROVINCES)
    return found


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _fmt(value: float, places: int) -> str:
    return f"{value:.{places}f}" if places else str(round(value))


@dataclass(frozen=True, slots=True)
class Trajectory:
    """How one indicator moves in one region: a start in 2016 and a yearly step."""

    start: float
    step: float

    def at(self, year: int, unit: str) -> float:
        years = year - ACTUAL_YEARS[0]
        if unit in ("count", "vnd"):
            return self.start * (1 + self.step) ** years
        value = self.start + self.step * years
        if unit == "percent":
            return min(max(value, 0.0), 100.0)
        if unit == "rank":
            return max(1.0, round(value))
        return max(value, 0.0)


def trajectory(rng: random.Random, indicator: Indicator) -> Trajectory:
    """A plausible path for one region: shares climb a few points a year, counts grow by a rate."""
    unit = indicator.unit
    if unit == "percent":
        if indicator.decrease:
            return Trajectory(rng.uniform(40, 90), -rng.uniform(2, 7))
        return Trajectory(rng.uniform(5, 70), rng.uniform(0.5, 6.5))
    if unit == "count":
        return Trajectory(float(rng.randint(50, 200_000)), rng.uniform(-0.02, 0.2))
    if unit == "vnd":
        return Trajectory(float(rng.randint(10**9, 10**12)), rng.uniform(0.0, 0.25))
    if unit == "rank":
        return Trajectory(float(rng.randint(15, 63)), -rng.uniform(0, 3))
    if unit == "boolean":
        return Trajectory(float(rng.randint(2018, 2032)), 0.0)  # the year it is done
    return Trajectory(rng.uniform(5, 80), rng.uniform(0.5, 8))


def _target(rng: random.Random, indicator: Indicator, path: Trajectory, year: int) -> str:
    unit = indicator.unit
    if unit == "boolean":
        return "done"
    projected = path.at(year, unit) * rng.uniform(0.85, 1.2)
    if unit == "rank":
        return f"top {max(1, round(projected / 5) * 5)}" if rng.random() < 0.7 else f"<= {round(projected)}"
    if unit == "percent":
        if indicator.decrease:
            return f"<= {max(1, round(projected))}"
        goal = min(100, round(projected / 5) * 5 or 5)
        roll = rng.random()
        if roll < 0.6:
            return f">= {goal}"
        if roll < 0.75:
            return f"{goal}%" if rng.random() < 0.5 else str(goal)
        if roll < 0.88 and goal < 100:
            return f"> {min(goal, 98)}"
        return f"~{goal}" if goal >= 20 else f">= {goal}"
    if unit in ("count", "vnd"):
        goal = int(round(projected, -max(0, len(str(round(projected))) - 3)))
        return f">= {goal}" if rng.random() < 0.8 else f"~{goal}"
    return f">= {_fmt(projected, 1)}"


def plan_text(
    rng: random.Random, region: str, indicators: list[Indicator], paths: list[Trajectory]
) -> tuple[str, int]:
    """A plan file for one region, and the number of targets in it."""
    source = f"qd-{region}-dx-2030"
    lines = [
        f"# Synthetic plan for {region}: generated by benchmarks/generate.py, not real data.",
        "dxcheck: plan/1",
        f"id: {region}-2030",
        f"region: {region}",
        "title:",
        f'  vi: "Kế hoạch chuyển đổi số {region} đến năm 2030"',
        f'  en: "Digital transformation plan of {region} to 2030"',
        'issued_by: "UBND tỉnh"',
        f'reference: "{rng.randint(100, 3999)}/QĐ-UBND"',
        f"issued: {rng.randint(2021, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "sources:",
        f"  - id: {source}",
        f'    title: "Quyết định phê duyệt kế hoạch chuyển đổi số {region}"',
        '    publisher: "UBND tỉnh"',
        "indicators:",
    ]
    targets = 0
    for indicator, path in zip(indicators, paths, strict=True):
        lines += [
            f"  - id: {indicator.id}",
            "    name:",
            f"      vi: {_quoted(indicator.vi)}",
            f"      en: {_quoted(indicator.en)}",
            f"    pillar: {indicator.pillar}",
            f"    unit: {indicator.unit}",
        ]
        if indicator.decrease and indicator.unit != "rank":
            lines.append("    direction: decrease")
        if indicator.unit not in ("boolean", "rank") and rng.random() < 0.5:
            places = 0 if indicator.unit in ("count", "vnd") else 1
            baseline = _fmt(path.at(BASELINE_YEAR, indicator.unit), places)
            lines += ["    baseline:", f"      year: {BASELINE_YEAR}", f"      value: {baseline}"]
        lines += [f"    source: {source}", "    targets:"]
        for year in TARGET_YEARS:
            target = _target(rng, indicator, path, year)
            targets += 1
            if rng.random() < 0.2:
                lines += [
                    f"      {year}:",
                    f"        target: {_quoted(target)}",
                    f"        quote: {_quoted(f'phấn đấu đến năm {year} đạt {target} ({indicator.vi})')}",
                ]
            else:
                lines.append(f"      {year}: {_quoted(target)}")
    return "\n".join(lines) + "\n", targets


def _value(rng: random.Random, indicator: Indicator, path: Trajectory, year: int, source: str) -> list[str]:
    """The YAML lines of one value (after `<id>:`), in one of the forms the format allows."""
    unit = indicator.unit
    if unit == "boolean":
        return [" true" if year >= path.start else " false"]
    actual = path.at(year, unit)
    roll = rng.random()
    if unit == "percent":
        if roll < 0.03 and 98 < actual < 100:
            return [f' "> {math.floor(actual)}"']
        if roll < 0.07:
            return [f' "~{round(actual)}"']
        if roll < 0.10:
            denominator = rng.randint(200, 5000)
            numerator = round(actual * denominator / 100)
            exact = Decimal(100 * numerator) / Decimal(denominator)
            value = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
            return [
                "",
                f"        value: {value}",
                f"        numerator: {numerator}",
                f"        denominator: {denominator}",
                f"        unit: {unit}",
                f"        source: {source}",
            ]
        text = _fmt(actual, rng.choice((1, 2)))
    elif unit in ("count", "vnd"):
        if roll < 0.04:
            return [f' "> {round(actual, -2):.0f}"']
        if roll < 0.08:
            return [f' "~{round(actual, -3):.0f}"']
        text = str(round(actual))
    elif unit == "rank":
        text = str(round(actual))
    else:
        text = _fmt(actual, 1)
    if roll > 0.95:
        return [
            "",
            f"        value: {text}",
            f"        source: {source}",
            f"        quote: {_quoted(f'năm {year}, {indicator.vi.lower()} đạt {text}')}",
        ]
    return [f" {text}"]


def actuals_text(
    rng: random.Random,
    year: int,
    regions: list[str],
    paths: dict[str, list[Trajectory]],
    indicators: list[Indicator],
) -> tuple[str, int]:
    """One year's actuals for every region (the `regions:` form), and the number of values."""
    source = f"bao-cao-cds-{year}"
    lines = [
        f"# Synthetic actuals for {year}: generated by benchmarks/generate.py, not real data.",
        "dxcheck: actuals/1",
        f"year: {year}",
        f"as_of: {year + 1}-03-15",
        f'title: "Kết quả chuyển đổi số năm {year}"',
        "sources:",
        f"  - id: {source}",
        f'    title: "Báo cáo kết quả chuyển đổi số năm {year}"',
        "regions:",
    ]
    count = 0
    for region in regions:
        lines += [f"  {region}:", "    values:"]
        for indicator, path in zip(indicators, paths[region], strict=True):
            first, *rest = _value(rng, indicator, path, year, source)
            lines.append(f"      {indicator.id}:{first}")
            lines.extend(rest)
            count += 1
    return "\n".join(lines) + "\n", count


def generate(root: Path, scale: int, seed: int = DEFAULT_SEED) -> Stats:
    """Write `root/plans/<region>-2030.yaml` and `root/actuals/actuals-<year>.yaml` at a scale."""
    rng = random.Random(seed)
    indicators = catalogue(rng)
    regions = regions_at(scale)
    stats = Stats(scale=scale, regions=len(regions))
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "actuals").mkdir(parents=True, exist_ok=True)
    paths: dict[str, list[Trajectory]] = {}
    for region in regions:
        region_rng = random.Random(f"{seed}:{region}")
        paths[region] = [trajectory(region_rng, indicator) for indicator in indicators]
        text, targets = plan_text(region_rng, region, indicators, paths[region])
        _write(root / "plans" / f"{region}-2030.yaml", text, stats)
        stats.plans += 1
        stats.targets += targets
    for year in ACTUAL_YEARS:
        # one file per year and group of 34 regions: dxcheck reads at most 100 000 nodes per file
        for part in range(scale):
            group = regions[part * len(PROVINCES) : (part + 1) * len(PROVINCES)]
            text, count = actuals_text(random.Random(f"{seed}:{year}:{part}"), year, group, paths, indicators)
            name = f"actuals-{year}.yaml" if part == 0 else f"actuals-{year}-part{part + 1}.yaml"
            _write(root / "actuals" / name, text, stats)
            stats.actuals += 1
            stats.values += count
    return stats


def _version() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def repository(
    out: Path, scale: int, seed: int = DEFAULT_SEED, log: TextIO | None = None
) -> tuple[Path, Stats]:
    """`out/<scale>x`, generated unless a manifest says it is there from this seed and this generator."""
    root = out / f"{scale}x"
    manifest = out / f"manifest-{scale}x.json"
    stats = _saved(manifest, seed)
    if stats is None:
        if root.exists():
            shutil.rmtree(root)
        started = time.perf_counter()
        stats = generate(root, scale, seed)
        manifest.write_text(json.dumps({"seed": seed, "generator": _version(), "stats": asdict(stats)}))
        how = f"generated in {time.perf_counter() - started:.0f} s"
    else:
        how = "already there"
    if log is not None:
        print(
            f"{scale}x: {stats.regions} regions, {stats.plans} plans ({stats.targets} targets), "
            f"{stats.actuals} actuals files ({stats.values} values), {stats.bytes / 1e6:.1f} MB "
            f"in {root}, {how}",
            file=log,
        )
    return root, stats


def _saved(manifest: Path, seed: int) -> Stats | None:
    if not manifest.exists():
        return None
    saved = json.loads(manifest.read_text())
    if saved.get("seed") != seed or saved.get("generator") != _version():
        return None
    stats = Stats(**saved["stats"])
    return stats if all(Path(name).exists() for name in stats.files) else None


def sample(root: Path, seed: int = DEFAULT_SEED, size: int = 40) -> dict[str, Path]:
    """A small plan and actuals file with every form the generator writes (for quick schema checks)."""
    rng = random.Random(seed)
    indicators = catalogue(rng)[:size]
    region = PROVINCES[0]
    paths = {region: [trajectory(rng, indicator) for indicator in indicators]}
    stats = Stats(scale=0, regions=1)
    root.mkdir(parents=True, exist_ok=True)
    plan, _ = plan_text(rng, region, indicators, paths[region])
    actuals, _ = actuals_text(rng, ACTUAL_YEARS[-1], [region], paths, indicators)
    _write(root / "plan.yaml", plan, stats)
    _write(root / "actuals.yaml", actuals, stats)
    return {"plan": root / "plan.yaml", "actuals": root / "actuals.yaml"}


def _write(path: Path, text: str, stats: Stats) -> None:
    data = text.encode("utf-8")
    path.write_bytes(data)
    stats.bytes += len(data)
    stats.files.append(str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default=str(Path(__file__).parent / "out"), help="output directory")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--scale", type=int, action="append", help="1, 4, 16… (repeatable; default all three)"
    )
    args = parser.parse_args(argv)
    for scale in args.scale or DEFAULT_SCALES:
        repository(Path(args.out), scale, args.seed, log=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
