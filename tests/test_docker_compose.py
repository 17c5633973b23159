"""docker-compose.yml and .env.example, checked without Docker (none runs here or in CI).

Parsing the YAML and applying Compose's own interpolation rules catches what would break
`docker compose up -d --wait`: a wrong image or port, a missing healthcheck (then --wait does not wait), volumes
that are not named, and a password written into the file instead of taken from the environment.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml", reason="PyYAML comes with the dev extra: pip install -e '.[dev]'")

from graph.neo4j_store import DEFAULT_PASSWORD  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
_VAR = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's substitution: ${VAR}, ${VAR:-default}, $VAR, and $$ for a literal $."""

    def sub(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group(1) or m.group(3)
        return env.get(name) or (m.group(2) or "")

    return _VAR.sub(sub, text)


def load(env: dict[str, str] | None = None) -> dict:
    return yaml.safe_load(interpolate(COMPOSE.read_text(encoding="utf-8"), env or {}))


@pytest.fixture(scope="module")
def neo4j() -> dict:
    return load()["services"]["neo4j"]


def test_image_is_neo4j_5_community(neo4j):
    assert re.fullmatch(r"neo4j:5(\.\d+)*-community", neo4j["image"]), neo4j["image"]


def test_browser_and_bolt_ports_are_published_on_localhost(neo4j):
    published = {p.rsplit(":", 1)[1]: p for p in neo4j["ports"]}
    assert set(published) == {"7474", "7687"}
    assert all(p.startswith("127.0.0.1:") for p in published.values()), "keep the default password off the network"


def test_password_comes_from_the_environment_with_the_documented_default(neo4j):
    raw = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]["neo4j"]["environment"]["NEO4J_AUTH"]
    assert raw == "neo4j/${NEO4J_PASSWORD:-" + DEFAULT_PASSWORD + "}"
    assert neo4j["environment"]["NEO4J_AUTH"] == f"neo4j/{DEFAULT_PASSWORD}"
    assert load({"NEO4J_PASSWORD": "chosen-by-me"})["services"]["neo4j"]["environment"]["NEO4J_AUTH"] == (
        "neo4j/chosen-by-me"
    )
    assert len(DEFAULT_PASSWORD) >= 8, "Neo4j 5 refuses passwords shorter than 8 characters"


def test_no_other_secret_is_written_in_the_file():
    code = "\n".join(line.split(" #", 1)[0] for line in COMPOSE.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("#"))
    allowed = "${NEO4J_PASSWORD:-" + DEFAULT_PASSWORD + "}"
    assert code.count(allowed) == 1
    rest = code.replace(allowed, "${NEO4J_PASSWORD}")
    assert DEFAULT_PASSWORD not in rest
    for line in rest.splitlines():
        assert not re.search(r"(?i)(password|secret|token)\w*\s*[:=]\s*[^\s$]", line), line
        assert not re.search(r"NEO4J_AUTH\s*[:=]\s*neo4j/[^$]", line), f"literal password: {line}"
        assert not re.search(r"\s-p\s+['\"]?[^'\"$\s]", line), f"literal password passed to a command: {line}"


def test_healthcheck_makes_wait_block_until_bolt_answers(neo4j):
    hc = neo4j["healthcheck"]
    assert hc["test"][0] == "CMD-SHELL"
    assert "cypher-shell" in hc["test"][1] and "7687" in hc["test"][1] and "RETURN 1" in hc["test"][1]
    assert int(hc["retries"]) >= 10 and hc["interval"] and hc["start_period"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to run the healthcheck command")
def test_healthcheck_passes_the_container_password_to_cypher_shell(neo4j):
    """Run the healthcheck's shell line with a stand-in cypher-shell that records its arguments."""
    stub = 'cypher-shell() { printf "%s\\n" "$@" >&3; }'
    proc = subprocess.run(
        ["bash", "-c", f'exec 3>&1; {stub}; eval "$HC"'],
        env={**os.environ, "HC": neo4j["healthcheck"]["test"][1], "NEO4J_AUTH": "neo4j/from-compose-env"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    args = proc.stdout.splitlines()
    assert args[args.index("-u") + 1] == "neo4j"
    assert args[args.index("-p") + 1] == "from-compose-env"


def test_data_and_logs_live_in_named_volumes(neo4j):
    declared = load()["volumes"]
    mounts = dict(v.split(":", 1)[::-1] for v in neo4j["volumes"])
    assert set(mounts) == {"/data", "/logs"}
    assert all(name in declared for name in mounts.values()), "volumes must be named (declared at top level)"


def test_env_example_documents_every_setting_and_env_is_ignored():
    values = dict(
        line.split("=", 1)
        for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
    assert {"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NARRATIVE_STORE"} <= set(values)
    assert values["NEO4J_PASSWORD"] == DEFAULT_PASSWORD
    assert values["NEO4J_URI"].startswith("bolt://localhost:7687")
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT).returncode == 0
    assert ignored, ".env holds real passwords: it must stay git-ignored"
