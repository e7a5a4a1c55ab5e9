"""The ``akg`` command: parse arguments, call one library function, format the result.

Results go to stdout; progress, notices and errors to stderr. Exit codes: 0
success, 1 error (including SHACL violations), 2 usage.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import AkgError
from .formats import FACTS, GRAPH, NETWORK, ROWS

if TYPE_CHECKING:
    from .fetch import FetchOptions
    from .store import Store


class _Usage(Exception):
    """A command line that cannot work as given: exit 2 with the command's usage."""


def _location(value: str) -> str:
    """A ``--store`` value; ``memory:`` keeps nothing between commands, so it is refused here."""
    if value.strip().lower() == "memory:":
        raise argparse.ArgumentTypeError(
            "memory: keeps nothing between two commands (it is for the Python API, "
            'graph.open_store("memory:")); give a folder'
        )
    return value


def _store_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=_location,
        metavar="PATH",
        help="store folder or sparql+http(s)://... (default: AKG_STORE, else ~/.local/share/akg/store)",
    )


def _day(value: str) -> dt.date:
    """An ``--as-of`` value: a date, or a usage error naming the format."""
    from .dates import parse_date

    day = parse_date(value) if len(value.strip()) == 10 else None
    if day is None:
        raise argparse.ArgumentTypeError(
            f'"{value}" is not a date; use YYYY-MM-DD, such as 2024-06-30'
        )
    return day


def _count(value: str) -> int:
    """A ``--limit`` or ``--offset`` value: a whole number, 0 or more."""
    if not value.strip().isdigit():
        raise argparse.ArgumentTypeError(f'"{value}" is not a whole number of rows, such as 20')
    return int(value)


def _as_of_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=_day,
        metavar="DATE",
        help="the graph as it stood on DATE (YYYY-MM-DD): evidence up to that day, each fact's state then",
    )


@contextlib.contextmanager
def _reading(args: argparse.Namespace) -> Iterator[Store]:
    """The store to read, or with ``--as-of`` the graph as it stood that day."""
    from .store import open_store

    store = open_store(args.store, read_only=True, on_notice=_notice)
    try:
        if getattr(args, "as_of", None) is None:
            yield store
            return
        from .history import as_of

        view = as_of(store, args.as_of)
    finally:
        store.close()
    print(view.summary(), file=sys.stderr)
    yield view.store


def _extraction_args(parser: argparse.ArgumentParser, *, jobs: bool) -> None:
    parser.add_argument(
        "--model",
        default="learned",
        help='"learned" (default: the trained model decides, rules among its features), '
        '"rules" (rules decide), "auto" or a spaCy package name (its NER finds names too)',
    )
    if jobs:
        parser.add_argument(
            "--jobs", type=int, default=1, metavar="N", help="extraction processes (default 1)"
        )


def _web_args(parser: argparse.ArgumentParser) -> None:
    web = parser.add_argument_group(
        "web pages and feeds (http(s):// inputs, and pages a feed links to)"
    )
    web.add_argument(
        "--offline",
        action="store_true",
        help="read fetched pages from the cache only, never the network",
    )
    web.add_argument(
        "--cache",
        metavar="DIR",
        help="where fetched pages are kept (default: AKG_CACHE, else ~/.cache/akg/pages)",
    )
    web.add_argument(
        "--timeout", type=float, default=20.0, metavar="SECONDS", help="per request (default 20)"
    )
    web.add_argument(
        "--delay",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="between two requests to one host (default 1)",
    )
    web.add_argument(
        "--max-bytes",
        type=int,
        default=10_000_000,
        metavar="N",
        help="largest page read (default 10000000)",
    )


