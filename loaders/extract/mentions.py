"""Actor and place mentions: dictionary aliases first (PhraseMatcher), then spaCy entities as discovered actors.

The dictionary wins over the model: an alias is a curated decision ("Moscow" in a quote is Russia), an entity
label is a guess. Discovered actors get a stable id from their name, and titles in front of a person ("Russian
Foreign Ministry spokesperson Maria Zakharova") give the person's parent and role.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from graph.errors import InputError
from loaders.actors import ActorDictionary, ActorEntry
from loaders.extract.lexicon import load_lexicon
from loaders.extract.pronouns import PRONOUNS

ENT_KINDS = {"PERSON": "person", "ORG": "other", "NORP": "group", "GPE": "location", "FAC": "location",
             "LOC": "location"}
PLACE_LABELS = {"GPE", "FAC", "LOC"}
#: (head word, kind) of unknown organisations, in lexicon order: the first the name holds wins (mention.org_hints)
ORG_HINTS = tuple((w.lower(), k) for w, k in load_lexicon().data["mention"]["org_hints"].items())


CONTEXT_FILE = Path(__file__).resolve().parent.parent / "data" / "context_aliases.json"


def load_context_aliases(path: Path = CONTEXT_FILE) -> dict[str, dict]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rules = {k.lower(): v for k, v in data["aliases"].items()}
    except (ValueError, KeyError, AttributeError) as exc:
        raise InputError(f"{path}: {exc}; expected {{\"aliases\": {{alias: {{\"requires\": [ids]}}}}}}.") from None
    for alias, rule in rules.items():
        if not isinstance(rule, dict) or not isinstance(rule.get("requires", []), list):
            raise InputError(f"{path}: alias {alias!r} needs an object with a list `requires`; fix it.")
    return rules


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"


@dataclass
class Mention:
    start: int  # token index
    end: int
    surface: str
    actor: str | None = None  # actor id
    place: str | None = None  # place id (gazetteer or discovered)
    source: str = "dict"  # dict | ner | title


@dataclass
class Discovered:
    """An actor not in the dictionary, as this article names it."""

    id: str
    name: str
    kind: str
    parent: str | None = None
    role: str | None = None
    confidence: float = 0.6


class ActorIndex:
    """Compiled once per Extractor: alias matchers over the dictionary and the gazetteer."""

    def __init__(self, nlp, dictionary: ActorDictionary, titles=frozenset(), stop_heads=frozenset()) -> None:
        self.dictionary = dictionary
        self.context = load_context_aliases()
        self.titles = titles  # words stripped from the front of a person's name ("Spokesperson Maria Zakharova")
        self.stop_heads = stop_heads  # entity heads that are events, not actors ("Rocket Attack")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.key_actor: dict[int, str] = {}
        self.key_place: dict[int, str] = {}
        self.place_alias: dict[str, str] = {}
        for a in dictionary.actors.values():
            self._add(nlp, f"A|{a.id}", [a.name, *a.aliases], self.key_actor, a.id)
        for p in dictionary.places.values():
            self._add(nlp, f"P|{p.id}", [p.name, *p.aliases], self.key_place, p.id)
            for s in [p.name, *p.aliases]:
                self.place_alias[s.lower()] = p.id
        self.alias_lower: dict[str, str] = {}
        for a in dictionary.actors.values():
            for al in [a.name, *a.aliases]:
                self.alias_lower.setdefault(al.lower(), a.id)
        self.state_prefixes: dict[str, list[str]] = {
            a.id: [al for al in [a.name, *a.aliases] if al[:1].isupper() and " " not in al]
            for a in dictionary.actors.values() if a.kind == "state"}
        self.person_last: dict[str, str] = {}
        for a in dictionary.actors.values():
            if a.kind == "person":
                self.person_last.setdefault(a.name.split()[-1], a.id)

    def _add(self, nlp, key: str, names: list[str], table: dict, value: str) -> None:
        exact, lower = [], []
        forms = {n.strip() for n in names if n and n.strip()}
        forms |= {f.replace("'", "\u2019") for f in forms} | {f.replace("\u2019", "'") for f in forms}
        # texts that lost their apostrophes ("Daish" for "Da'ish") still name the actor; not a possessive
        # ("Assad's government"): without its apostrophe the name glues onto the words around it
        forms |= {f.replace("'", "") for f in forms if "'" in f and not re.search(r"'s\b", f) and len(f) > 4}
        for s in forms:
            # Acronyms and all-caps forms match case-sensitively ("US" is not "us", "IS" is not "is").
            (exact if s.isupper() or len(s) <= 3 else lower).append(nlp.make_doc(s))
        if exact:
            self.exact.add(key, exact)
        if lower:
            self.lower.add(key, lower)
        h = nlp.vocab.strings[key]
        table[h] = value


@dataclass
class MentionTable:
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, int] = field(default_factory=dict)  # token index -> mention index
    discovered: dict[str, Discovered] = field(default_factory=dict)
    titles: list[tuple[int, str, str, str]] = field(default_factory=list)  # (token, title, person id, name)

    def at(self, i: int) -> Mention | None:
        k = self.by_token.get(i)
        return self.mentions[k] if k is not None else None


def _apply_context(sdoc, table: MentionTable, index: ActorIndex) -> None:
    """Context-dependent aliases: keep them only where the article is about their conflict."""
    ctx = index.context
    if not ctx:
        return
    d = index.dictionary
    plain = [m for m in table.mentions if m.actor and not (m.source == "dict" and m.surface.lower() in ctx)]
    present = {d.rollup(m.actor) for m in plain if m.actor in d.actors} | {m.actor for m in plain}
    present |= {d.places[m.place].country for m in table.mentions if m.place in d.places}  # Idlib -> Syria
    keep = []
    for m in table.mentions:
        rule = ctx.get(m.surface.lower()) if m.source == "dict" and m.actor else None
        if rule is None:
            keep.append(m)
            continue
        prev = keep[-1] if keep else None
        if prev is not None and prev.end == m.start and prev.actor and d.get(prev.actor) is not None \
                and d.get(prev.actor).kind == "state" and sdoc[prev.end - 1].dep_ in ("amod", "compound", "poss"):
            # "the Iranian regime": the state named before it owns it
            keep.pop()
            keep.append(Mention(prev.start, m.end, sdoc[prev.start:m.end].text, actor=prev.actor))
            continue
        owner = _of_state(sdoc, table, m, d)
        if owner is not None:
            # "the Ministry of Defence of the Russian Federation": the state named after it owns it
            aid = qualified(index, [owner], m.surface.lower().removeprefix("the ")) or owner
            keep.append(Mention(m.start, m.end, m.surface, actor=aid))
            continue
        head = m.surface.lower().split()[-1]
        named = next((k for k in reversed(keep) if k.actor and k.actor != m.actor and len(k.surface.split()) > 1
                      and k.surface.lower().split()[-1] == head and k.surface.lower() not in ctx), None)
        if named is not None:
            # "the Saudi-led coalition ... the coalition": the bare noun names the one the article named before
            keep.append(Mention(m.start, m.end, m.surface, actor=named.actor))
            continue
        if any(r in present for r in rule.get("requires", [])):
            keep.append(m)
    table.mentions = keep


def _of_state(sdoc, table: MentionTable, m: Mention, d) -> str | None:
    k = m.end
    if k < len(sdoc) and sdoc[k].lower_ == "of":
        k += 1 + (k + 1 < len(sdoc) and sdoc[k + 1].lower_ == "the")
        nxt = next((x for x in table.mentions if x.start == k), None)
        if nxt is not None and nxt.actor and d.get(nxt.actor) is not None and d.get(nxt.actor).kind == "state":
            return nxt.actor
    return None


def qualified(index: ActorIndex, states: list[str], phrase: str) -> str | None:
    """"the defence ministry" after Russia was named: the dictionary's "Russian defence ministry"."""
    for sid in states:
        for pre in index.state_prefixes.get(sid, []):
            aid = index.alias_lower.get(f"{pre} {phrase}".lower())
            if aid:
                return aid
    return None


