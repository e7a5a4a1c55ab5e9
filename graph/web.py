"""Web addresses and feeds -> articles.

An input that is a URL is fetched (:mod:`graph.fetch`): a feed (RSS or Atom, by its
Content-Type or its first tag) gives its entries, and each entry's linked page is
fetched and read; anything else is read as one page (:mod:`graph.pages`). Pages come
from the cache once fetched; a feed given by its address is fetched again in each
run (unless offline), since it gains entries. A feed
saved as a file (``.rss``, ``.atom``, ``.xml``) works the same way; its relative
links name pages saved beside it.

The web fails in many small ways: a link that answers 404, a server that never
answers, a redirect loop, a huge page, a page with no article body, a robots.txt
that forbids. None of them stops a build: the input is handed to ``on_skip`` with
one line saying what happened, and the next one is read. The article's id is its
URL (a local page's, its file name without the extension); its metadata comes from
the page, else from the feed entry.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from .errors import InputError
from .feeds import Entry, looks_like_feed, read_feed
from .fetch import Fetcher, FetchError, is_url
from .model import Article
from .pages import read_page, storable_url
from .text import normalise

__all__ = ["FEED_SUFFIXES", "Skip", "Web", "read_feed_file", "read_url"]

#: File names read as feeds.
FEED_SUFFIXES = (".rss", ".atom", ".xml")

#: Why an input was skipped, for the build summary: one of these or a fetch error's kind.
UNREADABLE = "unreadable"
DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Skip:
    """An input the reader went past: where, why (one line) and the kind of reason."""

    where: str
    reason: str
    kind: str


def _warn(skip: Skip) -> None:
    print(f"warning: skipped {skip.where}: {skip.reason}", file=sys.stderr)


@dataclass
class Web:
    """What reading the web needs for one run.

    Attributes:
        fetcher: gets (and caches) pages and feeds.
        on_skip: told of each input skipped; by default a warning on stderr.
        progress: show a progress bar while a feed's pages are read.
    """

    fetcher: Fetcher = field(default_factory=Fetcher)
    on_skip: Callable[[Skip], None] = _warn
    progress: bool = False


def read_url(url: str, web: Web, seen: set[str]) -> Iterator[Article]:
    """The article at ``url``, or the articles of the feed there.

    Args:
        url: an http(s) address.
        web: the fetcher and where skips go.
        seen: ids read so far in this pass; a page read twice is skipped the second time.
    """
    try:
        fetched = web.fetcher.get(url)
        if fetched.cached and looks_like_feed(fetched.content_type, fetched.body):
            fetched = web.fetcher.get(url, refresh=True)  # a feed changes: read it anew
    except FetchError as exc:
        _skip(web, url, exc, exc.kind)
        return
    if looks_like_feed(fetched.content_type, fetched.body):
        try:
            entries = read_feed(fetched.body, url)
        except InputError as exc:
            _skip(web, url, exc, UNREADABLE)
            return
        yield from _entries(entries, url, None, web, seen)
        return
    article = _page(url, web, seen, fetched.body, fetched.final_url, fetched.content_type)
    if article is not None:
        yield article


def read_feed_file(path: str, data: bytes, web: Web, seen: set[str]) -> Iterator[Article]:
    """The articles of a feed saved as a file.

    Raises:
        InputError: when the file is not a feed (a local file stops the build, as any
            unreadable file does); an entry that cannot be read is skipped instead.
    """
    entries = read_feed(data, path)
    yield from _entries(entries, path, os.path.dirname(path), web, seen)


def _entries(
    entries: list[Entry], where: str, folder: str | None, web: Web, seen: set[str]
) -> Iterator[Article]:
    """The article behind each entry of the feed at ``where`` (a saved feed: ``folder`` is its own)."""
    bar = None
    if web.progress and len(entries) > 1:
        from tqdm import tqdm

        bar = tqdm(total=len(entries), desc="pages", unit="page", file=sys.stderr, disable=None)
    try:
        for number, entry in enumerate(entries, start=1):
            article = _entry(entry, number, where, folder, web, seen)
            if bar is not None:
                bar.update(1)
            if article is not None:
                yield article
    finally:
        if bar is not None:
            bar.close()


def _entry(
    entry: Entry, number: int, where: str, folder: str | None, web: Web, seen: set[str]
) -> Article | None:
    if entry.link is None:
        web.on_skip(
            Skip(f"{where} entry {number}", "the entry has no link to an article", UNREADABLE)
        )
        return None
    link = entry.link
    if folder is None or is_url(link) or urlsplit(link).scheme not in ("", "file"):
        link = urljoin(where, link) if folder is None else link
        if not is_url(link):
            web.on_skip(Skip(link, "not a web address (http or https)", UNREADABLE))
            return None
        try:
            fetched = web.fetcher.get(link)
        except FetchError as exc:
            _skip(web, link, exc, exc.kind)
            return None
        return _page(link, web, seen, fetched.body, fetched.final_url, fetched.content_type, entry)
    path = os.path.normpath(os.path.join(folder, unquote(urlsplit(link).path)))
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        web.on_skip(Skip(path, f"cannot read the page ({exc.strerror})", UNREADABLE))
        return None
    return _page(path, web, seen, data, None, "text/html", entry)


def _page(
    where: str,
    web: Web,
    seen: set[str],
    data: bytes,
    url: str | None,
    content_type: str,
    entry: Entry | None = None,
) -> Article | None:
    """The article in a page's bytes (``url``: where it was fetched from), or None if skipped."""
    kind = content_type.split(";")[0].strip().lower()
    if kind and "html" not in kind:
        web.on_skip(
            Skip(where, f"not an HTML page (Content-Type: {kind}); give a web page", UNREADABLE)
        )
        return None
    doc = where if is_url(where) else os.path.splitext(os.path.basename(where))[0]
    if doc in seen:
        web.on_skip(Skip(where, "read already (given twice, or in two feeds)", DUPLICATE))
        return None
    try:
        page = read_page(data, where, url)
    except InputError as exc:
        _skip(web, where, exc, UNREADABLE)
        return None
    seen.add(doc)
    fallback = entry or Entry(None)
    return Article(
        id=doc,
        text=normalise(page.text),
        title=page.title or fallback.title,
        date=page.date or fallback.date,
        source=page.source,
        url=storable_url(page.url) or storable_url(url),
        author=page.author,
        origin=where,
    )


def _skip(web: Web, where: str, error: Exception, kind: str) -> None:
    web.on_skip(Skip(where, str(error).removeprefix(f"{where}: "), kind))
