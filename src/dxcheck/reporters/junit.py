"""JUnit XML: one testcase per indicator × target year, for CI test-report views (GitLab, Jenkins)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import assert_never

from dxcheck.problems import Problem
from dxcheck.reporters import RenderOptions, ending_of
from dxcheck.reporters.text import describe, summary_line
from dxcheck.results import AnyReport, Outcome, Result, Row

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _testcase(result: Result, row: Row) -> ET.Element:
    case = ET.Element("testcase", classname=result.plan_id, name=f"{row.indicator} {row.target_year}")
    match row.outcome:
        case Outcome.PASS:
            pass
        case Outcome.WARN:
            # the schema's <skipped> takes text only, no attributes: the status is its text
            ET.SubElement(case, "skipped").text = row.status.value
        case Outcome.FAIL:
            message = describe(row)
            failure = ET.SubElement(case, "failure", message=message, type=row.status.value)
            failure.text = message
        case _:
            assert_never(row.outcome)
    return case


def _suite(name: str, cases: list[ET.Element], package: str | None = None) -> ET.Element:
    suite = ET.Element("testsuite", name=name, tests=str(len(cases)))
    if package is not None:
        suite.set("package", package)
    for kind, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        suite.set(attribute, str(sum(1 for case in cases if case.find(kind) is not None)))
    suite.extend(cases)
    return suite


def _plan_suite(result: Result) -> ET.Element:
    suite = _suite(result.plan_id, [_testcase(result, row) for row in result.rows], package=result.plan_file)
    # the plan's summary line: skipped testcases alone would not say that nothing could be judged
    properties = ET.Element("properties")
    ET.SubElement(properties, "property", name="summary", value=summary_line(result))
    suite.insert(0, properties)
    return suite


def _problem_suite(problems: Iterable[Problem]) -> ET.Element:
    cases = []
    for problem in problems:
        case = ET.Element(
            "testcase", classname=problem.file, name=f"{problem.location} (line {problem.line})"
        )
        error = ET.SubElement(case, "error", message=problem.message, type="input-error")
        error.text = str(problem)
        cases.append(case)
    return _suite("input", cases)


_TOTALS = ("tests", "failures", "errors")


def render_pieces(report: AnyReport, options: RenderOptions) -> Iterator[str]:
    """The document in one piece: its first line holds the totals of every suite, so each plan's suite
    is kept as text (not as elements, nor its result) until the last is made."""
    texts: list[str] = []
    totals = dict.fromkeys(_TOTALS, 0)

    def add(suite: ET.Element) -> None:
        for attribute in _TOTALS:
            totals[attribute] += int(suite.get(attribute, "0"))
        ET.indent(suite, level=1)
        texts.append(ET.tostring(suite, encoding="unicode"))

    for result in report.results:
        add(_plan_suite(result))
    problems = ending_of(report).problems
    if problems:
        add(_problem_suite(problems))
    root = ET.Element("testsuites", {"name": "dxcheck", **{key: str(value) for key, value in totals.items()}})
    if not texts:
        yield _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
        return
    opening = ET.tostring(root, encoding="unicode").removesuffix(" />")
    yield _DECLARATION + opening + ">" + "".join(f"\n  {text}" for text in texts) + "\n</testsuites>\n"
