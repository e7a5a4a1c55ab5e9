"""RemoteStore against real servers started here: Oxigraph server and Virtuoso."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.errors import QueryError, StoreError
from graph.export import export
from graph.remote import RemoteStore
from graph.serve import free_port
from graph.store import Rows, open_store, union_graph
from graph.vocab import AKG, article_iri, union_graph_iri
from tests.graphs import EX, PAIRS, article, rows
from tests.servers import (
    VIRTUOSO_PASSWORD,
    VIRTUOSO_USER,
    OxigraphServer,
    oxigraph_server,
    virtuoso_server,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server.store


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AKG_SPARQL_USER", VIRTUOSO_USER)
    monkeypatch.setenv("AKG_SPARQL_PASSWORD", VIRTUOSO_PASSWORD)


@pytest.fixture(params=["oxigraph", "oxigraph-no-gsp", "virtuoso"])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[RemoteStore]:
    # every test writes under a base of its own, so tests on one server never meet
    monkeypatch.setenv("AKG_BASE", f"https://w3id.org/akg/test/{tmp_path.name}/")
    if request.param == "virtuoso":
        location = request.getfixturevalue("virtuoso")
        request.getfixturevalue("credentials")
        remote = RemoteStore(location)
        yield remote
        remote.close()
        return
    with oxigraph_server(tmp_path / "oxigraph") as server:
        suffix = "?gsp=" if request.param == "oxigraph-no-gsp" else ""
        remote = RemoteStore(server.store + suffix)
        yield remote
        remote.close()


def test_the_layout_follows_the_server(store: RemoteStore) -> None:
    assert store.union_in_named_graph is ("sparql-auth" in store.location)
    assert (store.gsp_url is not None) is store.location.endswith("/query")


def test_a_triple_stated_twice_is_one_row(store: RemoteStore) -> None:
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    store.replace_article("b", article("b", ("Honda", "Nissan")))
    assert rows(store, PAIRS) == [(EX + "Honda", EX + "Nissan")]


def test_replacing_and_removing_keep_what_others_support(store: RemoteStore) -> None:
    store.replace_articles(
        [
            ("a", article("a", ("Honda", "Nissan"), ("Toyota", "Mazda"))),
            ("b", article("b", ("Honda", "Nissan"))),
        ]
    )
    store.replace_article("a", article("a", ("BMW", "Ford")))
    assert rows(store, PAIRS) == [(EX + "BMW", EX + "Ford"), (EX + "Honda", EX + "Nissan")]
    assert store.stored_hash("a") == "hash-a"
    assert store.remove_article("a") is True
    assert store.remove_article("a") is False
    assert rows(store, PAIRS) == [(EX + "Honda", EX + "Nissan")]
    assert store.stored_hash("a") is None


def test_dataset_keeps_one_graph_per_article(store: RemoteStore) -> None:
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    store.replace_article("b", article("b", ("Toyota", "Mazda")))
    data = store.dataset()
    base = os.environ["AKG_BASE"]
    names = sorted(str(g.identifier) for g in data.graphs() if str(g.identifier).startswith(base))
    assert names == [base + "graph/a", base + "graph/b"]
    expected = article("a", ("Honda", "Nissan")) + article("b", ("Toyota", "Mazda"))
    assert isomorphic(union_graph(data), expected)


HOSTILE = 'Nissan "} ; DROP ALL ; # \\u0022 back\\slash\nnew line é 😀 """'


