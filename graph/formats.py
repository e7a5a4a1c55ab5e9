"""The formats each command writes, by name only: the command line offers them
without loading the libraries that write them.
"""

from __future__ import annotations

#: Query results and analyses (W3C SPARQL 1.1 result formats, or an aligned table).
ROWS = ("table", "csv", "tsv", "json")
#: ``akg extract``: one JSON object per fact, or a table.
FACTS = ("jsonl", "table")
#: ``akg export``: the whole graph as RDF, or as GraphML.
GRAPH = ("ttl", "nt", "nq", "trig", "jsonld", "graphml")
#: ``akg export``: the networkx projection written as files (GEXF, or a folder of CSV tables).
NETWORK = ("gexf", "csv")
