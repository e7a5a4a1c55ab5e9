"""RDF -> networkx keeps every attribute; analytics as plain functions."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph import MemoryStore, build
from graph.network import alliance_graph, centrality, to_networkx

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