def _qualify_with_state(sdoc, table: MentionTable, index: ActorIndex) -> None:
    recent: list[str] = []
    for m in table.mentions:
        if m.actor and m.source == "ner" and m.actor in table.discovered and table.discovered[m.actor].kind != "person":
            phrase = m.surface
            if phrase[:1].islower() or (m.start > 0 and sdoc[m.start - 1].lower_ == "the"):
                aid = qualified(index, recent[:3], phrase)
                if aid:
                    m.actor = aid
                    m.source = "dict"
                    continue
        if m.actor:
            st = m.actor if m.actor in index.state_prefixes else None
            if st is None and m.actor in index.dictionary.actors:
                top = index.dictionary.rollup(m.actor)
                st = top if top in index.state_prefixes else None
            if st:
                if st in recent:
                    recent.remove(st)
                recent.insert(0, st)


def find_mentions(sdoc, index: ActorIndex) -> MentionTable:
    found: dict[tuple[int, int], list] = {}
    for matcher in (index.exact, index.lower):
        for key, s, e in matcher(sdoc):
            slot = found.setdefault((s, e), [None, None])
            if key in index.key_actor and slot[0] is None:
                slot[0] = index.key_actor[key]
            elif key in index.key_place and slot[1] is None:
                slot[1] = index.key_place[key]
    person_names = []
    for ent in sdoc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            k = ent.start
            while k < ent.end - 1 and sdoc[k].lower_ in index.titles:
                k += 1
            person_names.append((k, ent.end))
    def inside_name(s, e):  # "Abu Jandal al-Kuwaiti" is a man, not Kuwait
        actor = found[(s, e)][0]
        entry = index.dictionary.get(actor) if actor else None
        if entry is None or entry.kind != "state":
            return False
        return any(ns + 2 <= s and e <= ne for ns, ne in person_names)
    dict_spans = filter_spans([Span(sdoc, s, e) for s, e in found if not inside_name(s, e)])
    table = MentionTable()
    taken = set()
    for sp in dict_spans:
        actor, place = found[(sp.start, sp.end)]
        # a place that also names an actor ("Damascus", "Syria") keeps both readings
        m = Mention(sp.start, sp.end, sp.text, actor=actor, place=place)
        table.mentions.append(m)
        taken.update(range(sp.start, sp.end))
    # Actors and places known both ways ("Damascus"): keep the actor, remember the place.
    ent_at = {}
    for ent in sdoc.ents:
        for i in range(ent.start, ent.end):
            ent_at[i] = ent
        if ent.label_ == "PERSON":
            k = ent.start
            while k < ent.end - 1 and sdoc[k].lower_ in index.titles:
                k += 1
            ent = sdoc[k:ent.end]
            ent.label_ = "PERSON"
        if ent.label_ not in ENT_KINDS or any(i in taken for i in range(ent.start, ent.end)):
            continue
        if ent.root.lemma_.lower() in index.stop_heads or ent.root.lower_ in index.stop_heads:
            continue
        text = _clean_ent(ent)
        if not text or text.lower() in PRONOUNS:
            continue
        m = _discover(ent, text, index, table)
        if m:
            table.mentions.append(m)
            taken.update(range(ent.start, ent.end))
    table.mentions.sort(key=lambda m: m.start)
    _apply_context(sdoc, table, index)
    _qualify_with_state(sdoc, table, index)
    # A dictionary alias inside a longer organisation name keeps the name as written ("Amnesty Internationals").
    for m in table.mentions:
        ent = ent_at.get(m.start)
        if m.source == "dict" and ent is not None and ent.label_ in ("ORG", "NORP", "GPE") and ent.start == m.start \
                and m.end < ent.end <= m.end + 2 and all(t.pos_ == "PROPN" and t.is_alpha for t in sdoc[m.end:ent.end]) \
                and ent.root.lower_ not in index.stop_heads:
            m.surface = _clean_ent(ent)
            m.end = ent.end
    table.mentions.sort(key=lambda m: m.start)
    for k, m in enumerate(table.mentions):
        for i in range(m.start, m.end):
            table.by_token[i] = k
    _attach_titles(sdoc, table, index.dictionary, index.titles)
    return table


