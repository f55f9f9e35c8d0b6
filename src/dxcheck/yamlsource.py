"""Reading YAML safely: plain data only, every node's position kept, every problem placed.

The document is built from the parser's events rather than with `yaml.load`, so that nothing is ever
constructed from a tag, aliases cannot expand, duplicate keys are caught, nesting is bounded without
recursion, and scalars are read the YAML 1.2 way (scalars.py). One walk over the events (yamlwalk.py)
builds the data and records where each node is written (positions.py), so a problem found later is
placed without reading the file again. Syntax errors are worded in yamlerrors.py; reading and decoding
the file itself is files.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from dxcheck.files import Source
from dxcheck.positions import Positions, place
from dxcheck.problems import Problem
from dxcheck.yamlerrors import is_nesting_limit, syntax_problem
from dxcheck.yamlwalk import MAX_DEPTH, MAX_NODES, MAX_PROBLEMS, MAX_SCALAR, Walk, too_deep

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_PROBLEMS",
    "MAX_SCALAR",
    "Parsed",
    "Positions",
    "named_regions",
    "parse",
    "place",
]

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Parsed:
    """A document's plain data and where its nodes are written, or the problems that kept it from being
    read; `bad_paths` are the places already reported, so later checks can stay quiet about them."""

    source: Source
    data: Any
    problems: tuple[Problem, ...]
    bad_paths: frozenset[tuple[str, ...]]
    fatal: bool
    positions: Positions = field(repr=False, compare=False)
    # problems found beyond MAX_PROBLEMS, counted but not kept
    more: int = 0


def parse(source: Source) -> Parsed:
    """Parse the first YAML document into plain data and positions, without constructing anything."""
    walk = _walk(source, source.text)
    error = walk.error
    if error is not None and is_nesting_limit(error) and error.problem_mark is not None:
        # libyaml (PyYAML 6.0.4 on) refuses deep flow nesting itself, scanning ahead of the events it
        # has given: read the text up to where it stopped, so that dxcheck's own limit stops it, at
        # the place and with the path it has under every PyYAML
        again = _walk(source, source.text[: error.problem_mark.index])
        if again.too_deep:
            walk, error = again, None
    if error is not None:
        if is_nesting_limit(error):
            walk.problem(error.problem_mark, too_deep(), ())
        else:
            mark, message = syntax_problem(error, source.text, walk.last)
            walk.problem(mark, message, ())
    fatal = not walk.finished
    if walk.finished and walk.documents == 0:
        walk.problem(None, "the file is empty: expected a mapping with a 'dxcheck:' key", ())
        fatal = True
    problems, bad_paths = tuple(walk.problems), frozenset(walk.bad_paths)
    return Parsed(source, walk.data, problems, bad_paths, fatal, walk.positions, walk.more)


def _walk(source: Source, text: str) -> Walk:
    """`text` (all of `source` or the start of it) read by one walk."""
    walk = Walk(source)
    parser = _Parser(text)
    try:
        walk.read(parser)
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return walk


def named_regions(source: Source) -> frozenset[str] | None:
    """The regions a file names at its top level, its data never built: the value of `region:` or
    the keys of `regions:`, whichever comes first (a file with both is invalid).

    Empty when the YAML cannot be read (the file is then invalid and feeds no plan); None when the
    parser's events alone cannot tell (an anchor, a tag or a key that is not a scalar on the way).
    """
    parser = _Parser(source.text)
    try:
        return _named_regions(parser)
    except yaml.YAMLError:
        return frozenset()
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def _named_regions(parser: Any) -> frozenset[str] | None:
    parser.get_event()  # the stream's start
    if not isinstance(parser.get_event(), yaml.DocumentStartEvent):
        return frozenset()  # an empty file
    if not _plain(top := parser.get_event()) or not isinstance(top, yaml.MappingStartEvent):
        return None if isinstance(top, yaml.MappingStartEvent) else frozenset()
    while not isinstance(key := parser.get_event(), yaml.MappingEndEvent):
        value = parser.get_event()
        if not isinstance(key, yaml.ScalarEvent) or not _plain(key) or not _plain(value):
            return None
        if key.value == "region" and isinstance(value, yaml.ScalarEvent):
            return frozenset({value.value})
        if key.value == "regions" and isinstance(value, yaml.MappingStartEvent):
            return _keys(parser)
        _skip(parser, value)
    return frozenset()


def _keys(parser: Any) -> frozenset[str] | None:
    """The keys of the mapping just started, each value skipped."""
    keys: set[str] = set()
    while not isinstance(key := parser.get_event(), yaml.MappingEndEvent):
        if not isinstance(key, yaml.ScalarEvent) or not _plain(key):
            return None
        keys.add(key.value)
        _skip(parser, parser.get_event())
    return frozenset(keys)


def _plain(event: Any) -> bool:
    """Whether a node event has neither anchor nor tag, nor is an alias: what the walk accepts."""
    return (
        not isinstance(event, yaml.AliasEvent)
        and event.anchor is None
        and getattr(event, "tag", None) is None
    )


def _skip(parser: Any, event: Any) -> None:
    """Past the node `event` starts, its events taken and dropped."""
    depth = 1 if isinstance(event, yaml.CollectionStartEvent) else 0
    while depth:
        event = parser.get_event()
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
