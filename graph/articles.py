"""Reading news articles: plain text, JSONL, web pages, feeds and URLs -> :class:`Article`.

Inputs are paths and addresses as a user gives them on the command line:

- ``NAME.txt``: one article; the id is ``NAME``. An optional sidecar
  ``NAME.meta.json`` next to it may give ``title``, ``date``, ``source`` and ``url``.
- ``NAME.jsonl``: one ``{"id", "text", "title"?, "date"?, "source"?, "url"?}``
  object per line; blank lines are skipped, other keys ignored.
- ``NAME.html`` / ``NAME.htm``: a saved web page; its article body (no menus,
  related links, comments or footers) and its title, author, publisher, date and
  canonical URL, read by :mod:`graph.pages`. A ``NAME.meta.json`` sidecar works
  here too and wins over the page.
- ``NAME.rss``, ``NAME.atom``, ``NAME.xml``: a saved RSS or Atom feed; each entry's
  page is read (fetched, or saved beside the feed when the link is relative), see
  :mod:`graph.web`.
- ``http://...`` / ``https://...``: a web page or a feed, fetched and cached
  (:mod:`graph.fetch`).
- a directory: every ``*.txt``, ``*.jsonl``, ``*.html``, ``*.htm``, ``*.rss`` and
  ``*.atom`` below it, in sorted order, skipping hidden files and folders.
- ``-``: JSONL on standard input.

Everything streams: :func:`iter_articles` yields one article at a time and a JSONL
file is read line by line, so a corpus of any size fits. Every problem with a local
file is an :class:`~graph.errors.InputError` whose message names the file (and
line) and says what to do about it. :func:`check_inputs` reads everything once
without keeping it, so a command can refuse bad input before it writes anything.
What comes from the web (a URL, or a page a feed links to) is never an error: a
page that cannot be had is skipped and named (:class:`graph.web.Skip`), and the
next one is read.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Generator, Iterable, Iterator
from contextlib import ExitStack, closing
from datetime import date
from typing import IO, Any

from .errors import InputError
from .fetch import is_url
from .model import Article
from .pages import read_page, storable_url
from .text import clean_text, normalise
from .vocab import iri_problem
from .web import FEED_SUFFIXES, Web, read_feed_file, read_url

__all__ = ["check_inputs", "clean_text", "iter_articles"]

STDIN = "-"
"""The path that means JSONL on standard input."""

_STDIN_NAME = "<stdin>"
_TEXT = ".txt"
_JSONL = ".jsonl"
_HTML = (".html", ".htm")
_FOLDER_FEEDS = (".rss", ".atom")  # .xml only when named: a folder may hold other XML
_ARTICLE_SUFFIXES = (_TEXT, _JSONL, *_HTML, *FEED_SUFFIXES)
_FOLDER_SUFFIXES = (_TEXT, _JSONL, *_HTML, *_FOLDER_FEEDS)
_SIDECAR = ".meta.json"
_META_FIELDS = ("title", "date", "source", "url")
_SNIFF_BYTES = 8192
_BOM = b"\xef\xbb\xbf"
_STDIN_SPOOL_BYTES = 8 * 1024 * 1024

_LINE_HINT = 'each line needs {"id": ..., "text": ...}'
_SIDECAR_HINT = 'a sidecar holds {"title": ..., "date": ..., "source": ..., "url": ...}'

# A copy of standard input made by check_inputs, so that a later iter_articles(["-"])
# in the same process can read what was already consumed: (the stdin object, copy).
_stdin_copy: tuple[object, IO[bytes]] | None = None


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def iter_articles(
    paths: Iterable[str | os.PathLike[str]], web: Web | None = None
) -> Iterator[Article]:
    """Yield the articles in ``paths``, one at a time, in order.

    Args:
        paths: files (``.txt``, ``.jsonl``, ``.html``, ``.htm``, feeds), directories to
            walk, http(s) addresses, or ``"-"`` for JSONL on standard input.
        web: how to fetch, and where skipped web inputs go; by default a fetcher with
            the default options (and cache) that warns on stderr.

    Yields:
        Each article, its text cleaned with :func:`clean_text` and its ``origin``
        set to ``path`` or ``path:line``.

    Raises:
        InputError: when a path is missing, empty, binary, not UTF-8, malformed or of
            an unknown format. It is raised when the reader reaches the problem, so
            the articles before it have already been yielded.
    """
    return _iter_articles(paths, keep_stdin=False, web=web)


def check_inputs(paths: Iterable[str | os.PathLike[str]], web: Web | None = None) -> int:
    """Read every input once, without keeping any text, and count the articles.

    Call this before writing anything: it raises the first problem that
    :func:`iter_articles` would meet, and refuses two articles with one id.
    Standard input (``"-"``) can be read only once, so it is copied to a
    temporary file as it is checked (in memory while small) and the next
    ``iter_articles(["-"])`` in this process reads that copy.

    Web inputs are fetched here (into the cache, so reading them again costs no
    request; give the same ``web`` to :func:`iter_articles`), and the ones that
    cannot be read are skipped, as they will be then.

    Args:
        paths: as for :func:`iter_articles`.
        web: as for :func:`iter_articles`; by default skips are not reported here.

    Returns:
        The number of articles.

    Raises:
        InputError: the first problem found.
    """
    paths = list(paths)
    if sum(1 for p in paths if os.fspath(p) == STDIN) > 1:
        raise InputError(f"{STDIN}: standard input is given more than once; give it once")
    first: dict[str, str] = {}
    try:
        quiet = web if web is not None else Web(on_skip=lambda skip: None)
        with (
            closing(_iter_articles(paths, keep_stdin=True, web=quiet)) as articles,
            ExitStack() as own,
        ):
            if web is None:
                own.callback(quiet.fetcher.close)
            for article in articles:
                if article.id in first and first[article.id] == article.origin:
                    raise InputError(f"{article.origin}: given twice; give each input once")
                if article.id in first:
                    raise InputError(
                        f'{article.origin}: duplicate article id "{article.id}" '
                        f"(first in {first[article.id]}); give every article its own id"
                    )
                first[article.id] = article.origin
    except InputError:
        _drop_stdin_copy()
        raise
    return len(first)


# ---------------------------------------------------------------------------
# Walking the inputs
# ---------------------------------------------------------------------------


def _iter_articles(
    paths: Iterable[str | os.PathLike[str]], keep_stdin: bool, web: Web | None
) -> Generator[Article, None, None]:
    with ExitStack() as stack:
        reader = _Reader(web, stack)
        for given in paths:
            yield from reader.read(os.fspath(given), keep_stdin)


class _Reader:
    """One pass over the inputs: the web reader (made when first needed) and the ids seen."""

    def __init__(self, web: Web | None, stack: ExitStack) -> None:
        self._web = web
        self._stack = stack
        self.seen: set[str] = set()

    @property
    def web(self) -> Web:
        if self._web is None:
            self._web = Web()
            self._stack.callback(self._web.fetcher.close)
        return self._web

    def read(self, path: str, keep_stdin: bool) -> Iterator[Article]:
        if is_url(path):
            yield from read_url(path, self.web, self.seen)
        elif path == STDIN:
            yield from _read_jsonl_lines(_STDIN_NAME, _stdin_lines(keep_stdin))
        elif os.path.isdir(path):
            yield from _read_directory(path, self)
        elif os.path.isfile(path):
            yield from _read_file(path, self)
        elif os.path.exists(path):
            raise InputError(f"{path}: not a regular file; pass .txt, .jsonl or .html articles")
        elif os.path.islink(path):
            raise InputError(
                f"{path}: a symbolic link that leads nowhere (a loop, or its target is gone); "
                "point it at an article file, or pass the file itself"
            )
        else:
            raise InputError(f"{path}: no such file or directory")


def _read_directory(root: str, reader: _Reader) -> Iterator[Article]:
    found = False
    for path in _walk(root):
        found = True
        yield from _read_file(path, reader)
    if not found:
        raise InputError(
            f"{root}: no articles found (looked for *.txt, *.jsonl, *.html); "
            "point to a folder of articles or a file"
        )


def _walk(folder: str) -> Iterator[str]:
    """Article files below ``folder`` in sorted order, hidden ones skipped."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        raise InputError(f"{folder}: cannot read the folder ({exc.strerror})") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_file() and _suffix(entry.name) in _FOLDER_SUFFIXES:
            yield path


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _read_file(path: str, reader: _Reader) -> Iterator[Article]:
    suffix = _suffix(path)
    if suffix not in _ARTICLE_SUFFIXES:
        shown = f'"{os.path.splitext(path)[1]}"' if suffix else "(no extension)"
        raise InputError(
            f"{path}: unknown article format {shown}; use .txt, .jsonl, .html or a feed (.rss, .xml)"
        )
    if suffix in FEED_SUFFIXES:
        with _open(path) as stream:
            data = stream.read()
        if not data.strip():
            raise InputError(f"{path}: file is empty; give it the feed, or remove it")
        yield from read_feed_file(path, data, reader.web, reader.seen)
        return
    if suffix == _JSONL:
        with _open(path) as stream:
            _sniff(path, stream.read(_SNIFF_BYTES))
            stream.seek(0)
            yield from _read_jsonl_lines(path, stream)
        return
    with _open(path) as stream:
        data = stream.read()
    _sniff(path, data[:_SNIFF_BYTES])
    if not data.removeprefix(_BOM).strip():
        raise InputError(f"{path}: file is empty; give it the article text, or remove it")
    raw = _decode(path, data)
    page: dict[str, str | None] = {}
    if suffix == _TEXT:
        text = clean_text(raw)
    else:
        found = read_page(raw, path)
        text = normalise(found.text)
        page = {"title": found.title, "date": found.date, "source": found.source}
        page["url"] = storable_url(found.url)
        page["author"] = found.author
    if not text:
        raise InputError(f"{path}: file is empty; give it the article text, or remove it")
    meta = _read_sidecar(path)
    for name, value in page.items():
        if value and not meta.get(name):
            meta[name] = value
    reader.seen.add(_stem(path))
    yield Article(id=_stem(path), text=text, origin=path, **meta)


