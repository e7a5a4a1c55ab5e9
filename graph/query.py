"""SPARQL text, a .rq file or the name of a saved query -> rows, and rows -> text.

Saved queries live in ``graph/queries/*.rq``; their first comment lines say what
they do and which parameters they take. Parameters are bound by the engine
(SPARQL substitution), never pasted into the query text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .errors import FormatError, QueryError
from .formats import ROWS
from .rows import Rows

if TYPE_CHECKING:
    from rdflib.term import Identifier

    from .store import Result, Store

FORMATS = ROWS


_PARAMETER = re.compile(
    r"#\s*Parameter\s+(?P<name>\w+)\s*(?P<optional>\(optional\))?\s*:\s*(?P<help>.*)"
)
_KEPT = re.compile(r"#\s*Kept per:\s*(?P<variable>\w+)")


@dataclass(frozen=True)
class Parameter:
    """A name a saved query can be given (``--param NAME=VALUE``): always an entity's name."""

    name: str
    optional: bool
    help: str

    def __str__(self) -> str:
        return f"[{self.name}]" if self.optional else self.name


@dataclass(frozen=True)
class SavedQuery:
    """A query shipped with the package: its header comments say what it does and takes."""

    name: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = ()
    #: For a whole-graph listing kept beside the store (:mod:`graph.listings`): the
    #: variable, an entity's label, that its rows are kept and recomputed by.
    kept_per: str | None = None


def saved_queries() -> dict[str, SavedQuery]:
    """Every saved query, by name."""
    found: dict[str, SavedQuery] = {}
    for item in sorted(
        resources.files("graph").joinpath("queries").iterdir(), key=lambda i: i.name
    ):
        if not item.name.endswith(".rq"):
            continue
        text = item.read_text(encoding="utf-8")
        comments = [line for line in text.splitlines() if line.startswith("#")]
        parameters = tuple(
            Parameter(m["name"], bool(m["optional"]), m["help"].strip())
            for m in map(_PARAMETER.match, comments)
            if m is not None
        )
        kept = [m["variable"] for m in map(_KEPT.match, comments) if m is not None]
        description = " ".join(
            c[1:].strip() for c in comments if not _PARAMETER.match(c) and not _KEPT.match(c)
        )
        found[item.name[:-3]] = SavedQuery(
            item.name[:-3], description, text, parameters, kept[0] if kept else None
        )
    return found


_LABELS = """SELECT DISTINCT ?label WHERE {
  ?entity rdfs:label ?label .
  FILTER (LCASE(STR(?label)) = LCASE(STR(?given)))
} ORDER BY ?label"""


def resolve_name(store: Store, name: str) -> str:
    """The stored label a name stands for, as extraction resolves names.

    A name or alias of the reference table gives its entity's label ("Honda Motor
    Co." is Honda); any other name matches a stored label whatever its case; a
    name that matches nothing is kept as given.
    """
    from .resolve import default_reference

    entry = default_reference().lookup(name)
    if entry is not None:
        return entry.label
    found = store.query(_LABELS, _literals({"given": name}))
    if isinstance(found, Rows) and found.rows and found.rows[0][0] is not None:
        return str(found.rows[0][0])
    return name


def _saved_bindings(saved: SavedQuery, store: Store, params: dict[str, str]) -> dict[str, str]:
    known = {p.name: p for p in saved.parameters}
    unknown = sorted(set(params) - set(known))
    if unknown:
        takes = ", ".join(map(str, saved.parameters)) or "none"
        raise QueryError(
            f'{saved.name} has no parameter "{unknown[0]}"; its parameters: {takes} '
            "(optional ones in brackets)"
        )
    missing = [p.name for p in saved.parameters if not p.optional and p.name not in params]
    if missing:
        raise QueryError(f"{saved.name} needs --param {missing[0]}=NAME ({known[missing[0]].help})")
    return {name: resolve_name(store, value) for name, value in params.items()}


