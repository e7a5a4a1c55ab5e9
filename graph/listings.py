"""Whole-graph listings kept beside the embedded store: reading one costs its rows, not the graph.

A saved query whose header has a ``# Kept per: VARIABLE`` line is a listing
(``partnerships``, ``evidence``, ...). Computed by the engine, a listing costs a
lookup for every name and qualifier of every row, about 120 µs a row at 10^7
triples. So its rows are kept in an SQLite file in the store folder, each with
the value of its key variable (an entity's label) and its place in the query's
order (:func:`graph.ordering.row_order`); ``akg query NAME`` then reads them in
order, a page at a time if asked.

They are kept up to date by the store's writer: before its first write the file
is marked stale, and when it closes, the rows of every label the changed
articles name are computed again by the same query restricted to those labels
(or the whole listing, when most labels changed). A reader uses the kept rows
only when the file is up to date and was computed from this package's query
text; otherwise the engine answers, as it does for every other query. A build
that stops half-way leaves the file stale, and the next writer recomputes it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef

from .backend import where_openings
from .ordering import row_order, split_order
from .rows import Rows

if TYPE_CHECKING:
    from rdflib.term import Identifier

    from .query import SavedQuery

#: The file in the store folder that holds the kept listings.
FILE = "listings.sqlite3"
#: From this share of a listing's labels changed, it is computed whole instead of label by label.
WHOLE_SHARE = 0.25
#: Labels per restricted query.
BATCH = 500
#: After this many seconds of computing listings whole, the writer says how far it is.
PATIENCE = 2.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kept (
    listing TEXT NOT NULL, key TEXT NOT NULL, place BLOB NOT NULL, cells TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS kept_order ON kept (listing, place);
CREATE INDEX IF NOT EXISTS kept_key ON kept (listing, key);
"""
_UP_TO_DATE = "up to date"


def kept_queries() -> list[SavedQuery]:
    """The saved queries kept as listings."""
    from .query import saved_queries

    return [q for q in saved_queries().values() if q.kept_per is not None]


def label_key(term: Identifier) -> str:
    """A label as the listings file keys it: its N-Triples form (also its form in ``VALUES``)."""
    return term.n3()


def restrict(sparql: str, variable: str, keys: Iterable[str]) -> str:
    """``sparql`` with ``VALUES ?variable { ... }`` at the start of its innermost WHERE.

    ``keys`` are terms in N-Triples form (:func:`label_key`), escaped by the RDF
    library: nothing is pasted raw.

    >>> restrict('SELECT ?x WHERE { ?x rdfs:label ?n }', "n", ['"A"', '"B"'])
    'SELECT ?x WHERE {\\n  VALUES ?n { "A" "B" }\\n ?x rdfs:label ?n }'
    """
    openings = where_openings(sparql)
    if not openings:
        raise ValueError("a kept listing needs a WHERE clause")
    at = openings[-1]
    return f"{sparql[:at]}\n  VALUES ?{variable} {{ {' '.join(keys)} }}\n{sparql[at:]}"


