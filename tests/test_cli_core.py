"""CLI commands of the skeleton through typer's runner, on a real embedded store."""
from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from narrative.cli import app

runner = CliRunner()


def test_help_lists_every_command_with_help_text():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name, cmd in _commands().items():
        if " " not in name:
            assert name in result.output
        assert (cmd.help or "").strip(), f"command {name} has no help text"


def _commands():
    import typer.main

    group = typer.main.get_command(app)
    out = {}
    for name, cmd in group.commands.items():
        out[name] = cmd
        for sub, subcmd in getattr(cmd, "commands", {}).items():
            out[f"{name} {sub}"] = subcmd
    return out


def test_query_json_and_read_only(cli_env):
    r = runner.invoke(app, ["query", "CREATE (:Actor {id: $id, name: $name})", "-p", "id=x", "-p", "name=X"])
    assert r.exit_code == 1 and "--write" in r.output
    r = runner.invoke(app, ["query", "--write", "CREATE (:Actor {id: $id, name: $name})", "-p", "id=x", "-p", "name=X"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["query", "MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows == [{"id": "x", "name": "X", "a": {"labels": ["Actor"], "properties": {"id": "x", "name": "X"}}}]


def test_query_csv(cli_env):
    runner.invoke(app, ["query", "--write", "CREATE (:Actor {id: 'a', name: 'A, B'})"])
    r = runner.invoke(app, ["query", "MATCH (a:Actor) RETURN a.id AS id, a.name AS name", "-f", "csv"])
    assert r.stdout.splitlines() == ["id,name", 'a,"A, B"']


def test_info_counts(cli_env):
    runner.invoke(app, ["query", "--write", "CREATE (:Actor {id: 'a'})-[:ACCUSES {id: 's'}]->(:Actor {id: 'b'})"])
    r = runner.invoke(app, ["info"])
    assert r.exit_code == 0, r.output
    line = next(l for l in r.output.splitlines() if " Actor " in l)
    assert line.split()[-2] == "2"
    assert any(" ACCUSES " in l and l.split()[-2] == "1" for l in r.output.splitlines())
    # a statement written behind the writer's back: the summaries do not cover it, and info says how to fix it
    assert "tallies):" in r.output and "missing: run `narrative db retally`" in " ".join(r.output.split())
    assert runner.invoke(app, ["db", "retally"]).exit_code == 0
    r = runner.invoke(app, ["info"])
    assert re.search(r"\(tallies\): [1-9]\d* summaries, current", " ".join(r.output.split()))


def test_bad_cypher_is_one_clear_line(cli_env):
    r = runner.invoke(app, ["query", "MATCH (n RETURN n"])
    assert r.exit_code == 1
    assert "Error:" in r.output and "Traceback" not in r.output


def test_db_status_and_reset(cli_env):
    runner.invoke(app, ["query", "--write", "CREATE (:Actor {id: 'a'})"])
    r = runner.invoke(app, ["db", "status"])
    assert r.exit_code == 0 and "running" in r.output
    r = runner.invoke(app, ["db", "reset", "--yes"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["query", "MATCH (n) RETURN count(n) AS n", "-f", "json"])
    assert json.loads(r.stdout) == [{"n": 0}]