def _clean_ent(ent) -> str:
    toks = [t for t in ent if not (t.i == ent.start and t.lower_ in ("the", "a", "an"))]
    text = "".join(t.text_with_ws for t in toks).strip()
    text = re.sub(r"[\u2019']s$", "", text).strip()
    return text


PLACE_HEADS = load_lexicon().words("mention", "place_heads")


def _discover(ent, text: str, index: ActorIndex, table: MentionTable) -> Mention | None:
    label = ent.label_
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in PLACE_HEADS:
        label = "GPE"  # "the city of Kremenchuk", whatever the model thought it was
    if label in PLACE_LABELS:
        pid = index.place_alias.get(text.lower()) or "place_" + slug(text)
        if pid.startswith("place_") and len(text) < 3:
            return None
        return Mention(ent.start, ent.end, text, place=pid, source="ner")
    if label in ("ORG", "GPE", "NORP") and " " not in text:
        # a surname the model mislabels ("Veale said"): the person met earlier, when there is one
        for d in table.discovered.values():
            if d.kind == "person" and d.name.split()[-1] == text:
                return Mention(ent.start, ent.end, text, actor=d.id, source="ner")
        if text in index.person_last and label == "ORG" and any(
                m.actor == index.person_last[text] for m in table.mentions if m.start < ent.start):
            return Mention(ent.start, ent.end, text, actor=index.person_last[text], source="ner")
    if label == "PERSON":
        last = text.split()[-1]
        # A short name refers back to the full name met earlier in the article (or in the dictionary).
        for d in table.discovered.values():
            if d.kind == "person" and (d.name.split()[-1] == last or d.name == text):
                return Mention(ent.start, ent.end, text, actor=d.id, source="ner")
        if " " not in text and last in index.person_last and any(
                m.actor == index.person_last[last] for m in table.mentions if m.start < ent.start):
            return Mention(ent.start, ent.end, text, actor=index.person_last[last], source="ner")
        kind = "person"
    elif label == "NORP":
        kind = "group"
    else:
        low = text.lower()
        kind = next((k for hint, k in ORG_HINTS if hint in low.split()), "other")
    aid = ("person_" if kind == "person" else "org_") + slug(text)
    table.discovered.setdefault(aid, Discovered(aid, text, kind))
    return Mention(ent.start, ent.end, text, actor=aid, source="ner")


