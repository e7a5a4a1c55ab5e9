"""``akg serve``: the built graph over the SPARQL 1.1 Protocol on 127.0.0.1.

The query engine is Oxigraph's own server (the ``oxigraph`` package on PyPI,
the same version as pyoxigraph, reading the same store folder). It listens on a
private loopback port; in front of it a small WSGI application (served by
waitress) owns what the engine does not offer:

- a query page with the saved queries as examples, with no external asset, so
  it works with no network;
- updates only with a token (``Authorization: Bearer``); without one the
  endpoint is read-only and an update is a 403;
- a result-size limit (rows, or triples for CONSTRUCT / DESCRIBE), and a clean
  503 when the engine's query time limit cuts a result short (the engine would
  otherwise end a streamed 200 response with an error text);
- one-line error messages: a malformed query is a 400 with the parser's message.

Content negotiation (SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD,
...) is the engine's. Endpoints: ``/query`` (GET, POST form,
``application/sparql-query``), ``/update`` (POST) and ``/store`` (the Graph
Store Protocol; writing needs the token too).

In read-only mode the engine opens the store read-only and this process holds
the store's write lock, so a build cannot change the files under a running
server: it is told the store is in use.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from .errors import AkgError, StoreError
from .store import OxigraphStore, show_location, syntax_message
from .vocab import sparql_prefixes

DEFAULT_PORT = 7878
HOST = "127.0.0.1"
#: The environment variable holding the token that allows updates.
TOKEN_VARIABLE = "AKG_SERVE_TOKEN"

StartResponse = Callable[..., Any]
Environ = dict[str, Any]


@dataclass(frozen=True)
class Limits:
    """What one query may cost.

    Args:
        timeout: seconds a query may run before it is cancelled.
        max_rows: rows (or triples) a result may have.
    """

    timeout: float = 30.0
    max_rows: int = 100_000


# ----------------------------------------------------------------- the engine
def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary matching the installed pyoxigraph.

    Raises:
        AkgError: when it is missing or its version differs from pyoxigraph's.
    """
    import pyoxigraph

    wanted = pyoxigraph.__version__
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.is_file() else shutil.which("oxigraph")
    if found is None:
        raise AkgError(
            f'the SPARQL server binary is missing; install it with: pip install "oxigraph=={wanted}"'
        )
    output = subprocess.run(
        [found, "--version"], capture_output=True, text=True, check=False, timeout=30
    ).stdout.split()
    version = output[-1] if output else "unknown"
    if version != wanted:
        raise AkgError(
            f"{found} is oxigraph {version} but pyoxigraph is {wanted}; they must match "
            f'to share a store: pip install "oxigraph=={wanted}"'
        )
    return found


