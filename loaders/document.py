"""A source document as the loaders hand it to extraction: text plus whatever metadata we know."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from pydantic import BaseModel


def normalise_text(text: str) -> str:
    """Unicode NFC, unified newlines, trimmed trailing spaces: the form ids and hashes are computed on."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[ \t]+\n", "\n", text).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class Document(BaseModel):
    """One article. `id` is the given id, or a hash of the normalised text when none is given."""

    id: str
    text: str
    source: str | None = None  # file name (for file inputs) or record id: what the analyst recognises
    title: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    url: str | None = None
    publication: str | None = None  # publication name
    byline: str | None = None

    @property
    def text_hash(self) -> str:
        return text_hash(self.text)

    @classmethod
    def from_text(cls, text: str, **meta) -> "Document":
        doc_id = meta.pop("id", None) or "doc-" + text_hash(text)[:16]
        return cls(id=doc_id, text=normalise_text(text), **meta)
