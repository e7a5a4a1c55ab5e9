"""RDF -> networkx keeps every attribute; analytics as plain functions."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph import MemoryStore, build, export
from graph.analyze import alliance_graph, centrality
from graph.export import flatten, read_graphml, unflatten, write_csv, write_gexf, write_graphml
from graph.network import to_networkx

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed_graph() -> nx.MultiDiGraph:
    store = MemoryStore()
    build([SEEDS], store, model="rules")
    return to_networkx(store)


def labelled_edges(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {
        (graph.nodes[s]["label"], key, graph.nodes[o]["label"])
        for s, o, key in graph.edges(keys=True)
    }


def test_nodes_and_edges(seed_graph: nx.MultiDiGraph) -> None:
    assert {(d["label"], d["kind"]) for _, d in seed_graph.nodes(data=True)} == {
        ("Honda", "Company"),
        ("Nissan", "Company"),
        ("Renault", "Company"),
        ("Renault electric vehicle unit", "BusinessUnit"),
        ("Toshihiro Mibe", "Person"),
        ("Makoto Uchida", "Person"),
    }
    assert labelled_edges(seed_graph) == {
        ("Honda", "partnersWith", "Nissan"),
        ("Toshihiro Mibe", "leads", "Honda"),
        ("Makoto Uchida", "leads", "Nissan"),
        ("Nissan", "investsIn", "Renault electric vehicle unit"),
        ("Renault electric vehicle unit", "unitOf", "Renault"),
    }


def test_edge_attributes_keep_qualifiers_and_evidence(seed_graph: nx.MultiDiGraph) -> None:
    edges = {
        (seed_graph.nodes[s]["label"], k): d
        for s, _, k, d in seed_graph.edges(keys=True, data=True)
    }
    partnership = edges[("Honda", "partnersWith")]
    assert (partnership["status"], partnership["statuses"], partnership["evidence_count"]) == (
        "agreed",
        ["agreed", "proposed"],
        2,
    )
    assert {e["doc"] for e in partnership["evidence"]} == {
        "000_cf875de2c11c43bd",
        "003_346c5a7c4d78caa0",
    }
    investment = edges[("Nissan", "investsIn")]
    assert (investment["amount"], investment["currency"], investment["amount_text"]) == (
        6e8,
        "USD",
        "over $600 million",
    )
    assert edges[("Toshihiro Mibe", "leads")]["role"] == "Director"
    assert seed_graph.nodes["https://w3id.org/akg/id/company/Honda"]["wikidata"] == "Q9584"


def test_alliance_graph_and_centrality(seed_graph: nx.MultiDiGraph) -> None:
    alliances = alliance_graph(seed_graph)
    assert sorted(alliances.nodes[n]["label"] for n in alliances) == ["Honda", "Nissan", "Renault"]
    assert centrality(seed_graph) == [("Honda", 0.5), ("Nissan", 0.5), ("Renault", 0.0)]


# --- files: GraphML round trip, GEXF, CSV --------------------------------------------------


def as_dicts(graph: nx.MultiDiGraph) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    return (
        {n: dict(d) for n, d in graph.nodes(data=True)},
        {(s, o, k): dict(d) for s, o, k, d in graph.edges(keys=True, data=True)},
    )


def test_graphml_round_trip_keeps_every_attribute(
    seed_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    back = read_graphml(write_graphml(seed_graph, tmp_path / "g.graphml"))
    assert as_dicts(back) == as_dicts(seed_graph)
    partnership = next(d for _, _, k, d in back.edges(keys=True, data=True) if k == "partnersWith")
    assert isinstance(partnership["evidence"], list)
    assert isinstance(partnership["evidence_count"], int)


def test_akg_export_graphml_reads_back_as_the_projection(tmp_path: Path) -> None:
    store = MemoryStore()
    build([SEEDS], store, model="rules")
    (tmp_path / "g.graphml").write_text(export(store, "graphml"), encoding="utf-8")
    assert as_dicts(read_graphml(tmp_path / "g.graphml")) == as_dicts(to_networkx(store))


def test_flatten_keeps_none_and_nested_values() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", label="A", wikidata=None, tags=["x"])
    g.add_edge("a", "a", key="r", relation="r", status=None, evidence=[{"doc": "d", "n": 1.5}])
    flat = flatten(g)
    assert dict(flat.nodes["a"]) == {
        "label": "A",
        "tags": '["x"]',
        "null_attributes": '["wikidata"]',
    }
    assert as_dicts(unflatten(flat)) == as_dicts(g)


def test_gexf_opens_with_the_same_nodes_and_edges(
    seed_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    back = nx.read_gexf(write_gexf(seed_graph, tmp_path / "g.gexf"))
    assert set(back.nodes) == set(seed_graph.nodes)
    assert {(s, o) for s, o in back.edges()} == {(s, o) for s, o in seed_graph.edges()}
    assert {d["label"] for _, d in back.nodes(data=True)} == {
        d["label"] for _, d in seed_graph.nodes(data=True)
    }


def test_csv_tables(seed_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    nodes, edges = write_csv(seed_graph, tmp_path / "csv")
    with nodes.open(encoding="utf-8", newline="") as handle:
        node_rows = list(csv.DictReader(handle))
    assert {(r["label"], r["kind"], r["wikidata"]) for r in node_rows} == {
        ("Honda", "Company", "Q9584"),
        ("Nissan", "Company", "Q20165"),
        ("Renault", "Company", "Q6686"),
        ("Renault electric vehicle unit", "BusinessUnit", ""),
        ("Toshihiro Mibe", "Person", ""),
        ("Makoto Uchida", "Person", ""),
    }
    with edges.open(encoding="utf-8", newline="") as handle:
        edge_rows = list(csv.DictReader(handle))
    assert {
        (
            r["source_label"],
            r["relation"],
            r["target_label"],
            r["statuses"],
            r["amount"],
            r["articles"],
        )
        for r in edge_rows
    } == {
        (
            "Honda",
            "partnersWith",
            "Nissan",
            "agreed; proposed",
            "",
            "000_cf875de2c11c43bd; 003_346c5a7c4d78caa0",
        ),
        (
            "Nissan",
            "investsIn",
            "Renault electric vehicle unit",
            "agreed",
            "600000000",
            "000_cf875de2c11c43bd",
        ),
        ("Makoto Uchida", "leads", "Nissan", "", "", "000_cf875de2c11c43bd"),
        ("Toshihiro Mibe", "leads", "Honda", "", "", "000_cf875de2c11c43bd"),
        ("Renault electric vehicle unit", "unitOf", "Renault", "", "", ""),
    }
