"""Metadata recovered from the plain text of an article when no record gives it.

Why: most corpora are bare text files, yet the headline, publication date and outlet matter for analysis (who
said what, when, through which outlet) and the date anchors relative expressions ("last month", "on Saturday").
Only the head and tail of an article are searched: a date in the body is usually the date of an event, not of
publication. A date is returned only when day, month and year are all written down: the current date is never
used to fill a gap, so an undated article stays undated rather than silently dated today.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from urllib.parse import urlparse

#: Lines searched at the start (headline, byline, date line, dateline) and at the end (credit lines).
HEAD_LINES = 12
TAIL_LINES = 4

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
#: "11 June 2017", "08 February, 2018", "June 11, 2017", "2017-06-11", "11/06/2017" (day first).
_DATE = (
    rf"(?:{_WEEKDAY}\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}/\d{1,2}/\d{4})"
)
DATE_RE = re.compile(_DATE)
LABELLED_DATE_RE = re.compile(
    rf"^\s*(?:PUBLISHED|Published(?: on)?|Posted(?: on)?|Date|UPDATED|Updated|Last updated)\s*[:\-]?\s*({_DATE})",
    re.IGNORECASE,
)
#: Wire-style datelines: "MOSCOW, June 20 (Reuters) -", "KYIV, 3 March 2022 (AFP) —", "Sanaa, May 2 -".
DATELINE_RE = re.compile(
    rf"^\s*([A-Z][A-Za-z.'’ -]{{1,40}}?)(?:,\s*[A-Z][A-Za-z .'-]{{1,30}}?)?,\s*"
    rf"((?:{_WEEKDAY}\s+)?(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})(?:,?\s+(\d{{4}}))?)"
    r"\s*(?:\(([^()]{1,40})\))?\s*[-–—:]"
)
#: "WASHINGTON (AP) —", "(AFP) -": a credit in brackets right after a place name that opens the line.
CREDIT_PAREN_RE = re.compile(
    r"^\s*(?:[A-Z][\w.'’-]*,?\s+){0,6}\(([A-Z][A-Za-z.&'’ -]{0,38}[A-Za-z.])\)\s*[-–—]"
)
CREDIT_TAIL_RE = re.compile(
    r"(?:^|(?<=[.!?\"”’])\s*)(?:[-–—]{1,2}|©|(?i:\(c\)|Copyright|Source:|Credit:))\s*(?:\d{4}\s+)?"
    r"([A-Z][A-Za-z.&'’]*(?:\s+(?:[A-Z][A-Za-z.&'’-]*|of|the|al|de|el)){0,4})\s*\)?\.?\s*(?:\d{4})?\s*$"
)
BYLINE_RE = re.compile(
    r"^\s*By\s+([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|da|van|von|al|bin|el)){0,5})"
    r"\s*(?:$|(?:,|\||-|–|—|for)\s*([^,|–—]{1,40}?)\s*(?:$|[,|–—]))"
)
#: The outlet after a byline ("By A. Writer, Reuters"): one word, or a few capitalised ones.
OUTLET_RE = re.compile(r"^(?:[A-Za-z][\w.&'’-]*|[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){1,2})$")
URL_RE = re.compile(r"https?://[^\s<>()\[\]\"']+")
DOMAIN_RE = re.compile(
    r"^\s*(?:Source:\s*)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:com|org|net|info|news|co\.uk|co|uk|ru|ua|sy|il|ps|ye|ir|"
    r"tr|de|fr|qa|ae|sa|eu|int|gov|io|tv))/?\s*$",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\b(19[5-9]\d|20\d{2})\b")
#: Leave dates to the absolute parser only: "yesterday", "3 days ago" or a bare weekday never become a date.
DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "DATE_ORDER": "DMY",
}


@dataclass
class TextMeta:
    title: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    byline: str | None = None
    publication: str | None = None
    url: str | None = None
    domain: str | None = None


@lru_cache(maxsize=4096)
def parse_date(text: str | None) -> str | None:
    """An ISO date for a written date with day, month and year; None otherwise (never today's date)."""
    if not text or not text.strip():
        return None
    s = text.strip()
    try:  # ISO forms first: exact and cheap
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(s, languages=["en"], settings=DATEPARSER_SETTINGS)
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    return parsed.date().isoformat()


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def headline(lines: list[str]) -> str | None:
    """The first line, when it reads like a headline (3-30 words, more text after it).

    Lines of one or two words before it ("image image", a section name) are page furniture and are passed over;
    a long first line is a lead paragraph, not a headline, so the article stays untitled.
    """
    for i, ln in enumerate(lines[:4]):
        words = ln.split()
        if len(words) < 3:
            continue
        if i + 1 >= len(lines) or len(words) > 30 or BYLINE_RE.match(ln) or LABELLED_DATE_RE.match(ln):
            return None
        return ln
    return None


def _dateline(lines: list[str], text: str) -> tuple[str | None, str | None]:
    """(date, credit) from a wire dateline; a dateline without year borrows a year stated in the head."""
    for ln in lines[:HEAD_LINES]:
        m = DATELINE_RE.match(ln)
        if not m:
            continue
        when, year, credit = m.group(2), m.group(3), m.group(4)
        if year is None:
            years = _YEAR_RE.findall("\n".join(lines[:HEAD_LINES]))
            when = f"{when} {years[0]}" if years else None
        return parse_date(when) if when else None, credit.strip() if credit else None
    return None, None


def _head_date(lines: list[str]) -> str | None:
    """A labelled date line ("PUBLISHED : ..."), a line that is essentially a date, or a date set off by a dash
    near the start of a line ("By A. Writer – outlet – 11 June 2017 – ...")."""
    for ln in lines[:HEAD_LINES]:
        m = LABELLED_DATE_RE.match(ln)
        if m and (d := parse_date(m.group(1))):
            return d
    for ln in lines[:HEAD_LINES]:
        for m in DATE_RE.finditer(ln):
            short_line = len(ln.split()) <= 12 and len(ln) - len(m.group(0)) <= 40
            set_off = m.start() <= 80 and re.match(r"\s*(?:[-–—|]|$)", ln[m.end():])
            if (short_line or set_off) and (d := parse_date(m.group(0))):
                return d
    return None


def _credit(lines: list[str]) -> str | None:
    for ln in lines[:3]:
        if m := CREDIT_PAREN_RE.search(ln):
            return m.group(1).strip()
    for ln in lines[1:][-TAIL_LINES:]:  # never the headline ("Wales need a rest - Ruddock")
        if len(ln.split()) > 12 and not ln.rstrip(".").endswith(("AFP", "Reuters", "AP")):
            continue
        if m := CREDIT_TAIL_RE.search(ln):
            return m.group(1).strip()
    return None


def _url(lines: list[str]) -> tuple[str | None, str | None]:
    """A URL standing on its own line (or after "Source:") near the start or end names the article."""
    for ln in lines[:HEAD_LINES] + lines[-TAIL_LINES:]:
        m = URL_RE.search(ln)
        if m and len(ln) - len(m.group(0)) <= 20:
            url = m.group(0).rstrip(".,;")
            host = (urlparse(url).hostname or "").lower()
            return url, host.removeprefix("www.") or None
    for ln in lines[:HEAD_LINES] + lines[-TAIL_LINES:]:
        if m := DOMAIN_RE.match(ln):
            return None, m.group(1).lower()
    return None, None


def extract_metadata(text: str) -> TextMeta:
    """Headline, date, byline, publication credit and URL/domain found in the text, each None when absent."""
    lines = _lines(text)
    meta = TextMeta(title=headline(lines))
    outlet = None
    for ln in lines[:HEAD_LINES]:
        if m := BYLINE_RE.match(ln):
            meta.byline = m.group(1).strip()
            seg = (m.group(2) or "").strip()
            if seg and OUTLET_RE.match(seg) and not DATE_RE.search(seg):
                outlet = seg
            break
    line_date, wire = _dateline(lines, text)
    meta.date = _head_date(lines) or line_date
    meta.url, meta.domain = _url(lines)
    meta.publication = wire or _credit(lines) or outlet or meta.domain
    return meta


def iso_or_none(value: object) -> str | None:
    """Dates from records: ISO strings, datetimes, epoch seconds or written dates, as yyyy-mm-dd."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return parse_date(str(value))
