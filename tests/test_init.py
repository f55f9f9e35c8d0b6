"""`dxcheck init actuals`: the file to fill in for a year, from the plans and from a spreadsheet export."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, Run
from dxcheck.files import Source
from dxcheck.loading import ActualsFile, load_actuals, load_plan
from dxcheck.models import Indicator
from dxcheck.scaffold import quote
from dxcheck.yamlsource import parse
from test_cli import golden

PLANS = tuple(f"plans/{name}.yaml" for name in ("thanhhoa-2025", "thanhhoa-2030", "thanhhoa-resolution-2030"))
EVERY_PLAN = ("plans/bacgiang-2025.yaml", *PLANS)
DEMO_PLAN = "tests/fixtures/plan.yaml"
CSV = "tests/fixtures/figures-2025.csv"
HEADER = "indicator,value,year,quote,source\n"


def _init(dx: Callable[..., Run], *args: str) -> Run:
    run = dx("init", "actuals", *args)
    assert run.code == 0, run
    assert run.err == "", run
    return run


def _validates(dx: Callable[..., Run], text: str, tmp_path: Path) -> ActualsFile:
    """The text as a file that `dxcheck validate` accepts, loaded."""
    path = tmp_path / "written.yaml"
    path.write_text(text, encoding="utf-8")
    run = dx("validate", str(path))
    assert run.code == 0, run
    return load_actuals(str(path))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_thanhhoa_plans_give_one_file_to_fill_in(
    dx: Callable[..., Run], tmp_path: Path, lang: str
) -> None:
    run = _init(dx, *PLANS, "--year", "2025", "--actuals", "actuals", "--lang", lang)
    golden(f"init-thanhhoa-2025.{lang}.yaml.txt", run.out)
    loaded = _validates(dx, run.out, tmp_path)
    assert loaded.actuals.region == "thanhhoa"
    values = loaded.actuals.values
    assert values is not None
    every_id = {indicator.id for name in PLANS for indicator in load_plan_indicators(name)}
    assert set(values) == every_id  # each id once, however many plans share it
    assert all(specs == () for specs in values.values())  # nothing filled in yet


def load_plan_indicators(name: str) -> tuple[Indicator, ...]:
    return load_plan(str(ROOT / name)).plan.indicators


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plans_of_two_regions_give_a_regions_file(dx: Callable[..., Run], tmp_path: Path, lang: str) -> None:
    run = _init(dx, *EVERY_PLAN, "--year", "2026", "--lang", lang)
    golden(f"init-every-plan-2026.{lang}.yaml.txt", run.out)
    regions = _validates(dx, run.out, tmp_path).actuals.regions
    assert regions is not None and list(regions) == ["bacgiang", "thanhhoa"]


def test_a_plan_named_twice_is_read_once(dx: Callable[..., Run]) -> None:
    twice = _init(dx, DEMO_PLAN, "./" + DEMO_PLAN, DEMO_PLAN, "--year", "2025").out
    assert twice == _init(dx, DEMO_PLAN, "--year", "2025").out


def test_region_picks_the_plans_of_one_region(dx: Callable[..., Run], tmp_path: Path) -> None:
    run = _init(dx, *EVERY_PLAN, "--year", "2025", "--region", "bacgiang")
    loaded = _validates(dx, run.out, tmp_path).actuals
    assert loaded.region == "bacgiang"
    assert loaded.values is not None and "gov.online-dossiers-full-procedures" in loaded.values
    assert "society.dx-units-completed.district" not in loaded.values  # a Thanh Hóa indicator only


def test_a_region_no_plan_is_for_is_a_usage_error(dx: Callable[..., Run]) -> None:
    run = dx("init", "actuals", *EVERY_PLAN, "--year", "2025", "--region", "hanoi")
    assert (run.code, run.out) == (2, ""), run
    assert run.err == (
        "dxcheck: error: --region: no plan is for region 'hanoi' (the plans are for 'bacgiang', 'thanhhoa')\n"
    )


def test_comments_show_targets_from_the_year_on_and_mark_the_due_ones(dx: Callable[..., Run]) -> None:
    run = _init(dx, *PLANS, "--year", "2025", "--lang", "en")
    block = run.out.split("# ── econ.labour-productivity-growth:")[1].split("\n\n")[0]
    assert block.splitlines()[1:] == [
        "  #    unit: percent-per-year",
        '  #    target 2021..2025: ">= 9.6" (thanhhoa-resolution-2030) ← due this year',
        '  #    target 2026..2030: ">= 8.1" (thanhhoa-resolution-2030)',
        '  "econ.labour-productivity-growth": []',
    ]
    later = _init(dx, DEMO_PLAN, "--year", "2025", "--lang", "en").out
    assert '  #    no target from 2025 on (the last: 2024: "~20" (demo-2025))\n  "econ.share": []' in later


def test_the_last_figure_is_the_latest_of_the_earlier_files(dx: Callable[..., Run]) -> None:
    run = _init(dx, DEMO_PLAN, "--year", "2025", "--lang", "en", "--actuals", "tests/fixtures")
    assert "#    last figure: 70 (2024, tests/fixtures/actuals-2024.yaml)\n" in run.out  # not 2023's 50
    assert "#    last figure: > 75 (2024, tests/fixtures/actuals-2024.yaml)\n" in run.out
    assert "#    last figure: true (2024, tests/fixtures/actuals-2024.yaml)\n" in run.out
    # a file given by name reads the same as the folder
    assert (
        run.out
        == _init(
            dx,
            DEMO_PLAN,
            "--year=2025",
            "--lang=en",
            "-a",
            "tests/fixtures/actuals-2023.yaml",
            "-a",
            "tests/fixtures/actuals-2024.yaml",
        ).out
    )


def test_a_part_year_figure_gives_way_to_the_whole_year(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    older = write(
        "a.yaml",
        "dxcheck: actuals/1\nyear: 2024\nregion: demo\nvalues:\n"
        "  gov.online: [{value: 60, as_of: 2024-06-30}, {value: 61.50},"
        " {numerator: 3, denominator: 4, year: 2023}]\n",
    )
    run = _init(dx, DEMO_PLAN, "--year", "2025", "--lang", "en", "--actuals", older)
    assert f"#    last figure: 61.50 (2024, {older})\n" in run.out
    assert "#    last figure: no figure yet\n" in run.out  # the indicators it has no figure for


def test_filled_in_the_file_is_compared(dx: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "actuals-2025.yaml"
    _init(dx, DEMO_PLAN, "--year", "2025", "--output", str(path))
    text = path.read_text(encoding="utf-8")
    text = text.replace('"gov.online": []', '"gov.online": 92.5')
    text = text.replace('"other.rank": []', '"other.rank":\n    value: 12\n    quote: "xếp thứ 12"')
    path.write_text(text, encoding="utf-8")
    run = dx("compare", DEMO_PLAN, "tests/fixtures/actuals-2024.yaml", str(path), "--format", "json")
    rows = {row["indicator"]: row for row in json.loads(run.out)["rows"] if row["target_year"] == 2025}
    assert (rows["gov.online"]["actual"], rows["gov.online"]["status"]) == (92.5, "met")
    assert (rows["other.rank"]["actual"], rows["other.rank"]["status"]) == (12, "missed")
    # left at [], an indicator has no 2025 figure: judged on 2024's
    assert (rows["society.signatures"]["actual"], rows["society.signatures"]["actual_year"]) == (45, 2024)
    assert run.code == 1, run


def test_output_is_written_and_never_over_a_file_without_force(
    dx: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "new.yaml"
    run = _init(dx, DEMO_PLAN, "--year", "2025", "-o", str(path))
    assert run.out == ""
    assert path.read_text(encoding="utf-8") == _init(dx, DEMO_PLAN, "--year", "2025").out
    path.write_text("mine\n", encoding="utf-8")
    run = dx("init", "actuals", DEMO_PLAN, "--year", "2025", "-o", str(path))
    assert (run.code, run.out) == (2, ""), run
    assert run.err == f"{path}:1:1: error: $: the file exists: give --force to replace it\n"
    assert path.read_text(encoding="utf-8") == "mine\n"
    _init(dx, DEMO_PLAN, "--year", "2025", "-o", str(path), "--force")
    assert path.read_text(encoding="utf-8").startswith("# Số liệu thực hiện năm 2025")


@pytest.mark.parametrize("which", ["plan", "actuals", "csv"])
def test_output_is_never_an_input_even_with_force(dx: Callable[..., Run], tmp_path: Path, which: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text((ROOT / DEMO_PLAN).read_text(encoding="utf-8"), encoding="utf-8")
    folder = tmp_path / "earlier"
    folder.mkdir()
    actuals = folder / "actuals-2024.yaml"
    actuals.write_text((ROOT / "tests/fixtures/actuals-2024.yaml").read_text(encoding="utf-8"), "utf-8")
    csv = tmp_path / "figures.csv"
    csv.write_text(HEADER + "gov.online,91,,q,\n", encoding="utf-8")
    target = {"plan": plan, "actuals": actuals, "csv": csv}[which]
    before = {path: path.read_bytes() for path in (plan, actuals, csv)}
    args = [
        str(plan),
        "--year",
        "2025",
        "-a",
        str(actuals),
        "--from-csv",
        str(csv),
        "-o",
        str(target),
        "--force",
    ]
    run = dx("init", "actuals", *args)
    assert (run.code, run.out) == (2, ""), run
    assert run.err == (
        f"{target}:1:1: error: $: --output names a dxcheck input file; dxcheck never overwrites its inputs\n"
    )
    assert before == {path: path.read_bytes() for path in (plan, actuals, csv)}


def test_a_missing_actuals_path_is_said_as_targets_says_it(dx: Callable[..., Run], tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere")
    run = dx("init", "actuals", DEMO_PLAN, "--year", "2025", "-a", missing)
    assert (run.code, run.out) == (2, ""), run
    assert run.err == f"{missing}:1:1: error: $: no such file or folder\n"
    assert dx("targets", DEMO_PLAN, "--actuals", missing).err == run.err


def test_a_bad_plan_is_reported_and_nothing_written(dx: Callable[..., Run], tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("dxcheck: plan/1\nid: p\nregion: r\ntitle: t\nindicators: []\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    run = dx("init", "actuals", str(plan), "--year", "2025", "-o", str(out))
    assert (run.code, run.out) == (2, ""), run
    assert run.err.startswith(f"{plan}:5:13: error: indicators: ")
    assert not out.exists()


def test_names_and_quotes_are_written_safely(
    dx: Callable[..., Run], write: Callable[[str, str], str], tmp_path: Path
) -> None:
    odd = 'Tỷ lệ "A": 50% # không phải chú thích \\ \u2028 tab\tend'
    plan = write(
        "plan.yaml",
        "dxcheck: plan/1\nid: p\nregion: '2025'\ntitle: t\nindicators:\n"
        f"  - {{id: '1.5', name: {json.dumps(odd + chr(10) + 'line two')},"
        " unit: percent, targets: {2025: 90}}\n",
    )
    quote = odd + "\nline two \x85 \x7f \ufeff end"
    cell = '"' + quote.replace('"', '""') + '"'
    csv = write("figures.csv", HEADER + f"1.5,45.30,,{cell},\n")
    run = _init(dx, plan, "--year", "2025", "--from-csv", csv)
    assert f"  # ── 1.5: {' '.join((odd + ' line two').split())}\n" in run.out  # one comment line
    loaded = _validates(dx, run.out, tmp_path).actuals
    assert loaded.region == "2025"
    assert loaded.values is not None
    [spec] = loaded.values["1.5"]
    assert (str(spec.value.value if spec.value else None), spec.quote) == ("45.30", quote)


# ---- --from-csv --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_spreadsheet_export_becomes_the_years_actuals(
    dx: Callable[..., Run], tmp_path: Path, lang: str
) -> None:
    run = _init(dx, DEMO_PLAN, "--year", "2025", "--from-csv", CSV, "--lang", lang, "-a", "tests/fixtures")
    golden(f"init-demo-csv.{lang}.yaml.txt", run.out)
    _validates(dx, run.out, tmp_path)


def test_imported_figures_keep_their_decimals_through_compare(dx: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "actuals-2025.yaml"
    _init(dx, DEMO_PLAN, "--year", "2025", "--from-csv", CSV, "-o", str(path))
    run = dx("compare", DEMO_PLAN, str(path), "--format", "json", "--year", "2025")
    rows = {row["indicator"]: row for row in json.loads(run.out)["rows"]}
    assert '"actual": 99.70,' in run.out and '"actual": 4.50,' in run.out
    assert rows["gov.online"]["approximate"] is True
    assert (rows["other.milestone"]["actual"], rows["other.milestone"]["status"]) == (True, "met")


def test_a_semicolon_export_reads_as_a_comma_one(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    text = 'indicator;value;year;quote;source\ngov.online;91.50;;"91,50%; trực tuyến";bao\n'
    semicolon = _init(dx, DEMO_PLAN, "--year", "2025", "--from-csv", write("a.csv", text)).out
    comma = text.replace(";", ",").replace('"91,50%, trực tuyến"', '"91,50%; trực tuyến"')
    assert semicolon == _init(dx, DEMO_PLAN, "--year", "2025", "--from-csv", write("b.csv", comma)).out
    assert '    value: 91.50\n    quote: "91,50%; trực tuyến"\n' in semicolon


def test_every_problem_of_a_csv_is_placed_at_its_line_and_column(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    csv = write(
        "figures.csv",
        "indicator,value,year,quote,source,unit,as_of\n"
        "gov.onlin,91,,q,,,\n"  # 2
        'gov.online,"99,66",,q,,,\n'  # 3
        "infra.coverage,120,,q,,,\n"  # 4
        "society.signatures,12,,,,,\n"  # 5
        "econ.share,12,20x5,q,,,\n"  # 6
        "econ.share,12,2026,q,,,\n"  # 7
        "other.milestone,1,,q,Báo Thanh Hóa,,\n"  # 8
        "other.rank,3,,q,,,,extra\n"  # 9
        "gov.processing-days,4,,q,,percent,\n"  # 10
        "society.smartphones,80,,q,,,2024-06-30\n"  # 11
        'econ.share,21,,"a quote\non two lines",,,\n'  # 12-13
        "gov.online,91,,q,,,\n"  # 14
        ",5,,q,,,\n"  # 15
        "other.rank,top 3,,q,,,\n"  # 16
        "security.scans,,,q,,,\n"  # 17
        "GOV.ONLINE,90,2024,q,,,\n",  # 18
    )
    run = dx("init", "actuals", DEMO_PLAN, "--year", "2025", "--from-csv", csv, "--lang", "en")
    assert (run.code, run.out) == (2, ""), run
    assert [line.removeprefix(f"{csv}:") for line in run.err.splitlines()] == [
        "2:1: error: indicator: 'gov.onlin' is not an indicator of the plans: did you mean 'gov.online'?",
        "3:2: error: value: write the number the plain way, with a dot for decimals and no % or words: 99.66",
        "4:2: error: value: a percent lies in 0–100, not 120"
        " (the plan's unit for 'infra.coverage' is percent)",
        "5:4: error: quote: empty quote: give the sentence of the source the figure comes from",
        "6:3: error: year: year '20x5' is not a year: write it as 2025",
        "7:3: error: year: a figure for 2026 cannot be in the actuals of 2025:"
        " they hold 2025's and earlier figures",
        "8:2: error: value: a boolean indicator takes true or false, not 1: write true"
        " (the plan's unit for 'other.milestone' is boolean)",
        "8:5: error: source: source 'Báo Thanh Hóa' is neither a short id"
        " (lower-case letters, digits, '.', '_', '-') nor a web address",
        "9:8: error: $: more cells than the header's 7 columns",
        "10:6: error: unit: unit 'percent' differs from the plan's unit for 'gov.processing-days', days",
        "11:7: error: as_of: as_of 2024-06-30 lies outside the figure's year 2025",
        "14:1: error: indicator: a second figure for 'gov.online' in 2025: the first is on line 3",
        "15:1: error: indicator: empty indicator id: give the id of an indicator of the plans",
        "16:2: error: value: cannot read value 'top 3': write a number, true/false, '~N' or '~N ±T'"
        " (approximately N), a bound such as '> 98' or a range '81..86'",
        "17:2: error: value: empty value: give the figure, or leave the row out",
        "18:1: error: indicator: 'GOV.ONLINE' is not an indicator of the plans: did you mean 'gov.online'?",
    ]


def test_an_unknown_csv_id_is_offered_only_a_typo_of_the_same_concept(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    # as for an actuals file's ids: another pillar's id, or a far one, is another concept, not a typo
    csv = write(
        "figures.csv", HEADER + "econ.online,91,,q,\ninfra.coverage-rural,91,,q,\nsociety.smartphone,7,,q,\n"
    )
    run = dx("init", "actuals", DEMO_PLAN, "--year", "2025", "--from-csv", csv, "--lang", "en")
    assert [line.removeprefix(f"{csv}:") for line in run.err.splitlines()] == [
        "2:1: error: indicator: 'econ.online' is not an indicator of the plans",
        "3:1: error: indicator: 'infra.coverage-rural' is not an indicator of the plans",
        "4:1: error: indicator: 'society.smartphone' is not an indicator of the plans:"
        " did you mean 'society.smartphones'?",
    ]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            b"",
            "1:1: error: $: the file is empty: its first line names the columns,"
            " indicator,value,year,quote,source",
        ),
        (
            b"indicator,value,quote\ngov.online,90,q\n",
            "1:4: error: header: missing column 'year', 'source':"
            " the header is indicator,value,year,quote,source",
        ),
        (
            b"indicator,vlaue,year,quote,source\n",
            "1:2: error: header: unknown column 'vlaue' (did you mean 'value'?)",
        ),
        (
            b"indicator,value,year,quote,source,comment\n",
            "1:6: error: header: unknown column 'comment'; the columns are indicator,value,year,quote,source,"
            " and optionally unit,note,as_of",
        ),
        (
            b"indicator,value,year,quote,source,value\n",
            "1:6: error: header: column 'value' is given twice",
        ),
        (
            unicodedata.normalize("NFD", HEADER + "gov.online,90,,Đạt 90%,\n").encode("cp1258"),
            "2:16: error: $: file is not valid UTF-8 (byte 0xd0): save it as UTF-8",
        ),
        ("indicator,value\n".encode("utf-16"), "1:1: error: $: file is UTF-16 encoded: save it as UTF-8"),
    ],
    ids=["empty", "missing", "misspelt", "unknown", "twice", "windows-1258", "utf-16"],
)
def test_a_csv_that_cannot_be_read_is_one_placed_error(
    dx: Callable[..., Run], tmp_path: Path, content: bytes, error: str
) -> None:
    csv = tmp_path / "figures.csv"
    csv.write_bytes(content)
    run = dx("init", "actuals", DEMO_PLAN, "--year", "2025", "--from-csv", str(csv))
    assert (run.code, run.out, run.err) == (2, "", f"{csv}:{error}\n"), run


def test_a_csv_needs_one_region(dx: Callable[..., Run]) -> None:
    run = dx("init", "actuals", *EVERY_PLAN, "--year", "2025", "--from-csv", CSV)
    assert (run.code, run.out) == (2, ""), run
    assert run.err == (
        "dxcheck: error: --region: the plans are for 'bacgiang', 'thanhhoa':"
        " give --region to say whose figures the CSV holds\n"
    )


def test_rows_without_a_figure_are_left_at_no_figure(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    csv = write("a.csv", HEADER + "gov.online,,,,\n\n,,,,\nother.rank,7,,thứ 7,\ninfra.coverage,99.50%,,q,\n")
    run = _init(dx, DEMO_PLAN, "--year", "2025", "--from-csv", csv)
    assert '  "gov.online": []\n' in run.out
    assert '  "infra.coverage":\n    value: 99.50\n' in run.out  # a % sign is the unit's
    assert '  "other.rank":\n    value: 7\n    quote: "thứ 7"\n' in run.out


def test_init_actuals_has_help_and_is_in_the_readme(dx: Callable[..., Run]) -> None:
    run = dx("init", "actuals", "--help")
    assert run.code == 0, run
    said = " ".join(run.out.split())
    for option in ("--year", "--region", "--actuals", "--from-csv", "--output", "--force", "--lang"):
        assert option in said
    assert "Write an actuals file for YEAR with every indicator of the plans, ready to fill in." in said
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\ndxcheck init actuals PLAN..." in readme
    assert "## Entering next year's figures" in readme


def test_the_readme_shows_what_init_writes(dx: Callable[..., Run]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("## Entering next year's figures")[1].split("```yaml\nvalues:\n")[1].split("```")[0]
    run = _init(dx, "plans/thanhhoa-2025.yaml", "plans/thanhhoa-2030.yaml", "--year", "2025", "-a", "actuals")
    assert shown in run.out


def test_a_file_replaced_with_force_is_not_read_from_the_folder(
    dx: Callable[..., Run], tmp_path: Path
) -> None:
    folder = tmp_path / "actuals"
    folder.mkdir()
    (folder / "actuals-2024.yaml").write_bytes((ROOT / "tests/fixtures/actuals-2024.yaml").read_bytes())
    path = folder / "actuals-2025.yaml"
    _init(dx, DEMO_PLAN, "--year", "2025", "-a", str(folder), "-o", str(path))
    path.write_text(path.read_text(encoding="utf-8").replace('"gov.online": []', '"gov.online": 1'), "utf-8")
    _init(dx, DEMO_PLAN, "--year", "2025", "-a", str(folder), "-o", str(path), "--force", "--lang", "en")
    # the figure filled in was not read as the last one: the file it was in is being replaced
    assert "#    last figure: 70 (2024, " in path.read_text(encoding="utf-8")
    assert "actuals-2025.yaml)" not in path.read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_any_text_written_quoted_reads_back_as_itself(text: str) -> None:
    parsed = parse(Source("t.yaml", f"quote: {quote(text)}\n"))
    # every text dxcheck reads is kept in NFC: the writer adds no change of its own
    assert (tuple(parsed.problems), parsed.data) == ((), {"quote": unicodedata.normalize("NFC", text)})
