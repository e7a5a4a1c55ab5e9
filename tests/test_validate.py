"""Tests for graph.validate and ontology/shapes.ttl: good data conforms, each kind of bad data
is reported with the message of the shape it breaks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV
from rdflib.term import Node

from graph import validate as validate_module
from graph.errors import AkgError, ValidationError
from graph.model import (
    Article,
    Entity,
    Evidence,
    Fact,
    Kind,
    Producer,
    Qualifiers,
    Relation,
    Status,
)
from graph.rdf import article_graph
from graph.validate import (
    Violation,
    ontology_file,
    validate,
    validate_or_raise,
)
from graph.vocab import AKG, SCHEMA

ID = "https://w3id.org/akg/id/"

PREFIXES = """\
@prefix akg: <https://w3id.org/akg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix article: <https://w3id.org/akg/id/article/> .
@prefix company: <https://w3id.org/akg/id/company/> .
@prefix unit: <https://w3id.org/akg/id/unit/> .
@prefix person: <https://w3id.org/akg/id/person/> .
@prefix statement: <https://w3id.org/akg/id/statement/> .
@prefix evidence: <https://w3id.org/akg/id/evidence/> .
@prefix amount: <https://w3id.org/akg/id/amount/> .
@prefix agent: <https://w3id.org/akg/id/agent/> .
"""

# What the pipeline writes for one article stating one fact of each relation.
ARTICLE = """
article:doc1 a akg:NewsArticle ;
    akg:docId "doc1" ;
    akg:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    schema:headline "Honda and Nissan agree to work together" ;
    schema:datePublished "2025-11-13"^^xsd:date ;
    akg:source "Reuters" ;
    schema:url <https://example.com/news/honda-nissan> .

agent:akg-rules-0.1.0 a akg:Extractor ;
    rdfs:label "akg-rules" ;
    schema:softwareVersion "0.1.0" .

company:Honda a akg:Company ; rdfs:label "Honda" ; owl:sameAs wd:Q9584 .
company:Nissan a akg:Company ; rdfs:label "Nissan" ; owl:sameAs wd:Q20165 .
company:Renault a akg:Company ; rdfs:label "Renault" .
unit:Renault_electric_vehicle_unit a akg:BusinessUnit ;
    rdfs:label "Renault electric vehicle unit" ;
    akg:unitOf company:Renault .
person:Makoto_Uchida a akg:Person ; rdfs:label "Makoto Uchida" .

company:Honda akg:partnersWith company:Nissan .
company:Nissan akg:partnersWith company:Honda .
person:Makoto_Uchida akg:leads company:Nissan .
company:Nissan akg:investsIn unit:Renault_electric_vehicle_unit .

statement:partner a akg:Statement ;
    rdf:subject company:Honda ;
    rdf:predicate akg:partnersWith ;
    rdf:object company:Nissan ;
    akg:status "agreed" ;
    akg:partnershipKind "collaboration" ;
    prov:wasDerivedFrom article:doc1 ;
    akg:evidence evidence:partner .

evidence:partner a akg:Evidence ;
    prov:wasDerivedFrom article:doc1 ;
    akg:sentence "Honda and Nissan agreed to work together on software." ;
    akg:startChar 0 ;
    akg:endChar 54 ;
    akg:confidence 0.9 ;
    prov:wasAttributedTo agent:akg-rules-0.1.0 .

statement:lead a akg:Statement ;
    rdf:subject person:Makoto_Uchida ;
    rdf:predicate akg:leads ;
    rdf:object company:Nissan ;
    akg:role "CEO" ;
    akg:tenure "current" ;
    prov:wasDerivedFrom article:doc1 ;
    akg:evidence evidence:lead .

evidence:lead a akg:Evidence ;
    prov:wasDerivedFrom article:doc1 ;
    akg:sentence "Nissan CEO Makoto Uchida welcomed the deal." ;
    akg:startChar 55 ;
    akg:endChar 98 ;
    akg:confidence 0.85 ;
    prov:wasAttributedTo agent:akg-rules-0.1.0 .

statement:invest a akg:Statement ;
    rdf:subject company:Nissan ;
    rdf:predicate akg:investsIn ;
    rdf:object unit:Renault_electric_vehicle_unit ;
    akg:status "agreed" ;
    akg:stake 15.0 ;
    akg:amount amount:invest ;
    prov:wasDerivedFrom article:doc1 ;
    akg:evidence evidence:invest .

amount:invest a schema:MonetaryAmount ;
    schema:value 600000000.0 ;
    schema:currency "USD" ;
    akg:amountText "over $600 million" .

