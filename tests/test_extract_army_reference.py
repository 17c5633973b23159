"""Whose army "the army" and a bare capitalised "Army" mean (loaders/extract/coref.py, resolve.py), on sentences
written for these tests: the army the article already named, not a state mentioned in passing nearer by."""
from __future__ import annotations

from _extract_support import run, strike_sources as sources


def test_the_army_is_the_army_already_named_not_a_nationality_in_passing():
    g = run("The Syrian army pushed north on Monday. A man of Belgian nationality was found among the dead. "
            "The army killed ten gunmen near the border.")
    assert sources(g) == {"syria"}


def test_a_capitalised_army_at_a_line_start_is_the_army_already_named():
    g = run("Turkish troops crossed the river at dawn. Army units killed seven fighters near the dam on Tuesday.")
    assert sources(g) == {"turkey"}


def test_the_army_of_the_state_just_named_when_no_army_was_named():
    g = run("Egypt said on Sunday that the army killed twelve gunmen in the north of Sinai.")
    assert sources(g) == {"egypt"}