def _open(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror})") from None


def _sniff(path: str, head: bytes) -> None:
    """Refuse UTF-16 and binary files by their first bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{path}: is UTF-16 text; re-save the file as UTF-8, e.g. iconv -f utf-16 -t utf-8"
        )
    if b"\x00" in head:
        even, odd = head[0::2], head[1::2]
        if odd and (odd.count(0) > 0.9 * len(odd) or even.count(0) > 0.9 * len(even)):
            raise InputError(
                f"{path}: looks like UTF-16 text without a byte-order mark; re-save it as UTF-8, "
                "e.g. iconv -f utf-16le -t utf-8"
            )
        raise InputError(
            f"{path}: looks like a binary file, not text; pass .txt, .jsonl or .html articles"
        )


def _decode(path: str, data: bytes, first_line: int = 1) -> str:
    """``data`` as UTF-8 (a leading BOM dropped), or an error at the first bad byte."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = first_line + data.count(b"\n", 0, exc.start)
        column = len(data[start : exc.start].decode("utf-8")) + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02X} at column "
            f"{column}); re-save the file as UTF-8, e.g. iconv -f latin1 -t utf-8"
        ) from None


# ---------------------------------------------------------------------------
# JSONL
# ---------------------------------------------------------------------------


def _stdin_lines(keep: bool) -> Iterator[bytes]:
    """Lines of standard input as bytes.

    With ``keep`` (checking), the lines are also copied so that the next read can
    replay them; without it (reading for real), a copy left by a check is replayed
    once and closed.
    """
    global _stdin_copy
    stdin = sys.stdin
    if _stdin_copy is not None and _stdin_copy[0] is stdin:
        copy = _stdin_copy[1]
        if not keep:
            _stdin_copy = None
        copy.seek(0)
        try:
            yield from copy
        finally:
            if not keep:
                copy.close()
        return
    buffer: IO[bytes] | None = getattr(stdin, "buffer", None)
    lines: Iterable[bytes] = (
        buffer if buffer is not None else (s.encode("utf-8", "surrogateescape") for s in stdin)
    )
    if not keep:
        yield from lines
        return
    copy = tempfile.SpooledTemporaryFile(max_size=_STDIN_SPOOL_BYTES)  # noqa: SIM115
    complete = False
    try:
        for line in lines:
            copy.write(line)
            yield line
        complete = True
    finally:
        if complete:
            _drop_stdin_copy()
            _stdin_copy = (stdin, copy)
        else:
            copy.close()


