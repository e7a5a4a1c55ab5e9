"""The rows a SELECT query gives: plain data, importable without any RDF library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Identifier


@dataclass(frozen=True)
class Rows:
    """The result of a SELECT query: variable names and rows of rdflib terms."""

    variables: list[str]
    rows: list[tuple[Identifier | None, ...]]
