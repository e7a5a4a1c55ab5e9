"""Tests for graph.render: the vis data pyvis builds, escaping, and the page in Chromium."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest

from graph.cli import main
from graph.errors import AkgError
from graph.network import to_networkx
from graph.render import (
    EDGE_STYLES,
    LARGE_GRAPH,
    MAX_EVIDENCE,
    NODE_STYLES,
    _network,
    cut,
    page_html,
    render_html,
    show,
)
from graph.vocab import entity_iri

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

HONDA = str(entity_iri("Company", "Honda"))
NISSAN = str(entity_iri("Company", "Nissan"))
RENAULT = str(entity_iri("Company", "Renault"))
HONDA_RD = str(entity_iri("BusinessUnit", "Honda R&D"))
UCHIDA = str(entity_iri("Person", "Makoto Uchida"))
DE_MEO = str(entity_iri("Person", "Luca de Meo"))
HOSTILE_ID = str(entity_iri("Person", "Mallory"))

SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned = 1; alert(2)">'
HOSTILE_SENTENCE = f"Honda {SCRIPT} and Nissan {IMG} began merger talks."
HOSTILE_LABEL = f'Mallory {IMG} "&" co'


def evidence(sentence: str, doc: str, **extra: Any) -> dict[str, Any]:
    """One evidence dict as graph.network builds it."""
    item: dict[str, Any] = {
        "sentence": sentence,
        "doc": doc,
        "title": None,
        "source": None,
        "url": None,
        "confidence": None,
    }
    return item | extra


def alliance_graph() -> nx.MultiDiGraph:
    """Three automakers, a unit and two leaders; one article sentence is hostile."""
    g = nx.MultiDiGraph()
    for iri, label, kind, qid in [
        (HONDA, "Honda", "Company", "Q9584"),
        (NISSAN, "Nissan", "Company", "Q20165"),
        (RENAULT, "Renault", "Company", "Q6686"),
        (HONDA_RD, "Honda R&D", "BusinessUnit", None),
        (UCHIDA, "Makoto Uchida", "Person", None),
        (DE_MEO, "Luca de Meo", "Person", "Q3839345"),
    ]:
        g.add_node(iri, label=label, kind=kind, iri=iri, **({"wikidata": qid} if qid else {}))
    talks = evidence(HOSTILE_SENTENCE, "nikkei-001", source="Nikkei", title="<b>Talks</b>")
    g.add_edge(
        HONDA,
        NISSAN,
        key="partnersWith",
        relation="partnersWith",
        status="proposed",
        evidence=[talks],
    )
    stake = evidence("Renault holds 15% of Nissan.", "reuters-7", confidence=0.92)
    g.add_edge(
        RENAULT,
        NISSAN,
        key="investsIn",
        relation="investsIn",
        status="agreed",
        amount_text="€600 million",
        stake=15.0,
        evidence=[stake],
    )
    ended = evidence("The alliance was dissolved.", "ft-3", source="FT", url="https://ft.example/a")
    g.add_edge(
        NISSAN,
        RENAULT,
        key="partnersWith",
        relation="partnersWith",
        status="ended",
        evidence=[ended],
    )
    g.add_edge(HONDA_RD, HONDA, key="unitOf", relation="unitOf", evidence=[])
    for person, company in [(UCHIDA, NISSAN), (DE_MEO, RENAULT)]:
        g.add_edge(
            person,
            company,
            key="leads",
            relation="leads",
            role="CEO",
            evidence=[evidence("He leads it.", "doc-9")],
        )
    return g


def hostile_graph() -> nx.MultiDiGraph:
    """The alliance graph plus a person whose name is markup."""
    g = alliance_graph()
    g.add_node(HOSTILE_ID, label=HOSTILE_LABEL, kind="Person", iri=HOSTILE_ID)
    g.add_edge(HOSTILE_ID, HONDA, key="leads", relation="leads", role=SCRIPT, evidence=[])
    return g


def edge_id(u: str, key: str, v: str) -> str:
    return f"{u} {key} {v}"


@pytest.fixture
def net() -> Any:
    return _network(alliance_graph())


# --- the vis data ---------------------------------------------------------------------


def test_network_has_every_node_and_edge(net: Any) -> None:
    g = alliance_graph()
    assert {n["id"] for n in net.nodes} == set(g.nodes)
    assert {e["id"] for e in net.edges} == {edge_id(u, k, v) for u, v, k in g.edges(keys=True)}
    assert len(net.nodes) == 6
    assert len(net.edges) == 6


@pytest.mark.parametrize("kind", sorted(NODE_STYLES))
def test_nodes_are_drawn_by_kind(net: Any, kind: str) -> None:
    g = alliance_graph()
    drawn = {(n["shape"], n["color"]) for n in net.nodes if g.nodes[n["id"]]["kind"] == kind}
    assert drawn == {(NODE_STYLES[kind].shape, NODE_STYLES[kind].color)}


def test_edges_are_drawn_by_relation_and_status(net: Any) -> None:
    drawn = {
        e["id"]: (e["label"], e["color"]["color"], e["dashes"], e["color"]["opacity"])
        for e in net.edges
    }
    partners, invests = EDGE_STYLES["partnersWith"].color, EDGE_STYLES["investsIn"].color
    leads, unit = EDGE_STYLES["leads"].color, EDGE_STYLES["unitOf"].color
    assert drawn == {
        edge_id(HONDA, "partnersWith", NISSAN): ("partners with", partners, True, 1.0),
        edge_id(NISSAN, "partnersWith", RENAULT): ("partners with", partners, False, 0.35),
        edge_id(RENAULT, "investsIn", NISSAN): ("invests in", invests, False, 1.0),
        edge_id(HONDA_RD, "unitOf", HONDA): ("unit of", unit, False, 1.0),
        edge_id(UCHIDA, "leads", NISSAN): ("leads", leads, False, 1.0),
        edge_id(DE_MEO, "leads", RENAULT): ("leads", leads, False, 1.0),
    }


def test_only_partnerships_are_drawn_without_arrows(net: Any) -> None:
    undirected = {e["id"] for e in net.edges if not e["arrows"]["to"]["enabled"]}
    assert undirected == {
        edge_id(HONDA, "partnersWith", NISSAN),
        edge_id(NISSAN, "partnersWith", RENAULT),
    }


def test_unknown_relation_and_kind_are_drawn_plainly() -> None:
    g = alliance_graph()
    g.add_node("urn:x", label="Stellantis", kind="Group", iri="urn:x")
    g.add_edge("urn:x", RENAULT, key="competesWith", relation="competesWith", evidence=[])
    net = _network(g)
    assert [n["shape"] for n in net.nodes if n["id"] == "urn:x"] == ["dot"]
    assert [e["label"] for e in net.edges if e["from"] == "urn:x"] == ["competes with"]


def test_layout_is_seeded_and_physics_stabilises(net: Any) -> None:
    assert net.options["layout"]["randomSeed"] == 7
    assert _network(alliance_graph(), seed=42).options["layout"]["randomSeed"] == 42
    assert net.options["physics"]["stabilization"]["enabled"] is True


# --- tooltips and escaping ---------------------------------------------------------------


def tooltip(net: Any, item_id: str) -> str:
    return next(str(i["title"]) for i in [*net.nodes, *net.edges] if i["id"] == item_id)


def test_node_tooltip_names_label_kind_and_wikidata(net: Any) -> None:
    assert (
        tooltip(net, HONDA)
        == f"<b>Honda</b><br>Company<br>Wikidata: Q9584<br><small>{HONDA}</small>"
    )
    assert tooltip(net, HONDA_RD).startswith("<b>Honda R&amp;D</b><br>BusinessUnit<br><small>")


def test_edge_tooltip_lists_qualifiers_and_evidence(net: Any) -> None:
    assert tooltip(net, edge_id(RENAULT, "investsIn", NISSAN)) == (
        "<b>Renault</b> invests in <b>Nissan</b><br>status: agreed<br>amount: €600 million"
        "<br>stake: 15%<br><ol><li>“Renault holds 15% of Nissan.”"
        "<br><small>reuters-7 · confidence 0.92</small></li></ol>"
    )
    assert "ft-3 · https://ft.example/a" in tooltip(net, edge_id(NISSAN, "partnersWith", RENAULT))


def test_article_text_is_escaped_in_tooltips() -> None:
    net = _network(hostile_graph())
    talks = tooltip(net, edge_id(HONDA, "partnersWith", NISSAN))
    assert "Honda &lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt; and Nissan" in talks
    assert "&lt;img src=x onerror=&quot;window.__pwned = 1; alert(2)&quot;&gt;" in talks
    assert "Nikkei · &lt;b&gt;Talks&lt;/b&gt; · nikkei-001" in talks
    person = tooltip(net, HOSTILE_ID)
    assert person.startswith("<b>Mallory &lt;img src=x onerror=&quot;")
    role = tooltip(net, edge_id(HOSTILE_ID, "leads", HONDA))
    assert "role: &lt;script&gt;" in role
    for text in (talks, person, role):
        assert "<script" not in text
        assert "<img" not in text


def test_labels_stay_plain_text_for_the_canvas() -> None:
    net = _network(hostile_graph())
    assert [n["label"] for n in net.nodes if n["id"] == HOSTILE_ID] == [HOSTILE_LABEL]
    assert [n["label"] for n in net.nodes if n["id"] == HONDA_RD] == ["Honda R&D"]


def test_long_evidence_lists_are_cut() -> None:
    g = alliance_graph()
    many = [evidence(f"Sentence {i}.", f"doc-{i}") for i in range(MAX_EVIDENCE + 3)]
    g.edges[HONDA, NISSAN, "partnersWith"]["evidence"] = many
    text = tooltip(_network(g), edge_id(HONDA, "partnersWith", NISSAN))
    assert text.count("<li>") == MAX_EVIDENCE
    assert text.endswith("<small>and 3 more</small>")


# --- the written page ----------------------------------------------------------------------


class ResourceTags(HTMLParser):
    """Collects the src/href of script and link tags, the CSP and the data block."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.csp = ""
        self.data = ""
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "link"}:
            self.urls += [v or "" for k, v in attrs if k in {"src", "href"}]
        if tag == "meta" and ("http-equiv", "Content-Security-Policy") in attrs:
            self.csp = dict(attrs)["content"] or ""
        self._in_data = tag == "script" and ("id", "akg-data") in attrs

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data += data


