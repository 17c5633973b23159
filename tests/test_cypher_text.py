"""Cypher read as text (graph.cypher_text): the read-only guard, parameter names, batch folding. No server needed."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from graph import cypher_registry, writer
from graph.cypher_text import check_params, fold_batch, rename_params, schema_names, write_clause
from graph.errors import QueryError
from narrative.cli import app
from narrative.context import parse_params

REPORTS = {sid: q for sid, q in cypher_registry.all_statements() if sid.startswith("queries/")}


@pytest.mark.parametrize("cypher, clause", [
    ("CREATE (:Actor {id: 1})", "CREATE"),
    ("match (n) detach delete n", "DETACH"),
    ("MATCH (n) SET n.x = 1", "SET"),
    ("MATCH (n) REMOVE n:Actor", "REMOVE"),
    ("MERGE (n:Actor {id: 1}) RETURN n", "MERGE"),
    ("UNWIND [1] AS i FOREACH (x IN [i] | CREATE (:A))", "FOREACH"),
    ("DROP INDEX actor_id", "DROP"),
    ("CREATE CONSTRAINT c IF NOT EXISTS FOR (n:A) REQUIRE n.id IS UNIQUE", "CREATE"),
    ("STOP DATABASE neo4j", "STOP"),
    ("MATCH (n) // a comment\n WITH n SET n.x = 1", "SET"),
    ("CALL { MATCH (n) DELETE n }", "DELETE"),
])
def test_write_clauses_are_found(cypher, clause):
    assert write_clause(cypher) == clause


@pytest.mark.parametrize("cypher", [
    "MATCH (n:Actor) RETURN n.name AS name",
    "MATCH (n) WHERE n.note = 'CREATE (x)' OR n.t = \"SET it\" RETURN n",  # in strings
    "MATCH (n) /* DELETE n */ RETURN n // SET n.x = 1",  # in comments
    "MATCH (n) RETURN n.set AS x, n.delete, {create: 1, merge: 2} AS m",  # property and map keys
    "MATCH (n:`CREATE`)-[:SET|REMOVE]->(m:Drop) RETURN m",  # labels and types
    "MATCH (n) RETURN count(n) AS merge",  # an alias
    "MATCH (set) RETURN set.name",  # a variable
    "SHOW CONSTRAINTS YIELD name RETURN name",
    "CALL db.labels() YIELD label RETURN label",
    "START n=node(1) RETURN n",  # not START DATABASE
    "MATCH (n) RETURN n.`a SET b`",
])
def test_reads_are_not_taken_for_writes(cypher):
    assert write_clause(cypher) is None


@pytest.mark.parametrize("sid", sorted(REPORTS))
def test_every_report_reads(sid):
    assert write_clause(REPORTS[sid]) is None


@pytest.mark.parametrize("cypher", [q for q in writer.ALL_STATEMENTS if q.lstrip().upper().startswith("UNWIND")
                                    and any(w in q for w in ("MERGE", "DELETE", " SET "))])
def test_the_writers_statements_write(cypher):
    assert write_clause(cypher) is not None


@pytest.mark.parametrize("name", ["x y", "1abc", "a-b", "k=v", "", "ok RETURN 1 //", "é", 3])
def test_bad_parameter_names_are_refused(name):
    with pytest.raises(QueryError, match="Bad parameter name"):
        check_params({name: 1})
    if isinstance(name, str) and "=" not in name:  # on the command line the name ends at the first '='
        with pytest.raises(Exception, match="Bad --param name"):
            parse_params([f"{name}=1"])


def test_good_parameter_names_pass():
    check_params({"a": 1, "_b2": 2, "Limit": 3})
    assert parse_params(["actor=Russia", " limit = 5"]) == {"actor": "Russia", "limit": 5}


def test_cli_refuses_a_bad_param_name_before_opening_any_store(monkeypatch):
    monkeypatch.setenv("NARRATIVE_STORE", "bolt://127.0.0.1:1")  # never reached
    for args in (["query", "RETURN $x", "--param", "x RETURN 1 //=1"],
                 ["report", "accusations", "--param", "lim it=3"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code != 0
        assert "Bad --param name" in result.output and "not reachable" not in result.output


def test_rename_params_leaves_strings_and_comments():
    q = "MATCH (n {id: $id}) WHERE n.s = '$id' // $id\nRETURN $`id`, $rows"
    assert rename_params(q, "b0_") == "MATCH (n {id: $b0_id}) WHERE n.s = '$id' // $id\nRETURN $`id`, $b0_rows"


def test_fold_batch_gives_each_statement_its_own_parameters():
    cypher, params = fold_batch([("CREATE (:A {id: $id})", {"id": 1}), ("MATCH (a:A {id: $id}) RETURN a", {"id": 2})])
    assert params == {"b0_id": 1, "b1_id": 2}
    assert cypher == ("CALL { CREATE (:A {id: $b0_id}) } WITH count(*) AS _batch0 "
                      "CALL { MATCH (a:A {id: $b1_id}) RETURN a } WITH count(*) AS _batch1 RETURN 2 AS statements")


def test_schema_names():
    labels, types = schema_names(
        "UNWIND $rows AS r MATCH (s:Actor {id: r.id, x: {a: 1}}) MATCH (t:`Odd name`:B) "
        "MERGE (s)-[x:ACCUSES {id: r.id}]->(t) SET t:Extra WITH s WHERE s:L1|L2 AND NOT (s)<-[:REPORTS|CITES]-() "
        "RETURN [y IN [s] WHERE y:InList | y.id] AS ids")
    assert labels == {"Actor", "Odd name", "B", "Extra", "L1", "L2", "InList"}
    assert types == {"ACCUSES", "REPORTS", "CITES"}


def test_both_stores_refuse_a_bad_parameter_name_before_sending_anything(store):
    from neo4j import GraphDatabase

    from graph.neo4j_store import Neo4jStore

    bad = {"x CREATE (:Intruder) //": 1}
    neo = Neo4jStore(GraphDatabase.driver("bolt://127.0.0.1:1", auth=("u", "p")), "bolt://127.0.0.1:1", "u", None)
    try:
        for s in (store, neo):  # the Neo4j one has no server: the check comes first
            for call in (lambda: s.read("RETURN 1 AS x", bad), lambda: s.write("RETURN 1 AS x", bad),
                         lambda: s.write_atomic([("RETURN 1 AS x", {}), ("RETURN 1 AS x", bad)])):
                with pytest.raises(QueryError, match="Bad parameter name"):
                    call()
    finally:
        neo.close()
    assert store.read("MATCH (n:Intruder) RETURN count(n)").value() == 0


def test_schema_names_are_fresh_sets_despite_the_cache():
    cypher = "MATCH (a:Article)-[:CITES]->(x:Actor) RETURN x"
    labels, types = schema_names(cypher)
    labels.add("Oops")
    types.clear()
    assert schema_names(cypher) == ({"Article", "Actor"}, {"CITES"})
    assert rename_params("RETURN $a", "b0_") == "RETURN $b0_a"
    assert rename_params("RETURN $a", "b1_") == "RETURN $b1_a"
