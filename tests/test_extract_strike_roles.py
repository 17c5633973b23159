"""The argument roles every STRIKES trigger shares (loaders/extract/strike_roles.py), on sentences written for
these tests: parties named by their territory or people, owners of military objects, places that only say where
a place lies, speakers glued to victims when commas are lost, either-or authors, possessive deeds."""
from __future__ import annotations

from _extract_support import pairs, run, strike_targets as targets_of

from graph.model import RelType

S = RelType.STRIKES


def test_state_owns_its_military_objects_active_and_passive():
    assert ("united_states", "iran") in pairs(run("US warships fired missiles at an Iranian naval base."), S)
    g = run("An Iranian airfield near the coast was struck by American cruise missiles on Friday.")
    assert ("united_states", "iran") in pairs(g, S)


def test_a_state_does_not_own_a_civilian_building():
    g = run("Israeli jets bombed a Lebanese hospital in the south on Monday.")
    assert "lebanon" not in targets_of(g, "israel")


def test_party_named_by_its_positions_territory_or_people():
    assert ("russia", "ukraine") in pairs(run("Russian forces shelled Ukrainian positions near the river."), S)
    assert ("russia", "ukraine") in pairs(run("Russia has used artillery to target Ukrainian territory."), S)
    g = run("In Syria the regime dropped barrel bombs on rebel areas of Hama on Sunday.")
    assert ("syria", "syrian_rebels") in pairs(g, S)
    g = run("Russian troops killed prisoners from the Azov regiment who had been captured in Mariupol.")
    assert ("russia", "ukraine") in pairs(g, S)
    assert "place_mariupol" not in targets_of(g, "russia")  # the relative clause says where they were captured


def test_held_or_controlled_names_the_holder_not_the_struck():
    g = run("Islamic State fighters attacked the Kurdish-held town of Kobani on Saturday.")
    assert targets_of(g, "isis") == {"place_kobani"}


def test_where_a_place_lies_is_not_a_second_target():
    g = run("In Syria government jets pounded the town of Saraqib in southern Idlib overnight.")
    got = targets_of(g, "syria")
    assert "place_saraqib" in got and "place_idlib" not in got


def test_country_as_the_place_of_a_struck_thing():
    g = run("Russian forces shelled infrastructure across Ukraine during the week.")
    assert ("russia", "ukraine") in pairs(g, S)


def test_speaker_glued_to_the_victims_is_not_struck():
    g = run("Government forces in Syria carried out a gas attack that killed more than 900 people Amnesty "
            "International said on Tuesday.")
    assert "amnesty_international" not in {t for _s, t in pairs(g, S)}
    assert ("syria", "civilians") in pairs(g, S)


def test_either_or_authors_give_no_strike_and_both_authors_give_two():
    assert not pairs(run("Syrian or Russian jets bombed a market in Idlib on Tuesday."), S)
    assert not pairs(run("Syrian regime or Russian air strikes on Idlib killed nine civilians."), S)
    g = run("Syrian and Russian jets bombed a market in Idlib on Tuesday.")
    assert {"syria", "russia"} <= {s for s, _t in pairs(g, S)}


def test_a_weapon_word_before_the_attack_noun_is_not_a_second_trigger():
    g = run("Rocket attacks by Hamas on southern Israel killed two people on Monday.")
    assert ("hamas", "hamas") not in pairs(g, S)
    assert [s.trigger for s in g.statements if s.type == S and s.trigger.lower() == "rocket"] == []


def test_their_attack_belongs_to_every_subject():
    g = run("Turkish jets and Kurdish fighters stepped up their bombardment of Afrin on Sunday.")
    assert ("turkey", "place_afrin") in pairs(g, S)
    assert ("kurdish_forces", "place_afrin") in pairs(g, S)


def test_a_carry_verb_that_takes_people_is_the_killing_itself():
    g = run("In Syria the Islamic State executed at least twelve villagers near Raqqa on Monday.")
    assert ("isis", "civilians") in pairs(g, S)
    g = run("Four farmers were executed by ISIS militants in a village near Raqqa.")
    assert ("isis", "civilians") in pairs(g, S)


