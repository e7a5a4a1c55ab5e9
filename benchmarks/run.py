"""The benchmark harness: one table, ratios against the engines we stand on, same run.

    python benchmarks/run.py            # full: corpora of 100 / 1,000 / 10,000 articles, graphs to 10^7 triples
    python benchmarks/run.py --quick    # smaller sizes, for a first look

Prints the table and writes it to benchmarks/RESULTS.md with the machine's cores
and memory. Every number is measured here, now; nothing is copied from elsewhere.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
SECTIONS = ("extraction", "build", "load", "sparql", "viz", "serve")
RESULTS = HERE / "RESULTS.md"
ROWS: dict[str, list[tuple[str, str, str]]] = {}  # section -> (measure, value, note)
SECTION = ""


def row(measure: str, value: str, note: str = "") -> None:
    ROWS.setdefault(SECTION, []).append((measure, value, note))
    print(f"{measure:58} {value:>18}  {note}", flush=True)


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


# ----------------------------------------------------------------- extraction
def extraction(tmp: Path, articles: int) -> None:
    import spacy

    from graph.blas import load, one_thread
    from graph.model import Article
    from graph.pipeline import extract_outcomes, loaded_extractor
    from graph.synthetic import generate

    corpus = [Article(a.id, a.text) for a in generate(articles, seed=1)]
    words = sum(len(a.text.split()) for a in corpus)
    bare = spacy.blank("en")
    bare.add_pipe("sentencizer")
    texts = [a.text for a in corpus]
    list(bare.pipe(texts[:100]))
    t_bare = min(timed(lambda: list(bare.pipe(texts, batch_size=64))) for _ in range(3))
    row(
        "extraction: bare spaCy (blank en + sentencizer), words/s",
        f"{words / t_bare:,.0f}",
        f"{articles} articles, {words:,} words",
    )
    from graph.nlp import available_model

    trained = available_model()
    t_sm = None
    if trained is not None:

        def seconds(nlp_sm: spacy.Language) -> float:  # on one BLAS thread, as akg extracts
            list(nlp_sm.pipe(texts[:50]))
            with one_thread():
                return min(timed(lambda: list(nlp_sm.pipe(texts, batch_size=64))) for _ in range(2))

        # as akg runs its own pipelines (numpy's BLAS, graph.blas), and as spacy.load runs it
        t_sm = seconds(load(trained, exclude=["lemmatizer"]))
        row(
            f"extraction: bare {trained}, words/s",
            f"{words / t_sm:,.0f}",
            "NER, tagger, parser; as akg runs it",
        )
        t_blis = seconds(spacy.load(trained, exclude=["lemmatizer"]))
        row(
            f"extraction: bare {trained}, spaCy's default BLAS, words/s",
            f"{words / t_blis:,.0f}",
            "BLIS, as spacy.load runs it",
        )
    for model in ("learned", "rules"):
        # loaded once per process, as a run loads it; a worker forked from here inherits it
        row(
            f"extraction: akg {model}, loading the extractor, seconds",
            f"{timed(lambda m=model: loaded_extractor(m)):.1f}",
            "once per process, not in the rates below",
        )
        for jobs in (1, 2):
            seconds = min(
                timed(lambda m=model, j=jobs: list(extract_outcomes(corpus, m, j)))
                for _ in range(2)
            )
            note = f"ratio to bare spaCy {t_bare / seconds:.2f}"
            if t_sm is not None:
                note += f"; to bare {trained} {t_sm / seconds:.2f}"
            row(
                f"extraction: akg {model}, {jobs} process{'es' if jobs > 1 else ''}, words/s",
                f"{words / seconds:,.0f}",
                note,
            )


# ---------------------------------------------------------------- build + RSS
_BUILD = """
import json, resource, sys, time
from graph import build
start = time.perf_counter()
report = build([sys.argv[1]], sys.argv[2], jobs=int(sys.argv[3]))  # the default extractor
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "articles": report.articles, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run_build(corpus: Path, store: Path, jobs: int = 1) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _BUILD, str(corpus), str(store), str(jobs)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def builds(tmp: Path, sizes: list[int]) -> Path:
    from graph.synthetic import write_jsonl

    largest = tmp / "store-largest"
    rss = {}
    for size in sizes:
        corpus = tmp / f"corpus-{size}.jsonl"
        write_jsonl(corpus, size, seed=size)
        store = tmp / f"store-{size}"
        result = run_build(corpus, store, jobs=1)
        rss[size] = result["rss_kb"] / 1024
        row(
            f"akg build, {size:,} articles, 1 process, articles/s",
            f"{size / result['seconds']:,.0f}",
            f"peak RSS {rss[size]:,.0f} MiB",
        )
        if size == sizes[-1]:
            result2 = run_build(corpus, tmp / f"store-{size}-j2", jobs=2)
            row(
                f"akg build, {size:,} articles, 2 processes, articles/s",
                f"{size / result2['seconds']:,.0f}",
                "",
            )
            store.rename(largest)
    small, big = sizes[1] if len(sizes) > 2 else sizes[0], sizes[-1]
    row(
        f"peak RSS growth {small:,} -> {big:,} articles",
        f"{rss[big] / rss[small]:.2f}x",
        "target <= 1.5x (flat)",
    )
    return largest


