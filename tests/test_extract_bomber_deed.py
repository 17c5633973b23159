"""A bomber's deed is the deed of the group it belongs to (loaders/extract/agents.py `subject_of`), on sentences
written for these tests: "a bomber from X blew himself up, killing ..." names X."""
from __future__ import annotations

from _extract_support import run, strike_sources as sources


def test_a_bomber_named_by_its_group_kills_for_the_group():
    g = run("An Islamic State suicide bomber blew himself up at a bus station, killing nine civilians.")
    assert sources(g) == {"isis"}


def test_a_bomber_from_a_group():
    g = run("A suicide bomber from the Nusra Front blew himself up outside a bakery, killing six civilians.")
    assert sources(g) == {"nusra_front"}


def test_a_bomber_of_no_named_group_names_no_author():
    g = run("A suicide bomber blew himself up outside a bakery, killing six civilians.")
    assert sources(g) == set()
