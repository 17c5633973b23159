"""Word lists live in `loaders/data/lexicon.json`, not in the rule modules.

Why: a list kept in code is one an analyst cannot widen without a code change, and two copies of a list drift
(the pronoun lists did). The schema refuses a missing or empty list of the families the rules read, and the
scan below refuses a new inline list of plain words in the rule modules, leaving in code only what is grammar
(dependency labels, and the prepositions and determiners the argument-role layer reads) and the data model's
kinds.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from spacy.glossary import GLOSSARY

from graph.errors import InputError
from graph.model import ACTOR_KINDS
from loaders.extract.lexicon import LEXICON_FILE, load_lexicon

EXTRACT = Path(__file__).resolve().parent.parent / "loaders" / "extract"
#: The rule modules whose word lists must come from the lexicon.
RULE_MODULES = ["accuses", "agents", "coref", "denies", "mentions", "resolve", "refs", "speakers", "voice",
                "provenance", "focus", "pronouns", "engine", "strikes", "strike_roles", "strike_agents", "events",
                "raw"]
#: Grammar a rule may name in code: prepositions and determiners read as argument roles, and the pronouns a
#: clause's subject is when it names no actor ("it was a crime", "which killed ..."). "targeting" is here as
#: "regarding" is: a participle the parser hangs as a preposition ("strikes targeting X"), read as the struck
#: side (strikes.TARGET_PREPS).
GRAMMAR_WORDS = frozenset({
    "about", "against", "at", "by", "for", "from", "in", "of", "on", "onto", "over", "regarding", "to", "with",
    "upon", "toward", "towards", "into", "targeting", "near", "outside", "since", "during",
    "a", "an", "the", "this", "that", "these", "those", "such", "which", "what", "it",
})
#: Kinds are the data model's vocabulary, not words of the text: actor kinds, and the gazetteer's place kinds.
KINDS = frozenset(ACTOR_KINDS) | {json.loads(line)["kind"] for line in
                                  (EXTRACT.parent / "data" / "places.jsonl").read_text(encoding="utf-8").splitlines()
                                  if line.strip()}
#: A list this long of plain lower-case words is a word list, not a grammar test.
LONGEST_INLINE = 4


def _write(tmp_path: Path, data: dict) -> str:
    bad = tmp_path / "lexicon.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    return str(bad)


def _shipped() -> dict:
    return json.loads(LEXICON_FILE.read_text(encoding="utf-8"))


NEW_KEYS = [("pronouns", "table"), ("pronouns", "relative"), ("pronouns", "third_person_subjects"),
            ("refer", "definite"), ("refer", "owner_verbs"), ("refer", "role_nouns"), ("refer", "part_words"),
            ("refer", "aspect_verbs"), ("refer", "blame_verbs"), ("refer", "series_nouns"),
            ("mention", "org_hints"), ("mention", "place_heads"), ("mention", "voice_words"),
            ("mention", "honorifics"), ("strike", "plural_nouns"), ("accuse", "dismay_verbs"),
            ("accuse", "end_nouns"), ("accuse", "hold_forms"), ("deny", "relayed_claims"),
            ("deny", "claim_subjects"), ("say", "cite_words"),
            ("strike", "of_target_nouns"), ("strike", "left_harmed"), ("strike", "death_nouns"),
            ("strike", "saying_forms"), ("strike", "holder_participles"), ("strike", "dispatch_verbs"),
            ("strike", "attempt_verbs"), ("strike", "weapon_names"), ("event", "numbers"), ("event", "killed"), ("event", "injured"),
            ("event", "vague_kinds")]


@pytest.mark.parametrize("family, key", NEW_KEYS, ids=[f"{f}.{k}" for f, k in NEW_KEYS])
@pytest.mark.parametrize("how", ["missing", "empty"])
def test_a_missing_or_empty_word_list_fails_naming_its_key(tmp_path, family, key, how):
    data = _shipped()
    if how == "missing":
        del data[family][key]
    else:
        data[family][key] = {} if isinstance(data[family][key], dict) else []
    with pytest.raises(InputError, match=rf"{family}\.{key}\b"):
        load_lexicon(_write(tmp_path, data))


@pytest.mark.parametrize("family", ["pronouns", "refer", "mention", "event"])
def test_a_missing_family_fails_naming_it(tmp_path, family):
    data = _shipped()
    del data[family]
    with pytest.raises(InputError, match=rf"(?<![\w.]){family}: "):
        load_lexicon(_write(tmp_path, data))


def test_a_pronoun_of_no_known_kind_is_refused(tmp_path):
    data = _shipped()
    data["pronouns"]["table"]["thou"] = "second"
    with pytest.raises(InputError, match=r"pronouns\.table\.thou"):
        load_lexicon(_write(tmp_path, data))


def test_a_number_word_must_be_a_positive_count(tmp_path):
    data = _shipped()
    data["event"]["numbers"]["none"] = 0
    with pytest.raises(InputError, match=r"event\.numbers\.none"):
        load_lexicon(_write(tmp_path, data))


def test_a_word_added_to_the_lexicon_reaches_the_rules(tmp_path):
    """The rules read the compiled sets, so widening a list in the file widens what they see."""
    from loaders.extract.engine import build_sets, trigger_forms

    data = _shipped()
    data["refer"]["role_nouns"].append("Detachment")
    data["accuse"]["dismay_verbs"].append("sadden")
    data["accuse"]["hold_forms"].append("holdeth")
    lex = load_lexicon(_write(tmp_path, data))
    sets = build_sets(lex)
    assert "detachment" in sets["role_nouns"] and "sadden" in sets["dismay_verbs"]
    assert "holdeth" in trigger_forms(lex, sets)["HOLD"]
    assert "detachment" not in build_sets(load_lexicon())["role_nouns"]


def test_a_strike_word_added_to_the_lexicon_reaches_the_role_layer(tmp_path):
    """The role and agent rules read their newer lists per lexicon (strike_roles.words), not a module copy."""
    from types import SimpleNamespace

    from loaders.extract.strike_roles import words

    data = _shipped()
    data["strike"]["dispatch_verbs"].append("Dispatch")
    data["strike"]["attempt_verbs"].append("endeavour")
    custom = SimpleNamespace(lex=load_lexicon(_write(tmp_path, data)))
    shipped = SimpleNamespace(lex=load_lexicon())
    assert "dispatch" in words(custom, "strike", "dispatch_verbs")
    assert "endeavour" in words(custom, "strike", "attempt_verbs")
    assert "dispatch" not in words(shipped, "strike", "dispatch_verbs")


def test_module_names_derive_from_the_lexicon():
    """Names other modules and tests import stay, read from the file: one copy of each list."""
    from loaders.extract import coref, focus, mentions, pronouns

    lex = load_lexicon()
    assert pronouns.TABLE == lex.data["pronouns"]["table"]
    assert pronouns.RELATIVE == lex.words("pronouns", "relative")
    assert set(coref.DEFINITE) == set(lex.data["refer"]["definite"])
    assert [h for h, _ in mentions.ORG_HINTS] == list(lex.data["mention"]["org_hints"])
    assert focus.HONORIFICS == tuple(lex.data["mention"]["honorifics"]) and "Mr" in focus.HONORIFICS


def test_strike_and_event_names_derive_from_the_lexicon():
    """The STRIKES modules' lists other modules import (engine reads events.VAGUE_KINDS) are the file's."""
    from loaders.extract import events, pronouns, strike_roles, strikes

    lex = load_lexicon()
    assert strikes.OF_TARGET_NOUNS == lex.words("strike", "of_target_nouns")
    assert "shelling" in strikes.OF_TARGET_NOUNS
    assert strikes.LEFT_HARMED == lex.words("strike", "left_harmed")
    assert strikes.REFLEXIVE is pronouns.REFLEXIVE  # one pronoun inventory
    assert strike_roles.SAY_AFTER == lex.words("strike", "saying_forms")
    assert strike_roles.HELD_BY == lex.words("strike", "holder_participles")
    assert events.NUM_WORDS == lex.data["event"]["numbers"] and events.to_int("dozens") == 24
    assert events.KILLED == lex.words("event", "killed") and events.INJURED == lex.words("event", "injured")
    assert events.VAGUE_KINDS == lex.words("event", "vague_kinds")


def _inline_word_lists(tree: ast.AST):
    """(line, words) of every literal tuple / list / set, and every dict's keys, made only of plain lower-case
    words."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            elts = node.elts
        elif isinstance(node, ast.Dict):
            elts = [k for k in node.keys if k is not None]
        else:
            continue
        words = [e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if elts and len(words) == len(elts) and all(w.isalpha() and w.islower() for w in words):
            yield node.lineno, words


def _is_grammar(words: list[str]) -> bool:
    return all(w in GRAMMAR_WORDS or w in GLOSSARY or w in KINDS for w in words)


def test_the_scan_sees_an_inline_word_list():
    """The scan must catch what it is for, or it passes whatever the modules hold."""
    src = 'X = {"forces", "troops", "fighters", "militia", "jets"}\nif w in ("of", "by", "from", "with", "at"): pass\n'
    found = [(line, words) for line, words in _inline_word_lists(ast.parse(src))
             if len(words) > LONGEST_INLINE and not _is_grammar(words)]
    assert found == [(1, ["forces", "troops", "fighters", "militia", "jets"])]


@pytest.mark.parametrize("module", RULE_MODULES)
def test_no_rule_module_keeps_a_word_list_of_its_own(module):
    path = EXTRACT / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lists = [f"{path.name}:{line} {words}" for line, words in _inline_word_lists(tree)
             if len(words) > LONGEST_INLINE and not _is_grammar(words)]
    assert not lists, "word lists belong in loaders/data/lexicon.json (schema: loaders/extract/lexicon.py): " + \
        "; ".join(lists)