def incremental(tmp: Path, base_store: Path, base_size: int) -> None:
    import shutil

    from graph.synthetic import write_jsonl

    extra = tmp / "extra.jsonl"
    write_jsonl(extra, 100, seed=99_999)
    copy = tmp / "store-incremental"
    shutil.copytree(base_store, copy)
    into_full = run_build(extra, copy)["seconds"]
    into_empty = run_build(extra, tmp / "store-empty")["seconds"]
    row(
        f"add 100 articles to a store of {base_size:,}, seconds",
        f"{into_full:.2f}",
        f"into an empty store {into_empty:.2f} s (ratio {into_full / into_empty:.2f})",
    )


# ------------------------------------------------------------------ store load
def load(tmp: Path, articles: int) -> None:
    import pyoxigraph as ox

    from graph.model import Article
    from graph.pipeline import extract_outcomes
    from graph.rdf import article_triples
    from graph.store import OxigraphStore
    from graph.synthetic import generate

    corpus = [Article(a.id, a.text) for a in generate(articles, seed=2)]
    graphs = [
        (o.article.id, article_triples(o.article, o.facts))
        for o in extract_outcomes(corpus, "rules")
    ]
    store = OxigraphStore(str(tmp / "load-akg"))
    batches = [graphs[i : i + 512] for i in range(0, len(graphs), 512)]
    t_ours = timed(lambda: [store.replace_articles(batch) for batch in batches])
    quads = (
        sum(len(g) for _, g in graphs) * 2
    )  # each triple in its article graph and in the default graph
    nquads = tmp / "load.nq"
    dump = ox.Store()
    for doc, g in graphs:
        name = ox.NamedNode(f"urn:g:{doc}")
        dump.extend(ox.Quad(*(_ox(t) for t in triple), name) for triple in g)
        dump.extend(ox.Quad(*(_ox(t) for t in triple), ox.DefaultGraph()) for triple in g)
    dump.dump(str(nquads), format=ox.RdfFormat.N_QUADS)
    fresh = ox.Store(str(tmp / "load-bulk"))
    t_bulk = timed(lambda: fresh.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    row(
        "store load: akg replace_articles (batches of 512), quads/s",
        f"{quads / t_ours:,.0f}",
        f"{articles:,} articles, {quads:,} quads",
    )
    row(
        "store load: pyoxigraph bulk_load (same N-Quads), quads/s",
        f"{quads / t_bulk:,.0f}",
        f"ratio akg/bulk {t_bulk / t_ours:.2f}",
    )


def _ox(term: object) -> object:
    from graph.store import to_ox

    return to_ox(term)  # type: ignore[arg-type]


# ---------------------------------------------------------------- SPARQL at size
def scaled_nquads(tmp: Path, base_articles: int, triples: int) -> tuple[Path, int, dict[str, str]]:
    """N-Quads of ~``triples`` default-graph triples: a real built store, replicated.

    Copy k renames every IRI under ``.../id/rk/`` and every label to "NAME rk", so each
    copy is a separate industry and a name matches one entity, as in real data.
    """
    import pyoxigraph as ox

    from graph.synthetic import write_jsonl

    base = tmp / "sparql-base"
    if not base.exists():
        corpus = tmp / "sparql-base.jsonl"
        write_jsonl(corpus, base_articles, seed=3)
        run_build(corpus, base)
    store = ox.Store.read_only(str(base))
    lines = [str(q) + " .\n" for q in store]
    default = sum(1 for q in store if isinstance(q.graph_name, ox.DefaultGraph))
    copies = max(1, round(triples / default))
    label = f"<{RDFS_LABEL}> "
    path = tmp / f"sparql-{triples}.nq"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            prefix = f"https://w3id.org/akg/id/r{copy}/"
            for line in lines:
                if copy and META in line:  # one store: its bookkeeping once
                    continue
                line = line.replace("https://w3id.org/akg/id/", prefix) if copy else line
                if copy and label in line:
                    head, _, rest = line.partition(label)
                    literal, _, tail = rest.rpartition('"')
                    line = f'{head}{label}{literal} r{copy}"{tail}'
                out.write(line)
    return path, default * copies, _probes(store)


def _probes(store: object) -> dict[str, str]:
    """A label for each query parameter that has results: a company with partners, with a leader, ..."""
    import pyoxigraph as ox

    def name(node: object) -> str:
        found = next(
            iter(store.quads_for_pattern(node, ox.NamedNode(RDFS_LABEL), None, ox.DefaultGraph()))
        )  # type: ignore[attr-defined]
        return str(found.object.value)

    def pair(relation: str) -> tuple[str, str]:
        triple = next(
            iter(
                store.quads_for_pattern(
                    None, ox.NamedNode(AKG_NS + relation), None, ox.DefaultGraph()
                )
            )
        )  # type: ignore[attr-defined]
        return name(triple.subject), name(triple.object)

    partner, other = pair("partnersWith")
    _, led = pair("leads")
    investor, _ = pair("investsIn")
    return {"partners": partner, "other": other, "leaders": led, "investments": investor}


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
META = "https://w3id.org/akg/id/meta/store"
AKG_NS = "https://w3id.org/akg/ontology#"


QUERIES = [
    ("partners", {"company": "partners"}, "neighbourhood"),
    ("leaders", {"company": "leaders"}, "neighbourhood"),
    ("evidence", {"subject": "partners", "object": "other"}, "neighbourhood"),
    ("investments", {"investor": "investments"}, "neighbourhood"),
    ("partnerships", {}, "whole graph"),
    ("count-per-relation", {}, "whole graph"),
]
COUNT = "SELECT ?r (COUNT(*) AS ?n) WHERE { ?st rdf:predicate ?r } GROUP BY ?r"


def latencies(
    store: object, probes: dict[str, str], repeat: int
) -> dict[str, tuple[float, float, int]]:
    from rdflib import Literal

    from graph.query import query_text

    out = {}
    for name, params, scope in QUERIES:
        text = COUNT if name == "count-per-relation" else query_text(name)
        bindings = {k: Literal(probes[v]) for k, v in params.items()}
        runs = repeat if scope == "neighbourhood" else max(3, repeat // 4)
        times = [
            timed(lambda text=text, bindings=bindings: store.query(text, bindings)) * 1000
            for _ in range(runs)
        ]  # type: ignore[attr-defined]
        rows = len(store.query(text, bindings).rows)  # type: ignore[attr-defined]
        out[name] = (
            rows,
            statistics.median(times),
            statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times),
        )
    return out


LISTINGS = ("partnerships", "leaders", "investments", "evidence", "corroborated")


def listings(folder: Path, triples: int) -> None:
    """Whole-graph listings as a user runs them: `akg query NAME`, table and CSV, whole and paged."""
    for name in LISTINGS:
        for extra in ([], ["--format", "csv"], ["--limit", "20", "--offset", "1000"]):
            command = [sys.executable, "-m", "graph", "query", name, "--store", str(folder), *extra]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            seconds = time.perf_counter() - start
            lines = done.stdout.count("\n") - (2 if not extra or extra[0] == "--limit" else 1)
            shown = " ".join(extra) or "table"
            row(
                f"akg query {name} ({shown}), {triples:,.0f} triples, seconds",
                f"{seconds:,.1f}",
                f"{lines:,} rows",
            )


def upkeep(folder: Path, triples: int) -> None:
    """What keeping the listings costs a small write: `akg remove` of one article."""
    command = [sys.executable, "-m", "graph", "remove", "syn-3-000007", "--store", str(folder)]
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, text=True, check=True)
    row(
        f"akg remove (one article, listings kept up to date), {triples:,.0f} triples, seconds",
        f"{time.perf_counter() - start:,.1f}",
        "",
    )


