"""Output formats: one module per format, each with `render(result, options) -> str`, in one registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dxcheck.results import Result


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to draw a result: which name language, whether in colour, and how wide."""

    lang: str = "vi"
    color: bool = False
    width: int = 100


Renderer = Callable[["Result", RenderOptions], str]

# format name -> module under dxcheck.reporters; imported only when used, to keep start-up light
REPORTERS: dict[str, str] = {
    "table": "table",
    "json": "json",
}


def get_renderer(name: str) -> Renderer:
    """The `render` function of a format; KeyError for a format that is not offered."""
    module = import_module(f"dxcheck.reporters.{REPORTERS[name]}")
    render: Renderer = module.render
    return render