def parse(path: Path) -> ResourceTags:
    parser = ResourceTags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_page_loads_nothing_remote(tmp_path: Path) -> None:
    page = render_html(hostile_graph(), tmp_path / "g.html")
    text = page.read_text(encoding="utf-8")
    tags = re.findall(r"<(?:script|link)\b[^>]*>", text, flags=re.IGNORECASE)
    assert tags, "the page has no script tags at all"
    assert not [t for t in tags if re.search(r"""(?:src|href)\s*=\s*["']?https?://""", t)]
    tags_found = parse(page)
    assert tags_found.urls == []
    assert tags_found.csp.startswith("default-src 'none'; script-src 'sha256-")


def test_page_embeds_the_vis_data(tmp_path: Path) -> None:
    page = render_html(hostile_graph(), tmp_path / "g.html")
    data = json.loads(parse(page).data)
    assert len(data["nodes"]) == 7
    assert len(data["edges"]) == 7
    assert json.loads(data["options"])["layout"]["randomSeed"] == 7
    assert HOSTILE_SENTENCE not in page.read_text(encoding="utf-8")


def test_render_html_writes_utf8_and_escapes_the_title(tmp_path: Path) -> None:
    g = alliance_graph()
    g.nodes[RENAULT]["label"] = "Citroën"
    path = render_html(g, tmp_path / "sub" / "g.html", title="Allianzen <i>2024</i> – Übersicht")
    assert path == tmp_path / "sub" / "g.html"
    text = path.read_bytes().decode("utf-8")
    assert "<h1>Allianzen &lt;i&gt;2024&lt;/i&gt; – Übersicht</h1>" in text
    assert "Citro\\u00ebn" in text or "Citroën" in text