def sparql(tmp: Path, sizes: list[int], rdflib_max: int) -> None:
    import pyoxigraph as ox

    from graph.store import MemoryStore, OxigraphStore

    for size in sizes:
        path, triples, probes = scaled_nquads(tmp, 2000, size)
        folder = tmp / f"sparql-store-{size}"
        raw = ox.Store(str(folder))
        raw.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        raw.optimize()  # as `akg build` leaves a store after bulk writes
        del raw
        start = time.perf_counter()
        OxigraphStore(str(folder)).close()  # a writer keeps the whole-graph listings
        row(
            f"whole-graph listings kept, {triples:,.0f} triples, seconds",
            f"{time.perf_counter() - start:,.1f}",
            "once, by the first writer; after that only the labels a write touches",
        )
        listings(folder, triples)
        upkeep(folder, triples)
        oxi = OxigraphStore(str(folder), read_only=True)
        results = {"oxigraph": latencies(oxi, probes, 21)}
        oxi.close()
        if size <= rdflib_max:
            memory = MemoryStore()
            memory._data.parse(str(path), format="nquads")  # rdflib's own parser and memory store
            results["rdflib"] = latencies(memory, probes, 3)
        for name, _, scope in QUERIES:
            rows, ox_med, ox_p95 = results["oxigraph"][name]
            note = f"{scope}, {rows:,} rows"
            if "rdflib" in results:
                _, rd_med, _ = results["rdflib"][name]
                note += f"; rdflib memory median {rd_med:,.1f} ms ({rd_med / ox_med:.1f}x)"
            row(
                f"SPARQL {name}, {triples:,.0f} triples, Oxigraph median / p95 ms",
                f"{ox_med:,.1f} / {ox_p95:,.1f}",
                note,
            )