def test_the_accused_is_the_author_of_the_deed():
    g = run("In Syria the opposition accused government forces of gassing hundreds of people on Wednesday.")
    assert ("syria", "civilians") in pairs(g, S)
    g = run("A gas attack killed 200 civilians in Idlib. Western states blamed the Syrian government for the attack.")
    assert ("syria", "civilians") in pairs(g, S)
    g = run("Kyiv accused Russian troops of shelling near the town of Enerhodar overnight.")
    assert ("russia", "place_enerhodar") in pairs(g, S)


def test_the_means_stands_for_whoever_uses_it():
    assert ("isis", "civilians") in pairs(run("An Islamic State car bomb killed 20 people near Deir al-Zor."), S)
    g = run("Two ISIS suicide bombers have killed at least 30 Kurdish militiamen in Hasakah.")
    assert ("isis", "kurdish_forces") in pairs(g, S)
    g = run("Landmines planted by the Islamic State have killed dozens of civilians in Manbij.")
    assert ("isis", "civilians") in pairs(g, S)
    assert ("taliban", "civilians") in pairs(run("Four children were killed by a Taliban roadside bomb."), S)


def test_a_bomb_of_nobody_is_no_strike():
    assert not pairs(run("A car bomb exploded near a market in Baghdad, killing five people."), S)


def test_the_weapon_launched_is_not_a_second_strike():
    g = run("Early on Friday the United States fired dozens of Tomahawk missiles at the Syrian military air "
            "base outside Homs.")
    assert targets_of(g, "united_states") == {"syria"}


def test_a_thing_struck_in_a_country_names_the_country():
    g = run("An American missile strike on an army base in Syria west of Palmyra killed six soldiers.")
    assert ("united_states", "syria") in pairs(g, S)


def test_adjacent_place_names_without_a_comma_are_one_place():
    g = run("In Syria regime helicopters dropped chlorine bombs on Saraqib Idlib on Monday.")
    got = targets_of(g, "syria")
    assert "place_saraqib" in got and "place_idlib" not in got


def test_a_new_attack_does_not_take_the_place_of_an_unclaimed_one():
    g = run("A strike hit a hospital in Khan Sheikhun on Tuesday. The American-led alliance against the "
            "jihadists has also flown occasional raids over the province.")
    assert not any(t == "place_khan_sheikhun" for _s, t in pairs(g, S))
    g = run("A car bomb killed nine civilians in Raqqa on Friday. The Islamic State claimed the attack.")
    assert ("isis", "civilians") in pairs(g, S)


def test_a_country_after_from_is_where_the_strike_came_from():
    g = run("Russia renewed its attacks, launching strikes from Belarus that injured 15 people near Kyiv.")
    assert "belarus" not in {s for s, _t in pairs(g, S)}
    g = run("Rockets fired from Lebanon by Hezbollah hit northern Israel on Sunday.")
    assert "lebanon" not in {s for s, _t in pairs(g, S)}


def test_a_generic_word_led_by_a_group_name_is_that_group():
    g = run("A woman was killed when al-Nusra Front (al-Qaeda's branch in Syria) terrorists fired two mortar "
            "shells on a village in Hama.")
    assert ("nusra_front", "civilians") in pairs(g, S)
    assert "unidentified_militants" not in {s for s, _t in pairs(g, S)}
    g = run("Gunmen opened fire on a bus in Kabul, killing six passengers.")
    assert all(s != "nusra_front" for s, _t in pairs(g, S))


def test_using_a_weapon_to_strike_is_one_strike():
    g = run("Russia has used artillery units to target Ukrainian territory on the bank of the Dnipro river.")
    assert {t for s, t in pairs(g, S) if s == "russia"} == {"ukraine"}


def test_strikes_warned_against_halted_or_debated_are_not_asserted():
    assert not pairs(run("The Kremlin cautioned Washington against fresh missile strikes on Syria."), S)
    assert not pairs(run("Syrian and Russian warplanes paused their air raids on Aleppo for two days."), S)
    assert ("russia", "place_aleppo") in pairs(run("Russian warplanes resumed their air raids on Aleppo after two days."), S)


def test_it_after_an_attack_is_the_attack_not_the_last_state():
    g = run("A chemical attack hit Khan Sheikhoun. Trump said the attack was horrific and noted that it had "
            "killed small children.")
    assert "united_states" not in {s for s, _t in pairs(g, S)}
    g = run("Russia said it had killed 50 militants near Palmyra.")
    assert "russia" in {s for s, _t in pairs(g, S)}


