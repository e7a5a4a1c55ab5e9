"""Facts -> RDF, compared with a golden Turtle file as graphs (rdflib.compare)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

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
from graph.rdf import article_graph, content_hash
from graph.validate import validate
from graph.vocab import AKG

GOLDEN = Path(__file__).parent / "data" / "article_graph.ttl"
PRODUCER = Producer("akg-rules", "0.1.0")

HONDA = Entity("Honda", Kind.COMPANY, "Q9584")
NISSAN = Entity("Nissan", Kind.COMPANY, "Q20165")
RENAULT = Entity("Renault", Kind.COMPANY, "Q6686")
UNIT = Entity("Renault electric vehicle unit", Kind.UNIT, None, RENAULT)
UCHIDA = Entity("Makoto Uchida", Kind.PERSON)
ARTICLE = Article(
    "doc-1",
    "text",
    title="Tie-up",
    date="2024-03-15",
    source="Example News",
    url="https://example.org/a",
)


def evidence(start: int) -> Evidence:
    return Evidence(
        "doc-1", f'Sentence at {start} with <b>markup</b> & "quotes".', start, start + 40, 0.9
    )


FACTS = [
    # stated as Nissan-Honda: the statement still reads Honda -> Nissan, truthy both ways
    Fact(
        NISSAN,
        Relation.PARTNERS_WITH,
        HONDA,
        evidence(0),
        Qualifiers(status=Status.PROPOSED, kind="alliance"),
    ),
    Fact(UCHIDA, Relation.LEADS, NISSAN, evidence(50), Qualifiers(role="CEO", tenure="current")),
    Fact(
        NISSAN,
        Relation.INVESTS_IN,
        UNIT,
        evidence(100),
        Qualifiers(
            status=Status.AGREED,
            amount=6e8,
            currency="USD",
            amount_text="over $600 million",
            stake=15.0,
        ),
    ),
]


def test_article_graph_matches_golden_turtle() -> None:
    built = article_graph(ARTICLE, FACTS, PRODUCER)
    golden = Graph().parse(GOLDEN)
    # the content hash depends on the extractor version: compare it separately
    (node,) = golden.subjects(AKG.contentHash, None)
    golden.set((node, AKG.contentHash, Literal(content_hash(ARTICLE, PRODUCER))))
    if not isomorphic(built, golden):
        _, only_built, only_golden = graph_diff(to_isomorphic(built), to_isomorphic(golden))
        raise AssertionError(
            "graphs differ\nonly in built:\n"
            + only_built.serialize(format="nt")
            + "only in golden:\n"
            + only_golden.serialize(format="nt")
        )


def test_article_graph_conforms_to_the_shapes() -> None:
    report = validate(article_graph(ARTICLE, FACTS, PRODUCER))
    assert report.conforms, report.text


def test_the_same_fact_from_two_articles_shares_one_statement() -> None:
    a = article_graph(ARTICLE, FACTS[:1], PRODUCER)
    other = Article("doc-2", "other text")
    b = article_graph(
        other,
        [Fact(HONDA, Relation.PARTNERS_WITH, NISSAN, Evidence("doc-2", "s", 0, 1, 0.8))],
        PRODUCER,
    )
    statements = {
        str(s) for s in (a + b).subjects(predicate=None, object=None) if "/statement/" in str(s)
    }
    assert len(statements) == 1


def test_article_without_facts_still_records_the_article() -> None:
    graph = article_graph(Article("empty", "nothing here"), [], PRODUCER)
    assert {str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for p in graph.predicates()} == {
        "type",
        "docId",
        "contentHash",
    }
