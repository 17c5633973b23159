"""One Publication per outlet, whichever way an input names it ("Reuters", "reuters.com", a URL).

Why: source-reliance and citation reports count by publication; "Reuters" from a credit line and "reuters.com"
from a URL must not become two outlets. Known outlets are the dictionary's media actors, matched by alias or by
the first label of the domain.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse

from graph.model import PublicationRecord

_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.I)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"


def domain_of(url_or_domain: str | None) -> str | None:
    """'https://www.reuters.com/world/x' -> 'reuters.com'; a bare domain passes through; anything else None."""
    if not url_or_domain:
        return None
    text = url_or_domain.strip()
    host = urlparse(text).netloc if "://" in text else text.split("/")[0]
    host = host.lower().split(":")[0]
    if host.startswith("www."):
        host = host[4:]
    return host if _DOMAIN.match(host) else None


class PublicationResolver:
    """Maps outlet names and domains to one canonical publication, using the media actors we know."""

    def __init__(self, media: dict[str, str] | None = None) -> None:
        #: lower-cased alias or domain stem -> canonical outlet name
        self.media = {k.lower(): v for k, v in (media or {}).items()}

    @classmethod
    def from_dictionary(cls, dictionary) -> "PublicationResolver":
        media: dict[str, str] = {}
        for a in dictionary.actors.values():
            if a.kind != "media":
                continue
            for form in [a.name, *a.aliases]:
                media.setdefault(form.lower(), a.name)
                media.setdefault(_slug(form).replace("_", ""), a.name)
        return cls(media)

    def resolve(self, name: str | None, url: str | None = None) -> PublicationRecord | None:
        domain = domain_of(url) or domain_of(name)
        canonical = None
        if name and not domain_of(name):
            canonical = self.media.get(name.strip().lower(), name.strip())
        elif domain:
            stem = domain.split(".")[0]
            canonical = self.media.get(stem) or self.media.get(domain) or domain
        if not canonical:
            return None
        return PublicationRecord(id=_slug(canonical), name=canonical, domain=domain)
