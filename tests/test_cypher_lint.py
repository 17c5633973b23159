"""Every Cypher statement of the project passes Neo4j's own linter: no error, no deprecation, no unknown name.

Why: FalkorDB accepts some Cypher that Neo4j rejects or has deprecated, and the embedded store is what the other
tests run on. Linting with Neo4j's parser (`@neo4j-cypher/language-support`, run by `tests/lint_cypher.mjs`)
keeps every statement portable without a Neo4j server. Statements come from `graph.cypher_registry`; a module
adds its own with a module-level `CYPHER_STATEMENTS`, a report by being a `queries/*.cypher` file.
Labels, relationship types and property keys are declared from `graph.model`, so any warning left is either a
deprecation or a misspelt name; both fail.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from graph import cypher_registry

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "lint_cypher.mjs"
PACKAGE = ROOT / "node_modules" / "@neo4j-cypher" / "language-support"

STATEMENTS = dict(cypher_registry.all_statements())


def _ensure_linter() -> None:
    if PACKAGE.is_dir() and shutil.which("node"):
        return
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("the Cypher linter needs Node.js: node and npm are not on PATH (install Node.js, then `npm ci`)")
    proc = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0 and PACKAGE.is_dir(), f"`npm ci` failed; run it in {ROOT}:\n{proc.stderr[-2000:]}"


def lint(items: list[dict], schema: dict | None = None) -> dict[str, list[dict]]:
    """id -> diagnostics, from one run of the Node linter."""
    _ensure_linter()
    payload = {"schema": schema if schema is not None else cypher_registry.lint_schema(), "statements": items}
    proc = subprocess.run(
        ["node", str(SCRIPT)], cwd=ROOT, input=json.dumps(payload), capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, f"lint_cypher.mjs failed:\n{proc.stderr[-3000:]}"
    return {r["id"]: r["diagnostics"] for r in json.loads(proc.stdout)}


@pytest.fixture(scope="module")
def diagnostics() -> dict[str, list[dict]]:
    items = [
        {"id": sid, "query": cypher, "params": cypher_registry.statement_params(sid, cypher)}
        for sid, cypher in STATEMENTS.items()
    ]
    return lint(items)


def _explain(sid: str, cypher: str, found: list[dict]) -> str:
    lines = [f"{sid}: Neo4j's linter reports {len(found)} problem(s):"]
    for d in found:
        kind = "deprecation" if d["deprecated"] else d["severity"]
        lines.append(f"  {kind} at line {d['line']}, column {d['column']}: {d['message']}")
    lines += ["", cypher, "", "Fix the statement so Neo4j 5 and FalkorDB both accept it. A new property key belongs "
              "in graph/model.py (a map key mistaken for one: EXTRA_PROPERTY_KEYS in graph/cypher_registry.py); "
              "a report parameter needs a `// param: name = default` header line."]
    return "\n".join(lines)


@pytest.mark.parametrize("sid", list(STATEMENTS))
def test_statement_is_clean(sid: str, diagnostics) -> None:
    found = [d for d in diagnostics[sid] if d["severity"] in ("error", "warning")]
    assert not found, _explain(sid, STATEMENTS[sid], found)


def test_registry_finds_the_known_statements() -> None:
    from graph import schema, stats, writer

    texts = {c.strip() for c in STATEMENTS.values()}
    expected = [*writer.ALL_STATEMENTS, *schema.neo4j_schema_statements(), *schema.falkor_schema_statements(),
                *stats.COUNT_LABEL.values(), *stats.COUNT_REL.values()]
    missing = [q for q in expected if q.strip() not in texts]
    assert not missing, f"graph.cypher_registry misses {len(missing)} statement(s), e.g. {missing[0]!r}"
    for path in cypher_registry.cypher_files():
        assert f"queries/{path.name}" in STATEMENTS


def test_every_module_imports_so_no_statement_is_missed() -> None:
    failures = cypher_registry.import_failures()
    assert not failures, "these modules fail to import, so their CYPHER_STATEMENTS are not linted: " + "; ".join(
        failures
    )


def test_linter_catches_errors_deprecations_and_unknown_names() -> None:
    """The linter itself works: a clean pass above is not a silent no-op."""
    found = lint(
        [
            {"id": "ok", "query": "MATCH (a:Actor {id: $id}) RETURN a.name AS name", "params": {"id": None}},
            {"id": "syntax", "query": "MATCH (a:Actor RETURN a", "params": {}},
            {"id": "param", "query": "MATCH (a:Actor {id: $id}) RETURN a", "params": {}},
            {"id": "deprecated", "query": "MATCH (a:Actor) RETURN id(a) AS i", "params": {}},
            {"id": "colon_union", "query": "MATCH (a)-[:ACCUSES|:DENIES]->(b) RETURN b.id AS i", "params": {}},
            {"id": "label", "query": "MATCH (a:Actr) RETURN a.id AS i", "params": {}},
            {"id": "property", "query": "MATCH (a:Actor) RETURN a.nmae AS n", "params": {}},
            {"id": "apoc", "query": "RETURN apoc.text.join(['a'], ',') AS s", "params": {}},
        ]
    )
    assert found["ok"] == []
    assert any(d["severity"] == "error" for d in found["syntax"])
    assert any("Parameter $id is not defined" in d["message"] for d in found["param"])
    assert any(d["deprecated"] for d in found["deprecated"])
    assert any(d["severity"] == "warning" and d["deprecated"] for d in found["colon_union"])
    assert any("Actr" in d["message"] for d in found["label"])
    assert any("nmae" in d["message"] for d in found["property"])
    assert any(d["severity"] == "error" for d in found["apoc"])


def test_report_header_parameters_are_declared() -> None:
    text = (
        "// name: example\n"
        "// param: actor = \"russia\"  - who accuses\n"
        "// param limit: how many rows\n"
        "// params: since, until = \"2024-12-31\"\n"
        "MATCH (a:Actor {id: $actor}) RETURN a.name AS name LIMIT $limit\n"
    )
    assert cypher_registry.header_params(text) == {
        "actor": "russia",
        "limit": None,
        "since": None,
        "until": "2024-12-31",
    }
    assert cypher_registry.statement_params("graph.x.Y", "MATCH (a {id: $a}) WHERE a.n = $`b c` RETURN a") == {
        "a": None,
        "b c": None,
    }
