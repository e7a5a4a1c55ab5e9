"""Analytics on hand-built graphs: exact results, unordered ones as sets; `akg analyze`."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analyze import (
    Hop,
    NotFoundError,
    alliance_graph,
    analysis_rows,
    centrality,
    centrality_scores,
    communities,
    find_node,
    most_connected,
    neighbourhood,
    shared_partners,
    shortest_chain,
)
from graph.cli import main
from graph.query import format_rows


def blocs() -> nx.MultiDiGraph:
    """Two triangles of partners (A B C, D E F) joined by C - D; G invests in A,
    H is A's unit, P leads F, and E - F ended their partnership."""
    g = nx.MultiDiGraph()
    for name in "ABCDEFG":
        g.add_node(name, label=f"{name}-Motors", kind="Company")
    g.add_node("H", label="A-Motors EV unit", kind="BusinessUnit")
    g.add_node("P", label="Pat Doe", kind="Person")
    for s, o in ["AB", "BC", "AC", "CD", "DE", "DF", "EF"]:
        status = "ended" if (s, o) == ("E", "F") else "agreed"
        g.add_edge(
            s,
            o,
            key="partnersWith",
            relation="partnersWith",
            status=status,
            evidence=[{"sentence": f"{s} and {o} agreed.", "doc": f"d-{s}{o}", "confidence": 0.9}],
            evidence_count=1,
        )
    g.add_edge("G", "A", key="investsIn", relation="investsIn", evidence=[], evidence_count=0)
    g.add_edge("H", "A", key="unitOf", relation="unitOf", evidence=[], evidence_count=0)
    g.add_edge("P", "F", key="leads", relation="leads", role="CEO", evidence=[])
    return g


def test_alliance_graph_keeps_companies_and_partnerships() -> None:
    alliances = alliance_graph(blocs())
    assert set(alliances) == set("ABCDEFG")
    assert {frozenset(e) for e in alliances.edges} == {
        frozenset(p) for p in ["AB", "BC", "AC", "CD", "DE", "DF", "EF"]
    }
    current = alliance_graph(blocs(), statuses={"agreed", "proposed"})
    assert not current.has_edge("E", "F")


def test_centrality_scores() -> None:
    alliances = alliance_graph(blocs())
    degree = centrality_scores(alliances, "degree")
    assert degree == {n: d / 6 for n, d in alliances.degree}
    betweenness = centrality_scores(alliances, "betweenness")
    assert {n for n, v in betweenness.items() if v == max(betweenness.values())} == {"C", "D"}
    assert betweenness["A"] == 0.0
    assert centrality(blocs())[:2] == [("C-Motors", 0.5), ("D-Motors", 0.5)]
    with pytest.raises(Exception, match='unknown measure "pagerank"'):
        centrality_scores(alliances, "pagerank")


def test_communities_are_the_two_blocs() -> None:
    assert communities(blocs()) == [{"A", "B", "C"}, {"D", "E", "F"}]
    assert communities(nx.MultiDiGraph()) == []


def test_shortest_chain_has_each_hop_with_its_evidence() -> None:
    chain = shortest_chain(blocs(), "a-motors", "F")
    assert chain == [
        Hop("A", "partnersWith", "C"),
        Hop("C", "partnersWith", "D"),
        Hop("D", "partnersWith", "F"),
    ]
    assert [e["doc"] for hop in chain for e in hop.evidence] == ["d-AC", "d-CD", "d-DF"]


def test_shortest_chain_walks_investments_and_units_both_ways() -> None:
    assert shortest_chain(blocs(), "H", "G") == [
        Hop("H", "unitOf", "A", True),
        Hop("A", "investsIn", "G", False),
    ]


def test_shortest_chain_prefers_the_better_evidenced_relation() -> None:
    g = blocs()
    g.add_edge(
        "C", "D", key="investsIn", relation="investsIn", evidence=[{"doc": "x"}, {"doc": "y"}]
    )
    assert shortest_chain(g, "C", "D") == [Hop("C", "investsIn", "D")]


def test_shortest_chain_errors() -> None:
    with pytest.raises(NotFoundError, match="no chain of investsIn, partnersWith, unitOf"):
        shortest_chain(blocs(), "A", "Pat Doe")
    with pytest.raises(
        NotFoundError, match='no entity named "Zeta" in the graph; check the spelling'
    ):
        shortest_chain(blocs(), "A", "Zeta")


