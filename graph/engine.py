"""The query workers of ``akg serve``: processes that answer one request at a time.

Each worker opens the store itself (read-only, or read-write when updates are
allowed) and holds the store's lock (:mod:`graph.lock`), so no build writes
under it. A worker that runs past the time limit is killed, which is the only
sure way to stop a SPARQL engine mid-query, and a fresh one takes its place.
Results are streamed and counted, and a result over the size limit is dropped
as soon as the limit is passed, so memory stays bounded whatever is asked.
Workers watch their parent and exit within a second when it dies, even by
``kill -9``, so none is left serving a store nobody owns.

Nothing here listens on a port: the only way in is the front (:mod:`graph.serve`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from .errors import QueryError, StoreError
from .rows import Rows

if TYPE_CHECKING:
    import pyoxigraph as ox

    from .backend import Store

#: Seconds between a worker's checks that its parent still lives.
WATCH_INTERVAL = 0.25


#: The operations that change the store.
WRITES = frozenset({"update", "put", "post", "delete"})


@dataclass(frozen=True)
class Request:
    """One thing to do: a query, an update or a Graph Store operation.

    Args:
        operation: ``query``, ``update``, ``saved`` (a saved query by name, its
            parameters as a JSON object in ``body``, bound as ``akg query --param``
            binds them), or ``get`` / ``put`` / ``post`` / ``delete`` on a graph
            (the Graph Store Protocol).
        text: the SPARQL text (the saved query's name for ``saved``).
        accept: the client's ``Accept`` header.
        graph: the graph of a Graph Store operation; None is the default graph.
        body: the RDF sent with ``put`` / ``post``.
        media: its media type.
    """

    operation: str
    text: str = ""
    accept: str = ""
    graph: str | None = None
    body: bytes = b""
    media: str = ""


@dataclass(frozen=True)
class Answer:
    """What to send back: an HTTP status, a media type and the body."""

    status: int
    media: str = "text/plain; charset=utf-8"
    body: bytes = b""

    @classmethod
    def text(cls, status: int, message: str) -> Answer:
        """A plain-text answer of one line."""
        return cls(status, body=(message + "\n").encode())


@dataclass(frozen=True)
class Policy:
    """What the workers allow.

    Args:
        max_rows: rows (or triples) a result may have.
        allow_service: whether queries may call other endpoints with ``SERVICE``.
        prefixes: prefixes every query and update may use undeclared.
    """

    max_rows: int = 100_000
    allow_service: bool = False
    prefixes: dict[str, str] = field(default_factory=dict)


# ----------------------------------------------------------------- negotiation
def _accepted(accept: str) -> list[str]:
    """Media types of an ``Accept`` header, best first (by q, then by order)."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose_format(accept: str, kind: str) -> Any:
    """The pyoxigraph format to answer in: ``kind`` is ``results`` or ``rdf``.

    None when the client accepts nothing we can write. The default (no header,
    ``*/*``) is SPARQL JSON for results and Turtle for graphs.

    >>> choose_format("text/csv;q=0.5, application/sparql-results+xml", "results").media_type
    'application/sparql-results+xml'
    >>> choose_format("", "rdf").media_type
    'text/turtle'
    """
    import pyoxigraph as ox

    known: Any = ox.QueryResultsFormat if kind == "results" else ox.RdfFormat
    default = ox.QueryResultsFormat.JSON if kind == "results" else ox.RdfFormat.TURTLE
    if not accept.strip():
        return default
    for media in _accepted(accept):
        if media in ("*/*", "application/*", "text/*"):
            return default
        found = known.from_media_type(media)
        if found is not None:
            return found
    return None


# ------------------------------------------------------------------- SERVICE
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_WORD = re.compile(r"\bservice\b", re.IGNORECASE)


def calls_service(sparql: str) -> bool:
    """Whether a query may call another endpoint (``SERVICE``), erring on the safe side.

    A query that does not name SERVICE, even through ``\\u`` escapes, does not;
    one that does is parsed, and only a parse that shows no SERVICE clears it.

    >>> calls_service("SELECT * { ?s ?p 'service' }")
    False
    >>> calls_service("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    True
    >>> calls_service("SELECT * { \\\\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    True
    """
    text = _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), sparql)
    if not _SERVICE_WORD.search(text):
        return False
    import warnings

    from rdflib.plugins.sparql.parser import parseQuery

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = parseQuery(text)
    except Exception:  # rdflib cannot read it: assume the worst
        return True
    return _has_service(parsed)


