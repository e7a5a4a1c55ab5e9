"""networkx -> one self-contained, offline HTML page drawn with pyvis.

The only module that imports pyvis. pyvis builds the vis-network node and edge
data; the page around it is this module's own template, because every
``cdn_resources`` mode of pyvis 0.3.2 loads something from the network (all
three link Bootstrap from a CDN, ``local`` and ``remote`` also vis-network)
and ``local`` writes a ``lib/`` folder next to the current directory. Here
vis-network's JS and CSS, as shipped inside the pyvis package, are inlined, so
the file opens with no network, and a Content-Security-Policy that allows only
those inline scripts (by hash) keeps it that way.

Article text is untrusted. Tooltips are HTML built here with every article
string passed through :func:`html.escape`, and turned into elements in the
browser; node labels are drawn as plain text on the canvas (no HTML parsing),
so they are passed unchanged and "AT&T" stays "AT&T".
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AkgError
from .relations import REGISTRY, SYMMETRIC

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

__all__ = ["DEFAULT_MAX_NODES", "InlinePage", "page_html", "render_html", "show"]

#: Evidence sentences shown per edge tooltip; the rest are counted.
MAX_EVIDENCE = 5


@dataclass(frozen=True)
class NodeStyle:
    """How one entity kind is drawn."""

    shape: str
    color: str
    glyph: str


@dataclass(frozen=True)
class EdgeStyle:
    """How one relation is drawn."""

    label: str
    color: str


NODE_STYLES: Mapping[str, NodeStyle] = {
    "Company": NodeStyle("dot", "#2b6cb0", "\u25cf"),
    "BusinessUnit": NodeStyle("diamond", "#d69e2e", "\u25c6"),
    "Person": NodeStyle("triangle", "#38a169", "\u25b2"),
}
EDGE_STYLES: Mapping[str, EdgeStyle] = {
    name: EdgeStyle(spec.label, spec.color) for name, spec in REGISTRY.items()
}
_OTHER_NODE = NodeStyle("dot", "#a0aec0", "\u25cf")
_OTHER_EDGE_COLOR = "#718096"
_ENDED_OPACITY = 0.35
_FADED_TEXT = "#a0aec0"

_TEMPLATES = "templates"


#: Pages of more entities than this show the most connected ones and say what was left
#: out (see benchmarks/viz.py for where the page stops being usable).
DEFAULT_MAX_NODES = 1500
#: From this many drawn entities on, the page trades looks for speed: straight edges,
#: labels on hover only, a quicker layout.
LARGE_GRAPH = 300
#: How node size is chosen: a centrality measure of graph.analyze, or "none".
SIZE_BY = ("degree", "betweenness", "closeness", "eigenvector", "none")


def render_html(
    g: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str = "Automotive alliance graph",
    seed: int = 7,
    max_nodes: int = DEFAULT_MAX_NODES,
    size_by: str = "degree",
) -> Path:
    """Write ``g`` as one self-contained interactive HTML page.

    Args:
        g: entities keyed by IRI (``label``, ``kind``, ``wikidata``), edges
            keyed by relation with qualifiers and an ``evidence`` list.
        path: the ``.html`` file to write; missing parent folders are created.
        title: page heading.
        seed: vis-network ``layout.randomSeed``; the same graph and seed give
            the same file and the same layout.
        max_nodes: draw at most this many entities, the most connected, and
            say on the page what was left out; 0 draws everything.
        size_by: node size by ``degree`` (default), ``betweenness``,
            ``closeness``, ``eigenvector`` or ``none``.

    Returns:
        The path written.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = page_html(g, title=title, seed=seed, max_nodes=max_nodes, size_by=size_by)
    out.write_text(text, encoding="utf-8")
    return out


def page_html(
    g: nx.MultiDiGraph,
    *,
    title: str = "Automotive alliance graph",
    seed: int = 7,
    max_nodes: int = DEFAULT_MAX_NODES,
    size_by: str = "degree",
) -> str:
    """The page :func:`render_html` writes, as text."""
    drawn, note = cut(g, max_nodes)
    return _page(
        _network(drawn, title=title, seed=seed, size_by=size_by), note=note, size_by=size_by
    )