def _digest(saved: SavedQuery) -> str:
    return hashlib.sha256(saved.text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ cells
def _cell(term: Identifier | None) -> object:
    if term is None or (isinstance(term, Literal) and term.datatype is None and not term.language):
        return None if term is None else str(term)
    if isinstance(term, URIRef):
        return ["iri", str(term)]
    if isinstance(term, BNode):
        return ["bnode", str(term)]
    assert isinstance(term, Literal)
    if term.language:
        return ["lang", str(term), term.language]
    return ["typed", str(term), str(term.datatype)]


def _term(cell: object) -> Identifier | None:
    if cell is None:
        return None
    if isinstance(cell, str):
        return Literal(cell)
    assert isinstance(cell, list)
    kind, value = cell[0], cell[1]
    if kind == "iri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind == "lang":
        return Literal(value, lang=cell[2])
    return Literal(value, datatype=URIRef(cell[2]))


# ------------------------------------------------------------------- file
class Listings:
    """The kept listings of one store folder.

    Args:
        folder: the store folder.
        write: open for the store's writer (creating the file); else read-only,
            and absent when the file is.
    """

    def __init__(self, folder: str, *, write: bool) -> None:
        path = Path(folder) / FILE
        self._db: sqlite3.Connection | None = None
        self._was_up_to_date: bool | None = None  # before this writer marked them stale
        if write:
            self._db = sqlite3.connect(path)
            self._db.executescript(_SCHEMA)
        elif path.is_file():
            self._db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)

    def _state(self, name: str) -> str | None:
        if self._db is None:
            return None
        try:
            found = self._db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        except sqlite3.DatabaseError:  # damaged or not ours: the engine answers
            return None
        return None if found is None else str(found[0])

    def up_to_date(self) -> bool:
        """Whether the kept rows are those of the store as it is now."""
        return self._state(_UP_TO_DATE) == "1"

    def rows(self, saved: SavedQuery, limit: int | None = None, offset: int = 0) -> Rows | None:
        """The listing's rows in its order (a page of them if asked); None if not kept up to date."""
        if self._db is None or not self.up_to_date() or self._state(saved.name) != _digest(saved):
            return None
        variables = json.loads(self._state("variables:" + saved.name) or "[]")
        cursor = self._db.execute(
            "SELECT cells FROM kept WHERE listing = ? ORDER BY place LIMIT ? OFFSET ?",
            (saved.name, -1 if limit is None else limit, offset),
        )
        terms: dict[object, Identifier | None] = {None: None}  # names and statuses repeat

        def term(cell: object) -> Identifier | None:
            key: object = cell if cell is None or isinstance(cell, str) else tuple(cell)  # type: ignore[arg-type]
            if key not in terms:
                terms[key] = _term(cell)
            return terms[key]

        rows = [tuple(map(term, json.loads(text))) for (text,) in cursor]
        return Rows(variables, rows)

    def mark_stale(self) -> None:
        """Say that the store is about to change: readers ask the engine until :meth:`update`."""
        assert self._db is not None
        if self._was_up_to_date is None:
            self._was_up_to_date = self.up_to_date()
        with self._db:
            self._db.execute("DELETE FROM state WHERE name = ?", (_UP_TO_DATE,))

    def update(
        self,
        run: Callable[[str], Rows],
        labels: set[str] | None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        """Bring every listing up to date after a write session.

        Args:
            run: answers a SELECT on the store (rows in any order).
            labels: the labels whose rows may have changed (:func:`label_key`
                form); None when unknown, and every listing is computed whole.
            say: told how far it is, when computing listings whole takes longer
                than :data:`PATIENCE` seconds (minutes at 10^7 triples).
        """
        assert self._db is not None
        was_up_to_date = self.up_to_date() if self._was_up_to_date is None else self._was_up_to_date
        # the labels the listings hold, as a measure of the store (a listing may be empty)
        (known,) = self._db.execute("SELECT COUNT(DISTINCT key) FROM kept").fetchone()
        started = time.monotonic()
        queries = kept_queries()
        for number, saved in enumerate(queries, start=1):
            whole = (
                labels is None or not was_up_to_date or self._state(saved.name) != _digest(saved)
            )
            if not whole and labels is not None:
                if not labels:
                    continue
                whole = len(labels) > WHOLE_SHARE * known
            if whole and say is not None and time.monotonic() - started > PATIENCE:
                say(
                    f"keeping the whole-graph listings: {saved.name} ({number} of {len(queries)})..."
                )
            with self._db:
                if whole:
                    self._db.execute("DELETE FROM kept WHERE listing = ?", (saved.name,))
                    self._keep(saved, run, None)
                else:
                    assert labels is not None
                    ordered = sorted(labels)
                    for start in range(0, len(ordered), BATCH):
                        batch = ordered[start : start + BATCH]
                        self._db.executemany(
                            "DELETE FROM kept WHERE listing = ? AND key = ?",
                            ((saved.name, key) for key in batch),
                        )
                        self._keep(saved, run, batch)
                self._db.execute(
                    "INSERT OR REPLACE INTO state VALUES (?, ?)", (saved.name, _digest(saved))
                )
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO state VALUES (?, '1')", (_UP_TO_DATE,))

    def _keep(self, saved: SavedQuery, run: Callable[[str], Rows], keys: list[str] | None) -> None:
        assert self._db is not None and saved.kept_per is not None
        split = split_order(saved.text)
        if split is None:
            raise ValueError(f"{saved.name}: a kept listing ends with ORDER BY over its variables")
        text, order = split
        if keys is not None:
            text = restrict(text, saved.kept_per, keys)
        rows = run(text)
        column = rows.variables.index(saved.kept_per)
        place = row_order(rows.variables, order)
        self._db.execute(
            "INSERT OR REPLACE INTO state VALUES (?, ?)",
            ("variables:" + saved.name, json.dumps(rows.variables)),
        )
        self._db.executemany(
            "INSERT INTO kept VALUES (?, ?, ?, ?)",
            (
                (
                    saved.name,
                    "" if row[column] is None else label_key(row[column]),  # type: ignore[arg-type]
                    place(row),
                    json.dumps([_cell(term) for term in row], ensure_ascii=False),
                )
                for row in rows.rows
            ),
        )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
