"""Whole-graph listings kept beside the store: always the engine's rows, in its order."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from graph import build, listings, remove
from graph.listings import FILE, kept_queries, restrict
from graph.query import run_query, saved_queries
from graph.rows import Rows
from graph.store import OxigraphStore
from graph.synthetic import write_jsonl
from graph.vocab import AKG, article_iri

KEPT = [saved.name for saved in kept_queries()]


def test_the_whole_graph_listings_are_kept() -> None:
    assert KEPT == [
        "conflicts",
        "corroborated",
        "evidence",
        "investments",
        "leaders",
        "partnerships",
    ]


def assert_kept(location: Path) -> None:
    """Every kept listing is there and equals the engine's answer, row for row."""
    with OxigraphStore(str(location), read_only=True) as store:
        for saved in kept_queries():
            kept = store.listing(saved)
            assert kept is not None, f"{saved.name} is not kept"
            assert kept == store.query(saved.text), saved.name


def _write(path: Path, lines: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def articles(tmp_path: Path) -> list[dict[str, str]]:
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(corpus, 200, seed=5)
    return [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]


def test_listings_follow_builds_updates_and_removals(
    tmp_path: Path, articles: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listings, "WHOLE_SHARE", math.inf)  # label by label, however many changed
    store = tmp_path / "store"
    build([_write(tmp_path / "a.jsonl", articles[:120])], str(store), model="rules")
    assert_kept(store)
    changed = [
        {
            **a,
            "text": a["text"].replace(
                ".",
                ". Separately, Brandt Motors and Quill Auto agreed to cooperate on batteries.",
                1,
            ),
        }
        if i % 10 == 0
        else a
        for i, a in enumerate(articles[100:], start=100)
    ]
    report = build([_write(tmp_path / "b.jsonl", changed)], str(store), model="rules")
    assert report.updated and report.added
    assert_kept(store)
    with OxigraphStore(str(store), read_only=True) as reader:
        pairs = run_query(reader, "partnerships")
    assert isinstance(pairs, Rows)
    assert ("Brandt Motors", "Quill Auto") in {(str(r[0]), str(r[1])) for r in pairs.rows}
    remove([a["id"] for a in articles[90:130:2]], str(store))
    assert_kept(store)


def _statement_graph(doc: str, triples: list[tuple[URIRef, URIRef, object]]) -> Graph:
    graph = Graph()
    graph.add((article_iri(doc), AKG.contentHash, Literal(f"hash-{doc}")))
    for s, p, o in triples:
        graph.add((s, p, o if isinstance(o, URIRef | Literal) else Literal(o)))
    return graph


def test_a_units_new_parent_reaches_rows_kept_under_another_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listings, "WHOLE_SHARE", math.inf)
    ex = "https://example.org/"
    investor, unit, parent, st = (URIRef(ex + n) for n in ("investor", "unit", "parent", "st"))
    location = str(tmp_path / "store")
    with OxigraphStore(location) as store:
        store.replace_article(
            "a",
            _statement_graph(
                "a",
                [
                    (investor, RDFS.label, "Investor Co"),
                    (unit, RDFS.label, "Battery Unit"),
                    (st, RDF.subject, investor),
                    (st, RDF.predicate, AKG.investsIn),
                    (st, RDF.object, unit),
                ],
            ),
        )
    with OxigraphStore(location) as store:  # names the unit and its parent, not the investor
        store.replace_article(
            "b",
            _statement_graph(
                "b",
                [
                    (unit, RDFS.label, "Battery Unit"),
                    (unit, AKG.unitOf, parent),
                    (parent, RDFS.label, "Parent Group"),
                ],
            ),
        )
    with OxigraphStore(location, read_only=True) as store:
        kept = run_query(store, "investments")
        assert isinstance(kept, Rows)
        assert [(str(r[0]), str(r[1]), str(r[2])) for r in kept.rows] == [
            ("Investor Co", "Battery Unit", "Parent Group")
        ]
    assert_kept(tmp_path / "store")


