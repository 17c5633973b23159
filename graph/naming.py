"""Which name to show for an actor in a statement row: the words of the text, or the dictionary's name.

Why: analysts (and gold inventories) recognise an actor by the form the article uses ("Moscow", "the Pentagon",
"Da'esh"); the dictionary name is the fallback when the text used a pronoun or only a title, and for known
persons, whose full dictionary name is the clearer label. Which words are pronouns is the extractor's knowledge
(`loaders/extract/pronouns.py`): it stores the antecedent's words, or none, for a pronoun.
"""
from __future__ import annotations

def display_name(name: str | None, kind: str | None, known: bool | None, surface: str | None) -> str | None:
    """The text's own words unless it gave none (extraction keeps no pronoun as a surface), or a known person."""
    if not surface or not surface.strip():
        return name
    if kind == "person" and known:
        return name
    return surface.strip()
