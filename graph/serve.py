"""``akg serve``: the built graph over the SPARQL 1.1 Protocol, on 127.0.0.1 by default.

One process, one port. A small WSGI application (served by waitress) takes
every request; the SPARQL work is done by worker processes that open the store
themselves (:mod:`graph.engine`) and listen on nothing. The front owns:

- a query page with the saved queries as examples, with no external asset, so
  it works with no network;
- updates only with a token (``Authorization: Bearer``); without one the
  endpoint is read-only and an update is a 403;
- a time limit (the worker running a late query is killed: a 503 at the
  limit) and a result-size limit (rows, or triples for CONSTRUCT / DESCRIBE,
  counted while the result streams: a 422 as soon as it is passed);
- no ``SERVICE`` (the engine would fetch any URL for the caller) unless
  ``--allow-service``; only requests whose ``Host`` is this server's name, so
  a web page cannot reach it through DNS rebinding;
- one-line error messages: a malformed query is a 400 with the parser's message.

Content negotiation: SPARQL JSON, XML, CSV, TSV for results; Turtle,
N-Triples, N-Quads, TriG, RDF/XML, JSON-LD, N3 for graphs. Endpoints:
``/query`` (GET, POST form, ``application/sparql-query``), ``/update`` (POST),
``/store`` (the Graph Store Protocol; writing needs the token too) and
``/saved/NAME?PARAM=VALUE`` (a saved query with its parameters, bound and
resolved as ``akg query NAME --param PARAM=VALUE`` does; the page fills them in).
The prefixes of ``akg query`` are predefined.

The store's lock (:mod:`graph.lock`) is held from start to stop, by this
process and by every worker: a build cannot change the files under a running
server, and it is told so.
"""

from __future__ import annotations

import contextlib
import html
import http
import io
import json
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from .engine import Answer, Policy, Request, TimeLimit, Workers
from .errors import AkgError, StoreError
from .lock import StoreLock
from .store import OxigraphStore, show_location
from .vocab import PREFIXES, sparql_prefixes

DEFAULT_PORT = 7878
#: The path under which saved queries answer with their parameters bound.
SAVED = "/saved/"
HOST = "127.0.0.1"
#: Host names a loopback server answers to.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
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


class Server:
    """The endpoint: the front and its query workers, started and stopped together.

    Args:
        location: the store folder built by ``akg build``.
        port: the public port (0: any free one).
        limits: the query time and result-size limits.
        token: allow updates to requests carrying this bearer token; None is read-only.
        host: the address to listen on, and the one name (besides loopback
            names) accepted in the ``Host`` header.
        allow_service: let queries call other endpoints with ``SERVICE``.
        workers: queries answered at once (default: the number of CPUs).
    """

    def __init__(
        self,
        location: str,
        port: int = DEFAULT_PORT,
        *,
        limits: Limits | None = None,
        token: str | None = None,
        host: str = HOST,
        allow_service: bool = False,
        workers: int | None = None,
    ) -> None:
        self.location = location
        self.port = port
        self.limits = limits or Limits()
        self.token = token
        self.host = host
        self.allow_service = allow_service
        self.size = workers or os.cpu_count() or 2
        self._workers: Workers | None = None
        self._lock: StoreLock | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._looped = False

    @property
    def url(self) -> str:
        """The page; the query endpoint is ``url + "query"``."""
        return f"http://{self.host}:{self.port}/"

    def start(self) -> None:
        """Check the port and the store, start the workers, then listen.

        Raises:
            AkgError: port in use or invalid, store missing or held by a build.
        """
        from waitress.server import create_server

        if not 0 <= self.port <= 65535:
            raise AkgError(
                f"port {self.port} is not a port number; pass --port between 1 and 65535"
            )
        if self.port and not port_is_free(self.port, self.host):
            raise AkgError(
                f"port {self.port} on {self.host} is in use by another program; "
                "stop it or pass another --port"
            )
        shown = show_location(self.location)
        if not (Path(self.location) / "CURRENT").exists():
            raise StoreError(f"{shown}: no store here yet; run `akg build` first, or pass --store")
        OxigraphStore(self.location).close()  # refuses a store a build holds; repairs a pending one
        try:
            if self.token is None:
                self._lock = StoreLock(self.location, shared=True)
                self._lock.acquire()
            policy = Policy(self.limits.max_rows, self.allow_service, dict(PREFIXES))
            self._workers = Workers(
                self.location, self.size, writable=self.token is not None, policy=policy
            )
            self._workers.start()
            hosts = {*LOOPBACK_NAMES, self.host.lower()}
            app = Front(self._workers, self.limits, self.token, hosts)
            self._server = create_server(app, host=self.host, port=self.port, threads=8)
        except BaseException:
            self.stop()
            raise
        self.port = int(self._server.effective_port)

    def serve_forever(self) -> None:
        """Answer requests until interrupted (Ctrl-C), then stop."""
        self._looped = True
        try:
            _loop(self._server, self._stopping)
        finally:
            self.stop()

    def start_in_thread(self) -> None:
        """Start, and answer requests in a background thread (for tests and notebooks)."""
        self.start()
        self._looped = True
        self._thread = threading.Thread(
            target=_loop, args=(self._server, self._stopping), daemon=True
        )
        self._thread.start()

    def worker_pids(self) -> list[int]:
        """The process ids of the query workers."""
        return self._workers.pids() if self._workers is not None else []

    def stop(self) -> None:
        """Stop listening, stop the workers and release the store."""
        if self._server is not None:
            self._stopping.set()
            if self._thread is not None:
                self._thread.join(timeout=10)
                self._thread = None
            elif not self._looped:  # started but never served: nothing closed it yet
                _close(self._server)
            self._server = None
        if self._workers is not None:
            self._workers.stop()
            self._workers = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Server:
        self.start_in_thread()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _loop(server: Any, stopping: threading.Event) -> None:
    """waitress's event loop, run until ``stopping`` is set, then closed by this same thread.

    Closing the server's sockets from another thread while this one waits in
    ``select`` races with it (``OSError: [Errno 9] Bad file descriptor``), so the
    loop polls in short rounds and closes everything itself when told to stop.
    """
    from waitress import wasyncore

    try:
        while not stopping.is_set() and server._map:
            wasyncore.loop(timeout=0.2, map=server._map, use_poll=True, count=1)
    finally:
        _close(server)


