"""The one pronoun inventory: every rule that asks "is this word a pronoun, and of which kind" reads it here.

Why one place: mention finding, coreference, voice, denial threading and the scorer each kept their own list, and
the lists drifted ("ours" in one, "whose" in another), so the same word was a name in one step and a pronoun in
the next. The sets below are derived from one table of person and number, data in `loaders/data/lexicon.json`
(family `pronouns`), read once at import.
"""
from __future__ import annotations

from loaders.extract.lexicon import load_lexicon

_LEX = load_lexicon()
# word -> kind: "person" (he/she), "thing" (it), "plural" (they), "first" (I/we)
TABLE: dict[str, str] = {w.lower(): k for w, k in _LEX.data["pronouns"]["table"].items()}
REFLEXIVE = frozenset(w for w in TABLE if w.endswith(("self", "selves")))

#: every personal pronoun
PRONOUNS = frozenset(TABLE)
FIRST_PERSON = frozenset(w for w, k in TABLE.items() if k == "first")
PERSON_PRON = frozenset(w for w, k in TABLE.items() if k == "person")
THING_PRON = frozenset(w for w, k in TABLE.items() if k == "thing")
PLURAL_PRON = frozenset(w for w, k in TABLE.items() if k == "plural")
#: subject forms of the third person: who a denial or statement is by when a pronoun says it
THIRD_PERSON_SUBJECTS = _LEX.words("pronouns", "third_person_subjects")
RELATIVE = _LEX.words("pronouns", "relative")
#: words that name no one by themselves: a pronoun (not reflexive) or a relative as a statement's side
#: (what `loaders/evaluate.py` and `graph/naming.py` call their pronouns)
REFERRING = (PRONOUNS - REFLEXIVE - {"ours"}) | {"who", "which", "that"}


def naming_words(text: str | None) -> str | None:
    """The words that name an actor, or None for a pronoun or nothing: a statement's surface never is a pronoun
    (the dictionary name is shown instead; `graph/naming.py` relies on it and keeps no pronoun list)."""
    words = (text or "").strip()
    return None if not words or words.lower() in REFERRING else words
