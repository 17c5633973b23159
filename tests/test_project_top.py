"""Bounded page projections against a real embedded store: the top-N cut, the folded edges, and agreement with the
full projection when nothing is cut."""
from __future__ import annotations

import json
import re

import pytest

from graph import project
from graph.errors import InputError
from graph.model import ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement
from graph.project import MAX_SENTENCES
from graph.project_top import top_actor_network, top_projection
from graph.viz import write_page
from graph.writer import write_graphs

A, D, C = RelType.ACCUSES, RelType.DENIES, RelType.CITES
ACTORS = {
    "a": ActorRecord(id="a", name="Alpha Republic", kind="state", rollup="a", rollup_name="Alpha Republic"),
    "h": ActorRecord(id="h", name="State H", kind="state", rollup="h", rollup_name="State H"),
    "h_mod": ActorRecord(id="h_mod", name="H Defence Ministry", kind="military", parent="h", rollup="h",
                         rollup_name="State H"),
    "b": ActorRecord(id="b", name="Beta League", kind="coalition", rollup="b", rollup_name="Beta League"),
    "c": ActorRecord(id="c", name="Gamma Watch", kind="ngo", rollup="c", rollup_name="Gamma Watch"),
    "d": ActorRecord(id="d", name="Delta Front", kind="armed_group", rollup="d", rollup_name="Delta Front"),
    "e": ActorRecord(id="e", name="Epsilon Army", kind="military", rollup="e", rollup_name="Epsilon Army"),
    # its rollup names no stored actor: it stands for itself at state level
    "x": ActorRecord(id="x", name="X Group", kind="group", rollup="ghost"),
}
#: (article, type, source, target, sentence, flags)
STATEMENTS = [
    ("art1", A, "a", "h", "Alpha blamed H for the blast.", {"hedged": True}),
    ("art2", A, "a", "h", "Alpha blamed H for the blast.", {}),
    ("art2", A, "a", "h", "Alpha said H shelled the port.", {}),
    ("art3", A, "a", "h", "Alpha accused H of a cover-up.", {}),
    ("art1", A, "h", "a", "H accused Alpha of staging it.", {}),
    ("art1", A, "b", "h", "The League faulted H.", {}),
    ("art3", A, "b", "h", "The League blamed H again.", {}),
    ("art2", A, "c", "a", "Gamma Watch blamed Alpha.", {}),
    ("art3", A, "d", "e", "Delta accused Epsilon of the raid.", {}),
    ("art1", A, "h_mod", "a", "The ministry accused Alpha of provocation.", {}),
    ("art2", A, "h_mod", "a", "The ministry blamed Alpha forces.", {}),
    ("art3", A, "h_mod", "h", "The ministry criticised its own government.", {}),
    ("art3", A, "x", "a", "X Group blamed Alpha.", {}),
    ("art3", A, "e", "d", "Epsilon did not accuse Delta.", {"negated": True}),
    ("art1", A, "a", "b", "Alpha might blame the League.", {"hypothetical": True}),
    ("art2", D, "h", "a", "H denied the claims by Alpha.", {}),
    ("art1", C, None, "h", "State H officials said the port was hit.", {}),
    ("art1", C, None, "h", "H officials added it was an accident.", {}),
    ("art1", C, None, "a", "Alpha officials said so.", {}),
    ("art2", C, None, "h_mod", "The ministry said the raid was over.", {}),
    ("art3", C, None, "c", "Gamma Watch said dozens died.", {}),
    ("art4", C, None, "d", "Delta said it withdrew.", {}),
]
ARTICLES = {  # id -> (publication, date, title)
    "art1": ("bbc", "2017-01-05", "Blast at the port"),
    "art2": ("rt", "2017-03-01", "Claims and counter-claims"),
    "art3": ("bbc", "2018-06-30", "A year of blame"),
    "art4": (None, "2018-07-01", "Withdrawal"),
}