evidence:invest a akg:Evidence ;
    prov:wasDerivedFrom article:doc1 ;
    akg:sentence "Nissan will invest over $600 million in Renault's electric vehicle unit." ;
    akg:startChar 99 ;
    akg:endChar 171 ;
    akg:confidence 0.85 ;
    prov:wasAttributedTo agent:akg-rules-0.1.0 .
"""

# The exact sh:message of each shape the broken variants below hit.
LABEL_COUNT = (
    "a company, business unit or person needs exactly one rdfs:label, its canonical name; "
    "two labels mean two names were resolved to one IRI"
)
LABEL_VALUE = 'rdfs:label must be a non-empty string without a language tag, such as "Honda"'
NO_EVIDENCE = (
    "a statement needs at least one akg:evidence, an akg:Evidence node with the sentence "
    "it was read from"
)
NO_ARTICLE = (
    "a statement needs at least one prov:wasDerivedFrom, the akg:NewsArticle that states it"
)
PREDICATE = (
    "a statement needs exactly one rdf:predicate, one of akg:partnersWith, akg:leads, akg:investsIn"
)
STATUS = 'akg:status must be "proposed", "agreed" or "ended"'
TENURE = 'akg:tenure must be "current", "incoming", "outgoing" or "former"'
STAKE = "akg:stake must be an xsd:decimal percentage from 0 to 100"
CONFIDENCE = "evidence needs exactly one akg:confidence, an xsd:decimal from 0 to 1"
SPAN = (
    "akg:startChar must be less than akg:endChar; the span is [startChar, endChar) "
    "of the article text"
)
START = "evidence needs exactly one akg:startChar, an xsd:integer offset >= 0"
ATTRIBUTED = "evidence needs exactly one prov:wasAttributedTo, the akg:Extractor that read it"
LEADS_SUBJECT = (
    "the subject of akg:leads must be an akg:Person; a company that controls another is "
    "akg:investsIn, not akg:leads"
)
LEADS_OBJECT = "the object of akg:leads must be an akg:Company or akg:BusinessUnit"
PARTNER_OBJECT = "the object of akg:partnersWith must be an akg:Company or akg:BusinessUnit; only organisations partner"
INVEST_OBJECT = "the object of akg:investsIn must be an akg:Company or akg:BusinessUnit"
UNIT_OF = (
    "a business unit needs exactly one akg:unitOf, the akg:Company it belongs to; "
    "give the unit's entity a parent company"
)
ROLE_ELSEWHERE = (
    "akg:role and akg:tenure qualify only akg:leads statements; drop them or fix rdf:predicate"
)
STATUS_ELSEWHERE = (
    "akg:status qualifies only akg:partnersWith and akg:investsIn statements; "
    "drop it or fix rdf:predicate"
)
KIND_ELSEWHERE = (
    "akg:partnershipKind qualifies only akg:partnersWith statements; drop it or fix rdf:predicate"
)
STAKE_ELSEWHERE = (
    "akg:stake and akg:amount qualify only akg:investsIn statements; drop them or fix rdf:predicate"
)
CURRENCY = 'a monetary amount needs exactly one schema:currency, a three-letter ISO 4217 code such as "USD"'
CONTENT_HASH = (
    "an article needs exactly one akg:contentHash, 64 lowercase hex digits of SHA-256; "
    "rebuild the article to refresh it"
)
URL = "an article has at most one schema:url, an IRI (not a string literal)"
SAME_AS = (
    "owl:sameAs must be one Wikidata item IRI, http://www.wikidata.org/entity/Q<digits>; "
    "check the Wikidata id in the resolver's table"
)


def node(path: str) -> URIRef:
    """A data IRI under the default base, e.g. ``node("company/Honda")``."""
    return URIRef(ID + path)


HONDA = node("company/Honda")
NISSAN = node("company/Nissan")
UNIT = node("unit/Renault_electric_vehicle_unit")
UCHIDA = node("person/Makoto_Uchida")
ARTICLE_NODE = node("article/doc1")
PARTNER, LEAD, INVEST = node("statement/partner"), node("statement/lead"), node("statement/invest")
EVIDENCE = node("evidence/partner")
AMOUNT = node("amount/invest")


def good() -> Graph:
    """The conforming graph, parsed afresh for each use."""
    return Graph().parse(data=PREFIXES + ARTICLE, format="turtle")


def found(graph: Graph) -> set[tuple[Node, Node | None, str]]:
    """The (focus node, path, message) of every violation in ``graph``."""
    return {(v.focus, v.path, v.message) for v in validate(graph).violations}


def replace(subject: Node, predicate: URIRef, value: Node) -> Callable[[Graph], None]:
    """An edit that sets ``subject``'s only ``predicate`` to ``value``."""
    return lambda g: g.set((subject, predicate, value))


