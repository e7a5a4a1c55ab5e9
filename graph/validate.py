"""SHACL validation of the built graph against ``ontology/shapes.ttl``.

The shapes are checked without inference. RDFS inference would read the
ontology's domains and ranges as facts: a company wrongly written as the
subject of ``akg:leads`` would be inferred to be a person, and the mistake the
shapes exist to catch would pass. The ontology is still handed to pySHACL (as
its ontology graph) so that class hierarchies are known to ``sh:class``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import RDF, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .errors import AkgError, ValidationError
from .vocab import PREFIXES

SHAPES = "shapes.ttl"
ONTOLOGY = "alliance.ttl"
SHOWN = 10
"""How many violations :func:`validate_or_raise` names in its error."""


def ontology_file(name: str) -> Path:
    """The path of a file of the ontology folder, such as ``"shapes.ttl"``.

    An installed package ships the folder as ``graph/ontology``; a source
    checkout has it at the top level, next to the package.

    Args:
        name: the file name inside the ontology folder.

    Returns:
        The path of the file.

    Raises:
        AkgError: the file is in neither place.

    >>> ontology_file("shapes.ttl").name
    'shapes.ttl'
    """
    packaged = resources.files("graph") / "ontology" / name
    if isinstance(packaged, Path) and packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "ontology" / name
    if checkout.is_file():
        return checkout
    raise AkgError(
        f"ontology file {name!r} is missing from graph/ontology/ and ontology/; "
        "reinstall the package, or restore the file from version control"
    )


def _short(node: Node | None) -> str:
    """A node as a CURIE where a known prefix fits, else in N-Triples form."""
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        for prefix, namespace in PREFIXES.items():
            if node.startswith(namespace) and len(node) > len(namespace):
                return f"{prefix}:{node[len(namespace) :]}"
    if isinstance(node, Literal):
        if node.language:
            return node.n3()
        if node.datatype is None:
            return repr(str(node))
        return f'"{node}"^^{_short(node.datatype)}'
    return node.n3()


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node broke which rule, and how to fix it.

    Attributes:
        focus: the node that does not conform.
        path: the property at fault, or None for a rule about the node itself.
        message: the shape's ``sh:message``: what is wrong and what to do.
        value: the offending value, when there is one (the focus node itself for a
            rule about the node).
    """

    focus: Node
    path: Node | None
    message: str
    value: Node | None = None

    def __str__(self) -> str:
        where = (
            _short(self.focus) if self.path is None else f"{_short(self.focus)} {_short(self.path)}"
        )
        shown = "" if self.value in (None, self.focus) else f" (value: {_short(self.value)})"
        return f"{where}: {self.message}{shown}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`.

    Attributes:
        conforms: whether the graph matches every shape.
        violations: every result, sorted by focus node, path and message.
        text: the violations one per line, for people; empty when it conforms.
    """

    conforms: bool
    violations: tuple[Violation, ...]
    text: str


def _violations(results: Graph) -> tuple[Violation, ...]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        if focus is None:
            continue
        message = results.value(result, SH.resultMessage)
        found.append(
            Violation(
                focus=focus,
                path=results.value(result, SH.resultPath),
                message=str(message) if message is not None else "does not conform",
                value=results.value(result, SH.value),
            )
        )
    found.sort(key=lambda v: (str(v.focus), str(v.path or ""), v.message, str(v.value or "")))
    return tuple(found)


def _union(data: Graph) -> Graph:
    """A dataset's triples in one plain graph; any other graph as it is."""
    if not isinstance(data, ConjunctiveGraph):  # Dataset is a ConjunctiveGraph
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def validate(data: Graph) -> ValidationReport:
    """Check a graph against the SHACL shapes of the ontology.

    Args:
        data: the graph to check. A :class:`rdflib.Dataset` is checked as the
            union of its graphs, the way queries read it. It is not modified.

    Returns:
        The report: whether it conforms, and each violation.
    """
    from pyshacl import validate as shacl_validate

    shapes = Graph().parse(ontology_file(SHAPES), format="turtle")
    ontology = Graph().parse(ontology_file(ONTOLOGY), format="turtle")
    conforms, results, _ = shacl_validate(
        _union(data),
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=False,
        allow_warnings=False,
    )
    if not isinstance(results, Graph):  # pragma: no cover - pySHACL returns a Graph here
        raise AkgError(f"unexpected SHACL results {type(results).__name__}; update pyshacl")
    violations = _violations(results)
    text = "".join(f"{violation}\n" for violation in violations)
    return ValidationReport(bool(conforms), violations, text)


def validate_or_raise(data: Graph) -> None:
    """Check a graph like :func:`validate`, raising when it does not conform.

    Args:
        data: the graph to check.

    Raises:
        ValidationError: naming the first violations and how many there are.
    """
    report = validate(data)
    if report.conforms:
        return
    count = len(report.violations)
    lines = [f"the graph does not conform to {SHAPES}: {count} violation{'s' * (count != 1)}"]
    lines += [f"  {violation}" for violation in report.violations[:SHOWN]]
    if count > SHOWN:
        lines.append(f"  ... and {count - SHOWN} more; run `akg validate` for all of them")
    raise ValidationError("\n".join(lines))