def _fetch_options(args: argparse.Namespace) -> FetchOptions:
    from .fetch import FetchOptions

    return FetchOptions(
        cache=args.cache,
        offline=args.offline,
        timeout=args.timeout,
        delay=args.delay,
        max_bytes=args.max_bytes,
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="akg",
        description="Automotive alliance knowledge graph: news articles in, an RDF graph out.",
        epilog="Example: akg build seeds/ && akg query partnerships",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    raw = argparse.RawDescriptionHelpFormatter

    build = commands.add_parser(
        "build",
        help="ingest articles into the store (idempotent)",
        formatter_class=raw,
        epilog=(
            "Examples:\n  akg build seeds/ --store ./akg-store\n"
            "  akg build https://news.example.com/autos/feed.xml"
        ),
    )
    build.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help=".txt / .jsonl / .html files, feeds (.rss / .atom / .xml), folders, "
        "or http(s) URLs of pages and feeds (default: seeds/)",
    )
    _store_arg(build)
    _extraction_args(build, jobs=True)
    _web_args(build)

    extract = commands.add_parser(
        "extract",
        help="print the facts of articles without storing them",
        formatter_class=raw,
        epilog="Example:\n  akg extract seeds/ --format jsonl",
    )
    extract.add_argument("inputs", nargs="+", metavar="INPUT")
    extract.add_argument(
        "--format", default="table", choices=FACTS, help="jsonl or table (default)"
    )
    _extraction_args(extract, jobs=True)
    _web_args(extract)

    remove = commands.add_parser(
        "remove",
        help="retract articles: what they alone supported goes, facts others state stay",
        formatter_class=raw,
        epilog="Example:\n  akg remove 000_cf875de2c11c43bd",
    )
    remove.add_argument("ids", nargs="+", metavar="ID", help="article ids, as built")
    _store_arg(remove)

    query = commands.add_parser(
        "query",
        help="run SPARQL: text, a .rq file or a saved query",
        formatter_class=raw,
        epilog="Examples:\n  akg query partners --param company=Nissan\n  akg query 'SELECT ?s WHERE { ?s a akg:Company }' --format csv\n  akg query --list",
    )
    query.add_argument("spec", nargs="?", metavar="QUERY")
    query.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="bind ?NAME to a literal"
    )
    query.add_argument(
        "--format", default="table", choices=ROWS, help="table (default), csv, tsv or json"
    )
    query.add_argument(
        "--limit", type=_count, metavar="N", help="at most N rows, after the query's own order"
    )
    query.add_argument(
        "--offset", type=_count, default=0, metavar="N", help="skip the first N rows (default 0)"
    )
    query.add_argument("--list", action="store_true", help="list the saved queries")
    _store_arg(query)
    _as_of_arg(query)

    validate = commands.add_parser(
        "validate",
        help="check the graph against the SHACL shapes",
        formatter_class=raw,
        epilog="Example:\n  akg validate --store ./akg-store",
    )
    _store_arg(validate)

    viz = commands.add_parser(
        "viz",
        help="write an interactive HTML page of the graph (works offline)",
        formatter_class=raw,
        epilog="Examples:\n  akg viz -o alliance.html\n  akg viz --focus Nissan --depth 2 -o nissan.html",
    )
    viz.add_argument("-o", "--output", default="alliance.html", metavar="FILE")
    viz.add_argument("--focus", metavar="NAME", help="draw only this entity and its neighbours")
    viz.add_argument(
        "--depth", type=int, default=1, metavar="N", help="with --focus: relations away (default 1)"
    )
    viz.add_argument(
        "--max-nodes",
        type=int,
        default=None,
        metavar="N",
        help="draw at most N entities, the most connected (default 1500; 0: all)",
    )
    viz.add_argument(
        "--size-by",
        default="degree",
        metavar="MEASURE",
        help="node size: degree (default), betweenness, closeness, eigenvector or none",
    )
    viz.add_argument("--seed", type=int, default=7, help="layout seed (default 7)")
    viz.add_argument("--title", default="Automotive alliance graph", help="page heading")
    _store_arg(viz)
    _as_of_arg(viz)

    analyze = commands.add_parser(
        "analyze",
        help="network analytics: centrality, communities, chains, shared partners",
        formatter_class=raw,
        epilog=(
            "Examples:\n  akg analyze centrality --measure betweenness --top 10\n"
            "  akg analyze communities\n  akg analyze path Honda Renault\n"
            "  akg analyze shared Nissan"
        ),
    )
    analyze.add_argument(
        "analysis",
        choices=("centrality", "communities", "path", "shared"),
        help="centrality | communities | path A B | shared [COMPANY]",
    )
    analyze.add_argument(
        "names", nargs="*", metavar="NAME", help="companies (path: two; shared: one)"
    )
    analyze.add_argument(
        "--measure",
        default="degree",
        help="degree (default), betweenness, closeness or eigenvector",
    )
    analyze.add_argument("--top", type=int, default=0, metavar="N", help="first N rows only")
    analyze.add_argument(
        "--format", default="table", choices=ROWS, help="table (default), csv, tsv or json"
    )
    _store_arg(analyze)
    _as_of_arg(analyze)

    evaluate = commands.add_parser(
        "eval",
        help="score extraction against a gold file: P / R / F1 per relation",
        formatter_class=raw,
        epilog="Example:\n  akg eval eval/dev.jsonl --quiet",
    )
    evaluate.add_argument("gold", metavar="GOLD.jsonl")
    _extraction_args(evaluate, jobs=False)
    evaluate.add_argument(
        "--quiet", action="store_true", help="scores only, without misses and false facts"
    )

    train = commands.add_parser(
        "train",
        help="train the extraction model from passages (seeded; writes its weights)",
        formatter_class=raw,
        epilog="Example:\n  akg train --config train/config.toml",
    )
    train.add_argument("--config", default="train/config.toml", metavar="FILE")
    train.add_argument(
        "--fraction", type=float, default=None, help="share of the training passages used"
    )
    train.add_argument(
        "--no-rules", action="store_true", help="train without the rules' verdicts as features"
    )
    train.add_argument("-o", "--output", default=None, metavar="FILE", help="where the weights go")

    export = commands.add_parser(
        "export",
        help="write the graph as RDF or GraphML",
        formatter_class=raw,
        epilog="Example:\n  akg export -f trig -o alliance.trig",
    )
    export.add_argument(
        "-f",
        "--format",
        default="ttl",
        choices=(*GRAPH, *NETWORK),
        metavar="FORMAT",
        help="ttl (default), nt, nq, trig, jsonld, graphml, gexf (-o FILE) or csv (-o FOLDER)",
    )
    export.add_argument("-o", "--output", default="-", metavar="FILE", help="default: stdout")
    _store_arg(export)
    _as_of_arg(export)

    serve = commands.add_parser(
        "serve",
        help="serve the graph over the SPARQL 1.1 Protocol on 127.0.0.1 (read-only by default)",
        formatter_class=raw,
        epilog="Examples:\n  akg serve --port 7878\n  AKG_SERVE_TOKEN=secret akg serve --allow-updates",
    )
    serve.add_argument(
        "--port", type=int, default=7878, metavar="N", help="port to listen on (default 7878)"
    )
    serve.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="query time limit (default 30)",
    )
    serve.add_argument(
        "--max-rows",
        type=int,
        default=100_000,
        metavar="N",
        help="result-size limit in rows or triples (default 100000)",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="NAME",
        help="address to listen on and the only Host name served besides loopback (default 127.0.0.1)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="queries answered at once (default: the number of CPUs)",
    )
    serve.add_argument(
        "--allow-service",
        action="store_true",
        help="let queries call other endpoints with SERVICE (off: the server would fetch any URL)",
    )
    serve.add_argument(
        "--allow-updates",
        action="store_true",
        help="accept SPARQL updates carrying the token in AKG_SERVE_TOKEN (made up when unset)",
    )
    _store_arg(serve)
    return parser