def test_same_graph_gives_the_same_page(tmp_path: Path) -> None:
    g = alliance_graph()
    reordered = nx.MultiDiGraph()
    reordered.add_nodes_from(reversed(list(g.nodes(data=True))))
    reordered.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    first = render_html(g, tmp_path / "a.html").read_bytes()
    assert render_html(g, tmp_path / "b.html").read_bytes() == first
    assert render_html(reordered, tmp_path / "c.html").read_bytes() == first
    assert render_html(g, tmp_path / "d.html", seed=8).read_bytes() != first


def test_render_html_prints_nothing_and_writes_only_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    render_html(alliance_graph(), "g.html")
    assert capsys.readouterr() == ("", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.html"]


# --- the page in a real browser --------------------------------------------------------------

CSP_PROBE = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@dataclass
class Visit:
    """One page load and everything it tried that it should not have."""

    page: Page
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def visit(browser: Browser, path: Path) -> Visit:
    """Open ``path`` with every non-file request aborted and recorded; wait for the layout."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    visit = Visit(context.new_page())

    def route(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            visit.blocked.append(route.request.url)
            route.abort()

    def dialog(d: Any) -> None:
        visit.dialogs.append(d.message)
        d.dismiss()

    context.route("**/*", route)
    visit.page.on("dialog", dialog)
    visit.page.on("pageerror", lambda e: visit.errors.append(str(e)))
    visit.page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    visit.page.add_init_script(CSP_PROBE)
    visit.page.goto(path.resolve().as_uri())
    visit.page.wait_for_function(
        "() => window.network !== undefined && document.body.dataset.stabilized === 'true'",
        timeout=20_000,
    )
    return visit


def assert_harmless(visit: Visit) -> None:
    page = visit.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("window.__violations") == []
    assert visit.dialogs == []
    assert visit.blocked == []
    assert visit.errors == []


def test_page_draws_the_graph_offline(browser: Browser, tmp_path: Path) -> None:
    g = hostile_graph()
    v = visit(browser, render_html(g, tmp_path / "g.html"))
    try:
        counts = v.page.evaluate(
            "[network.body.data.nodes.length, network.body.data.edges.length,"
            " nodes.length, edges.length]"
        )
        assert counts == [g.number_of_nodes(), g.number_of_edges()] * 2
        assert v.page.evaluate("network.physics.options.enabled") is False
        legend = v.page.locator("#akg-legend").inner_text()
        assert all(s.label in legend for s in EDGE_STYLES.values())
        assert_harmless(v)
    finally:
        v.page.context.close()


def test_tooltips_show_article_markup_as_text(browser: Browser, tmp_path: Path) -> None:
    v = visit(browser, render_html(hostile_graph(), tmp_path / "g.html"))
    try:
        talks = edge_id(HONDA, "partnersWith", NISSAN)
        shown = v.page.evaluate("id => edges.get(id).title.textContent", talks)
        assert HOSTILE_SENTENCE in shown
        box = v.page.locator("#mynetwork").bounding_box()
        assert box is not None
        at = v.page.evaluate(
            "id => network.canvasToDOM(network.getPositions([id])[id])", HOSTILE_ID
        )
        v.page.mouse.move(box["x"] + at["x"], box["y"] + at["y"] - 2, steps=4)
        popup = v.page.locator("div.vis-tooltip")
        popup.wait_for(state="visible", timeout=5_000)
        assert HOSTILE_LABEL in popup.inner_text()
        assert_harmless(v)
    finally:
        v.page.context.close()


def test_layout_is_the_same_on_every_load(browser: Browser, tmp_path: Path) -> None:
    path = render_html(alliance_graph(), tmp_path / "g.html")
    layouts = []
    for _ in range(2):
        v = visit(browser, path)
        layouts.append(v.page.evaluate("network.getPositions()"))
        v.page.context.close()
    assert layouts[0] == layouts[1]


# --- size, cut, filters, inline -----------------------------------------------------------------


def test_nodes_are_sized_by_degree() -> None:
    sizes = {n["id"]: n["size"] for n in _network(alliance_graph()).nodes}
    assert sizes[NISSAN] == 40.0  # four relations, the most
    assert sizes[HONDA_RD] < sizes[HONDA] < sizes[NISSAN]
    fixed = {n["size"] for n in _network(alliance_graph(), size_by="none").nodes}
    assert fixed == {16, 18}
    with pytest.raises(AkgError, match='unknown size "pagerank"'):
        _network(alliance_graph(), size_by="pagerank")


def test_edges_carry_what_the_filters_read() -> None:
    g = alliance_graph()
    g.edges[RENAULT, NISSAN, "investsIn"]["evidence"][0]["date"] = "2024-03-01T00:00:00"
    drawn = {
        e["id"]: (
            e["relation"],
            e["status"],
            e["first"],
            e["last"],
            e.get("kind", ""),
        )
        for e in _network(g).edges
    }
    assert drawn[edge_id(RENAULT, "investsIn", NISSAN)] == (
        "investsIn",
        "agreed",
        "2024-03-01",
        "2024-03-01",
        "",
    )
    assert drawn[edge_id(HONDA_RD, "unitOf", HONDA)] == ("unitOf", "", "", "", "")
    assert {n["id"]: n["kind"] for n in _network(g).nodes}[HONDA_RD] == "BusinessUnit"


def test_large_graphs_are_drawn_for_speed() -> None:
    g = nx.MultiDiGraph()
    for i in range(LARGE_GRAPH):
        g.add_node(f"n{i}", label=f"N{i}", kind="Company")
        g.add_edge(f"n{i}", "n0", key="partnersWith", relation="partnersWith", evidence=[])
    net = _network(g)
    assert net.options["edges"]["smooth"]["enabled"] is False
    assert net.options["layout"]["improvedLayout"] is False
    assert not [e for e in net.edges if "label" in e]
    assert _network(alliance_graph()).options["edges"]["smooth"]["enabled"] is True


def test_cut_keeps_the_most_connected_and_says_what_is_left_out(tmp_path: Path) -> None:
    g = alliance_graph()
    kept, note = cut(g, 3)
    assert set(kept) == {NISSAN, RENAULT, HONDA}
    assert note.startswith("Showing the 3 most connected of 6 entities; 3 entities and 3 relations")
    assert cut(g, 0) == (g, "")
    assert cut(g, 6) == (g, "")
    page = render_html(g, tmp_path / "g.html", max_nodes=3).read_text(encoding="utf-8")
    assert '<p id="akg-note" role="note">Showing the 3 most connected' in page
    assert len(json.loads(parse(tmp_path / "g.html").data)["nodes"]) == 3
    assert '<p id="akg-note"' not in render_html(g, tmp_path / "h.html").read_text(encoding="utf-8")


def test_show_is_a_sandboxed_frame_for_notebooks() -> None:
    frame = show(hostile_graph(), height=400)._repr_html_()
    assert frame.startswith('<iframe sandbox="allow-scripts" srcdoc="&lt;!DOCTYPE html&gt;')
    assert frame.endswith('style="width: 100%; height: 400px; border: 0"></iframe>')
    assert "<script" not in frame
    assert html.unescape(frame.split('srcdoc="', 1)[1].split('" style=', 1)[0]) == page_html(
        hostile_graph()
    )


DRAWN = """() => [
  Object.values(network.body.nodes).filter(n => !n.options.hidden).length,
  Object.values(network.body.edges).filter(e => !e.options.hidden).length]"""


def tick(page: Page, name: str, value: str, on: bool) -> None:
    box = page.locator(f'#akg-filters input[name="{name}"][value="{value}"]')
    box.check() if on else box.uncheck()


def test_filters_change_what_is_drawn(browser: Browser, tmp_path: Path) -> None:
    g = hostile_graph()
    g.edges[RENAULT, NISSAN, "investsIn"]["evidence"][0]["date"] = "2024-03-01"
    g.edges[NISSAN, RENAULT, "partnersWith"]["evidence"][0]["date"] = "2019-05-02"
    v = visit(browser, render_html(g, tmp_path / "g.html"))
    try:
        page = v.page
        assert page.evaluate(DRAWN) == [7, 7]
        assert page.locator("#akg-count").inner_text() == "7 of 7 entities, 7 of 7 relations shown"
        tick(page, "relation", "leads", False)  # the three leaders go with their relations
        assert page.evaluate(DRAWN) == [4, 4]
        tick(page, "relation", "leads", True)
        tick(page, "status", "ended", False)
        assert page.evaluate(DRAWN) == [7, 6]
        tick(page, "status", "ended", True)
        page.fill('#akg-filters input[name="from"]', "2020-01-01")
        page.dispatch_event('#akg-filters input[name="from"]', "change")
        hidden = page.evaluate(
            "Object.values(network.body.edges).filter(e => e.options.hidden).map(e => e.id)"
        )
        assert hidden == [edge_id(NISSAN, "partnersWith", RENAULT)]
        tick(page, "kind", "Person", False)
        assert page.evaluate(DRAWN) == [4, 3]
        assert_harmless(v)
    finally:
        page.context.close()


def test_cut_page_draws_the_kept_part(browser: Browser, tmp_path: Path) -> None:
    v = visit(browser, render_html(alliance_graph(), tmp_path / "g.html", max_nodes=3))
    try:
        assert v.page.evaluate(DRAWN) == [3, 3]
        assert v.page.locator("#akg-note").inner_text().startswith("Showing the 3 most connected")
        assert_harmless(v)
    finally:
        v.page.context.close()


# --- akg viz ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "({n} nodes, 5 edges)"),
        (["--focus", "Renault", "--depth", "2"], "(3 nodes, 2 edges)"),
        (
            ["--max-nodes", "2"],
            "(2 of 6 nodes, 1 of 5 edges: the most connected; --max-nodes 0 draws all)",
        ),
    ],
    ids=["all", "focus", "cut"],
)
def test_akg_viz(
    seed_store: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
) -> None:
    out = tmp_path / "g.html"
    assert main(["viz", "-o", str(out), "--store", seed_store, *args]) == 0
    assert capsys.readouterr() == (f"Wrote {out} {expected.format(n=6)}\n", "")
    assert out.is_file()


def test_akg_viz_unknown_focus(seed_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["viz", "--store", seed_store, "--focus", "Toyota"]) == 1
    assert capsys.readouterr() == (
        "",
        'Error: no entity named "Toyota" in the graph; check the spelling\n',
    )


SLIDE = """day => {
  const slider = document.querySelector('#akg-filters input[name="asof"]');
  const days = slider.dataset.days.split(" ");
  slider.value = day === null ? days.length : days.indexOf(day);
  slider.dispatchEvent(new Event("input", { bubbles: true }));
  return document.getElementById("akg-asof").textContent;
}"""
SHOWN = """() => Object.values(network.body.edges).filter(e => !e.options.hidden)
  .map(e => [e.id, edges.get(e.id).status, Boolean(e.options.dashes)]).sort()"""


def test_the_time_slider_replays_the_graph(browser: Browser, tmp_path: Path) -> None:
    import graph as akg

    store = akg.MemoryStore()
    akg.build([Path(__file__).parent / "data" / "saga.jsonl"], store)
    v = visit(browser, render_html(to_networkx(store), tmp_path / "saga.html"))
    partners = edge_id(HONDA, "partnersWith", NISSAN)
    renault = edge_id(RENAULT, "investsIn", NISSAN)
    uchida = edge_id(str(entity_iri("Person", "Makoto Uchida")), "leads", NISSAN)
    espinosa = edge_id(str(entity_iri("Person", "Iván Espinosa")), "leads", NISSAN)
    try:
        page = v.page
        assert page.evaluate(SLIDE, "2018-06-01") == "2018-06-01"
        assert page.evaluate(SHOWN) == [[renault, "agreed", False]]
        assert page.evaluate(SLIDE, "2023-08-01") == "2023-08-01"
        assert page.evaluate(SHOWN) == sorted(
            [[partners, "proposed", True], [renault, "agreed", False], [uchida, "", False]]
        )
        page.evaluate(SLIDE, "2024-08-01")
        assert [e for e in page.evaluate(SHOWN) if e[0] == partners] == [
            [partners, "agreed", False]
        ]
        page.evaluate(SLIDE, "2025-02-13")
        assert [e for e in page.evaluate(SHOWN) if e[0] == partners] == [[partners, "ended", False]]
        assert espinosa not in [e[0] for e in page.evaluate(SHOWN)]
        assert page.evaluate(SLIDE, None) == "every date"
        assert len(page.evaluate(SHOWN)) == 4
        assert page.locator("#akg-count").inner_text() == "5 of 5 entities, 4 of 4 relations shown"
        assert_harmless(v)
    finally:
        page.context.close()
