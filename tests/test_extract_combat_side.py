"""The dead of a fight fall to the side they fought (loaders/extract/strikes.py `_combat_side`, the lexicon's
strike.combat_nouns), on sentences written for these tests."""
from __future__ import annotations

from _extract_support import pairs, run

from graph.model import RelType

S = RelType.STRIKES


def test_killed_in_clashes_with_a_side_names_that_side():
    g = run("At least twenty rebels were killed in clashes with Syrian troops overnight near the city.")
    assert {s for s, _t in pairs(g, S)} == {"syria"}


def test_a_headline_reduced_passive_in_battles_with():
    g = run("Nine Islamic State fighters killed in battles with Kurdish forces near the river.")
    assert ("kurdish_forces", "isis") in pairs(g, S)


def test_a_fight_between_two_sides_names_no_killer():
    g = run("Thirty people were killed in clashes between Kurdish forces and Syrian troops on Sunday.")
    assert not {s for s, _t in pairs(g, S)} & {"kurdish_forces", "syria"}


def test_killed_in_a_place_with_a_name_is_no_fight():
    g = run("Six civilians were killed in a town with a large market, a monitor said.")
    assert pairs(g, S) == set()