# ------------------------------------------------------------------------ viz
def viz(tmp: Path) -> None:
    import networkx as nx

    from graph.render import render_html

    for entities in (1000, 5000):
        graph = nx.MultiDiGraph()
        base = nx.barabasi_albert_graph(entities, 2, seed=entities)
        for node in base:
            graph.add_node(str(node), label=f"Company {node}", kind="Company", iri=f"urn:c:{node}")
        for s, o in base.edges():
            graph.add_edge(
                str(s),
                str(o),
                key="partnersWith",
                relation="partnersWith",
                status="agreed",
                evidence=[],
                evidence_count=1,
            )
        seconds = timed(
            lambda graph=graph, entities=entities: render_html(graph, tmp / f"viz-{entities}.html")
        )
        row(
            f"viz page generation, {entities:,} entities, seconds",
            f"{seconds:.2f}",
            f"{graph.number_of_edges():,} edges",
        )


def serve(tmp: Path, articles: int = 1000, clients: int = 200) -> None:
    """`akg serve` under load: many clients at once, each asking a saved query's worth."""
    import concurrent.futures

    import httpx

    from graph.pipeline import build
    from graph.serve import Limits, serving
    from graph.synthetic import generate

    corpus = tmp / "serve.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for a in generate(articles, seed=3):
            out.write(json.dumps({"id": a.id, "text": a.text}) + "\n")
    store = tmp / "serve-store"
    build([corpus], str(store), model="rules")
    query = "SELECT ?a ?b WHERE { ?a akg:partnersWith ?b . ?a rdfs:label ?n } ORDER BY ?n LIMIT 100"
    with serving(str(store), port=0, limits=Limits(timeout=120)) as server:

        def ask(_: int) -> tuple[int, float]:
            start = time.perf_counter()
            answer = httpx.get(server.url + "query", params={"query": query}, timeout=300)
            return answer.status_code, time.perf_counter() - start

        ask(0)
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(ask, range(clients)))
        wall = time.perf_counter() - start
    seconds = sorted(t for _, t in results)
    ok = sum(code == 200 for code, _ in results)
    note = f"{articles:,}-article store, {server.size} query workers"
    row(f"serve: {clients} concurrent queries answered 200", f"{ok}/{clients}", note)
    row(
        "serve: latency p50 / p95, seconds",
        f"{seconds[len(seconds) // 2]:.2f} / {seconds[int(len(seconds) * 0.95)]:.2f}",
        note,
    )
    row("serve: queries per second", f"{clients / wall:.0f}", note)


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB memory, {platform.machine()}, Python {platform.python_version()}"


