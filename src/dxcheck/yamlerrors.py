"""What a YAML syntax error says and where it is placed: the parser's words, and what to write instead."""

from __future__ import annotations

import re
from typing import Any

import yaml

from dxcheck.files import Source, position_of_byte
from dxcheck.positions import place, shown_key
from dxcheck.problems import Problem

# libyaml's words for a line that does not fit the structure around it: mostly a slipped indentation
_INDENTATION_TROUBLE = (
    "did not find expected key",
    "mapping values are not allowed",
    "did not find expected <document start>",
    "did not find expected '-' indicator",
    "could not find expected ':'",
)
# a line that reads as YAML's `key: value` or `- item`: not a line of a quoted text
_YAML_LINE = re.compile(r"\s*(?:-\s|[^\s#'\"][^:]*:(?:\s|$))")
# a comparison written without quotes, which YAML reads as a folded text: `>= 70`, `> 98`, `>5`
_UNQUOTED_COMPARISON = re.compile(r">=?\s*[-+~]?\s*\.?[0-9]")


def syntax_problem(error: yaml.MarkedYAMLError, text: str, last: Any) -> tuple[Any, str]:
    """Where a syntax error is placed and what it says: the parser's words and, where dxcheck can tell
    what went wrong, what to write. `last` is the last event read before the error."""
    problem = one_line(error.problem or "invalid YAML")
    context = f" {one_line(error.context)}" if error.context else ""
    message = f"invalid YAML: {problem}{context}".rstrip()
    unclosed = _unclosed_quote(error, text, last, message)
    if unclosed is not None:
        return unclosed
    for mark in (error.context_mark, error.problem_mark):
        hint = quote_hint(text, mark)
        if hint is not None:  # placed at the '>' that starts the value
            return mark, message + hint
    line = _line_at(error, text)
    if "tab" in problem or "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
        message += " (tabs cannot indent YAML: use spaces)"
    elif _is_long_key(error, text):
        message += " (a key longer than 1024 characters cannot be read: shorten it)"
    elif any(words in problem for words in _INDENTATION_TROUBLE):
        message += " (check the indentation of this line and the line above, and that each has 'key: value')"
    return error.problem_mark, message


def is_nesting_limit(error: yaml.MarkedYAMLError) -> bool:
    """libyaml's own nesting limit (1000 levels in libyaml 0.2.6): "exceeded maximum nesting depth"."""
    words = f"{error.problem} {error.context}".lower()
    return "nesting" in words or "depth" in words


def reader_problem(source: Source, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML forbids (a control character): libyaml gives its position in UTF-8 bytes."""
    line, column = position_of_byte(source.text.encode("utf-8", "replace"), error.position)
    message = f"invalid YAML: {one_line(str(error.reason))}"
    if isinstance(error.character, int):
        message += f" (character U+{error.character:04X} cannot appear in YAML: remove it)"
    return Problem(source.name, line, column, "$", message)


def quote_hint(text: str, mark: Any) -> str | None:
    """For a value at `mark` that is an unquoted comparison, the hint to quote it, with the key and
    the value as the line writes them; None for any other value.

    `2025: >= 70` gives " (an expression such as '>= 70' must be in quotes: write 2025: '>= 70')".
    """
    if _char_at(text, mark) != ">":
        return None
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    before = text[start : mark.index]
    written = text[mark.index : len(text) if end < 0 else end].split(" #", 1)[0]
    if "{" in before or "[" in before:  # in a flow collection the value ends at the next , } or ]
        written = re.split(r"[,}\]]", written, maxsplit=1)[0]
    written = written.strip()
    if not _UNQUOTED_COMPARISON.match(written):
        return None
    quoted = "'" + written.replace("'", "''") + "'"
    lead = before.rstrip()
    if lead.endswith(":"):
        key = re.split(r"[{\[,]", lead[:-1])[-1].strip(" -")
        return f" (an expression such as {quoted} must be in quotes: write {shown_key(key)}: {quoted})"
    if not lead or lead.endswith(("-", "[", ",")):
        item = "- " if lead.endswith("-") else ""
        return f" (an expression such as {quoted} must be in quotes: write {item}{quoted})"
    return None


def one_line(text: str) -> str:
    return " ".join(text.split())


def _unclosed_quote(
    error: yaml.MarkedYAMLError, text: str, last: Any, message: str
) -> tuple[Any, str] | None:
    """A quoted text whose closing quote is missing, placed where it opens: the parser ran on to the
    end of the file, or to the next quote of its kind lines below, and stopped there."""
    mark, stop = error.context_mark, error.problem_mark
    quote = _char_at(text, mark)
    if (
        quote in ("'", '"')
        and "quoted" in (error.context or "")
        and any(words in message for words in ("end of stream", "document indicator"))
    ):
        return mark, f"{message} (a quoted text that is never closed: add the closing {quote})"
    if (
        getattr(last, "style", None) in ("'", '"')  # a quoted scalar
        and stop is not None
        and last.start_mark.line < last.end_mark.line == stop.line
        and any(
            _YAML_LINE.match(line)
            for line in text[last.start_mark.index : last.end_mark.index].split("\n")[1:]
        )
    ):
        quote = _char_at(text, last.start_mark)
        return last.start_mark, (
            f"invalid YAML: the quoted text that opens here runs on to line {stop.line + 1}, where reading "
            f"stops ({message.removeprefix('invalid YAML: ')}): add the closing {quote} where the text ends"
        )
    return None


def _char_at(text: str, mark: Any) -> str:
    index: int = -1 if mark is None else mark.index
    return text[index] if 0 <= index < len(text) else ""


def _is_long_key(error: yaml.MarkedYAMLError, text: str) -> bool:
    """A key longer than libyaml reads without `? `: the error is at the colon that ends it."""
    mark: Any = error.problem_mark
    if _char_at(text, mark) != ":":
        return False
    part = text[text.rfind("\n", 0, mark.index) + 1 : mark.index]
    if "{" in part or "[" in part:
        part = re.split(r"[{\[,]", part)[-1]
    return ": " not in part and len(part.strip(" -")) > 1024


def _line_at(error: yaml.MarkedYAMLError, text: str) -> str:
    """The line a syntax error is placed on, whatever the parser called the error."""
    mark = error.problem_mark
    if mark is None:
        return ""
    line = place(text, mark)[0] - 1
    lines = text.split("\n", line + 1)
    return lines[line] if line < len(lines) else ""