def port_is_free(port: int, host: str = HOST) -> bool:
    """Whether ``host:port`` can be listened on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = HOST) -> int:
    """A port on ``host`` that nothing listens on (the system picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = (process.stderr.read() if process.stderr else b"").decode(errors="replace")
            raise AkgError(
                "the SPARQL engine stopped at start: "
                + (" ".join(detail.split())[:300] or f"exit code {process.returncode}")
            )
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AkgError(f"the SPARQL engine did not answer within {seconds:.0f} s")


class Server:
    """The endpoint: the engine process plus the front, started and stopped together.

    Args:
        location: the store folder built by ``akg build``.
        port: the public port on 127.0.0.1.
        limits: the query time and result-size limits.
        token: allow updates to requests carrying this bearer token; None is read-only.
    """

    def __init__(
        self,
        location: str,
        port: int = DEFAULT_PORT,
        *,
        limits: Limits | None = None,
        token: str | None = None,
    ) -> None:
        self.location = location
        self.port = port
        self.limits = limits or Limits()
        self.token = token
        self._engine: subprocess.Popen[bytes] | None = None
        self._lock: Any = None
        self._server: Any = None
        self._app: Front | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The page; the query endpoint is ``url + "query"``."""
        return f"http://{HOST}:{self.port}/"

    def start(self) -> None:
        """Check the port and the store, start the engine, wait until it answers, then listen.

        Raises:
            AkgError: port in use, store missing or locked, binary missing.
        """
        import pyoxigraph as ox
        from waitress.server import create_server

        binary = oxigraph_binary()
        if not port_is_free(self.port):
            raise AkgError(
                f"port {self.port} on {HOST} is in use by another program; "
                "stop it or pass another --port"
            )
        shown = show_location(self.location)
        if not (Path(self.location) / "CURRENT").exists():
            raise StoreError(f"{shown}: no store here yet; run `akg build` first, or pass --store")
        OxigraphStore(self.location).close()  # refuses a store a build holds; repairs a pending one
        if self.token is None:
            self._lock = ox.Store(self.location)  # no build may write under the server
        inner = free_port()
        command = "serve" if self.token is not None else "serve-read-only"
        self._engine = subprocess.Popen(
            [
                binary,
                command,
                "--location",
                self.location,
                "--bind",
                f"{HOST}:{inner}",
                "--timeout-s",
                str(max(1, round(self.limits.timeout))),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_ready(f"http://{HOST}:{inner}/query", self._engine, 30)
            self._app = Front(f"http://{HOST}:{inner}", self.limits, self.token)
            self._server = create_server(self._app, host=HOST, port=self.port, threads=8)
        except BaseException:
            self.stop()
            raise
        self.port = int(self._server.effective_port)

    def serve_forever(self) -> None:
        """Answer requests until interrupted (Ctrl-C), then stop."""
        try:
            self._server.run()
        finally:
            self.stop()

    def start_in_thread(self) -> None:
        """Start, and answer requests in a background thread (for tests and notebooks)."""
        self.start()
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening, stop the engine and release the store."""
        if self._server is not None:
            _shut_down(self._server, self._thread)
            self._server = None
            self._thread = None
        if self._app is not None:
            self._app.close()
            self._app = None
        if self._engine is not None:
            self._engine.terminate()
            try:
                self._engine.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._engine.kill()
                self._engine.wait()
            if self._engine.stderr:
                self._engine.stderr.close()
            self._engine = None
        self._lock = None

    def __enter__(self) -> Server:
        self.start_in_thread()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _shut_down(server: Any, thread: threading.Thread | None) -> None:
    """Stop a waitress server; its sockets are closed by its own loop thread.

    Closing them from another thread while the loop waits in ``select`` races
    with it (``OSError: [Errno 9] Bad file descriptor``), so when a loop thread
    runs, the closing is handed to it through waitress's trigger and awaited.
    """
    from waitress import wasyncore

    if thread is not None and thread.is_alive():
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=10)
    else:
        wasyncore.close_all(server._map)
    server.task_dispatcher.shutdown()


def new_token() -> str:
    """A random token for ``--allow-updates`` when ``AKG_SERVE_TOKEN`` is not set."""
    return secrets.token_urlsafe(24)


def token_from_env() -> str | None:
    """``AKG_SERVE_TOKEN``, when set and not empty."""
    return os.environ.get(TOKEN_VARIABLE) or None


# ------------------------------------------------------------------ the front
_MEDIA_RESULTS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/tab-separated-values": "tsv",
    "text/csv": "csv",
}


