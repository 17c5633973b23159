"""Trigger lexicons (`loaders/data/lexicon.json`): validated once against one pydantic schema, then compiled.

Rules read word lists from data so an analyst can widen a family without touching code; the Matcher does the
scan over the whole document in compiled code, so Python only looks at sentences that hold a trigger.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from graph.errors import InputError

LEXICON_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon.json"

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Words = Annotated[list[Word], Field(min_length=1)]


class _Family(BaseModel):
    """A family of word lists. Unknown keys are refused: a misspelt key would otherwise be a list no rule reads."""

    model_config = ConfigDict(extra="forbid")


class Strike(_Family):
    verbs: Words
    nouns: Words
    weapon_verbs: Words
    weapons: Words
    carry_verbs: Words
    event_modifiers: Words  # words between an author and its attack noun: "Russian *air* strikes"
    patient_verbs: Words  # verbs that need an object: without one they are reduced passives
    needs_violent_object: Words
    event_kinds: Annotated[dict[Word, Word], Field(min_length=1)]
    involve_verbs: Words
    physical_objects: Words
    verbal_attack_verbs: Words
    harm_verbs: Words
    # the argument-role layer (strike_roles.py); defaults keep older lexicon files valid
    attacker_nouns: list[Word] = Field(default_factory=list)  # "an IS car bomb killed": whose means, whose deed
    unasserted_frames: list[Word] = Field(default_factory=list)  # "warns against new strikes", "halted raids"
    continue_verbs: list[Word] = Field(default_factory=list)  # "Russia resumed airstrikes": the subject's attacks
    party_nouns: list[Word] = Field(default_factory=list)  # "rebel areas", "Russian servicemen": the party is struck
    military_objects: list[Word] = Field(default_factory=list)  # "Syrian airbase": a state owns it


class Accuse(_Family):
    verbs: Words
    addressee_verbs: Words
    stop_verbs: Words
    concern_verbs: Words
    concern_nouns: Words
    responsible: Words
    nouns: Words
    cues: Words
    weak_cues: Words
    conduct_nouns: Words
    instrument_nouns: Words
    concern_adjectives: Words
    deed_nouns: Words
    oppose_verbs: Words


class Deny(_Family):
    verbs: Words
    adjectives: Words
    claim_nouns: Words
    not_claims: Words


class Say(_Family):
    verbs: Words
    weak_verbs: Words
    document_nouns: Words
    speaker_nouns: Words
    passive_by: Words
    titles: Words
    author_nouns: Words


class Provenance(_Family):
    hedges: Words
    negations: Words
    negating_heads: Words
    modal_aux: Words
    hypothetical_heads: Words
    hypothetical_marks: Words


class LexiconFile(_Family):
    """The whole of `lexicon.json`: every list a rule reads is declared here, so a missing, empty or extra key
    fails on load (and in the tests) instead of silently switching a rule off."""

    about: str = Field(default="", alias="_about")
    strike: Strike
    accuse: Accuse
    deny: Deny
    say: Say
    provenance: Provenance
    victims: Words
    quantity_nouns: Words
    generic_actors: Words


def inflections(lemma: str) -> set[str]:
    """Regular English forms of a lemma: over-generating is harmless, the Matcher only matches real tokens."""
    w = lemma.lower()
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er"}
    if w.endswith("e"):
        out |= {w[:-1] + "ing", w[:-1] + "ed"}
    if w.endswith("y"):
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return out


IRREGULAR = {
    "strike": {"struck", "stricken"}, "shoot": {"shot"}, "hit": {"hit", "hitting"}, "slay": {"slain", "slew"},
    "say": {"said"}, "tell": {"told"}, "write": {"wrote", "written"}, "find": {"found"}, "show": {"shown"},
    "deny": {"denied", "denies"}, "have": {"had", "has"}, "bring": {"brought"}, "hold": {"held"},
    "leave": {"left"}, "let": {"letting"}, "fight": {"fought"},
}


@dataclass(frozen=True)
class Lexicon:
    data: dict

    def words(self, family: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in self.data[family][key])

    def forms(self, family: str, key: str) -> set[str]:
        out: set[str] = set()
        for w in self.data[family][key]:
            last = w.lower().split()[-1]
            out |= inflections(last) | IRREGULAR.get(last, set())
        return out


def validate(data: object, path: Path) -> dict:
    """The lexicon as the rules read it, or one InputError naming every wrong key."""
    try:
        return LexiconFile.model_validate(data).model_dump(by_alias=True)
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'top level'}: {e['msg']}" for e in exc.errors())
        raise InputError(f"{path}: {where}; fix the file (the schema is loaders/extract/lexicon.py).") from None


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    p = Path(path) if path else LEXICON_FILE
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{p}: not valid JSON ({exc}); fix the file.") from None
    return Lexicon(validate(data, p))
