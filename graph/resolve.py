"""Surface names -> canonical entities.

A reference table of the industry (``graph/data/reference.jsonl``: automakers,
groups, brands, units, joint ventures, suppliers, tech firms, executives, and the
publishers and governments that must never become parties) gives each entity its
canonical label, aliases and Wikidata id. Names not in the table are normalised
(legal suffixes removed) and become entities of their own; within one article a
short form ("Kestrel", "Uchida") resolves to the longer name seen earlier.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from cleanco.termdata import terms_by_country, terms_by_type

from .errors import InputError
from .model import Entity, Kind

#: Types of reference entries that can never be a party to a fact.
NON_PARTY_TYPES = frozenset({"publisher", "government"})

#: Legal forms cleanco's table lacks (its two-letter forms are left out, see below, and
#: some it spells otherwise), and the words "Group" and "Holdings" that name a company's whole.
_OWN_LEGAL = (
    r"ag|sa|se|nv|bv|kk|kg|ab|oy|spa|pvt|\(pvt\)|pty|sdn|berhad|tbk|jsc|pjsc|de\s+c\.v|a\.ş|asc|"
    r"fz-?llc|holdings?|group|(?-i:AS)"
)
#: cleanco's forms that are also words or abbreviations in this field's news ("Sem", "CIO",
#: "EV", "UK"), or not forms at all ("e.g."); of its two-letter forms only those above count.
_NOT_LEGAL = frozenset(
    {"cio", "sem", "sep", "sal", "vat", "dat", "sia", "fie", "teo", "cic", "ans", "pse", "psu",
     "cpt", "tmi", "t:mi", "stg", "etat", "e.g.", "suc. de descendants", "ent."}
)  # fmt: skip


def _legal_forms() -> str:
    """Alternatives of a regular expression for every legal form: cleanco's table of forms
    by country and type (dotted ones as written, plain ones of three letters or more),
    and :data:`_OWN_LEGAL`; the longest first, so that "S.A. de C.V." wins over "S.A."."""
    forms = {
        term.rstrip(".")
        for table in (terms_by_country, terms_by_type)
        for terms in table.values()
        for term in terms
        if term.isascii()
        and term.strip() not in _NOT_LEGAL
        and ("." in term or "/" in term or len(term.replace(" ", "")) >= 3)
    }
    spelled = sorted(
        (re.escape(f.strip()).replace("\\ ", r"\s*") for f in forms if f.strip()),
        key=lambda f: (-len(f), f),
    )
    return "|".join([*spelled, _OWN_LEGAL])


_LEGAL = _legal_forms()
_LEGAL_TAIL = re.compile(rf"(?:,?\s+(?:{_LEGAL})\.?)+$", re.IGNORECASE)
#: A legal form written before the name: "PT Vale Indonesia", "PJSC Kamaz".
_LEGAL_HEAD = re.compile(r"^(?:PT|PJSC|JSC|OAO|PAO|ZAO|OOO)\s+(?=[A-Z0-9])")
_MOTOR_TAIL = re.compile(r"\s+(?:motors?|motor\s+company|automobiles?|automotive)$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PUNCT = re.compile(r"[^\w&+\- ]+")
#: Words of company names too common to stand for one company on their own.
_GENERIC_WORDS = frozenset(
    [
        "auto",
        "automotive",
        "motor",
        "motors",
        "electric",
        "energy",
        "systems",
        "technology",
        "technologies",
        "mobility",
        "group",
        "holdings",
        "international",
        "global",
        "industries",
        "drive",
        "power",
        "battery",
        "batteries",
        "cells",
        "semiconductor",
        "robotics",
        "aviation",
        "charging",
        "lidar",
        "software",
        "solutions",
        "components",
        "parts",
        "partners",
        "capital",
        "ventures",
        "china",
        "india",
        "america",
        "europe",
        "japan",
        "korea",
        "new",
        "the",
        "of",
        "and",
    ]
)


_LEGAL_WORD = re.compile(rf"(?:{_LEGAL})", re.IGNORECASE)
#: A legal form right after a name: ", Ltd.", " Co., Ltd.", " & Company Group", " S.p.A.".
LEGAL_AFTER = re.compile(
    rf"(?:\s*&(?=\s*[A-Z]))?(?:,?\s*(?=[A-Z&])(?:{_LEGAL})\.?)+(?=[\s,.;:)'’\"]|$)", re.IGNORECASE
)
#: Month and day names: a capitalised "March" or "Monday" is never a company.
_CALENDAR = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)


def is_generic(name: str) -> bool:
    """True for a name made only of generic and legal words, or a month or day name.

    Such a span ("Technology Co.", "Ltd", "Power Solutions", "March") is a piece of
    a longer name or no name at all, never a company on its own.

    >>> is_generic("Technology Co."), is_generic("Ltd"), is_generic("March")
    (True, True, True)
    >>> is_generic("Horizon Robotics"), is_generic("Volkswagen")
    (False, False)

    A legal form written in capitals before other words leads a name ("KG Mobility",
    "PT Astra"), it does not end one:

    >>> is_generic("KG Mobility"), is_generic("Mobility AG")
    (False, True)
    """
    written = _written_words(name)
    words = [w.casefold() for w in written]
    if len(written) > 1 and written[0].isupper() and _LEGAL_WORD.fullmatch(written[0]):
        return False
    return bool(words) and (" ".join(words) in _CALENDAR or all(_is_generic(w) for w in words))


def _is_generic(word: str) -> bool:
    """Whether a case-folded word is one that companies' names share: generic or a legal form."""
    return word in _GENERIC_WORDS or bool(_LEGAL_WORD.fullmatch(word))