class LimitHit(Exception):
    """A result cut short (time limit) or too large (size limit): status and message."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def count_results(body: bytes, media_type: str) -> int:
    """Rows of a SPARQL result, or triples of an RDF document; 0 for a boolean.

    Raises:
        ValueError: the body does not parse (an engine cut it short).
    """
    import pyoxigraph as ox

    kind = _MEDIA_RESULTS.get(media_type)
    try:
        if kind == "csv":
            return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1)
        if kind is not None:
            formats = {
                "json": ox.QueryResultsFormat.JSON,
                "xml": ox.QueryResultsFormat.XML,
                "tsv": ox.QueryResultsFormat.TSV,
            }
            result = ox.parse_query_results(body, formats[kind])
            return 0 if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        if rdf_format is None:
            raise ValueError(f"unexpected media type {media_type}")
        return sum(1 for _ in ox.parse(body, rdf_format))
    except (SyntaxError, UnicodeDecodeError, csv.Error) as exc:
        raise ValueError(str(exc)) from None


class Front:
    """The WSGI application in front of the engine at ``engine`` (a base URL)."""

    def __init__(self, engine: str, limits: Limits, token: str | None) -> None:
        import httpx

        self.engine = engine
        self.limits = limits
        self.token = token
        self._http = httpx.Client(timeout=httpx.Timeout(limits.timeout + 10, connect=5))

    def close(self) -> None:
        """Close the connections to the engine."""
        self._http.close()

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            if path == "/" and method in ("GET", "HEAD"):
                return _reply(start_response, "200 OK", page(), "text/html; charset=utf-8", CSP)
            if path == "/page.js" and method in ("GET", "HEAD"):
                return _reply(start_response, "200 OK", PAGE_SCRIPT, "text/javascript")
            if path in ("/query", "/sparql"):
                return self._query(environ, start_response)
            if path == "/update":
                return self._update(environ, start_response)
            if path == "/store":
                if method in ("GET", "HEAD"):
                    return self._forward(environ, start_response, "/store", count=True)
                return self._update(environ, start_response, store=True)
            return _error(start_response, "404 Not Found", f"no such page: {path}")
        except LimitHit as hit:
            return _error(start_response, hit.status, str(hit))

    # --- requests
    def _query(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        media = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if method == "POST" and (
            media == "application/sparql-update"
            or (media == "application/x-www-form-urlencoded" and "update" in _form(environ))
        ):
            return self._update(environ, start_response)
        if method not in ("GET", "POST"):
            return _error(start_response, "405 Method Not Allowed", "use GET or POST")
        if method == "GET" and not parse_qs(environ.get("QUERY_STRING", "")).get("query"):
            if "text/html" in environ.get("HTTP_ACCEPT", ""):
                start_response("303 See Other", [("Location", "/")])
                return [b""]
            return _error(start_response, "400 Bad Request", "give a query: ?query=SPARQL")
        return self._forward(environ, start_response, "/query", count=True)

    def _update(
        self, environ: Environ, start_response: StartResponse, *, store: bool = False
    ) -> Iterable[bytes]:
        if self.token is None:
            return _error(
                start_response,
                "403 Forbidden",
                "this endpoint is read-only; start `akg serve --allow-updates` "
                f"(with {TOKEN_VARIABLE} set) to accept updates",
            )
        given = environ.get("HTTP_AUTHORIZATION", "")
        if not given.startswith("Bearer "):
            start_response(
                "401 Unauthorized",
                [("Content-Type", "text/plain; charset=utf-8"), ("WWW-Authenticate", "Bearer")],
            )
            return [b"updates need the header Authorization: Bearer TOKEN\n"]
        if not secrets.compare_digest(given[7:].strip().encode(), self.token.encode()):
            return _error(start_response, "403 Forbidden", "wrong token for updates")
        if environ.get("REQUEST_METHOD") != "POST" and not store:
            return _error(start_response, "405 Method Not Allowed", "send updates with POST")
        return self._forward(environ, start_response, "/store" if store else "/update")

    def _forward(
        self, environ: Environ, start_response: StartResponse, target: str, *, count: bool = False
    ) -> Iterable[bytes]:
        import httpx

        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            name: environ[key]
            for name, key in (
                ("Content-Type", "CONTENT_TYPE"),
                ("Accept", "HTTP_ACCEPT"),
            )
            if environ.get(key)
        }
        started = time.monotonic()
        try:
            response = self._http.request(
                environ.get("REQUEST_METHOD", "GET"),
                self.engine + target,
                params=environ.get("QUERY_STRING", "") or None,
                content=body,
                headers=headers,
            )
        except httpx.TimeoutException:
            raise LimitHit("503 Service Unavailable", self._time_message()) from None
        except httpx.TransportError as exc:
            return _error(start_response, "502 Bad Gateway", f"the query engine is down: {exc}")
        media = response.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
        if response.status_code == 400 and target == "/query":
            text = _query_text(environ, body)
            message = syntax_message(text, response.text) if text else response.text
            return _error(start_response, "400 Bad Request", message)
        if response.status_code >= 400:
            text = " ".join(response.text.split()) or response.reason_phrase
            return _error(start_response, f"{response.status_code} {response.reason_phrase}", text)
        if count and response.status_code == 200:
            try:
                size = count_results(response.content, media)
            except ValueError:
                if b"cancelled" in response.content[-200:] or (
                    time.monotonic() - started >= self.limits.timeout
                ):
                    raise LimitHit("503 Service Unavailable", self._time_message()) from None
                raise LimitHit("502 Bad Gateway", "the query engine sent a broken result") from None
            if size > self.limits.max_rows:
                raise LimitHit(
                    "422 Unprocessable Content",
                    f"the result has more than {self.limits.max_rows} rows, this server's "
                    "limit (akg serve --max-rows); add LIMIT or narrow the query",
                )
        passed = [
            (k, v)
            for k, v in response.headers.items()
            if k.lower() in ("content-type", "content-disposition", "location")
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", passed)
        return [response.content]

    def _time_message(self) -> str:
        return (
            f"the query ran longer than {self.limits.timeout:g} s, this server's limit "
            "(akg serve --timeout); narrow it or add LIMIT"
        )


def _form(environ: Environ) -> dict[str, list[str]]:
    """The urlencoded form of a POST, read once and put back for forwarding."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return parse_qs(body.decode("utf-8", errors="replace"))


