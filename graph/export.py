"""The graph as files: RDF serialisations; GraphML, GEXF and CSV of the networkx projection."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .backend import to_ox
from .errors import FormatError
from .formats import GRAPH, NETWORK
from .store import Store, union_graph, using
from .vocab import PREFIXES

if TYPE_CHECKING:
    import networkx as nx

#: format name -> rdflib serializer name (graphml is written by networkx)
FORMATS = dict(zip(GRAPH, ("turtle", "nt", "nquads", "trig", "json-ld", "graphml"), strict=True))
#: Formats of the networkx projection written as files: GEXF (Gephi) and CSV tables.
NETWORK_FORMATS = NETWORK


def export(store: Store | str | None, fmt: str) -> str:
    """The whole graph of ``store`` serialised as ``fmt`` (see :data:`FORMATS`).

    ``ttl``, ``nt`` and ``jsonld`` hold the union of all articles; ``trig`` and
    ``nq`` keep one named graph per article.
    """
    if fmt not in FORMATS:
        raise FormatError(unknown_format(fmt))
    with using(store, read_only=True) as target:
        if fmt == "graphml":
            return _graphml(target)
        data = target.dataset()
    if fmt in ("trig", "nq"):
        return _quads(data, fmt)
    return union_graph(data).serialize(format=FORMATS[fmt])


def unknown_format(fmt: str) -> str:
    """The error text for a format ``akg export`` does not write."""
    return f'unknown format "{fmt}"; use one of: {", ".join([*FORMATS, *NETWORK_FORMATS])}'


def export_network(store: Store | str | None, fmt: str, output: str | Path) -> list[Path]:
    """Write the networkx projection of ``store`` as GEXF (a file) or CSV (a folder)."""
    from .network import to_networkx

    if fmt not in NETWORK_FORMATS:
        raise FormatError(unknown_format(fmt))
    with using(store, read_only=True) as target:
        network = to_networkx(target)
    if fmt == "gexf":
        return [write_gexf(network, output)]
    return list(write_csv(network, output))


def _quads(data: Dataset, fmt: str) -> str:
    """TriG or N-Quads through Oxigraph's serializer: one named graph per article."""
    import pyoxigraph as ox

    quads = []
    for s, p, o, g in data.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        if name is None or name == DATASET_DEFAULT_GRAPH_ID:
            continue  # the default graph is the union of the named graphs
        quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(name)))  # type: ignore[arg-type]
    quads.sort(key=str)
    rdf_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
    prefixes = PREFIXES if fmt == "trig" else None
    return ox.serialize(quads, format=rdf_format, prefixes=prefixes).decode("utf-8")  # type: ignore[union-attr]


def _graphml(store: Store) -> str:
    from .network import to_networkx

    return graphml_text(to_networkx(store))


# --------------------------------------------------------------- networkx graphs as files
#: Graph attribute naming the element attributes written as JSON text.
JSON_ATTRIBUTES = "json_attributes"
#: Element attribute listing (as JSON) the attributes whose value was None.
NULL_ATTRIBUTES = "null_attributes"


def flatten(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` whose attributes GraphML can hold, undone by :func:`unflatten`.

    Lists and dicts (``statuses``, ``evidence``) become JSON text, and the names
    of the attributes that are None are listed in ``null_attributes``.
    """
    import networkx as nx

    encoded: set[str] = set()

    def flat(attrs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        nulls = sorted(k for k, v in attrs.items() if v is None)
        for name, value in attrs.items():
            if isinstance(value, list | tuple | dict | set):
                encoded.add(name)
                value = sorted(value) if isinstance(value, set) else value
                out[name] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            elif value is not None:
                out[name] = value
        if nulls:
            out[NULL_ATTRIBUTES] = json.dumps(nulls)
        return out

    out = nx.MultiDiGraph()
    out.add_nodes_from((n, flat(d)) for n, d in g.nodes(data=True))
    out.add_edges_from((s, o, k, flat(d)) for s, o, k, d in g.edges(keys=True, data=True))
    out.graph[JSON_ATTRIBUTES] = " ".join(sorted(encoded))
    return out


def unflatten(flat: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph :func:`flatten` was given."""
    import networkx as nx

    encoded = set(str(flat.graph.get(JSON_ATTRIBUTES, "")).split())

    def restore(attrs: dict[str, Any]) -> dict[str, Any]:
        out = {k: json.loads(v) if k in encoded else v for k, v in attrs.items()}
        for name in json.loads(out.pop(NULL_ATTRIBUTES, "[]")):
            out[name] = None
        return out

    g = nx.MultiDiGraph()
    g.add_nodes_from((n, restore(d)) for n, d in flat.nodes(data=True))
    g.add_edges_from((s, o, k, restore(d)) for s, o, k, d in flat.edges(keys=True, data=True))
    return g


def graphml_text(g: nx.MultiDiGraph) -> str:
    """``g`` as GraphML (for Gephi, yEd, Cytoscape); :func:`read_graphml` reads it back whole."""
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(flatten(g), buffer)
    return buffer.getvalue().decode("utf-8")


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``g`` as GraphML; every attribute survives (evidence as JSON text)."""
    out = Path(path)
    out.write_text(graphml_text(g), encoding="utf-8")
    return out


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """A graph written by :func:`write_graphml` (or ``akg export -f graphml``), as it was."""
    import networkx as nx

    flat = nx.read_graphml(Path(path), force_multigraph=True)
    return unflatten(flat)


def write_gexf(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``g`` as GEXF for Gephi, evidence as JSON text."""
    import networkx as nx

    out = Path(path)
    flat = flatten(g)
    flat.graph.clear()
    nx.write_gexf(flat, out)
    return out


#: Columns of the edge table :func:`write_csv` writes, after source and target.
EDGE_COLUMNS = (
    "relation",
    "status",
    "statuses",
    "kind",
    "role",
    "tenure",
    "stake",
    "amount",
    "currency",
    "amount_text",
    "evidence_count",
    "articles",
    "statement",
)


def write_csv(g: nx.MultiDiGraph, folder: str | Path) -> tuple[Path, Path]:
    """``nodes.csv`` (id, label, kind, wikidata) and ``edges.csv`` (one row per relation,
    with both labels, the qualifiers and the ids of the articles) in ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    nodes, edges = out / "nodes.csv", out / "edges.csv"
    with nodes.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "label", "kind", "wikidata"])
        for node, data in sorted(g.nodes(data=True), key=lambda item: str(item[0])):
            writer.writerow([node, *(_cell(data.get(k)) for k in ("label", "kind", "wikidata"))])
    with edges.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "source_label", "target", "target_label", *EDGE_COLUMNS])
        for s, o, key, data in sorted(
            g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
        ):
            row = dict(data, relation=data.get("relation") or key)
            row["articles"] = sorted({e.get("doc") for e in data.get("evidence") or []} - {None})
            labels = [g.nodes[s].get("label"), g.nodes[o].get("label")]
            writer.writerow(
                [s, labels[0], o, labels[1], *(_cell(row.get(c)) for c in EDGE_COLUMNS)]
            )
    return nodes, edges


def _cell(value: Any) -> str:
    """A CSV cell: lists joined with "; ", None empty, floats without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
