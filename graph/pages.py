"""Web pages -> the article they carry: main text and metadata, through trafilatura.

A saved or fetched news page holds much more than its article: navigation, "related"
links, cookie banners, comments, footers. Reading all of it would turn a menu item
("Related: Ford and BMW partner on batteries") into a fact. :func:`read_page` hands
the page to `trafilatura <https://trafilatura.readthedocs.io/>`_, a library made for
main-text extraction, with its fallbacks off and precision favoured, so only the
article body comes back, and takes the metadata from the page's OpenGraph tags,
JSON-LD ``NewsArticle``, ``<meta>`` names and canonical link (trafilatura reads them
all): the title without the site's suffix, the author, the publisher, the
publication date and the canonical URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .dates import parse_date
from .errors import InputError
from .vocab import iri_problem

__all__ = ["Page", "read_page", "storable_url"]

#: Dates htmldate may read: the page's own, from its markup only (never today, never a guess
#: from the text).
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
_DOCUMENT = re.compile(r"<\s*(?:html|body)\b", re.IGNORECASE)
_MARKUP = re.compile(r"<\s*(?:html|head|body|p|div|article|main|meta|title)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """The article a web page carries.

    Attributes:
        text: the article body, a blank line between paragraphs; no navigation,
            related links, comments or footers.
        title: the headline, without the site's name.
        author: the byline, when the page gives one.
        source: the publisher (the site's name), when the page gives one.
        date: the publication date as ``YYYY-MM-DD``, when the page gives one.
        url: the page's canonical URL, else the URL it was read from.
    """

    text: str
    title: str | None = None
    author: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None


def read_page(html: str | bytes, where: str, url: str | None = None) -> Page:
    """The article in ``html``: its body text and what the page says about it.

    Args:
        html: the page's markup, as text or as bytes (their encoding found from the page).
        where: the file or URL it came from, for messages.
        url: the URL it was fetched from, if any; the canonical URL wins over it.

    Returns:
        The page's article.

    Raises:
        InputError: when ``html`` is not an HTML page, or holds no article body.
    """
    head = html[:65536].decode("utf-8", "replace") if isinstance(html, bytes) else html[:65536]
    if not _MARKUP.search(head):
        raise InputError(f"{where}: not an HTML page (no HTML markup); give a web page or a feed")
    import trafilatura

    if not _DOCUMENT.search(head):  # a fragment saved alone: give it the body it lacks
        html = (
            b"<html><body>%s</body></html>" % html
            if isinstance(html, bytes)
            else f"<html><body>{html}</body></html>"
        )

    found = trafilatura.bare_extraction(
        html,
        url=url,
        fast=True,  # no fallback extractors: they bring menus and footers back
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )
    text = _paragraphs(getattr(found, "body", None))
    if not text:
        raise InputError(
            f"{where}: no article body found in the page (only navigation, links or boilerplate); "
            "give the article's own page, or remove it"
        )
    assert found is not None and not isinstance(found, dict)
    day = parse_date(found.date or "")
    return Page(
        text=text,
        title=_clean(found.title),
        author=_clean(found.author),
        source=_clean(found.sitename),
        date=day.isoformat() if day else None,
        url=_clean(found.url) or url,
    )


def _paragraphs(body: Any) -> str:
    """The text of trafilatura's body: one paragraph (heading, list item, quote) per block,
    its line breaks and runs of spaces made single spaces, a blank line between blocks."""
    if body is None:
        return ""
    blocks = []
    for element in body:
        for block in element if element.tag == "list" else [element]:
            for line_break in block.iter("lb"):
                line_break.text = " "
            words = " ".join("".join(block.itertext()).split())
            if words:
                blocks.append(words)
    return "\n\n".join(blocks)


def _clean(value: str | None) -> str | None:
    """``value`` with its spaces collapsed, or None when nothing is left.

    >>> _clean("  Honda  and Nissan "), _clean(" ")
    ('Honda and Nissan', None)
    """
    return " ".join(value.split()) or None if value else None


def storable_url(url: str | None) -> str | None:
    """``url`` if the store can hold it as an IRI, else None (a page's odd canonical link is dropped).

    >>> storable_url("https://example.com/a"), storable_url("/relative path"), storable_url(None)
    ('https://example.com/a', None, None)
    """
    return url if url and iri_problem(url) is None else None