@dataclass(frozen=True)
class InlinePage:
    """The page shown inline in Jupyter: a sandboxed frame (scripts, no same origin)."""

    page: str
    height: int = 620

    def _repr_html_(self) -> str:
        return (
            f'<iframe sandbox="allow-scripts" srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width: 100%; height: {int(self.height)}px; border: 0"></iframe>'
        )


def show(
    g: nx.MultiDiGraph,
    *,
    height: int = 620,
    title: str = "Automotive alliance graph",
    seed: int = 7,
    max_nodes: int = DEFAULT_MAX_NODES,
    size_by: str = "degree",
) -> InlinePage:
    """The interactive page for a notebook cell: ``graph.show(g)`` as its last line."""
    text = page_html(g, title=title, seed=seed, max_nodes=max_nodes, size_by=size_by)
    return InlinePage(text, height)


def cut(g: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, str]:
    """``g`` itself, or its ``max_nodes`` most connected entities and a note of the rest.

    >>> import networkx as nx
    >>> star = nx.MultiDiGraph([("hub", n) for n in "abcd"])
    >>> small, note = cut(star, 3)
    >>> sorted(small), note
    (['a', 'b', 'hub'], 'Showing the 3 most connected of 5 entities; 2 entities and 2 relations are left out. Draw one company with its neighbours (akg viz --focus NAME --depth 2), or everything (--max-nodes 0).')
    """
    from .analyze import most_connected

    if max_nodes < 0:
        raise AkgError(f"max_nodes {max_nodes}: give 0 (no limit) or more")
    if max_nodes == 0 or g.number_of_nodes() <= max_nodes:
        return g, ""
    kept = g.subgraph(most_connected(g, max_nodes))
    left_nodes = g.number_of_nodes() - kept.number_of_nodes()
    left_edges = g.number_of_edges() - kept.number_of_edges()
    note = (
        f"Showing the {max_nodes:,} most connected of {g.number_of_nodes():,} entities; "
        f"{left_nodes:,} entities and {left_edges:,} relations are left out. "
        "Draw one company with its neighbours (akg viz --focus NAME --depth 2), "
        "or everything (--max-nodes 0)."
    )
    return kept, note


def _network(
    g: nx.MultiDiGraph,
    *,
    title: str = "Automotive alliance graph",
    seed: int = 7,
    size_by: str = "degree",
) -> Network:
    """The pyvis network for ``g``: nodes sorted by IRI, edges by (source, target, key)."""
    from pyvis.network import Network

    from .analyze import centrality_scores

    if size_by not in SIZE_BY:
        raise AkgError(f'unknown size "{size_by}"; use one of: {", ".join(SIZE_BY)}')
    large = g.number_of_nodes() >= LARGE_GRAPH
    sizes = _sizes(centrality_scores(g, size_by)) if size_by != "none" else {}
    net = Network(directed=True, heading=title, cdn_resources="in_line")
    net.options = _options(seed, large=large)
    for node, attrs in sorted(g.nodes(data=True), key=lambda item: str(item[0])):
        options = _node_options(str(node), attrs)
        if node in sizes:
            options["size"] = sizes[node]
        net.add_node(str(node), **options)
    for u, v, key, attrs in sorted(g.edges(keys=True, data=True), key=_edge_order):
        options = _edge_options(g, u, v, key, attrs)
        if large:
            options.pop("label")
        net.add_edge(str(u), str(v), **options)
    return net


def _sizes(
    scores: Mapping[Any, float], smallest: float = 12, largest: float = 40
) -> dict[Any, float]:
    """Node sizes from ``smallest`` to ``largest`` by the square root of each score.

    >>> _sizes({"a": 0.0, "b": 0.25, "c": 1.0})
    {'a': 12.0, 'b': 26.0, 'c': 40.0}
    """
    top = max(scores.values(), default=0.0)
    if top <= 0:
        return {n: smallest for n in scores}
    return {
        n: round(smallest + (largest - smallest) * math.sqrt(max(v, 0.0) / top), 2)
        for n, v in scores.items()
    }


