"""Doc -> mentions -> facts: the relation rules.

For each sentence, every mention is replaced by a slot (``⟨C0⟩`` company,
``⟨U1⟩`` business unit, ``⟨P2⟩`` person, ``⟨X3⟩`` never a party), and the rules
of :mod:`graph.patterns` are matched against that masked sentence. The result is
a list of :class:`~graph.model.Fact`, one per fact and article, each with the
sentence it was read from. Extraction is a pure function of one article.

Mentions come from the pipeline (reference table, legal forms, and a trained
recogniser when loaded) and from cues here: the slots where an unknown
capitalised name can only be a company ("startup Zeta", "a 15% stake in Zeta",
"Zeta, a Kyoto maker of chips"), and role cues for people. A name only a
statistical recogniser proposed must stand where a party stands to become one.

The rules run in this order on each sentence: joint ventures (each parent
invests in the venture, the parents are partners, the venture is not), then
partnerships, leadership and investments. What the article has said so far
(companies, the last pair, the last company invested in) resolves "the two
companies", "the startup's chief executive" and "the remaining 25%", at a lower
confidence than a fact stated in full.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import patterns as pt
from .headlines import lower_headlines
from .lines import DATELINE, unwrap
from .model import Article, Entity, Evidence, Fact, Kind, Qualifiers, Relation, Status
from .names import mentions
from .resolve import LEGAL_AFTER, DocResolver, Reference, default_reference, is_generic, is_place
from .rules import load_signals, load_words
from .text import plain_spaces
from .tickers import hide_tickers

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span


#: Longest article text handed to spaCy at once; longer texts go in pieces.
MAX_CHARS = 100_000
#: Longest sentence that relations are read from; longer runs (no punctuation) give none.
MAX_SENTENCE_TOKENS = 120
#: Longest article read: the text after this many characters is not extracted (a notice says so).
MAX_ARTICLE_CHARS = 500_000
#: More companies than this in one sentence is a list or a table, not a partnership.
MAX_PARTIES = 6
_SHOUTING = re.compile(r"[^\n]+")
#: Which words are names and which names can be parties (graph/data/rules/masking.toml).
_WORDS = load_words("masking.toml")
_MASKING = load_signals("masking.toml", pt.NAME_CUE_MACROS)
_SMALL_WORDS = _WORDS["small"]
_CAPTION_WORDS = _WORDS["caption"]
_DESCRIPTION_WORDS = _WORDS["description"]
_NOT_NAME_WORDS = _WORDS["not_name"]
_PLACE_WORDS = _WORDS["place"]
_NON_PARTY_ORG = _MASKING["non-party-org"]
_DEFINED = _MASKING["defined"]
_EVENT_AFTER = _MASKING["event-after"]
_ROLE_HOLDER = _MASKING["role-holder"]
_SAID_SUBJECT = _MASKING["said-subject"]
_PLACE_WORD = _MASKING["place-word"]
_PLACE_BASED = _MASKING["place-based"]
_COORDINATED = _MASKING["coordinated"]
_ABBREVIATION = _MASKING["abbreviation"]
_APPOSED = _MASKING["apposed"]
_THEIR_BEFORE = _MASKING["their-before"]
_ITS = _MASKING["its"]
#: What is cut off before a name the recogniser alone found: captions and descriptions.
_LEADING_WORDS = _CAPTION_WORDS | _DESCRIPTION_WORDS


def _places_named(article: str) -> frozenset[str]:
    """Names an article writes as places ("Nagoya-based"): in it, they name no company.

    >>> sorted(_places_named("The Nagoya-based maker ... a Hong Kong-based fund"))
    ['Hong Kong', 'Kong', 'Nagoya', 'The Nagoya']
    """
    found = [m[1] for m in _PLACE_BASED.finditer(article)]
    return frozenset(found + [name.split()[-1] for name in found])


def _is_place_word(word: str) -> bool:
    """A demonym or place adjective, never a company name on its own."""
    word = word.rstrip(",")
    return word in _PLACE_WORDS or _PLACE_WORD.match(word) is not None


def _trim_places(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The span without its leading demonyms ("Danish Zeta" is Zeta); None if nothing is left."""
    words = text[s:e].split(" ")
    while words and _is_place_word(words[0]):
        s += len(words[0]) + 1
        words = words[1:]
    if not words or not "".join(words).strip():
        return None
    return s, e


@dataclass
class _Slot:
    """One mention inside a masked sentence."""

    code: str
    entity: Entity | None
    known: bool
    #: False for a unit known only by description ("Renault's electric vehicle unit").
    named: bool = True
    #: True for a name only a statistical recogniser proposed (no table entry, no rule cue).
    guessed: bool = False
    #: The owner a description gives: "Waymo, Alphabet's self-driving unit" (Alphabet).
    owner: Entity | None = None


@dataclass(frozen=True)
class Reading:
    """One sentence as the extractor read it.

    Attributes:
        masked: the sentence with each mention replaced by its code (``⟨C0⟩``).
        slots: what each code names.
        facts: the facts the rules read in it (some through earlier sentences).
        where: (article id, sentence, start, end) for the evidence.
    """

    masked: str
    slots: dict[str, _Slot]
    facts: list[Fact]
    where: tuple[str, str, int, int]


@dataclass
class _Context:
    """What an article has said so far: companies, for "the two companies" and "its"."""

    companies: list[Entity] = field(default_factory=list)
    last_pair: tuple[Entity, Entity] | None = None
    #: The company last invested in or set up as a venture ("the remaining 25%").
    last_target: Entity | None = None
    reference: Reference | None = None
    #: Every company of the last sentence naming two or more ("the three companies").
    last_group: list[Entity] = field(default_factory=list)
    #: The first company (not a rival) of the last sentence naming one: what "its" points at.
    subject: Entity | None = None
    #: True when the last sentence split something equally ("a 50-50 venture").
    equal_split: bool = False

    def related(self, a: Entity, b: Entity) -> bool:
        """True when the reference table lists one as the other's parent (a brand and its group)."""
        if self.reference is None:
            return False
        ea, eb = self.reference.lookup(a.label), self.reference.lookup(b.label)
        if ea is None or eb is None:
            return False
        return ea.parent == eb.label or eb.parent == ea.label