def _notice(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    from .pipeline import build, default_inputs
    from .store import default_location, show_location

    location = args.store or default_location()
    print(f"Store: {show_location(location)}", file=sys.stderr)
    report = build(
        args.inputs or default_inputs(),
        location,
        model=args.model,
        jobs=args.jobs,
        progress=True,
        fetch=_fetch_options(args),
    )
    print(report.summary())
    return 0


def _remove(args: argparse.Namespace) -> int:
    from .pipeline import remove
    from .store import default_location, show_location

    location = args.store or default_location()
    print(f"Store: {show_location(location)}", file=sys.stderr)
    print(remove(args.ids, location).summary())
    return 0


def _fact_record(doc: str, fact: object) -> dict[str, object]:
    from .model import Fact
    from .rdf import entity_node

    assert isinstance(fact, Fact)
    q = fact.qualifiers
    record: dict[str, object] = {
        "doc": doc,
        "subject": fact.subject.label,
        "predicate": fact.relation.value,
        "object": fact.object.label,
        "subject_type": fact.subject.kind.value,
        "object_type": fact.object.kind.value,
        "status": q.status.value if q.status else None,
        "kind": q.kind,
        "role": q.role,
        "tenure": q.tenure,
        "amount": q.amount,
        "currency": q.currency,
        "amount_text": q.amount_text,
        "stake": q.stake,
        "confidence": fact.evidence.confidence,
        "evidence": fact.evidence.sentence,
        "start": fact.evidence.start,
        "end": fact.evidence.end,
        "rules": list(fact.evidence.rules) or None,
        "subject_iri": str(entity_node(fact.subject)),
        "object_iri": str(entity_node(fact.object)),
    }
    if fact.object.parent is not None:
        record["object_parent"] = fact.object.parent.label
    return {k: v for k, v in record.items() if v is not None}


def _extract(args: argparse.Namespace) -> int:
    from .articles import check_inputs
    from .fetch import Fetcher
    from .pipeline import extract_articles
    from .web import Web

    with Fetcher(_fetch_options(args)) as fetcher:
        check_inputs(args.inputs, Web(fetcher, on_skip=lambda skip: None, progress=True))
        web = Web(fetcher)
        for article, facts in extract_articles(args.inputs, args.model, args.jobs, web):
            _print_facts(article.id, facts, args.format)
    return 0


def _print_facts(doc: str, facts: Sequence[object], output: str) -> None:
    for fact in facts:
        record = _fact_record(doc, fact)
        if output == "jsonl":
            print(json.dumps(record, ensure_ascii=False))
        else:
            extra = record.get("status") or record.get("role") or ""
            print(
                f"{doc}\t{record['subject']}\t{record['predicate']}\t{record['object']}\t{extra}\t{record['confidence']}"
            )


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise AkgError(f'--param "{pair}": write it as NAME=VALUE, e.g. --param company=Nissan')
        params[name] = value
    return params


def _query(args: argparse.Namespace) -> int:
    from .query import run_query, saved_queries, write_rows
    from .store import Rows

    if args.list:
        for query in saved_queries().values():
            takes = " ".join(
                f"[--param {p.name}=NAME]" if p.optional else f"--param {p.name}=NAME"
                for p in query.parameters
            )
            print(f"{query.name:14}{query.description}" + (f" Takes {takes}." if takes else ""))
        return 0
    if not args.spec:
        raise _Usage(
            "give a query: SPARQL text, a .rq file or a saved query name (akg query --list)"
        )
    with _reading(args) as store:
        result = run_query(
            store, args.spec, _params(args.param), limit=args.limit, offset=args.offset
        )
    if (args.limit is not None or args.offset) and not isinstance(result, Rows):
        raise _Usage("--limit and --offset page the rows of a SELECT query")
    if isinstance(result, Rows):
        write_rows(result, args.format, sys.stdout)
    elif isinstance(result, bool):
        print("true" if result else "false")
    else:
        sys.stdout.write(result.serialize(format="turtle"))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .store import open_store, union_graph
    from .validate import validate

    with open_store(args.store, read_only=True, on_notice=_notice) as store:
        graph = union_graph(store.dataset())
    report = validate(graph)
    if report.conforms:
        print(f"Conforms: {len(graph)} triples match the shapes")
        return 0
    sys.stdout.write(report.text)
    count = len(report.violations)
    print(
        f"Does not conform: {count} violation{'s' if count != 1 else ''} in {len(graph)} triples; "
        "the lines above name each node and what the shapes expect"
    )
    return 1


def _viz(args: argparse.Namespace) -> int:
    from .analyze import neighbourhood
    from .network import to_networkx
    from .render import DEFAULT_MAX_NODES, cut, render_html

    with _reading(args) as store:
        graph = to_networkx(store)
    if args.focus is not None:
        graph = neighbourhood(graph, args.focus, args.depth)
    limit = DEFAULT_MAX_NODES if args.max_nodes is None else args.max_nodes
    path = render_html(
        graph, args.output, title=args.title, seed=args.seed, max_nodes=limit, size_by=args.size_by
    )
    drawn, _ = cut(graph, limit)
    nodes, edges = drawn.number_of_nodes(), drawn.number_of_edges()
    if nodes < graph.number_of_nodes():
        print(
            f"Wrote {path} ({nodes} of {graph.number_of_nodes()} nodes, "
            f"{edges} of {graph.number_of_edges()} edges: the most connected; --max-nodes 0 draws all)"
        )
    else:
        print(f"Wrote {path} ({nodes} nodes, {edges} edges)")
    return 0


def _analyze(args: argparse.Namespace) -> int:
    from .analyze import ANALYSES, analysis_rows
    from .network import to_networkx
    from .query import format_rows

    low, high = ANALYSES[args.analysis]
    if not low <= len(args.names) <= high:
        wanted = {"path": "two names: akg analyze path Honda Renault"}.get(
            args.analysis, f"at most {high} name{'s' if high != 1 else ''}"
        )
        raise _Usage(f"{args.analysis} takes {wanted}")
    with _reading(args) as store:
        graph = to_networkx(store)
    rows = analysis_rows(graph, args.analysis, args.names, measure=args.measure, top=args.top)
    sys.stdout.write(format_rows(rows, args.format))
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .evaluate import evaluate, read_gold, report
    from .extractors import make_extractor

    path = Path(args.gold)
    if not path.is_file():
        raise InputError(f"{args.gold}: no such file or directory")
    items = read_gold(path)
    sys.stdout.write(report(evaluate(items, make_extractor(args.model)), details=not args.quiet))
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export import export, export_network

    if args.format in NETWORK:
        if args.output == "-":
            what = "a file" if args.format == "gexf" else "a folder for nodes.csv and edges.csv"
            raise AkgError(f"-f {args.format} writes {what}: give it with -o")
        with _reading(args) as store:
            written = export_network(store, args.format, args.output)
        for path in written:
            print(f"Wrote {path}", file=sys.stderr)
        return 0
    with _reading(args) as store:
        text = export(store, args.format)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    import contextlib
    import signal

    from .serve import Limits, Server, new_token, token_from_env
    from .store import default_location, show_location

    location = args.store or default_location()
    if "://" in location:
        raise AkgError(f"{location}: a remote store is served by its own server; query it there")
    token = None
    if args.allow_updates:
        token = token_from_env()
        if token is None:
            token = new_token()
            print(f"Update token (send as Authorization: Bearer): {token}", file=sys.stderr)
    server = Server(
        location,
        args.port,
        limits=Limits(args.timeout, args.max_rows),
        token=token,
        host=args.host,
        allow_service=args.allow_service,
        workers=args.workers,
    )
    server.start()

    def _terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    mode = "updates with the token" if token else "read-only"
    print(f"Store: {show_location(location)} ({mode})", file=sys.stderr)
    print(f"Ready: {server.url} (query endpoint {server.url}query); Ctrl-C stops", file=sys.stderr)
    sys.stderr.flush()
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()  # returns on Ctrl-C or SIGTERM, the workers stopped
    print("Stopped", file=sys.stderr)
    return 0


def _train(args: argparse.Namespace) -> int:
    import dataclasses

    from .training import read_config, train

    config = read_config(Path(args.config))
    if args.fraction is not None:
        config = dataclasses.replace(config, fraction=args.fraction)
    if args.no_rules:
        config = dataclasses.replace(config, use_rules=False)
    written = train(config).save(config, Path(args.output) if args.output else None)
    print("Written: " + ", ".join(map(str, written)), file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "train": _train,
    "build": _build,
    "remove": _remove,
    "extract": _extract,
    "query": _query,
    "validate": _validate,
    "viz": _viz,
    "analyze": _analyze,
    "eval": _eval,
    "export": _export,
    "serve": _serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``akg`` command; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if hasattr(args, "store") and args.store is None:
            _location(os.environ.get("AKG_STORE", ""))
        return COMMANDS[args.command](args)
    except argparse.ArgumentTypeError as exc:
        print(f"akg {args.command}: error: AKG_STORE: {exc}", file=sys.stderr)
        return 2
    except _Usage as exc:
        print(f"akg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except AkgError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "Interrupted; run the same command again to finish (finished articles are kept).",
            file=sys.stderr,
        )
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the file system refused: name the file and the reason
        where = f"{exc.filename}: " if exc.filename else ""
        reason = (exc.strerror or str(exc)).lower()
        print(
            f"Error: {where}{reason}; fix that and run the same command again "
            "(what was written before is kept)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
