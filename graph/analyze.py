"""Network analytics on the networkx projection: plain functions, networkx graphs in.

Every function takes the ``MultiDiGraph`` of :func:`graph.network.to_networkx`
(or any graph with the same node and edge attributes) and returns plain data:
node ids are IRIs, and unordered results are sets.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n in "abc":
...     g.add_node(n, label=n.upper(), kind="Company")
>>> g.add_edge("a", "b", key="partnersWith", relation="partnersWith", evidence=[])
'partnersWith'
>>> g.add_edge("b", "c", key="partnersWith", relation="partnersWith", evidence=[])
'partnersWith'
>>> [(h.source, h.target) for h in shortest_chain(g, "A", "C")]
[('a', 'b'), ('b', 'c')]
>>> shared_partners(g)
{('a', 'c'): {'b'}}
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Literal

from .errors import AkgError
from .relations import SYMMETRIC
from .store import Rows

#: Relations a chain between two companies may follow, by default.
CHAIN_RELATIONS = ("partnersWith", "investsIn", "unitOf")
#: The centrality measures :func:`centrality_scores` knows.
MEASURES = ("degree", "betweenness", "closeness", "eigenvector")
#: Above this many nodes betweenness is estimated from this many sampled sources.
BETWEENNESS_SAMPLE = 300


class NotFoundError(AkgError):
    """A name that is no node of the graph."""


def find_node(g: nx.MultiDiGraph, name: str) -> str:
    """The node whose IRI is ``name``, or whose label is ``name`` (case-insensitive).

    Raises:
        NotFoundError: no node, or several nodes of different kinds, carry the name.
    """
    if name in g:
        return name
    wanted = name.strip().casefold()
    found = sorted(n for n, d in g.nodes(data=True) if str(d.get("label", "")).casefold() == wanted)
    if len(found) == 1:
        return str(found[0])
    if not found:
        close = sorted(
            str(d.get("label"))
            for _, d in g.nodes(data=True)
            if wanted and wanted in str(d.get("label", "")).casefold()
        )[:5]
        hint = f"; did you mean {', '.join(close)}?" if close else "; check the spelling"
        raise NotFoundError(f'no entity named "{name}" in the graph{hint}')
    kinds = ", ".join(f"{g.nodes[n].get('kind')} {n}" for n in found)
    raise NotFoundError(f'"{name}" names several entities ({kinds}); give the IRI instead')


def alliance_graph(g: nx.MultiDiGraph, *, statuses: Collection[str] | None = None) -> nx.Graph:
    """The undirected company-to-company partnership network.

    Edges carry ``weight`` (the pieces of evidence) and ``status``; ``statuses``
    keeps only partnerships with one of those statuses (default: all).
    """
    out = nx.Graph()
    for node, data in sorted(g.nodes(data=True), key=lambda item: str(item[0])):
        if data.get("kind") == "Company":
            out.add_node(node, **data)
    for s, o, data in g.edges(data=True):
        if data.get("relation") != "partnersWith" or s not in out or o not in out:
            continue
        if statuses is not None and data.get("status") not in statuses:
            continue
        out.add_edge(s, o, weight=data.get("evidence_count", 1), status=data.get("status"))
    return out


def centrality_scores(
    graph: nx.Graph | nx.MultiDiGraph, measure: str = "degree"
) -> dict[Any, float]:
    """Node -> centrality in ``graph`` taken as undirected and simple.

    ``measure`` is one of :data:`MEASURES`. Betweenness on graphs above
    :data:`BETWEENNESS_SAMPLE` nodes is estimated from that many seeded samples.
    """
    if measure not in MEASURES:
        raise AkgError(f'unknown measure "{measure}"; use one of: {", ".join(MEASURES)}')
    simple = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_directed() else nx.Graph(graph)
    if len(simple) < 2:
        return {n: 0.0 for n in simple}
    if measure == "degree":
        return dict(nx.degree_centrality(simple))
    if measure == "betweenness":
        k = BETWEENNESS_SAMPLE if len(simple) > BETWEENNESS_SAMPLE else None
        return dict(nx.betweenness_centrality(simple, k=k, seed=0))
    if measure == "closeness":
        return dict(nx.closeness_centrality(simple))
    try:
        return dict(nx.eigenvector_centrality(simple, max_iter=1000, tol=1e-9))
    except nx.PowerIterationFailedConvergence as exc:  # pragma: no cover - rare
        raise AkgError(
            f"eigenvector centrality did not converge ({exc}); try another measure"
        ) from exc


def centrality(g: nx.MultiDiGraph, measure: str = "degree") -> list[tuple[str, float]]:
    """Companies by centrality in the partnership network: (label, score), highest first."""
    alliances = alliance_graph(g)
    scores = centrality_scores(alliances, measure)
    labelled = [(str(alliances.nodes[n]["label"]), round(v, 4)) for n, v in scores.items()]
    return sorted(labelled, key=lambda item: (-item[1], item[0]))


def communities(g: nx.MultiDiGraph, *, seed: int = 0) -> list[set[str]]:
    """Alliance blocs: Louvain communities of the partnership network (weighted by
    evidence, seeded), largest first; companies with no partner are left out."""
    alliances = alliance_graph(g)
    alliances.remove_nodes_from([n for n in list(alliances) if alliances.degree(n) == 0])
    if alliances.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(alliances, weight="weight", seed=seed)
    return sorted(
        ({str(n) for n in bloc} for bloc in found), key=lambda bloc: (-len(bloc), min(bloc))
    )


@dataclass(frozen=True)
class Hop:
    """One step of a chain, from ``source`` to ``target`` along ``relation``.

    ``forward`` is False when the graph states the relation the other way
    (``target`` invests in ``source``, say); partnerships are symmetric and
    always forward.
    """

    source: str
    relation: str
    target: str
    forward: bool = True
    evidence: list[dict[str, Any]] = field(default_factory=list, compare=False)


def shortest_chain(
    g: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    relations: Iterable[str] = CHAIN_RELATIONS,
) -> list[Hop]:
    """The shortest chain of ``relations`` between two entities (names or IRIs),
    each hop with its evidence; between two entities joined by several relations
    the hop takes the best evidenced one, then the first by name.

    Raises:
        NotFoundError: a name is not in the graph, or no chain joins them.
    """
    start, end = find_node(g, source), find_node(g, target)
    allowed = set(relations)
    walk = nx.Graph()
    walk.add_nodes_from(sorted(g.nodes, key=str))
    for s, o, key, data in sorted(g.edges(keys=True, data=True), key=_edge_order):
        relation = str(data.get("relation") or key)
        if relation not in allowed or s == o:
            continue
        evidence = list(data.get("evidence") or [])
        best = walk.edges[s, o]["stated"] if walk.has_edge(s, o) else None
        if best is None or len(evidence) > len(best[3]):
            walk.add_edge(s, o, stated=(str(s), relation, str(o), evidence))
    try:
        path = nx.shortest_path(walk, start, end)
    except nx.NetworkXNoPath:
        raise NotFoundError(
            f"no chain of {', '.join(sorted(allowed))} joins {_name(g, start)} and {_name(g, end)}"
        ) from None
    hops = []
    for a, b in itertools.pairwise(path):
        s, relation, _, evidence = walk.edges[a, b]["stated"]
        forward = s == str(a) or relation in SYMMETRIC
        hops.append(Hop(str(a), relation, str(b), forward, evidence))
    return hops


def shared_partners(
    g: nx.MultiDiGraph, company: str | None = None
) -> dict[tuple[str, str], set[str]]:
    """Companies that are not partners but share partners: (a, b) -> the shared partners.

    Pairs are ordered by IRI. With ``company`` (a name or IRI), only the pairs
    that include it.
    """
    alliances = alliance_graph(g)
    focus = find_node(g, company) if company is not None else None
    out: dict[tuple[str, str], set[str]] = {}
    for middle in alliances:
        partners = sorted(map(str, alliances[middle]))
        for i, a in enumerate(partners):
            for b in partners[i + 1 :]:
                if alliances.has_edge(a, b) or (focus is not None and focus not in (a, b)):
                    continue
                out.setdefault((a, b), set()).add(str(middle))
    return out


def neighbourhood(g: nx.MultiDiGraph, name: str, depth: int = 1) -> nx.MultiDiGraph:
    """The entities within ``depth`` relations of one (a name or IRI), with every
    relation among them and all their attributes."""
    if depth < 0:
        raise AkgError(f"depth {depth}: give 0 or more")
    centre = find_node(g, name)
    near = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), centre, depth)
    return g.subgraph(near).copy()


def most_connected(g: nx.MultiDiGraph, limit: int) -> list[str]:
    """The ``limit`` nodes with most relations (ties by IRI), most connected first."""
    degree = nx.Graph(g.to_undirected(as_view=True)).degree
    ranked = sorted(g.nodes, key=lambda n: (-degree[n], str(n)))
    return [str(n) for n in ranked[: max(0, limit)]]


def _name(g: nx.MultiDiGraph, node: str) -> str:
    return str(g.nodes[node].get("label") or node)


def _edge_order(edge: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(str(part) for part in edge[:3])


#: What ``akg analyze`` computes, and how many names each takes (min, max).
ANALYSES = {"centrality": (0, 0), "communities": (0, 0), "path": (2, 2), "shared": (0, 1)}


def analysis_rows(
    g: nx.MultiDiGraph,
    analysis: str,
    names: Sequence[str] = (),
    *,
    measure: str = "degree",
    top: int = 0,
) -> Rows:
    """One analysis of :data:`ANALYSES` as rows, as ``akg analyze`` prints them."""
    if analysis not in ANALYSES:
        raise AkgError(f'unknown analysis "{analysis}"; use one of: {", ".join(ANALYSES)}')
    low, high = ANALYSES[analysis]
    if not low <= len(names) <= high:
        wanted = f"{low}" if low == high else f"{low} to {high}"
        raise AkgError(f"{analysis} takes {wanted} names, not {len(names)}")

    def label(node: str) -> str:
        return _name(g, node)

    table: list[list[object]]
    if analysis == "centrality":
        alliances = alliance_graph(g)
        scores = centrality_scores(alliances, measure)
        variables = ["company", measure, "partners"]
        table = [[label(n), round(v, 4), alliances.degree(n)] for n, v in scores.items()]
        table.sort(key=lambda r: (-float(r[1]), str(r[0])))  # type: ignore[arg-type]
    elif analysis == "communities":
        variables = ["bloc", "size", "companies"]
        blocs = communities(g)
        table = [
            [i, len(b), ", ".join(sorted(label(n) for n in b))] for i, b in enumerate(blocs, 1)
        ]
    elif analysis == "path":
        variables = ["hop", "from", "relation", "to", "articles", "evidence"]
        table = []
        for i, hop in enumerate(shortest_chain(g, names[0], names[1]), 1):
            best = sorted(
                hop.evidence, key=lambda e: (-(e.get("confidence") or 0), e.get("doc") or "")
            )
            docs = ", ".join(sorted({str(e["doc"]) for e in hop.evidence if e.get("doc")}))
            relation = hop.relation if hop.forward else f"{hop.relation} (inverse)"
            sentence = str(best[0].get("sentence") or "") if best else ""
            table.append([i, label(hop.source), relation, label(hop.target), docs, sentence])
    else:
        variables = ["company", "other", "shared", "via"]
        pairs = shared_partners(g, names[0] if names else None)
        table = [
            [label(a), label(b), len(via), ", ".join(sorted(label(n) for n in via))]
            for (a, b), via in pairs.items()
        ]
        for row in table:
            if names and row[1] == label(find_node(g, names[0])):
                row[0], row[1] = row[1], row[0]
        table.sort(key=lambda r: (-int(r[2]), str(r[0]), str(r[1])))  # type: ignore[call-overload]
    if top > 0:
        table = table[:top]
    return Rows(variables, [tuple(_literal(v) for v in row) for row in table])


def _literal(value: object) -> Literal | None:
    if value is None or value == "":
        return None
    return Literal(value)
