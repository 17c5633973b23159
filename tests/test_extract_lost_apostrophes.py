"""Texts that lost their apostrophes still name the actor (loaders/extract/mentions.py `ActorIndex._add`), on
sentences written for these tests."""
from __future__ import annotations

from _extract_support import pairs, run

from graph.model import RelType

S = RelType.STRIKES


def test_an_alias_spelt_without_its_apostrophe_still_names_the_actor():
    g = run("Daish fighters shelled a village near the river on Monday, killing four farmers.")
    assert "isis" in {s for s, _t in pairs(g, S)}

