"""Doc -> mentions -> facts: the relation rules.

For each sentence, every mention is replaced by a slot (``⟨C0⟩`` company,
``⟨U1⟩`` business unit, ``⟨P2⟩`` person, ``⟨X3⟩`` never a party), and the rules
of :mod:`graph.patterns` are matched against that masked sentence. The result is
a list of :class:`~graph.model.Fact`, one per fact and article, each with the
sentence it was read from. Extraction is a pure function of one article.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import patterns as pt
from .model import Article, Entity, Evidence, Fact, Kind, Qualifiers, Relation, Status
from .resolve import DocResolver, Reference, default_reference

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

EXTRACTOR_NAME = "akg-rules"
EXTRACTOR_VERSION = "0.1.0"

#: Longest article text handed to spaCy at once; longer texts go in pieces.
MAX_CHARS = 100_000
_SHOUTING = re.compile(r"[^\n]+")
_SMALL_WORDS = {"and", "or", "of", "the", "in", "to", "with", "for", "on", "at", "a", "an", "by"}
_NON_PARTY_ORG = re.compile(
    r"\b(?:ministry|government|commission|union|agency|council|department|university|"
    r"parliament|court|regulator|authority|association|federation|fund|reserve|exchange|"
    r"police|army|congress|senate|administration|institute|newspaper|times|journal|news|"
    r"post|daily|herald|press|tv|radio)\b",
    re.I,
)
_PERSON_NAME = (
    r"[A-Z][a-zà-ÿ'’\-]+(?:\s+(?:(?:de|van|von|da|di|del|la|le|bin)\s+)?[A-Z][a-zà-ÿ'’\-]+){1,2}"
)
_ROLE_WORDS = r"(?:CEO|chief executive(?: officer)?|[Cc]hair(?:man|woman|person)?|[Pp]resident|[Dd]irector|[Hh]ead|[Bb]oss|[Cc]hief|[Ff]ounder)"
_PERSON_CUES = [
    re.compile(rf"\b{_ROLE_WORDS},?\s+(?P<name>{_PERSON_NAME})"),
    re.compile(rf"(?P<name>{_PERSON_NAME}),\s+(?:the\s+)?(?:[\w'’.-]+\s+){{0,3}}{_ROLE_WORDS}\b"),
    re.compile(rf"(?P<name>{_PERSON_NAME}),?\s+who\s+(?:heads|leads|runs|chairs)\b"),
    re.compile(rf"(?P<name>{_PERSON_NAME})-led\b"),
    re.compile(rf"\b(?:named|appointed|tapped)\s+(?P<name>{_PERSON_NAME})\s+(?:as|to)\b"),
    re.compile(rf"(?P<name>{_PERSON_NAME})\s+(?:was|has been|will be)\s+(?:named|appointed)\b"),
]
_NOT_NAME_WORDS = {
    "The", "A", "An", "In", "On", "At", "By", "For", "Its", "Their", "His", "Her", "Last", "This",
    "That", "Chief", "Executive", "Officer", "President", "Chairman", "Director", "Head", "Japanese",
    "German", "French", "Chinese", "Korean", "American", "Tokyo", "Detroit", "Paris", "During",
    "While", "Earlier", "Later", "Meanwhile", "New", "Former",
}  # fmt: skip


@dataclass
class _Slot:
    """One mention inside a masked sentence."""

    code: str
    entity: Entity | None
    known: bool


@dataclass
class _Context:
    """What an article has said so far: companies, for "the two companies" and "its"."""

    companies: list[Entity] = field(default_factory=list)
    last_pair: tuple[Entity, Entity] | None = None


def _calm_shouting(text: str) -> str:
    """Lower all-caps lines to title case (same length), so names match."""

    def fix(line: re.Match[str]) -> str:
        letters = [c for c in line.group(0) if c.isalpha()]
        if len(letters) < 8 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
            return line.group(0)
        words = re.sub(
            r"[A-Za-z][A-Za-z'’]*",
            lambda w: (
                w.group(0).lower()
                if w.group(0).lower() in _SMALL_WORDS
                else w.group(0).capitalize()
            ),
            line.group(0),
        )
        words = re.sub(r"\bCeo\b", "CEO", words)
        return words if len(words) == len(line.group(0)) else line.group(0)

    return _SHOUTING.sub(fix, text)


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Pieces of at most :data:`MAX_CHARS`, cut at paragraph or sentence ends."""
    start = 0
    while start < len(text):
        end = min(start + MAX_CHARS, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


class Extractor:
    """Runs the pipeline and the relation rules over articles.

    Args:
        nlp: a pipeline from :func:`graph.nlp.load_pipeline`.
        reference: the reference table used for resolution.
    """

    def __init__(self, nlp: Language, reference: Reference | None = None) -> None:
        self.nlp = nlp
        self.reference = reference if reference is not None else default_reference()

    def extract(self, article: Article) -> list[Fact]:
        """The facts of one article, one per fact (best evidence kept)."""
        return self.extract_many([article])[0]

    def extract_many(self, articles: Iterable[Article], batch_size: int = 32) -> list[list[Fact]]:
        """The facts of several articles, in order (uses ``nlp.pipe``)."""
        return list(self.iter_extract(articles, batch_size))

    def iter_extract(
        self, articles: Iterable[Article], batch_size: int = 32
    ) -> Iterator[list[Fact]]:
        """Lazily yield the facts of each article, in order."""
        pieces: list[tuple[int, int]] = []  # (article index, offset)
        texts: list[str] = []
        batch: list[Article] = []

        def flush() -> Iterator[list[Fact]]:
            docs = self.nlp.pipe(texts, batch_size=batch_size)
            by_article: dict[int, list[tuple[int, Doc]]] = {}
            for (index, offset), doc in zip(pieces, docs, strict=True):
                by_article.setdefault(index, []).append((offset, doc))
            for index, article in enumerate(batch):
                yield self._facts(article, by_article.get(index, []))

        for article in articles:
            for offset, chunk in _chunks(_calm_shouting(article.text)):
                pieces.append((len(batch), offset))
                texts.append(chunk)
            batch.append(article)
            if len(batch) >= batch_size:
                yield from flush()
                pieces, texts, batch = [], [], []
        if batch:
            yield from flush()

    # ------------------------------------------------------------- per article
    def _facts(self, article: Article, docs: list[tuple[int, Doc]]) -> list[Fact]:
        resolver = DocResolver(self.reference)
        context = _Context()
        best: dict[tuple[str, str, str], Fact] = {}
        for offset, doc in docs:
            for sent in doc.sents:
                start = offset + sent.start_char
                sentence = article.text[start : offset + sent.end_char]
                if not sentence.strip():
                    continue
                masked, slots = self._mask(sent, resolver)
                evidence_at = (
                    article.id,
                    sentence.strip(),
                    start + _lead(sentence),
                    offset + sent.end_char - _trail(sentence),
                )
                for fact in _sentence_facts(masked, slots, context, evidence_at):
                    kept = best.get(fact.key)
                    if kept is None or fact.evidence.confidence > kept.evidence.confidence:
                        best[fact.key] = fact
                _remember(masked, slots, context)
        return sorted(best.values(), key=lambda f: (f.evidence.start, f.key))

    def _mask(self, sent: Span, resolver: DocResolver) -> tuple[str, dict[str, _Slot]]:
        text = sent.text
        spans: list[tuple[int, int, str]] = []
        for ent in sent.ents:
            if ent.label_ in ("ORG", "PERSON"):
                spans.append(
                    (ent.start_char - sent.start_char, ent.end_char - sent.start_char, ent.label_)
                )
        taken = [(s, e) for s, e, _ in spans]
        for cue in _PERSON_CUES:
            for match in cue.finditer(text):
                s, e = match.span("name")
                words = match["name"].split()
                while words and words[0] in _NOT_NAME_WORDS:
                    s += len(words[0]) + 1
                    words = words[1:]
                if len(words) < 2 or any(s < te and ts < e for ts, te in taken):
                    continue
                spans.append((s, e, "PERSON"))
                taken.append((s, e))
        spans.sort()
        slots: dict[str, _Slot] = {}
        out: list[str] = []
        cursor = 0
        for number, (s, e, label) in enumerate(spans):
            if s < cursor:
                continue
            name = text[s:e]
            kind = Kind.PERSON if label == "PERSON" else Kind.COMPANY
            known = self.reference.lookup(name) is not None
            entity = None
            if known or kind is Kind.PERSON or not _NON_PARTY_ORG.search(name):
                entity = resolver.resolve(name, kind)
            if entity is None:
                code = f"X{number}"
            else:
                code = {Kind.COMPANY: "C", Kind.UNIT: "U", Kind.PERSON: "P"}[entity.kind] + str(
                    number
                )
            slots[code] = _Slot(code, entity, known)
            out.append(text[cursor:s])
            out.append(f"⟨{code}⟩")
            cursor = e
        out.append(text[cursor:])
        masked = _mask_coordinated("".join(out), slots, resolver, len(spans))
        return _mask_units(masked, slots, len(slots) + len(spans)), slots


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _trail(text: str) -> int:
    return len(text) - len(text.rstrip())


_NAME = r"[A-Z][\w.&'-]*[a-z0-9.][\w.&'-]*(?:\s+[A-Z][\w.&'-]+){0,2}"
_COORDINATED = re.compile(
    rf"(?<![\w⟩])(?P<left>{_NAME})(?=\s*,?\s+(?:and|&)\s+⟨C\d+⟩)|(?<=⟩)(?P<sep>\s*,?\s+(?:and|&)\s+)(?P<right>{_NAME})"
)


def _mask_coordinated(
    masked: str, slots: dict[str, _Slot], resolver: DocResolver, counter: int
) -> str:
    """Names joined by "and" to a known company are companies too: "Mitsubishi and ⟨C0⟩"."""

    def company(match: re.Match[str]) -> str:
        nonlocal counter
        name = match["left"] or match["right"]
        words = name.split()
        while words and words[0] in _NOT_NAME_WORDS:
            words = words[1:]
        if not words or _NON_PARTY_ORG.search(name) or words[0].lower() in _SMALL_WORDS:
            return match.group(0)
        name = " ".join(words)
        entity = resolver.resolve(name, Kind.COMPANY)
        if entity is None or entity.kind is Kind.PERSON:
            return match.group(0)
        counter += 1
        code = "C" + str(counter) if entity.kind is Kind.COMPANY else "U" + str(counter)
        slots[code] = _Slot(code, entity, False)
        prefix = match.group(0)[: match.group(0).index(name)] if match["left"] else match["sep"]
        return f"{prefix}⟨{code}⟩"

    return _COORDINATED.sub(company, masked)


def _mask_units(masked: str, slots: dict[str, _Slot], counter: int) -> str:
    """Replace "⟨C0⟩'s electric vehicle unit (Name)" with one business-unit slot."""

    def unit(match: re.Match[str]) -> str:
        nonlocal counter
        parent = slots[match["parent"][1:-1]].entity
        desc = " ".join(match["desc"].split())
        named = match["named"]
        if parent is None or (named is None and (not desc or pt.UNIT_BAD_DESC.search(desc))):
            return match.group(0)
        if named is not None:
            slot = slots[named[1:-1]]
            if slot.entity is None or slot.entity.kind is Kind.PERSON:
                return match.group(0)
            entity = slot.entity
            if entity.kind is Kind.COMPANY and match["noun"] in ("unit", "division", "arm"):
                entity = Entity(entity.label, Kind.UNIT, entity.wikidata, parent)
            known = slot.known
        else:
            if match["noun"] in ("subsidiary", "affiliate", "branch", "operations", "business"):
                return match.group(0)
            entity = Entity(f"{parent.label} {desc} {match['noun']}", Kind.UNIT, None, parent)
            known = False
        counter += 1
        code = ("U" if entity.kind is Kind.UNIT else "C") + str(counter)
        slots[code] = _Slot(code, entity, known)
        return f"⟨{code}⟩"

    return pt.UNIT.sub(unit, masked)


# ------------------------------------------------------------------ the rules
def _codes(text: str, kinds: str = "CU") -> list[str]:
    return [m.group(0)[1:-1] for m in pt.SLOT.finditer(text) if m.group(1) in kinds]


def _entities(codes: Iterable[str], slots: dict[str, _Slot]) -> list[Entity]:
    found: list[Entity] = []
    for code in codes:
        entity = slots[code].entity
        if entity is not None and entity not in found:
            found.append(entity)
    return found


def _confidence(base: float, *codes: str, slots: dict[str, _Slot]) -> float:
    known = all(slots[c].known for c in codes if c in slots)
    return round(min(0.95, base + (0.05 if known else 0.0)), 2)


def _rivals(masked: str) -> set[str]:
    """Slots named after a rivalry cue in the same clause ("against Toyota")."""
    out: set[str] = set()
    for cue in pt.RIVAL_CUE.finditer(masked):
        rest = masked[cue.end() :]
        stop = pt.CLAUSE_BREAK.search(rest)
        out.update(_codes(rest[: stop.start()] if stop else rest))
    return out


def _sentence_facts(
    masked: str, slots: dict[str, _Slot], context: _Context, where: tuple[str, str, int, int]
) -> Iterator[Fact]:
    doc, sentence, start, end = where

    def evidence(confidence: float) -> Evidence:
        return Evidence(doc, sentence, start, end, confidence)

    yield from _partnerships(masked, slots, context, evidence)
    yield from _leaderships(masked, slots, evidence)
    yield from _investments(masked, slots, context, evidence)


EvidenceMaker = Callable[[float], Evidence]


def _partnerships(
    masked: str, slots: dict[str, _Slot], context: _Context, evidence: EvidenceMaker
) -> Iterator[Fact]:
    if not pt.PARTNER_TRIGGER.search(masked) or pt.DENIAL.search(masked):
        return
    status = pt.status_of(masked)
    kind = pt.kind_of(masked)
    rivals = _rivals(masked)
    companies = [c for c in _codes(masked, "C") if c not in rivals]
    parties = [e for e in _entities(companies, slots) if e.kind is Kind.COMPANY]
    linked = bool(pt.LINKED.search(masked))
    base = 0.85 if linked else 0.7
    pairs: list[tuple[Entity, Entity, float]] = []
    for match in pt.ITS_PARTNER.finditer(masked):
        b = slots[match["b"][1:-1]].entity
        if match["a"]:
            a = slots[match["a"][1:-1]].entity
        else:
            before = [e for e in _entities(_codes(masked[: match.start()], "C"), slots) if e != b]
            a = (
                before[-1]
                if before
                else next((c for c in reversed(context.companies) if c != b), None)
            )
        if a is not None and b is not None and a != b:
            pairs.append((a, b, 0.85))
    if len(parties) >= 2:
        pairs.extend((a, b, base) for a, b in itertools.combinations(parties, 2))
    elif pt.PAIR_REFERENCE.search(masked) and context.last_pair is not None:
        a, b = context.last_pair
        if len(parties) < 2 or set(parties) <= {a, b}:
            pairs.append((a, b, 0.65))
    for a, b, confidence in pairs:
        if a.kind is not Kind.COMPANY or b.kind is not Kind.COMPANY or a == b:
            continue
        yield Fact(
            a,
            Relation.PARTNERS_WITH,
            b,
            evidence(_conf(confidence, a, b, slots)),
            Qualifiers(status=status, kind=kind),
        )


def _conf(base: float, a: Entity, b: Entity, slots: dict[str, _Slot]) -> float:
    known = {s.entity for s in slots.values() if s.known}
    bonus = 0.05 if a in known and b in known else 0.0
    return round(min(0.95, base + bonus), 2)


def _leaderships(masked: str, slots: dict[str, _Slot], evidence: EvidenceMaker) -> Iterator[Fact]:
    for rule in pt.LEADS:
        for match in rule.finditer(masked):
            groups = match.groupdict()
            if not groups.get("org"):
                continue
            person = slots[groups["per"][1:-1]].entity
            org = slots[groups["org"][1:-1]].entity
            if (
                person is None
                or org is None
                or person.kind is not Kind.PERSON
                or org.kind is Kind.PERSON
            ):
                continue
            role_text = groups.get("role") or ""
            if pt.NOT_LEADER.search(role_text):
                continue
            role = pt.role_name(role_text) if role_text else _verb_role(groups.get("verb") or "")
            before = masked[max(0, match.start() - 30) : match.start()]
            tenure = pt.tenure_of(before.rsplit("⟩", 1)[-1] + " " + role_text, match.group(0))
            base = 0.9 if role_text else 0.8
            yield Fact(
                person,
                Relation.LEADS,
                org,
                evidence(_conf(base, person, org, slots)),
                Qualifiers(role=role, tenure=tenure),
            )


def _verb_role(verb: str) -> str:
    return "chair" if verb.lower().startswith("chair") else "head"


def _investments(
    masked: str, slots: dict[str, _Slot], context: _Context, evidence: EvidenceMaker
) -> Iterator[Fact]:
    status = (
        Status.ENDED
        if pt.INVEST_ENDED.search(masked)
        else (Status.PROPOSED if pt.INVEST_PROPOSED.search(masked) else Status.AGREED)
    )
    for name, rule in pt.INVESTS:
        for match in rule.finditer(masked):
            target = slots[match["tgt"][1:-1]].entity
            investors = _entities(_codes(match["inv"], "C"), slots)
            words = match.groupdict().get("amt") or ""
            amount = pt.find_amount(words) or (pt.find_amount(masked) if name == "invest" else None)
            stake = pt.find_stake(words) or (pt.find_stake(masked) if name == "stake" else None)
            if (
                name == "own"
                and stake is None
                and re.search(r"wholly|fully|outright", match.group(0), re.I)
            ):
                stake = 100.0
            for investor in investors:
                if (
                    target is None
                    or investor.kind is not Kind.COMPANY
                    or target.kind is Kind.PERSON
                ):
                    continue
                if investor == target:
                    continue
                yield Fact(
                    investor,
                    Relation.INVESTS_IN,
                    target,
                    evidence(_conf(0.85, investor, target, slots)),
                    Qualifiers(
                        status=status,
                        amount=amount.value if amount else None,
                        currency=amount.currency if amount else None,
                        amount_text=amount.text if amount else None,
                        stake=stake,
                    ),
                )
    for rule in pt.JOINT_VENTURES:
        for match in rule.finditer(masked):
            venture = slots[match["jv"][1:-1]].entity
            owners = [e for e in _entities(_codes(match["owners"], "C"), slots) if e != venture]
            if venture is None or venture.kind is Kind.PERSON:
                continue
            for owner in owners:
                yield Fact(
                    owner,
                    Relation.INVESTS_IN,
                    venture,
                    evidence(_conf(0.8, owner, venture, slots)),
                    Qualifiers(status=status, stake=_split(match.group(0), len(owners))),
                )
            for a, b in itertools.combinations(owners, 2):
                yield Fact(
                    a,
                    Relation.PARTNERS_WITH,
                    b,
                    evidence(_conf(0.8, a, b, slots)),
                    Qualifiers(status=pt.status_of(masked), kind="joint venture"),
                )


def _split(text: str, owners: int) -> float | None:
    return 50.0 if owners == 2 and re.search(r"50[-:/ ]50|equal", text) else None


def _remember(masked: str, slots: dict[str, _Slot], context: _Context) -> None:
    rivals = _rivals(masked)
    named = [
        e
        for e in _entities([c for c in _codes(masked, "C") if c not in rivals], slots)
        if e.kind is Kind.COMPANY
    ]
    for entity in named:
        if entity in context.companies:
            context.companies.remove(entity)
        context.companies.append(entity)
    if len(named) >= 2:
        context.last_pair = (named[0], named[1])