def _has_service(node: object) -> bool:
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_has_service(value) for value in node.values())
    if isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        return any(_has_service(item) for item in node)  # type: ignore[attr-defined]
    return False


# -------------------------------------------------------------------- answers
def answer(store: ox.Store, request: Request, policy: Policy) -> Answer:
    """Carry out one request on ``store`` (in a worker; also usable directly)."""
    from .backend import syntax_message

    try:
        if request.operation == "query":
            return _query(store, request, policy)
        if request.operation == "update":
            if calls_service(request.text) and not policy.allow_service:
                return Answer.text(403, _NO_SERVICE)
            store.update(request.text, prefixes=policy.prefixes)
            return Answer(204)
        return _graph_store(store, request)
    except SyntaxError as exc:
        return Answer.text(400, syntax_message(request.text, str(exc)))
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer.text(500, "the query failed: " + " ".join(str(exc).split())[:300])


#: SPARQL result media types a saved query's rows are written in, and the format for each.
_ROW_FORMATS = {
    "application/sparql-results+json": "json",
    "text/csv; charset=utf-8": "csv",
    "text/tab-separated-values; charset=utf-8": "tsv",
}


def answer_saved(store: Store, request: Request, policy: Policy) -> Answer:
    """Run a saved query with its parameters, as ``akg query NAME --param ...`` does."""
    import json

    from .query import format_rows, run_query, saved_queries

    saved = saved_queries()
    if request.text not in saved:
        return Answer.text(
            404, f'no saved query "{request.text}"; saved queries: {", ".join(saved)}'
        )
    fmt = choose_format(request.accept, "results")
    name = _ROW_FORMATS.get(fmt.media_type) if fmt is not None else None
    if name is None:
        return _unacceptable("SPARQL JSON, CSV or TSV results")
    try:
        params = json.loads(request.body or b"{}")
        result = run_query(store, request.text, params)
    except QueryError as exc:
        return Answer.text(400, str(exc))
    if not isinstance(result, Rows):
        return Answer.text(500, f"{request.text} is not a SELECT query")
    if len(result.rows) > policy.max_rows:
        return _too_many(policy)
    return Answer(200, fmt.media_type, format_rows(result, name).encode())


_NO_SERVICE = (
    "SERVICE (calling another endpoint) is off on this server; "
    "start `akg serve --allow-service` to allow it"
)


def _query(store: ox.Store, request: Request, policy: Policy) -> Answer:
    import pyoxigraph as ox

    if calls_service(request.text) and not policy.allow_service:
        return Answer.text(403, _NO_SERVICE)
    result = store.query(request.text, prefixes=policy.prefixes)
    if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
        fmt = choose_format(request.accept, "results")
        if fmt is None:
            return _unacceptable("a SPARQL result (JSON, XML, CSV or TSV)")
        if isinstance(result, ox.QuerySolutions):
            for count, _ in enumerate(result, 1):  # counted as they stream, nothing kept
                if count > policy.max_rows:
                    return _too_many(policy)
            result = store.query(request.text, prefixes=policy.prefixes)
        return Answer(200, fmt.media_type, result.serialize(format=fmt) or b"")
    fmt = choose_format(request.accept, "rdf")
    if fmt is None:
        return _unacceptable("RDF (Turtle, N-Triples, RDF/XML, JSON-LD, ...)")
    triples = []
    for triple in result:
        triples.append(triple)
        if len(triples) > policy.max_rows:
            return _too_many(policy)
    return Answer(200, fmt.media_type, ox.serialize(triples, format=fmt) or b"")


def _too_many(policy: Policy) -> Answer:
    return Answer.text(
        422,
        f"the result has more than {policy.max_rows} rows, this server's limit "
        "(akg serve --max-rows); add LIMIT or narrow the query",
    )


def _unacceptable(what: str) -> Answer:
    return Answer.text(406, f"this result can be sent as {what}; ask for one in Accept")