@pytest.fixture
def built(tmp_path: Path, articles: list[dict[str, str]]) -> Path:
    store = tmp_path / "store"
    build([_write(tmp_path / "a.jsonl", articles[:60])], str(store), model="rules")
    return store


def test_a_session_that_fails_leaves_them_to_the_engine_until_the_next_writer(
    built: Path,
) -> None:
    graph = _statement_graph(
        "late",
        [
            (URIRef("https://example.org/x"), RDFS.label, "Late Motors"),
            (URIRef("https://example.org/st"), RDF.subject, URIRef("https://example.org/x")),
            (URIRef("https://example.org/st"), RDF.predicate, AKG.leads),
            (URIRef("https://example.org/st"), RDF.object, URIRef("https://example.org/x")),
        ],
    )
    with pytest.raises(RuntimeError), OxigraphStore(str(built)) as store:
        store.replace_article("late", graph)
        raise RuntimeError("stopped half-way")
    with OxigraphStore(str(built), read_only=True) as store:
        assert all(store.listing(saved) is None for saved in kept_queries())
        answer = run_query(store, "leaders")
        assert answer == store.query(saved_queries()["leaders"].text)
        assert isinstance(answer, Rows) and Literal("Late Motors") in {r[3] for r in answer.rows}
    OxigraphStore(str(built)).close()  # the next writer, even one that writes nothing
    assert_kept(built)


def test_a_store_without_the_file_answers_from_the_engine_and_gets_it_at_the_next_write(
    built: Path,
) -> None:
    (built / FILE).unlink()
    with OxigraphStore(str(built), read_only=True) as store:
        saved = saved_queries()["partnerships"]
        assert store.listing(saved) is None
        assert run_query(store, "partnerships") == store.query(saved.text)
    OxigraphStore(str(built)).close()
    assert_kept(built)


def test_rows_computed_by_another_query_text_are_not_read(built: Path) -> None:
    with sqlite3.connect(built / FILE) as db:  # as if the package's query had changed since
        db.execute("UPDATE state SET value = 'an older text' WHERE name = 'partnerships'")
    db.close()
    with OxigraphStore(str(built), read_only=True) as store:
        assert store.listing(saved_queries()["partnerships"]) is None
        assert store.listing(saved_queries()["leaders"]) is not None
    OxigraphStore(str(built)).close()
    assert_kept(built)


def test_a_page_is_read_from_the_kept_rows(built: Path) -> None:
    with OxigraphStore(str(built), read_only=True) as store:
        whole = store.query(saved_queries()["evidence"].text)
        page = run_query(store, "evidence", limit=5, offset=3)
        assert isinstance(whole, Rows) and len(whole.rows) > 8
        assert page == Rows(whole.variables, whole.rows[3:8])
        assert run_query(store, "evidence", offset=len(whole.rows)) == Rows(whole.variables, [])


def test_restricting_puts_the_values_in_the_innermost_where() -> None:
    text = saved_queries()["corroborated"].text
    restricted = restrict(text, "subject", ['"Honda"', '"a \\"quoted\\" name"'])
    inner = restricted.index("SELECT DISTINCT")
    assert restricted.index('VALUES ?subject { "Honda" "a \\"quoted\\" name" }') > inner


def test_a_writer_computing_them_whole_says_how_far_it_is(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listings, "PATIENCE", -1.0)  # as if each took minutes (10^7 triples)
    (built / FILE).unlink()
    notices: list[str] = []
    OxigraphStore(str(built), on_notice=notices.append).close()
    assert notices == [
        f"keeping the whole-graph listings: {name} ({number} of 6)..."
        for number, name in enumerate(KEPT, start=1)
    ]
    notices.clear()
    OxigraphStore(str(built), on_notice=notices.append).close()  # up to date: nothing to say
    assert notices == []
    assert_kept(built)