def test_under_attack_makes_the_subject_the_target():
    g = run("Kharkiv has come under attack again, with Russian missiles striking at apartment blocks and a school.")
    assert ("russia", "place_kharkiv_city") in pairs(g, S) or ("russia", "place_kharkiv") in pairs(g, S)
    assert len(pairs(g, S)) == 1  # the participle is part of the frame, not a second strike
    g = run("The town of Douma in Syria was under bombardment by regime forces on Sunday.")
    assert ("syria", "place_douma") in pairs(g, S)


def test_a_capital_struck_is_the_city():
    g = run("Russian missiles struck Kyiv on Sunday morning.")
    assert {t for s, t in pairs(g, S) if s == "russia"} == {"place_kyiv_city"}


def test_it_reported_by_an_armed_sayer_is_the_sayer():
    g = run("Kyiv's military gave details of the raid on the island, saying it had destroyed two Russian "
            "gun positions.")
    assert ("ukraine", "russia") in pairs(g, S)


def test_a_bare_government_is_the_state_last_named():
    g = run("The war in Syria goes on. Government air raids on a northwestern town killed 27 people on Monday.")
    assert ("syria", "civilians") in pairs(g, S)
    g = run("The war in Syria goes on. Government warplanes bombed the town of Ariha on Monday.")
    assert ("syria", "place_ariha") in pairs(g, S)
    assert not pairs(run("Government air raids on a northwestern town killed 27 people on Monday."), S)


def test_without_commas_the_phrase_right_after_the_verb_is_its_object():
    g = run("ISIL militants beheaded six Syrian troops who had been captured near a desert village on Tuesday "
            "a monitoring group said.")
    assert ("isis", "syria") in pairs(g, S)
    g = run("ISIS gunmen executed twelve villagers who had fled the town the Observatory said on Sunday.")
    assert ("isis", "civilians") in pairs(g, S)
    # a reduced passive is still the victims' clause
    assert not any(s == "syrian_rebels" for s, _t in pairs(run("Scores of Syrian rebels killed in raid near Aleppo"), S))


def test_casualties_of_a_strike_on_a_party_are_not_a_second_target():
    g = run("Moscow says the headquarters of its Black Sea fleet in Sevastopol was hit by a Ukrainian "
            "drone strike, injuring six people.")
    assert ("ukraine", "civilians") not in pairs(g, S)
    assert ("ukraine", "russia") in pairs(g, S)
    g = run("Russian jets bombed a market in Idlib on Sunday, killing 23 civilians.")
    assert ("russia", "civilians") in pairs(g, S)  # no party struck: the victims are the target


def test_the_attack_told_before_keeps_its_target():
    g = run("Ukrainian drones struck the headquarters of the Black Sea fleet on Sunday. The attack was reported "
            "by the head of the local administration in Sevastopol.")
    got = {t for s, t in pairs(g, S) if s == "ukraine"}
    assert "russia" in got and "place_sevastopol" not in got
    g = run("US warships fired missiles at a Syrian airbase on Friday. Trump said the attack was meant to "
            "deter the use of poison gas.")
    got = {t for s, t in pairs(g, S) if s == "united_states"}
    assert got == {"syria"}


def test_one_name_is_not_both_author_and_target():
    g = run("Moscow says it destroyed Western-made armoured vehicles in Kyiv air raids.")
    assert not any(t == "place_kyiv_city" and s == "ukraine" for s, t in pairs(g, S))


def test_intercepted_missiles_are_not_asserted_strikes():
    g = run("Belarusian air defence units intercepted each of the rockets, the president said.")
    assert not pairs(g, S)


def test_the_infinitive_of_a_continuing_verb_is_its_subjects_deed():
    g = run("Moscow on Saturday continued to bombard energy sites across Ukraine.")
    assert ("russia", "ukraine") in pairs(g, S)
    g = run("In Syria government forces on Sunday resumed shelling rebel positions near Hama.")
    assert ("syria", "syrian_rebels") in pairs(g, S)


def test_a_named_weapon_system_is_a_means_not_an_actor():
    g = run("Officials in Donetsk said a Himars barrage hit the depot overnight.")
    assert not any("himars" in a.id.lower() for a in g.actors)
    g = run("Kalibr missiles fired from the sea slammed into the port of Odesa, the navy said.")
    assert not any("kalibr" in a.id.lower() for a in g.actors)
    g = run("Ukrainian forces used Himars rockets to hit a Russian depot.")
    assert ("ukraine", "russia") in pairs(g, S)
