"""Unnamed armed authors ("terrorists fired shells", "militants attacked") in an article that names one armed
group as the author of its attacks: the unnamed ones are that group.

Why: outlets that call every armed opponent "terrorists" name the group once ("Nusra Front terrorists fired ...")
and then go on with the label alone. Kept as separate authors, the label outvotes the name it stands for. Only
when the article names exactly one armed group as an author: with two, the label could be either (or neither).
"""
from __future__ import annotations

from dataclasses import replace

from graph.model import RelType
from loaders.extract import provenance
from loaders.extract.raw import Raw
from loaders.extract.refs import Ref


def name_generic_authors(raws: list[Raw], kinds: dict[str, str], sets: dict) -> list[Raw]:
    generic = sets["generic"]

    def armed(r: Raw) -> bool:
        return r.type == RelType.STRIKES and r.source is not None and kinds.get(r.source.actor) == "armed_group"

    # an author the text asserts: "could be responsible", "did not attack" name nobody's attacks
    named = {r.source.actor: r.source.surface for r in raws if armed(r) and r.source.actor not in generic
             and not any(provenance.flags(r.trigger, sets)[1:])}
    if len(named) != 1:
        return raws
    (group, surface), = named.items()  # the name the text gave it: the label says nothing of who it is
    return [replace(r, source=Ref(group, surface, r.source.i, coref=True))
            if armed(r) and r.source.actor in generic and r.target.actor != group else r for r in raws]