def has_company_word(name: str) -> bool:
    """Whether a name ends with a word companies' names end with: a legal form or a generic word.

    >>> has_company_word("Kessler Vogt GmbH"), has_company_word("Fenrir Motors"), has_company_word("Nagoya")
    (True, True, False)
    """
    words = [w.casefold() for w in _written_words(name)]
    return bool(words) and _is_generic(words[-1])


def _written_words(name: str) -> list[str]:
    """A name's words as written, without a possessive ending or punctuation."""
    return _PUNCT.sub(" ", _POSSESSIVE.sub("", name.strip())).split()


@cache
def _places() -> frozenset[str]:
    import pycountry

    names = {
        getattr(country, field)
        for country in pycountry.countries
        for field in ("name", "common_name", "official_name")
        if getattr(country, field, None)
    }
    names.update(division.name for division in pycountry.subdivisions)
    return frozenset(_fold(name) for name in names)


def is_place(name: str) -> bool:
    """True for the name of a country or a region of one (ISO 3166, through pycountry).

    Cities are not counted: companies take their names too often (Hitachi, Kawasaki,
    Goodyear), and callers ask only about names the reference table does not know.

    >>> is_place("Taiwan's"), is_place("South Korea"), is_place("Bavaria"), is_place("Geely")
    (True, True, False, False)
    """
    return _fold(name) in _places()


def strip_legal(name: str) -> str:
    """Remove legal-form suffixes from a company name, keeping the name itself.

    >>> strip_legal("Honda Motor Co., Ltd.")
    'Honda Motor'
    >>> strip_legal("Volkswagen AG")
    'Volkswagen'
    >>> strip_legal("General Motors")
    'General Motors'
    """
    name = " ".join(_POSSESSIVE.sub("", name.strip()).split())
    stripped = _LEGAL_TAIL.sub("", _LEGAL_HEAD.sub("", name)).strip(" ,")
    return stripped or name


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A matching key: no legal suffix, no accents, no punctuation, case-folded (kept for the
    names seen last: resolution asks for the same few names many times an article).

    >>> name_key("Honda Motor Co.") == name_key("HONDA")
    True
    >>> name_key("José Muñoz")
    'jose munoz'
    """
    base = strip_legal(name)
    motorless = _MOTOR_TAIL.sub("", base)
    if motorless and motorless != base and _LEGAL_TAIL.search(name):
        base = motorless
    folded = unicodedata.normalize("NFKD", base)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_PUNCT.sub(" ", folded).casefold().split())


def _fold(name: str) -> str:
    return " ".join(_POSSESSIVE.sub("", name.strip()).split()).casefold()


@dataclass(frozen=True)
class RefEntry:
    """One row of the reference table."""

    label: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    parent: str | None = None
    parents: tuple[str, ...] = ()
    type: str | None = None
    company: str | None = None
    role: str | None = None
    tenure: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The label followed by every alias."""
        return (self.label, *self.aliases)

    @property
    def is_party(self) -> bool:
        """False for publishers and governments, which never take part in a fact."""
        return self.type not in NON_PARTY_TYPES


