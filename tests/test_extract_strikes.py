"""STRIKES on sentences written for these tests: active, passive, nominal, claimed, weapon use, victims, places,
negation, hypotheticals, and the EventRecord each strike becomes."""
from __future__ import annotations

from _extract_support import pairs, run

from graph.model import RelType

S = RelType.STRIKES


def test_active_verb():
    g = run("Turkish warplanes bombed Kurdish militia positions in northern Iraq on Sunday.")
    assert ("turkey", "kurdish_forces") in pairs(g, S)


def test_passive_with_agent():
    g = run("The Syrian Democratic Forces were attacked by Turkish troops near Manbij.")
    assert ("turkey", "sdf") in pairs(g, S)


def test_passive_victims_become_civilians():
    g = run("Three civilians were killed by Russian air strikes on the town of Maarat al-Numan.")
    assert ("russia", "civilians") in pairs(g, S)


def test_nominal_with_target_and_place():
    g = run("Israeli strikes on Gaza killed 12 people on Tuesday.")
    assert ("israel", "civilians") in pairs(g, S)


def test_accused_of_shelling_gives_the_accused_as_agent():
    g = run("Ukraine accused Russia of shelling the city of Kharkiv.")
    targets = {t for s, t in pairs(g, S) if s == "russia"}
    assert targets and all(t.startswith("place_") or t == "ukraine" for t in targets)
    assert ("ukraine", "russia") not in pairs(g, S)


def test_claimed_responsibility_makes_the_claimant_the_agent():
    g = run("A car bomb killed nine people at a market in Baghdad on Friday, an attack claimed by Islamic State.")
    assert ("isis", "civilians") in pairs(g, S)


def test_weapon_use_against_a_people():
    g = run("Investigators said the regime of Bashar al-Assad had used sarin against the Syrian people.")
    assert ("syria", "civilians") in pairs(g, S)


def test_location_target_when_no_actor_is_struck():
    g = run("Pro-Assad forces shelled the rebel-held town of Douma.")
    assert any(s == "syria" and t.startswith("place_") for s, t in pairs(g, S))


def test_no_agent_no_edge():
    g = run("A hospital in Idlib was hit by missiles on Monday.")
    assert not pairs(g, S)


def test_negated_strike_is_flagged_not_asserted():
    g = run("Iran did not attack Saudi Arabia, a spokesman said.")
    st = [s for s in g.statements if s.type == S]
    assert st and all(s.negated for s in st)
    assert not pairs(g, S)


def test_hypothetical_strike_is_flagged():
    g = run("Hezbollah threatened to strike Israel.")
    st = [s for s in g.statements if s.type == S]
    assert st and all(s.hypothetical for s in st)


def test_event_record_with_date_place_and_casualties():
    g = run("Russian jets bombed a market in Aleppo on Saturday, killing 23 civilians.", date="2016-10-12")
    assert g.events
    ev = next(e for e in g.events if e.killed)
    assert ev.killed == 23
    assert ev.date == "2016-10-08"
    assert ev.location == "aleppo"
    strike = next(s for s in g.statements if s.type == S and s.event)
    assert strike.event in {e.id for e in g.events}
    assert any(loc.id == "aleppo" and loc.country == "syria" for loc in g.locations)


def test_claim_of_responsibility_elsewhere_in_the_sentence():
    g = run("The United States condemns the bombings today in the town of Jableh, for which the Islamic State has "
            "claimed responsibility and where 40 civilians were killed.")
    assert ("isis", "civilians") in pairs(g, S)
    assert ("united_states", "isis") in pairs(g, RelType.ACCUSES)


def test_demonym_inside_a_name_is_not_the_state():
    g = run("Abu Omar al-Kuwaiti, a senior militant, was killed by a coalition air strike near Mosul.")
    assert ("us_led_coalition", "kuwait") not in pairs(g, S)
    assert any(s == "us_led_coalition" and t != "kuwait" for s, t in pairs(g, S))


def test_unknown_town_after_city_of_is_a_place_and_the_event_location():
    g = run("Ukraine accused Russia of deliberately targeting a shopping centre in the city of Kremenchuk, where at "
            "least 18 people were killed.")
    assert ("russia", "civilians") in pairs(g, S)
    assert any(e.location and "kremenchuk" in e.location and e.killed == 18 for e in g.events)
    assert any(loc.id == next(e.location for e in g.events) for loc in g.locations)


def test_nested_compound_agent_and_official_state_name():
    g = run("IDF fighter jets struck Hamas targets in Gaza. The State of Qatar condemned the Israeli bombing of a "
            "hospital in Gaza.")
    assert ("israel", "hamas") in pairs(g, S)
    assert ("qatar", "israel") in pairs(g, RelType.ACCUSES)


def test_of_is_the_target_of_shelling_and_bombing():
    g = run("Russia's shelling of Kharkiv continued. The Israeli bombing of the Jabalia refugee camp killed dozens.")
    assert any(s == "russia" and "kharkiv" in t for s, t in pairs(g, S))
    assert any(s == "israel" for s, _t in pairs(g, S))


def test_strikes_that_weaken_an_actor_hit_it():
    g = run("US airstrikes have weakened al-Qaeda in Syria, the Pentagon said. Pentagon: US airstrikes weaken ISIS")
    assert {("united_states", "al_qaeda"), ("united_states", "isis")} <= pairs(g, S)