def test_text_and_blank_nodes_go_through_a_serializer(store: RemoteStore) -> None:
    graph = article("a")
    node = BNode()
    graph.add((URIRef(EX + "Nissan"), URIRef(EX + "said"), Literal(HOSTILE, lang="en")))
    graph.add((URIRef(EX + "Nissan"), URIRef(EX + "amount"), node))
    graph.add((node, URIRef(EX + "value"), Literal(600)))
    store.replace_article("a", graph)
    said = rows(store, f"SELECT ?t WHERE {{ ?s <{EX}said> ?t }}")
    assert said == [(HOSTILE,)]
    amount = rows(store, f"SELECT ?a ?v WHERE {{ ?s <{EX}amount> ?a . ?a <{EX}value> ?v }}")
    assert len(amount) == 1
    assert amount[0][0].startswith(os.environ["AKG_BASE"] + ".well-known/genid/")
    assert amount[0][1] == "600"
    assert rows(store, "SELECT ?a ?b WHERE { ?a akg:partnersWith ?b }") == []


def test_bindings_are_values_not_text(store: RemoteStore) -> None:
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    result = store.query(PAIRS, {"a": Literal(HOSTILE)})
    assert isinstance(result, Rows) and result.rows == []
    result = store.query(PAIRS, {"a": URIRef(EX + "Honda")})
    assert isinstance(result, Rows)
    assert [tuple(map(str, r)) for r in result.rows] == [(EX + "Honda", EX + "Nissan")]


def test_ask_and_construct(store: RemoteStore) -> None:
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    assert store.query("ASK { ?a akg:partnersWith ?b }") is True
    assert store.query("ASK { ?a akg:leads ?b }") is False
    built = store.query("CONSTRUCT WHERE { ?a akg:partnersWith ?b }")
    assert isinstance(built, Graph)
    assert set(built) == {(URIRef(EX + "Honda"), AKG.partnersWith, URIRef(EX + "Nissan"))}


def test_a_malformed_query_is_one_line(store: RemoteStore) -> None:
    with pytest.raises(QueryError) as error:
        store.query("SELECT ?x WHERE { ?x akg:leads")
    message = str(error.value)
    if "sparql-auth" in store.location:
        assert re.fullmatch(
            r"the server rejected the query: Virtuoso 37000 Error SP030: SPARQL compiler, "
            r"line \d+: syntax error at '}'",
            message,
        )
    else:
        assert message.startswith(
            'SPARQL syntax error at line 1, column 31 (after "SELECT ?x WHERE { ?x akg:leads"): '
        )
    assert "\n" not in message


def test_an_interrupted_write_is_rolled_back_on_open(
    store: RemoteStore, capsys: pytest.CaptureFixture[str]
) -> None:
    store.replace_article("a", article("a", ("Honda", "Nissan")))
    store.replace_article("b", article("b", ("Toyota", "Mazda")))
    # as a build killed half way through article c: marked, graph half written, union not
    base = os.environ["AKG_BASE"]
    meta = f"<{base}meta/store>"
    store._update(
        f'INSERT DATA {{ GRAPH {meta} {{ {meta} <{AKG.pendingArticle}> "c" }} '
        f"GRAPH <{base}graph/c> {{ <{EX}Ford> <{AKG.partnersWith}> <{EX}Honda> . "
        f'<{article_iri("c")}> <{AKG.contentHash}> "hash-c" }} }}',
        "test",
    )
    location = store.location
    store.close()
    again = RemoteStore(location)
    try:
        assert capsys.readouterr().err == (
            f"notice: {location}: an earlier build was interrupted while writing c; "
            "rolled back, written again by this build\n"
        )
        assert again.stored_hash("c") is None
        assert rows(again, PAIRS) == [(EX + "Honda", EX + "Nissan"), (EX + "Toyota", EX + "Mazda")]
        assert again._pending() == []
    finally:
        again.close()


