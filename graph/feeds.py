"""RSS and Atom feeds -> their entries, through feedparser.

A feed lists articles; each entry gives the article's link, and usually its title,
publication date and a summary. :func:`read_feed` parses the bytes of a feed with
`feedparser <https://feedparser.readthedocs.io/>`_ (RSS 0.9x to 2.0, Atom, RDF) and
returns the entries in the feed's order; the pages themselves are read by
:mod:`graph.web`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import InputError
from .text import clean_text

__all__ = ["Entry", "looks_like_feed", "read_feed"]


@dataclass(frozen=True)
class Entry:
    """One feed entry.

    Attributes:
        link: the article's address, as the feed gives it (maybe relative).
        title: its headline.
        date: its publication (else update) date, ``YYYY-MM-DD``.
        summary: the feed's summary or full content, as plain text.
    """

    link: str | None
    title: str | None = None
    date: str | None = None
    summary: str | None = None


_FEED_TYPES = ("rss", "atom", "application/xml", "text/xml", "application/rdf+xml")


def looks_like_feed(content_type: str, head: bytes) -> bool:
    """Whether fetched bytes are a feed rather than a page, by their type or first tag.

    >>> looks_like_feed("application/rss+xml; charset=utf-8", b"")
    True
    >>> looks_like_feed("text/html", b"<!DOCTYPE html><html>")
    False
    >>> looks_like_feed("", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">')
    True
    """
    kind = content_type.split(";")[0].strip().lower()
    if "html" in kind:
        return False
    if any(name in kind for name in _FEED_TYPES):
        return True
    start = head.lstrip()[:512].lower()
    return start.startswith(b"<?xml") or start.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def read_feed(data: bytes, where: str) -> list[Entry]:
    """The entries of an RSS or Atom feed, in the feed's order.

    Args:
        data: the feed's bytes (never a URL or a path: nothing is fetched here).
        where: the file or URL it came from, for messages.

    Raises:
        InputError: when ``data`` is not an RSS or Atom feed.
    """
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        # feedparser puts an XML declaration before a document without one: a line more
        shift = 0 if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml") else 1
        why = f" ({_first_line(problem, shift)})" if problem is not None else ""
        raise InputError(
            f"{where}: not an RSS or Atom feed{why}; give a feed's address or file, or a web page"
        )
    return [_entry(item) for item in parsed.entries]


def _entry(item: dict[str, object]) -> Entry:
    link = item.get("link")
    title = item.get("title")
    summary = _summary(item)
    return Entry(
        link=link.strip() or None if isinstance(link, str) else None,
        title=clean_text(title) or None if isinstance(title, str) else None,
        date=_date(item),
        summary=summary,
    )


def _summary(item: dict[str, object]) -> str | None:
    content = item.get("content")
    if isinstance(content, list) and content and isinstance(content[0], dict):
        value = content[0].get("value")
        if isinstance(value, str) and value.strip():
            return clean_text(value) or None
    summary = item.get("summary")
    return clean_text(summary) or None if isinstance(summary, str) else None


def _date(item: dict[str, object]) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = item.get(key)
        if value is not None:
            try:
                return dt.date(*value[:3]).isoformat()  # type: ignore[index]
            except (TypeError, ValueError):
                continue
    return None


def _first_line(problem: object, shift: int) -> str:
    line, message = getattr(problem, "getLineNumber", None), getattr(problem, "getMessage", None)
    if callable(line) and callable(message):  # an XML syntax error
        return f"XML error at line {max(1, line() - shift)}: {message()}"
    text = str(problem).strip().splitlines()
    return text[0] if text else type(problem).__name__
