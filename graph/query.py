"""SPARQL text, a .rq file or the name of a saved query -> rows, and rows -> text.

Saved queries live in ``graph/queries/*.rq``; their first comment lines say what
they do and which parameters they take. Parameters are bound by the engine
(SPARQL substitution), never pasted into the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

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
        description = " ".join(c[1:].strip() for c in comments if not _PARAMETER.match(c))
        found[item.name[:-3]] = SavedQuery(item.name[:-3], description, text, parameters)
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


def run_query(store: Store, spec: str, params: dict[str, str] | None = None) -> Result:
    """Run a query (see :func:`query_text`) with ``params`` bound as plain literals.

    A saved query takes only the parameters it declares, and each value is a
    name resolved as extraction resolves names (:func:`resolve_name`).
    """
    params = dict(params or {})
    saved = saved_queries().get(spec)
    if saved is not None:
        params = _saved_bindings(saved, store, params)
    result = store.query(query_text(spec), _literals(params))
    if isinstance(result, Rows) and params and {"subject", "object"} & set(params):
        result = _either_way(store, query_text(spec), params, result)
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


def format_rows(rows: Rows, fmt: str = "table") -> str:
    """Rows as text: an aligned table, CSV, TSV or SPARQL 1.1 JSON results.

    CSV, TSV and JSON follow the W3C SPARQL 1.1 result formats, so other tools
    read them as they are.
    """
    if fmt in ("json", "csv"):
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
        text = (result.serialize(format=fmt) or b"").decode("utf-8")
        return text if fmt == "csv" else text + "\n"
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in rows.variables)]
        lines += ["\t".join(_ntriples(v) for v in row) for row in rows.rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        from tabulate import tabulate

        cells = [[_plain(v).replace("\n", " ") for v in row] for row in rows.rows]
        table: str = tabulate(
            cells, headers=rows.variables, tablefmt="simple", disable_numparse=True
        )
        return table + "\n"
    raise FormatError(f'unknown format "{fmt}"; use one of: {", ".join(FORMATS)}')
