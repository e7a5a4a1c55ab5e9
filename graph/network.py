"""RDF -> networkx: the alliance network for analytics and drawing.

The analytics themselves live in :mod:`graph.analyze` (``alliance_graph`` and
``centrality`` are re-exported here); :mod:`graph.export` writes the projection
as GraphML, GEXF or CSV, and reads GraphML back unchanged.

Nodes are entities keyed by IRI with ``label``, ``kind`` and ``wikidata``; edges
carry the relation, the qualifiers and the list of evidence, so nothing the
graph knows about a fact is lost on the way to networkx.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import Literal
from rdflib.term import Identifier

from .history import said_last
from .store import Rows, Store

__all__ = ["STATUS_ORDER", "to_networkx"]

_NODES = """
SELECT ?e ?label ?class ?wd WHERE {
  VALUES ?class { akg:Company akg:BusinessUnit akg:Person }
  ?e a ?class ; rdfs:label ?label .
  OPTIONAL { ?e owl:sameAs ?wd }
}"""
_STATEMENTS = """
SELECT ?st ?s ?r ?o ?status ?kind ?role ?tenure ?stake ?amount ?currency ?stated WHERE {
  ?st a akg:Statement ; rdf:subject ?s ; rdf:predicate ?r ; rdf:object ?o .
  OPTIONAL { ?st akg:status ?status }
  OPTIONAL { ?st akg:partnershipKind ?kind }
  OPTIONAL { ?st akg:role ?role }
  OPTIONAL { ?st akg:tenure ?tenure }
  OPTIONAL { ?st akg:stake ?stake }
  OPTIONAL { ?st akg:amount ?m . ?m schema:value ?amount ; schema:currency ?currency .
             OPTIONAL { ?m akg:amountText ?stated } }
}"""
_EVIDENCE = """
SELECT ?st ?sentence ?confidence ?doc ?title ?source ?url ?date ?when ?said WHERE {
  ?st akg:evidence ?ev .
  ?ev akg:sentence ?sentence ; akg:confidence ?confidence ; prov:wasDerivedFrom ?a .
  OPTIONAL { ?ev akg:pointInTime ?when }
  OPTIONAL { ?ev akg:status|akg:tenure ?said }
  ?a akg:docId ?doc .
  OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?a akg:source ?source }
  OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?a schema:datePublished ?date }
}"""
_UNITS = "SELECT ?u ?c WHERE { ?u akg:unitOf ?c }"

#: When sources of one date (or undated ones) disagree on a status, the edge shows the first of these.
STATUS_ORDER = ("ended", "agreed", "proposed")


def _select(store: Store, sparql: str) -> list[dict[str, Identifier | None]]:
    result = store.query(sparql)
    assert isinstance(result, Rows)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def _value(term: Identifier | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.toPython()
    return str(term)


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """The graph of a store as a networkx ``MultiDiGraph`` (edge key = relation).

    ``partnersWith`` appears once per pair. Edge attributes: ``relation``,
    ``status`` (see :data:`STATUS_ORDER`), ``statuses``, ``kind``, ``role``,
    ``tenure``, ``stake``, ``amount``, ``currency``, ``amount_text``,
    ``first_reported`` and ``last_reported`` (when the evidence is dated),
    ``evidence`` (a list of dicts in date order: sentence, confidence, doc,
    title, source, url, date published, when it was so and what it said) and
    ``evidence_count``. ``status`` is what the latest dated evidence says.
    """
    graph = nx.MultiDiGraph()
    for row in _select(store, _NODES):
        iri = str(row["e"])
        graph.add_node(
            iri,
            label=str(row["label"]),
            kind=str(row["class"]).rsplit("#", 1)[-1],
            iri=iri,
            wikidata=str(row["wd"]).rsplit("/", 1)[-1] if row["wd"] is not None else None,
        )
    evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _select(store, _EVIDENCE):
        item = {
            k: _value(row[k])
            for k in (
                "sentence",
                "confidence",
                "doc",
                "title",
                "source",
                "url",
                "date",
                "when",
                "said",
            )
        }
        if item["confidence"] is not None:
            item["confidence"] = float(item["confidence"])
        for name in ("date", "when"):
            if item[name] is not None:
                item[name] = str(item[name])
        if item not in evidence[str(row["st"])]:
            evidence[str(row["st"])].append(item)
    edges: dict[str, dict[str, Any]] = {}
    for row in _select(store, _STATEMENTS):
        key = str(row["st"])
        edge = edges.setdefault(
            key,
            {
                "s": str(row["s"]),
                "o": str(row["o"]),
                "relation": str(row["r"]).rsplit("#", 1)[-1],
                "statuses": set(),
            },
        )
        if row["status"] is not None:
            edge["statuses"].add(str(row["status"]))
        for name, column in (
            ("kind", "kind"),
            ("role", "role"),
            ("tenure", "tenure"),
            ("currency", "currency"),
            ("amount_text", "stated"),
        ):
            if row[column] is not None and edge.get(name) is None:
                edge[name] = str(row[column])
        for name in ("stake", "amount"):
            if row[name] is not None and edge.get(name) is None:
                edge[name] = float(_value(row[name]))
    for key, edge in sorted(edges.items()):
        statuses = sorted(edge.pop("statuses"))
        edge["statuses"] = statuses
        edge["evidence"] = sorted(
            evidence.get(key, []),
            key=lambda e: (e["when"] or "", e["doc"] or "", e["sentence"] or ""),
        )
        dated = [e for e in edge["evidence"] if e["when"] is not None]
        if dated:
            edge["first_reported"], edge["last_reported"] = dated[0]["when"], dated[-1]["when"]
        # the latest dated evidence decides; without dates, the first of STATUS_ORDER stated
        latest = said_last((e["when"], e["said"]) for e in dated)
        edge["status"] = next(
            (s for s in STATUS_ORDER if s in (latest & set(statuses) or statuses)), None
        )
        edge["evidence_count"] = len(edge["evidence"])
        edge["statement"] = key
        s, o = edge.pop("s"), edge.pop("o")
        graph.add_edge(s, o, key=edge["relation"], **edge)
    for row in _select(store, _UNITS):
        graph.add_edge(
            str(row["u"]),
            str(row["c"]),
            key="unitOf",
            relation="unitOf",
            evidence=[],
            evidence_count=0,
        )
    return graph
