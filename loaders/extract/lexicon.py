"""Trigger lexicons (`loaders/data/lexicon.json`): validated once, compiled into one spaCy Matcher.

Rules read word lists from data so an analyst can widen a family without touching code; the Matcher does the
scan over the whole document in compiled code, so Python only looks at sentences that hold a trigger.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.errors import InputError

LEXICON_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon.json"

REQUIRED = {
    "strike": ["verbs", "nouns", "weapon_verbs", "weapons", "carry_verbs", "needs_violent_object", "event_kinds",
               "physical_objects", "verbal_attack_verbs", "involve_verbs", "harm_verbs"],
    "accuse": ["verbs", "addressee_verbs", "stop_verbs", "concern_verbs", "concern_nouns", "responsible", "nouns",
               "cues", "weak_cues", "conduct_nouns", "concern_adjectives"],
    "deny": ["verbs", "adjectives", "claim_nouns"],
    "say": ["verbs", "weak_verbs", "document_nouns", "speaker_nouns", "according"],
    "provenance": ["hedges", "negations", "negating_heads", "modal_aux", "hypothetical_heads", "hypothetical_marks"],
}


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


def validate(data: dict, path: Path) -> None:
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object of families; see the shipped lexicon.json.")
    for fam, keys in REQUIRED.items():
        if fam not in data:
            raise InputError(f"{path}: missing family {fam!r}; add it with keys {', '.join(keys)}.")
        for k in keys:
            v = data[fam].get(k)
            if not isinstance(v, (list, dict)) or not v:
                raise InputError(f"{path}: {fam}.{k} must be a non-empty list (or object); fix the file.")
            items = v if isinstance(v, list) else list(v)
            bad = [w for w in items if not isinstance(w, str) or not w.strip()]
            if bad:
                raise InputError(f"{path}: {fam}.{k} holds a non-string or empty entry ({bad[0]!r}); fix it.")
    for k in ("victims", "not_actors", "generic_actors", "quantity_nouns"):
        if not isinstance(data.get(k), list):
            raise InputError(f"{path}: {k!r} must be a list of words.")


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    p = Path(path) if path else LEXICON_FILE
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{p}: not valid JSON ({exc}); fix the file.") from None
    validate(data, p)
    return Lexicon(data)
