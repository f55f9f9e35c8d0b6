"""Input problems: a message tied to a file, a line, a column and a path inside the document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

DocPath = tuple[str | int, ...]


def format_path(path: DocPath) -> str:
    """`('indicators', 2, 'targets', '2025')` -> `indicators[2].targets.2025`; the root is `$`.

    Ints are list indexes; mapping keys are always given as text, years included.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "$"


def describe_value(value: object) -> str:
    """A value as a message names it: `a list`, `the number 5`, `true (a boolean)`, `'text…'`."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | Decimal):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value[:40] + "…" if isinstance(value, str) and len(value) > 40 else value)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, where an editor can jump to it."""

    file: str
    line: int
    column: int
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: error: {self.location}: {self.message}"


class InputError(Exception):
    """Raised when input files are unusable; carries every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: Sequence[Problem] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(ValueError):
    """An option the files cannot answer (a --year no plan has, a --region no plan is for): not a
    problem of a file, so the command line says it in one line, `dxcheck: error: OPTION: MESSAGE`."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option
