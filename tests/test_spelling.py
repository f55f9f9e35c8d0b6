"""The one speller behind every "did you mean" about ids: what it offers, and what a look-up costs."""

from __future__ import annotations

import random

import pytest

from conftest import ROOT
from dxcheck import spelling
from dxcheck.loading import load_plan
from dxcheck.spelling import Speller


@pytest.mark.parametrize(
    ("key", "near"),
    [
        ("gov.onlin", ("gov.online",)),  # a letter left out
        ("gov.onilne", ("gov.online",)),  # two letters swapped
        ("gov.online-service", ("gov.online-services",)),
        ("econ.online", ()),  # another pillar's concept
        ("gov.schools.commune", ()),  # another level
        ("gov.online-procedures", ()),  # far from any
    ],
)
def test_it_offers_the_ids_a_few_letters_away_of_the_same_pillar_and_level(
    key: str, near: tuple[str, ...]
) -> None:
    speller = Speller(["gov.online", "gov.online-services", "gov.schools.province", "econ.share"])
    assert speller.near(key) == near


def _shipped_ids() -> list[str]:
    ids: dict[str, None] = {}
    for path in sorted((ROOT / "plans").glob("*.yaml")):
        ids.update(dict.fromkeys(indicator.id for indicator in load_plan(str(path)).plan.indicators))
    return list(ids)


def test_a_look_up_counts_the_edit_distance_of_few_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    # the distance is counted only for ids of the key's pillar whose length and letters could be a
    # few edits away: about one per key, not one per known id as difflib counts, and none for a key
    # asked again (a CSV or an actuals file that repeats an id)
    counted: list[str] = []
    real = spelling._edits  # module-private, counted here

    def edits(a: str, b: str, limit: int) -> int:
        counted.append(b)
        return int(real(a, b, limit))

    monkeypatch.setattr(spelling, "_edits", edits)
    known = _shipped_ids()
    speller = Speller(known)
    draw = random.Random(3)
    # a letter dropped from the concept, between the pillar and any level: a typo of that id
    at = {key: key.index(".") + 1 + draw.randrange(len(key.split(".")[1])) for key in known}
    dropped = {key: key[: at[key]] + key[at[key] + 1 :] for key in known}
    others = [key.replace(".", ".other-", 1) + "x" for key in known]
    for _ in range(3):
        for key in [*dropped.values(), *others]:
            speller.near(key)
    assert len(known) > 50
    assert len(counted) <= 2 * (len(dropped) + len(others))
    assert all(key in speller.near(typo) for key, typo in dropped.items())
