"""The relations, each defined once: what the ontology test, the RDF mapping, the
evaluation, the learned extractor, the analytics and the page read.

Adding a relation such as ``suppliesTo`` is an entry here, its property in
``ontology/alliance.ttl`` (the ontology test checks they agree), its term in
:class:`graph.vocab.AKG`, and training passages that annotate it.

>>> REGISTRY["partnersWith"].symmetric, ordered("Nissan", "partnersWith", "Honda")
(True, ('Honda', 'partnersWith', 'Nissan'))
>>> ordered("Nissan", "investsIn", "Honda")
('Nissan', 'investsIn', 'Honda')
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from .vocab import AKG


@dataclass(frozen=True)
class RelationSpec:
    """One relation.

    Attributes:
        name: its local name in the ontology ("partnersWith").
        label: how people read it ("partners with").
        domain: the classes its subject may have.
        range: the classes its object may have.
        symmetric: true when "A r B" is "B r A" (one statement for both orders).
        qualifiers: what an article may say about a fact of it (statement properties).
        color: its colour on the page.
        extracted: produced by the extractor and scored by ``akg eval``.
    """

    name: str
    label: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    symmetric: bool
    qualifiers: tuple[str, ...]
    color: str
    extracted: bool

    @property
    def iri(self) -> URIRef:
        """The property's IRI in the ontology."""
        return URIRef(str(AKG[self.name]))


_ORGS = ("Company", "BusinessUnit")

REGISTRY: dict[str, RelationSpec] = {
    spec.name: spec
    for spec in (
        RelationSpec(
            "partnersWith",
            "partners with",
            _ORGS,
            _ORGS,
            symmetric=True,
            qualifiers=("status", "partnershipKind"),
            color="#c53030",
            extracted=True,
        ),
        RelationSpec(
            "leads",
            "leads",
            ("Person",),
            _ORGS,
            symmetric=False,
            qualifiers=("role", "tenure"),
            color="#2f855a",
            extracted=True,
        ),
        RelationSpec(
            "investsIn",
            "invests in",
            ("Company",),
            _ORGS,
            symmetric=False,
            qualifiers=("status", "stake", "amount"),
            color="#dd6b20",
            extracted=True,
        ),
        RelationSpec(
            "unitOf",
            "unit of",
            ("BusinessUnit",),
            ("Company",),
            symmetric=False,
            qualifiers=(),
            color="#805ad5",
            extracted=False,
        ),
        RelationSpec(
            "competesWith",
            "competes with",
            ("Company",),
            ("Company",),
            symmetric=True,
            qualifiers=(),
            color="#718096",
            extracted=False,
        ),
    )
}

#: The relations the extractor produces, in the order reports list them.
EXTRACTED: tuple[str, ...] = tuple(name for name, spec in REGISTRY.items() if spec.extracted)
#: The relations whose two orders are one fact.
SYMMETRIC: frozenset[str] = frozenset(name for name, spec in REGISTRY.items() if spec.symmetric)


def ordered(subject: str, relation: str, obj: str) -> tuple[str, str, str]:
    """A fact as a key: a symmetric relation's two names in a fixed order."""
    if relation in SYMMETRIC and obj < subject:
        subject, obj = obj, subject
    return (subject, relation, obj)