def drop(subject: Node, predicate: URIRef) -> Callable[[Graph], None]:
    """An edit that removes every ``predicate`` of ``subject``."""
    return lambda g: g.remove((subject, predicate, None))


def add(subject: Node, predicate: URIRef, value: Node) -> Callable[[Graph], None]:
    """An edit that adds one triple."""
    return lambda g: g.add((subject, predicate, value))


def decimal(text: str) -> Literal:
    return Literal(text, datatype=XSD.decimal)


BROKEN: list[tuple[str, Callable[[Graph], None], set[tuple[Node, Node | None, str]]]] = [
    ("missing label", drop(HONDA, RDFS.label), {(HONDA, RDFS.label, LABEL_COUNT)}),
    (
        "two labels",
        add(UCHIDA, RDFS.label, Literal("Makoto  Uchida")),
        {(UCHIDA, RDFS.label, LABEL_COUNT)},
    ),
    ("empty label", replace(NISSAN, RDFS.label, Literal("")), {(NISSAN, RDFS.label, LABEL_VALUE)}),
    (
        "statement without evidence",
        drop(PARTNER, AKG.evidence),
        {(PARTNER, AKG.evidence, NO_EVIDENCE)},
    ),
    (
        "statement without article",
        drop(LEAD, PROV.wasDerivedFrom),
        {(LEAD, PROV.wasDerivedFrom, NO_ARTICLE)},
    ),
    (
        "statement of another relation",
        replace(PARTNER, RDF.predicate, AKG.competesWith),
        {
            (PARTNER, RDF.predicate, PREDICATE),
            (PARTNER, None, STATUS_ELSEWHERE),
            (PARTNER, None, KIND_ELSEWHERE),
        },
    ),
    (
        "status maybe",
        replace(PARTNER, AKG.status, Literal("maybe")),
        {(PARTNER, AKG.status, STATUS)},
    ),
    ("tenure past", replace(LEAD, AKG.tenure, Literal("past")), {(LEAD, AKG.tenure, TENURE)}),
    ("stake over 100", replace(INVEST, AKG.stake, decimal("120")), {(INVEST, AKG.stake, STAKE)}),
    ("stake as text", replace(INVEST, AKG.stake, Literal("15%")), {(INVEST, AKG.stake, STAKE)}),
    (
        "confidence 1.5",
        replace(EVIDENCE, AKG.confidence, decimal("1.5")),
        {(EVIDENCE, AKG.confidence, CONFIDENCE)},
    ),
    (
        "confidence as double",
        replace(EVIDENCE, AKG.confidence, Literal(0.9)),
        {(EVIDENCE, AKG.confidence, CONFIDENCE)},
    ),
    (
        "negative offset",
        replace(EVIDENCE, AKG.startChar, Literal(-1)),
        {(EVIDENCE, AKG.startChar, START)},
    ),
    (
        "empty span",
        replace(EVIDENCE, AKG.startChar, Literal(54)),
        {(EVIDENCE, AKG.startChar, SPAN)},
    ),
    (
        "evidence without extractor",
        drop(EVIDENCE, PROV.wasAttributedTo),
        {(EVIDENCE, PROV.wasAttributedTo, ATTRIBUTED)},
    ),
    ("leads from a Company", add(HONDA, AKG.leads, NISSAN), {(HONDA, None, LEADS_SUBJECT)}),
    ("leads an article", add(UCHIDA, AKG.leads, ARTICLE_NODE), {(UCHIDA, AKG.leads, LEADS_OBJECT)}),
    (
        "partners with a person",
        add(HONDA, AKG.partnersWith, UCHIDA),
        {(HONDA, AKG.partnersWith, PARTNER_OBJECT)},
    ),
    (
        "invests in a person",
        add(NISSAN, AKG.investsIn, UCHIDA),
        {(NISSAN, AKG.investsIn, INVEST_OBJECT)},
    ),
    ("unit without unitOf", drop(UNIT, AKG.unitOf), {(UNIT, AKG.unitOf, UNIT_OF)}),
    ("unit of a unit", replace(UNIT, AKG.unitOf, UNIT), {(UNIT, AKG.unitOf, UNIT_OF)}),
    (
        "role on a partnership",
        add(PARTNER, AKG.role, Literal("CEO")),
        {(PARTNER, None, ROLE_ELSEWHERE)},
    ),
    ("stake on a lead", add(LEAD, AKG.stake, decimal("10")), {(LEAD, None, STAKE_ELSEWHERE)}),
    (
        "lowercase currency",
        replace(AMOUNT, SCHEMA.currency, Literal("usd")),
        {(AMOUNT, SCHEMA.currency, CURRENCY)},
    ),
    (
        "article without hash",
        drop(ARTICLE_NODE, AKG.contentHash),
        {(ARTICLE_NODE, AKG.contentHash, CONTENT_HASH)},
    ),
    (
        "url as a string",
        replace(ARTICLE_NODE, SCHEMA.url, Literal("https://example.com/news/honda-nissan")),
        {(ARTICLE_NODE, SCHEMA.url, URL)},
    ),
    (
        "sameAs not Wikidata",
        replace(HONDA, URIRef("http://www.w3.org/2002/07/owl#sameAs"), URIRef("urn:x:honda")),
        {(HONDA, URIRef("http://www.w3.org/2002/07/owl#sameAs"), SAME_AS)},
    ),
]