def _drop_stdin_copy() -> None:
    global _stdin_copy
    if _stdin_copy is not None:
        _stdin_copy[1].close()
        _stdin_copy = None


def _read_jsonl_lines(path: str, lines: Iterable[bytes]) -> Iterator[Article]:
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        line = _decode(path, raw, first_line=number)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{where}: not valid JSON ({exc.msg} at column {exc.colno}); {_LINE_HINT}"
            ) from None
        article = _article_from_record(record, where)
        if article.id in seen:
            raise InputError(
                f'{where}: duplicate id "{article.id}" (first on line {seen[article.id]}); '
                "give every article its own id"
            )
        seen[article.id] = number
        yield article
    if not seen:
        if path == _STDIN_NAME:
            raise InputError(f"{path}: no articles on standard input; pipe in JSONL, {_LINE_HINT}")
        raise InputError(f"{path}: file is empty; give it the article text, or remove it")


def _article_from_record(record: Any, where: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(f'{where}: field "text" is missing; {_LINE_HINT}')
    for name in ("text", "id"):
        if name not in record:
            raise InputError(f'{where}: field "{name}" is missing; {_LINE_HINT}')
    doc_id = record["id"]
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InputError(f'{where}: field "id" must be a non-empty string; {_LINE_HINT}')
    text = record["text"]
    text = clean_text(text) if isinstance(text, str) else ""
    if not text:
        raise InputError(f'{where}: field "text" must be a non-empty string; {_LINE_HINT}')
    return Article(id=doc_id.strip(), text=text, origin=where, **_metadata(record, where))


# ---------------------------------------------------------------------------
# Metadata: sidecars, fields, dates
# ---------------------------------------------------------------------------


def _read_sidecar(path: str) -> dict[str, str | None]:
    """The metadata in ``NAME.meta.json`` next to ``path``, or nothing."""
    sidecar = os.path.join(os.path.dirname(path), _stem(path) + _SIDECAR)
    if not os.path.isfile(sidecar):
        return {}
    with _open(sidecar) as stream:
        raw = _decode(sidecar, stream.read())
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{sidecar}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); "
            f"{_SIDECAR_HINT}"
        ) from None
    if not isinstance(record, dict):
        raise InputError(f"{sidecar}: expected a JSON object; {_SIDECAR_HINT}")
    return _metadata(record, sidecar)


