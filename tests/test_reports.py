"""Every canned report on a small graph built by hand, with the exact rows it must return (entity and state level).

The graph (three articles, two publications) is written through the real writer, so the reports read exactly the
schema ingest produces. Facts are loosely modelled on April 2017 in Syria; every sentence is written here.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.errors import NarrativeError, QueryError
from graph.falkor_store import FalkorStore
from graph.model import (
    ActorRecord,
    ArticleGraph,
    ArticleRecord,
    EventRecord,
    LocationRecord,
    PublicationRecord,
    RelType,
    Statement,
)
from graph.writer import write_graphs
from narrative.cli import app
from queries import ReportError, get_report, list_reports, parse_report, run_report

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

BBC = PublicationRecord(id="bbc", name="BBC", domain="bbc.co.uk")
RT = PublicationRecord(id="rt", name="RT", domain="rt.com")

def _actor(id, name, kind, parent=None, rollup=None, rollup_name=None, known=True):
    return ActorRecord(id=id, name=name, kind=kind, parent=parent, rollup=rollup or id,
                       rollup_name=rollup_name or name, known=known)

ACTORS = {a.id: a for a in [
    _actor("russia", "Russia", "state"),
    _actor("lavrov", "Sergei Lavrov", "person", "russia", "russia", "Russia"),
    _actor("russian_mod", "Russian Defence Ministry", "government_body", "russia", "russia", "Russia"),
    _actor("united_states", "United States", "state"),
    _actor("pentagon", "Pentagon", "military", "united_states", "united_states", "United States"),
    _actor("us_officials", "US officials", "group", "united_states", "united_states", "United States", known=False),
    _actor("syria", "Syria", "state"),
    _actor("syrian_army", "Syrian Army", "military", "syria", "syria", "Syria"),
    _actor("sana", "SANA", "media", "syria", "syria", "Syria"),
    _actor("amnesty", "Amnesty International", "ngo"),
    _actor("un", "United Nations", "international_org"),
    _actor("rebels", "Syrian rebels", "armed_group"),
    _actor("civilians", "Civilians", "group"),
]}
LOCS = [LocationRecord(id="syria_loc", name="Syria"),
        LocationRecord(id="khan_sheikhoun", name="Khan Sheikhoun", country="syria_loc"),
        LocationRecord(id="shayrat", name="Shayrat", country="syria_loc")]


def _st(aid, n, type, source, target, sentence, trigger, **kw):
    return Statement(id=f"{aid}-s{n}", type=type, source=source, target=target, sentence=sentence,
                     start=n * 100, end=n * 100 + len(sentence), trigger=trigger, **kw)


def article(aid, pub, date, source, title, statements, events=()):
    used = {s.target for s in statements} | {s.source for s in statements if s.source}
    ids = set(used)
    for i in list(used):
        if ACTORS[i].parent:
            ids.add(ACTORS[i].parent)
    return ArticleGraph(
        article=ArticleRecord(id=aid, title=title, source=source, date=date, text_hash="h-" + aid,
                              publication=pub.id, words=300),
        publication=pub, actors=[ACTORS[i] for i in sorted(ids)], mentions={i: 1 for i in sorted(used)},
        locations=LOCS, events=list(events), statements=statements)

A, D, S, C = RelType.ACCUSES, RelType.DENIES, RelType.STRIKES, RelType.CITES

def build_graph() -> list[ArticleGraph]:
    """Three articles: BBC (a1, a3) and RT (a2); one negated and one hypothetical accusation."""
    a1 = article("a1", BBC, "2017-04-05", "bbc-001.txt", "Chemical attack in Idlib", [
        _st("a1", 1, A, "united_states", "syria", "Washington blamed Damascus for the gas attack.", "blamed"),
        _st("a1", 2, A, "lavrov", "united_states", "Lavrov accused Washington of rushing to judgement.", "accused"),
        _st("a1", 3, D, "syria", "united_states", "Damascus rejected the American allegation.", "rejected",
            answers="a1-s1"),
        _st("a1", 4, S, "syrian_army", "civilians", "Witnesses said army jets dropped the gas.", "dropped",
            event="e1"),
        _st("a1", 5, C, None, "sana", "SANA said the army had no chemical weapons.", "said"),
        _st("a1", 6, C, None, "us_officials", "US officials said the jets took off from Shayrat.", "said"),
        _st("a1", 7, A, "amnesty", "syria", "Amnesty did not blame any party yet.", "blame", negated=True),
    ], [EventRecord(id="e1", kind="chemical attack", date="2017-04-04", location="khan_sheikhoun",
                    killed=80, injured=200)])
    a2 = article("a2", RT, "2017-04-07", "rt-001.txt", "Moscow condemns US strike", [
        _st("a2", 1, A, "russian_mod", "united_states", "The defence ministry condemned the American aggression.",
            "condemned"),
        _st("a2", 2, A, "syria", "united_states", "Damascus accused the United States of backing terrorists.",
            "accused"),
        _st("a2", 3, S, "united_states", "syrian_army", "US warships fired missiles at the Shayrat base.", "fired",
            event="e2"),
        _st("a2", 4, S, "rebels", "civilians", "The ministry said a rebel depot of chemicals was hit.", "hit",
            event="e1"),
        _st("a2", 5, C, None, "russian_mod", "The ministry said so in a statement.", "said"),
        _st("a2", 6, C, None, "lavrov", "Lavrov told reporters.", "told"),
    ], [EventRecord(id="e1", kind="chemical attack", date="2017-04-05", location="khan_sheikhoun", killed=70),
        EventRecord(id="e2", kind="air strike", date="2017-04-07", location="shayrat", killed=6, injured=3)])
    a3 = article("a3", BBC, "2017-05-10", "bbc-002.txt", "Pentagon and Moscow trade blame", [
        _st("a3", 1, A, "pentagon", "russia", "The Pentagon said Russia may have known of the attack.", "said",
            hedged=True, confidence=0.6),
        _st("a3", 2, A, "united_states", "syria", "Washington again blamed the Syrian government.", "blamed"),
        _st("a3", 3, A, "lavrov", "united_states", "Lavrov could accuse the US of provocation.", "accuse",
            hypothetical=True),
        _st("a3", 4, D, "russia", "pentagon", "Moscow dismissed the Pentagon claim as nonsense.", "dismissed",
            answers="a3-s1"),
        _st("a3", 5, S, "pentagon", "syrian_army", "Coalition aircraft struck the airbase again.", "struck",
            event="e3"),
        _st("a3", 6, C, None, "amnesty", "Amnesty said civilians were at risk.", "said"),
        _st("a3", 7, C, None, "un", "The UN said it was investigating.", "said"),
        _st("a3", 8, C, None, "pentagon", "The Pentagon said the strike was limited.", "said"),
    ], [EventRecord(id="e3", kind="air strike", date="2017-05-09", location="shayrat", killed=2)])
    return [a1, a2, a3]


@pytest.fixture
def g(store):
    """The hand-built graph on a fresh embedded store."""
    write_graphs(store, build_graph())
    return store


def rows(store, name: str, **params) -> list[list]:
    return run_report(store, name, params).rows


def columns(store, name: str, **params) -> list[str]:
    return run_report(store, name, params).columns


# -- one test per report (test_report_<name with underscores>) -----------------------------------------------
def test_report_accusations(g):
    assert columns(g, "accusations") == [
        "accuser", "accused", "statements", "articles", "publications", "first", "last", "example"]
    assert rows(g, "accusations") == [
        ["United States", "Syria", 2, 2, 1, "2017-04-05", "2017-05-10", "Washington blamed Damascus for the gas attack."],
        ["Pentagon", "Russia", 1, 1, 1, "2017-05-10", "2017-05-10",
         "The Pentagon said Russia may have known of the attack."],
        ["Russian Defence Ministry", "United States", 1, 1, 1, "2017-04-07", "2017-04-07",
         "The defence ministry condemned the American aggression."],
        ["Sergei Lavrov", "United States", 1, 1, 1, "2017-04-05", "2017-04-05",
         "Lavrov accused Washington of rushing to judgement."],
        ["Syria", "United States", 1, 1, 1, "2017-04-07", "2017-04-07",
         "Damascus accused the United States of backing terrorists."],
    ]
    state = rows(g, "accusations", level="state")
    # the example is the statement with the smallest id (a1-s2 of a1-s2 and a2-s1), the same on every engine
    assert state == [
        ["Russia", "United States", 2, 2, 2, "2017-04-05", "2017-04-07",
         "Lavrov accused Washington of rushing to judgement."],
        ["United States", "Syria", 2, 2, 1, "2017-04-05", "2017-05-10", "Washington blamed Damascus for the gas attack."],
        ["Syria", "United States", 1, 1, 1, "2017-04-07", "2017-04-07",
         "Damascus accused the United States of backing terrorists."],
        ["United States", "Russia", 1, 1, 1, "2017-05-10", "2017-05-10",
         "The Pentagon said Russia may have known of the attack."],
    ]
    # negated and hypothetical statements only on request; limit cuts after ordering
    with_negated = rows(g, "accusations", include_negated=True)
    assert ["Amnesty International", "Syria", 1, 1, 1, "2017-04-05", "2017-04-05",
            "Amnesty did not blame any party yet."] in with_negated
    assert [r[:4] for r in rows(g, "accusations", include_hypothetical="true")][:2] == [
        ["Sergei Lavrov", "United States", 2, 2], ["United States", "Syria", 2, 2]]
    assert [r[:2] for r in rows(g, "accusations", limit=1)] == [["United States", "Syria"]]


def test_report_mutual_accusations(g):
    assert columns(g, "mutual-accusations") == [
        "actor_a", "actor_b", "a_to_b", "b_to_a", "statements", "articles", "first", "last", "a_says", "b_says"]
    assert rows(g, "mutual-accusations") == [
        ["Syria", "United States", 1, 2, 3, 3, "2017-04-05", "2017-05-10",
         "Damascus accused the United States of backing terrorists.",
         "Washington blamed Damascus for the gas attack."],
    ]
    state = rows(g, "mutual-accusations", level="state")
    assert [r[:8] for r in state] == [
        ["Russia", "United States", 2, 1, 3, 3, "2017-04-05", "2017-05-10"],
        ["Syria", "United States", 1, 2, 3, 3, "2017-04-05", "2017-05-10"],
    ]
    assert state[0][9] == "The Pentagon said Russia may have known of the attack."


def test_report_denials(g):
    assert columns(g, "denials") == [
        "denier", "accuser", "denials", "threaded", "articles", "first", "last", "denial", "claim"]
    assert rows(g, "denials") == [
        ["Russia", "Pentagon", 1, 1, 1, "2017-05-10", "2017-05-10", "Moscow dismissed the Pentagon claim as nonsense.",
         "The Pentagon said Russia may have known of the attack."],
        ["Syria", "United States", 1, 1, 1, "2017-04-05", "2017-04-05", "Damascus rejected the American allegation.",
         "Washington blamed Damascus for the gas attack."],
    ]
    assert [r[:2] for r in rows(g, "denials", level="state")] == [
        ["Russia", "United States"], ["Syria", "United States"]]


def test_report_accused_and_denied(g):
    assert columns(g, "accused-and-denied") == [
        "accuser", "accused", "accusations", "denials", "threaded", "first_accused", "first_denied",
        "accusation_example", "denial_example"]
    assert rows(g, "accused-and-denied") == [
        ["United States", "Syria", 2, 1, 1, "2017-04-05", "2017-04-05",
         "Washington blamed Damascus for the gas attack.", "Damascus rejected the American allegation."],
        ["Pentagon", "Russia", 1, 1, 1, "2017-05-10", "2017-05-10",
         "The Pentagon said Russia may have known of the attack.", "Moscow dismissed the Pentagon claim as nonsense."],
    ]
    assert [r[:5] for r in rows(g, "accused-and-denied", level="state")] == [
        ["United States", "Syria", 2, 1, 1],
        ["United States", "Russia", 1, 1, 1],
    ]


def test_report_strikes(g):
    assert columns(g, "strikes") == [
        "perpetrator", "target", "statements", "articles", "events", "kinds", "places", "first", "last", "killed",
        "injured", "example"]
    assert rows(g, "strikes") == [
        ["Pentagon", "Syrian Army", 1, 1, 1, ["air strike"], ["Shayrat"], "2017-05-10", "2017-05-10", 2, 0,
         "Coalition aircraft struck the airbase again."],
        ["Syrian Army", "Civilians", 1, 1, 1, ["chemical attack"], ["Khan Sheikhoun"], "2017-04-05", "2017-04-05",
         80, 200, "Witnesses said army jets dropped the gas."],
        ["Syrian rebels", "Civilians", 1, 1, 1, ["chemical attack"], ["Khan Sheikhoun"], "2017-04-07",
         "2017-04-07", 80, 200, "The ministry said a rebel depot of chemicals was hit."],
        ["United States", "Syrian Army", 1, 1, 1, ["air strike"], ["Shayrat"], "2017-04-07", "2017-04-07", 6, 3,
         "US warships fired missiles at the Shayrat base."],
    ]
    # state level: the Pentagon's and the US strikes on the Syrian Army are two events of one pair
    assert [r[:11] for r in rows(g, "strikes", level="state")] == [
        ["United States", "Syria", 2, 2, 2, ["air strike"], ["Shayrat"], "2017-04-07", "2017-05-10", 8, 3],
        ["Syria", "Civilians", 1, 1, 1, ["chemical attack"], ["Khan Sheikhoun"], "2017-04-05", "2017-04-05", 80, 200],
        ["Syrian rebels", "Civilians", 1, 1, 1, ["chemical attack"], ["Khan Sheikhoun"], "2017-04-07", "2017-04-07",
         80, 200],
    ]


def test_report_contested_events(g):
    assert columns(g, "contested-events") == [
        "event", "date", "place", "versions", "perpetrator", "statements", "articles", "told_by", "example"]
    assert rows(g, "contested-events") == [
        ["chemical attack", "2017-04-04", "Khan Sheikhoun", 2, "Syrian Army", 1, 1, ["BBC"],
         "Witnesses said army jets dropped the gas."],
        ["chemical attack", "2017-04-04", "Khan Sheikhoun", 2, "Syrian rebels", 1, 1, ["RT"],
         "The ministry said a rebel depot of chemicals was hit."],
    ]
    assert [r[4] for r in rows(g, "contested-events", level="state")] == ["Syria", "Syrian rebels"]


def test_report_source_citations(g):
    assert columns(g, "source-citations") == ["publication", "source", "kind", "citations", "articles"]
    assert rows(g, "source-citations") == [
        ["BBC", "Amnesty International", "ngo", 1, 1],
        ["BBC", "Pentagon", "military", 1, 1],
        ["BBC", "SANA", "media", 1, 1],
        ["BBC", "US officials", "group", 1, 1],
        ["BBC", "United Nations", "international_org", 1, 1],
        ["RT", "Russian Defence Ministry", "government_body", 1, 1],
        ["RT", "Sergei Lavrov", "person", 1, 1],
    ]
    assert rows(g, "source-citations", level="state") == [
        ["BBC", "United States", "state", 2, 2],
        ["BBC", "Amnesty International", "ngo", 1, 1],
        ["BBC", "Syria", "state", 1, 1],
        ["BBC", "United Nations", "international_org", 1, 1],
        ["RT", "Russia", "state", 2, 1],
    ]
    # a publication by name (any case) or id
    assert rows(g, "source-citations", level="state", publication="rt") == [["RT", "Russia", "state", 2, 1]]
    assert rows(g, "source-citations", level="state", publication="Rt") == [["RT", "Russia", "state", 2, 1]]
    assert rows(g, "source-citations", publication="nobody") == []


def test_report_source_reliance(g):
    assert columns(g, "source-reliance") == ["publication", "source_kind", "citations", "total", "percent"]
    assert rows(g, "source-reliance") == [
        ["BBC", "NGO", 1, 5, 20.0],
        ["BBC", "UN and international", 1, 5, 20.0],
        ["BBC", "anonymous officials", 1, 5, 20.0],
        ["BBC", "military", 1, 5, 20.0],
        ["BBC", "state media", 1, 5, 20.0],
        ["RT", "government", 2, 2, 100.0],  # a ministry and a minister (a person of a state)
    ]
    assert rows(g, "source-reliance", publication="RT") == [["RT", "government", 2, 2, 100.0]]


def test_report_publication_narratives(g):
    assert columns(g, "publication-narratives") == [
        "publication", "accuser", "accused", "statements", "articles", "first", "last"]
    assert rows(g, "publication-narratives") == [
        ["BBC", "Pentagon", "Russia", 1, 1, "2017-05-10", "2017-05-10"],
        ["BBC", "Sergei Lavrov", "United States", 1, 1, "2017-04-05", "2017-04-05"],
        ["BBC", "United States", "Syria", 2, 2, "2017-04-05", "2017-05-10"],
        ["RT", "Russian Defence Ministry", "United States", 1, 1, "2017-04-07", "2017-04-07"],
        ["RT", "Syria", "United States", 1, 1, "2017-04-07", "2017-04-07"],
    ]
    assert rows(g, "publication-narratives", level="state", publication="BBC") == [
        ["BBC", "Russia", "United States", 1, 1, "2017-04-05", "2017-04-05"],
        ["BBC", "United States", "Syria", 2, 2, "2017-04-05", "2017-05-10"],
        ["BBC", "United States", "Russia", 1, 1, "2017-05-10", "2017-05-10"],
    ]


def test_report_actor_profile(g):
    assert columns(g, "actor-profile", actor="syria") == [
        "date", "article", "publication", "actor", "relation", "other", "sentence"]
    entity = [
        ["2017-04-05", "Chemical attack in Idlib", "BBC", "Syria", "accused by", "United States",
         "Washington blamed Damascus for the gas attack."],
        ["2017-04-05", "Chemical attack in Idlib", "BBC", "Syria", "denies", "United States",
         "Damascus rejected the American allegation."],
        ["2017-04-07", "Moscow condemns US strike", "RT", "Syria", "accuses", "United States",
         "Damascus accused the United States of backing terrorists."],
        ["2017-05-10", "Pentagon and Moscow trade blame", "BBC", "Syria", "accused by", "United States",
         "Washington again blamed the Syrian government."],
    ]
    assert rows(g, "actor-profile", actor="syria") == entity
    assert rows(g, "actor-profile", actor="SYRIA") == entity  # names match case-insensitively
    assert [r[3:6] for r in rows(g, "actor-profile", actor="Syria", level="state")] == [
        ["Syria", "accused by", "United States"],
        ["Syria", "denies", "United States"],
        ["Syrian Army", "strikes", "Civilians"],
        ["SANA", "cited by", "(the article)"],
        ["Syria", "accuses", "United States"],
        ["Syrian Army", "struck by", "United States"],
        ["Syria", "accused by", "United States"],
        ["Syrian Army", "struck by", "Pentagon"],
    ]
    assert rows(g, "actor-profile", actor="nobody") == []


def test_report_timeline(g):
    assert columns(g, "timeline") == ["month", "type", "statements", "articles"]
    assert rows(g, "timeline") == [
        ["2017-04", "ACCUSES", 4, 2], ["2017-04", "CITES", 4, 2], ["2017-04", "DENIES", 1, 1],
        ["2017-04", "STRIKES", 3, 2], ["2017-05", "ACCUSES", 2, 1], ["2017-05", "CITES", 3, 1],
        ["2017-05", "DENIES", 1, 1], ["2017-05", "STRIKES", 1, 1],
    ]
    # bounds are inclusive ISO prefixes
    assert [r[0] for r in rows(g, "timeline", to="2017-04")] == ["2017-04"] * 4
    assert [r[0] for r in rows(g, "timeline", **{"from": "2017-05"})] == ["2017-05"] * 4
    assert rows(g, "timeline", to="2017-04-06") == [
        ["2017-04", "ACCUSES", 2, 1], ["2017-04", "CITES", 2, 1], ["2017-04", "DENIES", 1, 1],
        ["2017-04", "STRIKES", 1, 1]]


def test_report_top_locations(g):
    assert columns(g, "top-locations") == [
        "place", "country", "events", "reports", "kinds", "first", "last", "killed", "injured"]
    assert rows(g, "top-locations") == [
        ["Shayrat", "Syria", 2, 2, ["air strike"], "2017-04-07", "2017-05-09", 8, 3],
        ["Khan Sheikhoun", "Syria", 1, 2, ["chemical attack"], "2017-04-04", "2017-04-04", 80, 200],
    ]
    state = rows(g, "top-locations", level="state")
    assert [r[:4] + r[5:] for r in state] == [["Syria", None, 3, 4, "2017-04-04", "2017-05-09", 88, 203]]
    assert sorted(state[0][4]) == ["air strike", "chemical attack"]


def test_report_article(g):
    assert columns(g, "article", id="a1") == [
        "start", "type", "source", "target", "trigger", "hedged", "negated", "hypothetical", "confidence", "sentence"]
    entity = [
        [100, "ACCUSES", "United States", "Syria", "blamed", False, False, False, 1.0,
         "Washington blamed Damascus for the gas attack."],
        [200, "ACCUSES", "Sergei Lavrov", "United States", "accused", False, False, False, 1.0,
         "Lavrov accused Washington of rushing to judgement."],
        [300, "DENIES", "Syria", "United States", "rejected", False, False, False, 1.0,
         "Damascus rejected the American allegation."],
        [400, "STRIKES", "Syrian Army", "Civilians", "dropped", False, False, False, 1.0,
         "Witnesses said army jets dropped the gas."],
        [500, "CITES", "(the article)", "SANA", "said", False, False, False, 1.0,
         "SANA said the army had no chemical weapons."],
        [600, "CITES", "(the article)", "US officials", "said", False, False, False, 1.0,
         "US officials said the jets took off from Shayrat."],
        [None, "REPORTS", "(the article)", "chemical attack in Khan Sheikhoun on 2017-04-04", None, None, None, None,
         None, None],
    ]
    assert rows(g, "article", id="a1") == entity
    assert rows(g, "article", id="bbc-001.txt") == entity  # by the input file name too
    assert [r[:4] for r in rows(g, "article", id="a1", level="state")][1:5] == [
        [200, "ACCUSES", "Russia", "United States"], [300, "DENIES", "Syria", "United States"],
        [400, "STRIKES", "Syria", "Civilians"], [500, "CITES", "(the article)", "Syria"]]
    negated = rows(g, "article", id="a1", include_negated=True)
    assert [700, "ACCUSES", "Amnesty International", "Syria", "blame", False, True, False, 1.0,
            "Amnesty did not blame any party yet."] in negated
    assert rows(g, "article", id="missing") == []


# -- the registry --------------------------------------------------------------------------------------------
REQUIRED = {"accusations", "mutual-accusations", "denials", "accused-and-denied", "strikes", "contested-events",
            "source-citations", "source-reliance", "publication-narratives", "actor-profile", "timeline",
            "top-locations", "article"}


def test_every_required_report_exists_and_is_well_formed():
    reports = {r.name: r for r in list_reports()}
    assert REQUIRED <= set(reports)
    for r in reports.values():
        assert r.title and r.description
        assert r.param("limit") is not None and isinstance(r.param("limit").default, int), r.name
        assert r.cypher.startswith("// name: "), r.name
        assert r.statement.count(";") == 0 and "$limit" in r.statement, r.name
        if r.param("level"):
            assert r.param("level").choices == ("entity", "state") and "$level" in r.statement, r.name


def test_every_report_has_a_test_and_a_readme_line():
    """Docs cannot drift: a report without a `test_report_<name>` here or a README line fails."""
    source = Path(__file__).read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reports", 1)[1].split("\n## ", 1)[0] if "## Reports" in readme else ""
    for r in list_reports():
        test_name = "test_report_" + r.name.replace("-", "_")
        assert re.search(rf"^def {test_name}\(", source, re.M), f"report {r.name!r} has no {test_name} in {__file__}"
        assert re.search(rf"^\| `{re.escape(r.name)}` \|", section, re.M), (
            f"report {r.name!r} is missing from the README's '## Reports' table")


def test_header_parsing(tmp_path):
    p = tmp_path / "demo-report.cypher"
    p.write_text(
        "// name: demo-report\n// title: Demo\n// description: Rows.\n"
        '// param: level = "entity"  (entity|state) how to fold\n// param: limit = 5  most rows\n'
        "// param: ratio = 0.5  a float\n// param: flag = false\n// param: who  (required) an actor\n"
        "MATCH (n) RETURN n LIMIT $limit;\n", encoding="utf-8")
    r = parse_report(p)
    assert [(x.name, x.default, x.required, x.choices) for x in r.params] == [
        ("level", "entity", False, ("entity", "state")), ("limit", 5, False, ()), ("ratio", 0.5, False, ()),
        ("flag", False, False, ()), ("who", None, True, ())]
    assert r.statement == "MATCH (n) RETURN n LIMIT $limit"
    assert r.resolve({"who": "x", "limit": "7", "flag": "yes", "ratio": "2"}) == {
        "level": "entity", "limit": 7, "ratio": 2.0, "flag": True, "who": "x"}
    with pytest.raises(ReportError, match="needs --param who"):
        r.resolve({})
    with pytest.raises(ReportError, match="must be int"):
        r.resolve({"who": "x", "limit": "many"})
    with pytest.raises(ReportError, match="one of entity, state"):
        r.resolve({"who": "x", "level": "country"})
    with pytest.raises(ReportError, match="at least 1"):
        r.resolve({"who": "x", "limit": 0})
    bad = tmp_path / "bad.cypher"
    bad.write_text("// name: other\n// title: T\n// description: D\nRETURN 1\n", encoding="utf-8")
    with pytest.raises(ReportError, match="must match the file name"):
        parse_report(bad)
    bad.write_text("// name: bad\n// title: T\n// description: D\n// param: x\nRETURN 1\n", encoding="utf-8")
    with pytest.raises(ReportError, match="neither a default nor"):
        parse_report(bad)


def test_unknown_report_and_parameter_list_the_valid_ones(store):
    with pytest.raises(NarrativeError, match=r"Unknown report 'accusation'; valid reports: accusations, "):
        run_report(store, "accusation")
    with pytest.raises(NarrativeError, match=r"no parameter 'actor'; valid: level=\"entity\", "):
        run_report(store, "accusations", {"actor": "x"})


def test_reports_run_on_an_empty_graph(store):
    for r in list_reports():
        params = {p.name: "x" for p in r.params if p.required}
        assert run_report(store, r.name, params).rows == [], r.name


def test_browser_text_sets_params_then_the_query():
    text = get_report("accusations").browser_text({"level": "state", "limit": "5"})
    first, rest = text.split("\n", 1)
    assert first.startswith(":params ")
    assert json.loads(first[len(":params "):]) == {
        "level": "state", "include_negated": False, "include_hypothetical": False, "limit": 5}
    assert rest == get_report("accusations").cypher


# -- the CLI -------------------------------------------------------------------------------------------------
@pytest.fixture
def cli_graph(cli_env):
    s = FalkorStore.open(Path(cli_env["NARRATIVE_HOME"]), graph=cli_env["NARRATIVE_GRAPH"])
    s.ensure_schema()
    write_graphs(s, build_graph())
    yield s
    s.close()


def test_cli_reports_lists_names_and_titles(cli_env):
    res = runner.invoke(app, ["reports"])
    assert res.exit_code == 0, res.output
    for r in list_reports():
        assert r.name in res.output


def test_cli_report_formats(cli_graph):
    res = runner.invoke(app, ["report", "accusations", "--level", "state", "--limit", "2", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [(d["accuser"], d["accused"], d["statements"]) for d in data] == [
        ("Russia", "United States", 2), ("United States", "Syria", 2)]
    res = runner.invoke(app, ["report", "denials", "-f", "csv"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "denier,accuser,denials,threaded,articles,first,last,denial,claim"
    assert lines[1].startswith("Russia,Pentagon,1,1,1,2017-05-10,2017-05-10,")
    res = runner.invoke(app, ["report", "actor-profile", "-p", "actor=Syria", "-f", "markdown", "--limit", "1"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        "| date | article | publication | actor | relation | other | sentence |",
        "|---|---|---|---|---|---|---|",
        "| 2017-04-05 | Chemical attack in Idlib | BBC | Syria | accused by | United States | "
        "Washington blamed Damascus for the gas attack. |",
    ]
    res = runner.invoke(app, ["report", "top-locations"])
    assert res.exit_code == 0 and "Most reported places" in res.stdout and "2 row(s)" in res.stdout


def test_cli_report_errors_name_the_valid_choices(cli_env):
    res = runner.invoke(app, ["report", "nope"])
    assert res.exit_code == 1
    assert "Unknown report 'nope'; valid reports: accusations," in res.stderr
    res = runner.invoke(app, ["report", "accusations", "--param", "colour=red"])
    assert res.exit_code == 1 and "has no parameter 'colour'; valid: level=" in res.stderr
    res = runner.invoke(app, ["report", "timeline", "--level", "state"])
    assert res.exit_code == 1 and "has no --level" in res.stderr
    res = runner.invoke(app, ["report", "accusations", "--level", "country"])
    assert res.exit_code == 1 and "must be one of entity, state" in res.stderr
    res = runner.invoke(app, ["report", "actor-profile"])
    assert res.exit_code == 1 and "needs --param actor=" in res.stderr


def test_cli_report_cypher_prints_browser_text(cli_env):
    res = runner.invoke(app, ["report", "strikes", "--cypher", "--level", "state"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(':params {"level": "state",')
    assert "MATCH (x:Tally {family: 'pair:STRIKES:' + $level})" in res.stdout


def test_cli_query_is_read_only_unless_write(cli_graph):
    res = runner.invoke(app, ["query", "CREATE (:Actor {id: 'x', name: 'X'})"])
    assert res.exit_code != 0
    assert "--write" in res.stderr
    assert cli_graph.read("MATCH (a:Actor {id: 'x'}) RETURN count(a)").value() == 0
    res = runner.invoke(app, ["query", "--write", "CREATE (:Actor {id: 'x', name: 'X'})"])
    assert res.exit_code == 0, res.output
    assert cli_graph.read("MATCH (a:Actor {id: 'x'}) RETURN count(a)").value() == 1
    res = runner.invoke(app, ["query", "MATCH (a:Actor {id: $id}) RETURN a.name AS name", "-p", "id=x", "-f", "json"])
    assert json.loads(res.stdout) == [{"name": "X"}]


def test_cli_shell_multiline_read_only_and_write(cli_graph):
    script = "MATCH (a:Actor)\nWHERE a.kind = 'state'\nRETURN a.name AS name\nORDER BY name;\n" \
             ":format json\nMATCH (p:Publication) RETURN p.name AS n ORDER BY n;\n" \
             "CREATE (:Actor {id: 'y'});\n"
    res = runner.invoke(app, ["shell"], input=script)
    assert res.exit_code == 1  # the CREATE failed: read-only
    assert "Russia" in res.stdout and "United States" in res.stdout
    assert '"n": "BBC"' in res.stdout and '"n": "RT"' in res.stdout
    assert "read-only" in res.stderr or "--write" in res.stderr
    assert cli_graph.read("MATCH (a:Actor {id: 'y'}) RETURN count(a)").value() == 0
    res = runner.invoke(app, ["shell", "--write"], input="CREATE (:Actor {id: 'y'});\n:quit\nMATCH (n) DETACH DELETE n;\n")
    assert res.exit_code == 0, res.output
    assert cli_graph.read("MATCH (a:Actor {id: 'y'}) RETURN count(a)").value() == 1
    assert cli_graph.read("MATCH (a:Article) RETURN count(a)").value() == 3  # nothing after :quit ran


def test_shell_splits_multiline_statements_and_commands():
    from narrative.commands.reports import split_statements

    lines = ["MATCH (n)\n", "RETURN n;\n", "\n", ":format json\n", "RETURN 'a;b' AS x;\n", "RETURN 1"]
    assert list(split_statements(lines)) == ["MATCH (n)\nRETURN n", ":format json", "RETURN 'a;b' AS x", "RETURN 1"]