def test_good_graph_conforms() -> None:
    report = validate(good())
    assert report.conforms, report.text
    assert report.violations == ()
    assert report.text == ""


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_graph_reports_the_shape_message(
    edit: Callable[[Graph], None], expected: set[tuple[Node, Node | None, str]]
) -> None:
    graph = good()
    edit(graph)
    report = validate(graph)
    assert not report.conforms
    assert found(graph) == expected


def test_plain_and_xsd_string_literals_are_the_same_value() -> None:
    graph = good()
    graph.set((PARTNER, AKG.status, Literal("agreed", datatype=XSD.string)))
    graph.set((LEAD, AKG.tenure, Literal("current", datatype=XSD.string)))
    assert validate(graph).conforms


def test_statement_shared_by_two_articles_conforms_in_the_union() -> None:
    data = Dataset()
    first = data.graph(node("graph/doc1"))
    first.parse(data=PREFIXES + ARTICLE, format="turtle")
    second = data.graph(node("graph/doc2"))
    second.parse(
        data=PREFIXES
        + """
        article:doc2 a akg:NewsArticle ; akg:docId "doc2" ;
            akg:contentHash "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752" .
        agent:akg-rules-0.1.0 a akg:Extractor ;
            rdfs:label "akg-rules" ; schema:softwareVersion "0.1.0" .
        company:Honda a akg:Company ; rdfs:label "Honda" ; owl:sameAs wd:Q9584 .
        company:Nissan a akg:Company ; rdfs:label "Nissan" ; owl:sameAs wd:Q20165 .
        company:Honda akg:partnersWith company:Nissan .
        company:Nissan akg:partnersWith company:Honda .
        statement:partner a akg:Statement ;
            rdf:subject company:Honda ; rdf:predicate akg:partnersWith ; rdf:object company:Nissan ;
            akg:status "proposed" ;
            prov:wasDerivedFrom article:doc2 ; akg:evidence evidence:partner2 .
        evidence:partner2 a akg:Evidence ; prov:wasDerivedFrom article:doc2 ;
            akg:sentence "Honda and Nissan are in talks." ;
            akg:startChar 0 ; akg:endChar 30 ; akg:confidence 0.7 ;
            prov:wasAttributedTo agent:akg-rules-0.1.0 .
        """,
        format="turtle",
    )
    report = validate(data)
    assert report.conforms, report.text


def test_violation_split_over_graphs_is_found_in_the_union() -> None:
    data = Dataset()
    data.graph(node("graph/doc1")).parse(data=PREFIXES + ARTICLE, format="turtle")
    data.graph(node("graph/doc2")).add((HONDA, RDFS.label, Literal("Honda Motor")))
    assert {(v.focus, v.path, v.message) for v in validate(data).violations} == {
        (HONDA, RDFS.label, LABEL_COUNT)
    }


def test_validate_leaves_the_data_unchanged() -> None:
    graph = good()
    graph.remove((HONDA, RDFS.label, None))
    validate(graph)
    expected = good()
    expected.remove((HONDA, RDFS.label, None))
    assert isomorphic(graph, expected)


