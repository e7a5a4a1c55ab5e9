"""How facts change: the graph as it stood on any day.

Every piece of evidence keeps what its sentence said (status, tenure, role,
kind, stake) and when (``akg:pointInTime``, see :mod:`graph.rdf`). The graph
as of a day keeps the evidence dated on or before it, drops the facts none of
it supports, and gives each remaining statement its state on that day:

- ``akg:firstReported`` and ``akg:lastReported``: the first and last dates;
- status, tenure, role, kind and stake: what the latest dated evidence says
  (two articles of that same date that disagree both stay: the conflict shows);
- ``akg:startTime``: when it was first reported agreed (a leader: current);
  ``akg:endTime``: when it became ended (a leader: former or outgoing), if it
  is so on that day.

Nothing is deleted from the store: the view is a separate in-memory graph that
every query, analysis, page and export reads as it reads the store. Evidence
without a date (an article with no date, a sentence with none) has no place in
time, so a view leaves it out and counts the facts that rest on it alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from .dates import parse_date
from .relations import EXTRACTED, REGISTRY
from .store import MemoryStore, Store
from .vocab import AKG, SCHEMA, graph_iri

Triple = tuple[Node, Node, Node]
#: What a statement's latest evidence decides on the statement.
STATE = (AKG.status, AKG.tenure, AKG.role, AKG.partnershipKind, AKG.stake)
_STARTS = {"agreed", "current"}
_ENDS = {"ended", "former", "outgoing"}
D = TypeVar("D", dt.date, str)  # a date, or one written as ISO text
V = TypeVar("V")
_RELATIONS = {REGISTRY[name].iri for name in EXTRACTED}


@dataclass(frozen=True)
class View:
    """The graph as of ``day``.

    Attributes:
        store: the view, read as any store is.
        day: the day it shows.
        facts: statements in the view.
        later: statements left out because all their evidence is dated after ``day``.
        undated: statements left out because their only evidence has no date.
    """

    store: MemoryStore
    day: dt.date
    facts: int
    later: int
    undated: int

    def summary(self) -> str:
        """One line on what the view holds and leaves out."""
        line = f"as of {self.day.isoformat()}: {self.facts} facts"
        if self.later:
            line += f"; {self.later} first reported later left out"
        if self.undated:
            line += f"; {self.undated} resting only on undated evidence left out"
        return line


@dataclass(frozen=True)
class _Evidence:
    node: Node
    graph: URIRef
    day: dt.date | None
    said: dict[URIRef, list[Node]]


def _day(value: Node | None) -> dt.date | None:
    return parse_date(str(value)) if isinstance(value, Literal) else None


def said_last(reports: Iterable[tuple[D, V]]) -> set[V]:
    """What the latest-dated reports say: one value, or several when reports of that date disagree.

    >>> sorted(said_last([("2024-08-01", "agreed"), ("2025-02-13", "ended"), ("2023-08-01", "proposed")]))
    ['ended']
    """
    reports = list(reports)
    if not reports:
        return set()
    last = max(day for day, _ in reports)
    return {value for day, value in reports if day == last}


def _state(evidence: list[_Evidence]) -> list[tuple[URIRef, Node]]:
    """What the dated evidence of one statement (on or before the day) says of it."""
    dated = sorted(((e.day, e) for e in evidence if e.day is not None), key=lambda x: x[0])
    out: list[tuple[URIRef, Node]] = [
        (AKG.firstReported, _date(dated[0][0])),
        (AKG.lastReported, _date(dated[-1][0])),
    ]
    for term in STATE:
        values = said_last((d, v) for d, e in dated for v in e.said.get(term, []))
        out += [(term, value) for value in sorted(values, key=str)]
    said = [
        (d, str(v)) for d, e in dated for t in (AKG.status, AKG.tenure) for v in e.said.get(t, [])
    ]
    starts = [d for d, v in said if v in _STARTS]
    if starts:
        out.append((AKG.startTime, _date(starts[0])))
    if said and said[-1][1] in _ENDS:
        last_open = max((d for d, v in said if v not in _ENDS), default=None)
        ended = [d for d, v in said if v in _ENDS and (last_open is None or d > last_open)]
        if ended:
            out.append((AKG.endTime, _date(ended[0])))
    return out


def _doc(graph: Graph) -> str | None:
    """The id of the article whose graph this is; None for any other graph."""
    docs = {str(d) for d in graph.objects(None, AKG.docId)}
    if len(docs) != 1:
        return None
    (doc,) = docs
    return doc if graph.identifier == graph_iri(doc) else None


def _date(day: dt.date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def as_of(store: Store, day: dt.date) -> View:
    """The graph as it stood on ``day`` (see the module text); the store is only read."""
    graphs = [g for g in store.dataset().graphs() if _doc(g) is not None]  # article graphs only
    evidence: dict[Node, _Evidence] = {}
    links: dict[Node, list[_Evidence]] = defaultdict(list)  # statement -> its evidence
    for graph in graphs:
        for node in graph.subjects(RDF.type, AKG.Evidence):
            said = {t: sorted(graph.objects(node, t), key=str) for t in STATE}
            evidence[node] = _Evidence(
                node,
                graph.identifier,  # type: ignore[arg-type]
                _day(graph.value(node, AKG.pointInTime)),
                {t: v for t, v in said.items() if v},
            )
    for graph in graphs:
        for statement, node in graph.subject_objects(AKG.evidence):
            if node in evidence:
                links[statement].append(evidence[node])
    kept: dict[Node, list[_Evidence]] = {}
    later = undated = 0
    for statement, found in links.items():
        now = [e for e in found if e.day is not None and e.day <= day]
        if now:
            kept[statement] = now
        elif any(e.day is not None for e in found):
            later += 1
        else:
            undated += 1
    keep_evidence = {e.node for found in kept.values() for e in found}
    # the article whose latest evidence decides a statement's state carries it in the view
    decided: dict[Node, list[Node]] = defaultdict(list)  # article graph -> its statements
    for statement, found in kept.items():
        decided[max(found, key=lambda e: (e.day, str(e.graph))).graph].append(statement)
    out = MemoryStore()
    for graph in graphs:
        triples = set(_kept_triples(graph, kept, keep_evidence, day))
        for statement in decided[graph.identifier]:
            triples.update((statement, p, o) for p, o in _state(kept[statement]))
        doc = _doc(graph)
        if triples and doc is not None:
            out.replace_article(doc, triples)
    return View(out, day, len(kept), later, undated)


def _kept_triples(
    graph: Graph,
    kept: dict[Node, list[_Evidence]],
    keep_evidence: set[Node],
    day: dt.date,
) -> Iterator[Triple]:
    """The triples of one article graph that the view keeps, statement qualifiers left out."""
    statements = set(graph.subjects(RDF.type, AKG.Statement))
    here = {s for s in statements if any(e.graph == graph.identifier for e in kept.get(s, []))}
    relations: set[Triple] = set()
    entities: set[Node] = set()
    amounts: set[Node] = set()
    for statement in here:
        s, p, o = (graph.value(statement, t) for t in (RDF.subject, RDF.predicate, RDF.object))
        relations |= {(s, p, o), (o, p, s)}  # type: ignore[arg-type]
        entities |= {s, o}  # type: ignore[arg-type]
        amounts |= set(graph.objects(statement, AKG.amount))
    entities |= {o for e in entities for o in graph.objects(e, AKG.unitOf)}
    article = next(graph.subjects(RDF.type, AKG.NewsArticle), None)
    published = _day(graph.value(article, SCHEMA.datePublished))
    # an article with no facts shows from its publication day on
    keep_article = bool(here) or (not statements and published is not None and published <= day)
    kinds = {s: o for s, o in graph.subject_objects(RDF.type)}
    for triple in graph:
        s, p, o = triple
        kind = kinds.get(s)
        if kind == AKG.Statement:
            keep = s in here and p not in STATE and (p != AKG.evidence or o in keep_evidence)
        elif kind == AKG.Evidence:
            keep = s in keep_evidence
        elif kind == SCHEMA.MonetaryAmount:
            keep = s in amounts
        elif kind in (AKG.NewsArticle, AKG.Story):  # the article and the story it tells
            keep = keep_article
        elif kind == AKG.Extractor:
            keep = bool(here)
        elif p in _RELATIONS:  # a truthy fact between entities
            keep = triple in relations
        else:  # an entity's type, label, Wikidata id, parent
            keep = s in entities
        if keep:
            yield triple
