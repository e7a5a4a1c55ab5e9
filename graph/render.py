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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AkgError

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

__all__ = ["render_html"]

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
    "partnersWith": EdgeStyle("partners with", "#c53030"),
    "leads": EdgeStyle("leads", "#2f855a"),
    "investsIn": EdgeStyle("invests in", "#dd6b20"),
    "unitOf": EdgeStyle("unit of", "#805ad5"),
}
_OTHER_NODE = NodeStyle("dot", "#a0aec0", "\u25cf")
_OTHER_EDGE_COLOR = "#718096"
_ENDED_OPACITY = 0.35
_FADED_TEXT = "#a0aec0"

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ heading }}</title>
<style>{{ vis_css }}</style>
<style>{{ page_css }}</style>
<script>{{ vis_js }}</script>
</head>
<body>
<h1>{{ heading }}</h1>
<main id="akg-main">
<aside id="akg-legend" aria-label="Legend">
<h2>Entities</h2>
<ul>
{%- for name, style in node_styles %}
<li><span class="akg-glyph" style="color: {{ style.color }}">{{ style.glyph }}</span>{{ name }}</li>
{%- endfor %}
</ul>
<h2>Relations</h2>
<ul>
{%- for style in edge_styles %}
<li><span class="akg-line" style="border-top-color: {{ style.color }}"></span>{{ style.label }}</li>
{%- endfor %}
<li><span class="akg-line akg-proposed"></span>proposed</li>
<li><span class="akg-line akg-ended"></span>ended</li>
</ul>
</aside>
<div id="mynetwork"></div>
</main>
<script type="application/json" id="akg-data">{{ data|tojson }}</script>
<script>{{ init_js }}</script>
</body>
</html>
"""

_PAGE_CSS = """
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; color: #1a202c;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 18px; font-weight: 600; margin: 10px 16px; }
#akg-main { position: relative; flex: 1; min-height: 480px; border-top: 1px solid #e2e8f0; }
#mynetwork { position: absolute; inset: 0; }
#akg-legend { position: absolute; top: 10px; left: 10px; z-index: 1; padding: 6px 12px;
  font-size: 12px; background: rgba(255, 255, 255, 0.92); border: 1px solid #cbd5e0;
  border-radius: 6px; }
#akg-legend h2 { font-size: 11px; margin: 6px 0 2px; text-transform: uppercase; color: #4a5568; }
#akg-legend ul { list-style: none; margin: 0; padding: 0; }
.akg-glyph { display: inline-block; width: 18px; font-size: 14px; text-align: center; }
.akg-line { display: inline-block; width: 26px; margin-right: 6px; vertical-align: middle;
  border-top: 3px solid #4a5568; }
.akg-proposed { border-top-style: dashed; }
.akg-ended { opacity: 0.35; }
div.vis-tooltip { white-space: normal; max-width: 460px; font: 13px/1.4 system-ui, sans-serif; }
.akg-tip ol { margin: 4px 0 0; padding-left: 18px; }
.akg-tip li { margin-bottom: 4px; }
.akg-tip small { color: #4a5568; }
"""

_INIT_JS = """
var nodes, edges, network;
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("akg-data").textContent);
  // Tooltips arrive as HTML whose article text was escaped when the page was written.
  function withTooltips(items) {
    return items.map(function (item) {
      if (typeof item.title === "string") {
        var tip = document.createElement("div");
        tip.className = "akg-tip";
        tip.innerHTML = item.title;
        item.title = tip;
      }
      return item;
    });
  }
  nodes = new vis.DataSet(withTooltips(data.nodes));
  edges = new vis.DataSet(withTooltips(data.edges));
  network = new vis.Network(
    document.getElementById("mynetwork"),
    { nodes: nodes, edges: edges },
    JSON.parse(data.options)
  );
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    document.body.setAttribute("data-stabilized", "true");
  });
}());
"""


def render_html(
    g: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str = "Automotive alliance graph",
    seed: int = 7,
) -> Path:
    """Write ``g`` as one self-contained interactive HTML page.

    Args:
        g: entities keyed by IRI (``label``, ``kind``, ``wikidata``), edges
            keyed by relation with qualifiers and an ``evidence`` list.
        path: the ``.html`` file to write; missing parent folders are created.
        title: page heading.
        seed: vis-network ``layout.randomSeed``; the same graph and seed give
            the same file and the same layout.

    Returns:
        The path written.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(_page(_network(g, title=title, seed=seed)), encoding="utf-8")
    return out


def _network(
    g: nx.MultiDiGraph, *, title: str = "Automotive alliance graph", seed: int = 7
) -> Network:
    """The pyvis network for ``g``: nodes sorted by IRI, edges by (source, target, key)."""
    from pyvis.network import Network

    net = Network(directed=True, heading=title, cdn_resources="in_line")
    net.options = _options(seed)
    for node, attrs in sorted(g.nodes(data=True), key=lambda item: str(item[0])):
        net.add_node(str(node), **_node_options(str(node), attrs))
    for u, v, key, attrs in sorted(g.edges(keys=True, data=True), key=_edge_order):
        net.add_edge(str(u), str(v), **_edge_options(g, u, v, key, attrs))
    return net


def _edge_order(edge: tuple[Any, Any, Any, Any]) -> tuple[str, str, str]:
    return str(edge[0]), str(edge[1]), str(edge[2])


def _options(seed: int) -> dict[str, Any]:
    """vis-network options: a seeded layout and physics that stabilises once."""
    return {
        "layout": {"randomSeed": seed, "improvedLayout": True},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 170},
            "stabilization": {"enabled": True, "iterations": 600, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120},
        "nodes": {"font": {"size": 15, "color": "#1a202c", "strokeWidth": 3}},
        "edges": {
            "width": 2,
            "smooth": {"enabled": True, "type": "dynamic"},
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
    return {
        "id": f"{u} {key} {v}",
        "label": label,
        "title": _edge_tooltip(_label(g, u), label, _label(g, v), attrs),
        "color": {"color": color, "highlight": color, "hover": color, "opacity": opacity},
        "font": {"color": _FADED_TEXT if ended else color},
        "dashes": attrs.get("status") == "proposed",
        "arrows": {"to": {"enabled": relation != "partnersWith"}},
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


def _page(net: Network) -> str:
    """The complete HTML page for a pyvis network, with vis-network inlined."""
    import jinja2
    from markupsafe import Markup

    vis_js, vis_css = _vis_assets()
    nodes, edges, heading, _height, _width, options = net.get_network_data()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(_PAGE).render(
        csp=_csp(vis_js, _INIT_JS),
        heading=heading,
        vis_css=Markup(vis_css),
        page_css=Markup(_PAGE_CSS),
        vis_js=Markup(vis_js),
        init_js=Markup(_INIT_JS),
        node_styles=list(NODE_STYLES.items()),
        edge_styles=list(EDGE_STYLES.values()),
        data={"nodes": nodes, "edges": edges, "options": options},
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
