"""Which name to show for an actor in a statement row: the words of the text, or the dictionary's name.

Why: analysts (and gold inventories) recognise an actor by the form the article uses ("Moscow", "the Pentagon",
"Da'esh"); the dictionary name is the fallback when the text used a pronoun or only a title, and for known
persons, whose full dictionary name is the clearer label.
"""
from __future__ import annotations

PRONOUNS = frozenset(
    "he she it they we i him her them us its their his our who which that my me".split()
)


def display_name(name: str | None, kind: str | None, known: bool | None, surface: str | None) -> str | None:
    """The text's own words unless they are a pronoun, or the actor is a known person."""
    if not surface or surface.strip().lower() in PRONOUNS:
        return name
    if kind == "person" and known:
        return name
    return surface.strip()
