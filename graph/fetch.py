"""Fetching web pages and feeds politely, with a cache on disk.

:class:`Fetcher` gets a URL with `httpx <https://www.python-httpx.org/>`_: an
identifying User-Agent, a timeout, one retry on a network error or a server error,
a delay between two requests to the same host, a size limit, and respect for the
host's ``robots.txt`` (read with :mod:`urllib.robotparser`). Every page fetched is
kept in a cache folder, one file per URL, so a rebuild reads the cache instead of
the network; ``offline`` reads only the cache. A URL that cannot be had raises
:class:`FetchError`, whose one-line message names the URL, what happened and what
to do; a failure is remembered for the rest of the run, so it is tried once.

The cache lives in ``AKG_CACHE`` when set, else ``$XDG_CACHE_HOME/akg/pages``
(``~/.cache/akg/pages``).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from .errors import InputError

if TYPE_CHECKING:
    import httpx

__all__ = ["FetchError", "FetchOptions", "Fetched", "Fetcher", "default_cache", "is_url"]

#: The name robots.txt rules are matched against.
AGENT = "akg"


def _user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("akg")
    except PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        number = "0"
    return f"{AGENT}/{number} (automotive alliance knowledge graph; news reader)"


def is_url(value: str) -> bool:
    """Whether an input is a web address rather than a path.

    >>> is_url("https://example.com/feed"), is_url("seeds/"), is_url("HTTP://X")
    (True, False, True)
    """
    return value.lower().startswith(("http://", "https://"))


def default_cache() -> str:
    """The cache folder: ``AKG_CACHE`` when set, else ``$XDG_CACHE_HOME/akg/pages``."""
    if os.environ.get("AKG_CACHE"):
        return os.environ["AKG_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "akg", "pages")


class FetchError(InputError):
    """A URL that could not be had; ``kind`` says which way, for counting."""

    def __init__(self, message: str, kind: str = "fetch failed") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch.

    Attributes:
        cache: the cache folder; None for :func:`default_cache`.
        offline: read only the cache; a URL not in it is an error.
        timeout: seconds to wait for a connection or for the next bytes.
        retries: further tries after a network error or a 5xx answer.
        delay: seconds between two requests to the same host.
        max_bytes: the largest page read; a larger one is refused.
        robots: obey each host's robots.txt.
    """

    cache: str | None = None
    offline: bool = False
    timeout: float = 20.0
    retries: int = 1
    delay: float = 1.0
    max_bytes: int = 10_000_000
    robots: bool = True


@dataclass(frozen=True)
class Fetched:
    """A page as fetched: where it ended up, what it says it is, its bytes, and whether
    they come from the cache of an earlier run."""

    url: str
    final_url: str
    content_type: str
    body: bytes
    cached: bool = False


class _TooLarge(Exception):
    pass


