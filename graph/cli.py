"""The ``akg`` command: parse arguments, call one library function, format the result.

Results go to stdout; progress, notices and errors to stderr. Exit codes: 0
success, 1 error (including SHACL violations), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import AkgError, FormatError

EXTRACT_FORMATS = ("jsonl", "table")


def _store_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="PATH",
        help="store folder, or memory: (default: AKG_STORE, else ~/.local/share/akg/store)",
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
        epilog="Example:\n  akg build seeds/ --store ./akg-store",
    )
    build.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help=".txt / .jsonl / .html files or folders (default: seeds/)",
    )
    _store_arg(build)
    build.add_argument(
        "--model", default="auto", help='spaCy pipeline: "auto", "rules" or a package name'
    )
    build.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="extraction processes (default 1)"
    )

    extract = commands.add_parser(
        "extract",
        help="print the facts of articles without storing them",
        formatter_class=raw,
        epilog="Example:\n  akg extract seeds/ --format jsonl",
    )
    extract.add_argument("inputs", nargs="+", metavar="INPUT")
    extract.add_argument("--format", default="table", help="jsonl or table (default)")
    extract.add_argument(
        "--model", default="auto", help='spaCy pipeline: "auto", "rules" or a package name'
    )
    extract.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="extraction processes (default 1)"
    )

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
    query.add_argument("--format", default="table", help="table (default), csv, tsv or json")
    query.add_argument("--list", action="store_true", help="list the saved queries")
    _store_arg(query)

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
        epilog="Example:\n  akg viz -o alliance.html",
    )
    viz.add_argument("-o", "--output", default="alliance.html", metavar="FILE")
    _store_arg(viz)

    evaluate = commands.add_parser(
        "eval",
        help="score extraction against a gold file: P / R / F1 per relation",
        formatter_class=raw,
        epilog="Example:\n  akg eval eval/dev.jsonl --quiet",
    )
    evaluate.add_argument("gold", metavar="GOLD.jsonl")
    evaluate.add_argument(
        "--model", default="auto", help='spaCy pipeline: "auto", "rules" or a package name'
    )
    evaluate.add_argument(
        "--quiet", action="store_true", help="scores only, without misses and false facts"
    )

    export = commands.add_parser(
        "export",
        help="write the graph as RDF or GraphML",
        formatter_class=raw,
        epilog="Example:\n  akg export -f trig -o alliance.trig",
    )
    export.add_argument(
        "-f", "--format", default="ttl", help="ttl (default), nt, nq, trig, jsonld or graphml"
    )
    export.add_argument("-o", "--output", default="-", metavar="FILE", help="default: stdout")
    _store_arg(export)
    return parser


def _build(args: argparse.Namespace) -> int:
    from .pipeline import build, default_inputs
    from .store import default_location, show_location

    location = args.store or default_location()
    print(f"Store: {show_location(location)}", file=sys.stderr)
    report = build(
        args.inputs or default_inputs(), location, model=args.model, jobs=args.jobs, progress=True
    )
    print(report.summary())
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
        "subject_iri": str(entity_node(fact.subject)),
        "object_iri": str(entity_node(fact.object)),
    }
    if fact.object.parent is not None:
        record["object_parent"] = fact.object.parent.label
    return {k: v for k, v in record.items() if v is not None}


def _extract(args: argparse.Namespace) -> int:
    from .articles import check_inputs
    from .pipeline import extract_articles

    if args.format not in EXTRACT_FORMATS:
        raise FormatError(
            f'unknown format "{args.format}"; use one of: {", ".join(EXTRACT_FORMATS)}'
        )
    check_inputs(args.inputs)
    for article, facts in extract_articles(args.inputs, model=args.model, jobs=args.jobs):
        for fact in facts:
            record = _fact_record(article.id, fact)
            if args.format == "jsonl":
                print(json.dumps(record, ensure_ascii=False))
            else:
                extra = record.get("status") or record.get("role") or ""
                print(
                    f"{article.id}\t{record['subject']}\t{record['predicate']}\t{record['object']}\t{extra}\t{record['confidence']}"
                )
    return 0


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise AkgError(f'--param "{pair}": write it as NAME=VALUE, e.g. --param company=Nissan')
        params[name] = value
    return params


def _query(args: argparse.Namespace) -> int:
    from .query import FORMATS, format_rows, run_query, saved_queries
    from .store import Rows, open_store

    if args.list:
        for query in saved_queries().values():
            print(f"{query.name:14}{query.description}")
        return 0
    if not args.spec:
        raise AkgError(
            "give a query: SPARQL text, a .rq file or a saved query name (akg query --list)"
        )
    if args.format not in FORMATS:
        raise FormatError(f'unknown format "{args.format}"; use one of: {", ".join(FORMATS)}')
    store = open_store(args.store, read_only=True)
    try:
        result = run_query(store, args.spec, _params(args.param))
    finally:
        store.close()
    if isinstance(result, Rows):
        sys.stdout.write(format_rows(result, args.format))
    elif isinstance(result, bool):
        print("true" if result else "false")
    else:
        sys.stdout.write(result.serialize(format="turtle"))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .store import open_store, union_graph
    from .validate import validate

    store = open_store(args.store, read_only=True)
    try:
        graph = union_graph(store.dataset())
    finally:
        store.close()
    report = validate(graph)
    if report.conforms:
        print(f"Conforms: {len(graph)} triples match the shapes")
        return 0
    sys.stdout.write(report.text)
    return 1


def _viz(args: argparse.Namespace) -> int:
    from .network import to_networkx
    from .render import render_html
    from .store import open_store

    store = open_store(args.store, read_only=True)
    try:
        graph = to_networkx(store)
    finally:
        store.close()
    path = render_html(graph, args.output)
    print(f"Wrote {path} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .evaluate import evaluate, read_gold, report
    from .extract import Extractor
    from .nlp import load_pipeline

    path = Path(args.gold)
    if not path.is_file():
        raise InputError(f"{args.gold}: no such file or directory")
    items = read_gold(path)
    sys.stdout.write(
        report(evaluate(items, Extractor(load_pipeline(args.model))), details=not args.quiet)
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export import export

    text = export(args.store, args.format)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}", file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": _build,
    "extract": _extract,
    "query": _query,
    "validate": _validate,
    "viz": _viz,
    "eval": _eval,
    "export": _export,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``akg`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
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


if __name__ == "__main__":
    sys.exit(main())
