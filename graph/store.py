"""Stores behind one interface: embedded Oxigraph on disk (default) or rdflib in memory.

Each article's triples live in a named graph of their own (its provenance),
and the default graph holds their union as a set, which is what queries read:
a triple stated by two articles is one triple there, so queries need no
DISTINCT. An article is replaced as a whole: its old graph is dropped, triples
no other article supports leave the default graph, and the new graph is
written in one transaction with the article's content hash. The article is
marked pending in the store's bookkeeping graph meanwhile; a store opened with
a pending mark (an interrupted build) has its default graph recomputed from the
article graphs, so the next build ends with the same graph as an uninterrupted
one.
"""

from __future__ import annotations

import contextlib
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDFS, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Identifier, Node, Variable

from .backend import SCHEMA_VERSION as SCHEMA_VERSION
from .backend import Closing as Closing
from .backend import Result as Result
from .backend import Store as Store
from .backend import Triples as Triples
from .backend import from_ox, inline_values, syntax_message, to_ox
from .errors import QueryError, StoreError
from .listings import Listings, label_key
from .lock import LOCK_FILE, StoreLock
from .ordering import sort_rows, split_order
from .rows import Rows as Rows  # re-exported: graph.store.Rows
from .vocab import AKG, PREFIXES, article_iri, base_iri, graph_iri, meta_graph_iri

if TYPE_CHECKING:
    import pyoxigraph as ox

    from .query import SavedQuery

MEMORY = "memory:"
#: From this many quads in one write, Oxigraph's bulk loader is used.
BULK_QUADS = 10_000


def default_location() -> str:
    """``AKG_STORE`` when set, else ``$XDG_DATA_HOME/akg/store`` (``~/.local/share/akg/store``)."""
    if os.environ.get("AKG_STORE"):
        return os.environ["AKG_STORE"]
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data) / "akg" / "store")


def show_location(location: str) -> str:
    """The location with the home directory written as ``~``, for messages."""
    home = str(Path.home())
    return (
        "~" + location[len(home) :]
        if home != "/" and location.startswith(home + os.sep)
        else location
    )


