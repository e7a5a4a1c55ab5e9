"""Tiny article graphs and row helpers shared by the store tests (embedded and remote)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from graph.store import Rows, Store
from graph.vocab import AKG, article_iri

EX = "https://example.org/"
PAIRS = "SELECT ?a ?b WHERE { ?a akg:partnersWith ?b }"


def article(doc: str, *facts: tuple[str, str]) -> Graph:
    """A tiny article graph: its hash marker and some partnerships."""
    graph = Graph()
    graph.add((article_iri(doc), AKG.contentHash, Literal(f"hash-{doc}")))
    for a, b in facts:
        graph.add((URIRef(EX + a), AKG.partnersWith, URIRef(EX + b)))
    return graph


def rows(store: Store, sparql: str) -> list[tuple[str, ...]]:
    """The rows of a SELECT as sorted tuples of strings."""
    result = store.query(sparql)
    assert isinstance(result, Rows)
    return sorted(tuple(str(v) for v in row) for row in result.rows)
