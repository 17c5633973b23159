"""CITES and voice: verbs of saying, "according to", quotes attributed after several sentences, "X said:" blocks,
credit lines, pronouns that resolve to the last speaker, and the own voice of official statements."""
from __future__ import annotations

import pytest
from _extract_support import cited, pairs, run

from graph.model import RelType


def test_said_and_according_to():
    g = run("Israeli strikes on Gaza killed 12 people, according to the health ministry. The army said it hit "
            "Hamas targets.")
    assert any(t.endswith("health_ministry") or "health" in t for t in cited(g))
    assert any(t.startswith("israel") for t in cited(g))


def test_multi_sentence_quote_is_attributed_to_its_speaker():
    g = run('"The strikes were a violation of international law. Washington has committed an act of aggression," '
            'Russian Foreign Ministry spokeswoman Maria Zakharova said.')
    assert "maria_zakharova" in cited(g)
    assert ("russia", "united_states") in pairs(g, RelType.ACCUSES)
    quote = next(s for s in g.statements if s.type == RelType.ACCUSES)
    assert quote.quote and quote.quote.startswith('"The strikes')
    assert quote.speaker == "maria_zakharova"


def test_pronoun_resolves_to_the_last_speaker():
    g = run("Sergei Lavrov spoke to Antony Blinken on Tuesday. He said the sanctions were illegal.")
    cites = [s for s in g.statements if s.type == RelType.CITES and s.trigger == "said"]
    assert cites and cites[0].target == "sergey_lavrov"


def test_colon_block_speaks_for_the_minister():
    g = run("The Foreign Secretary Boris Johnson said:\n\nI condemn the barbaric attack by Daesh on worshippers "
            "in Kabul.")
    assert ("united_kingdom", "isis") in pairs(g, RelType.ACCUSES)


def test_official_statement_own_voice():
    g = run("The United States strongly condemns the attack in Kabul.\n\nWe condemn the Taliban's attacks on "
            "civilians and call on the group to stop. The United States stands with Afghanistan.")
    assert "united_states" in cited(g)
    assert ("united_states", "taliban") in pairs(g, RelType.ACCUSES)


def test_credit_line():
    g = run("Syrian rebels shelled a school in Damascus.\n\nAdditional reporting by Reuters")
    assert "reuters" in cited(g)


def test_dateline_is_not_a_source():
    g = run("Moscow: Russia has warned Washington that bombing Syrian army units is not acceptable.")
    assert all(s.trigger != "Moscow" for s in g.statements)


def test_title_refers_back_to_the_named_person():
    g = run("Foreign Secretary Jeremy Hunt visited Kyiv on Monday.\n\nThe Foreign Secretary said:\n\n"
            "I condemn Russia's barbaric missile strikes on Ukrainian cities.")
    hunt = next(a.id for a in g.actors if "Hunt" in a.name)
    assert hunt in cited(g)
    assert any(s.source == hunt and s.type == RelType.ACCUSES for s in g.statements)


def test_generic_head_takes_its_named_modifier():
    g = run("Al-Shabaab militants attacked a hotel in Mogadishu, Houthi officials said.")
    assert any(s.source == "al_shabaab" for s in g.statements if s.type == RelType.STRIKES)
    assert "houthis" in cited(g) and "officials" not in cited(g)


def test_reporter_bylines_are_not_sources():
    g = run("Rebels shelled the town of Azaz.\n\nAdditional reporting by Pavel Polityuk; Editing by Mark Heinrich")
    assert not any(a.kind == "person" for a in g.actors if a.id in cited(g))


@pytest.mark.parametrize("credit", ["--Reuters", "\u2014 AFP", "The Associated Press contributed to this report."])
def test_wire_credit_lines(credit):
    g = run(f"Russian jets bombed Idlib on Monday, activists said.\n\n{credit}")
    assert {"reuters", "afp", "associated_press"} & cited(g)
