"""Plain data that flows between the stages: articles in, facts out.

Everything here is a frozen dataclass with no behaviour beyond small helpers,
so a stage can be tested by building its input by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """The class of an entity, named as in the ontology."""

    COMPANY = "Company"
    UNIT = "BusinessUnit"
    PERSON = "Person"


class Relation(str, Enum):
    """The relations the extractor produces, named as in the ontology."""

    PARTNERS_WITH = "partnersWith"
    LEADS = "leads"
    INVESTS_IN = "investsIn"


class Status(str, Enum):
    """Where a partnership or investment stands, as the article tells it."""

    PROPOSED = "proposed"
    AGREED = "agreed"
    ENDED = "ended"


@dataclass(frozen=True)
class Producer:
    """The extractor that produced a fact: its name and a version that changes with its output."""

    name: str
    version: str


@dataclass(frozen=True)
class Article:
    """One news article.

    Attributes:
        id: the document id (file stem, or the "id" field of a JSONL line).
        text: the body text.
        title: headline, when known.
        date: publication date as ISO ``YYYY-MM-DD``, when known.
        source: the publisher, when known.
        url: where the article was published, when known.
        author: who wrote it, when known (a web page's byline).
        origin: where it was read from, as ``path`` or ``path:line``.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str = ""
    author: str | None = None


@dataclass(frozen=True)
class Entity:
    """A canonical company, business unit or person.

    Attributes:
        label: the canonical name ("Honda", not "Honda Motor Co.").
        kind: its class.
        wikidata: the Wikidata item id (``Q...``), when known.
        parent: for a business unit, the company it belongs to.
    """

    label: str
    kind: Kind
    wikidata: str | None = None
    parent: Entity | None = None


@dataclass(frozen=True)
class Mention:
    """A span of an article's text that names an entity."""

    text: str
    start: int
    end: int
    entity: Entity


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the article, the sentence and its offsets.

    ``rules`` names the rules that read the fact in that sentence (ids from
    ``graph/data/rules`` and the extractor's own readings); empty when a learned
    model found it alone.
    """

    doc: str
    sentence: str
    start: int
    end: int
    confidence: float
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Qualifiers:
    """What an article says about a fact beyond subject, relation and object.

    Attributes:
        status: proposed, agreed or ended (partnerships and investments).
        kind: kind of partnership as stated ("joint venture", "alliance", ...).
        role: a leader's role as stated ("CEO", "Director", ...).
        tenure: "current", "incoming", "outgoing" or "former" (the annotation guide's).
        amount: invested amount in units of ``currency``.
        currency: ISO 4217 code of ``amount``.
        amount_text: the amount as written ("over $600 million").
        stake: the share held, in percent.
    """

    status: Status | None = None
    kind: str | None = None
    role: str | None = None
    tenure: str | None = None
    amount: float | None = None
    currency: str | None = None
    amount_text: str | None = None
    stake: float | None = None


@dataclass(frozen=True)
class Fact:
    """One extracted fact with the evidence it was read from."""

    subject: Entity
    relation: Relation
    object: Entity
    evidence: Evidence
    qualifiers: Qualifiers = field(default_factory=Qualifiers)

    @property
    def key(self) -> tuple[str, str, str]:
        """The fact without its evidence; symmetric relations in a fixed order."""
        from .relations import ordered

        return ordered(self.subject.label, self.relation.value, self.object.label)
