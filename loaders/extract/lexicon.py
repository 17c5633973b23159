"""Trigger lexicons (`loaders/data/lexicon.json`): validated once against one pydantic schema, then compiled.

Rules read word lists from data so an analyst can widen a family without touching code; the Matcher does the
scan over the whole document in compiled code, so Python only looks at sentences that hold a trigger.

What goes here: content words and closed lexical classes a reader might want to widen (trigger lemmas, pronouns,
role and place nouns, honorifics). What stays in code: dependency labels, POS tags, entity labels, actor kinds,
and the prepositions and determiners the argument-role layer reads as grammar (`c.dep_ in ("pobj", "pcomp")`,
`c.lower_ in ("of", "by")`): changing those changes what a rule means, not what it covers.
(`tests/test_lexicon_scope.py` holds the rule modules to this.)
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from graph.errors import InputError

LEXICON_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon.json"

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Words = Annotated[list[Word], Field(min_length=1)]
WordMap = Annotated[dict[Word, Word], Field(min_length=1)]


class _Family(BaseModel):
    """A family of word lists. Unknown keys are refused: a misspelt key would otherwise be a list no rule reads."""

    model_config = ConfigDict(extra="forbid")


class Strike(_Family):
    verbs: Words
    nouns: Words
    plural_nouns: Words  # plural attack nouns matched as written, beside the forms generated from `nouns`
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
    combat_nouns: list[Word] = Field(default_factory=list)  # "killed in clashes with X": X is the other side
    continue_verbs: list[Word] = Field(default_factory=list)  # "Russia resumed airstrikes": the subject's attacks
    party_nouns: list[Word] = Field(default_factory=list)  # "rebel areas", "Russian servicemen": the party is struck
    military_objects: list[Word] = Field(default_factory=list)  # "Syrian airbase": a state owns it
    of_target_nouns: Words  # attack nouns whose "of" names the struck: "the shelling of Kharkiv"
    left_harmed: Words  # "leaving 12 civilians dead": the adjectives that make "leave" a casualty verb
    death_nouns: Words  # "the deaths of 20 people in strikes by X": over an attack noun, "of" names its victims
    saying_forms: Words  # verb forms, as written, after which a name speaks: "... people Human Rights Watch said"
    holder_participles: Words  # "rebel-held", "Kurdish-controlled": the modifier names the holder, not the struck
    dispatch_verbs: Words  # "X sent drones to strike Y", beside weapon_verbs: the subject uses the means
    attempt_verbs: Words  # "X tried to shell Y", beside continue_verbs: the infinitive is the subject's deed
    weapon_names: Words  # named weapon systems ("Himars", "Kalibr"): a means, never an actor of its own


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
    # verbs whose subject makes the accusation its object names: "X levelled / repeated the accusation that ..."
    accusation_verbs: list[Word] = []
    # blame nouns whose "of" / "against" names the victims: "the murders of Ukrainians"
    victim_of_nouns: list[Word] = []
    # blame cues whose passive subject is the culprit: "X must be punished for the attack" (also listed in cues)
    punish_verbs: list[Word] = []
    dismay_verbs: Words  # passives whose cause is blamed: "X was appalled by the strike"
    end_nouns: Words  # calls to end a deed name its culprit: "demanded an end to the shelling by X"
    hold_forms: Words  # the HOLD trigger ("holds X responsible"), as written: no forms are generated


class Deny(_Family):
    verbs: Words
    adjectives: Words
    claim_nouns: Words
    not_claims: Words
    relayed_claims: Words  # a denied claim that relays its accuser's charge: "denied the report by X"
    claim_subjects: Words  # subjects of "is groundless" that are a claim, beside claim_nouns


class Say(_Family):
    verbs: Words
    weak_verbs: Words
    document_nouns: Words
    speaker_nouns: Words
    passive_by: Words
    titles: Words
    author_nouns: Words
    # weak verbs whose infinitive is a deed, not words: "the UK and France agreed to provide more support"
    infinitive_acts: list[Word] = []
    # heads of unnamed groups that speak and blame: "the international community", "a military account"
    collective_nouns: list[Word] = []
    cite_words: Words  # "citing X" / "quoting X": the object is the voice


class Provenance(_Family):
    hedges: Words
    negations: Words
    negating_heads: Words
    modal_aux: Words
    hypothetical_heads: Words
    hypothetical_marks: Words


class Pronouns(_Family):
    # word -> kind: "person" (he/she), "thing" (it), "plural" (they), "first" (I/we); loaders/extract/pronouns.py
    table: Annotated[dict[Word, Literal["first", "person", "thing", "plural"]], Field(min_length=1)]
    relative: Words  # relative pronouns: a clause's subject that names its head, not an actor
    third_person_subjects: Words  # who a denial is by when a pronoun says it


class Refer(_Family):
    # definite descriptions ("the ministry") -> [actor kind or null, word the earlier name or role must hold]
    definite: Annotated[dict[Word, tuple[Optional[Word], Optional[Word]]], Field(min_length=1)]
    owner_verbs: Words  # "forces loyal to / backed by X": the owner of a role noun
    role_nouns: Words  # nouns that stand for their owner ("Russian forces", "the regime's jets"), beside speakers
    part_words: Words  # "much of the international community": the group is under "of"
    aspect_verbs: Words  # verbs whose object is no patient of the strike: "continued the attacks"
    blame_verbs: Words  # "attacks blamed on X" / "attributed to X"
    series_nouns: Words  # "a wave of strikes by X": the series has the strikes' agent


class Mention(_Family):
    # head words of an unknown organisation's name -> its kind; the first that the name holds wins, so order counts
    org_hints: WordMap
    place_heads: Words  # "the city of X": X is a place, whatever the recogniser says
    voice_words: Words  # cues of a voice that make a sentence worth parsing: "according to", "citing"
    honorifics: Words  # capitalised words (case kept) that start a name of nobody: "Mr Blair": "Blair" is the name


class Event(_Family):
    """The words events.py reads a casualty count and an event's kind from (loaders/extract/events.py)."""

    numbers: Annotated[dict[Word, Annotated[int, Field(gt=0)]], Field(min_length=1)]  # "dozens" -> 24
    killed: Words  # words as written near a number that make it the dead: "30 dead", "killed 12"
    injured: Words  # the same for the wounded: "five injured"
    vague_kinds: Words  # event kinds a more specific kind of the same event replaces when merged


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
    pronouns: Pronouns
    refer: Refer
    mention: Mention
    event: Event


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

    def exact(self, family: str, key: str) -> tuple[str, ...]:
        """The list as written, order and case kept: for the few lists where either is meaningful."""
        return tuple(self.data[family][key])

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