def _edge_order(edge: tuple[Any, Any, Any, Any]) -> tuple[str, str, str]:
    return str(edge[0]), str(edge[1]), str(edge[2])


def _options(seed: int, *, large: bool = False) -> dict[str, Any]:
    """vis-network options: a seeded layout and physics that stabilises once, then stops.

    Large graphs get a layout without vis-network's slow initial clustering,
    fewer stabilisation rounds, straight edges and edges hidden while dragging.
    """
    return {
        "layout": {"randomSeed": seed, "improvedLayout": not large},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000 if not large else -3000,
                "springLength": 170 if not large else 120,
                "theta": 0.5 if not large else 0.8,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 600 if not large else 150,
                "updateInterval": 50,
                "fit": True,
            },
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
        "nodes": {"font": {"size": 15, "color": "#1a202c", "strokeWidth": 3}},
        "edges": {
            "width": 2 if not large else 1,
            "smooth": {"enabled": not large, "type": "dynamic"},
            "font": {"size": 12, "align": "middle", "strokeWidth": 3},
        },
    }


def _node_options(node: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """pyvis ``add_node`` keyword arguments for one entity."""
    kind = str(attrs.get("kind") or "")
    style = NODE_STYLES.get(kind, _OTHER_NODE)
    return {
        "label": str(attrs.get("label") or node),
        "shape": style.shape,
        "color": style.color,
        "size": 18 if style.shape == "dot" else 16,
        "title": _node_tooltip(node, attrs),
        "kind": kind,
    }


def _node_tooltip(node: str, attrs: Mapping[str, Any]) -> str:
    lines = [f"<b>{_esc(attrs.get('label') or node)}</b>", _esc(attrs.get("kind") or "entity")]
    if attrs.get("wikidata"):
        lines.append(f"Wikidata: {_esc(attrs['wikidata'])}")
    lines.append(f"<small>{_esc(attrs.get('iri') or node)}</small>")
    return "<br>".join(lines)


def _edge_options(
    g: nx.MultiDiGraph, u: Any, v: Any, key: Any, attrs: Mapping[str, Any]
) -> dict[str, Any]:
    """pyvis ``add_edge`` keyword arguments for one relation between two entities."""
    relation = str(attrs.get("relation") or key)
    label = _relation_label(relation)
    color = EDGE_STYLES[relation].color if relation in EDGE_STYLES else _OTHER_EDGE_COLOR
    ended = attrs.get("status") == "ended"
    opacity = _ENDED_OPACITY if ended else 1.0
    evidence = attrs.get("evidence") or []
    # when each report says it was so (else when it was published), and what it said
    history = sorted(
        (str(e.get("when") or e.get("date"))[:10], str(e.get("said") or ""))
        for e in evidence
        if e.get("when") or e.get("date")
    )
    dates = [day for day, _ in history]
    return {
        "id": f"{u} {key} {v}",
        "label": label,
        "title": _edge_tooltip(_label(g, u), label, _label(g, v), attrs),
        "color": {"color": color, "highlight": color, "hover": color, "opacity": opacity},
        "font": {"color": _FADED_TEXT if ended else color},
        "dashes": attrs.get("status") == "proposed",
        "arrows": {"to": {"enabled": relation not in SYMMETRIC}},
        "relation": relation,
        "status": str(attrs.get("status") or ""),
        "first": min(dates, default=""),
        "last": max(dates, default=""),
        "history": [list(item) for item in history],
    }


def _label(g: nx.MultiDiGraph, node: Any) -> str:
    return str(g.nodes[node].get("label") or node)


def _relation_label(relation: str) -> str:
    """The words drawn on an edge for a relation name.

    >>> _relation_label("investsIn")
    'invests in'
    >>> _relation_label("competesWith")
    'competes with'
    """
    if relation in EDGE_STYLES:
        return EDGE_STYLES[relation].label
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation).lower()