@pytest.fixture
def stored(store):
    graphs = []
    for aid, (pub, date, title) in ARTICLES.items():
        sts = [Statement(id=f"{aid}-{i}", type=t, source=s, target=o, sentence=text, start=0, end=len(text),
                         trigger="x", **flags)
               for i, (art, t, s, o, text, flags) in enumerate(STATEMENTS) if art == aid]
        used = {s.source for s in sts if s.source} | {s.target for s in sts} | {"h"}
        graphs.append(ArticleGraph(
            article=ArticleRecord(id=aid, title=title, text_hash="h" + aid, date=date, publication=pub),
            publication=PublicationRecord(id=pub, name=pub.upper()) if pub else None,
            actors=[ACTORS[a] for a in sorted(used)],
            statements=sts,
        ))
    write_graphs(store, graphs)
    return store


def test_top_n_cut_and_folded_edges(stored):
    g = top_projection(stored, "accusations", top=3)
    # weights (made + received, negated and hypothetical left out): a 9, h 8, h_mod 3, b 2, c d e x 1
    assert list(g) == ["a", "h", "h_mod"] and g.graph["total_nodes"] == 8
    assert {n: (g.nodes[n]["made"], g.nodes[n]["received"]) for n in g} == {"a": (4, 5), "h": (1, 7),
                                                                             "h_mod": (3, 0)}
    assert dict(((u, v), w) for u, v, w in g.edges(data="weight")) == {
        ("a", "h"): 4, ("h", "a"): 1, ("h_mod", "a"): 2, ("h_mod", "h"): 1}
    e = g.edges["a", "h"]
    assert sorted(e["sentences"]) == ["Alpha accused H of a cover-up.", "Alpha blamed H for the blast.",
                                      "Alpha said H shelled the port."]  # the repeated sentence shown once
    assert sorted(e["titles"]) == ["A year of blame", "Blast at the port", "Claims and counter-claims"]
    assert e["dates"] == ["2017-01-05", "2018-06-30"] and e["hedged"] == 1 and e["types"] == {"ACCUSES": 4}
    assert g.nodes["h_mod"] == {"name": "H Defence Ministry", "kind": "military", "members": [], "made": 3,
                                "received": 0}
    # ties by id: c, d, e and x all weigh 1
    assert list(top_projection(stored, "accusations", top=5)) == ["a", "h", "h_mod", "b", "c"]


def test_state_level_rolls_up_and_keeps_orphans(stored):
    g = top_projection(stored, "accusations", level="state", top=2)
    # h = h + h_mod: made 1 + 2, received 4 + 2 (the ministry's jab at its own side is no edge); a ties, id first
    assert list(g) == ["a", "h"] and g.graph["total_nodes"] == 7
    assert g.edges["h", "a"]["weight"] == 3 and g.edges["a", "h"]["weight"] == 4 and not g.has_edge("h", "h")
    assert sorted(g.edges["h", "a"]["sentences"]) == [
        "H accused Alpha of staging it.", "The ministry accused Alpha of provocation.",
        "The ministry blamed Alpha forces."]
    assert g.nodes["h"]["name"] == "State H" and sorted(g.nodes["h"]["members"]) == ["H Defence Ministry", "State H"]
    every = top_projection(stored, "accusations", level="state", top=0)
    assert "x" in every and every.nodes["x"]["name"] == "X Group" and every.edges["x", "a"]["weight"] == 1


def test_citations_cut(stored):
    g = top_projection(stored, "citations", top=2)
    assert list(g) == ["publication:bbc", "h"] and g.graph["total_nodes"] == 8
    assert g.nodes["publication:bbc"]["kind"] == "publication" and g.nodes["publication:bbc"]["name"] == "BBC"
    assert g.edges["publication:bbc", "h"]["weight"] == 2 and g.edges["publication:bbc", "h"]["types"] == {}
    s = top_projection(stored, "citations", level="state", top=3)  # h: its own 2 and its ministry's 1
    assert list(s) == ["publication:bbc", "h", "a"] and s.nodes["h"]["received"] == 3
    assert dict(((u, v), w) for u, v, w in s.edges(data="weight")) == {("publication:bbc", "h"): 2,
                                                                        ("publication:bbc", "a"): 1}
    assert "publication:unknown" in top_projection(stored, "citations", top=0)


