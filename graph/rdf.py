"""Facts -> RDF: truthy triples, one statement node per fact, PROV evidence.

Each evidence node also keeps what its own sentence said (status, kind, role,
tenure, stake) and where it sits in time (``akg:pointInTime``: the date the
sentence gives, resolved against the publication date, else the publication
date; with its precision and which of the two it is), so a fact's history can
be told apart from the merged statement (:mod:`graph.history`).

Everything one article supports goes into that article's own named graph
(:func:`graph.vocab.graph_iri`), so rebuilding an article replaces exactly its
graph and removing it removes only what it alone supported. Queries read the
union of all graphs, where a fact stated by two articles is one truthy triple
and one statement node carrying two pieces of evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from .dates import When, dateline_date, event_date, parse_date
from .model import Article, Entity, Fact, Kind, Producer
from .relations import REGISTRY
from .vocab import (
    AKG,
    SCHEMA,
    WD,
    amount_iri,
    article_iri,
    entity_iri,
    evidence_iri,
    extractor_iri,
    statement_iri,
)

Triple = tuple[Node, Node, Node]


class Triples:
    """A plain set of triples with rdflib's ``add``: far cheaper than a Graph to fill."""

    def __init__(self) -> None:
        self.triples: set[Triple] = set()

    def add(self, triple: Triple) -> None:
        self.triples.add(triple)


_CLASS = {Kind.COMPANY: AKG.Company, Kind.UNIT: AKG.BusinessUnit, Kind.PERSON: AKG.Person}


def content_hash(article: Article, producer: Producer) -> str:
    """A digest of everything that shapes an article's graph: the article and its extractor."""
    parts = (article.id, article.text, article.title, article.date, article.source, article.url)
    payload = "\x1f".join(p or "" for p in parts) + f"\x1f{producer.name}/{producer.version}"
    if article.author:  # after the rest, so that articles without one keep their hash
        payload += f"\x1fauthor:{article.author}"
    return hashlib.sha256(payload.encode()).hexdigest()


def entity_node(entity: Entity) -> URIRef:
    """The IRI of an entity."""
    return entity_iri(entity.kind.value, entity.label)


def _add_entity(graph: Triples, entity: Entity) -> URIRef:
    node = entity_node(entity)
    graph.add((node, RDF.type, _CLASS[entity.kind]))
    graph.add((node, RDFS.label, Literal(entity.label)))
    if entity.wikidata:
        graph.add((node, OWL.sameAs, WD[entity.wikidata]))
    if entity.parent is not None:
        graph.add((node, AKG.unitOf, _add_entity(graph, entity.parent)))
    return node


def _add_article(
    graph: Triples, article: Article, producer: Producer, published: dt.date | None
) -> URIRef:
    node = article_iri(article.id)
    graph.add((node, RDF.type, AKG.NewsArticle))
    graph.add((node, AKG.docId, Literal(article.id)))
    graph.add((node, AKG.contentHash, Literal(content_hash(article, producer))))
    if article.title:
        graph.add((node, SCHEMA.headline, Literal(article.title)))
    if published is not None:
        graph.add((node, SCHEMA.datePublished, Literal(published.isoformat(), datatype=XSD.date)))
    if article.source:
        graph.add((node, AKG.source, Literal(article.source)))
    if article.author:
        graph.add((node, AKG.author, Literal(article.author)))
    if article.url:
        graph.add((node, SCHEMA.url, URIRef(article.url)))
    return node


def _add_extractor(graph: Triples, producer: Producer) -> URIRef:
    node = extractor_iri(producer.name, producer.version)
    graph.add((node, RDF.type, AKG.Extractor))
    graph.add((node, RDFS.label, Literal(producer.name)))
    graph.add((node, SCHEMA.softwareVersion, Literal(producer.version)))
    return node


def _decimal(value: float) -> Literal:
    """An xsd:decimal in canonical form: "15.0", "600000000.0", "0.85"."""
    text = f"{value:.6f}".rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


def _when(sentence: str, day: dt.date | None) -> tuple[When, str] | None:
    """Where a piece of evidence sits in time, and on what basis ("event" or "published")."""
    stated = event_date(sentence, day)
    if stated is not None and (day is None or stated.date <= day):
        return stated, "event"
    # a date after publication is a plan ("will take over on January 1"): it was reported then
    return (When(day, "day"), "published") if day is not None else None