_CAPS_RUN = re.compile(r"[A-Z]{2,}\W+[A-Z]{2,}\W+[A-Z]{2,}")
_UPPER = re.compile(r"[^\W\d_a-zß-ÿ]")
_LOWER = re.compile(r"[a-zß-ÿ]")


def _calm_shouting(text: str) -> str:
    """Lower all-caps lines to title case (same length), so names match."""

    if not _CAPS_RUN.search(text):
        return text

    def fix(line: re.Match[str]) -> str:
        if not _CAPS_RUN.search(line.group(0)):
            return line.group(0)
        upper = len(_UPPER.findall(line.group(0)))
        lower = len(_LOWER.findall(line.group(0)))
        if upper + lower < 8 or upper < 0.8 * (upper + lower):
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


def _read_as(text: str, names: frozenset[str] = frozenset()) -> str:
    """The text as the pipeline reads it, of the same length (offsets and evidence hold):
    hard wraps made spaces, tickers hidden, all-caps lines lowered to title case and the
    ordinary words of title-case lines to lower case (``names`` kept as written), odd spaces
    made plain."""
    return lower_headlines(_calm_shouting(hide_tickers(unwrap(plain_spaces(text)))), names=names)


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
        #: One-word names of the table, which a title-case headline keeps as written.
        self._names = frozenset(
            name.lower() for entry in self.reference for name in entry.names if " " not in name
        )

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
            yield from self._batch_facts(
                [(article, by_article.get(index, [])) for index, article in enumerate(batch)]
            )

        for article in articles:
            for offset, chunk in _chunks(_read_as(article.text[:MAX_ARTICLE_CHARS], self._names)):
                pieces.append((len(batch), offset))
                texts.append(chunk)
            batch.append(article)
            if len(batch) >= batch_size:
                yield from flush()
                pieces, texts, batch = [], [], []
        if batch:
            yield from flush()

    # ------------------------------------------------------------- per article
    def _batch_facts(
        self, batch: list[tuple[Article, list[tuple[int, Doc]]]]
    ) -> Iterator[list[Fact]]:
        """The facts of each article of a batch, in order (what needs a batch reads it whole)."""
        for article, docs in batch:
            yield self._facts(article, docs)

    def _facts(self, article: Article, docs: list[tuple[int, Doc]]) -> list[Fact]:
        best: dict[tuple[str, str, str], Fact] = {}
        for reading in self.readings(article, docs):
            for fact in reading.facts:
                kept = best.get(fact.key)
                if kept is None or fact.evidence.confidence > kept.evidence.confidence:
                    best[fact.key] = fact
                elif kept.qualifiers.stake is None and fact.qualifiers.stake is not None:
                    # "Acme holds 60% and Beta the rest": a later sentence gives the stake
                    stake = dataclasses.replace(kept.qualifiers, stake=fact.qualifiers.stake)
                    best[fact.key] = dataclasses.replace(kept, qualifiers=stake)
        return sorted(best.values(), key=lambda f: (f.evidence.start, f.key))

    def readings(self, article: Article, docs: list[tuple[int, Doc]]) -> Iterator[Reading]:
        """Each sentence of an article: its mentions (masked), and the facts the rules read."""
        resolver = DocResolver(self.reference)
        context = _Context(reference=self.reference)
        places = _places_named("".join(doc.text for _, doc in docs))  # the text as read
        for offset, doc in docs:
            ents = mentions(doc, self.reference)
            starts = [e[0] for e in ents]
            for sent in _windows(doc):
                start = offset + sent.start_char
                first = bisect.bisect_left(starts, sent.start_char)
                last = bisect.bisect_left(starts, sent.end_char)
                sentence = article.text[start : offset + sent.end_char]
                if not sentence.strip():
                    continue
                masked, slots = self._mask(sent, ents[first:last], resolver, places)
                where = (
                    article.id,
                    sentence.strip(),
                    start + _lead(sentence),
                    offset + sent.end_char - _trail(sentence),
                )
                facts = list(_sentence_facts(masked, slots, context, where))
                yield Reading(masked, slots, facts, where)
                _remember(masked, slots, context)

    def related(self, a: Entity, b: Entity) -> bool:
        """Whether the reference table lists one as the other's parent (a brand and its group)."""
        return _Context(reference=self.reference).related(a, b)

    def _without_places(
        self, text: str
    ) -> Callable[[tuple[int, int, str]], tuple[int, int, str] | None]:
        """A company span without its leading demonyms, unless the whole name is known."""

        def trim(span: tuple[int, int, str]) -> tuple[int, int, str] | None:
            s, e, label = span
            if label != "ORG" or self.reference.lookup(text[s:e]) is not None:
                return span
            trimmed = _trim_places(text, s, e)
            return None if trimmed is None else (*trimmed, label)

        return trim

    def _mask(
        self,
        sent: Span,
        ents: list[tuple[int, int, str, bool]],
        resolver: DocResolver,
        places: frozenset[str],
    ) -> tuple[str, dict[str, _Slot]]:
        text = sent.text
        spans: list[tuple[int, int, str]] = []
        guessed: set[int] = set()
        dateline = DATELINE.match(text)
        cut = dateline.end() if dateline else 0  # "STUTTGART, Germany, Feb 3 - " names no party
        for ent_start, ent_end, label, has_id in ents:
            if ent_end > sent.end_char or ent_end - sent.start_char <= cut:
                continue
            start = max(ent_start - sent.start_char, cut)
            end = ent_end - sent.start_char
            start = _after_words(text, start, end, _DESCRIPTION_WORDS if has_id else _LEADING_WORDS)
            if start >= end or (
                _EVENT_AFTER.match(text, end) and self.reference.lookup(text[start:end]) is None
            ):
                continue
            spans.append((start, end, label))
            if label == "ORG" and not has_id:
                guessed.add(start)
        taken = [(s, e) for s, e, _ in spans]
        headline = _is_headline(text)
        for cue in pt.HEADLINE_PERSON_CUES if headline else pt.PERSON_CUES:
            for match in cue.pattern.finditer(text):
                s, e = match.span("name")
                words = match["name"].split()
                while words and words[0] in _NOT_NAME_WORDS:
                    s += len(words[0]) + 1
                    words = words[1:]
                if len(words) < 2 or any(s < te and ts < e for ts, te in taken):
                    continue
                spans.append((s, e, "PERSON"))
                taken.append((s, e))
        for cue in () if headline else pt.COMPANY_CUES:
            for match in cue.pattern.finditer(text):
                s, e = match.span("name")
                words = match["name"].split()
                while words and (words[0] in _NOT_NAME_WORDS or words[0].lower() in _SMALL_WORDS):
                    s += len(words[0]) + 1
                    words = words[1:]
                while words and (words[-1] in _NOT_NAME_WORDS or words[-1].lower() in _SMALL_WORDS):
                    e -= len(words[-1]) + 1
                    words = words[:-1]
                if words and words[-1].endswith(".") and not _ABBREVIATION.search(words[-1]):
                    e -= 1  # "a new holding company, Archion." ends the sentence, not the name
                    words[-1] = words[-1][:-1]
                if not words or any(s < te and ts < e for ts, te in taken):
                    continue
                if _NON_PARTY_ORG.search(match["name"]):
                    continue
                spans.append((s, e, "ORG"))
                taken.append((s, e))
        for match in itertools.chain(_ROLE_HOLDER.finditer(text), _SAID_SUBJECT.finditer(text)):
            s, e = match.span("name")
            if any(s < te and ts < e for ts, te in taken) or match["name"] in _NOT_NAME_WORDS:
                continue
            in_sentence = any(
                label == "ORG" and match["name"] in text[ts:te].split() for ts, te, label in spans
            )
            if not in_sentence and resolver.earlier(match["name"], Kind.COMPANY) is None:
                continue
            spans.append((s, e, "ORG"))
            taken.append((s, e))
        spans = [_with_legal_form(text, span) for span in spans]
        spans = [span for span in map(self._without_places(text), spans) if span is not None]
        spans = [
            (s, e, label)
            for s, e, label in spans
            if label != "ORG" or not (_no_company(text[s:e], self.reference) or text[s:e] in places)
        ]
        spans = _merge_adjacent(text, sorted(spans))
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
            if entity is not None and kind is Kind.COMPANY:
                defined = _DEFINED.match(text, e)
                if defined:
                    resolver.alias(defined["quoted"] or defined["caps"], entity)
            if entity is None:
                code = f"X{number}"
            else:
                code = {Kind.COMPANY: "C", Kind.UNIT: "U", Kind.PERSON: "P"}[entity.kind] + str(
                    number
                )
            slots[code] = _Slot(code, entity, known, guessed=s in guessed and not known)
            out.append(text[cursor:s])
            out.append(f"⟨{code}⟩")
            cursor = e
        out.append(text[cursor:])
        masked = _mask_coordinated("".join(out), slots, resolver, len(spans))
        return _mask_units(masked, slots, len(slots) + len(spans)), slots