class Fetcher:
    """Gets URLs for one run; close it (or use it as a context manager) when done."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self.cache = Path(self.options.cache or default_cache())
        self.user_agent = _user_agent()
        self._client: httpx.Client | None = None
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._failed: dict[str, FetchError] = {}
        self._fresh: set[str] = set()  # fetched in this run

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- the cache ---------------------------------------------------------

    def _paths(self, url: str) -> tuple[Path, Path]:
        digest = hashlib.sha256(url.encode()).hexdigest()
        folder = self.cache / digest[:2]
        return folder / f"{digest}.json", folder / f"{digest}.body"

    def cached(self, url: str) -> Fetched | None:
        """The cached copy of ``url``, or None."""
        head, body = self._paths(url)
        try:
            meta = json.loads(head.read_text(encoding="utf-8"))
            data = body.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("url") != url:
            return None
        return Fetched(url, meta["final_url"], meta["content_type"], data, url not in self._fresh)

    def _store(self, fetched: Fetched) -> None:
        head, body = self._paths(fetched.url)
        head.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "url": fetched.url,
            "final_url": fetched.final_url,
            "content_type": fetched.content_type,
            "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        for path, data in ((body, fetched.body), (head, json.dumps(meta).encode())):
            partial = path.with_suffix(path.suffix + ".part")
            partial.write_bytes(data)
            os.replace(partial, path)

    # -- fetching ------------------------------------------------------------

    def get(self, url: str, refresh: bool = False) -> Fetched:
        """``url`` from the cache, else from the web (then cached).

        Args:
            url: the address.
            refresh: fetch it again if the cached copy is from an earlier run (a feed
                gains entries); the copy is kept if the web fails. Offline, the cache
                is all there is.

        Raises:
            FetchError: when it cannot be had; the message names the URL and the reason.
        """
        if url in self._failed:
            raise self._failed[url]
        found = self.cached(url)
        if found is not None and not (refresh and found.cached and not self.options.offline):
            return found
        try:
            if self.options.offline:
                raise FetchError(
                    f"{url}: not in the cache ({_shown(self.cache)}) and --offline is on; "
                    "run once without --offline to fetch it",
                    "not cached",
                )
            self._allowed(url)
            fetched = self._download(url)
        except FetchError as exc:
            if found is not None:  # a refresh that failed: the copy will do
                return found
            self._failed[url] = exc
            raise
        self._store(fetched)
        self._fresh.add(url)
        return fetched

    def _client_for(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                headers={"User-Agent": self.user_agent},
                timeout=self.options.timeout,
                follow_redirects=True,
                max_redirects=10,
            )
        return self._client

    def _wait_for(self, url: str) -> None:
        """Keep :attr:`FetchOptions.delay` seconds between two requests to one host."""
        host = urlsplit(url).netloc.lower()
        last = self._last.get(host)
        if last is not None and self.options.delay > 0:
            pause = last + self.options.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> None:
        if not self.options.robots:
            return
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._read_robots(root)
        rules = self._robots[root]
        if rules is not None and not rules.can_fetch(AGENT, url):
            raise FetchError(
                f"{url}: {root}/robots.txt does not allow fetching it; not fetched "
                "(save the page yourself and build from the file if you may use it)",
                "forbidden by robots.txt",
            )

    def _read_robots(self, root: str) -> RobotFileParser | None:
        """The host's robots.txt rules; None (everything allowed) when it has none or is unreachable."""
        import httpx

        rules = RobotFileParser(f"{root}/robots.txt")
        self._wait_for(root)
        try:
            answer = self._client_for().get(f"{root}/robots.txt")
        except httpx.HTTPError:
            return None
        if answer.status_code in (401, 403):
            rules.parse(["User-agent: *", "Disallow: /"])  # as urllib.robotparser reads them
        elif answer.status_code >= 400:
            return None
        else:
            rules.parse(answer.text.splitlines())
        return rules

    def _download(self, url: str) -> Fetched:
        import httpx

        tries = 1 + max(0, self.options.retries)
        for attempt in range(1, tries + 1):
            self._wait_for(url)
            try:
                return self._once(url)
            except httpx.TooManyRedirects:
                raise FetchError(
                    f"{url}: redirected more than 10 times (a redirect loop?); "
                    "open it in a browser to find the article's own address"
                ) from None
            except httpx.TimeoutException:
                if attempt == tries:
                    raise FetchError(
                        f"{url}: no answer within {self.options.timeout:g} s "
                        f"({_times(tries)}); try again later, or raise --timeout"
                    ) from None
            except httpx.HTTPStatusError as exc:
                code = exc.response.status_code
                if code < 500 or attempt == tries:
                    raise FetchError(
                        f"{url}: the server answered {code} {exc.response.reason_phrase}"
                        f"{' (' + _times(tries) + ')' if code >= 500 else ''}; "
                        + ("check the link" if code < 500 else "try again later")
                    ) from None
            except _TooLarge:
                raise FetchError(
                    f"{url}: larger than {self.options.max_bytes:,} bytes; not read "
                    "(raise --max-bytes, or save the article and build from the file)"
                ) from None
            except httpx.HTTPError as exc:
                if attempt == tries:
                    raise FetchError(
                        f"{url}: cannot connect ({_reason(exc)}, {_times(tries)}); "
                        "check the address, or try again later"
                    ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str) -> Fetched:
        limit = self.options.max_bytes
        with self._client_for().stream("GET", url) as answer:
            answer.raise_for_status()
            declared = answer.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _TooLarge
            chunks: list[bytes] = []
            size = 0
            for chunk in answer.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _TooLarge
                chunks.append(chunk)
            kind = answer.headers.get("content-type", "")
            return Fetched(url, str(answer.url), kind, b"".join(chunks))


def _shown(folder: Path) -> str:
    """A folder with the home directory written as ``~``, for messages."""
    home, where = str(Path.home()), str(folder)
    return "~" + where[len(home) :] if home != "/" and where.startswith(home + os.sep) else where


def _times(tries: int) -> str:
    return "tried once" if tries == 1 else f"tried {tries} times"


def _reason(exc: Exception) -> str:
    """A short reason for a network error.

    >>> _reason(OSError("[Errno 111] Connection refused"))
    'Connection refused'
    """
    text = str(exc) or type(exc).__name__
    return text.split("] ", 1)[-1]
