"""Events and places: each strike becomes an EventRecord (kind, date, place, casualties) the writer can merge
across articles; places become LocationRecords with their country from the gazetteer.
"""
from __future__ import annotations

import re
from datetime import datetime

from graph.model import EventRecord, LocationRecord, stable_id
from loaders.actors import ActorDictionary
from loaders.extract.lexicon import load_lexicon

_LEX = load_lexicon()
NUM_WORDS: dict[str, int] = {w.lower(): n for w, n in _LEX.data["event"]["numbers"].items()}
KILLED = _LEX.words("event", "killed")
INJURED = _LEX.words("event", "injured")
VAGUE_KINDS = _LEX.words("event", "vague_kinds")
_date_cache: dict = {}


def to_int(text: str) -> int | None:
    t = text.lower().replace(",", "").rstrip("+")
    if t.isdigit():
        return int(t)
    return NUM_WORDS.get(t)


def casualties(sent) -> tuple[int | None, int | None]:
    """Numbers tied to killing/injuring words in the sentence ("killed at least 28 people", "30 dead")."""
    killed = injured = None
    for t in sent:
        if t.like_num or t.lower_ in NUM_WORDS:
            n = to_int(t.text)
            if n is None:
                continue
            near = [x.lower_ for x in t.head.subtree] if t.head is not t else []
            around = {t.head.lower_, t.head.lemma_.lower(), t.head.head.lower_, t.head.head.lemma_.lower(), *near[:0]}
            window = {x.lower_ for x in sent[max(0, t.i - sent.start - 3):t.i - sent.start + 4]}
            if (around | window) & KILLED and killed is None:
                killed = n
            elif (around | window) & INJURED and injured is None:
                injured = n
    return killed, injured


def resolve_date(sent, article_date: str | None) -> str | None:
    """The first DATE entity of the sentence, read against the article's date ("on Saturday", "last month")."""
    ents = [e for e in sent.ents if e.label_ == "DATE"]
    if not ents:
        return None
    text = ents[0].text
    key = (text, article_date)
    if key in _date_cache:
        return _date_cache[key]
    out = None
    try:
        import dateparser

        base = datetime.fromisoformat(article_date) if article_date else None
        settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
        if base:
            settings["RELATIVE_BASE"] = base
        clean = re.sub(r"^(on|in|at|since|during|last|this)\s+(?=\w)", lambda m: "" if m.group(1) in (
            "on", "in", "at", "since", "during") else m.group(0), text, flags=re.I)
        d = dateparser.parse(clean, languages=["en"], settings=settings)
        if d and (base is None or d <= base):
            out = d.date().isoformat()
    except Exception:  # noqa: BLE001 - an unreadable date is just no date
        out = None
    _date_cache[key] = out
    return out


def place_records(table, dictionary: ActorDictionary) -> dict[str, LocationRecord]:
    out: dict[str, LocationRecord] = {}
    for m in table.mentions:
        if not m.place:
            continue
        entry = dictionary.places.get(m.place)
        if entry is not None:
            country = entry.country
            out[m.place] = LocationRecord(id=m.place, name=entry.name, country=country)
            if country and country not in out:
                c = dictionary.get(country)
                out[country] = LocationRecord(id=country, name=c.name if c else country.replace("_", " ").title())
        else:
            out.setdefault(m.place, LocationRecord(id=m.place, name=m.surface))
    return out


def event_for(doc_id: str, sent, trig, kind: str | None, place_id: str | None, article_date: str | None,
              ) -> EventRecord:
    killed, injured = casualties(sent)
    date = resolve_date(sent, article_date)
    return EventRecord(id=stable_id(doc_id, "event", sent.start_char, trig.i), kind=kind or "attack", date=date,
                       location=place_id, killed=killed, injured=injured, sentence=sent.text.strip())