# ---------------------------------------------------------------- oxigraph
class OxigraphStore(Closing):
    """The embedded default: Oxigraph (RocksDB) in a folder on disk.

    Args:
        location: the folder; created when ``read_only`` is false.
        read_only: open without taking the write lock (a running build may hold it).
    """

    def __init__(
        self,
        location: str,
        *,
        read_only: bool = False,
        on_notice: Callable[[str], None] | None = None,
    ) -> None:
        self.location = location
        self._on_notice = on_notice
        self._read_only = read_only
        self._bulk_written = False
        self._lock: StoreLock | None = None
        # the kept listings (graph.listings), marked stale at this session's first write
        self._listings: Listings | None = None
        self._labels: set[str] = set()  # labels named by what this session wrote or removed
        self._units: set[ox.NamedNode] = set()  # units whose parent may have changed
        self._abandoned = False  # closed by an exception: listings stay stale
        self._untracked = False  # written around replace/remove: listings computed whole
        try:
            self._open(location, read_only, on_notice)
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise

    def _open(
        self, location: str, read_only: bool, on_notice: Callable[[str], None] | None
    ) -> None:
        import pyoxigraph as ox

        shown = show_location(location)
        if read_only and not (Path(location) / "CURRENT").exists():
            raise StoreError(f"{shown}: no store here yet; run `akg build` first, or pass --store")
        if not read_only:
            if Path(location).exists() and not Path(location).is_dir():
                raise StoreError(
                    f"{shown}: is a file, not a store folder; pass a folder to --store"
                )
            if Path(location).is_dir() and not (Path(location) / "CURRENT").exists():
                others = sorted(p.name for p in Path(location).iterdir() if p.name != LOCK_FILE)
                if others:
                    raise StoreError(
                        f"{shown}: holds other files ({', '.join(others[:3])}"
                        f"{', ...' if len(others) > 3 else ''}) and is not a store; "
                        "pass a new or empty folder to --store"
                    )
            try:
                Path(location).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"{shown}: cannot create the store folder ({exc.strerror}); "
                    "pass a --store in a folder you can write"
                ) from None
        self._lock = StoreLock(location, shared=read_only)
        # a writer gives a running `akg query` a few seconds to finish
        self._lock.acquire(wait=read_only, patience=0.0 if read_only else 5.0, on_wait=on_notice)
        try:
            self._store = ox.Store.read_only(location) if read_only else ox.Store(location)
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"{shown}: the store is in use by another program that opened it directly; "
                    "stop it, or pass another --store"
                ) from None
            raise StoreError(_open_failed(shown, exc)) from None
        except RuntimeError as exc:  # RocksDB's "Corruption: ..." is raised as RuntimeError
            raise StoreError(_open_failed(shown, exc)) from None
        self._check_version(write=not read_only)

    def _check_version(self, *, write: bool) -> None:
        import pyoxigraph as ox

        # any graph: stores of schema 1 kept their bookkeeping in another graph
        found = [
            str(getattr(q.object, "value", ""))
            for q in self._store.quads_for_pattern(
                None, ox.NamedNode(str(AKG.schemaVersion)), None, None
            )
        ]
        if found and found[0] != SCHEMA_VERSION:
            raise StoreError(
                f"{show_location(self.location)}: store written by another version of akg "
                f"(schema {found[0]}, this version reads {SCHEMA_VERSION}); rebuild it into a new --store"
            )
        meta = str(meta_graph_iri())
        graphs = {
            q.graph_name.value
            for q in self._store.quads_for_pattern(
                None, ox.NamedNode(str(AKG.schemaVersion)), None, None
            )
            if isinstance(q.graph_name, ox.NamedNode)
        }
        if graphs and meta not in graphs:  # its IRIs were minted from another base
            other = min(graphs).removesuffix("meta/store")
            raise StoreError(
                f"{show_location(self.location)}: built with AKG_BASE={other} and opened with "
                f"{base_iri()}; set AKG_BASE={other} to use it, or pass another --store"
            )
        if not found:
            empty = next(iter(self._store.quads_for_pattern(None, None, None)), None) is None
            if not empty:
                raise StoreError(
                    f"{show_location(self.location)}: not an akg store (no schema version); "
                    "pass another --store"
                )
            if write:
                self._store.add(self._meta(AKG.schemaVersion, SCHEMA_VERSION))
        if write:
            self._recover()

    def _meta(self, predicate: URIRef, value: str) -> ox.Quad:
        import pyoxigraph as ox

        meta = ox.NamedNode(str(meta_graph_iri()))
        return ox.Quad(meta, ox.NamedNode(str(predicate)), ox.Literal(value), meta)

    def _recover(self) -> None:
        """Recompute the default graph if a build was interrupted mid-article."""
        import pyoxigraph as ox

        meta = ox.NamedNode(str(meta_graph_iri()))
        pending = list(
            self._store.quads_for_pattern(None, ox.NamedNode(str(AKG.pendingArticle)), None, meta)
        )
        if not pending:
            return
        self._store.clear_graph(ox.DefaultGraph())
        for name in list(self._store.named_graphs()):
            if name != meta:
                self._store.extend(
                    ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                    for q in self._store.quads_for_pattern(None, None, None, name)
                )
        for quad in pending:
            self._store.remove(quad)

    def native(self) -> ox.Store:
        """The pyoxigraph store itself, for streaming results in their wire formats."""
        return self._store

    def stored_hash(self, doc: str) -> str | None:
        import pyoxigraph as ox

        quads = self._store.quads_for_pattern(
            ox.NamedNode(str(article_iri(doc))),
            ox.NamedNode(str(AKG.contentHash)),
            None,
            ox.NamedNode(str(graph_iri(doc))),
        )
        first = next(iter(quads), None)
        return None if first is None else str(getattr(first.object, "value", ""))

    def _supported_elsewhere(self, triple: ox.Triple, besides: ox.NamedNode) -> bool:
        """Whether an article graph other than ``besides`` states ``triple``."""
        import pyoxigraph as ox

        return any(
            isinstance(q.graph_name, ox.NamedNode) and q.graph_name != besides
            for q in self._store.quads_for_pattern(
                triple.subject, triple.predicate, triple.object, None
            )
        )

    def changed_outside(self) -> None:
        """Say that the store is about to be written other than article by article.

        A SPARQL update or a Graph Store write on :meth:`native` says nothing of
        what it changes: the kept listings are stale from now on, and are computed
        whole when this writer closes.
        """
        self._untracked = True
        self._touch(())

    def _touch(self, triples: Iterable[ox.Triple]) -> None:
        """Note what written or removed triples change in the kept listings, before writing them."""
        if self._listings is None:
            self._listings = Listings(self.location, write=True)
            self._listings.mark_stale()
        import pyoxigraph as ox

        label, unit_of = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(AKG.unitOf))
        for t in triples:
            if t.predicate == label:
                self._labels.add(label_key(from_ox(t.object)))
            elif t.predicate == unit_of:
                self._units.add(t.subject)  # type: ignore[arg-type]

    def _swap(self, name: ox.NamedNode, new: set[ox.Triple]) -> None:
        """Replace a stored article's graph by ``new`` in one transaction.

        One SPARQL update is one transaction in Oxigraph: a reader, or a store
        killed half-way, has the old version or the new one, never neither.
        """
        old = {q.triple for q in self._store.quads_for_pattern(None, None, None, name)}
        self._touch(old)
        gone = old - new
        orphans = [t for t in gone if not self._supported_elsewhere(t, name)]
        added = new - old

        def block(triples: Iterable[ox.Triple]) -> str:
            return " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)

        operations = []
        if gone:
            operations.append(f"DELETE DATA {{ GRAPH {name} {{ {block(gone)} }} }}")
        if orphans:
            operations.append(f"DELETE DATA {{ {block(orphans)} }}")
        if added:
            operations.append(f"INSERT DATA {{ GRAPH {name} {{ {block(added)} }} {block(added)} }}")
        if operations:
            self._store.update(" ;\n".join(operations))

    def replace_article(self, doc: str, graph: Triples) -> None:
        self.replace_articles([(doc, graph)])

    def replace_articles(self, items: Sequence[tuple[str, Triples]]) -> None:
        import pyoxigraph as ox

        marks = [self._meta(AKG.pendingArticle, doc) for doc, _ in items]
        self._store.extend(marks)
        convert: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

        def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
            found = convert.get(node)
            if found is None:
                found = convert[node] = to_ox(node)
            return found

        quads: list[ox.Quad] = []
        hashes: list[ox.Quad] = []
        default = ox.DefaultGraph()
        hash_predicate = term(AKG.contentHash)
        for doc, graph in items:
            name = ox.NamedNode(str(graph_iri(doc)))
            new = {ox.Triple(term(s), term(p), term(o)) for s, p, o in graph}  # type: ignore[arg-type]
            self._touch(new)
            if self._store.contains_named_graph(name):
                self._swap(name, new)
                continue
            for t in new:
                into = hashes if t.predicate == hash_predicate else quads
                into.append(ox.Quad(t.subject, t.predicate, t.object, name))
                quads.append(ox.Quad(t.subject, t.predicate, t.object, default))
        # The bulk loader is fast but not atomic: the content hashes, which say an
        # article is complete, are written after it in one transaction.
        if len(quads) >= BULK_QUADS:
            self._store.bulk_extend(quads)
            self._bulk_written = True
        else:
            self._store.extend(quads)
        self._store.extend(hashes)
        for mark in marks:
            self._store.remove(mark)

    def remove_article(self, doc: str) -> bool:
        import pyoxigraph as ox

        name = ox.NamedNode(str(graph_iri(doc)))
        if not self._store.contains_named_graph(name):
            return False
        mark = self._meta(AKG.pendingArticle, doc)
        self._store.add(mark)
        self._swap(name, set())
        self._store.remove_graph(name)  # empty now; Oxigraph would list it still
        self._store.remove(mark)
        return True

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        import pyoxigraph as ox

        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()
        }
        inlined = (
            inline_values(sparql, {k: str(v) for k, v in substitutions.items()})
            if bindings
            else None
        )
        if inlined is not None:  # the engine plans with the values, instead of filtering at the end
            sparql, substitutions = inlined, {}
        ordered = split_order(sparql)
        if ordered is not None:  # a final ORDER BY is cheaper here than in the engine
            rows = self._run(ordered[0], substitutions)
            if isinstance(rows, Rows) and {k.variable for k in ordered[1]} <= set(rows.variables):
                return sort_rows(rows, ordered[1])
        return self._run(sparql, substitutions)

    def _run(
        self,
        sparql: str,
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple],
    ) -> Result:
        import pyoxigraph as ox

        try:
            result = self._store.query(
                sparql,
                prefixes=PREFIXES,
                substitutions=substitutions or None,
            )
        except SyntaxError as exc:
            raise QueryError(syntax_message(sparql, str(exc))) from None
        except RuntimeError as exc:
            if "does not contains variable" in str(exc):
                raise QueryError(
                    f"{str(exc).split(' does not', 1)[0].replace('The SPARQL query', 'this query')} "
                    "cannot take that parameter: bind only variables the SELECT returns"
                ) from None
            raise QueryError(f"query failed: {exc}") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            seen: dict[object, Identifier] = {}  # a listing repeats its names and statuses

            def term(value: object) -> Identifier | None:
                if value is None:
                    return None
                found = seen.get(value)
                if found is None:
                    found = seen[value] = from_ox(value)
                return found

            rows = [tuple(term(solution[name]) for name in names) for solution in result]
            return Rows(names, rows)
        graph = Graph()
        for triple in result:
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return graph

    def dataset(self) -> Dataset:
        import pyoxigraph as ox

        data = Dataset()
        meta = str(meta_graph_iri())
        for quad in self._store.quads_for_pattern(None, None, None):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                target = data.default_graph
            elif quad.graph_name.value == meta:
                continue
            else:
                target = data.graph(URIRef(quad.graph_name.value))
            target.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return data

    def listing(self, saved: SavedQuery, limit: int | None = None, offset: int = 0) -> Rows | None:
        kept = Listings(self.location, write=False)
        try:
            return kept.rows(saved, limit, offset)
        finally:
            kept.close()

    def _keep_listings(self) -> None:
        """Bring the kept listings up to date with what this session wrote."""
        listings = self._listings or Listings(self.location, write=True)
        labels = set(self._labels)
        if self._units:  # a unit's parent is shown in rows kept under the other party's label
            units = " ".join(str(u) for u in self._units)
            around = self._run(
                "SELECT DISTINCT ?label WHERE {\n"
                f"  VALUES ?unit {{ {units} }}\n"
                "  { ?st rdf:object ?unit ; rdf:subject ?other }\n"
                "  UNION { ?st rdf:subject ?unit ; rdf:object ?other }\n"
                "  ?other rdfs:label ?label }",
                {},
            )
            assert isinstance(around, Rows)
            labels.update(label_key(row[0]) for row in around.rows if row[0] is not None)

        def run(sparql: str) -> Rows:
            rows = self._run(sparql, {})
            assert isinstance(rows, Rows)
            return rows

        try:
            listings.update(run, None if self._untracked else labels, self._on_notice)
        finally:
            listings.close()
            self._listings = None

    def __exit__(self, *exc: object) -> None:
        self._abandoned = bool(exc) and exc[0] is not None
        self.close()

    def close(self) -> None:
        if not hasattr(self, "_store"):
            return
        if not self._read_only:
            self._store.flush()
            if self._bulk_written:
                # the bulk loader adds files the store does not merge on its own; unmerged,
                # every later lookup reads them all (a whole-graph listing at 10^7 triples
                # took 199 s instead of 27 s)
                self._store.optimize()
            if self._abandoned:
                if self._listings is not None:
                    self._listings.close()  # stale, as marked: the next writer recomputes them
            else:
                self._keep_listings()
        del self._store
        if self._lock is not None:
            self._lock.release()