def _metadata(record: dict[str, Any], where: str) -> dict[str, str | None]:
    meta: dict[str, str | None] = {}
    for name in _META_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f'{where}: field "{name}" must be a string')
        if name == "date":
            meta[name] = _parse_date(value, where)
        elif name == "url":
            meta[name] = _check_url(value.strip(), where) or None
        else:
            meta[name] = clean_text(value) or None
    return meta


def _check_url(url: str, where: str) -> str:
    """``url`` if it is an absolute IRI that the store can hold; an error naming ``where`` if not."""
    problem = iri_problem(url) if url else None
    if problem is not None:
        raise InputError(
            f'{where}: field "url" is not a valid URL ("{url[:80]}": {problem}); '
            "write it in full, percent-encoding spaces and quotes (https://example.com/a%20b), "
            "or leave it out"
        )
    return url


_DATE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.ASCII | re.IGNORECASE,
)


def _parse_date(value: str, where: str) -> str | None:
    """``YYYY-MM-DD`` from a date or an ISO datetime (its date part, as written)."""
    text = value.strip()
    if not text:
        return None
    match = _DATE.fullmatch(text)
    valid = match is not None
    if match is not None:
        try:
            date.fromisoformat(match["date"])
        except ValueError:
            valid = False
        if match["h"] is not None:
            valid = valid and int(match["h"]) < 24 and int(match["m"]) < 60
            valid = valid and (match["s"] is None or int(match["s"]) < 61)
    if match is None or not valid:
        raise InputError(
            f'{where}: field "date" is not a date ("{value}"); '
            "use YYYY-MM-DD or an ISO datetime such as 2024-03-05T09:30:00Z"
        )
    return match["date"]
