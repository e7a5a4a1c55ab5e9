"""What every store shares: the Store interface, results, and SPARQL and term helpers.

The embedded and in-memory stores (:mod:`graph.store`) and the remote one
(:mod:`graph.remote`) both build on this module and on nothing of each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from .rows import Rows
from .vocab import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph as ox

    from .query import SavedQuery

#: Bumped when the shape of the stored data changes incompatibly.
SCHEMA_VERSION = "2"

Result = Rows | bool | Graph
#: What an article's graph may be handed over as: an rdflib Graph or any iterable of triples.
Triples = Iterable[tuple[Node, Node, Node]]


class Store(Protocol):
    """What every store offers."""

    location: str

    def stored_hash(self, doc: str) -> str | None:
        """The content hash of the article ``doc`` as stored, or None if absent."""

    def replace_article(self, doc: str, graph: Triples) -> None:
        """Replace everything the article ``doc`` supports with ``graph`` (a Graph or triples)."""

    def replace_articles(self, items: Sequence[tuple[str, Triples]]) -> None:
        """:meth:`replace_article` for several articles at once (one write where the store allows)."""

    def remove_article(self, doc: str) -> bool:
        """Remove the article ``doc`` and what it alone supported; False if absent."""

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run SPARQL over the union of all articles."""

    def dataset(self) -> Dataset:
        """A copy of the whole store, one named graph per article."""

    def listing(self, saved: SavedQuery, limit: int | None = None, offset: int = 0) -> Rows | None:
        """A whole-graph listing's rows as kept beside the store, in its order; None if not kept."""

    def close(self) -> None:
        """Release the store (file locks)."""

    def __enter__(self) -> Store:
        """``with open_store(...) as store:`` closes it at the end."""

    def __exit__(self, *exc: object) -> None: ...


def syntax_message(sparql: str, error: str) -> str:
    """A one-line SPARQL syntax error: position, the text there, what was expected.

    >>> syntax_message("SELECT ?x WHERE { ?x", 'error at 1:21: expected one of "(", "[", "{"')
    'SPARQL syntax error at line 1, column 21 (after "SELECT ?x WHERE { ?x"): expected one of "(", "[", "{"'
    """
    match = re.match(r"error at (\d+):(\d+): (.*)", " ".join(error.split()))
    if match is None:
        return "SPARQL syntax error: " + " ".join(error.split())[:200]
    line, column, detail = int(match[1]), int(match[2]), match[3]
    lines = sparql.splitlines() or [""]
    before = lines[min(line, len(lines)) - 1][: max(column - 1, 0)].strip()[-30:]
    if "Prefix not found" in detail:
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w-]*$", before)
        prefix = f'"{name[1] or ""}:" ' if name else ""
        known = ", ".join(f"{p}:" for p in PREFIXES)
        detail = (
            f"the prefix {prefix}is not declared; add PREFIX name: <IRI>, or use one of {known}"
        )
    elif len(detail) > 100:
        detail = detail[:100].rsplit(",", 1)[0] + ", ..."
    return f'SPARQL syntax error at line {line}, column {column} (after "{before}"): {detail}'


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def where_openings(sparql: str) -> list[int]:
    """Where each ``WHERE {`` outside comment lines opens its group, in order (outermost first).

    >>> where_openings("SELECT * WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }")
    [16, 36]
    """
    found: list[int] = []
    offset = 0
    for line in sparql.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            found.extend(offset + match.end() for match in _WHERE.finditer(line))
        offset += len(line)
    return found


def inline_values(sparql: str, terms: Mapping[object, str]) -> str | None:
    r"""The query with ``VALUES`` for the bound variables at the start of its WHERE clause.

    ``terms`` maps each variable to its value already serialised as an RDF term
    (N-Triples syntax, escaped by the RDF library, so no text is pasted raw).
    None when the query has no ``WHERE {`` outside comments.

    >>> inline_values("SELECT ?x WHERE { ?x ?p ?y }", {"y": "<urn:x>"})
    'SELECT ?x WHERE {\n  VALUES (?y) { (<urn:x>) }\n ?x ?p ?y }'
    """
    openings = where_openings(sparql)
    if not openings:
        return None
    names = " ".join(f"?{str(k).lstrip('?')}" for k in terms)
    values = " ".join(terms.values())
    at = openings[0]
    return f"{sparql[:at]}\n  VALUES ({names}) {{ ({values}) }}\n{sparql[at:]}"


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def from_ox(term: object) -> Identifier:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        plain = datatype == "http://www.w3.org/2001/XMLSchema#string"
        return Literal(term.value, datatype=None if plain else URIRef(datatype))
    raise TypeError(f"unexpected term {term!r}")


_Opened = TypeVar("_Opened", bound="Closing")


class Closing:
    """``with`` for stores: the store is closed when the block ends, whatever happens."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self: _Opened) -> _Opened:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
