"""Automotive alliance knowledge graph: news articles in, an RDF graph out.

The public API, used by the ``akg`` command and by notebooks::

    import graph

    report = graph.build(["seeds"], "memory:")     # or a folder for a store on disk
    store = graph.open_store("memory:")
    rows = graph.query(store, "partnerships")
    frame = graph.to_dataframe(rows)
    nxg = graph.to_networkx(store)
    graph.render_html(nxg, "alliance.html")
    graph.show(graph.neighbourhood(nxg, "Nissan", depth=2))   # inline in Jupyter
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import AkgError, FormatError, InputError, QueryError, StoreError, ValidationError

if TYPE_CHECKING:
    import pandas as pd

    from .analyze import (
        Hop,
        alliance_graph,
        centrality,
        centrality_scores,
        communities,
        find_node,
        neighbourhood,
        shared_partners,
        shortest_chain,
    )
    from .export import export, read_graphml, write_csv, write_gexf, write_graphml
    from .fetch import FetchOptions
    from .history import View, as_of
    from .model import Article, Entity, Evidence, Fact, Kind, Qualifiers, Relation, Status
    from .network import to_networkx
    from .pipeline import BuildReport, RemoveReport, build, default_inputs, extract_articles, remove
    from .query import format_rows, run_query, saved_queries
    from .render import page_html, render_html, show
    from .store import MemoryStore, OxigraphStore, Rows, Store, open_store

#: Where each public name lives; a module is imported when a name of it is first used,
#: so ``import graph`` (and ``akg --help``) stays light.
_LAZY = {
    "Article": ".model",
    "BuildReport": ".pipeline",
    "Entity": ".model",
    "Evidence": ".model",
    "Fact": ".model",
    "FetchOptions": ".fetch",
    "Hop": ".analyze",
    "Kind": ".model",
    "MemoryStore": ".store",
    "OxigraphStore": ".store",
    "Qualifiers": ".model",
    "Relation": ".model",
    "RemoveReport": ".pipeline",
    "Rows": ".rows",
    "Status": ".model",
    "Store": ".store",
    "View": ".history",
    "alliance_graph": ".analyze",
    "as_of": ".history",
    "build": ".pipeline",
    "centrality": ".analyze",
    "centrality_scores": ".analyze",
    "communities": ".analyze",
    "default_inputs": ".pipeline",
    "export": ".export",
    "extract_articles": ".pipeline",
    "find_node": ".analyze",
    "format_rows": ".query",
    "neighbourhood": ".analyze",
    "open_store": ".store",
    "page_html": ".render",
    "read_graphml": ".export",
    "remove": ".pipeline",
    "render_html": ".render",
    "run_query": ".query",
    "saved_queries": ".query",
    "shared_partners": ".analyze",
    "shortest_chain": ".analyze",
    "show": ".render",
    "to_networkx": ".network",
    "write_csv": ".export",
    "write_gexf": ".export",
    "write_graphml": ".export",
}


#: Public functions named like the submodule that holds them (graph.export, graph.query).
_SHADOWED = frozenset({"export", "query"})


class _Package(types.ModuleType):
    """Keeps ``graph.export`` and ``graph.query`` the functions once their submodules load.

    Importing a submodule sets it as an attribute of its package; for these two
    names the function stays (the submodule is still ``sys.modules["graph.query"]``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graph' has no attribute {name!r}")


__version__ = "0.1.0"


def query(store: Store, spec: str, **params: str) -> Rows:
    """Run a SELECT query (SPARQL, a .rq file or a saved query name) and return its rows.

    Keyword arguments are bound as literals: ``query(store, "partners", company="Nissan")``.
    """
    from .query import run_query
    from .store import Rows

    result = run_query(store, spec, params)
    if not isinstance(result, Rows):
        raise QueryError("query() returns rows; use run_query() for ASK and CONSTRUCT")
    return result


def to_dataframe(rows: Rows) -> pd.DataFrame:
    """Rows as a pandas DataFrame of plain Python values (numbers, dates, strings)."""
    import pandas as pd
    from rdflib import Literal

    def plain(term: object) -> object:
        if term is None:
            return None
        return term.toPython() if isinstance(term, Literal) else str(term)

    return pd.DataFrame([[plain(t) for t in row] for row in rows.rows], columns=rows.variables)


__all__ = [
    "AkgError",
    "Article",
    "BuildReport",
    "Entity",
    "Evidence",
    "Fact",
    "FetchOptions",
    "FormatError",
    "Hop",
    "InputError",
    "Kind",
    "MemoryStore",
    "OxigraphStore",
    "Qualifiers",
    "QueryError",
    "Relation",
    "RemoveReport",
    "Rows",
    "Status",
    "Store",
    "StoreError",
    "ValidationError",
    "View",
    "alliance_graph",
    "as_of",
    "build",
    "centrality",
    "centrality_scores",
    "communities",
    "default_inputs",
    "export",
    "extract_articles",
    "find_node",
    "format_rows",
    "neighbourhood",
    "open_store",
    "page_html",
    "query",
    "read_graphml",
    "remove",
    "render_html",
    "run_query",
    "saved_queries",
    "shared_partners",
    "shortest_chain",
    "show",
    "to_dataframe",
    "to_networkx",
    "write_csv",
    "write_gexf",
    "write_graphml",
]
