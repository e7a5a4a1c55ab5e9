"""The graph as of a day: a saga of dated articles, built in any order, read at several dates."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from rdflib import XSD, Literal

import graph
from graph.cli import main
from graph.history import View, as_of
from graph.query import run_query
from graph.store import MemoryStore, Store, union_graph
from graph.vocab import AKG, entity_iri, statement_iri

SAGA = Path(__file__).parent / "data" / "saga.jsonl"
LINES = SAGA.read_text(encoding="utf-8").splitlines()

# (day, partnerships, leaders, investments): the state the saga gives on each day
STATES = [
    ("2017-01-01", [], [], []),  # before the first article
    ("2018-06-01", [], [], [("Renault", "Nissan", "43", "agreed")]),
    (
        "2023-09-01",  # between articles: the feasibility study, the cut stake
        [("Honda", "Nissan", "proposed", "collaboration")],
        [("Makoto Uchida", "current")],
        [("Renault", "Nissan", "15", "agreed")],
    ),
    (
        "2024-09-01",
        [("Honda", "Nissan", "agreed", "collaboration")],
        [("Makoto Uchida", "current")],
        [("Renault", "Nissan", "15", "agreed")],
    ),
    (
        "2025-01-10",
        [("Honda", "Nissan", "proposed", "merger")],
        [("Makoto Uchida", "current")],
        [("Renault", "Nissan", "15", "agreed")],
    ),
    (
        "2025-06-30",
        [("Honda", "Nissan", "ended", "merger")],
        [("Iván Espinosa", "current"), ("Makoto Uchida", "former")],
        [("Renault", "Nissan", "15", "agreed")],
    ),
]


def _state(store: Store) -> tuple[list[tuple[str, ...]], ...]:
    def rows(name: str, columns: tuple[int, ...]) -> list[tuple[str, ...]]:
        result = run_query(store, name)
        return [
            tuple("" if row[i] is None else str(row[i]).removesuffix(".0") for i in columns)
            for row in result.rows  # type: ignore[union-attr]
        ]

    return (
        rows("partnerships", (0, 1, 2, 3)),
        rows("leaders", (0, 2)),
        rows("investments", (0, 1, 6, 7)),
    )


def _built(tmp_path: Path, order: list[str], one_by_one: bool) -> Store:
    store = MemoryStore()
    if one_by_one:  # as news arrives: one build per article
        for index, line in enumerate(order):
            path = tmp_path / f"{index}.jsonl"
            path.write_text(line + "\n", encoding="utf-8")
            graph.build([path], store)
    else:
        path = tmp_path / "saga.jsonl"
        path.write_text("\n".join(order) + "\n", encoding="utf-8")
        graph.build([path], store)
    return store


@pytest.mark.parametrize(
    ("seed", "one_by_one"),
    [(None, False), (1, False), (2, True)],
    ids=["in order", "shuffled", "one by one, shuffled"],
)
def test_the_state_on_each_day_whatever_the_build_order(
    tmp_path: Path, seed: int | None, one_by_one: bool
) -> None:
    order = list(LINES)
    if seed is not None:
        random.Random(seed).shuffle(order)
        assert order != LINES
    store = _built(tmp_path, order, one_by_one)
    for day, partnerships, leaders, investments in STATES:
        view = as_of(store, dt.date.fromisoformat(day))
        assert _state(view.store) == (partnerships, leaders, investments), day


def test_a_statement_in_a_view_carries_its_dates(tmp_path: Path) -> None:
    view = as_of(_built(tmp_path, LINES, False), dt.date(2025, 6, 30))
    honda, nissan = (entity_iri("Company", name) for name in ("Honda", "Nissan"))
    statement = statement_iri(honda, "partnersWith", nissan)
    dates = {
        term: str(union_graph(view.store.dataset()).value(statement, term))
        for term in (AKG.firstReported, AKG.lastReported, AKG.startTime, AKG.endTime)
    }
    assert dates == {
        AKG.firstReported: "2023-08-01",
        AKG.lastReported: "2025-02-13",  # "called off ... on Thursday", in a paper of that day
        AKG.startTime: "2024-08-01",
        AKG.endTime: "2025-02-13",
    }


def test_the_view_says_what_it_leaves_out(tmp_path: Path) -> None:
    undated = json.dumps({"id": "undated", "text": "Mazda and Toyota signed an alliance."})
    store = _built(tmp_path, [*LINES, undated], False)
    view = as_of(store, dt.date(2024, 1, 1))
    assert isinstance(view, View)
    assert view.summary() == (
        "as of 2024-01-01: 3 facts; 1 first reported later left out; "
        "1 resting only on undated evidence left out"
    )
    # nothing is deleted: the store still holds every fact
    assert len(run_query(store, "partnerships").rows) == 2  # type: ignore[union-attr]


def test_timeline_and_conflicts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    saga = tmp_path / "saga.jsonl"
    late = {
        "id": "hn-5",
        "date": "2025-02-20",
        "text": "Honda and Nissan are still in merger talks.",
    }
    saga.write_text("\n".join([*LINES, json.dumps(late)]) + "\n", encoding="utf-8")
    location = str(tmp_path / "store")
    assert main(["build", str(saga), "--store", location]) == 0
    capsys.readouterr()
    assert (
        main(
            [
                "query",
                "timeline",
                "--param",
                "company=Renault",
                "--store",
                location,
                "--format",
                "csv",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "date,precision,subject,relation,object,said,article,sentence",
        "2018-06-01,day,Renault,investsIn,Nissan,agreed,rn-1,Renault holds a 43% stake in Nissan.",
        "2023-02-06,day,Renault,investsIn,Nissan,agreed,rn-2,Renault agreed to cut its stake in Nissan to 15%.",
    ]
    assert main(["query", "conflicts", "--store", location, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "subject,relation,object,month,said,article,otherSaid,otherArticle",
        "Honda,partnersWith,Nissan,2025-02,ended,hn-4,proposed,hn-5",
    ]
    code = main(
        [
            "query",
            "leaders",
            "--param",
            "company=Nissan",
            "--as-of",
            "2024-06-30",
            "--store",
            location,
        ]
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "as of 2024-06-30: 3 facts; 1 first reported later left out\n")
    assert out.splitlines()[2:] == ["Makoto Uchida  CEO     current   Nissan"]


@pytest.mark.parametrize("value", ["2025-13-45", "soon", "2024-6-30", "30/06/2024"])
def test_an_as_of_that_is_not_a_date_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["query", "partnerships", "--as-of", value])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f'akg query: error: argument --as-of: "{value}" is not a date; use YYYY-MM-DD, such as 2024-06-30'
    )


def test_dates_are_xsd_dates(tmp_path: Path) -> None:
    view = as_of(_built(tmp_path, LINES[:1], False), dt.date(2024, 1, 1))
    values = list(union_graph(view.store.dataset()).objects(None, AKG.firstReported))
    assert values == [Literal("2023-08-01", datatype=XSD.date)]


def test_an_undated_article_is_dated_by_its_dateline(tmp_path: Path) -> None:
    text = "TOKYO, March 11, 2025 (Reuters) - Nissan named Ivan Espinosa as its chief executive."
    store = _built(tmp_path, [json.dumps({"id": "wire", "text": text})], False)
    assert as_of(store, dt.date(2025, 3, 10)).summary() == (
        "as of 2025-03-10: 0 facts; 1 first reported later left out"
    )
    assert _state(as_of(store, dt.date(2025, 3, 11)).store)[1] == [("Iván Espinosa", "current")]
    published = run_query(store, "SELECT ?d WHERE { ?a schema:datePublished ?d }")
    assert [str(row[0]) for row in published.rows] == ["2025-03-11"]  # type: ignore[union-attr]


def test_a_view_conforms_and_its_exports_carry_the_dates(tmp_path: Path) -> None:
    from graph.export import export, read_graphml, write_graphml
    from graph.network import to_networkx
    from graph.validate import validate

    store = _built(tmp_path, LINES, False)
    view = as_of(store, dt.date(2025, 6, 30))
    assert validate(union_graph(view.store.dataset())).conforms
    network = to_networkx(store)
    path = tmp_path / "saga.graphml"
    write_graphml(network, path)
    honda, nissan = (str(entity_iri("Company", name)) for name in ("Honda", "Nissan"))
    edge = read_graphml(path).edges[honda, nissan, "partnersWith"]
    assert (edge["first_reported"], edge["last_reported"], edge["status"]) == (
        "2023-08-01",
        "2025-02-13",
        "ended",
    )
    assert [(e["when"], e["said"]) for e in edge["evidence"]] == [
        ("2023-08-01", "proposed"),
        ("2024-08-01", "agreed"),
        ("2024-12-23", "proposed"),
        ("2025-02-13", "ended"),
    ]
    turtle = export(view.store, "ttl")
    assert 'akg:endTime "2025-02-13"^^xsd:date' in turtle