def _query_text(environ: Environ, body: bytes) -> str:
    found = parse_qs(environ.get("QUERY_STRING", "")).get("query")
    if found:
        return str(found[0])
    media = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if media == "application/sparql-query":
        return body.decode("utf-8", errors="replace")
    return parse_qs(body.decode("utf-8", errors="replace")).get("query", [""])[0]


def _reply(
    start_response: StartResponse,
    status: str,
    text: str,
    media: str,
    policy: str | None = None,
) -> Iterable[bytes]:
    data = text.encode("utf-8")
    headers = [("Content-Type", media), ("Content-Length", str(len(data)))]
    if policy:
        headers.append(("Content-Security-Policy", policy))
    start_response(status, headers)
    return [data]


def _error(start_response: StartResponse, status: str, message: str) -> Iterable[bytes]:
    return _reply(start_response, status, message + "\n", "text/plain; charset=utf-8")


# ------------------------------------------------------------------ the page
CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'"


def page() -> str:
    """The query page: a form, the saved queries as examples, results as a table."""
    from .query import saved_queries

    examples = {
        name: f"# {saved.description}\n{sparql_prefixes()}{_without_comments(saved.text)}"
        for name, saved in saved_queries().items()
    }
    first = next(iter(examples.values()), "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    options = "".join(
        f'<option value="{html.escape(name)}">{html.escape(name)}</option>' for name in examples
    )
    # raw text inside <script>: no entity decoding, so escape only what could close the element
    data = (
        json.dumps(examples).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return PAGE.format(options=options, first=html.escape(first), examples=data)


def _without_comments(text: str) -> str:
    return "".join(line + "\n" for line in text.splitlines() if not line.startswith("#"))


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>akg SPARQL endpoint</title>
<style>
body {{ font: 15px system-ui, sans-serif; margin: 1.5em; }}
textarea {{ width: 100%; height: 16em; font: 13px monospace; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }}
#status {{ margin-left: 1em; }} .error {{ color: #b00; white-space: pre-wrap; }}
</style></head>
<body>
<h1>akg SPARQL endpoint</h1>
<p>Query endpoint: <code>/query</code> (SPARQL 1.1 Protocol, GET or POST).
Example: <select id="examples">{options}</select></p>
<form id="form"><textarea id="query" name="query" spellcheck="false">{first}</textarea>
<button type="submit" id="run">Run</button><span id="status"></span></form>
<div id="results"></div>
<script id="example-data" type="application/json">{examples}</script>
<script src="/page.js"></script>
</body></html>
"""

PAGE_SCRIPT = """"use strict";
const examples = JSON.parse(document.getElementById("example-data").textContent);
const box = document.getElementById("query");
const results = document.getElementById("results");
const status = document.getElementById("status");
document.getElementById("examples").addEventListener("change", (e) => {
  box.value = examples[e.target.value];
});
function cell(term) {
  const td = document.createElement("td");
  td.textContent = term === undefined ? "" : term.value;
  return td;
}
document.getElementById("form").addEventListener("submit", async (e) => {
  e.preventDefault();
  results.replaceChildren();
  status.textContent = "running...";
  const response = await fetch("/query", {
    method: "POST",
    headers: {"Content-Type": "application/sparql-query",
              "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
    body: box.value,
  });
  const text = await response.text();
  if (!response.ok) {
    status.textContent = "";
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = text;
    results.append(p);
    return;
  }
  if (!(response.headers.get("Content-Type") || "").includes("json")) {
    const pre = document.createElement("pre");
    pre.textContent = text;
    results.append(pre);
    status.textContent = "";
    return;
  }
  const data = JSON.parse(text);
  if ("boolean" in data) {
    status.textContent = String(data.boolean);
    return;
  }
  const table = document.createElement("table");
  const head = document.createElement("tr");
  for (const name of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.append(th);
  }
  table.append(head);
  for (const row of data.results.bindings) {
    const tr = document.createElement("tr");
    for (const name of data.head.vars) tr.append(cell(row[name]));
    table.append(tr);
  }
  results.append(table);
  status.textContent = data.results.bindings.length + " rows";
});
"""


@contextlib.contextmanager
def serving(location: str, **options: Any) -> Iterator[Server]:
    """A :class:`Server` answering in a background thread for the ``with`` block."""
    server = Server(location, **options)
    server.start_in_thread()
    try:
        yield server
    finally:
        server.stop()
