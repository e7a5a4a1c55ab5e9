"""Tests for graph.vocab: the AKG namespace matches ontology/alliance.ttl term for term, and
every data IRI it mints is a valid absolute IRI whatever the name."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH

from graph import vocab
from graph.relations import REGISTRY
from graph.validate import ontology_file
from graph.vocab import AKG, ONTOLOGY_IRI

ONTOLOGY = "https://w3id.org/akg/ontology"
TERMS = {AKG[name] for name in AKG.__annotations__}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file("alliance.ttl"), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def akg_terms(graph: Graph) -> set[URIRef]:
    """Every IRI in the akg namespace that ``graph`` mentions, in any position."""
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and term.startswith(ONTOLOGY_IRI)
    }


def test_namespace_is_the_ontology_namespace(ontology: Graph) -> None:
    assert ONTOLOGY_IRI == ONTOLOGY + "#"
    assert (URIRef(ONTOLOGY), RDF.type, OWL.Ontology) in ontology
    assert ontology.value(URIRef(ONTOLOGY), OWL.versionInfo) == Literal("0.1.0")


@pytest.mark.parametrize("term", sorted(TERMS), ids=lambda t: t.removeprefix(ONTOLOGY_IRI))
def test_every_term_is_declared_with_label_and_comment(ontology: Graph, term: URIRef) -> None:
    kinds = set(ontology.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, f"{term} has no type"
    assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
    assert ontology.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"


def test_ontology_declares_only_terms_of_the_namespace(ontology: Graph) -> None:
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    assert {s for s in declared if s.startswith(ONTOLOGY_IRI)} == TERMS
    assert akg_terms(ontology) == TERMS


def test_shapes_use_only_terms_of_the_namespace(shapes: Graph) -> None:
    assert akg_terms(shapes) <= TERMS


def test_shapes_target_every_class(shapes: Graph, ontology: Graph) -> None:
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if c in TERMS}
    assert classes <= set(shapes.objects(None, SH.targetClass))


def test_relations_point_the_documented_way(ontology: Graph) -> None:
    assert (AKG.partnersWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert (AKG.competesWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert ontology.value(AKG.leads, RDFS.domain) == AKG.Person
    assert ontology.value(AKG.investsIn, RDFS.domain) == AKG.Company
    assert ontology.value(AKG.unitOf, RDFS.range) == AKG.Company


NAMES = [
    "Honda",
    "Toshihiro Mibe",
    "  spaced   out  ",
    'The "Big" Three',
    "<script>",
    "Citroën",
    "吉利汽车",
    "Škoda Auto a.s.",
    "A/B#C?D%E",
    "back\\slash {braces} |pipe| ^caret^ `tick`",
    "tab\tand\nnewline",
    "100%",
    "O'Reilly (Holdings)",
    "emoji 🚗",
]


def minted(name: str) -> list[URIRef]:
    """Every kind of data IRI vocab mints from ``name``."""
    return [
        vocab.entity_iri("Company", name),
        vocab.entity_iri("BusinessUnit", name),
        vocab.entity_iri("Person", name),
        vocab.article_iri(name),
        vocab.graph_iri(name),
        vocab.statement_iri(name, "partnersWith", name),
        vocab.evidence_iri(name, name, 0, 10),
        vocab.amount_iri(name, name),
        vocab.extractor_iri(name, name),
        vocab.meta_graph_iri(),
    ]


def assert_valid_iri(iri: URIRef) -> None:
    ox.NamedNode(str(iri))  # Oxigraph rejects anything that is not an absolute IRI
    parts = urlsplit(iri)
    assert parts.scheme in {"http", "https"} and parts.netloc, iri
    assert not re.search(r'[\s<>"{}|\\^`]', iri), iri
    assert not re.search(r"%(?![0-9A-F]{2})", iri), iri
    assert Graph().parse(data=f"<{iri}> <{iri}> <{iri}> .", format="nt")


@pytest.mark.parametrize("name", NAMES)
def test_minted_iris_are_valid_absolute_iris(name: str) -> None:
    for iri in minted(name):
        assert_valid_iri(iri)


@pytest.mark.parametrize("name", NAMES)
def test_entity_iri_keeps_the_name_in_one_segment(name: str) -> None:
    iri = vocab.entity_iri("Company", name)
    prefix = vocab.DEFAULT_BASE + "company/"
    local = iri.removeprefix(prefix)
    assert iri.startswith(prefix)
    assert not set(local) & set("/#?")
    assert unquote(local).replace("_", " ") == " ".join(name.split()).replace("_", " ")


@pytest.mark.parametrize("base", ["http://example.org/kg", "https://example.org/kg/", "urn:x:kg#"])
def test_minted_iris_follow_the_configured_base(monkeypatch: pytest.MonkeyPatch, base: str) -> None:
    monkeypatch.setenv("AKG_BASE", base)
    for iri in minted("Citroën <DS>"):
        assert iri.startswith(base)
        ox.NamedNode(str(iri))


def _classes(ontology: Graph, node: object) -> set[str]:
    """The local names of a domain or range: one class, or an owl:unionOf list."""
    from rdflib.collection import Collection

    union = ontology.value(node, OWL.unionOf)  # type: ignore[arg-type]
    members = Collection(ontology, union) if union is not None else [node]
    return {str(m).rsplit("#", 1)[-1] for m in members}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_the_registry_and_the_ontology_agree(ontology: Graph, name: str) -> None:
    spec = REGISTRY[name]
    assert (spec.iri, RDF.type, OWL.ObjectProperty) in ontology
    assert ((spec.iri, RDF.type, OWL.SymmetricProperty) in ontology) == spec.symmetric
    assert str(ontology.value(spec.iri, RDFS.label)) == spec.label
    assert _classes(ontology, ontology.value(spec.iri, RDFS.domain)) == set(spec.domain)
    assert _classes(ontology, ontology.value(spec.iri, RDFS.range)) == set(spec.range)
