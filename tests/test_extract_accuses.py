"""ACCUSES: blame verbs, condemnations of another party's attacks, reported speech with blame language, demands
to stop, voiced concern, holding responsible — and what must NOT become an accusation."""
from __future__ import annotations

from _extract_support import pairs, run

from graph.model import RelType

A = RelType.ACCUSES


def test_accuse_verb_with_direct_object():
    g = run("Ukraine accused Russia of shelling the city of Kharkiv.")
    assert ("ukraine", "russia") in pairs(g, A)


def test_condemning_an_attack_blames_its_agent():
    g = run("The European Union condemned the Houthi missile attack on Riyadh.")
    assert ("european_union", "houthis") in pairs(g, A)


def test_blame_for():
    g = run("Nato chief Jens Stoltenberg blamed Moscow for the attack.")
    assert ("nato", "russia") in pairs(g, A)


def test_reported_speech_with_wrongdoing():
    g = run("Amnesty International said the Myanmar military committed war crimes against the Rohingya.")
    assert ("amnesty", "myanmar") in pairs(g, A)


def test_demand_to_stop():
    g = run("Turkey urged Russia to stop bombing Syrian rebels.")
    assert ("turkey", "russia") in pairs(g, A)


def test_concern_about_another_party_s_attacks():
    g = run("The State Department expressed concern about Russian air strikes in Syria.")
    assert ("united_states", "russia") in pairs(g, A)


def test_hold_responsible():
    g = run("Iraq's prime minister held Islamic State responsible for the bombing.")
    assert any(t == "isis" for _s, t in pairs(g, A))


def test_quoted_blame_counts_for_the_speaker():
    g = run('"The Americans have committed a crime," said Iranian Foreign Minister Mohammad Javad Zarif.')
    assert ("iran", "united_states") in pairs(g, A)


def test_factual_attack_report_is_not_an_accusation():
    g = run("Turkish warplanes bombed Kurdish militia positions in northern Iraq on Sunday.")
    assert not pairs(g, A)


def test_negated_blame_word_is_not_an_accusation():
    g = run("Moscow said it was not illegal for Damascus to defend itself.")
    assert not pairs(g, A)


def test_never_self_directed():
    g = run("Russia said Russian forces committed no crimes.")
    assert ("russia", "russia") not in pairs(g, A)


def test_each_other():
    g = run("Azerbaijan and Armenia accuse each other of shelling border villages.")
    assert {("azerbaijan", "armenia"), ("armenia", "azerbaijan")} <= pairs(g, A)


def test_passive_accusation_keeps_the_accused_as_perpetrator():
    g = run("Ethiopian troops were accused by Amnesty International of massacring hundreds of civilians in Axum.")
    assert ("amnesty", "ethiopia") in pairs(g, A)
    assert ("ethiopia", "civilians") in pairs(g, RelType.STRIKES)
    assert not any(s == "amnesty" for s, _t in pairs(g, RelType.STRIKES))


def test_the_attack_refers_back_to_the_last_attacker():
    g = run("The Taliban claimed responsibility for a suicide bombing in Kabul that killed 12 people. "
            "The Afghan government condemned the attack as a crime against humanity.")
    assert ("afghanistan", "taliban") in pairs(g, A)


def test_concerned_by_another_party_s_attack():
    g = run("The European Union said it was deeply concerned by the Russian shelling of Kharkiv.")
    assert ("european_union", "russia") in pairs(g, A)


def test_blamed_on():
    g = run("Israel blamed the rocket attack on Hezbollah. The bombing, blamed on the Islamic State, killed 30 "
            "worshippers in a mosque in Kabul.")
    assert ("israel", "hezbollah") in pairs(g, A)
    assert ("isis", "civilians") in pairs(g, RelType.STRIKES)
