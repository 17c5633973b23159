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


def _cites_named(g) -> set[str]:
    return {s.target_text for s in g.statements if s.type == RelType.CITES}


def test_trailing_speaker_without_a_comma():
    # copy that lost its commas: the speaker closes the sentence, after an object or a time
    g = run("Government jets bombed two villages near Hama overnight the Syrian Observatory for Human Rights said.")
    assert "sohr" in cited(g)
    g = run("Five Turkish F-16s flew along the border on Monday Turkish military said.")
    assert any("Turkish" in (n or "") for n in _cites_named(g))
    g = run("Insurgents shelled a bus station wounding six people a source at Homs Traffic Police told SANA.")
    assert any("Homs Traffic Police" in (n or "") for n in _cites_named(g))


def test_trailing_speaker_keeps_the_head_of_officials_in_a_city():
    g = run("The talks were delayed after the president met the envoy in Doha last week, officials in Ankara said.")
    assert "officials" in cited(g)


def test_a_verb_before_its_subject_is_no_trailing_attribution():
    g = run("At least nine people were killed including a soldier who had joined the rebels said the Observatory.")
    assert "syrian_rebels" not in cited(g) and not any("rebels" == (n or "") for n in _cites_named(g))


def test_an_object_before_said_with_a_subject_of_its_own_is_not_the_speaker():
    g = run("The army shelled the town, and the governor said the shelling had stopped.")
    assert not any("town" in (n or "") for n in _cites_named(g))


def test_reporter_of_an_agency_cites_the_agency():
    g = run("A SANA reporter said gunmen fired rockets on the old city.")
    assert "sana" in cited(g)


def test_one_unnamed_source_is_named_with_its_place():
    g = run("A doctor at the clinic in Maarat al-Numan said the strike killed nine people.")
    assert "A doctor at the clinic in Maarat al-Numan" in _cites_named(g)
    g = run("A source at Hama province told reporters that gunmen shelled the town.")
    assert "A source at Hama province" in _cites_named(g)
    g = run("Witnesses in the northern city of Aleppo said jets struck the positions.")
    assert "Witnesses" in _cites_named(g)


def test_she_said_in_a_clause_under_the_named_subject():
    g = run("Olga Petrova met the envoy on Monday.\n\nMaria Kovalenko spoke on Friday with a caller she said "
            "looked like the minister.")
    said = [s for s in g.statements if s.type == RelType.CITES and s.trigger == "said"]
    assert said and said[0].target_text == "Maria Kovalenko"


def test_agreeing_to_act_is_no_statement():
    g = run("Britain and France have agreed to send more shells to Kyiv, according to Baker Street.")
    assert "united_kingdom" not in cited(g) and "france" not in cited(g)
    assert "Baker Street" in _cites_named(g)
    g = run("Britain and France agreed that the blockade was illegal.")
    assert {"united_kingdom", "france"} <= cited(g)


def test_a_role_with_a_demonym_is_named_by_its_role():
    g = run("The Dutch defence minister has announced that 40 instructors will train Ukrainian recruits.")
    assert "Dutch defence minister" in _cites_named(g)
    assert "netherlands" in {a.rollup for a in g.actors if a.id in cited(g)}


def test_responsible_for_an_attack_in_a_speakers_words_is_blame():
    g = run("Evidence shows Syrian government forces were responsible for the chlorine attack on Saraqib Amnesty "
            "International said on Monday contradicting denials by the government.")
    assert ("amnesty", "syria") in pairs(g, RelType.ACCUSES)
    g = run("The French ambassador said Russia was responsible for the shelling of the hospital.")
    assert ("france", "russia") in pairs(g, RelType.ACCUSES)


def test_responsible_for_a_duty_is_no_blame():
    g = run("The French ambassador said Russia was responsible for the security of the nuclear plant.")
    assert not pairs(g, RelType.ACCUSES)


def test_a_participle_claimed_by_is_no_trailing_speaker():
    g = run("Britain condemns the attacks in Iraq today, including one in Mosul claimed by Daesh that targeted a "
            "market.")
    assert not any(s.type == RelType.CITES and "Mosul" in (s.target_text or "") for s in g.statements)


def test_blame_idioms_and_an_unnamed_group_that_blames():
    g = run("Much of the world community pointed the finger at Syria over the gas attack, though it denied "
            "any role.")
    acc = {(s.source_text, s.target) for s in g.statements if s.type == RelType.ACCUSES}
    assert any(src and "world community" in src for src, _t in acc)
    assert any(s.type == RelType.DENIES and s.source in ("syria", "syrian_government")
               and "community" in (s.target_text or "") for s in g.statements)
    g = run("Kyiv laid the blame on Russian forces for the blast at the dam.")
    assert ("ukraine", "russia") in pairs(g, RelType.ACCUSES)


def test_collective_speakers_are_named_by_their_words():
    g = run("A popular Ukrainian military account said the depot was hit twice.")
    assert "popular Ukrainian military account" in _cites_named(g)
    g = run("The tariffs start next month, the alliance's presidency said on Monday.")
    assert "alliance's presidency" in _cites_named(g)


def test_a_demanded_condemnation_is_not_the_addressees():
    g = run("\u201cWe demand the international community condemn this massacre,\u201d the ministry said.")
    assert not any(s.type == RelType.ACCUSES and "community" in (s.source_text or "") for s in g.statements)


def test_murder_in_a_speakers_words_blames_the_killer_not_the_victims():
    g = run("Kyiv says the Russian soldiers murdered the prisoners in Olenivka.")
    assert ("ukraine", "russia") in pairs(g, RelType.ACCUSES)
    g = run("\u201cMoscow is looking for arguments to justify the mass murder of Ukrainians,\u201d Podolyak said.")
    assert not any(s.type == RelType.ACCUSES and s.target.startswith("ukrain") for s in g.statements)


def test_blaming_a_shortage_on_sanctions_blames_who_imposes_them():
    g = run("A Kremlin spokesman blamed the shortages on European sanctions.")
    assert any(s.type == RelType.ACCUSES and s.source_text and "Kremlin" in s.source_text
               and s.target_text == "European" for s in g.statements)


def test_the_regiment_is_the_regiment_named_before():
    g = run("Ukraine said the prisoners came from the Azov Regiment.\n\nOn Tuesday, the regiment said Russia "
            "commits war crimes every day.")
    said = [s for s in g.statements if s.type == RelType.CITES and s.sentence.startswith("On Tuesday")]
    assert said and said[0].target == "azov"


def test_moscow_backed_separatists_are_the_dictionary_separatists():
    g = run("Moscow-backed separatists said on Friday they had surrounded the town.")
    assert "pro_russian_separatists" in cited(g)


def test_a_label_denied_is_no_accuser():
    g = run("The volunteer battalion says it denies being extremist or racist.")
    assert {t for _s, t in _denials(g)} <= {"unspecified"}


def test_concern_about_a_place_with_the_conduct_said_next():
    g = run("The Dutch defence ministry has raised concerns about the safety of the dam, saying Russia has used "
            "artillery units based nearby to target Ukrainian towns.")
    assert ("netherlands", "russia") in pairs(g, RelType.ACCUSES)
    g = run("The Dutch foreign ministry has raised concerns about the safety of the dam, saying repairs were slow.")
    assert not pairs(g, RelType.ACCUSES)


def test_must_be_punished_for_a_misdeed_is_blame():
    g = run("The French president has insisted that Assad must be punished for gassing his own people.")
    assert ("france", "syria") in pairs(g, RelType.ACCUSES)
    g = run("The French president said the officers would be punished for being late.")
    assert not pairs(g, RelType.ACCUSES)