def _qualifier_triples(graph: Triples, node: URIRef, fact: Fact) -> None:
    q = fact.qualifiers
    for term, value in (
        (AKG.status, q.status.value if q.status else None),
        (AKG.partnershipKind, q.kind),
        (AKG.role, q.role),
        (AKG.tenure, q.tenure),
    ):
        if value:
            graph.add((node, term, Literal(value)))
    if q.stake is not None:
        graph.add((node, AKG.stake, _decimal(q.stake)))


def _add_fact(
    graph: Triples, fact: Fact, article: URIRef, agent: URIRef, published: dt.date | None = None
) -> None:
    first, second = fact.subject, fact.object
    if fact.key[0] != first.label:  # symmetric relation: one statement for both orders
        first, second = second, first
    subject, obj = _add_entity(graph, first), _add_entity(graph, second)
    spec = REGISTRY[fact.relation.value]
    predicate = spec.iri
    graph.add((subject, predicate, obj))
    if spec.symmetric:
        graph.add((obj, predicate, subject))
    statement = statement_iri(subject, fact.relation.value, obj)
    graph.add((statement, RDF.type, AKG.Statement))
    graph.add((statement, RDF.subject, subject))
    graph.add((statement, RDF.predicate, predicate))
    graph.add((statement, RDF.object, obj))
    graph.add((statement, PROV.wasDerivedFrom, article))
    _qualifier_triples(graph, statement, fact)
    q = fact.qualifiers
    amount = None
    if q.amount is not None and q.currency:
        amount = amount_iri(statement, fact.evidence.doc)
        graph.add((statement, AKG.amount, amount))
        graph.add((amount, RDF.type, SCHEMA.MonetaryAmount))
        graph.add((amount, SCHEMA.value, _decimal(q.amount)))
        graph.add((amount, SCHEMA.currency, Literal(q.currency)))
        if q.amount_text:
            graph.add((amount, AKG.amountText, Literal(q.amount_text)))
    ev = fact.evidence
    node = evidence_iri(statement, ev.doc, ev.start, ev.end)
    graph.add((statement, AKG.evidence, node))
    graph.add((node, RDF.type, AKG.Evidence))
    graph.add((node, PROV.wasDerivedFrom, article))
    graph.add((node, AKG.sentence, Literal(ev.sentence)))
    graph.add((node, AKG.startChar, Literal(ev.start)))
    graph.add((node, AKG.endChar, Literal(ev.end)))
    graph.add((node, AKG.confidence, _decimal(ev.confidence)))
    for rule in ev.rules:
        graph.add((node, AKG.rule, Literal(rule)))
    graph.add((node, PROV.wasAttributedTo, agent))
    _qualifier_triples(graph, node, fact)
    if amount is not None:
        graph.add((node, AKG.amount, amount))
    when = _when(ev.sentence, published)
    if when is not None:
        graph.add((node, AKG.pointInTime, Literal(when[0].date.isoformat(), datatype=XSD.date)))
        graph.add((node, AKG.datePrecision, Literal(when[0].precision)))
        graph.add((node, AKG.dateBasis, Literal(when[1])))


def article_triples(
    article: Article,
    facts: Iterable[Fact],
    producer: Producer,
    story: str | None = None,
    signature: str | None = None,
) -> set[Triple]:
    """Everything one article supports, as the triples of its named graph.

    Args:
        article: the article.
        facts: what was extracted from it.
        producer: the extractor.
        story: the IRI of the story it tells (:mod:`graph.stories`), when grouped.
        signature: its text's MinHash signature as :func:`graph.stories.encode` writes it.
    """
    out = Triples()
    # the publication date: the article's metadata, else a full date in its dateline
    published = (parse_date(article.date) if article.date else None) or dateline_date(article.text)
    node = _add_article(out, article, producer, published)
    if story is not None:
        out.add((node, AKG.story, URIRef(story)))
        out.add((URIRef(story), RDF.type, AKG.Story))
    if signature is not None:
        out.add((node, AKG.textSignature, Literal(signature, datatype=XSD.base64Binary)))
    agent = None
    for fact in facts:
        agent = agent or _add_extractor(out, producer)
        _add_fact(out, fact, node, agent, published)
    return out.triples


def article_graph(article: Article, facts: Iterable[Fact], producer: Producer) -> Graph:
    """:func:`article_triples` as an rdflib Graph."""
    graph = Graph()
    for triple in article_triples(article, facts, producer):
        graph.add(triple)
    return graph
