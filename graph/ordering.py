"""A query's final ORDER BY, applied to its rows after the engine has answered.

Oxigraph sorts by decoding the compared strings again at every comparison, which
on a whole-graph listing (10^5 rows and more) takes longer than answering the
query itself. When a query ends with ``ORDER BY`` over plain variables (``?x``,
``ASC(?x)``, ``DESC(?x)``), the store runs it without that clause and sorts the
rows here, in SPARQL's order: unbound first, then blank nodes, IRIs and
literals; numbers by value, booleans and everything else by their text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef

from .rows import Rows

if TYPE_CHECKING:
    from rdflib.term import Identifier

_KEY = r"(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+)"
_TRAILING_ORDER = re.compile(rf"\bORDER\s+BY\s+((?:{_KEY}\s*)+)(?:#[^\n]*\s*)*$", re.IGNORECASE)
_ONE_KEY = re.compile(r"(ASC|DESC)?\s*\(?\s*\?(\w+)", re.IGNORECASE)

_ZERO = Decimal(0)
_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#" + name
    for name in (
        "integer",
        "decimal",
        "float",
        "double",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
    )
}


@dataclass(frozen=True)
class OrderKey:
    """One key of an ORDER BY: a variable, ascending or not."""

    variable: str
    descending: bool = False


def split_order(sparql: str) -> tuple[str, list[OrderKey]] | None:
    """The query without its final ORDER BY, and that clause's keys.

    None when the query does not end with an ORDER BY over plain variables (an
    expression, a LIMIT or OFFSET after it, or an ORDER BY inside a subquery
    leave the query to the engine as it is).
    """
    found = _TRAILING_ORDER.search(sparql)
    if found is None:
        return None
    keys = [
        OrderKey(m.group(2), (m.group(1) or "").upper() == "DESC")
        for m in _ONE_KEY.finditer(found.group(1))
    ]
    return sparql[: found.start()].rstrip() + "\n", keys


def _number(term: Literal) -> Decimal | None:
    try:
        return Decimal(str(term))
    except InvalidOperation:
        return None


def sort_key(term: Identifier | None) -> tuple[int, int, Decimal, str]:
    """Where a term sorts among others, in SPARQL's ORDER BY order."""
    if term is None:
        return (0, 0, _ZERO, "")
    if isinstance(term, BNode):
        return (1, 0, _ZERO, str(term))
    if isinstance(term, URIRef):
        return (2, 0, _ZERO, str(term))
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in _NUMERIC:
        value = _number(term)
        if value is not None and value.is_finite():
            return (3, 0, value, "")
    return (3, 1, _ZERO, str(term))


def _column_key(
    column: int,
) -> Callable[[tuple[Identifier | None, ...]], tuple[int, int, Decimal, str]]:
    return lambda row: sort_key(row[column])


def sort_rows(rows: Rows, keys: list[OrderKey]) -> Rows:
    """``rows`` sorted by ``keys``, first key first; rows equal on them by their columns in turn.

    The engine leaves the order of such ties open; here it is the same on every run.
    """
    index = {name: i for i, name in enumerate(rows.variables)}
    ordered = sorted(rows.rows, key=lambda row: tuple(map(sort_key, row)))
    for key in reversed(keys):  # stable sorts, last key first
        column = index.get(key.variable)
        if column is None:  # a variable the query does not return: nothing to sort by
            continue
        ordered.sort(key=_column_key(column), reverse=key.descending)
    return Rows(rows.variables, ordered)


_INVERT = bytes(range(255, -1, -1))  # each byte b as 255 - b: a descending key


def _number_bytes(value: Decimal) -> bytes:
    """A finite number as bytes that compare as the numbers do (and no encoding a prefix of another)."""
    if value == 0:
        return b"\x01"
    sign, digits, _ = value.normalize().as_tuple()
    body = (value.adjusted() + 2**31).to_bytes(4, "big") + bytes(48 + d for d in digits) + b"\x00"
    if not sign:
        return b"\x02" + body
    return b"\x00" + body.translate(_INVERT)  # the larger the magnitude, the earlier


def _term_bytes(term: Identifier | None) -> bytes:
    """:func:`sort_key` as bytes: ``a < b`` as bytes exactly when ``sort_key(a) < sort_key(b)``."""
    category, kind, number, text = sort_key(term)
    number_part = _number_bytes(number) if (category, kind) == (3, 0) else b""
    # the text, with 0x00 escaped, then a terminator that sorts before any character
    escaped = text.encode("utf-8").replace(b"\x00", b"\x00\xff")
    return bytes((category, kind)) + number_part + escaped + b"\x00\x00"


def row_order(
    variables: list[str], keys: list[OrderKey]
) -> Callable[[tuple[Identifier | None, ...]], bytes]:
    """Where a row sorts by ``keys`` and then its columns (as :func:`sort_rows`), as bytes.

    Rows stored with these bytes come back from a byte-ordered index (SQLite's
    ``ORDER BY`` over a BLOB) in the order :func:`sort_rows` gives them.
    """
    index = {name: i for i, name in enumerate(variables)}
    columns = [(index[k.variable], k.descending) for k in keys if k.variable in index]

    def place(row: tuple[Identifier | None, ...]) -> bytes:
        parts = [
            _term_bytes(row[c]).translate(_INVERT) if descending else _term_bytes(row[c])
            for c, descending in columns
        ]
        parts.extend(_term_bytes(term) for term in row)
        return b"".join(parts)

    return place
