"""STRIKES frames that hold across outlets: attack nouns the tagger reads as verbs, authors written before the
noun, reduced passives, victims named by "leaving ... dead" or "died in", copular blame, claims that point back
to an earlier attack, unnamed armed groups and the place as last resort. Every sentence is written for the test;
each shape comes in more than one wording."""
from __future__ import annotations

import pytest
from _extract_support import pairs, run

from graph.model import RelType

S = RelType.STRIKES


@pytest.mark.parametrize("text, agent", [
    ("Five civilians were killed in shelling by Turkish forces on the town of Afrin.", "turkey"),
    ("Eleven civilians were killed in rebel shelling of the western districts on Saturday.", "syrian_rebels"),
    ("At least 40 people died in Russian airstrikes on the city of Idlib.", "russia"),
])
def test_attack_noun_read_as_a_verb_still_has_its_author(text, agent):
    assert (agent, "civilians") in pairs(run(text), S)


@pytest.mark.parametrize("text", [
    "At least 14 villagers died in Syrian regime and Russian bombing near the river.",
    "Dozens of people were killed in Russian and Syrian regime air strikes on the town.",
])
def test_coordinated_authors_before_an_attack_noun_each_strike(text):
    sources = {s for s, t in pairs(run(text), S) if t == "civilians"}
    assert {"russia", "syria"} <= sources


def test_a_state_name_before_an_attack_noun_is_a_place_not_an_author():
    g = run("Monitors counted the dead after the Syria airstrikes.\nTags Raqqa airstrikes Syria airstrikes")
    assert not any(s == "syria" for s, _t in pairs(g, S))


@pytest.mark.parametrize("text, victims", [
    ("Dozens of Syrian rebels killed in Aleppo clashes", "syrian_rebels"),
    ("The Turkish soldiers killed in the ambush were buried on Sunday.", "turkey"),
    ("Scores of Islamic State fighters killed near Raqqa", "isis"),
])
def test_reduced_passive_victims_are_not_the_killers(text, victims):
    assert not any(s == victims for s, _t in pairs(run(text), S))


@pytest.mark.parametrize("text, agent", [
    ("Armed groups fired several mortar shells on two neighbourhoods in Homs on Monday, leaving nine civilians "
     "dead.", "unidentified_militants"),
    ("Russian forces shelled the village, leaving three people wounded.", "russia"),
])
def test_leaving_people_dead_names_the_victims(text, agent):
    assert (agent, "civilians") in pairs(run(text), S)


@pytest.mark.parametrize("text, agent", [
    ("Investigators concluded that the Syrian government was behind the chemical attack on Khan Sheikhoun.",
     "syria"),
    ("Analysts said the Islamic State group was responsible for the bombing of a police station in Qamishli.",
     "isis"),
    ("The Syrian regime was responsible for the sarin attack on the village of Khan Sheikhoun.", "syria"),
])
def test_copular_blame_names_the_attacker(text, agent):
    assert any(s == agent for s, _t in pairs(run(text), S))


@pytest.mark.parametrize("text", [
    "A car bomb killed 16 civilians outside a bakery in Qamishli on Tuesday. The Islamic State group claimed "
    "responsibility for the attack.",
    "A suicide bomber blew himself up at a checkpoint in Azaz, killing 12 people. Islamic State later claimed the "
    "bombing.",
])
def test_a_claim_points_back_to_the_unclaimed_attack_before_it(text):
    assert ("isis", "civilians") in pairs(run(text), S)


def test_a_claim_does_not_reach_back_past_two_sentences():
    text = ("A car bomb killed 16 civilians in Qamishli on Tuesday. Aid agencies sent convoys to the north. "
            "Schools reopened in the capital. Talks resumed in Geneva on Friday. The Islamic State group claimed "
            "responsibility for the attack.")
    assert ("isis", "civilians") not in pairs(run(text), S)


@pytest.mark.parametrize("text", [
    "Terrorist groups targeted the Mahatta neighbourhood with mortar shells, killing four civilians.",
    "Militants shelled the village overnight, killing two children.",
])
def test_unnamed_armed_groups_can_strike(text):
    assert ("unidentified_militants", "civilians") in pairs(run(text), S)


def test_unnamed_sources_still_never_strike():
    g = run("Officials shelled the talks with criticism, and residents attacked the plan at a meeting.")
    assert not any(s in ("officials", "residents") for s, _t in pairs(g, S))


@pytest.mark.parametrize("text", [
    "Syrian warplanes bombed several areas on the outskirts of Idlib on Friday.",
    "Russian jets struck positions around the city of Idlib overnight.",
])
def test_the_place_is_the_last_resort_target(text):
    assert any(s in ("syria", "russia") and t.startswith("place_") for s, t in pairs(run(text), S))