def _graph_store(store: ox.Store, request: Request) -> Answer:
    import pyoxigraph as ox

    target: ox.NamedNode | ox.DefaultGraph = (
        ox.DefaultGraph() if request.graph is None else ox.NamedNode(request.graph)
    )
    exists = isinstance(target, ox.DefaultGraph) or store.contains_named_graph(target)
    if request.operation == "get":
        fmt = choose_format(request.accept, "rdf")
        if fmt is None:
            return _unacceptable("RDF (Turtle, N-Triples, RDF/XML, JSON-LD, ...)")
        if not exists:
            return Answer.text(404, f"no graph {request.graph} here")
        return Answer(200, fmt.media_type, store.dump(format=fmt, from_graph=target) or b"")
    if request.operation == "delete":
        if not exists:
            return Answer.text(404, f"no graph {request.graph} here")
        if isinstance(target, ox.DefaultGraph):
            store.clear_graph(target)
        else:
            store.remove_graph(target)
        return Answer(204)
    fmt = ox.RdfFormat.from_media_type(request.media.split(";")[0].strip())
    if fmt is None:
        return Answer.text(
            415, "send RDF with its Content-Type (text/turtle, application/n-triples, ...)"
        )
    triples = list(ox.parse(request.body, fmt))
    if request.operation == "put" and exists:
        store.clear_graph(target)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in triples)
    return Answer(201 if request.operation == "put" and not exists else 204)


# -------------------------------------------------------------------- workers
def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    os._exit(0)


def _worker(conn: Connection, location: str, writable: bool, policy: Policy, parent: int) -> None:
    """A worker's life: open the store, say ready, then answer until told to stop."""
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    from .store import OxigraphStore

    try:
        store = OxigraphStore(location, read_only=not writable)
    except StoreError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", ""))
    native = store.native()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            break
        if request is None:
            break
        if request.operation == "saved":
            conn.send(answer_saved(store, request, policy))
            continue
        if request.operation in WRITES:
            store.changed_outside()  # the kept listings cannot follow a SPARQL update
        conn.send(answer(native, request, policy))
    store.close()


class TimeLimit(Exception):
    """A request ran past the time limit; its worker was killed."""


@dataclass
class _Worker:
    process: Any
    conn: Connection


class Workers:
    """A pool of query workers on one store.

    Args:
        location: the store folder.
        size: how many requests run at once (read-only); one when writable.
        writable: open the store read-write, for updates.
        policy: size limit, SERVICE and prefixes.
    """

    def __init__(self, location: str, size: int, *, writable: bool, policy: Policy) -> None:
        self.location = location
        self.size = 1 if writable else max(1, size)
        self.writable = writable
        self.policy = policy
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []

    def start(self) -> None:
        """Start every worker and wait until each has opened the store.

        Raises:
            StoreError: a worker could not open the store (its message).
        """
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_worker,
            args=(theirs, self.location, self.writable, self.policy, os.getpid()),
            daemon=True,
            name="akg-query-worker",
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._all.append(worker)
        try:
            if not ours.poll(120):
                raise StoreError(
                    f"{self.location}: the query worker did not open the store in 120 s"
                )
            state, message = ours.recv()
        except (EOFError, OSError):
            state, message = "error", f"{self.location}: the query worker stopped at start"
        if state != "ready":
            self._end(worker)
            raise StoreError(message)
        return worker

    def run(self, request: Request, timeout: float) -> Answer:
        """Answer ``request`` in the next free worker.

        Raises:
            TimeLimit: it took longer than ``timeout`` seconds (the worker was killed).
        """
        worker = self._idle.get()
        replace = True
        try:
            worker.conn.send(request)
            if worker.conn.poll(timeout):
                reply: Answer = worker.conn.recv()
                replace = False
                return reply
            raise TimeLimit
        except (EOFError, OSError):
            return Answer.text(502, "the query worker stopped (out of memory?); try again")
        finally:
            if replace:  # killed now, so the abandoned query stops using the CPU
                self._end(worker)
                threading.Thread(target=self._replace, daemon=True).start()
            else:
                self._idle.put(worker)

    def _replace(self) -> None:
        with contextlib.suppress(StoreError):
            self._idle.put(self._spawn())

    def _end(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(10)
        worker.conn.close()
        if worker in self._all:
            self._all.remove(worker)

    def stop(self) -> None:
        """Ask every worker to stop; kill those that do not within a few seconds."""
        for worker in list(self._all):
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        deadline = time.monotonic() + 5
        for worker in list(self._all):
            worker.process.join(max(0.0, deadline - time.monotonic()))
            self._end(worker)

    def pids(self) -> list[int]:
        """The workers' process ids."""
        return [w.process.pid for w in self._all if w.process.pid is not None]