def _after_words(text: str, start: int, end: int, words: frozenset[str]) -> int:
    """Where a recognised name starts once the ``words`` before it are cut off
    ("Courtesy Harley-Davidson" is Harley-Davidson); ``end`` if nothing is left."""
    while start < end:
        word = text[start:end].split(" ", 1)[0]
        if word not in words:
            return start
        start += len(word) + 1
    return end


def _with_legal_form(text: str, span: tuple[int, int, str]) -> tuple[int, int, str]:
    """A company span with the legal form that follows it: "Hankook & Company Group", "Acme, Ltd."."""
    s, e, label = span
    if label != "ORG":
        return span
    after = LEGAL_AFTER.match(text, e)
    return (s, after.end(), label) if after else span


def _windows(doc: Doc) -> Iterator[Span]:
    """The sentences that relations are read from.

    A run-on "sentence" longer than :data:`MAX_SENTENCE_TOKENS` (text with no
    punctuation, a list, a table flattened to text) gives none: names that merely
    share it are not related, and reading them as if they were fills the graph
    with junk.
    """
    for sent in doc.sents:
        if len(sent) <= MAX_SENTENCE_TOKENS:
            yield sent


def _is_headline(text: str) -> bool:
    """Title-cased lines (headlines, lowered shouting) where capitals say nothing about names."""
    words = [w for w in _WORD.findall(text) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 6 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _no_company(name: str, reference: Reference) -> bool:
    """A name the reference table does not know made only of generic words, or a place's."""
    return reference.lookup(name) is None and (is_generic(name) or is_place(name))


#: The small words of Romance, Germanic and Dutch names that the recogniser splits a name at:
#: "Banco| de |Sabadell", "Fondo Italiano| d'Investimento |SGR". Not "y", "e", "et" or
#: "und": in a headline of another language they join two names ("CATL y Stellantis").
_NAME_LINKS = frozenset(
    {"de", "di", "da", "du", "des", "del", "della", "dei", "degli", "do", "dos", "das", "van"}
    | {"von", "der", "den"}
)


def _linked_name(between: str) -> bool:
    """Whether the text between two company names joins them into one: only small words of a
    name (at least one) and capitalised words, as in "Compañía Española| de |Petróleos"."""
    words = between.split()
    if not words or between[:1] not in " \t" or between[-1:] not in " \t":
        return False
    elided = [w for w in words if w[:2] in ("d'", "d’") and w[2:3].isupper()]
    linked = [w for w in words if w in _NAME_LINKS]
    return bool(elided or linked) and all(
        w in _NAME_LINKS or w in elided or w[:1].isupper() for w in words
    )


def _merge_adjacent(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Company names written back to back are one name: "BYD Toyota EV Technology",
    "Kessler-Vogt" (a hyphen the recogniser split at), "Fondo Italiano d'Investimento SGR"
    (a small word of a name it split at)."""
    merged: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        if merged:
            ps, pe, plabel = merged[-1]
            # "Kessler-" and "Vogt SE" touch; "Toyota" "-" "Mazda" (two names) do not
            touching = s == pe and (text[pe - 1 : pe] == "-" or text[s : s + 1] == "-")
            joined = s > pe and (text[pe:s] == " " or _linked_name(text[pe:s]))
            if label == plabel == "ORG" and (touching or joined):
                merged[-1] = (ps, e, label)
                continue
        merged.append((s, e, label))
    return merged


_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _trail(text: str) -> int:
    return len(text) - len(text.rstrip())


def _mask_coordinated(
    masked: str, slots: dict[str, _Slot], resolver: DocResolver, counter: int
) -> str:
    """Names joined by "and" to a known company are companies too: "Mitsubishi and ⟨C0⟩"."""

    def company(match: re.Match[str]) -> str:
        nonlocal counter
        name = match["left"] or match["right"]
        tail = ""
        if name.endswith(".") and not _ABBREVIATION.search(name):
            name, tail = name[:-1], "."  # the full stop ends the sentence, not the name
        words = name.split()
        while words and (words[0] in _NOT_NAME_WORDS or _is_place_word(words[0])):
            words = words[1:]
        if not words or _NON_PARTY_ORG.search(name) or words[0].lower() in _SMALL_WORDS:
            return match.group(0)
        name = " ".join(words)
        if _no_company(name, resolver.reference):  # "Acme and Power Solutions", "... South Korea's"
            return match.group(0)
        entity = resolver.resolve(name, Kind.COMPANY)
        if entity is None or entity.kind is Kind.PERSON:
            return match.group(0)
        counter += 1
        code = "C" + str(counter) if entity.kind is Kind.COMPANY else "U" + str(counter)
        slots[code] = _Slot(code, entity, False)
        whole = match.group(0)
        prefix = whole[: whole.find(words[0])] if match["left"] else match["sep"]
        return f"{prefix}⟨{code}⟩{tail}"

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
            if match["noun"] in ("subsidiary", "affiliate", "branch", "operations"):
                return match.group(0)
            if match["noun"] == "business" and len(desc.split()) < 2:
                return match.group(0)
            entity = Entity(f"{parent.label} {desc} {match['noun']}", Kind.UNIT, None, parent)
            known = False
        counter += 1
        code = ("U" if entity.kind is Kind.UNIT else "C") + str(counter)
        before = _APPOSED.search(masked, 0, match.start())
        if named is None and before is not None:
            # "Cariad, Volkswagen's software unit": the description names the slot before it
            earlier = slots[before["code"]]
            owned = match["noun"] in ("unit", "division", "arm", "subsidiary", "affiliate")
            slots[code] = _Slot(
                code, earlier.entity, earlier.known, earlier.named, owner=parent if owned else None
            )
        else:
            slots[code] = _Slot(code, entity, known, named is not None)
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
        rest = masked[cue.end :]
        stop = pt.CLAUSE_BREAK.search(rest)
        out.update(_codes(rest[: stop.start()] if stop else rest))
    return out


def _sentence_facts(
    masked: str, slots: dict[str, _Slot], context: _Context, where: tuple[str, str, int, int]
) -> Iterator[Fact]:
    doc, sentence, start, end = where

    def evidence(confidence: float, rule: str) -> Evidence:
        return Evidence(doc, sentence, start, end, confidence, (rule,))

    if "⟨" not in masked and not pt.PAIR_REFERENCE.search(masked):
        return
    if (control := pt.FULL_CONTROL.search(masked)) is not None:
        # "A took full control of Zeta, its venture with B, buying out B's stake": A's alone
        yield from _full_control(masked, control, slots, evidence)
        if pt.status_of(masked) is Status.ENDED:  # "... after the failure ended their partnership"
            yield from _partnerships(masked, slots, context, evidence, {control["tgt"][1:-1]})
        if "⟨P" in masked:
            yield from _leaderships(masked, slots, context, evidence)
        return
    ventures: set[str] = set()
    if pt.VENTURE_CUE.search(masked):
        yield from _ventures(masked, slots, context, evidence, ventures)
    for clause in masked.split(";"):
        yield from _partnerships(clause, slots, context, evidence, ventures)
    yield from _merger_holdings(masked, slots, pt.status_of(masked), evidence)
    if "⟨P" in masked:
        yield from _leaderships(masked, slots, context, evidence)
    if pt.INVEST_CUE.search(masked) or any(slot.owner for slot in slots.values()):
        yield from _investments(masked, slots, context, evidence)


#: Evidence for a fact: its confidence and the id of the rule that read it.
EvidenceMaker = Callable[[float, str], Evidence]


def _full_control(
    masked: str, control: re.Match[str], slots: dict[str, _Slot], evidence: EvidenceMaker
) -> Iterator[Fact]:
    """The company taking full control, and what it takes: the sellers' stakes are gone."""
    owners = _entities(_codes(masked[: control.start()], "C"), slots)
    target = slots[control["tgt"][1:-1]].entity
    if not owners or target is None or owners[0] == target or owners[0].kind is Kind.PERSON:
        return
    status = Status.PROPOSED if pt.INVEST_PROPOSED.search(masked) else Status.AGREED
    yield Fact(
        owners[0],
        Relation.INVESTS_IN,
        target,
        evidence(_conf(0.8, owners[0], target, slots), "invests-full-control"),
        Qualifiers(status=status, stake=100.0),
    )


def _merged_units(masked: str) -> tuple[list[str], str | None]:
    """Companies merged by their parents ("merge their truck makers, C and D") and the holding."""
    merge = pt.MERGE_UNITS.search(masked)
    if merge is None:
        return [], None
    rest = masked[merge.end() :]
    holding = pt.HOLDING.search(rest)
    units = _codes(rest[: holding.start()] if holding else rest)
    return units, holding["org"][1:-1] if holding else None


def _merger_holdings(
    masked: str, slots: dict[str, _Slot], status: Status, evidence: EvidenceMaker
) -> Iterator[Fact]:
    """Parents invest in the new holding; the holding owns the merged companies."""
    units, code = _merged_units(masked)
    merge = pt.MERGE_UNITS.search(masked)
    holding = slots[code].entity if code else None
    if merge is None or holding is None:
        return
    parents = _entities(_codes(masked[: merge.start()], "C"), slots)
    pairs = [(p, holding) for p in parents] + [(holding, u) for u in _entities(units, slots)]
    for investor, target in pairs:
        if investor.kind is Kind.PERSON or target.kind is Kind.PERSON or investor == target:
            continue
        yield Fact(
            investor,
            Relation.INVESTS_IN,
            target,
            evidence(_conf(0.7, investor, target, slots), "invests-merger-holding"),
            Qualifiers(status=status),
        )


def _leader_orgs(masked: str) -> set[str]:
    """Companies named only as a speaker's employer: "Jane Roe, chief executive of Acme, said"."""
    out: set[str] = set()
    for rule in pt.LEADS:
        for match in rule.pattern.finditer(masked):
            if match.groupdict().get("org"):
                out.add(match["org"][1:-1])
    return out


def _not_parties(masked: str) -> set[str]:
    """Slots named in a sentence that are not parties to a partnership it states."""
    out = _rivals(masked)
    for match in pt.PRODUCT_USE.finditer(masked):
        out.add(match["org"][1:-1])
    for match in pt.PARENT_ONLY.finditer(masked):
        out.add((match["of"] or match["pre"])[1:-1])
    for rule in (pt.RESULT, pt.PRODUCT_APPOS, pt.MADE_BY):
        for match in rule.finditer(masked):
            out.add((match["org"] or match.groupdict()["org2"])[1:-1])
    return out


def _partnerships(
    masked: str,
    slots: dict[str, _Slot],
    context: _Context,
    evidence: EvidenceMaker,
    ventures: set[str],
) -> Iterator[Fact]:
    if not pt.PARTNER_TRIGGER.search(masked) or pt.DENIAL.search(masked):
        return
    status = pt.status_of(masked)
    if pt.OPINION.search(masked) and not pt.AGREED.search(masked):
        return
    kind = pt.kind_of(masked)
    venture_entities = {slots[c].entity for c in ventures}
    speakers = _leader_orgs(masked)
    units, _ = _merged_units(masked)
    holdings = {m["org"][1:-1] for m in pt.HOLDING.finditer(masked)}  # what a merger creates
    excluded = _not_parties(masked) | ventures | speakers | set(units) | holdings
    anchored = {m["code"] or m["code2"] for m in pt.ANCHORED.finditer(masked)}
    companies = [
        c
        for c in _codes(masked, "CU")
        if c not in excluded
        and (c[0] == "C" or slots[c].named)
        and (not slots[c].guessed or c in anchored)
    ]
    parties = [e for e in _entities(companies, slots) if e.kind is not Kind.PERSON]
    parties = [e for e in parties if e not in venture_entities]
    targets = _entities([m["org"][1:-1] for m in pt.INVEST_TARGET.finditer(masked)], slots)
    if len([e for e in parties if e not in targets]) >= 2:
        # "A and B agreed to invest in Zeta": Zeta is what they invest in, not a third party
        parties = [e for e in parties if e not in targets]
    linked = bool(pt.LINKED.search(masked))
    base = 0.85 if linked else 0.7
    pairs: list[tuple[Entity, Entity, float, str]] = []
    for rule in pt.PARTNERS:
        for match in rule.pattern.finditer(masked):
            b = slots[match["b"][1:-1]].entity
            if match.groupdict().get("a"):
                a = slots[match["a"][1:-1]].entity
            else:
                before = [
                    e
                    for e in _entities(_codes(masked[: match.start()], "C"), slots)
                    if e != b and e not in venture_entities
                ]
                if rule.its_company == "first":
                    before = before[:1]  # "its joint venture with": the subject's
                a = (
                    before[-1]
                    if before
                    else next((c for c in reversed(context.companies) if c != b), None)
                )
            if a is not None and b is not None and a != b:
                pairs.append((a, b, 0.85, rule.id))
    star = pt.WITH_LIST.search(masked)
    hub = slots[star["hub"][1:-1]].entity if star else None
    spokes = _entities(_codes(star["list"]), slots) if star else []
    if hub is not None and len(spokes) >= 2 and hub in parties:
        # "Huawei signed partnerships with Seres, Chery and JAC": one hub, not a clique
        pairs.extend((hub, spoke, base, "partners-hub") for spoke in spokes if spoke in parties)
    elif MAX_PARTIES >= len(parties) >= 2:
        pairs.extend((a, b, base, "partners-named") for a, b in itertools.combinations(parties, 2))
    elif (
        len(leaders := _entities(sorted(speakers), slots)) == 2
        and len(parties) < 2
        and pt.PAIR_REFERENCE.search(masked)
    ):
        # "Acme CEO Jane Roe and Beta chief John Doe said the companies would extend ..."
        pairs.append((leaders[0], leaders[1], 0.75, "partners-leaders"))
    elif (
        (group := pt.PAIR_REFERENCE.search(masked))
        and group.value not in ("three", "four")
        and len(named := _sentence_companies(masked, slots, ventures)) == 2
        and len(parties) < 2
    ):
        # "Acme's president said it would supply Beta, ... the two automakers' alliance"
        pairs.append((named[0], named[1], 0.65, "partners-pair-named"))
    elif (group := pt.PAIR_REFERENCE.search(masked)) and context.last_pair is not None:
        count = group.value
        named = context.last_group if count in ("three", "four") else list(context.last_pair)
        if len(named) == {"three": 3, "four": 4}.get(count, len(named)) and (
            len(parties) < 2 or set(parties) <= set(named)
        ):
            pairs.extend(
                (a, b, 0.6, "partners-reference") for a, b in itertools.combinations(named, 2)
            )
    for a, b, confidence, reading in pairs:
        if a.kind is Kind.PERSON or b.kind is Kind.PERSON or a == b:
            continue
        if a.parent == b or b.parent == a or context.related(a, b):
            continue
        yield Fact(
            a,
            Relation.PARTNERS_WITH,
            b,
            evidence(_conf(confidence, a, b, slots), reading),
            Qualifiers(status=status, kind=kind),
        )


def _sentence_companies(masked: str, slots: dict[str, _Slot], ventures: set[str]) -> list[Entity]:
    """Every company a sentence names as a possible party, speakers included."""
    left_out = _not_parties(masked) | ventures
    return [
        e
        for e in _entities([c for c in _codes(masked, "C") if c not in left_out], slots)
        if e.kind is Kind.COMPANY
    ]


def _conf(base: float, a: Entity, b: Entity, slots: dict[str, _Slot]) -> float:
    known = {s.entity for s in slots.values() if s.known}
    bonus = 0.05 if a in known and b in known else 0.0
    return round(min(0.95, base + bonus), 2)


#: A leader read in a sentence: the match, person, company, confidence and rule id.
_Leader = tuple[re.Match[str], Entity, Entity, float, str]


def _leaderships(
    masked: str, slots: dict[str, _Slot], context: _Context, evidence: EvidenceMaker
) -> Iterator[Fact]:
    found: list[_Leader] = []
    for rule in pt.LEADS:
        for match in rule.pattern.finditer(masked):
            groups = match.groupdict()
            if not groups.get("org"):
                continue
            person = slots[groups["per"][1:-1]].entity
            orgs = [groups["org"], *pt.SLOT.findall(groups.get("more") or "")]
            for org_code in orgs:
                code = org_code if isinstance(org_code, str) else "".join(org_code)
                code = code.strip("⟨⟩")
                org = slots[code].entity if code in slots else None
                if person is not None and org is not None:
                    base = 0.9 if groups.get("role") else 0.8
                    found.append((match, person, org, base, rule.id))
    for match in pt.LEADS_SUBJECT.finditer(masked):
        person = slots[match["per"][1:-1]].entity
        org = slots[match["org"][1:-1]].entity
        if person is not None and org is not None:
            found.append((match, person, org, 0.6, "leads-subject"))
    previous = context.companies[-1] if context.companies else None
    for rule in pt.LEADS_BACKREF:
        for match in rule.pattern.finditer(masked):
            person = slots[match["per"][1:-1]].entity
            said = match.group(0).lower()
            org = context.last_target if "venture" in said else previous
            if not re.search(r"start-?up|venture", said):
                org = _salient(masked, match.start(), slots, context) or org
            if "new company" in match.group(0).lower() and context.last_target is not None:
                org = context.last_target
            if person is not None and org is not None:
                found.append((match, person, org, 0.6, rule.id))
    found += _implied_leaders(masked, slots, context)
    replaced = {}
    for match in pt.REPLACED.finditer(masked):
        person = slots[match["per"][1:-1]].entity
        org = _salient(masked, match.start(), slots, context)
        role_of = [m for m in pt.ROLE_OF.finditer(masked, 0, match.start())]
        if role_of and not pt.NOT_LEADER.search(role_of[-1]["role"]):
            org = slots[role_of[-1]["org"][1:-1]].entity  # "as chief executive of Beta, replacing"
        if person is not None and org is not None:
            found.append((match, person, org, 0.6, "leads-replaced"))
            replaced[id(match)] = "incoming" if "by" in match.group(0).split() else "former"
    for match, person, org, base, rule_id in found:
        if person.kind is not Kind.PERSON or org.kind is Kind.PERSON:
            continue
        groups = match.groupdict()
        role_text = groups.get("role") or ""
        if role_text and pt.STAFF_CHIEF.match(masked, match.end("role")):
            continue  # "as its chief technology officer"
        if id(match) in replaced and not role_text:
            # "named Jane Roe as chief executive, replacing John Doe": the same role
            roles = [
                r.group(0)
                for r in pt.ROLE_RE.finditer(masked)
                if not pt.NOT_LEADER.search(r.group(0))
                and not pt.STAFF_CHIEF.match(masked, r.end())
            ]
            role_text = roles[0] if roles else ""
        if pt.NOT_LEADER.search(role_text):
            continue
        role = pt.role_name(role_text) if role_text else _verb_role(groups.get("verb") or "")
        before = masked[max(0, match.start() - 30) : match.start()]
        after = masked[match.end() : match.end() + 40]
        tenure = replaced.get(id(match)) or pt.tenure_of(
            before.rsplit("⟩", 1)[-1] + " " + role_text, match.group(0) + after
        )
        yield Fact(
            person,
            Relation.LEADS,
            org,
            evidence(_conf(base, person, org, slots), rule_id),
            Qualifiers(role=role, tenure=tenure),
        )


def _salient(masked: str, start: int, slots: dict[str, _Slot], context: _Context) -> Entity | None:
    """The company a role with no company belongs to.

    The first company (not a rival) named earlier in the sentence, else the subject of the
    last sentence that named one: "Acme said ... chief executive Jane Roe" is Acme's.
    """
    rivals = _rivals(masked)
    for code in _codes(masked[:start], "C"):
        entity = slots[code].entity
        if code not in rivals and entity is not None and entity.kind is Kind.COMPANY:
            return entity
    return context.subject


def _implied_leaders(masked: str, slots: dict[str, _Slot], context: _Context) -> list[_Leader]:
    """Leaders named with a role but no company: the passage's salient company, less sure."""
    out = []
    headline = not re.search(r"\b[a-z]{4,}", masked)  # a calmed all-caps headline
    for rule in pt.LEADS_IMPLIED:
        for match in rule.pattern.finditer(masked):
            if rule.after_clause and (
                not pt.IMPLIED_BEFORE.search(masked[: match.start()]) or headline
            ):
                continue  # "Tesla chief executive Jane Roe", "former chairman Jan Smit"
            if pt.STAFF_CHIEF.match(masked, match.end("role")):
                continue  # "its chief operating officer"
            person = slots[match["per"][1:-1]].entity
            org = _salient(masked, match.start(), slots, context)
            said = pt.SAID_FOR.match(masked, match.end())
            if said is not None:  # "Chief executive Jane Roe said Horse was": Horse's
                org = slots[said["org"][1:-1]].entity or org
            if person is not None and org is not None:
                out.append((match, person, org, 0.55, rule.id))
    return out


def _verb_role(verb: str) -> str:
    return "chair" if verb.lower().startswith("chair") else "head"


def _investors(text: str, slots: dict[str, _Slot]) -> list[Entity]:
    """Companies in an investor list, leaving out owners named in "Acme-owned Zeta"."""
    owners = {m["pre"][1:-1] for m in pt.PARENT_ONLY.finditer(text) if m["pre"]}
    return _entities([c for c in _codes(text, "CU") if c not in owners], slots)


def _investments(
    masked: str, slots: dict[str, _Slot], context: _Context, evidence: EvidenceMaker
) -> Iterator[Fact]:
    keeps = pt.KEEPS_HOLDING.search(masked)
    if pt.DENIAL.search(masked) and not keeps:
        return
    status = (
        Status.ENDED
        if pt.INVEST_ENDED.search(masked) and not keeps
        else (Status.PROPOSED if pt.INVEST_PROPOSED.search(masked) else Status.AGREED)
    )
    found: list[tuple[Entity, Entity, float, pt.Amount | None, float | None, str]] = []
    reduced = pt.INSERTED.sub("", masked)
    inserted = [m.span() for m in pt.INSERTED.finditer(masked)]
    for rule in pt.INVESTS:
        name = rule.kind
        subject_first = rule.pattern.pattern.startswith("(?P<inv>") and not name.endswith("-rel")
        matches = list(rule.pattern.finditer(masked))
        if subject_first:
            # an investor inside ", the brand backed by A and B," is not the subject of the verb
            matches = [
                m
                for m in matches
                if not any(s <= m.start("inv") < e < m.end() for s, e in inserted)
            ]
            if reduced != masked:
                matches += rule.pattern.finditer(reduced)
        for match in matches:
            target = slots[match["tgt"][1:-1]].entity
            investors = _investors(match["inv"], slots)
            words = match.groupdict().get("amt") or ""
            amount = pt.find_amount(words) or (pt.find_amount(masked) if name == "invest" else None)
            stake = pt.find_stake(words) or (pt.find_stake(masked) if name == "stake" else None)
            tail = match.groupdict().get("tail")
            if tail:  # "the largest shareholder in Zeta, with a stake of 38%"
                stake = stake or pt.find_stake(tail)
                amount = amount or pt.find_amount(tail)
            if amount is None and name in ("acquire", "stake", "sell"):
                price = pt.PRICE_AFTER.match(match.string, match.end())
                amount = pt.find_amount(price["amt"]) if price else None
            if name == "round":
                amount, stake = None, None
            if (
                name == "own"
                and stake is None
                and re.search(r"wholly|fully|outright", match.group(0), re.I)
            ):
                stake = 100.0
            if target is None:
                continue
            if name == "unit-of" and target.kind is Kind.UNIT and "division" in match.group(0):
                # "BMW Motorrad, the motorcycle division of BMW": a division, not a holding
                continue
            if len(investors) > 1 and name == "invest":
                amount = None
                shares = {
                    slots[m["inv"][1:-1]].entity: pt.find_amount(m["amt"])
                    for m in pt.CONTRIBUTION.finditer(masked[match.end() :])
                }
                for investor in investors:
                    found.append((investor, target, 0.8, shares.get(investor), stake, rule.id))
                continue
            for investor in investors:
                found.append((investor, target, 0.85, amount, stake, rule.id))
            if name == "invest" and (more := pt.INVEST_ELLIPSIS.match(match.string, match.end())):
                other = slots[more["inv"][1:-1]].entity
                if other is not None and other not in investors:
                    found.append((other, target, 0.7, pt.find_amount(more["amt"]), None, rule.id))
            position = match.end()
            while name == "stake" and (more := pt.STAKE_MORE.match(match.string, position)):
                position = more.end()
                other = slots[more["tgt"][1:-1]].entity
                if other is not None:
                    found.extend(
                        (investor, other, 0.8, None, pt.find_stake(more["amt"]), rule.id)
                        for investor in investors
                    )
    for slot in slots.values():
        entity = slot.entity
        if slot.owner and entity and entity.kind is Kind.COMPANY and f"⟨{slot.code}⟩" in masked:
            found.append((slot.owner, entity, 0.7, None, None, "invests-owner-named"))
    for match in pt.ITS_BRAND.finditer(masked):
        owner = _salient(masked, match.start(), slots, context)
        target = slots[match["tgt"][1:-1]].entity
        if owner is not None and target is not None:
            found.append((owner, target, 0.6, None, None, "invests-its-brand"))
    for match in pt.ITS_STAKE.finditer(masked):
        owner = _salient(masked, match.start(), slots, context)
        target = slots[match["tgt"][1:-1]].entity
        if owner is not None and target is not None:
            found.append(
                (owner, target, 0.6, None, pt.find_stake(match["amt"]), "invests-its-stake")
            )
    if context.last_target is not None:
        for match in pt.LARGEST_BACKREF.finditer(masked):
            owner = slots[match["inv"][1:-1]].entity
            if owner is not None:
                found.append(
                    (owner, context.last_target, 0.6, None, None, "invests-largest-reference")
                )
    cross = pt.CROSS_HOLDING.search(masked)
    if cross is not None:
        named = _entities(_codes(masked, "C"), slots)
        pair = (named[0], named[1]) if len(named) == 2 else context.last_pair
        if pair is not None:
            amount = pt.find_amount(cross["amt"])
            stake = pt.find_stake(cross["amt"])
            found.append((pair[0], pair[1], 0.6, amount, stake, "invests-cross-holding"))
            found.append((pair[1], pair[0], 0.6, amount, stake, "invests-cross-holding"))
    for match in pt.OWNED_SPLIT.finditer(masked):
        target = slots[match["tgt"][1:-1]].entity
        for part in pt.SHARE_OF.finditer(match["list"]):
            owner = slots[part["org"][1:-1]].entity
            if target is not None and owner is not None:
                found.append((owner, target, 0.85, None, float(part["pct"]), "invests-owned-split"))
    if context.last_target is not None and not _codes_after_stake(masked):
        for match in pt.EACH_OWN_BACKREF.finditer(masked):
            for owner in _entities(_codes(match["owners"]), slots):
                found.append(
                    (
                        owner,
                        context.last_target,
                        0.6,
                        None,
                        float(match["pct"]),
                        "invests-each-owns",
                    )
                )
        for match in pt.STAKE_REST.finditer(masked):
            owner = slots[match["inv"][1:-1]].entity
            pcts = [
                float(p) for p in re.findall(r"(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)", masked)
            ]
            rest = round(100.0 - pcts[0], 2) if len(pcts) == 1 else None
            if owner is not None:
                found.append((owner, context.last_target, 0.6, None, rest, "invests-rest"))
        for cue, reading in (
            (pt.STAKE_BARE, "invests-stake-reference"),
            (pt.STAKE_ELLIPSIS, "invests-stake-ellipsis"),
        ):
            for match in cue.finditer(masked):
                owner = slots[match["inv"][1:-1]].entity
                if owner is not None:
                    found.append(
                        (
                            owner,
                            context.last_target,
                            0.6,
                            None,
                            pt.find_stake(match["amt"]),
                            reading,
                        )
                    )
    for investor, target, base, amount, stake, rule_id in found:
        if investor.kind is Kind.PERSON or target.kind is Kind.PERSON or investor == target:
            continue
        context.last_target = target
        yield Fact(
            investor,
            Relation.INVESTS_IN,
            target,
            evidence(_conf(base, investor, target, slots), rule_id),
            Qualifiers(
                status=status,
                amount=amount.value if amount else None,
                currency=amount.currency if amount else None,
                amount_text=amount.text if amount else None,
                stake=stake,
            ),
        )


def _codes_after_stake(masked: str) -> bool:
    """True when a percentage in the sentence is tied to a named company ("20% of Zeta")."""
    return bool(re.search(r"%\s*(?:stake\s+)?(?:of|in)\s+⟨", masked))


def _ventures(
    masked: str,
    slots: dict[str, _Slot],
    context: _Context,
    evidence: EvidenceMaker,
    ventures: set[str],
) -> Iterator[Fact]:
    """Joint ventures: each parent invests in the venture, and the parents are partners."""
    owners_of: dict[str, list[str]] = {}
    carried: set[str] = set()  # ventures whose owners the sentence before named
    for match in pt.VENTURE_APPOS.finditer(masked):
        if re.search(r"(?:new|joint)\s+company$", match.group(0), re.I) and not re.search(
            r"\btheir\b", match.group(0), re.I
        ):
            continue  # "a new company" is any company; "their new company" is a venture
        code = match["jv"][1:-1]
        ventures.add(code)
        after = pt.VENTURE_OWNERS_AFTER.match(masked[match.end() :])
        owners = _codes(after["owners"]) if after else []
        before = [c for c in _codes(masked[: match.start()]) if c != code]
        if _ITS.search(match["desc"]) and len(owners) == 1:
            owners = before[:1] + owners
        elif re.search(r"\btheir\b", match.group(0), re.I) and not owners:
            owners = before
            if not owners and context.last_pair is not None:
                # "Zeta LLC, their 50-50 joint venture": the pair named before
                owners = _pair_codes(context.last_pair, slots)
                carried.add(code)
        owners_of.setdefault(code, []).extend(owners)
    for match in pt.VENTURE_NAMED.finditer(masked):
        code = (match["jv"] or match["jv2"] or match["jv3"])[1:-1]
        ventures.add(code)
        owners_of.setdefault(code, [])
        if (
            (match["jv2"] or match["jv3"] or _THEIR_BEFORE.search(masked[: match.start()]))
            and not _codes(masked[: match.start()])
            and context.last_pair is not None
        ):
            # "The venture, to be called Zeta, ...": the pair of the sentence before
            owners_of[code].extend(_pair_codes(context.last_pair, slots))
            carried.add(code)
    for match in pt.VENTURE_OWNERS_BEFORE.finditer(masked):
        code = match["jv"][1:-1]
        if code in ventures:
            owners = _codes(match["owners"])
            if not owners and context.last_pair is not None:
                owners_of[code].extend(_pair_codes(context.last_pair, slots))
            owners_of[code].extend(owners)
    for code in list(ventures):
        if not owners_of.get(code):
            owners_of[code] = [m["org"][1:-1] for m in pt.SHARE_OF.finditer(masked)]
    readings: dict[str, str] = {}  # venture code -> the rule that named its owners
    for rule in pt.JOINT_VENTURES:
        for match in rule.pattern.finditer(masked):
            if rule.possessive_owners and not re.search(r"['’]s?\s", match["owners"]):
                continue
            code = match["jv"][1:-1]
            ventures.add(code)
            readings.setdefault(code, rule.id)
            owners_of.setdefault(code, []).extend(_codes(match["owners"]))
    status = pt.status_of(masked)
    for code, owner_codes in owners_of.items():
        venture = slots[code].entity
        if venture is None or venture.kind is Kind.PERSON:
            continue
        if venture in _entities(_codes(masked[: masked.index(f"⟨{code}⟩")]), slots):
            ventures.discard(code)  # named before as a party: a name clash, not a venture
            continue
        excluded = {m["pre"][1:-1] for m in pt.PARENT_ONLY.finditer(masked) if m["pre"]}
        parents = [
            e
            for e in _entities([c for c in owner_codes if c not in excluded], slots)
            if e != venture and e.kind is not Kind.PERSON
        ]
        context.last_target = venture
        stakes = _venture_stakes(masked, slots, parents)
        if not stakes and parents and code in carried and context.equal_split:
            stakes = dict.fromkeys(parents, round(100.0 / len(parents), 2))
        for parent in parents:
            yield Fact(
                parent,
                Relation.INVESTS_IN,
                venture,
                evidence(_conf(0.8, parent, venture, slots), readings.get(code, "venture-named")),
                Qualifiers(status=status, stake=stakes.get(parent)),
            )
        for a, b in itertools.combinations(parents, 2):
            yield Fact(
                a,
                Relation.PARTNERS_WITH,
                b,
                evidence(_conf(0.85, a, b, slots), readings.get(code, "venture-named")),
                Qualifiers(status=status, kind="joint venture"),
            )


def _pair_codes(pair: tuple[Entity, Entity], slots: dict[str, _Slot]) -> list[str]:
    """Slots for a pair remembered from earlier sentences ("the two companies")."""
    codes = []
    for entity in pair:
        code = f"C{len(slots) + 100}"
        slots[code] = _Slot(code, entity, False)
        codes.append(code)
    return codes


def _venture_stakes(
    masked: str, slots: dict[str, _Slot], owners: list[Entity]
) -> dict[Entity, float]:
    """Each parent's share of a venture, as far as the sentence says."""
    if not owners:
        return {}
    each = pt.EACH_HOLDS.search(masked)
    if each:
        return dict.fromkeys(owners, float(each["pct"]))
    if pt.EQUAL_SPLIT.search(masked):
        return dict.fromkeys(owners, round(100.0 / len(owners), 2))
    stakes: dict[Entity, float] = {}
    for match in itertools.chain(pt.SHARE_OF.finditer(masked), pt.OWNER_STAKE.finditer(masked)):
        entity = slots[match["org"][1:-1]].entity
        if entity in owners and entity not in stakes:
            stakes[entity] = float(match["pct"])
    return stakes


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
    context.equal_split = bool(pt.EQUAL_SPLIT.search(masked))
    if named:
        subject = pt.GRAMMATICAL_SUBJECT.search(masked)
        found = slots[subject["org"][1:-1]].entity if subject else None
        context.subject = found if found is not None and found in named else named[0]
    if len(named) >= 2:
        context.last_pair = (named[0], named[1])
        context.last_group = named
