"""Stores: idempotent replacement, set semantics, recovery, locks and versions."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal
from rdflib.compare import isomorphic

from graph.errors import QueryError, StoreError
from graph.store import MemoryStore, OxigraphStore, Rows, Store, open_store, union_graph
from graph.vocab import AKG, base_iri, meta_graph_iri
from tests.graphs import EX, PAIRS, article, rows


@pytest.fixture(params=["oxigraph", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    return OxigraphStore(str(tmp_path / "store")) if request.param == "oxigraph" else MemoryStore()


def test_a_triple_stated_twice_is_one_row(store: Store) -> None:
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    store.replace_article("b", article("b", ("Honda", "Nissan")))
    assert rows(store, PAIRS) == [(EX + "Honda", EX + "Nissan")]


def test_replacing_an_article_drops_what_only_it_said(store: Store) -> None:
    store.replace_article("a", article("a", ("Honda", "Nissan"), ("Toyota", "Mazda")))
    store.replace_article("b", article("b", ("Honda", "Nissan")))
    store.replace_article("a", article("a", ("BMW", "Ford")))
    assert rows(store, PAIRS) == [(EX + "BMW", EX + "Ford"), (EX + "Honda", EX + "Nissan")]
    assert store.stored_hash("a") == "hash-a"


def test_removing_an_article_keeps_what_others_support(store: Store) -> None:
    store.replace_article("a", article("a", ("Honda", "Nissan"), ("Toyota", "Mazda")))
    store.replace_article("b", article("b", ("Honda", "Nissan")))
    assert store.remove_article("a") is True
    assert store.remove_article("a") is False
    assert rows(store, PAIRS) == [(EX + "Honda", EX + "Nissan")]
    assert store.stored_hash("a") is None


def test_dataset_keeps_one_graph_per_article(store: Store) -> None:
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    store.replace_article("b", article("b", ("Toyota", "Mazda")))
    data = store.dataset()
    names = sorted(
        str(g.identifier)
        for g in data.graphs()
        if len(g) and str(g.identifier).startswith("https://")
    )
    assert names == ["https://w3id.org/akg/id/graph/a", "https://w3id.org/akg/id/graph/b"]
    expected = article("a", ("Honda", "Nissan")) + article("b", ("Toyota", "Mazda"))
    assert isomorphic(union_graph(data), expected)


def test_bindings_are_bound_not_pasted(store: Store) -> None:
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    hostile = '"} ; DROP ALL ; #'
    result = store.query("SELECT ?a ?b WHERE { ?a akg:partnersWith ?b }", {"a": Literal(hostile)})
    assert isinstance(result, Rows) and result.rows == []
    assert rows(store, PAIRS) == [(EX + "Honda", EX + "Nissan")]


def test_malformed_sparql_is_a_query_error(store: Store) -> None:
    with pytest.raises(
        QueryError,
        match=r'^SPARQL syntax error at line 1, column \d+ \(after "SELECT \?x WHERE \{[^"]*"\): ',
    ):
        store.query("SELECT ?x WHERE { ?x ")


def test_interrupted_replacement_is_repaired_on_open(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    store = OxigraphStore(location)
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    store.replace_article("b", article("b", ("Toyota", "Mazda")))
    store.close()
    # simulate a build killed after dropping article a's graph, before writing it again
    raw = ox.Store(location)
    meta = ox.NamedNode(str(meta_graph_iri()))
    raw.add(ox.Quad(meta, ox.NamedNode(str(AKG.pendingArticle)), ox.Literal("a"), meta))
    raw.remove_graph(ox.NamedNode("https://w3id.org/akg/id/graph/a"))
    del raw
    store = OxigraphStore(location)
    assert store.stored_hash("a") is None
    assert rows(store, PAIRS) == [(EX + "Toyota", EX + "Mazda")]
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    assert rows(store, PAIRS) == [(EX + "Honda", EX + "Nissan"), (EX + "Toyota", EX + "Mazda")]


@pytest.mark.parametrize(
    "argv",
    [
        ["/usr/local/bin/akg", "build", "--quiet"],
        ["/site-packages/graph/__main__.py", "build"],  # python -m graph build
    ],
)
def test_a_locked_store_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    # the holder is named by its program and first argument, however it was started
    monkeypatch.setattr(sys, "argv", argv)
    location = str(tmp_path / "store")
    first = OxigraphStore(location)
    with pytest.raises(StoreError) as error:
        OxigraphStore(location)
    assert str(error.value) == (
        f"{location}: the store is in use by `akg build` (process {os.getpid()}); "
        "wait for it to finish or stop it, or pass another --store"
    )
    first.close()


@pytest.mark.parametrize(
    ("graph", "version"),
    [("meta/store", "0"), ("graph/akg-meta", "1")],  # schema 1 kept its bookkeeping elsewhere
)
def test_a_store_from_another_version_is_refused(tmp_path: Path, graph: str, version: str) -> None:
    location = str(tmp_path / "store")
    raw = ox.Store(location)
    meta = ox.NamedNode(f"{base_iri()}{graph}")
    raw.add(ox.Quad(meta, ox.NamedNode(str(AKG.schemaVersion)), ox.Literal(version), meta))
    del raw
    with pytest.raises(StoreError) as error:
        OxigraphStore(location)
    assert str(error.value) == (
        f"{location}: store written by another version of akg (schema {version}, this version "
        "reads 2); rebuild it into a new --store"
    )


def test_reading_a_missing_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as error:
        open_store(str(tmp_path / "nowhere"), read_only=True)
    assert (
        str(error.value)
        == f"{tmp_path / 'nowhere'}: no store here yet; run `akg build` first, or pass --store"
    )


def test_memory_location_opens_a_memory_store() -> None:
    assert isinstance(open_store("memory:"), MemoryStore)


def test_a_new_store_gets_its_parent_folders(tmp_path: Path) -> None:
    location = tmp_path / "deep" / "er" / "store"
    OxigraphStore(str(location)).close()
    assert (location / "CURRENT").is_file()


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError) as error:
        OxigraphStore(str(path))
    assert str(error.value) == f"{path}: is a file, not a store folder; pass a folder to --store"


def test_a_folder_of_other_files_is_not_written_into(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (folder / name).write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError) as error:
        OxigraphStore(str(folder))
    assert str(error.value) == (
        f"{folder}: holds other files (a.txt, b.txt, c.txt, ...) and is not a store; "
        "pass a new or empty folder to --store"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    OxigraphStore(str(empty)).close()  # an empty folder becomes a store
    OxigraphStore(str(empty)).close()  # and opens again as one


def test_a_store_built_with_another_base_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = str(tmp_path / "store")
    monkeypatch.setenv("AKG_BASE", "https://example.org/x/")
    store = OxigraphStore(location)
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    store.close()
    monkeypatch.delenv("AKG_BASE")
    for read_only in (True, False):
        with pytest.raises(StoreError) as error:
            OxigraphStore(location, read_only=read_only)
        assert str(error.value) == (
            f"{location}: built with AKG_BASE=https://example.org/x/ and opened with "
            "https://w3id.org/akg/id/; set AKG_BASE=https://example.org/x/ to use it, "
            "or pass another --store"
        )


def test_an_article_id_cannot_name_the_bookkeeping_graph(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    store = OxigraphStore(location)
    store.replace_article("akg-meta", article("akg-meta", ("Honda", "Nissan")))
    store.replace_article("meta/store", article("meta/store", ("Toyota", "Mazda")))
    store.close()
    again = OxigraphStore(location)  # still an akg store
    try:
        assert rows(again, PAIRS) == [(EX + "Honda", EX + "Nissan"), (EX + "Toyota", EX + "Mazda")]
    finally:
        again.close()


def test_ids_that_differ_only_in_spaces_are_two_articles(tmp_path: Path) -> None:
    store = OxigraphStore(str(tmp_path / "store"))
    try:
        store.replace_article("x y", article("x y", ("Honda", "Nissan")))
        store.replace_article("x  y", article("x  y", ("Toyota", "Mazda")))
        assert store.stored_hash("x y") == "hash-x y"
        assert store.stored_hash("x  y") == "hash-x  y"
        assert len(rows(store, PAIRS)) == 2
    finally:
        store.close()


def test_a_store_is_a_context_manager_that_releases_its_lock(tmp_path: Path) -> None:
    from graph.store import using

    location = str(tmp_path / "store")
    with OxigraphStore(location) as store:
        store.replace_article("a", article("a", ("Honda", "Nissan")))
        with pytest.raises(StoreError):
            OxigraphStore(location)  # the writer holds it
    with using(location) as again:  # released at the end of the block
        assert again.stored_hash("a") is not None
    with MemoryStore() as memory, using(memory) as same:
        assert same is memory


def test_a_store_after_a_bulk_build_is_compacted(tmp_path: Path) -> None:
    from graph import build
    from graph.synthetic import write_jsonl

    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(corpus, 400, seed=3)
    report = build([corpus], str(tmp_path / "store"), model="rules")
    assert report.added == 400
    # Oxigraph keeps its indexes in 12 RocksDB column families besides the default one;
    # merged, each is at most one file (unmerged, this build leaves 23)
    files = sorted((tmp_path / "store").glob("*.sst"))
    assert 0 < len(files) <= 13, [f.name for f in files]
