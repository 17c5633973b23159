"""Reported speech across clauses and sentences: who accuses or denies is cited, coordinated subjects the parser
split, denials threaded to the accusation and the accuser named before."""
from __future__ import annotations

from _extract_support import cited, pairs, run

from graph.model import RelType


def test_an_accuser_is_cited_without_a_verb_of_saying():
    g = run("The Kurdish militia has been criticised by Turkey for the bombing in Ankara.")
    accusers = {s.source for s in g.statements if s.type == RelType.ACCUSES}
    assert "turkey" in accusers and accusers <= cited(g)


def test_a_denier_is_cited():
    g = run("Amnesty International accused Russia of shelling hospitals in Kharkiv. Moscow disputed the "
            "accusations.")
    assert any(s.type == RelType.CITES and s.target == "russia" and s.sentence.startswith("Moscow")
               for s in g.statements)


def test_two_subjects_split_by_the_parser_both_accuse():
    g = run("The Syrian opposition coalition that documented the raid as well as several Western governments "
            "blamed the Syrian government for the chlorine attack.")
    sources = {s.source for s in g.statements if s.type == RelType.ACCUSES}
    assert len(sources) >= 2


def test_a_subject_after_a_comma_is_another_clause():
    g = run("The soldiers were planning to take the oilfields that the rebels seized last year, Veale said.")
    assert not any(s.type == RelType.CITES and "rebel" in s.target for s in g.statements)


def _denials(g):
    return {(s.source, s.target) for s in g.statements if s.type == RelType.DENIES and not s.negated}


def test_denial_of_those_accusations_answers_the_accuser_of_the_sentence_before():
    g = run("Amnesty International accused Russia of shelling a hospital in Kharkiv. Moscow has repeatedly denied "
            "those accusations.")
    assert ("russia", "amnesty") in pairs(g, RelType.DENIES)
    assert not any(t == "unspecified" for _s, t in _denials(g))


def test_denial_answers_the_nearest_accusation_not_an_older_one():
    g = run("Washington blamed Damascus for the gas attack. Two days later Human Rights Watch accused the Syrian "
            "government of the attack, while Damascus rejected these allegations.")
    assert ("syria", "hrw") in pairs(g, RelType.DENIES)
    assert ("syria", "united_states") not in pairs(g, RelType.DENIES)


def test_pronoun_denier_is_the_one_accused_in_its_sentence():
    g = run("Ukraine accused the Russian army of bombing the theatre in Mariupol, but it denied any involvement.")
    assert ("russia", "ukraine") in pairs(g, RelType.DENIES)


def test_denial_with_no_accusation_before_stays_unspecified():
    g = run("The Kremlin met the Chinese envoy on Monday. Russia has denied targeting civilians.")
    assert {t for _s, t in _denials(g)} <= {"unspecified"}


def test_accusation_noun_with_a_that_clause():
    g = run("Human Rights Watch stands by its accusation that Ukraine put civilians at risk.")
    assert ("hrw", "ukraine") in pairs(g, RelType.ACCUSES)
    g = run("Kurdish commanders repeated allegations that Turkey was arming the militants.")
    assert any(t == "turkey" for _s, t in pairs(g, RelType.ACCUSES))


def test_accusation_noun_inside_what_a_speaker_says():
    g = run("Redur Xelil said fighters crossed from the border reiterating accusations that Turkey was helping the "
            "group.")
    assert any(s.type == RelType.ACCUSES and s.source.endswith("xelil") and s.target == "turkey"
               for s in g.statements)


def test_a_denied_accusation_is_not_the_deniers():
    g = run("Turkey rejected the accusation that it was helping the militants.")
    assert not pairs(g, RelType.ACCUSES)


def test_legal_charges_are_no_accusation_by_whoever_hears_them():
    g = run("The prisoner from Leeds said he understood the charges against him.")
    assert not pairs(g, RelType.ACCUSES)
