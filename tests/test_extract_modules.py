"""The extraction package's seams: one pronoun inventory every step reads, and the resolver split into modules
that stay small enough to read, with its public names where callers import them."""
from __future__ import annotations

from pathlib import Path

EXTRACT = Path(__file__).resolve().parent.parent / "loaders" / "extract"


def test_one_pronoun_inventory():
    from loaders.extract import coref, focus, mentions, pronouns, voice

    assert mentions.PRONOUNS is pronouns.PRONOUNS and focus.PRONOUNS is pronouns.PRONOUNS
    assert voice.FIRST_PERSON is pronouns.FIRST_PERSON and coref.PERSON_PRON is pronouns.PERSON_PRON
    assert pronouns.FIRST_PERSON | pronouns.PERSON_PRON | pronouns.THING_PRON | pronouns.PLURAL_PRON == \
        pronouns.PRONOUNS
    assert "who" in pronouns.REFERRING and "themselves" not in pronouns.REFERRING


def test_resolver_names_stay_importable_from_resolve():
    from loaders.extract.resolve import CIVILIANS, DEFINITE, Ref, Resolver

    assert CIVILIANS == "civilians" and "ministry" in DEFINITE
    assert Ref("x", "X", 0).coref is False
    assert all(hasattr(Resolver, m) for m in ("np_actors", "coref", "definite", "subject_of", "event_agent",
                                               "culprits", "named_group"))


def test_speech_modules_stay_under_400_lines():
    for name in ("resolve", "refs", "coref", "agents", "voice", "speakers", "accuses", "denies", "mentions",
                 "provenance", "pronouns"):
        n = len((EXTRACT / f"{name}.py").read_text(encoding="utf-8").splitlines())
        assert n < 400, f"loaders/extract/{name}.py has {n} lines"
