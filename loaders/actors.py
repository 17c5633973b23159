"""The actor dictionary and the place gazetteer: curated data files, validated on load, merged with the user's.

Extraction only trusts what it can name: every alias maps to one curated actor whose `parent` chain gives the
state-level (rollup) view. Bad lines are reported with file and line so the analyst can fix the file, not the code.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from graph.errors import InputError
from graph.model import ACTOR_KINDS as MODEL_KINDS

DATA_DIR = Path(__file__).resolve().parent / "data"
ACTORS_FILE = DATA_DIR / "actors.jsonl"
PLACES_FILE = DATA_DIR / "places.jsonl"

#: The kinds a dictionary entry may have: those of the data model (`graph.model.ActorKind`).
ACTOR_KINDS = frozenset(MODEL_KINDS)


class ActorFileError(InputError):
    """A line of an actor or place file is not valid."""


class ActorEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    kind: str = "other"
    parent: str | None = None
    aliases: list[str] = []
    wikidata: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None

    @field_validator("id", "name")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v.strip()

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, v: str) -> str:
        if v not in ACTOR_KINDS:
            raise ValueError(f"unknown kind {v!r} (use one of {', '.join(sorted(ACTOR_KINDS))})")
        return v


class PlaceEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    kind: str = "place"
    country: str | None = None
    aliases: list[str] = []


def _read_jsonl(path: Path, model: type[BaseModel]) -> list[tuple[BaseModel, int]]:
    """Entries with their line numbers; the first bad line raises with file:line and the reason."""
    path = Path(path)
    if not path.exists():
        raise ActorFileError(f"{path}: file not found; give the path of a JSONL file with one entry per line.")
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                raw = json.loads(line)
            except ValueError as exc:
                raise ActorFileError(f"{path}:{n}: not valid JSON ({exc.msg}); write one JSON object per line.")
            if not isinstance(raw, dict):
                raise ActorFileError(f"{path}:{n}: expected a JSON object with id, name, kind.")
            try:
                out.append((model.model_validate(raw), n))
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"]) or "line"
                raise ActorFileError(f"{path}:{n}: field {where!r}: {err['msg']}; fix this line.")
    return out


@dataclass
class ActorDictionary:
    """Actors by id, with where each came from (for error messages) and rollup helpers."""

    actors: dict[str, ActorEntry] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    places: dict[str, PlaceEntry] = field(default_factory=dict)

    def add_file(self, path: Path) -> None:
        """Merge a dictionary file: a later entry with the same id replaces the earlier one."""
        for entry, n in _read_jsonl(Path(path), ActorEntry):
            self.actors[entry.id] = entry
            self.origin[entry.id] = f"{path}:{n}"

    def add_places(self, path: Path) -> None:
        for entry, _n in _read_jsonl(Path(path), PlaceEntry):
            self.places[entry.id] = entry

    def add(self, entries: Iterable[ActorEntry], origin: str = "<code>") -> None:
        for e in entries:
            self.actors[e.id] = e
            self.origin[e.id] = origin

    def validate(self) -> None:
        """Parents must exist and never loop; the error names the line to fix."""
        for aid, a in self.actors.items():
            if a.parent and a.parent not in self.actors:
                raise ActorFileError(
                    f"{self.origin.get(aid, aid)}: parent {a.parent!r} of {aid!r} is not a known actor id; "
                    "add that actor or fix the parent.")
            seen = {aid}
            p = a.parent
            while p:
                if p in seen:
                    raise ActorFileError(f"{self.origin.get(aid, aid)}: parent chain of {aid!r} loops through "
                                         f"{p!r}; break the cycle.")
                seen.add(p)
                p = self.actors[p].parent if p in self.actors else None

    def ancestors(self, aid: str) -> list[str]:
        out, seen = [], {aid}
        p = self.actors[aid].parent if aid in self.actors else None
        while p and p not in seen and p in self.actors:
            out.append(p)
            seen.add(p)
            p = self.actors[p].parent
        return out

    def rollup(self, aid: str) -> str:
        chain = self.ancestors(aid)
        return chain[-1] if chain else aid

    def get(self, aid: str) -> ActorEntry | None:
        return self.actors.get(aid)


def load_dictionary(actors_file: str | Path | None = None, *, builtin: bool = True) -> ActorDictionary:
    """The shipped dictionary and gazetteer (when present), merged with the user's `--actors FILE`."""
    d = ActorDictionary()
    if builtin and ACTORS_FILE.exists():
        d.add_file(ACTORS_FILE)
    if builtin and PLACES_FILE.exists():
        d.add_places(PLACES_FILE)
    for p in ([actors_file] if isinstance(actors_file, (str, Path)) else (actors_file or [])):
        d.add_file(Path(p))
    d.validate()
    return d
