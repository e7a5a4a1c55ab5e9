"""A remote SPARQL 1.1 server as a store: ``--store sparql+http://host:port/path``.

The layout is the embedded store's: one named graph per article, the
deduplicated union of them maintained on write, and a bookkeeping graph with
the schema version and a pending mark per article being written.

Where the union lives depends on the server, found out when the store opens:

- servers with a default graph of their own (Oxigraph, Fuseki as shipped)
  get the union written into it, and queries read it as they are;
- servers whose default graph is already the union of every graph (Virtuoso,
  GraphDB) would show a triple stated by two articles twice, so the union is
  written into the named graph ``<base>meta/union`` and queries are sent
  with ``default-graph-uri`` naming it (``GRAPH ?g`` still sees the articles).

Writes: an article is marked pending, what only it supported leaves the
union, its graph is replaced (a Graph Store Protocol PUT where the server has
one, else ``INSERT DATA`` in batches with the content hash last), the new
triples join the union, and the mark goes. A failed request is retried; if it
still fails the mark stays, and the next open rolls the article back (drops
its graph and recomputes the union) and says so, so nothing is half-written
and the next build writes it again. Blank nodes are skolemised before they
leave this process; data is written with an N-Triples serializer, never
pasted into SPARQL text.

The URL may name the other endpoints: ``?update=/path`` (default: ``/update``
beside a ``/query`` path, else the query URL itself) and ``?gsp=/path`` (the
Graph Store Protocol; default: ``/store`` beside a ``/query`` path, else none).
Credentials come from ``AKG_SPARQL_USER`` and ``AKG_SPARQL_PASSWORD``
(basic or digest, as the server's challenge asks; ``AKG_SPARQL_AUTH=basic`` sends
basic credentials without waiting for one), never from the URL or the command line.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Generator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

import httpx
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from .backend import SCHEMA_VERSION, Closing, Result, Triples, syntax_message, to_ox
from .errors import QueryError, StoreError
from .rows import Rows
from .vocab import (
    AKG,
    article_iri,
    base_iri,
    graph_iri,
    meta_graph_iri,
    sparql_prefixes,
    union_graph_iri,
)

if TYPE_CHECKING:
    from .query import SavedQuery

SCHEMES = ("sparql+http://", "sparql+https://")
USER_VARIABLE = "AKG_SPARQL_USER"
PASSWORD_VARIABLE = "AKG_SPARQL_PASSWORD"
AUTH_VARIABLE = "AKG_SPARQL_AUTH"
#: Triples per INSERT DATA request (Virtuoso's parser gives up near 5,000).
BATCH = 1000
#: Tries per request before a write is reported as failed.
TRIES = 3
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


#: Virtuoso answers with the first type listed whatever the query, so graphs ask for graphs.
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9"


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside IRIs, strings, comments.

    >>> query_form('PREFIX a: <http://x/SELECT#> # ASK' + chr(10) + 'CONSTRUCT { ?s ?p "DESCRIBE" } WHERE {}')
    'CONSTRUCT'
    """
    text = re.sub(r"<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*", " ", sparql)
    found = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.IGNORECASE)
    return found[1].upper() if found else "SELECT"