def _edge_tooltip(source: str, label: str, target: str, attrs: Mapping[str, Any]) -> str:
    head = f"<b>{_esc(source)}</b> {_esc(label)} <b>{_esc(target)}</b>"
    parts = [head, *(f"{name}: {_esc(value)}" for name, value in _qualifiers(attrs))]
    evidence = list(attrs.get("evidence") or [])
    if evidence:
        items = "".join(f"<li>{_evidence_item(e)}</li>" for e in evidence[:MAX_EVIDENCE])
        more = len(evidence) - MAX_EVIDENCE
        tail = f"<small>and {more} more</small>" if more > 0 else ""
        parts.append(f"<ol>{items}</ol>{tail}")
    return "<br>".join(parts)


def _qualifiers(attrs: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """The (name, text) qualifier lines of an edge that has them."""
    for name in ("status", "kind", "role", "tenure"):
        if attrs.get(name):
            yield name, str(attrs[name])
    if attrs.get("amount_text"):
        yield "amount", str(attrs["amount_text"])
    if attrs.get("stake") is not None:
        yield "stake", f"{float(attrs['stake']):g}%"


def _evidence_item(evidence: Mapping[str, Any]) -> str:
    """One evidence sentence and, below it, where it was read."""
    sentence = _esc(evidence.get("sentence") or "(no sentence)")
    where = [evidence.get(k) for k in ("source", "title", "date", "doc", "url")]
    if evidence.get("confidence") is not None:
        where.append(f"confidence {float(evidence['confidence']):.2f}")
    details = " \u00b7 ".join(_esc(w) for w in where if w)
    return f"\u201c{sentence}\u201d" + (f"<br><small>{details}</small>" if details else "")


def _esc(value: object) -> str:
    return html.escape(str(value))


def _page(net: Network, *, note: str = "", size_by: str = "degree") -> str:
    """The complete HTML page for a pyvis network, with vis-network inlined."""
    import jinja2
    from markupsafe import Markup

    vis_js, vis_css = _vis_assets()
    template, page_css, init_js = _templates()
    nodes, edges, heading, _height, _width, options = net.get_network_data()
    dates = sorted(d for e in edges for d in (e.get("first"), e.get("last")) if d)
    present = {e.get("relation") for e in edges}
    edge_styles = [(name, style) for name, style in EDGE_STYLES.items()]
    edge_styles += [
        (str(r), EdgeStyle(_relation_label(str(r)), _OTHER_EDGE_COLOR))
        for r in sorted(present - set(EDGE_STYLES), key=str)
    ]
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(template).render(
        csp=_csp(vis_js, init_js),
        heading=heading,
        note=note,
        size_by=size_by if size_by != "none" else "fixed",
        names=sorted({str(n["label"]) for n in nodes}),
        dates=(dates[0], dates[-1]) if dates else ("", ""),
        days=sorted({d for e in edges for d, _ in e.get("history", [])}),
        vis_css=Markup(vis_css),
        page_css=Markup(page_css),
        vis_js=Markup(vis_js),
        init_js=Markup(init_js),
        node_styles=list(NODE_STYLES.items()),
        edge_styles=edge_styles,
        data={"nodes": nodes, "edges": edges, "options": options, "ended_opacity": _ENDED_OPACITY},
    )


@lru_cache(maxsize=1)
def _templates() -> tuple[str, str, str]:
    """The page template, its CSS and its script, shipped in graph/templates."""
    folder = resources.files(__package__).joinpath(_TEMPLATES)
    return tuple(  # type: ignore[return-value]
        folder.joinpath(name).read_text(encoding="utf-8")
        for name in ("viz.html", "viz.css", "viz.js")
    )


def _csp(*scripts: str) -> str:
    """A policy that runs exactly ``scripts`` and loads nothing from anywhere."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    )
    return f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:"


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and its CSS as shipped inside the pyvis package."""
    lib = resources.files("pyvis").joinpath("templates", "lib")
    versions = [d for d in lib.iterdir() if d.name.startswith("vis-") and d.is_dir()]
    if not versions:
        raise AkgError(
            f"pyvis ships no vis-network files under {lib}; "
            "reinstall it: pip install --force-reinstall 'pyvis>=0.3.2'"
        )
    newest = max(versions, key=lambda d: [int(p) for p in re.findall(r"\d+", d.name)])
    js = newest.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = newest.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise AkgError(f"{newest.name} cannot be inlined: it contains a closing tag")
    return js, css
