"""Saved queries on the seed graph give exactly these rows; formats follow the W3C specs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph import MemoryStore, Rows, build, query
from graph.errors import FormatError, QueryError
from graph.query import format_rows, query_text, run_query, saved_queries

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    store = MemoryStore()
    build([SEEDS], store, model="rules")
    return store


def plain(rows: Rows) -> list[tuple[str, ...]]:
    return [tuple("" if v is None else str(v) for v in row) for row in rows.rows]


def test_saved_queries_are_listed_with_descriptions() -> None:
    queries = saved_queries()
    assert sorted(queries) == [
        "conflicts",
        "corroborated",
        "evidence",
        "investments",
        "leaders",
        "partners",
        "partnerships",
        "timeline",
    ]
    assert all(q.description for q in queries.values())


def test_partnerships(store: MemoryStore) -> None:
    assert plain(query(store, "partnerships")) == [
        ("Honda", "Nissan", "agreed, proposed", "collaboration", "2")
    ]


def test_partners_of_a_company(store: MemoryStore) -> None:
    assert plain(query(store, "partners", company="Nissan")) == [
        ("Nissan", "Honda", "agreed, proposed", "2")
    ]
    assert plain(query(store, "partners", company="Tesla")) == []


def test_leaders(store: MemoryStore) -> None:
    assert plain(query(store, "leaders")) == [
        ("Toshihiro Mibe", "Director", "current", "Honda"),
        ("Makoto Uchida", "CEO", "current", "Nissan"),
    ]


def test_investments(store: MemoryStore) -> None:
    assert plain(query(store, "investments")) == [
        (
            "Nissan",
            "Renault electric vehicle unit",
            "Renault",
            "600000000.0",
            "USD",
            "over $600 million",
            "",
            "agreed",
        )
    ]


def test_evidence_for_one_fact(store: MemoryStore) -> None:
    rows = plain(query(store, "evidence", subject="Honda", object="Nissan"))
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("Honda", "partnersWith", "Nissan", "000_cf875de2c11c43bd"),
        ("Honda", "partnersWith", "Nissan", "003_346c5a7c4d78caa0"),
    ]
    assert rows[0][4].startswith("In a groundbreaking move, Honda and Nissan have announced")


def test_a_parameter_with_sparql_in_it_is_only_a_value(store: MemoryStore) -> None:
    assert plain(query(store, "partners", company='Nissan" } ; DROP ALL ; #')) == []
    assert len(query(store, "partnerships").rows) == 1


def test_query_from_a_file(store: MemoryStore, tmp_path: Path) -> None:
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?c a akg:Company }", encoding="utf-8")
    assert plain(query(store, str(path))) == [("3",)]


def test_ask_and_construct(store: MemoryStore) -> None:
    assert run_query(store, "ASK { ?c akg:partnersWith ?d }") is True
    graph = run_query(
        store, "CONSTRUCT { ?a akg:partnersWith ?b } WHERE { ?a akg:partnersWith ?b }"
    )
    assert len(graph) == 2  # type: ignore[arg-type]


def test_malformed_query(store: MemoryStore) -> None:
    with pytest.raises(QueryError, match=r"^SPARQL syntax error at line 1, column "):
        query(store, "SELECT ?x WHERE { ?x akg:leads }")


def test_unknown_name_lists_the_saved_queries() -> None:
    with pytest.raises(QueryError) as error:
        query_text("partnrs")
    assert (
        str(error.value)
        == '"partnrs" is not a saved query (conflicts, corroborated, evidence, investments, leaders, partners, partnerships, timeline), a .rq file, or SPARQL'
    )


def test_formats(store: MemoryStore) -> None:
    rows = query(store, "leaders")
    assert format_rows(rows, "csv") == (
        "person,role,tenure,company\r\nToshihiro Mibe,Director,current,Honda\r\nMakoto Uchida,CEO,current,Nissan\r\n"
    )
    assert format_rows(rows, "tsv").splitlines()[:2] == [
        "?person\t?role\t?tenure\t?company",
        '"Toshihiro Mibe"\t"Director"\t"current"\t"Honda"',
    ]
    data = json.loads(format_rows(rows, "json"))
    assert data["head"]["vars"] == ["person", "role", "tenure", "company"]
    assert data["results"]["bindings"][1]["role"] == {"type": "literal", "value": "CEO"}
    assert format_rows(rows, "table").splitlines() == [
        "person          role      tenure    company",
        "--------------  --------  --------  ---------",
        "Toshihiro Mibe  Director  current   Honda",
        "Makoto Uchida   CEO       current   Nissan",
    ]
    with pytest.raises(
        FormatError, match=r'^unknown format "xml"; use one of: table, csv, tsv, json$'
    ):
        format_rows(rows, "xml")


def test_a_misspelt_parameter_names_the_known_ones(store: MemoryStore) -> None:
    with pytest.raises(QueryError) as error:
        query(store, "partners", compnay="Nissan")
    assert str(error.value) == (
        'partners has no parameter "compnay"; its parameters: company (optional ones in brackets)'
    )
    with pytest.raises(QueryError) as error:
        query(store, "evidence", subj="Honda")
    assert str(error.value) == (
        'evidence has no parameter "subj"; its parameters: [subject], [object] '
        "(optional ones in brackets)"
    )
    with pytest.raises(QueryError) as error:
        query(store, "partnerships", company="Honda")
    assert str(error.value).startswith(
        'partnerships has no parameter "company"; its parameters: none'
    )
    with pytest.raises(QueryError) as error:
        query(store, "partners")
    assert str(error.value) == "partners needs --param company=NAME (a name, e.g. Nissan)"


@pytest.mark.parametrize("name", ["Nissan", "nissan", "NISSAN", "Nissan Motor Co., Ltd."])
def test_names_resolve_as_extraction_resolves_them(store: MemoryStore, name: str) -> None:
    assert plain(query(store, "partners", company=name)) == [
        ("Nissan", "Honda", "agreed, proposed", "2")
    ]


def test_saved_query_parameters_are_declared() -> None:
    declared = {
        name: [(p.name, p.optional) for p in saved.parameters]
        for name, saved in saved_queries().items()
    }
    assert declared == {
        "conflicts": [],
        "corroborated": [],
        "evidence": [("subject", True), ("object", True)],
        "investments": [("investor", True)],
        "leaders": [("company", True)],
        "partners": [("company", False)],
        "partnerships": [],
        "timeline": [("company", False)],
    }


def test_symmetric_facts_answer_either_way_round(store: MemoryStore) -> None:
    asked = plain(query(store, "evidence", subject="Nissan", object="Honda"))
    stored = plain(query(store, "evidence", subject="Honda", object="Nissan"))
    assert len(asked) == len(stored) == 2
    assert [row[:3] for row in asked] == [("Nissan", "partnersWith", "Honda")] * 2
    assert [row[3:] for row in asked] == [row[3:] for row in stored]
    # an asymmetric fact does not turn round
    assert (
        plain(query(store, "evidence", subject="Renault electric vehicle unit", object="Nissan"))
        == []
    )


def test_partners_read_a_partnership_stored_one_way_only() -> None:
    from rdflib import Graph

    from graph.vocab import AKG, entity_iri

    store = MemoryStore()
    build([SEEDS], store, model="rules")
    honda, nissan = (entity_iri("Company", n) for n in ("Honda", "Nissan"))
    for graph in store.dataset().graphs():  # as another tool might write it: one direction
        if (nissan, AKG.partnersWith, honda) in graph:
            target: Graph = store._data.graph(graph.identifier)
            target.remove((nissan, AKG.partnersWith, honda))
    assert plain(query(store, "partners", company="Nissan")) == [
        ("Nissan", "Honda", "agreed, proposed", "2")
    ]


def test_a_partnership_without_kind_or_status_is_listed_by_the_memory_store() -> None:
    from rdflib import RDF, RDFS, Graph, Literal
    from rdflib.namespace import PROV

    from graph.vocab import AKG, article_iri, entity_iri, statement_iri

    honda, nissan = (entity_iri("Company", n) for n in ("Honda", "Nissan"))
    statement = statement_iri("Honda", "partnersWith", "Nissan")
    graph = Graph()
    graph.add((article_iri("a"), AKG.contentHash, Literal("hash-a")))
    graph.add((honda, RDFS.label, Literal("Honda")))
    graph.add((nissan, RDFS.label, Literal("Nissan")))
    graph.add((statement, RDF.subject, honda))
    graph.add((statement, RDF.predicate, AKG.partnersWith))
    graph.add((statement, RDF.object, nissan))
    graph.add((statement, PROV.wasDerivedFrom, article_iri("a")))
    store = MemoryStore()  # what `--as-of` reads: rdflib failed "Variable status is not bound"
    store.replace_article("a", graph)
    assert plain(query(store, "partnerships")) == [("Honda", "Nissan", "", "", "1")]


TRICKY = ["Honda", "日本語", "é", "e\u0301", "", " padded ", "tab\there", "two\nlines", "Ｆｕｌｌ"]


@pytest.mark.parametrize("rows", [0, 1, 7])
def test_the_table_is_laid_out_as_tabulate_lays_it_out(rows: int) -> None:
    from rdflib import Literal
    from tabulate import tabulate

    names = ["company", "x", "a_longer_name"]
    data = [
        tuple(
            None if (i + j) % 5 == 0 else Literal(TRICKY[(i * 3 + j) % len(TRICKY)])
            for j in range(3)
        )
        for i in range(rows)
    ]
    cells = [[" ".join(str(v or "").split("\n")).replace("\t", " ") for v in row] for row in data]
    expected = tabulate(cells, headers=names, tablefmt="simple", disable_numparse=True) + "\n"
    assert format_rows(Rows(names, data)) == expected


def test_control_characters_from_articles_never_reach_the_terminal() -> None:
    from rdflib import Literal

    table = format_rows(Rows(["said"], [(Literal("red \x1b[31malert\x1b[0m\r done"),)]))
    assert table == "said\n------------------------\nred  [31malert [0m  done\n"
