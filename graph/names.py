"""Longer names: a unit or venture that takes its parent's name is one name, not its parent.

The reference table's names are matched over the recogniser's, so a table name wins where
the two disagree ("Volkswagen" over the recogniser's "Volkswagen Group Technology Sales").
Yet "Hyundai Motor India", "Toyota Motor North America" and "Valeo Siemens eAutomotive"
are companies of their own whose names begin with, or are made of, their parents' names:
matched by the table alone they become the parent, and the fact about the unit becomes a
wrong fact about the parent. The recogniser's spans are kept aside
(``doc.spans["akg_recognised"]``) and one of them replaces the table's names it covers when
the words it adds are what a unit's or a venture's name adds: a region ("India", "North
America"), a word companies' names are made of ("Manufacturing", "Trucks", "Technology",
a legal form), or, when the name ends with such a word, any capitalised word ("Toyota
Kirloskar Motor"). A model ("Mercedes EQS"), two companies written together ("Honda
Nissan"), a possessive or a list is never one name; neither is a name that holds a publisher
or a government ("Reuters Breakingviews").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence, Set
from typing import TYPE_CHECKING

from .resolve import Reference, has_company_word, is_generic, is_place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

#: Where the pipeline keeps the recogniser's company spans before the table's names are set.
RECOGNISED = "akg_recognised"

#: A mention as the extractor reads it: start and end characters, label, whether an id marks it.
Mention = tuple[int, int, str, bool]

#: Words that join the parts of one name ("Rivian and VW Group Technology").
_JOINERS = frozenset({"and", "&", "of", "de", "-", "(", ")", "|", "+"})
#: Words of regions that a unit is named after ("Nissan North America", "Kia Europe").
_REGIONS = frozenset(
    {"north", "south", "east", "west", "middle", "central", "eastern", "western", "northern"}
    | {"southern", "asia", "pacific", "europe", "americas", "america", "africa", "latin"}
    | {"asean", "emea", "apac", "nordic", "nordics", "gulf", "arabia", "mena"}
)
#: Words that a unit's or a venture's name adds to its parents' names, beyond the generic
#: ones (:func:`graph.resolve.is_generic`: "Mobility", "Energy", "Battery", ...).
_UNIT_WORDS = frozenset(
    {"manufacturing", "cars", "trucks", "truck", "buses", "bus", "vans", "commercial"}
    | {"vehicles", "vehicle", "finance", "financial", "services", "investment", "sales"}
    | {"operations", "engineering", "thermal", "powertrain", "emobility", "eautomotive"}
    | {"electrification", "innovation", "research", "digital", "leasing", "logistics"}
    | {"production", "cell"}
)
_DIGIT = re.compile(r"\d")


def _adds_a_unit_word(word: str, reference: Reference, named: Set[str]) -> bool:
    folded = word.casefold()
    entry = reference.lookup(word)
    return (
        word in named  # a parent's name: "Valeo Siemens eAutomotive"
        or (entry is not None and entry.is_party)
        or folded in _REGIONS
        or folded in _UNIT_WORDS
        or is_place(word)
        or is_generic(word)
        or has_company_word(word)
    )


def is_longer_name(
    span: Span, covered: Sequence[Span], reference: Reference, named: Set[str] = frozenset()
) -> bool:
    """Whether the recogniser's ``span`` is one name made of the table's ``covered`` names.

    ``covered`` are the table's names that overlap ``span``; ``named`` the companies the
    document names elsewhere, whose names a venture's may hold.
    """
    if not covered or "," in span.text or ";" in span.text:
        return False
    for name in covered:
        if name.start < span.start or name.end > span.end or name.label_ != "ORG":
            return False
        entry = reference.lookup(name.text)
        if entry is not None and not entry.is_party:
            return False
    inside = {i for name in covered for i in range(name.start, name.end)}
    added = [t.text for t in span if t.i not in inside and t.text.casefold() not in _JOINERS]
    if not added or any(_DIGIT.search(w) or w in ("'s", "’s", "'", "’") for w in added):
        return False
    if all(_adds_a_unit_word(w, reference, named) for w in added):
        return True
    return has_company_word(span.text) and all(w[:1].isupper() for w in added)


def mentions(doc: Doc, reference: Reference) -> list[Mention]:
    """The company and person mentions of ``doc``, each longer name in place of its parts."""
    ents = [e for e in doc.ents if e.label_ in ("ORG", "PERSON")]
    kept: Iterable[Span] = ents
    if RECOGNISED in doc.spans:
        replaced: set[int] = set()
        longer = []
        named = {e.text for e in ents if e.label_ == "ORG"}
        for span in doc.spans[RECOGNISED]:
            covered = [e for e in ents if e.start < span.end and span.start < e.end]
            if is_longer_name(span, covered, reference, named):
                longer.append(span)
                replaced.update(id(e) for e in covered)
        kept = sorted(
            [e for e in ents if id(e) not in replaced] + longer, key=lambda e: e.start_char
        )
    return [(e.start_char, e.end_char, e.label_, bool(e.ent_id_)) for e in kept]


def keep_recognised(doc: Doc) -> Doc:
    """The pipeline component that keeps the recogniser's company spans aside."""
    doc.spans[RECOGNISED] = [e for e in doc.ents if e.label_ == "ORG"]
    return doc