class Reference:
    """The reference table, indexed by matching key."""

    def __init__(self, entries: Iterable[RefEntry]) -> None:
        self.entries: dict[str, RefEntry] = {}
        self._exact: dict[str, RefEntry] = {}
        self._by_key: dict[str, RefEntry] = {}
        for entry in entries:
            self.entries[entry.label] = entry
        # labels first so an alias never shadows another entity's own label
        for entry in self.entries.values():
            self._exact.setdefault(_fold(entry.label), entry)
            self._by_key.setdefault(name_key(entry.label), entry)
        for entry in self.entries.values():
            for alias in entry.aliases:
                self._exact.setdefault(_fold(alias), entry)
                self._by_key.setdefault(name_key(alias), entry)

    def lookup(self, name: str) -> RefEntry | None:
        """The entry whose label or alias is ``name`` (or, failing that, matches its key)."""
        return self._exact.get(_fold(name)) or self._by_key.get(name_key(name))

    def entity(self, entry: RefEntry) -> Entity:
        """The canonical :class:`Entity` of a reference entry."""
        parent = None
        if entry.kind is Kind.UNIT and entry.parent and entry.parent in self.entries:
            parent = self.entity(self.entries[entry.parent])
        return Entity(entry.label, entry.kind, entry.wikidata, parent)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[RefEntry]:
        return iter(self.entries.values())


def _entry(row: dict[str, object], where: str) -> RefEntry:
    try:
        kind = Kind(str(row["kind"]))
        label = str(row["label"])
    except (KeyError, ValueError) as exc:
        raise InputError(
            f'{where}: needs "label" and a "kind" of Company, BusinessUnit or Person ({exc})'
        ) from None

    def text(key: str) -> str | None:
        value = row.get(key)
        return str(value) if value else None

    def texts(key: str) -> tuple[str, ...]:
        value = row.get(key) or []
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    return RefEntry(
        label=label,
        kind=kind,
        aliases=texts("aliases"),
        wikidata=text("wikidata"),
        parent=text("parent"),
        parents=texts("parents"),
        type=text("type"),
        company=text("company"),
        role=text("role"),
        tenure=text("tenure"),
    )


