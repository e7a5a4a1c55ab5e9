"""Every IRI the package uses, and the rules that mint IRIs for data.

Ontology terms live in the closed namespace :class:`AKG` (a typo raises
instead of minting a new term). Data IRIs (entities, articles, statements)
are minted below from one configurable base, so nothing else in the package
writes an IRI string.
"""

from __future__ import annotations

import hashlib
import os
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/akg/ontology#"
DEFAULT_BASE = "https://w3id.org/akg/id/"

WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")


class AKG(DefinedNamespace):
    """The alliance ontology (``ontology/alliance.ttl``)."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Company: URIRef
    BusinessUnit: URIRef
    Person: URIRef
    NewsArticle: URIRef
    Statement: URIRef
    Evidence: URIRef
    Extractor: URIRef
    Story: URIRef
    # relations between entities
    partnersWith: URIRef
    leads: URIRef
    investsIn: URIRef
    unitOf: URIRef
    competesWith: URIRef
    # statement qualifiers
    status: URIRef
    partnershipKind: URIRef
    role: URIRef
    tenure: URIRef
    amount: URIRef
    amountText: URIRef
    stake: URIRef
    # evidence
    evidence: URIRef
    sentence: URIRef
    startChar: URIRef
    endChar: URIRef
    confidence: URIRef
    rule: URIRef
    pointInTime: URIRef
    datePrecision: URIRef
    dateBasis: URIRef
    # derived in time (graph.history)
    firstReported: URIRef
    lastReported: URIRef
    startTime: URIRef
    endTime: URIRef
    # articles
    docId: URIRef
    source: URIRef
    author: URIRef
    contentHash: URIRef
    story: URIRef
    textSignature: URIRef
    # store bookkeeping
    schemaVersion: URIRef
    pendingArticle: URIRef


def iri_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored as an IRI (the store's own check), or None when it can.

    >>> iri_problem("https://example.com/a") is None, iri_problem("/relative path") is None
    (True, False)
    """
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError as exc:
        return str(exc)
    return None


def base_iri() -> str:
    """The base for data IRIs: ``AKG_BASE`` when set, else :data:`DEFAULT_BASE`."""
    base = os.environ.get("AKG_BASE", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


def _local(name: str) -> str:
    """A readable, IRI-safe local name: spaces become ``_``, the rest is percent-encoded.

    >>> _local("Toshihiro Mibe")
    'Toshihiro_Mibe'
    >>> _local("Citroën <DS>")
    'Citro%C3%ABn_%3CDS%3E'
    >>> _local("A_B") != _local("A B")
    True
    """
    return quote(" ".join(name.split()), safe="-.~()'").replace("_", "%5F").replace("%20", "_")


_KIND_PATH = {"Company": "company", "BusinessUnit": "unit", "Person": "person"}


def entity_iri(kind: str, label: str) -> URIRef:
    """The IRI of an entity of class ``kind`` ("Company", ...) with canonical ``label``."""
    return URIRef(f"{base_iri()}{_KIND_PATH[kind]}/{_local(label)}")


def _doc_local(doc: str) -> str:
    """An article id as an IRI local name, kept exactly: two ids never share one.

    >>> _doc_local("x y"), _doc_local("x  y"), _doc_local("ho-001")
    ('x%20y', 'x%20%20y', 'ho-001')
    """
    return quote(doc, safe="-._~()'")


def article_iri(doc: str) -> URIRef:
    """The IRI of the article with document id ``doc``."""
    return URIRef(f"{base_iri()}article/{_doc_local(doc)}")


def story_iri(doc: str) -> URIRef:
    """The story told by article ``doc`` and by every near-copy of it built after it."""
    return URIRef(f"{base_iri()}story/{_doc_local(doc)}")


def graph_iri(doc: str) -> URIRef:
    """The named graph that holds everything one article supports."""
    return URIRef(f"{base_iri()}graph/{_doc_local(doc)}")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def statement_iri(subject: str, relation: str, obj: str) -> URIRef:
    """The statement node of one fact, shared by every article that states it."""
    return URIRef(f"{base_iri()}statement/{_digest(subject, relation, obj)}")


def evidence_iri(statement: str, doc: str, start: int, end: int) -> URIRef:
    """One piece of evidence: a statement read from a span of one article."""
    return URIRef(f"{base_iri()}evidence/{_digest(statement, doc, str(start), str(end))}")


def amount_iri(statement: str, doc: str) -> URIRef:
    """The monetary amount an article gives for an investment statement."""
    return URIRef(f"{base_iri()}amount/{_digest(statement, doc)}")


def extractor_iri(name: str, version: str) -> URIRef:
    """The software agent that extracted a fact."""
    return URIRef(f"{base_iri()}agent/{_local(name)}-{_local(version)}")


def meta_graph_iri() -> URIRef:
    """The named graph holding store bookkeeping (schema version, pending articles).

    It lives outside ``graph/``, where article graphs are, so no article id can name it.
    """
    return URIRef(f"{base_iri()}meta/store")


def union_graph_iri() -> URIRef:
    """The named graph holding the union on servers whose default graph is every graph.

    Like the bookkeeping graph, it lives where no article id can name it.
    """
    return URIRef(f"{base_iri()}meta/union")


PREFIXES: dict[str, str] = {
    "akg": ONTOLOGY_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": str(SCHEMA),
    "org": str(ORG),
    "wd": str(WD),
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, to put before a SPARQL query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
