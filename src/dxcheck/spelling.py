"""Which known ids an unknown one likely misspells: one speller for every "did you mean" about ids."""

from __future__ import annotations

from collections.abc import Iterable

# the last segment of an id that names an administrative level: a province's figure is never a commune's
_LEVELS = frozenset({"province", "district", "commune"})


class Speller:
    """Known ids by pillar prefix (a plan's indicators, plan ids, a CSV's column names), to find those
    an unknown id is a typo of.

    Only ids of the same pillar prefix and the same level are candidates, and only those a few letters
    away (docs/indicators.md): `econ.online-…` is no typo of `gov.online-…`, nor `.commune` of `.province`.
    Each edit changes the set of letters an id uses by at most two, so a set comparison (in C) rules
    out nearly every candidate before the edit distance is counted; an id met again is answered from memory.
    """

    __slots__ = ("_by_prefix", "_known")

    def __init__(self, ids: Iterable[str]) -> None:
        self._by_prefix: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
        self._known: dict[str, tuple[str, ...]] = {}
        for key in ids:
            self._by_prefix.setdefault(_prefix(key), []).append((key, _level(key), frozenset(key)))

    def near(self, key: str) -> tuple[str, ...]:
        """The ids nearest to `key`, all as few letters away, in the order given; none past the limit."""
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._look_up(key)
        return found

    def _look_up(self, key: str) -> tuple[str, ...]:
        candidates = self._by_prefix.get(_prefix(key))
        if not candidates:
            return ()
        limit = 1 if len(key) < 10 else 2
        level, letters, size = _level(key), frozenset(key), len(key)
        found: list[tuple[int, str]] = []
        for candidate, other, used in candidates:
            if abs(len(candidate) - size) > limit or len(letters ^ used) > 2 * limit:
                continue
            if level != other and (level in _LEVELS or other in _LEVELS):
                continue
            distance = _edits(key, candidate, limit)
            if distance <= limit:
                found.append((distance, candidate))
        nearest = min((distance for distance, _ in found), default=0)
        return tuple(candidate for distance, candidate in found if distance == nearest)


def _prefix(key: str) -> str:
    return key.partition(".")[0] if "." in key else ""


def _level(key: str) -> str:
    return key.rpartition(".")[2]


def _edits(a: str, b: str, limit: int) -> int:
    """Letters to insert, delete, change or swap with a neighbour to turn a into b; limit + 1 past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def did_you_mean(speller: Speller, key: str) -> str | None:
    """The one id to suggest for `key`: the first of the nearest, or None."""
    near = speller.near(key)
    return near[0] if near else None
