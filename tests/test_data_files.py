"""The shipped actor dictionary and gazetteer are well-formed.

These files are hand-curated data that the extractor trusts blindly: a dangling parent breaks the rollup to a
state, a duplicated alias silently sends mentions to the wrong actor, and a place pointing at a missing country
cannot be linked. Plain `json` on purpose, so the data is checked independently of any loader code.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from graph.model import ACTOR_KINDS as MODEL_KINDS

DATA = Path(__file__).resolve().parent.parent / "loaders" / "data"
#: The model's kinds but `location`, which only extraction gives (to a place named as an actor).
ACTOR_KINDS = set(MODEL_KINDS) - {"location"}
PLACE_KINDS = {"country", "region", "city", "town", "site"}
ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _load(name: str) -> list[dict]:
    rows = []
    for n, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{name}:{n}: blank line"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{name}:{n}: not JSON ({exc})")
        assert isinstance(row, dict), f"{name}:{n}: not an object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def actors() -> list[dict]:
    return _load("actors.jsonl")


@pytest.fixture(scope="module")
def places() -> list[dict]:
    return _load("places.jsonl")


def test_actor_rows_have_required_keys_and_valid_kinds(actors):
    assert len(actors) > 300
    for a in actors:
        for key in ("id", "name", "kind", "parent", "aliases"):
            assert key in a, f"actor {a.get('id')!r} lacks {key!r}"
        assert ID_RE.match(a["id"]), f"actor id {a['id']!r} is not snake_case ascii"
        assert isinstance(a["name"], str) and a["name"].strip(), a["id"]
        assert a["kind"] in ACTOR_KINDS, f"{a['id']}: unknown kind {a['kind']!r}"
        assert isinstance(a["aliases"], list), a["id"]
        for alias in a["aliases"]:
            assert isinstance(alias, str) and alias.strip() and alias == alias.strip(), f"{a['id']}: bad alias {alias!r}"
        for key in ("valid_from", "valid_to"):
            if a.get(key) is not None:
                assert DATE_RE.match(a[key]), f"{a['id']}: {key} {a[key]!r} is not an ISO date"
        if a.get("valid_from") and a.get("valid_to"):
            assert a["valid_from"] <= a["valid_to"], f"{a['id']}: valid_from after valid_to"


def test_actor_ids_unique(actors):
    dupes = [i for i, n in Counter(a["id"] for a in actors).items() if n > 1]
    assert not dupes, f"duplicate actor ids: {dupes}"


def test_aliases_unique_across_actors(actors):
    owners: dict[str, str] = {}
    clashes = []
    for a in actors:
        for alias in set(a["aliases"]):
            if alias in owners:
                clashes.append((alias, owners[alias], a["id"]))
            owners[alias] = a["id"]
    assert not clashes, f"aliases claimed by two actors: {clashes[:20]}"


def test_parents_exist_and_have_no_cycles(actors):
    by_id = {a["id"]: a for a in actors}
    for a in actors:
        seen = {a["id"]}
        parent = a["parent"]
        while parent is not None:
            assert parent in by_id, f"{a['id']}: parent {parent!r} is not an actor"
            assert parent not in seen, f"{a['id']}: parent cycle through {parent!r}"
            seen.add(parent)
            parent = by_id[parent]["parent"]


def test_only_the_unspecified_actor_has_no_aliases(actors):
    bare = [a["id"] for a in actors if not a["aliases"]]
    assert bare == ["unspecified"]


def test_guideline_actors_present(actors):
    by_id = {a["id"]: a for a in actors}
    for aid in ("russia", "united_states", "syria", "syrian_government_forces", "us_led_coalition", "isis",
                "amnesty", "hrw", "civilians", "unspecified"):
        assert aid in by_id, aid
    assert by_id["syrian_government_forces"]["parent"] == "syria"
    assert by_id["us_led_coalition"]["parent"] is None
    assert "the regime" in by_id["syrian_government_forces"]["aliases"]
    assert "Daesh" in by_id["isis"]["aliases"]


def test_place_rows_have_required_keys_and_valid_kinds(places):
    assert len(places) > 300
    for p in places:
        for key in ("id", "name", "kind", "country", "aliases"):
            assert key in p, f"place {p.get('id')!r} lacks {key!r}"
        assert ID_RE.match(p["id"]), f"place id {p['id']!r} is not snake_case ascii"
        assert p["kind"] in PLACE_KINDS, f"{p['id']}: unknown kind {p['kind']!r}"
        assert p["aliases"], f"{p['id']}: no aliases"
        for alias in p["aliases"]:
            assert isinstance(alias, str) and alias.strip() and alias == alias.strip(), f"{p['id']}: bad alias {alias!r}"


def test_place_ids_unique_and_countries_exist(places):
    dupes = [i for i, n in Counter(p["id"] for p in places).items() if n > 1]
    assert not dupes, f"duplicate place ids: {dupes}"
    countries = {p["id"] for p in places if p["kind"] == "country"}
    for p in places:
        if p["kind"] == "country":
            assert p["country"] is None, p["id"]
        elif p["country"] is not None:
            assert p["country"] in countries, f"{p['id']}: country {p['country']!r} is not a country place"


def test_every_state_actor_is_a_country_place_and_back(actors, places):
    states = {a["id"] for a in actors if a["kind"] == "state"}
    countries = {p["id"] for p in places if p["kind"] == "country"}
    assert states == countries
    assert len(states) >= 193


# ---- the trigger lexicon: one pydantic schema (loaders/extract/lexicon.py) --------------------------------------
def test_the_shipped_lexicon_matches_its_schema():
    from loaders.extract.lexicon import LEXICON_FILE, validate

    data = validate(json.loads(LEXICON_FILE.read_text(encoding="utf-8")), LEXICON_FILE)
    assert data["strike"]["verbs"] and data["victims"]


@pytest.mark.parametrize("break_it, named", [
    (lambda d: d["strike"].pop("verbs"), "strike.verbs"),
    (lambda d: d["say"].__setitem__("verbz", ["say"]), "say.verbz"),
    (lambda d: d.__setitem__("victims", []), "victims"),
    (lambda d: d["deny"].__setitem__("verbs", ["deny", " "]), "deny.verbs"),
    (lambda d: d["strike"].__setitem__("event_kinds", ["airstrike"]), "strike.event_kinds"),
])
def test_a_broken_lexicon_fails_loudly_naming_the_key(tmp_path, break_it, named):
    from graph.errors import InputError
    from loaders.extract.lexicon import LEXICON_FILE, load_lexicon

    data = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    break_it(data)
    bad = tmp_path / "lexicon.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=named.replace(".", r"\.")):
        load_lexicon(str(bad))


def test_every_lexicon_key_is_read_by_some_rule():
    """A declared list no rule reads is dead data: the schema and the rules must move together."""
    from loaders.extract.lexicon import LEXICON_FILE

    data = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    code = "\n".join(p.read_text(encoding="utf-8") for p in (DATA.parent / "extract").glob("*.py"))
    for family, lists in data.items():
        if family.startswith("_"):
            continue
        keys = [family] if isinstance(lists, list) else [f'"{family}", "{k}"' for k in lists]
        for key in keys:
            needle = f'"{key}"' if isinstance(lists, list) else key
            short = key.split('", "')[-1].strip('"') if not isinstance(lists, list) else key
            assert needle in code or f'["{short}"]' in code, f"lexicon.json {key!r} is read by no rule"