def test_shared_partners() -> None:
    assert shared_partners(blocs()) == {
        ("A", "D"): {"C"},
        ("B", "D"): {"C"},
        ("C", "E"): {"D"},
        ("C", "F"): {"D"},
    }
    assert shared_partners(blocs(), "E-Motors") == {("C", "E"): {"D"}}


def test_find_node() -> None:
    g = blocs()
    assert find_node(g, "b-motors") == "B"
    assert find_node(g, "B") == "B"
    with pytest.raises(NotFoundError, match=r"did you mean A-Motors, A-Motors EV unit\?"):
        find_node(g, "A-Mot")
    g.add_node("B2", label="B-Motors", kind="BusinessUnit")
    with pytest.raises(NotFoundError, match="names several entities"):
        find_node(g, "B-Motors")


def test_neighbourhood_and_most_connected() -> None:
    g = blocs()
    assert set(neighbourhood(g, "A-Motors", 1)) == {"A", "B", "C", "G", "H"}
    assert set(neighbourhood(g, "A-Motors", 2)) == {"A", "B", "C", "D", "G", "H"}
    assert set(neighbourhood(g, "Pat Doe", 0)) == {"P"}
    near = neighbourhood(g, "P", 1)
    assert dict(near.edges[("P", "F", "leads")]) == dict(g.edges[("P", "F", "leads")])
    assert most_connected(g, 3) == ["A", "C", "D"]


def test_analysis_rows_as_text() -> None:
    text = format_rows(analysis_rows(blocs(), "shared", ["F-Motors"]))
    assert text == (
        "company    other     shared    via\n"
        "---------  --------  --------  --------\n"
        "F-Motors   C-Motors  1         D-Motors\n"
    )


# --- the command ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["centrality"],
            "company    degree    partners\n"
            "---------  --------  ----------\n"
            "Honda      0.5       1\n"
            "Nissan     0.5       1\n"
            "Renault    0.0       0\n",
        ),
        (
            ["centrality", "--top", "1", "--format", "csv"],
            "company,degree,partners\r\nHonda,0.5,1\r\n",
        ),
        (
            ["communities"],
            "bloc    size    companies\n------  ------  -------------\n1       2       Honda, Nissan\n",
        ),
        (
            ["path", "Honda", "Renault", "--format", "csv"],
            "hop,from,relation,to,articles,evidence\r\n"
            '1,Honda,partnersWith,Nissan,"000_cf875de2c11c43bd, 003_346c5a7c4d78caa0",'
            '"In a groundbreaking move, Honda and Nissan have announced a strategic collaboration'
            " aimed at advancing the development of automotive software platforms and essential"
            ' components for efficient electric vehicle (EV) manufacturing."\r\n'
            "2,Nissan,investsIn,Renault electric vehicle unit,000_cf875de2c11c43bd,"
            '"Last year, Nissan demonstrated its commitment by investing over $600 million in'
            " Renault's electric vehicle unit, underscoring its dedication to advancing electric"
            ' mobility despite challenges within its alliance."\r\n'
            "3,Renault electric vehicle unit,unitOf,Renault,,\r\n",
        ),
        (
            ["shared", "Nissan"],
            "company    other    shared    via\n---------  -------  --------  -----\n",
        ),
    ],
    ids=["centrality", "top-csv", "communities", "path", "shared"],
)
def test_akg_analyze(
    seed_store: str, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert main(["analyze", *args, "--store", seed_store]) == 0
    assert capsys.readouterr() == (expected, "")


@pytest.mark.parametrize(
    ("args", "code", "error"),
    [
        (
            ["path", "Honda"],
            2,
            "akg analyze: error: path takes two names: akg analyze path Honda Renault\n",
        ),
        (["centrality", "Honda"], 2, "akg analyze: error: centrality takes at most 0 names\n"),
        (
            ["path", "Honda", "Toyota"],
            1,
            'Error: no entity named "Toyota" in the graph; check the spelling\n',
        ),
        (
            ["path", "Honda", "Makoto Uchida"],
            1,
            "Error: no chain of investsIn, partnersWith, unitOf joins Honda and Makoto Uchida\n",
        ),
        (
            ["centrality", "--measure", "pagerank"],
            1,
            'Error: unknown measure "pagerank"; use one of: degree, betweenness, closeness, eigenvector\n',
        ),
    ],
    ids=["one-name", "extra-name", "unknown", "no-chain", "measure"],
)
def test_akg_analyze_errors(
    seed_store: str, capsys: pytest.CaptureFixture[str], args: list[str], code: int, error: str
) -> None:
    assert main(["analyze", *args, "--store", seed_store]) == code
    assert capsys.readouterr() == ("", error)
