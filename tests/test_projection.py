"""Projections against a real embedded store: a small hand-built graph written through the writer."""
from __future__ import annotations

import pytest

from graph import project
from graph.errors import InputError
from graph.model import ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement
from graph.writer import write_graphs

ACTORS = {
    "russia": ActorRecord(id="russia", name="Russia", kind="state", rollup="russia", rollup_name="Russia"),
    "ru_mfa": ActorRecord(id="ru_mfa", name="Russian Foreign Ministry", kind="government_body", parent="russia",
                          rollup="russia", rollup_name="Russia"),
    "us": ActorRecord(id="us", name="United States", kind="state", rollup="us", rollup_name="United States"),
    "pentagon": ActorRecord(id="pentagon", name="Pentagon", kind="military", parent="us", rollup="us",
                            rollup_name="United States"),
    "syria": ActorRecord(id="syria", name="Syria", kind="state", rollup="syria", rollup_name="Syria"),
    "sohr": ActorRecord(id="sohr", name="Syrian Observatory for Human Rights", kind="ngo", rollup="sohr",
                        rollup_name="Syrian Observatory for Human Rights"),
}


def _st(i, typ, src, tgt, sentence, **kw):
    return Statement(id=i, type=typ, source=src, target=tgt, sentence=sentence, start=0, end=len(sentence),
                     trigger="x", **kw)


def _article(aid, pub, date, title, statements):
    used = {s.source for s in statements if s.source} | {s.target for s in statements}
    parents = {ACTORS[a].parent for a in used if ACTORS[a].parent}
    return ArticleGraph(
        article=ArticleRecord(id=aid, title=title, text_hash="h" + aid, date=date, publication=pub),
        publication=PublicationRecord(id=pub, name=pub.upper()),
        actors=[ACTORS[a] for a in sorted(used | parents)],
        statements=statements,
    )


@pytest.fixture
def sample(store):
    A, D, S, C = RelType.ACCUSES, RelType.DENIES, RelType.STRIKES, RelType.CITES
    write_graphs(store, [
        _article("a1", "bbc", "2017-04-07", "US strikes Syrian airbase", [
            _st("a1-1", A, "ru_mfa", "us", "The ministry accused Washington of aggression."),
            _st("a1-2", A, "russia", "us", "Moscow blamed the US for the escalation."),
            _st("a1-3", S, "pentagon", "syria", "US warships fired missiles at the base."),
            _st("a1-4", C, None, "sohr", "The monitor said nine people died."),
            _st("a1-5", C, None, "pentagon", "The Pentagon said the strike was proportionate."),
        ]),
        _article("a2", "rt", "2017-05-02", "Moscow rejects claims", [
            _st("a2-1", A, "us", "russia", "Washington accused Moscow of covering up the attack."),
            _st("a2-2", D, "russia", "us", "Moscow rejected the accusation."),
            _st("a2-3", A, "syria", "us", "Damascus did not accuse anyone.", negated=True),
            _st("a2-4", A, "syria", "russia", "Damascus might blame Moscow later.", hypothetical=True),
            _st("a2-5", A, "ru_mfa", "russia", "The ministry criticised the Kremlin's own line."),
            _st("a2-6", C, None, "ru_mfa", "The ministry said so."),
            _st("a2-7", C, None, "ru_mfa", "The ministry added more."),
        ]),
    ])
    return store


def test_accusations_entity_level(sample):
    g = project.accusation_network(sample)
    assert set(g.edges) == {("ru_mfa", "us"), ("russia", "us"), ("us", "russia"), ("ru_mfa", "russia")}
    assert all(d["weight"] == 1 for *_, d in g.edges(data=True))
    assert "syria" not in g  # only negated / hypothetical statements: left out
    e = g.edges["ru_mfa", "us"]
    assert e["sentences"] == ["The ministry accused Washington of aggression."]
    assert e["titles"] == ["US strikes Syrian airbase"]
    assert e["dates"] == ["2017-04-07"] and e["types"] == {"ACCUSES": 1}
    assert g.nodes["ru_mfa"]["kind"] == "government_body" and g.nodes["us"]["name"] == "United States"


def test_accusations_state_level_rolls_up(sample):
    g = project.accusation_network(sample, level="state")
    assert set(g.edges) == {("russia", "us"), ("us", "russia")}  # ministry -> Kremlin became a self-loop: gone
    assert g.edges["russia", "us"]["weight"] == 2
    assert sorted(g.edges["russia", "us"]["sentences"]) == [
        "Moscow blamed the US for the escalation.", "The ministry accused Washington of aggression."]
    assert g.nodes["russia"]["name"] == "Russia" and g.nodes["russia"]["kind"] == "state"
    assert sorted(g.nodes["russia"]["members"]) == ["Russia", "Russian Foreign Ministry"]


def test_denials_and_strikes(sample):
    d = project.denial_network(sample)
    assert list(d.edges(data="weight")) == [("russia", "us", 1)]
    s = project.strike_network(sample, level="state")
    assert list(s.edges(data="weight")) == [("us", "syria", 1)]
    assert list(project.strike_network(sample).edges) == [("pentagon", "syria")]


def test_citations(sample):
    c = project.citation_network(sample)
    assert dict(((u, v), w) for u, v, w in c.edges(data="weight")) == {
        ("publication:bbc", "sohr"): 1, ("publication:bbc", "pentagon"): 1, ("publication:rt", "ru_mfa"): 2}
    assert c.nodes["publication:rt"] == {"name": "RT", "kind": "publication", "members": []}
    s = project.citation_network(sample, level="state")
    assert s.edges["publication:rt", "russia"]["weight"] == 2
    assert s.edges["publication:bbc", "us"]["weight"] == 1


def test_full_graph_and_actor(sample):
    full = project.full_graph(sample)
    assert full.nodes["Publication:bbc"]["type"] == "Publication" and full.nodes["Publication:bbc"]["label"] == "BBC"
    first = full.edges["Actor:ru_mfa", "Actor:us", "a1-1"]
    assert first["type"] == "ACCUSES" and first["sentence"] == "The ministry accused Washington of aggression."
    types = {d["type"] for *_, d in full.edges(data=True)}
    assert {"ACCUSES", "DENIES", "STRIKES", "CITES", "PUBLISHED", "PART_OF"} <= types
    ego = project.actor_network(sample, "united states", level="state")
    assert set(ego) == {"us", "russia", "syria"}
    assert ego.edges["russia", "us"]["types"] == {"ACCUSES": 2, "DENIES": 1}
    with pytest.raises(InputError, match="Did you mean"):
        project.actor_network(sample, "Rusia")


def test_bad_names(sample):
    with pytest.raises(InputError, match="Unknown graph"):
        project.project(sample, "nope")
    with pytest.raises(InputError, match="level"):
        project.project(sample, "accusations", level="country")


def test_empty_store(store):
    assert project.accusation_network(store).number_of_nodes() == 0
    assert project.citation_network(store).number_of_edges() == 0