def ntriples(triples: Sequence[tuple[Node, Node, Node]]) -> str:
    """Triples as N-Triples text, written by Oxigraph's serializer (valid in INSERT DATA)."""
    import pyoxigraph as ox

    data = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]  # type: ignore[arg-type]
    return ox.serialize(data, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")  # type: ignore[union-attr]


def _names(docs: Sequence[str]) -> str:
    shown = ", ".join(f'"{doc}"' for doc in docs[:3])
    return (
        ("article " if len(docs) == 1 else "articles ") + shown + (", ..." if len(docs) > 3 else "")
    )


def skolemise(graph: Triples) -> list[tuple[Node, Node, Node]]:
    """The triples of ``graph`` with every blank node replaced by a fresh IRI."""
    base = f"{base_iri()}.well-known/genid/"
    names: dict[BNode, URIRef] = {}

    def fix(term: Node) -> Node:
        if isinstance(term, BNode):
            return names.setdefault(term, URIRef(base + str(term)))
        return term

    return [(fix(s), fix(p), fix(o)) for s, p, o in graph]


def _term(value: Mapping[str, str]) -> Identifier:
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    language = value.get("xml:lang")
    datatype = value.get("datatype")
    if language:
        return Literal(value["value"], lang=language)
    if datatype and datatype != XSD_STRING:
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


class CappedError(QueryError):
    """The server cut a result at its row cap (Virtuoso's ResultSetMaxRows)."""


def _chunks(names: list[URIRef], size: int) -> list[list[URIRef]]:
    return [names[start : start + size] for start in range(0, len(names), size)]


class RemoteStore(Closing):
    """Any SPARQL 1.1 Query/Update server, optionally with the Graph Store Protocol.

    Args:
        location: ``sparql+http://host:port/path`` (or ``sparql+https://``).
        read_only: only query; the server must already hold an akg store.
    """

    def __init__(self, location: str, *, read_only: bool = False) -> None:
        self.location = location
        self._read_only = read_only
        parts = urlsplit(location.split("+", 1)[1])
        if parts.username or parts.password:
            raise StoreError(
                f"{self._shown(parts)}: put credentials in {USER_VARIABLE} and "
                f"{PASSWORD_VARIABLE}, not in the URL"
            )
        options = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        self.query_url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        beside = parts.path.endswith("/query")
        sibling = parts.path[: -len("query")] if beside else None
        self.update_url = urljoin(self.query_url, options.get("update", (sibling or "") + "update"))
        if "update" not in options and not beside:
            self.update_url = self.query_url
        gsp = options["gsp"] if "gsp" in options else (sibling + "store" if sibling else "")
        self.gsp_url = urljoin(self.query_url, gsp) if gsp else None
        self._cap: int | None = None
        self._virtuoso = False
        self._http = httpx.Client(timeout=httpx.Timeout(120, connect=10), auth=self._auth())
        self._meta = meta_graph_iri()
        self._union = union_graph_iri()
        try:
            self.union_in_named_graph = self._open()
        except BaseException:
            self._http.close()
            raise

    # ------------------------------------------------------------ connection
    @staticmethod
    def _shown(parts: Any) -> str:
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        return str(urlunsplit(("sparql+" + parts.scheme, netloc, parts.path, "", "")))

    def _auth(self) -> httpx.Auth | None:
        user = os.environ.get(USER_VARIABLE)
        if not user:
            return None
        password = os.environ.get(PASSWORD_VARIABLE, "")
        scheme = os.environ.get(AUTH_VARIABLE, "").lower()
        if scheme == "digest":
            return httpx.DigestAuth(user, password)
        if scheme == "basic":
            return httpx.BasicAuth(user, password)
        return ChallengeAuth(user, password)

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One HTTP request, retried on connection errors and 5xx; errors as StoreError."""
        shown = self._shown(urlsplit(self.location.split("+", 1)[1]))
        for attempt in range(TRIES):
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                if attempt + 1 < TRIES:
                    time.sleep(0.2 * 2**attempt)
                    continue
                reason = str(exc) or type(exc).__name__
                raise StoreError(
                    f"{shown}: cannot reach the SPARQL server ({reason}); is it running?"
                ) from None
            if response.status_code >= 500 and attempt + 1 < TRIES:
                time.sleep(0.2 * 2**attempt)
                continue
            break
        if response.status_code == 401:
            raise StoreError(
                f"{shown}: the server refused the credentials (HTTP 401); set {USER_VARIABLE} "
                f"and {PASSWORD_VARIABLE} to an account allowed to query and update"
            )
        if response.status_code == 403:
            raise StoreError(
                f"{shown}: the server does not allow this account to write (HTTP 403); "
                f"give {USER_VARIABLE} update rights, or open the store read-only"
            )
        self._virtuoso = self._virtuoso or response.headers.get("server", "").startswith("Virtuoso")
        return response

    def _server_error(self, response: httpx.Response) -> str:
        first = next((line for line in response.text.splitlines() if line.strip()), "")
        return " ".join(first.split())[:300] or f"HTTP {response.status_code}"

    def _update(self, sparql: str, what: str) -> None:
        response = self._request("POST", self.update_url, data={"update": sparql})
        if response.status_code >= 300:
            raise StoreError(
                f"{self.location}: {what} failed (HTTP {response.status_code}: "
                f"{self._server_error(response)})"
            )

    def _select(self, sparql: str, *, union: bool = True) -> Rows:
        result = self._run(sparql, union=union)
        assert isinstance(result, Rows)
        return result

    def _run(self, sparql: str, *, union: bool = True, prologue: str = "") -> Result:
        form = {"query": prologue + sparql}
        if union and self._union_mode:
            form["default-graph-uri"] = str(self._union)
        # a form, not application/sparql-query: Virtuoso 7.2 never answers a direct POST
        accept = ACCEPT_GRAPH if query_form(sparql) in ("CONSTRUCT", "DESCRIBE") else ACCEPT
        response = self._request("POST", self.query_url, data=form, headers={"Accept": accept})
        if response.status_code == 400:
            raise QueryError(self._query_error(sparql, response, prologue.count("\n")))
        if response.status_code >= 300:
            raise QueryError(
                f"query failed on the server (HTTP {response.status_code}: "
                f"{self._server_error(response)})"
            )
        cap = response.headers.get("x-sparql-maxrows")
        if cap and cap.isdigit():
            self._cap = int(cap)
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if "json" in media:
            data = json.loads(response.content)
            if "boolean" in data:
                return bool(data["boolean"])
            names = list(data["head"].get("vars", []))
            if names == ["__ASK_RETVAL"]:  # Virtuoso's answer to ASK
                found = data["results"]["bindings"]
                return bool(found) and found[0]["__ASK_RETVAL"]["value"] not in ("0", "false")
            rows = [
                tuple(_term(b[n]) if n in b else None for n in names)
                for b in data["results"]["bindings"]
            ]
            if cap and len(rows) >= int(cap):
                raise CappedError(self._capped(int(cap)))
            return Rows(names, rows)
        graph = Graph()
        graph.parse(data=response.content, format="nt" if "n-triples" in media else "turtle")
        cap_now = self._cap or (10_000 if self._virtuoso else None)
        if cap_now and len(graph) >= cap_now:
            raise CappedError(self._capped(cap_now))
        return graph

    @staticmethod
    def _capped(cap: int) -> str:
        return (
            f"the server returned only its first {cap} results (a cap such as Virtuoso's "
            "ResultSetMaxRows); add LIMIT below it, or raise ResultSetMaxRows in the "
            "[SPARQL] section of virtuoso.ini"
        )

    def _query_error(self, sparql: str, response: httpx.Response, shift: int) -> str:
        message = " ".join(response.text.split())
        found = re.match(r"error at (\d+):(\d+): ", message)
        if found:  # Oxigraph: positions count the PREFIX lines put before the query
            line = max(1, int(found[1]) - shift)
            message = f"error at {line}:{found[2]}: " + message[found.end() :]
            return syntax_message(sparql, message)
        detail = re.sub(
            r"line (\d+):",
            lambda m: f"line {max(1, int(m[1]) - shift)}:",
            self._server_error(response),
        )
        return "the server rejected the query: " + detail

    # ---------------------------------------------------------- bookkeeping
    def _open(self) -> bool:
        version = URIRef(str(AKG.schemaVersion))
        self._union_mode = False
        found = self._select(
            f"SELECT ?v WHERE {{ GRAPH <{self._meta}> {{ <{self._meta}> <{version}> ?v }} }}",
            union=False,
        )
        values = [str(row[0]) for row in found.rows]
        if values and values[0] != SCHEMA_VERSION:
            raise StoreError(
                f"{self.location}: store written by another version of akg (schema {values[0]}, "
                f"this version reads {SCHEMA_VERSION}); use another server or dataset"
            )
        if not values:
            if self._read_only:
                raise StoreError(
                    f"{self.location}: no akg data on this server yet; "
                    "run `akg build --store URL` first"
                )
            self._update(
                self._insert(self._meta, [(self._meta, version, Literal(SCHEMA_VERSION))]),
                "writing the schema version",
            )
        probe = self._run(f"ASK {{ <{self._meta}> <{version}> ?v }}", union=False)
        self._union_mode = bool(probe)
        if not self._read_only:
            self._recover()
        return self._union_mode

    @staticmethod
    def _insert(graph: URIRef | None, triples: Sequence[tuple[Node, Node, Node]]) -> str:
        body = ntriples(triples)
        return (
            f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"
            if graph is not None
            else f"INSERT DATA {{\n{body}}}"
        )

    @staticmethod
    def _delete(graph: URIRef, triples: Sequence[tuple[Node, Node, Node]]) -> str:
        return f"DELETE DATA {{ GRAPH <{graph}> {{\n{ntriples(triples)}}} }}"

    def _target(self) -> str:
        """The union in an update template: the default graph, or the union graph."""
        return f"GRAPH <{self._union}> {{ ?s ?p ?o }}" if self._union_mode else "?s ?p ?o"

    def _articles_filter(self, variable: str) -> str:
        prefix = json.dumps(f"{base_iri()}graph/")
        return (
            f"FILTER (STRSTARTS(STR(?{variable}), {prefix}) && ?{variable} != <{self._meta}> "
            f"&& ?{variable} != <{self._union}>)"
        )

    def _pending(self) -> list[str]:
        rows = self._select(
            f"SELECT ?doc WHERE {{ GRAPH <{self._meta}> {{ <{self._meta}> <{AKG.pendingArticle}> ?doc }} }}",
            union=False,
        )
        return sorted(str(row[0]) for row in rows.rows)

    def _recover(self) -> None:
        """Roll back articles whose writing was interrupted and recompute the union."""
        pending = self._pending()
        if not pending:
            return
        drops = "".join(f"DROP SILENT GRAPH <{graph_iri(doc)}> ;\n" for doc in pending)
        clear = f"DROP SILENT GRAPH <{self._union}>" if self._union_mode else "CLEAR SILENT DEFAULT"
        self._update(
            f"{drops}{clear} ;\nINSERT {{ {self._target()} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f"{self._articles_filter('g')} }}",
            "recovering from an interrupted build",
        )
        marks = [(self._meta, AKG.pendingArticle, Literal(doc)) for doc in pending]
        self._update(self._delete(self._meta, marks), "recovering from an interrupted build")
        print(
            f"notice: {self.location}: an earlier build was interrupted while writing "
            f"{', '.join(pending)}; rolled back, written again by this build",
            file=sys.stderr,
        )

    # ---------------------------------------------------------------- Store
    def stored_hash(self, doc: str) -> str | None:
        rows = self._select(
            f"SELECT ?h WHERE {{ GRAPH <{graph_iri(doc)}> "
            f"{{ <{article_iri(doc)}> <{AKG.contentHash}> ?h }} }}",
            union=False,
        )
        return str(rows.rows[0][0]) if rows.rows else None

    def _detach(self, docs: Sequence[str]) -> None:
        """Mark ``docs`` pending, take what only they support out of the union, drop their graphs."""
        marks = [(self._meta, AKG.pendingArticle, Literal(doc)) for doc in docs]
        steps = [self._insert(self._meta, marks)]
        for doc in docs:
            name = graph_iri(doc)
            steps.append(
                f"DELETE {{ {self._target()} }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} "
                f"{self._articles_filter('other')} FILTER (?other NOT IN ({', '.join(f'<{graph_iri(d)}>' for d in docs)})) }} }}"
            )
        steps += [f"DROP SILENT GRAPH <{graph_iri(doc)}>" for doc in docs]
        self._update(" ;\n".join(steps), f"removing the old version of {_names(docs)}")

    def _done(self, docs: Sequence[str]) -> None:
        marks = [(self._meta, AKG.pendingArticle, Literal(doc)) for doc in docs]
        self._update(self._delete(self._meta, marks), f"finishing {_names(docs)}")

    def replace_article(self, doc: str, graph: Triples) -> None:
        self.replace_articles([(doc, graph)])

    def replace_articles(self, items: Sequence[tuple[str, Triples]]) -> None:
        docs = [doc for doc, _ in items]
        if not docs:
            return
        what = f"writing {_names(docs)}"
        self._detach(docs)
        quads: list[tuple[URIRef | None, tuple[Node, Node, Node]]] = []
        hashes: list[tuple[URIRef | None, tuple[Node, Node, Node]]] = []
        union = self._union if self._union_mode else None
        for doc, graph in items:
            name = graph_iri(doc)
            triples = skolemise(graph)
            if self.gsp_url is not None:
                self._put(name, [t for t in triples if t[1] != AKG.contentHash], what)
            for triple in triples:
                if triple[1] == AKG.contentHash:
                    # last: an article whose hash is stored is complete
                    hashes += [(name, triple), (union, triple)]
                    continue
                if self.gsp_url is None:
                    quads.append((name, triple))
                quads.append((union, triple))
        for start in range(0, len(quads), BATCH):
            self._update(self._insert_quads(quads[start : start + BATCH]), what)
        for start in range(0, len(hashes), BATCH):
            self._update(self._insert_quads(hashes[start : start + BATCH]), what)
        self._done(docs)

    @staticmethod
    def _insert_quads(quads: Sequence[tuple[URIRef | None, tuple[Node, Node, Node]]]) -> str:
        by_graph: dict[URIRef | None, list[tuple[Node, Node, Node]]] = {}
        for name, triple in quads:
            by_graph.setdefault(name, []).append(triple)
        blocks = [
            ntriples(triples) if name is None else f"GRAPH <{name}> {{\n{ntriples(triples)}}}\n"
            for name, triples in by_graph.items()
        ]
        return "INSERT DATA {\n" + "".join(blocks) + "}"

    def _put(self, name: URIRef, triples: Sequence[tuple[Node, Node, Node]], what: str) -> None:
        assert self.gsp_url is not None
        response = self._request(
            "PUT",
            self.gsp_url,
            params={"graph": str(name)},
            content=ntriples(triples).encode("utf-8"),
            headers={"Content-Type": "application/n-triples"},
        )
        if response.status_code >= 300:
            raise StoreError(
                f"{self.location}: {what} failed (Graph Store Protocol, HTTP "
                f"{response.status_code}: {self._server_error(response)})"
            )

    def remove_article(self, doc: str) -> bool:
        if not self._run(f"ASK {{ GRAPH <{graph_iri(doc)}> {{ ?s ?p ?o }} }}", union=False):
            return False
        self._detach([doc])
        self._done([doc])
        return True

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        text = sparql
        if bindings:
            for name in bindings:
                if not re.search(rf"[?$]{re.escape(name)}\b", sparql):
                    raise QueryError(
                        f"this query has no variable ?{name}; bind only variables the query uses"
                    )
            names = " ".join(f"?{name}" for name in bindings)
            values = " ".join(str(to_ox(value)) for value in bindings.values())
            text += f"\nVALUES ({names}) {{ ({values}) }}"
        return self._run(text, prologue=sparql_prefixes())

    def _graph_names(self) -> list[URIRef]:
        """Every article graph, listed in pages that stay under any server's row cap."""
        names: list[URIRef] = []
        after = ""
        while True:
            rows = self._select(
                f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._articles_filter('g')} "
                f"FILTER (STR(?g) > {json.dumps(after)}) }} ORDER BY ?g LIMIT 5000",
                union=False,
            )
            page = [URIRef(str(row[0])) for row in rows.rows]
            names += page
            if len(page) < 5000:
                return names
            after = str(page[-1])

    def dataset(self) -> Dataset:
        data = Dataset()
        todo = [chunk for chunk in _chunks(self._graph_names(), 50)]
        while todo:
            chunk = todo.pop()
            values = " ".join(f"<{n}>" for n in chunk)
            try:
                rows = self._select(
                    f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                    union=False,
                )
            except CappedError:
                if len(chunk) == 1:
                    raise
                todo += _chunks(chunk, (len(chunk) + 1) // 2)  # fewer graphs per request
                continue
            for g, s, p, o in rows.rows:
                assert g is not None and s is not None and p is not None and o is not None
                data.graph(URIRef(str(g))).add((s, p, o))
                data.default_graph.add((s, p, o))
        return data

    def listing(self, saved: SavedQuery, limit: int | None = None, offset: int = 0) -> Rows | None:
        return None  # the server answers every query itself

    def close(self) -> None:
        self._http.close()


class ChallengeAuth(httpx.Auth):
    """Basic or digest authentication, whichever the server's challenge asks for."""

    def __init__(self, user: str, password: str) -> None:
        self._user, self._password = user, password
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        challenge = response.headers.get("www-authenticate", "").lower()
        if response.status_code != 401 or not challenge:
            return
        if challenge.startswith("digest"):
            self._chosen = httpx.DigestAuth(self._user, self._password)
        else:
            self._chosen = httpx.BasicAuth(self._user, self._password)
        yield from self._chosen.auth_flow(request)
