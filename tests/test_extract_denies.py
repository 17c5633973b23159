"""DENIES threaded to the accuser, unnamed accusers as `unspecified`, and the denied report's own accusation."""
from __future__ import annotations

from _extract_support import pairs, run

from graph.model import RelType

D = RelType.DENIES


def test_denial_targets_the_named_accuser_and_threads_to_its_claim():
    g = run("The Saudi-led coalition has denied reports by Human Rights Watch that its jets hit a school bus.")
    assert ("saudi_led_coalition", "hrw") in pairs(g, D)
    assert ("hrw", "saudi_led_coalition") in pairs(g, RelType.ACCUSES)
    denial = next(s for s in g.statements if s.type == D and s.target == "hrw")
    accusation = next(s for s in g.statements if s.type == RelType.ACCUSES and s.source == "hrw")
    assert denial.answers == accusation.id


def test_several_accusers():
    g = run("Moscow rejected accusations from Amnesty International and Human Rights Watch.")
    assert {("russia", "amnesty"), ("russia", "hrw")} <= pairs(g, D)


def test_unnamed_accusers_give_unspecified():
    g = run('"These allegations are absolutely baseless," the Kremlin spokesman Dmitry Peskov said.')
    assert ("russia", "unspecified") in pairs(g, D)


def test_rejecting_a_proposal_is_not_a_denial():
    g = run("Iran rejected the European proposal on Monday.")
    assert not pairs(g, D)


def test_the_claim_is_the_last_speaker_s():
    g = run("Armenia's defence ministry said Azerbaijani forces shelled the town of Martuni on Sunday. "
            "Baku rejected the claim.")
    assert ("azerbaijan", "armenia") in pairs(g, D)


def test_dismissing_a_named_party_s_account():
    g = run("The Kremlin dismissed Ukraine's account as a provocation.")
    assert ("russia", "ukraine") in pairs(g, D)


def test_refusing_access_is_not_a_denial():
    g = run("Israel denied access to the aid convoy on Tuesday.")
    assert not pairs(g, D)


def test_a_challenge_to_deny_is_not_a_denial():
    asked = run("Michael Howard challenged Tony Blair to deny that he had misled parliament.")
    assert all(s.hypothetical for s in asked.statements if s.type == RelType.DENIES)
    dared = run("Critics dared Gordon Brown to deny the claims.")
    assert all(s.hypothetical for s in dared.statements if s.type == RelType.DENIES)
    said = run("Gordon Brown denied the claims.")
    assert any(s.type == RelType.DENIES and not s.hypothetical for s in said.statements)