def _record_titles(sdoc, table: MentionTable, dictionary: ActorDictionary, titles=frozenset()) -> None:
    """"Foreign Secretary Boris Johnson" lets a later "the Foreign Secretary" mean Johnson."""
    for m in table.mentions:
        if not m.actor:
            continue
        d = table.discovered.get(m.actor)
        kind = d.kind if d else (dictionary.get(m.actor).kind if dictionary.get(m.actor) else None)
        if kind != "person":
            continue
        head = sdoc[m.end - 1]
        words = [t.lower_ for t in sdoc[head.left_edge.i:m.start]
                 if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.i not in table.by_token]
        words += [t.lower_ for t in sdoc[m.start:m.end - 1] if t.lower_ in titles]  # an alias with its title
        if words:
            name = " ".join(t.text for t in sdoc[m.start:m.end] if t.lower_ not in titles) or m.surface
            table.titles.append((m.start, " ".join(words), m.actor, name))


def _attach_titles(sdoc, table: MentionTable, dictionary: ActorDictionary, titles=frozenset()) -> None:
    """Titles and appositions in front of a discovered person give its parent and role."""
    _record_titles(sdoc, table, dictionary, titles)
    for m in table.mentions:
        d = table.discovered.get(m.actor or "")
        if d is None or d.kind != "person" or d.parent:
            continue
        head = sdoc[m.end - 1]
        left = sdoc[head.left_edge.i:m.start] if head.left_edge.i < m.start else None
        parent, role_toks = None, []
        if left is not None:
            for t in left:
                mm = table.at(t.i)
                if mm and mm.actor and mm.actor != m.actor:
                    parent = mm.actor
                elif t.pos_ in ("NOUN", "PROPN", "ADJ") and not mm:
                    role_toks.append(t.lower_)
        if parent is None:
            # "the ministry's spokesman, Igor Konashenkov" / "Igor Konashenkov, spokesman of the ministry"
            other = head.head if head.dep_ == "appos" else next((c for c in head.children if c.dep_ == "appos"),
                                                                 None)
            if other is not None:
                for t in other.subtree:
                    mm = table.at(t.i)
                    if mm and mm.actor and mm.actor != m.actor:
                        parent = mm.actor
                        break
                role_toks = role_toks or [other.lower_] if other.pos_ == "NOUN" else role_toks
        if parent and parent in table.discovered and table.discovered[parent].kind == "person":
            parent = None
        d.parent = parent
        d.role = " ".join(role_toks) or None
        if parent:
            d.confidence = 0.7


def entry_of(aid: str, dictionary: ActorDictionary, table: MentionTable) -> ActorEntry | Discovered | None:
    return dictionary.get(aid) or table.discovered.get(aid)