def _open_failed(shown: str, exc: Exception) -> str:
    """One line for a store folder that cannot be opened: damaged, or not a store."""
    detail = " ".join(str(exc).split())
    if len(detail) > 160:
        detail = detail[:160] + "..."
    return (
        f"{shown}: cannot open the store, its files are damaged or it is not an akg store "
        f"({detail}); keep the folder as it is and rebuild from your articles into a new --store"
    )


# ----------------------------------------------------------------- in memory
_GROUP_CONCAT_DISTINCT = re.compile(r"(GROUP_CONCAT\s*\(\s*DISTINCT\s+)(\?\w+)", re.IGNORECASE)


class MemoryStore(Closing):
    """rdflib's own in-memory dataset, for small work and tests.

    rdflib's union default graph is already a set, so nothing is materialised.
    """

    def __init__(self) -> None:
        self.location = MEMORY
        self._data = Dataset(default_union=True)

    def stored_hash(self, doc: str) -> str | None:
        value = self._data.graph(graph_iri(doc)).value(article_iri(doc), AKG.contentHash)
        return None if value is None else str(value)

    def replace_articles(self, items: Sequence[tuple[str, Triples]]) -> None:
        for doc, graph in items:
            self.replace_article(doc, graph)

    def replace_article(self, doc: str, graph: Triples) -> None:
        self._data.remove_graph(self._data.graph(graph_iri(doc)))
        target = self._data.graph(graph_iri(doc))
        for triple in graph:
            target.add(triple)

    def remove_article(self, doc: str) -> bool:
        target = self._data.graph(graph_iri(doc))
        if len(target) == 0:
            return False
        self._data.remove_graph(target)
        return True

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        from pyparsing import ParseException

        # rdflib fails a whole query when a DISTINCT aggregate meets an unbound value
        # (rdflib issue 882: "Variable kind is not bound"), where SPARQL skips it; over the
        # value's text it skips it, and GROUP_CONCAT joins the same texts
        sparql = _GROUP_CONCAT_DISTINCT.sub(r"\1STR(\2)", sparql)
        try:
            with warnings.catch_warnings():  # rdflib 7.6 warns about its own internals here
                warnings.simplefilter("ignore", DeprecationWarning)
                result = self._data.query(
                    sparql,
                    initNs=PREFIXES,
                    initBindings={Variable(k): v for k, v in (bindings or {}).items()},
                )
                rows = [tuple(row) for row in result] if result.type == "SELECT" else []  # type: ignore[arg-type]
        except ParseException as exc:
            raise QueryError(
                syntax_message(sparql, f"error at {exc.lineno}:{exc.col}: {exc.msg}")
            ) from None
        except Exception as exc:  # rdflib raises many unrelated types while evaluating
            raise QueryError(f"query failed: {exc}") from None
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type == "SELECT":
            names = [str(v) for v in result.vars or []]
            return Rows(names, rows)  # type: ignore[arg-type]
        return result.graph if result.graph is not None else Graph()

    def listing(self, saved: SavedQuery, limit: int | None = None, offset: int = 0) -> Rows | None:
        return None  # nothing is kept: every query is answered from the data

    def dataset(self) -> Dataset:
        data = Dataset()
        for graph in self._data.graphs():
            if (
                len(graph)
                and isinstance(graph.identifier, URIRef)
                and graph.identifier != DATASET_DEFAULT_GRAPH_ID
            ):
                target = data.graph(graph.identifier)
                for triple in graph:
                    target.add(triple)
                    data.default_graph.add(triple)
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def using(
    store: Store | str | None,
    *,
    read_only: bool = False,
    on_notice: Callable[[str], None] | None = None,
) -> Iterator[Store]:
    """An open store as given, or the store at a location, opened here and closed after."""
    if store is not None and not isinstance(store, str):
        yield store
        return
    with open_store(store, read_only=read_only, on_notice=on_notice) as opened:
        yield opened


def open_store(
    location: str | None = None,
    *,
    read_only: bool = False,
    on_notice: Callable[[str], None] | None = None,
) -> Store:
    """Open the store at ``location`` (a folder, ``memory:`` or ``sparql+http://...``); the default when None.

    ``on_notice`` is told, a line at a time, what an embedded store waits for or
    works at: a reader waits for a build that is writing it; a writer that
    computes the kept listings whole (:mod:`graph.listings`) says how far it is.
    """
    location = location or default_location()
    if location == MEMORY:
        return MemoryStore()
    if location.startswith(("sparql+http://", "sparql+https://")):
        from .remote import RemoteStore

        return RemoteStore(location, read_only=read_only)
    if "://" in location:
        raise StoreError(
            f"{location}: not a store location; pass a folder, memory: or sparql+http://host:port/path"
        )
    return OxigraphStore(location, read_only=read_only, on_notice=on_notice)


def iter_terms(rows: Rows) -> Iterator[dict[str, Identifier | None]]:
    """Rows as dicts keyed by variable name."""
    for row in rows.rows:
        yield dict(zip(rows.variables, row, strict=True))


def union_graph(data: Dataset) -> Graph:
    """All the triples of a dataset in one graph (what queries see as the default graph)."""
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace)
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