def query_text(spec: str) -> str:
    """The SPARQL text for a saved query name, a ``.rq`` file path, or SPARQL itself."""
    saved = saved_queries()
    if spec in saved:
        return saved[spec].text
    if spec.endswith(".rq") or (len(spec) < 300 and "\n" not in spec and Path(spec).is_file()):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        return path.read_text(encoding="utf-8")
    if not any(word in spec.upper() for word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        names = ", ".join(saved)
        raise QueryError(f'"{spec}" is not a saved query ({names}), a .rq file, or SPARQL')
    return spec


def run_query(
    store: Store,
    spec: str,
    params: dict[str, str] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Result:
    """Run a query (see :func:`query_text`) with ``params`` bound as plain literals.

    A saved query takes only the parameters it declares, and each value is a
    name resolved as extraction resolves names (:func:`resolve_name`). A
    whole-graph listing asked without parameters is read from the rows the store
    keeps for it when it has them (:mod:`graph.listings`), the same rows in the
    same order. ``limit`` and ``offset`` give a page of a SELECT's rows.
    """
    params = dict(params or {})
    saved = saved_queries().get(spec)
    if saved is not None:
        params = _saved_bindings(saved, store, params)
        if saved.kept_per is not None and not params:
            kept = store.listing(saved, limit, offset)
            if kept is not None:
                return kept
    result = store.query(query_text(spec), _literals(params))
    if isinstance(result, Rows) and params and {"subject", "object"} & set(params):
        result = _either_way(store, query_text(spec), params, result)
    if isinstance(result, Rows) and (limit is not None or offset):
        end = None if limit is None else offset + limit
        result = Rows(result.variables, result.rows[offset:end])
    return result


def _literals(params: dict[str, str]) -> dict[str, Identifier]:
    from rdflib import Literal

    return {k: Literal(v) for k, v in params.items()}


def _either_way(store: Store, sparql: str, params: dict[str, str], rows: Rows) -> Rows:
    """Rows asked by subject and object, with symmetric facts stored the other way round.

    A partnership between Honda and Nissan is stored once, in one order; asked
    as ``subject=Nissan object=Honda`` it answers too, its two names swapped.
    """
    from .relations import SYMMETRIC

    names = rows.variables
    if not {"subject", "relation", "object"} <= set(names):
        return rows
    swapped = {"subject": params.get("object"), "object": params.get("subject")}
    other = store.query(sparql, _literals({k: v for k, v in swapped.items() if v is not None}))
    assert isinstance(other, Rows)
    s, r, o = (names.index(n) for n in ("subject", "relation", "object"))
    extra = []
    for row in other.rows:
        if str(row[r]) in SYMMETRIC:
            flipped = list(row)
            flipped[s], flipped[o] = row[o], row[s]
            extra.append(tuple(flipped))
    seen = set(rows.rows)
    added = [row for row in extra if row not in seen]
    if not added:
        return rows
    return Rows(names, sorted([*rows.rows, *added], key=lambda row: tuple(map(_plain, row))))


def _plain(term: Identifier | None) -> str:
    return "" if term is None else str(term)


def _ntriples(term: Identifier | None) -> str:
    return "" if term is None else term.n3()


# control characters from an article (escape sequences, tabs, line breaks) never reach a terminal
_CONTROLS = {code: " " for code in [*range(32), 127, *range(128, 160)]}


def _cell_text(term: Identifier | None) -> str:
    text = _plain(term)
    return (text if text.isprintable() else text.translate(_CONTROLS)).strip()


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (two for a wide CJK character, none for a combining one)."""
    if text.isascii():
        return len(text)
    from wcwidth import wcswidth

    width: int = wcswidth(text)
    return width if width >= 0 else len(text)


def _table(rows: Rows) -> Iterator[str]:
    """An aligned table, laid out as tabulate's "simple" format, a line at a time.

    tabulate itself works out the type of every cell first (about 6 µs a cell:
    1.9 s for the 37,961 rows of a listing at 10^6 triples, ten times that at 10^7).
    """
    shown: dict[int, tuple[str, int]] = {}  # by term: a listing repeats its names and statuses
    cells = []
    for row in rows.rows:
        texts = []
        for term in row:
            found = shown.get(id(term))
            if found is None:
                text = _cell_text(term)
                found = shown[id(term)] = (text, _width(text))
            texts.append(found)
        cells.append(texts)
    widths = [len(name) + 2 for name in rows.variables]
    for texts in cells:
        for i, (_, w) in enumerate(texts):
            if w > widths[i]:
                widths[i] = w

    def line(texts: Sequence[tuple[str, int]]) -> str:
        # the last column is not padded: a long cell there (a fact's hundred articles)
        # would otherwise widen every line before it is stripped again
        if not texts:
            return ""
        padded = [t + " " * (w - tw) for (t, tw), w in zip(texts[:-1], widths, strict=False)]
        return "  ".join([*padded, texts[-1][0]]).rstrip()

    yield line([(name, len(name)) for name in rows.variables])
    yield "  ".join("-" * w for w in widths)
    for texts in cells:
        yield line(texts)


def write_rows(rows: Rows, fmt: str, out: TextIO) -> None:
    """Rows written to ``out`` as they are formatted (see :func:`format_rows`)."""
    if fmt == "table":
        for text in _table(rows):
            out.write(text + "\n")
    elif fmt == "csv":  # SPARQL 1.1 CSV: lexical forms, blank nodes as _:id, CRLF line ends
        from rdflib import BNode

        writer = csv.writer(out)
        writer.writerow(rows.variables)
        writer.writerows(
            ["" if v is None else f"_:{v}" if isinstance(v, BNode) else str(v) for v in row]
            for row in rows.rows
        )
    elif fmt == "tsv":
        out.write("\t".join(f"?{v}" for v in rows.variables) + "\n")
        for row in rows.rows:
            out.write("\t".join(_ntriples(v) for v in row) + "\n")
    elif fmt == "json":
        from rdflib import Variable
        from rdflib.query import Result

        result = Result("SELECT")
        result.vars = [Variable(name) for name in rows.variables]
        result.bindings = [
            {
                Variable(name): value
                for name, value in zip(rows.variables, row, strict=True)
                if value is not None
            }
            for row in rows.rows
        ]
        out.write((result.serialize(format="json") or b"").decode("utf-8") + "\n")
    else:
        raise FormatError(f'unknown format "{fmt}"; use one of: {", ".join(FORMATS)}')


def format_rows(rows: Rows, fmt: str = "table") -> str:
    """Rows as text: an aligned table, CSV, TSV or SPARQL 1.1 JSON results.

    CSV, TSV and JSON follow the W3C SPARQL 1.1 result formats, so other tools
    read them as they are.
    """
    buffer = io.StringIO()
    write_rows(rows, fmt, buffer)
    return buffer.getvalue()
