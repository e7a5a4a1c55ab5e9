"""A query's final ORDER BY, sorted after the engine: SPARQL's order, the engine's rows."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from graph import build
from graph.ordering import OrderKey, sort_rows, split_order
from graph.query import query_text, saved_queries
from graph.rows import Rows
from graph.store import OxigraphStore
from graph.synthetic import write_jsonl


def test_the_final_order_is_split_off() -> None:
    text, keys = split_order(query_text("corroborated")) or ("", [])
    assert keys == [
        OrderKey("stories", descending=True),
        OrderKey("copies", descending=True),
        OrderKey("subject"),
        OrderKey("relation"),
        OrderKey("object"),
    ]
    assert text.rstrip().endswith("GROUP BY ?subject ?relation ?object")
    assert "ORDER BY ?doc" in text  # the subquery's own order stays
    assert split_order("SELECT * WHERE { ?s ?p ?o } order by desc(?s) ?o # last\n") == (
        "SELECT * WHERE { ?s ?p ?o }\n",
        [OrderKey("s", descending=True), OrderKey("o")],
    )


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3",  # a page: the engine sorts
        "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s OFFSET 3",
        "SELECT * WHERE { ?s ?p ?o } ORDER BY (STR(?s))",  # an expression
        "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s } }",  # inside a subquery
        "SELECT * WHERE { ?s ?p ?o }",
    ],
)
def test_other_queries_are_left_to_the_engine(sparql: str) -> None:
    assert split_order(sparql) is None


def test_rows_sort_in_sparql_order() -> None:
    number = Literal("10", datatype=XSD.integer)
    rows = Rows(
        ["x", "y"],
        [
            (Literal("b"), Literal("2")),
            (number, None),
            (Literal("9", datatype=XSD.decimal), None),
            (URIRef("https://example.org/a"), None),
            (None, None),
            (BNode("n1"), None),
            (Literal("b"), Literal("1")),
            (Literal("Z"), None),
        ],
    )
    ordered = sort_rows(rows, [OrderKey("x")]).rows
    assert ordered == [
        (None, None),  # unbound first, then blank nodes, IRIs, literals
        (BNode("n1"), None),
        (URIRef("https://example.org/a"), None),
        (Literal("9", datatype=XSD.decimal), None),  # numbers by value, before text
        (number, None),
        (Literal("Z"), None),  # text by code point: capitals first
        (Literal("b"), Literal("1")),  # a tie on the key: the other columns decide
        (Literal("b"), Literal("2")),
    ]
    assert [r[0] for r in sort_rows(rows, [OrderKey("x", descending=True)]).rows][:3] == [
        Literal("b"),
        Literal("b"),
        Literal("Z"),
    ]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    folder = tmp_path_factory.mktemp("ordering")
    corpus = folder / "corpus.jsonl"
    write_jsonl(corpus, 300, seed=11)
    build([corpus], str(folder / "store"), model="rules")
    return OxigraphStore(str(folder / "store"), read_only=True)


WHOLE_GRAPH = sorted(
    name for name, saved in saved_queries().items() if all(p.optional for p in saved.parameters)
)


@pytest.mark.parametrize("name", WHOLE_GRAPH)
def test_listings_give_the_engines_rows_in_the_engines_order(
    oxigraph: OxigraphStore, name: str
) -> None:
    text = query_text(name)
    split = split_order(text)
    assert split is not None, f"{name} ends with an ORDER BY over its variables"
    ours = oxigraph.query(text)
    engine = oxigraph._run(text, {})  # the same query, sorted by Oxigraph itself
    assert isinstance(ours, Rows) and isinstance(engine, Rows)
    assert Counter(ours.rows) == Counter(engine.rows)
    keys = [ours.variables.index(k.variable) for k in split[1]]
    assert [tuple(r[k] for k in keys) for r in ours.rows] == [
        tuple(r[k] for k in keys) for r in engine.rows
    ]
    assert name not in ("partnerships", "evidence") or ours.rows, "the corpus states these"


def test_a_rows_place_as_bytes_sorts_as_sort_rows() -> None:
    import random

    from graph.ordering import row_order

    pool = [
        None,
        BNode("b"),
        URIRef("https://example.org/a"),
        Literal(""),
        Literal("a"),
        Literal("a\x00b"),
        Literal("é"),
        Literal("Z"),
        *(Literal(n, datatype=XSD.decimal) for n in ("-10", "-0.5", "0", "0.0", "3.25", "1E+20")),
        *(Literal(n, datatype=XSD.integer) for n in ("-3", "7", "12")),
    ]
    generator = random.Random(5)
    for keys in ([], [OrderKey("x")], [OrderKey("y", descending=True), OrderKey("x")]):
        rows = Rows(
            ["x", "y"], [(generator.choice(pool), generator.choice(pool)) for _ in range(300)]
        )
        place = row_order(rows.variables, keys)
        assert [place(r) for r in sort_rows(rows, keys).rows] == sorted(place(r) for r in rows.rows)
