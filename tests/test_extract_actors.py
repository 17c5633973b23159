"""Actors: the dictionary (validation, user files, rollup), entity actors, titles, short names, alignment phrases
and context-dependent aliases; and every data file of the extractor loads."""
from __future__ import annotations

import json

import pytest
from _extract_support import run

from graph.model import RelType
from loaders.actors import ActorFileError, load_dictionary
from loaders.extract.lexicon import load_lexicon
from loaders.extract.mentions import load_context_aliases


def test_every_data_file_loads():
    d = load_dictionary()
    assert len(d.actors) > 300 and len(d.places) > 300
    assert d.rollup("syrian_government_forces") == "syria"
    lex = load_lexicon()
    assert "strike" in lex.data and lex.forms("strike", "verbs")
    assert "the regime" in load_context_aliases()


def test_user_file_is_merged_and_overrides(tmp_path):
    f = tmp_path / "mine.jsonl"
    f.write_text(json.dumps({"id": "wagner_group", "name": "Wagner Group", "kind": "armed_group",
                             "parent": "russia", "aliases": ["Wagner", "Wagner mercenaries"]}) + "\n")
    d = load_dictionary(f)
    assert d.rollup("wagner_group") == "russia"


@pytest.mark.parametrize("line, why", [
    ("{not json", "not valid JSON"),
    ('{"id": "x", "name": "X", "kind": "planet"}', "unknown kind"),
    ('{"name": "X", "kind": "state"}', "'id'"),
])
def test_bad_line_names_file_and_line(tmp_path, line, why):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"id": "ok", "name": "Ok", "kind": "state"}\n' + line + "\n")
    with pytest.raises(ActorFileError) as exc:
        load_dictionary(f, builtin=False)
    assert f"{f}:2" in str(exc.value) and why in str(exc.value)


def test_dangling_parent_is_reported(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"id": "a", "name": "A", "kind": "person", "parent": "nobody"}\n')
    with pytest.raises(ActorFileError, match="nobody"):
        load_dictionary(f, builtin=False)


def test_extractor_uses_user_dictionary(tmp_path):
    from loaders.document import Document
    from loaders.extract import Extractor
    from _extract_support import extractor

    base = extractor()
    f = tmp_path / "mine.jsonl"
    f.write_text(json.dumps({"id": "zeta_brigade", "name": "Zeta Brigade", "kind": "armed_group",
                             "parent": "syria", "aliases": ["Zeta Brigade"]}) + "\n")
    ex = Extractor(nlp=base.nlp, actors_file=f)
    g = ex.extract(Document.from_text("The Zeta Brigade shelled Aleppo on Monday.", id="u"))
    assert any(a.id == "zeta_brigade" and a.rollup == "syria" for a in g.actors)


def test_unknown_person_with_title_gets_parent_and_short_name():
    g = run("Russian Defence Ministry spokesman Oleg Petrenkov said on Monday that the strikes hit militants. "
            "Petrenkov added that Russian jets flew 40 sorties.")
    person = next(a for a in g.actors if a.kind == "person" and "Petrenkov" in a.name)
    assert not person.known and person.parent and person.rollup == "russia"
    cites = [s for s in g.statements if s.type == RelType.CITES and s.target == person.id]
    assert len(cites) == 2  # the short name is the same person


def test_every_actor_comes_with_its_ancestors_and_rollup():
    g = run("Russian Foreign Ministry spokeswoman Maria Zakharova said the US-led coalition is destroying Raqqa.")
    ids = {a.id for a in g.actors}
    for a in g.actors:
        assert a.rollup and a.rollup_name
        if a.parent:
            assert a.parent in ids


def test_alignment_phrases():
    g = run("Pro-government militia and US-backed rebels clashed. The US-led coalition said it struck pro-Assad "
            "forces near Tanf.")
    ids = {a.id for a in g.actors}
    assert {"syrian_government_forces", "us_led_coalition"} <= ids


def test_context_alias_needs_its_conflict():
    g = run("Critics say the regime in Pyongyang fired missiles at Japan.")
    assert "syrian_government_forces" not in {a.id for a in g.actors}
    g = run("In Syria, the regime shelled Douma.")
    assert "syrian_government_forces" in {a.id for a in g.actors}


def test_demonym_before_regime_names_that_state():
    g = run("The Iranian regime launched missiles at Erbil, Kurdish officials said.")
    assert any(s.source == "iran" for s in g.statements if s.type == RelType.STRIKES)
