"""The graph as files: RDF serialisations, and GraphML for Gephi."""

from __future__ import annotations

import io

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .errors import FormatError
from .store import Store, open_store, to_ox, union_graph
from .vocab import PREFIXES

#: format name -> rdflib serializer name (graphml is written by networkx)
FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "graphml": "graphml",
}


def export(store: Store | str | None, fmt: str) -> str:
    """The whole graph of ``store`` serialised as ``fmt`` (see :data:`FORMATS`).

    ``ttl``, ``nt`` and ``jsonld`` hold the union of all articles; ``trig`` and
    ``nq`` keep one named graph per article.
    """
    if fmt not in FORMATS:
        raise FormatError(f'unknown format "{fmt}"; use one of: {", ".join(FORMATS)}')
    target = (
        store
        if store is not None and not isinstance(store, str)
        else open_store(store, read_only=True)
    )
    try:
        if fmt == "graphml":
            return _graphml(target)
        data = target.dataset()
    finally:
        if target is not store:
            target.close()
    if fmt in ("trig", "nq"):
        return _quads(data, fmt)
    return union_graph(data).serialize(format=FORMATS[fmt])


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
    import networkx as nx

    from .network import to_networkx

    graph = to_networkx(store)
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: v for k, v in data.items() if v is not None})
    for s, o, key, data in graph.edges(keys=True, data=True):
        attrs = {
            k: v
            for k, v in data.items()
            if isinstance(v, str | int | float) and not isinstance(v, bool)
        }
        attrs["statuses"] = ", ".join(data.get("statuses", []))
        attrs["sentences"] = " | ".join(e["sentence"] for e in data.get("evidence", []))
        flat.add_edge(s, o, key=key, **attrs)
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer)
    return buffer.getvalue().decode("utf-8")