def _close(server: Any) -> None:
    from waitress import wasyncore

    if server._map:
        wasyncore.close_all(server._map)
    server.task_dispatcher.shutdown()


def new_token() -> str:
    """A random token for ``--allow-updates`` when ``AKG_SERVE_TOKEN`` is not set."""
    return secrets.token_urlsafe(24)


def token_from_env() -> str | None:
    """``AKG_SERVE_TOKEN``, when set and not empty."""
    return os.environ.get(TOKEN_VARIABLE) or None


# ------------------------------------------------------------------ the front
class Front:
    """The WSGI application: checks, then hands each request to a worker."""

    def __init__(
        self, workers: Workers, limits: Limits, token: str | None, hosts: set[str]
    ) -> None:
        self.workers = workers
        self.limits = limits
        self.token = token
        self.hosts = hosts

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        method = environ.get("REQUEST_METHOD", "GET")
        host = environ.get("HTTP_HOST", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.lower() not in self.hosts:
            return _error(
                start_response,
                403,
                f"this server answers only to {', '.join(sorted(self.hosts))} in the Host header; "
                "start `akg serve --host NAME` to serve another name",
            )
        if path == "/" and method in ("GET", "HEAD"):
            return _reply(start_response, 200, page(), "text/html; charset=utf-8", CSP)
        if path == "/page.js" and method in ("GET", "HEAD"):
            return _reply(start_response, 200, PAGE_SCRIPT, "text/javascript")
        if path in ("/query", "/sparql"):
            return self._query(environ, start_response)
        if path.startswith(SAVED) and method in ("GET", "HEAD"):
            return self._saved(environ, start_response, path[len(SAVED) :])
        if path == "/update":
            return self._update(environ, start_response)
        if path == "/store":
            return self._graph_store(environ, start_response)
        return _error(start_response, 404, f"no such page: {path}")

    # --- requests
    def _query(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        media = _media(environ)
        body = _body(environ)
        if method == "POST" and (
            media == "application/sparql-update"
            or (media == "application/x-www-form-urlencoded" and "update" in _form(body))
        ):
            return self._update(environ, start_response, body)
        if method not in ("GET", "POST"):
            return _error(start_response, 405, "use GET or POST")
        text = _sparql(environ, body, "query")
        if not text:
            if method == "GET" and "text/html" in environ.get("HTTP_ACCEPT", ""):
                start_response("303 See Other", [("Location", "/")])
                return [b""]
            return _error(start_response, 400, "give a query: ?query=SPARQL")
        request = Request("query", text, accept=environ.get("HTTP_ACCEPT", ""))
        return self._run(request, start_response)

    def _saved(self, environ: Environ, start_response: StartResponse, name: str) -> Iterable[bytes]:
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=False)
        params = {key: values[-1] for key, values in query.items()}
        request = Request(
            "saved",
            unquote(name),
            accept=environ.get("HTTP_ACCEPT", ""),
            body=json.dumps(params).encode(),
        )
        return self._run(request, start_response)

    def _update(
        self, environ: Environ, start_response: StartResponse, body: bytes | None = None
    ) -> Iterable[bytes]:
        refused = self._refuse_writes(environ, start_response)
        if refused is not None:
            return refused
        if environ.get("REQUEST_METHOD") != "POST":
            return _error(start_response, 405, "send updates with POST")
        text = _sparql(environ, _body(environ) if body is None else body, "update")
        if not text:
            return _error(start_response, 400, "give an update: update=SPARQL")
        return self._run(Request("update", text), start_response)

    def _graph_store(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if "default" in params:
            graph = None
        elif params.get("graph"):
            graph = params["graph"][0]
        else:
            return _error(start_response, 400, "name the graph: /store?default or /store?graph=IRI")
        if method in ("GET", "HEAD"):
            request = Request("get", graph=graph, accept=environ.get("HTTP_ACCEPT", ""))
            return self._run(request, start_response)
        if method not in ("PUT", "POST", "DELETE"):
            return _error(start_response, 405, "use GET, PUT, POST or DELETE")
        refused = self._refuse_writes(environ, start_response)
        if refused is not None:
            return refused
        request = Request(method.lower(), graph=graph, body=_body(environ), media=_media(environ))
        return self._run(request, start_response)

    def _refuse_writes(
        self, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes] | None:
        if self.token is None:
            return _error(
                start_response,
                403,
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
            return _error(start_response, 403, "wrong token for updates")
        return None

    def _run(self, request: Request, start_response: StartResponse) -> Iterable[bytes]:
        try:
            answer = self.workers.run(request, self.limits.timeout)
        except TimeLimit:
            answer = Answer.text(
                503,
                f"the query ran longer than {self.limits.timeout:g} s, this server's limit "
                "(akg serve --timeout); narrow it or add LIMIT",
            )
        headers = [("Content-Type", answer.media), ("Content-Length", str(len(answer.body)))]
        start_response(_status(answer.status), headers)
        return [answer.body]


def _status(code: int) -> str:
    return f"{code} {http.HTTPStatus(code).phrase}"


def _media(environ: Environ) -> str:
    return str(environ.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()


def _body(environ: Environ) -> bytes:
    """The request body, read once and put back for a second reader."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body: bytes = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def _form(body: bytes) -> dict[str, list[str]]:
    return parse_qs(body.decode("utf-8", errors="replace"))


def _sparql(environ: Environ, body: bytes, name: str) -> str:
    """The query or update text: URL parameter, form field or direct POST body."""
    if environ.get("REQUEST_METHOD") == "GET":
        return str(parse_qs(environ.get("QUERY_STRING", "")).get(name, [""])[0])
    media = _media(environ)
    if media in ("application/sparql-query", "application/sparql-update"):
        return body.decode("utf-8", errors="replace")
    return _form(body).get(name, [""])[0]


def _reply(
    start_response: StartResponse,
    status: int,
    text: str,
    media: str,
    policy: str | None = None,
) -> Iterable[bytes]:
    data = text.encode("utf-8")
    headers = [("Content-Type", media), ("Content-Length", str(len(data)))]
    if policy:
        headers.append(("Content-Security-Policy", policy))
    start_response(_status(status), headers)
    return [data]


def _error(start_response: StartResponse, status: int, message: str) -> Iterable[bytes]:
    return _reply(start_response, status, message + "\n", "text/plain; charset=utf-8")


# ------------------------------------------------------------------ the page
CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'"


def page() -> str:
    """The query page: a form, the saved queries as examples, results as a table."""
    from .query import saved_queries

    examples = {
        name: {
            "text": f"# {saved.description}\n{sparql_prefixes()}{_without_comments(saved.text)}",
            "parameters": [
                {"name": p.name, "optional": p.optional, "help": p.help} for p in saved.parameters
            ],
        }
        for name, saved in saved_queries().items()
    }
    first = next(
        (str(e["text"]) for e in examples.values()), "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
    )
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
<p id="parameters"></p>
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
const chooser = document.getElementById("examples");
const parameters = document.getElementById("parameters");
// a saved query's parameters, filled in here, are bound by the server as `akg query --param`
function showParameters() {
  parameters.replaceChildren();
  for (const p of examples[chooser.value].parameters) {
    const label = document.createElement("label");
    label.textContent = p.name + (p.optional ? " (optional) " : " ");
    const input = document.createElement("input");
    input.name = p.name;
    input.placeholder = p.help;
    input.className = "parameter";
    label.append(input);
    parameters.append(label, " ");
  }
}
function request() {
  const saved = examples[chooser.value];
  if (box.value !== saved.text) {  // edited: run the text as it is
    return fetch("/query", {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: box.value,
    });
  }
  const given = new URLSearchParams();
  for (const input of parameters.querySelectorAll("input")) {
    if (input.value.trim()) given.append(input.name, input.value.trim());
  }
  return fetch("/saved/" + encodeURIComponent(chooser.value) + "?" + given.toString(),
               {headers: {"Accept": "application/sparql-results+json"}});
}
chooser.addEventListener("change", () => {
  box.value = examples[chooser.value].text;
  showParameters();
});
box.addEventListener("input", () => {
  parameters.hidden = box.value !== examples[chooser.value].text;
});
showParameters();
function cell(term) {
  const td = document.createElement("td");
  td.textContent = term === undefined ? "" : term.value;
  return td;
}
document.getElementById("form").addEventListener("submit", async (e) => {
  e.preventDefault();
  results.replaceChildren();
  status.textContent = "running...";
  const response = await request();
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