def test_pipeline_output_conforms() -> None:
    renault = Entity("Renault", Kind.COMPANY, wikidata="Q6686")
    honda = Entity("Honda", Kind.COMPANY, wikidata="Q9584")
    nissan = Entity("Nissan", Kind.COMPANY)
    ampere = Entity("Ampere", Kind.UNIT, parent=renault)
    mibe = Entity("Toshihiro Mibe", Kind.PERSON)
    article = Article(
        id="doc 1",
        text="...",
        title="Honda, Nissan agree",
        date="2025-11-13",
        source="Reuters",
        url="https://example.com/a",
    )

    def evidence(start: int) -> Evidence:
        return Evidence("doc 1", "A sentence.", start, start + 11, 0.9)

    facts = [
        Fact(
            honda,
            Relation.PARTNERS_WITH,
            nissan,
            evidence(0),
            Qualifiers(Status.AGREED, "alliance"),
        ),
        Fact(mibe, Relation.LEADS, honda, evidence(12), Qualifiers(role="CEO", tenure="current")),
        Fact(
            nissan,
            Relation.INVESTS_IN,
            ampere,
            evidence(24),
            Qualifiers(
                status=Status.PROPOSED,
                amount=600_000_000.0,
                currency="EUR",
                amount_text="600 million euros",
                stake=15.0,
            ),
        ),
    ]
    report = validate(article_graph(article, facts, Producer("akg-test", "1")))
    assert report.conforms, report.text


def test_rdfs_inference_would_hide_a_wrong_subject() -> None:
    # Why validate() runs without inference: rdfs:domain akg:Person makes a company that
    # "leads" a person by inference, and the broken graph passes.
    graph = good()
    graph.add((HONDA, AKG.leads, NISSAN))
    shapes = Graph().parse(ontology_file("shapes.ttl"))
    ontology = Graph().parse(ontology_file("alliance.ttl"))
    conforms, _, _ = shacl_validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert conforms
    assert not validate(graph).conforms


def test_validate_or_raise_passes_a_good_graph() -> None:
    validate_or_raise(good())


def test_validate_or_raise_names_the_violations() -> None:
    graph = good()
    graph.remove((HONDA, RDFS.label, None))
    graph.set((PARTNER, AKG.status, Literal("maybe")))
    with pytest.raises(ValidationError) as caught:
        validate_or_raise(graph)
    assert str(caught.value) == (
        "the graph does not conform to shapes.ttl: 2 violations\n"
        f"  <{HONDA}> rdfs:label: {LABEL_COUNT}\n"
        f"  <{PARTNER}> akg:status: {STATUS} (value: 'maybe')"
    )


def test_validate_or_raise_shows_the_first_violations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate_module, "SHOWN", 1)
    graph = good()
    graph.remove((HONDA, RDFS.label, None))
    graph.remove((NISSAN, RDFS.label, None))
    with pytest.raises(ValidationError) as caught:
        validate_or_raise(graph)
    assert str(caught.value) == (
        "the graph does not conform to shapes.ttl: 2 violations\n"
        f"  <{HONDA}> rdfs:label: {LABEL_COUNT}\n"
        "  ... and 1 more; run `akg validate` for all of them"
    )


def test_report_text_lists_one_violation_a_line() -> None:
    graph = good()
    graph.add((HONDA, AKG.leads, NISSAN))
    assert validate(graph).text == f"<{HONDA}>: {LEADS_SUBJECT}\n"
    assert str(Violation(HONDA, None, "m", Literal(2))) == f'<{HONDA}>: m (value: "2"^^xsd:integer)'


def test_ontology_file_prefers_the_packaged_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "shapes.ttl").write_text("", encoding="utf-8")
    monkeypatch.setattr(validate_module.resources, "files", lambda package: tmp_path)
    assert ontology_file("shapes.ttl") == tmp_path / "ontology" / "shapes.ttl"
    assert (
        ontology_file("alliance.ttl").parent.parent == Path(validate_module.__file__).parent.parent
    )


def test_ontology_file_finds_the_checkout_folder() -> None:
    path = ontology_file("alliance.ttl")
    assert path.is_file()
    assert path.parent.name == "ontology"


def test_ontology_file_names_a_missing_file() -> None:
    with pytest.raises(AkgError, match=r"ontology file 'nope\.ttl' is missing"):
        ontology_file("nope.ttl")


def test_what_the_extractor_writes_conforms_on_every_gold_set() -> None:
    from graph import MemoryStore, build
    from graph.store import union_graph

    store = MemoryStore()
    sets = sorted((Path(__file__).parent.parent / "eval").glob("*.jsonl"))
    assert [p.name for p in sets] == [
        "blind.jsonl",
        "blind2.jsonl",
        "blind3.jsonl",
        "blind4.jsonl",
        "blind5.jsonl",
        "blind6.jsonl",
        "blind7.jsonl",
        "blind8.jsonl",
        "blind9.jsonl",
        "dev.jsonl",
        "dev2.jsonl",
        "dev3.jsonl",
        "holdout.jsonl",
    ]
    build(sets, store)
    report = validate(union_graph(store.dataset()))
    assert report.conforms, report.text