def read_results(path: Path) -> dict[str, tuple[str, list[list[str]]]]:
    """Each section of a results file written by :func:`write_results`: its command and rows."""
    sections: dict[str, tuple[str, list[list[str]]]] = {}
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line.startswith("## "):
            section = line[3:].strip()
            sections[section] = ("", [])
        elif section and line.startswith("`") and line.endswith("`"):
            sections[section] = (line.strip("`"), sections[section][1])
        elif section and line.startswith("| ") and not line.startswith("| measure"):
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            if len(cells) == 3:
                sections[section][1].append(cells)
    return sections


def write_results(command: str) -> None:
    # the committed file is the record: a section not run again keeps its rows and command
    kept = read_results(RESULTS)
    for section, rows in ROWS.items():
        # a rerun replaces, in place, the rows it measured again and keeps the others
        fresh = {measure: [measure, value, note] for measure, value, note in rows}
        old = kept.get(section, ("", []))[1]
        kept[section] = (command, [fresh.pop(r[0], r) for r in old] + list(fresh.values()))
    lines = ["# Benchmark results", "", f"Machine: {machine()}.", ""]
    for section in SECTIONS:
        if section not in kept:
            continue
        ran, rows_kept = kept[section]
        lines += [
            f"## {section}",
            "",
            f"`{ran}`",
            "",
            "| measure | value | note |",
            "|---|---:|---|",
        ]
        lines += [f"| {m} | {v} | {n} |" for m, v, n in rows_kept]
        lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    global SECTION
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a first look")
    parser.add_argument("--only", help=f"comma-separated sections: {', '.join(SECTIONS)}")
    parser.add_argument(
        "--graph-sizes", help="comma-separated triple counts for the sparql section"
    )
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(SECTIONS)
    sizes = [100, 1_000, 2_000] if args.quick else [100, 1_000, 10_000]
    graph_sizes = [100_000, 300_000] if args.quick else [100_000, 1_000_000, 10_000_000]
    if args.graph_sizes:
        graph_sizes = [int(size) for size in args.graph_sizes.split(",")]
    command = "python benchmarks/run.py" + (" --quick" if args.quick else "")
    if args.graph_sizes:
        command += f" --graph-sizes {args.graph_sizes}"
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="akg-bench-") as folder:
        tmp = Path(folder)
        for SECTION in chosen:
            if SECTION == "extraction":
                extraction(tmp, 1000)
            elif SECTION == "build":
                largest = builds(tmp, sizes)
                incremental(tmp, largest, sizes[-1])
            elif SECTION == "load":
                load(tmp, 2000)
            elif SECTION == "sparql":
                sparql(tmp, graph_sizes, rdflib_max=1_000_000)
            elif SECTION == "viz":
                viz(tmp)
            elif SECTION == "serve":
                serve(tmp)
            else:
                parser.error(f"unknown section {SECTION!r}")
            write_results(command)
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