def json_lines(path: Path) -> Iterator[tuple[str, Any]]:
    """Each non-blank line of a small JSONL data file as ``(path:line, value)``."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                yield where, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not valid JSON ({exc.msg})") from None


def read_reference(path: Path) -> Reference:
    """Read a reference table in JSONL form (one entity per line)."""
    return Reference(_entry(row, where) for where, row in json_lines(path))


@lru_cache(maxsize=1)
def default_reference() -> Reference:
    """The reference table shipped with the package (read once per process)."""
    table = resources.files("graph") / "data" / "reference.jsonl"
    with resources.as_file(table) as path:
        return read_reference(Path(path))


#: A title before a surname: "Mr. Uchida", "Ms Rådström", "Dr. Zetsche".
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sir|Dame|Herr|Frau|Mme|Mlle)\.?\s+(?=\S)")


#: A name written as an acronym: "TPEML", "HMIL", "KGM" (possessive allowed).
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{2,6}(?:['’]s?)?$")
_NOT_INITIALS = frozenset({"of", "and", "the", "&", "de", "der", "di", "du", "des", "y"})
#: The letter "Ltd" adds at the end of an acronym ("HMIL": Hyundai Motor India Ltd); not "C",
#: which "JAC" would take from Jianghuai Automobile (Group), the parent of carmaker JAC.
_LEGAL_LETTERS = "L"


def abbreviates(acronym: str, label: str) -> bool:
    """Whether ``acronym`` is made of the initials of ``label``'s words (a word in capitals
    counts whole), perhaps with an "L" for "Ltd" after them.

    >>> abbreviates("TPEML", "Tata Passenger Electric Mobility")
    True
    >>> abbreviates("KGM", "KG Mobility"), abbreviates("HMIL's", "Hyundai Motor India")
    (True, True)
    >>> abbreviates("TML", "Tata Motors"), abbreviates("AMC", "Acme")  # one word: no initials
    (True, False)
    """
    letters = "".join(c for c in acronym if c.isalpha()).rstrip("s")
    words = [w for w in re.split(r"[\s-]+", label) if w and w.lower() not in _NOT_INITIALS]
    initials = "".join(w if w.isupper() and w.isalpha() else w[0].upper() for w in words)
    if len(words) < 2:
        return False
    return letters == initials or (letters[:-1] == initials and letters[-1] in _LEGAL_LETTERS)


class DocResolver:
    """Resolves the names of one article, remembering what it has seen.

    A later short form ("Kestrel", "Uchida", "Mr. Uchida") resolves to a longer
    name seen earlier in the same article; never across articles, and never to a
    name of another kind.
    """

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self._seen: list[Entity] = []
        self._aliases: dict[str, Entity] = {}

    def alias(self, name: str, entity: Entity) -> None:
        """Make ``name`` stand for ``entity`` in the rest of the article, as a name defined in
        brackets after it does ("Maruti Suzuki India Ltd (MSIL)"); a name the reference
        table knows keeps its own entity."""
        if self.reference.lookup(name) is None and name_key(name):
            self._aliases[name_key(name)] = entity

    def resolve(self, name: str, kind: Kind) -> Entity | None:
        """The entity ``name`` refers to, or None for a non-party (publisher, government).

        ``kind`` is what the text suggests; a reference entry's own kind wins.
        """
        entry = self.reference.lookup(name)
        if entry is not None:
            if not entry.is_party:
                return None
            if kind is Kind.PERSON and entry.kind is not Kind.PERSON:
                return None
            return self._remember(self.reference.entity(entry))
        aliased = self._aliases.get(name_key(name))
        if aliased is not None and (aliased.kind is Kind.PERSON) == (kind is Kind.PERSON):
            return aliased
        earlier = self._earlier(name, kind)
        if earlier is not None:
            return earlier
        label = strip_legal(name) if kind is not Kind.PERSON else " ".join(name.split())
        return self._remember(Entity(label, kind))

    def earlier(self, name: str, kind: Kind) -> Entity | None:
        """An entity of ``kind`` seen earlier in the article that ``name`` is a short form of.

        For companies a single distinctive word of an earlier, unlisted name counts too
        ("Qinghe" for "Suzhou Qinghe Electric Drive"), and the first or last part of a
        hyphenated one ("Harley" for "Harley-Davidson"), but never a generic word ("Systems").
        """
        return self._earlier(name, kind)

    def _earlier(self, name: str, kind: Kind) -> Entity | None:
        key = name_key(_HONORIFIC.sub("", name) if kind is Kind.PERSON else name)
        if not key:
            return None
        if kind is not Kind.PERSON and _ACRONYM.match(name):
            for entity in reversed(self._seen):
                if entity.kind is not Kind.PERSON and abbreviates(name, entity.label):
                    return entity
        fallback: Entity | None = None  # a name it begins, whose other words are its own
        for entity in reversed(self._seen):
            if entity.kind is not kind:
                continue
            words = name_key(entity.label).split()
            if key == " ".join(words):
                return entity
            if kind is Kind.PERSON and len(key.split()) == 1 and words and key == words[-1]:
                return entity
            if kind is not Kind.PERSON and words and key == " ".join(words[: len(key.split())]):
                # "Iveco" is Iveco Group's short form, not Iveco Defence Vehicles': a unit
                # never takes its parent's bare name
                if all(_is_generic(w) for w in words[len(key.split()) :]):
                    return entity
                fallback = fallback or entity
                continue
            parts = words[0].split("-") if len(words) == 1 else []
            if (
                kind is Kind.COMPANY
                and len(parts) > 1
                and key in (parts[0], parts[-1])
                and key not in _GENERIC_WORDS
            ):
                return entity  # "Harley" for Harley-Davidson, "Maxion" for Iochpe-Maxion
            if (
                kind is Kind.COMPANY
                and entity.wikidata is None
                and " " not in key
                and key in words[1:]
                and key not in _GENERIC_WORDS
                and self.reference.lookup(entity.label) is None
            ):
                return fallback or entity
        return fallback

    def _remember(self, entity: Entity) -> Entity:
        if entity not in self._seen:
            self._seen.append(entity)
        return entity
