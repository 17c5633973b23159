"""Unnamed armed authors in an article that names one armed group as an author are that group
(loaders/extract/generic_authors.py), on sentences written for these tests."""
from __future__ import annotations

from _extract_support import run, strike_sources as sources


def test_the_label_after_the_name_is_the_named_group():
    g = run("Nusra Front terrorists fired mortar shells on a village on Friday, killing a farmer. "
            "On Saturday the terrorist groups fired a rocket on a market, injuring a child.")
    assert sources(g) == {"nusra_front"}


def test_two_named_groups_leave_the_label_alone():
    g = run("Nusra Front fighters shelled a village on Friday, killing a farmer. Islamic State fighters shelled a "
            "farm near the dam on Sunday, killing a woman. On Saturday militants fired a rocket on a market, injuring a child.")
    assert "unidentified_militants" in sources(g)


def test_a_group_only_suspected_names_no_author():
    g = run("Officials said Nusra Front could be responsible for the bombing. "
            "On Saturday militants fired a rocket on a market, injuring a child.")
    assert "nusra_front" not in sources(g)