def test_virtuoso_row_cap_is_detected_not_returned_short(
    virtuoso: str, credentials: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AKG_BASE", f"https://w3id.org/akg/test/{tmp_path.name}/")
    store = RemoteStore(virtuoso)
    try:
        graphs = []
        for part in range(3):
            graph = article(f"big{part}")
            for i in range(part * 3400, part * 3400 + 3400):
                graph.add((URIRef(f"{EX}s{i}"), URIRef(EX + "n"), Literal(i)))
            graphs.append((f"big{part}", graph))
        store.replace_articles(graphs)  # 10,203 triples, written in batches
        with pytest.raises(QueryError) as error:
            store.query(f"SELECT ?s WHERE {{ ?s <{EX}n> ?n }}")
        assert str(error.value) == (
            "the server returned only its first 10000 results (a cap such as Virtuoso's "
            "ResultSetMaxRows); add LIMIT below it, or raise ResultSetMaxRows in the "
            "[SPARQL] section of virtuoso.ini"
        )
        counted = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}n> ?n }}")
        assert isinstance(counted, Rows) and counted.rows == [(Literal(10200),)]
        assert len(store.dataset().graph(URIRef(os.environ["AKG_BASE"] + "graph/big1"))) == 3401
    finally:
        store.close()


def test_virtuoso_keeps_the_union_in_a_graph_of_its_own(
    virtuoso: str, credentials: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AKG_BASE", f"https://w3id.org/akg/test/{tmp_path.name}/")
    store = RemoteStore(virtuoso)
    try:
        store.replace_article("a", article("a", ("Honda", "Nissan")))
        store.replace_article("b", article("b", ("Honda", "Nissan")))
        base = os.environ["AKG_BASE"]
        graphs = rows(
            store,
            f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}Honda> akg:partnersWith <{EX}Nissan> }} "
            f'FILTER (STRSTARTS(STR(?g), "{base}")) }}',
        )
        assert graphs == [(base + "graph/a",), (base + "graph/b",), (base + "meta/union",)]
        assert str(union_graph_iri()) == base + "meta/union"
    finally:
        store.close()


# ---------------------------------------------------------------- failures
def test_a_wrong_password_is_one_line(virtuoso: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AKG_SPARQL_USER", VIRTUOSO_USER)
    monkeypatch.setenv("AKG_SPARQL_PASSWORD", "wrong")
    with pytest.raises(StoreError) as error:
        open_store(virtuoso)
    assert str(error.value) == (
        f"{virtuoso}: the server refused the credentials (HTTP 401); set AKG_SPARQL_USER "
        "and AKG_SPARQL_PASSWORD to an account allowed to query and update"
    )


def test_credentials_in_the_url_are_refused() -> None:
    with pytest.raises(StoreError) as error:
        open_store("sparql+http://me:secret@127.0.0.1:1/query")
    assert str(error.value) == (
        "sparql+http://127.0.0.1:1/query: put credentials in AKG_SPARQL_USER and "
        "AKG_SPARQL_PASSWORD, not in the URL"
    )


def akg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_a_server_that_is_down_is_one_line_and_exit_1() -> None:
    location = f"sparql+http://127.0.0.1:{free_port()}/query"
    done = akg("query", "partnerships", "--store", location)
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: {location}: cannot reach the SPARQL server ([Errno 111] Connection refused); "
        "is it running?\n"
    )


# ---------------------------------------------------------------- end to end
def test_the_commands_work_against_a_server(tmp_path: Path) -> None:
    local = str(tmp_path / "local")
    assert akg("build", "seeds", "--store", local, "--model", "rules").returncode == 0
    with oxigraph_server(tmp_path / "oxigraph") as server:
        done = akg("build", "seeds", "--store", server.store, "--model", "rules")
        assert done.returncode == 0, done.stderr
        assert done.stdout == "2 articles: 2 added, 0 updated, 0 unchanged; 5 facts extracted\n"
        for spec in ("partnerships", "leaders", "investments"):
            remote = akg("query", spec, "--store", server.store)
            assert remote.stdout == akg("query", spec, "--store", local).stdout
        assert akg("validate", "--store", server.store).stdout == (
            "Conforms: 125 triples match the shapes\n"
        )
        remote_store = open_store(server.store, read_only=True)
        local_store = open_store(local, read_only=True)
        try:
            remote_ttl = Graph().parse(data=export(remote_store, "ttl"), format="turtle")
            local_ttl = Graph().parse(data=export(local_store, "ttl"), format="turtle")
        finally:
            remote_store.close()
            local_store.close()
        assert isomorphic(remote_ttl, local_ttl)
        viz = akg("viz", "-o", str(tmp_path / "a.html"), "--store", server.store)
        assert viz.stdout == f"Wrote {tmp_path / 'a.html'} (6 nodes, 5 edges)\n"
        # removing an article retracts what it alone supported, as on the embedded store
        seed = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))[0]
        for store in (server.store, local):
            removed = akg("remove", seed, "--store", store)
            assert (removed.returncode, removed.stdout) == (0, "1 articles removed\n")
        for spec in ("partnerships", "leaders", "investments"):
            assert (
                akg("query", spec, "--store", server.store).stdout
                == akg("query", spec, "--store", local).stdout
            )