def _same(bounded, full):
    """Nothing cut: the bounded projection says what the full one says (dates: first and last)."""
    assert set(bounded) == set(full) and set(bounded.edges) == set(full.edges)
    for n in full:
        b, f = bounded.nodes[n], full.nodes[n]
        assert (b["name"], b["kind"], sorted(b["members"])) == (f["name"], f["kind"], sorted(f["members"])), n
        assert b["made"] == full.out_degree(n, weight="weight") and b["received"] == full.in_degree(n, weight="weight")
    for u, v, f in full.edges(data=True):
        b = bounded.edges[u, v]
        assert (b["weight"], b["hedged"], b["types"]) == (f["weight"], f["hedged"], f["types"]), (u, v)
        assert sorted(b["titles"]) == sorted(f["titles"])
        if len(f["sentences"]) < MAX_SENTENCES:
            assert sorted(b["sentences"]) == sorted(f["sentences"]), (u, v)
        else:  # more sentences than are kept: each projection keeps its first ones
            assert len(set(b["sentences"])) == MAX_SENTENCES
        assert b["dates"] == list(dict.fromkeys([f["dates"][0], f["dates"][-1]]))


@pytest.mark.parametrize("level", ["entity", "state"])
@pytest.mark.parametrize("network", ["accusations", "denials", "statements", "citations"])
def test_uncut_matches_full_projection(stored, network, level):
    full = project.project(stored, network, level) if network != "statements" else \
        project.statement_network(stored, network, level)
    bounded = top_projection(stored, network, level=level, top=0)
    _same(bounded, full)
    assert bounded.graph["total_nodes"] == full.number_of_nodes()


def test_actor_page_is_the_centre_and_its_closest_neighbours(stored):
    g = top_actor_network(stored, "ALPHA REPUBLIC", top=3)
    # a exchanged 4 + 2 (+ 1 denial) statements with h, 2 with h_mod, 1 each with c and x
    assert g.graph["centre"] == "a" and list(g) == ["a", "h", "h_mod"] and g.graph["total_nodes"] == 5
    assert g.edges["h", "a"]["types"] == {"ACCUSES": 1, "DENIES": 1} and g.edges["h_mod", "h"]["weight"] == 1
    s = top_actor_network(stored, "state h", level="state", top=0)
    full = project.actor_network(stored, "state h", level="state")
    assert s.graph["centre"] == "h" and set(s) == set(full) == {"h", "a", "b"} and s.graph["total_nodes"] == 3
    assert set(s.edges) == set(full.edges) and s.edges["h", "a"]["types"] == {"ACCUSES": 3, "DENIES": 1}
    with pytest.raises(InputError, match="Did you mean: State H"):
        top_actor_network(stored, "Stat H")
    with pytest.raises(InputError, match="No actor named 'ghost'"):
        top_actor_network(stored, "ghost")


def test_empty_store(store):
    g = top_projection(store, "accusations")
    assert g.number_of_nodes() == 0 and g.graph["total_nodes"] == 0
    with pytest.raises(InputError, match="Unknown graph"):
        top_projection(store, "friends")
    with pytest.raises(InputError, match="level"):
        top_projection(store, "accusations", level="country")


def test_page_shows_exactly_the_top_nodes(stored, tmp_path):
    page = write_page(stored, "accusations", tmp_path / "acc.html", top=3).read_text(encoding="utf-8")
    assert "showing 3 of 8 actors (the 3 with the most statements)" in page
    nodes = json.loads(re.search(r"var nodes = (\[.*?\]);\n", page).group(1))
    edges = json.loads(re.search(r"var edges = (\[.*?\]);\n", page).group(1))
    assert {n["id"] for n in nodes} == {"a", "h", "h_mod"}
    assert {(e["from"], e["to"]) for e in edges} == {("a", "h"), ("h", "a"), ("h_mod", "a"), ("h_mod", "h")}
    hub = next(n["title"] for n in nodes if n["id"] == "a")
    assert "statements made: 4 \u00b7 received: 5" in hub  # network-wide totals, not the page's
    tip = next(e["title"] for e in edges if (e["from"], e["to"]) == ("a", "h"))
    assert "4 statements" in tip and "Alpha accused H of a cover-up." in tip and "2017-01-05" in tip
    actor = write_page(stored, "actor", tmp_path / "a.html", actor="h", top=2).read_text(encoding="utf-8")
    assert "Around State H" in actor and "showing 2 of 4 actors (those with the most statements to or from State H)" \
        in actor
