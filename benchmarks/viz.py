"""How big a graph the interactive page handles: generation time and time to a still layout.

    python benchmarks/viz.py                      # 1,000 and 5,000 entities, cut and uncut
    python benchmarks/viz.py --sizes 500 2000     # other sizes (uncut and cut)

For each size, a synthetic alliance graph with a heavy-tailed degree distribution
(a few hubs, many companies with one or two partners, as in the news) is drawn
twice: whole (``max_nodes=0``) and with the default cut to the most connected
entities. Measured: the seconds to write the page, the seconds from navigation
to the layout standing still in headless Chromium (networking off), and the
milliseconds one redraw takes once it stands (what panning and zooming cost).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from graph.render import DEFAULT_MAX_NODES, render_html  # noqa: E402

STATUSES = ("agreed",) * 7 + ("proposed",) * 2 + ("ended",)
ROLES = ("CEO", "Chair", "President", "Director")
CHROMIUM = "/usr/bin/chromium"


def synthetic_network(entities: int, seed: int = 1) -> nx.MultiDiGraph:
    """An alliance graph of ``entities`` nodes shaped like graph.network's projection.

    55% companies, 15% business units, 30% people. Partnerships follow
    preferential attachment (Barabasi-Albert, two per newcomer), so degrees
    are heavy-tailed; each person leads a company and each unit belongs to
    one, both chosen in proportion to how connected the company is; about one
    investment per two companies.
    """
    rng = random.Random(seed)
    companies = max(3, int(entities * 0.55))
    units = int(entities * 0.15)
    people = entities - companies - units
    g = nx.MultiDiGraph()

    def add(kind: str, index: int) -> str:
        iri = f"https://example.org/{kind.lower()}/{index}"
        g.add_node(iri, label=f"{kind} {index}", kind=kind, iri=iri, wikidata=None)
        return iri

    firms = [add("Company", i) for i in range(companies)]
    alliances = nx.barabasi_albert_graph(companies, 2, seed=seed)
    weights = [alliances.degree(i) for i in range(companies)]

    def edge(s: str, o: str, relation: str, **attrs: Any) -> None:
        count = 1 + min(int(rng.expovariate(1.0)), 6)
        year = rng.randint(2018, 2025)
        evidence = [
            {
                "sentence": f"{g.nodes[s]['label']} and {g.nodes[o]['label']} <b>did</b> it.",
                "confidence": round(rng.uniform(0.6, 0.95), 2),
                "doc": f"doc-{rng.randrange(10**6)}",
                "title": "A headline",
                "source": "Wire",
                "url": "https://news.example/a",
                "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            }
            for _ in range(count)
        ]
        g.add_edge(
            s,
            o,
            key=relation,
            relation=relation,
            evidence=evidence,
            evidence_count=count,
            **attrs,
        )

    for a, b in alliances.edges():
        status = rng.choice(STATUSES)
        edge(firms[a], firms[b], "partnersWith", status=status, statuses=[status])
    for i in range(people):
        person = add("Person", i)
        edge(person, rng.choices(firms, weights)[0], "leads", role=rng.choice(ROLES))
    targets = list(firms)
    for i in range(units):
        unit = add("BusinessUnit", i)
        g.add_edge(unit, rng.choices(firms, weights)[0], key="unitOf", relation="unitOf")
        targets.append(unit)
    for _ in range(companies // 2):
        s, o = rng.choices(firms, weights)[0], rng.choice(targets)
        if s != o:
            edge(s, o, "investsIn", status="agreed", amount=1e8, currency="USD")
    return g


def open_in_browser(browser: Any, path: Path) -> tuple[float, float, int, int]:
    """(seconds to a still layout, ms per redraw, nodes drawn, edges drawn)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
    )
    page = context.new_page()
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function(
        "() => document.body.dataset.stabilized === 'true'", timeout=600_000, polling=50
    )
    seconds = time.perf_counter() - start
    redraw = page.evaluate(
        """() => { const t = performance.now();
        for (let i = 0; i < 5; i++) { network.moveTo({scale: 1 + i / 10}); network.redraw(); }
        return (performance.now() - t) / 5; }"""
    )
    drawn = page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
    context.close()
    return seconds, float(redraw), int(drawn[0]), int(drawn[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--uncut", action="store_true", help="only the whole graph, no cut")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for entities in args.sizes:
            g = synthetic_network(entities)
            for limit in (0,) if args.uncut else (0, DEFAULT_MAX_NODES):
                path = Path(tmp) / f"viz-{entities}-{limit}.html"
                start = time.perf_counter()
                render_html(g, path, max_nodes=limit)
                generate = time.perf_counter() - start
                stable, redraw, nodes, edges = open_in_browser(browser, path)
                rows.append(
                    (
                        f"{entities:,}",
                        f"{g.number_of_edges():,}",
                        "whole" if limit == 0 else f"cut to {limit:,}",
                        f"{nodes:,} / {edges:,}",
                        f"{generate:.2f}",
                        f"{stable:.2f}",
                        f"{redraw:.0f}",
                    )
                )
                print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
        browser.close()
    head = (
        "entities",
        "relations",
        "page",
        "drawn nodes / edges",
        "write s",
        "open s",
        "redraw ms",
    )
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for number, line in enumerate([head, *rows]):
        print("  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