def test_virtuoso_end_to_end(virtuoso: str, credentials: None, tmp_path: Path) -> None:
    env = {"AKG_BASE": f"https://w3id.org/akg/test/{tmp_path.name}/"}
    done = akg("build", "seeds", "--store", virtuoso, "--model", "rules", env=env)
    assert done.returncode == 0, done.stderr
    partners = akg("query", "partners", "--param", "company=Nissan", "--format", "csv",
                   "--store", virtuoso, env=env)  # fmt: skip
    assert partners.stdout == 'company,partner,statuses,pieces\nNissan,Honda,"agreed, proposed",2\n'
    checked = akg("validate", "--store", virtuoso, env=env)
    assert checked.stdout == "Conforms: 125 triples match the shapes\n"


def _seed_feed(path: Path, copies: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    with path.open("w", encoding="utf-8") as feed:
        for i in range(copies):
            feed.write(json.dumps({"id": f"n{i:04d}", "text": texts[i % len(texts)]}) + "\n")


def test_a_server_killed_mid_build_then_the_next_build_finishes(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    _seed_feed(feed, 400)
    server = OxigraphServer(tmp_path / "oxigraph", free_port())
    server.start()
    try:
        build = subprocess.Popen(
            [sys.executable, "-m", "graph", "build", str(feed), "--store", server.store,
             "--model", "rules"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        query_url = server.store.split("+", 1)[1]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # kill the server once some articles are in
            answer = httpx.post(
                query_url,
                data={"query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                headers={"Accept": "application/sparql-results+json"},
            ).json()
            if int(answer["results"]["bindings"][0]["n"]["value"]) > 30:
                break
            time.sleep(0.02)
        server.kill()
        _, err = build.communicate(timeout=120)
        assert build.returncode == 1
        assert err.splitlines()[-1] == (
            f"Error: {server.store}: cannot reach the SPARQL server "
            "([Errno 111] Connection refused); is it running?"
        )
        server.start()
        again = akg("build", str(feed), "--store", server.store, "--model", "rules")
        assert again.returncode == 0, again.stderr
        assert again.stdout.startswith("400 articles: ")
        remote = open_store(server.store, read_only=True)
        try:
            pairs = remote.query(PAIRS)
            graphs = remote.query(
                "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
            )
            triples = remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        finally:
            remote.close()
        assert isinstance(pairs, Rows) and isinstance(graphs, Rows) and isinstance(triples, Rows)
        assert sorted(tuple(map(str, r)) for r in pairs.rows) == [
            ("https://w3id.org/akg/id/company/Honda", "https://w3id.org/akg/id/company/Nissan"),
            ("https://w3id.org/akg/id/company/Nissan", "https://w3id.org/akg/id/company/Honda"),
        ]
        assert graphs.rows == [(Literal(401),)]  # 400 articles and the bookkeeping graph
        clean = open_store("memory:")
        from graph.pipeline import build as run_build

        run_build([feed], clean, model="rules")
        expected = union_graph(clean.dataset())
        assert triples.rows == [(Literal(len(expected)),)]
    finally:
        if server.process is not None and server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
        server.stop()
