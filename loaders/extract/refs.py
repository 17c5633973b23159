"""The value every rule passes around: an actor as one phrase names it, and the few words all resolvers share.

Kept apart from the resolver so the pronoun, agent and phrase modules can build refs without importing each other.
"""
from __future__ import annotations

from dataclasses import dataclass


CIVILIANS = "civilians"
GROUP_KINDS = {"military", "armed_group", "group", "coalition"}


@dataclass(frozen=True)
class Ref:
    """An actor as one phrase names it: `surface` is what the text says, `coref` marks a resolved pronoun."""

    actor: str
    surface: str
    i: int
    coref: bool = False


def dedupe(refs: list[Ref]) -> list[Ref]:
    seen, out = set(), []
    for r in refs:
        if r.actor not in seen:
            seen.add(r.actor)
            out.append(r)
    return out
