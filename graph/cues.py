"""Sentence cues: spaCy phrase and token patterns, kept as data, read over masked sentences.

The cues (``graph/data/rules/cues.toml``) are words that say what a sentence does to the
facts in it: that a deal ended, is only proposed or was denied, or that the companies
named after a word are rivals or examples. Each section of the file is one
:class:`Cues`; each cue in it has an id, an example, and either phrases (spaCy's
``PhraseMatcher``, in lower case) or a token pattern (spaCy's ``Matcher``). A sentence is
tokenised once by spaCy's English tokenizer and matched against every cue at once; the
hits are kept for the sentences read last, since the rules ask about the same sentence
many times.

>>> ENDED = Cues("ended")
>>> hit = ENDED.search("⟨C1⟩ and ⟨C2⟩ called off their talks")
>>> hit.cue, hit.start, hit.end
('ended-call-off', 14, 24)
>>> Cues("modal").search("⟨C1⟩ couldn't say") is None
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import AkgError
from .rules import check_fields, read_toml, shipped

if TYPE_CHECKING:
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Token

__all__ = ["Cue", "Cues", "Hit", "Matchers", "compile_cues", "hits", "read_cues"]

FILE = "cues.toml"  # in graph/data/rules
#: Where the tokenizer also splits a word, beyond English's rules: around a slot
#: ("merger,⟨C3⟩ said"), and at a comma, semicolon or full stop with no space after it
#: ("merger,Yamato said", "until 2030,the companies said", "in 2027.Rivals"), as scraped
#: text writes them.
_INFIXES = (
    r"[⟨⟩]",
    r"(?<=[^\W\d_])[,;](?=\S)",
    r"(?<=[0-9])[,;.](?=[^\W\d_])",
)
_FIELDS = {"id", "example", "phrases", "pattern", "patterns", "value"}


@dataclass(frozen=True)
class Hit:
    """Where one cue matched: its id, the characters it covers and the cue's value."""

    cue: str
    start: int
    end: int
    value: str = ""


@dataclass(frozen=True)
class Cue:
    """One cue as its file writes it: an id, its phrases or its token patterns, and what a
    hit of it says beyond its section, if anything (``value``: "three" companies)."""

    id: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    value: str = ""


@dataclass(frozen=True)
class Cues:
    """The cues of one section of the cue file ("ended", "denial", ...)."""

    section: str

    def finditer(self, text: str) -> list[Hit]:
        """Every hit of this section's cues in ``text``, left to right."""
        return [hit for section, hit in _hits(text) if section == self.section]

    def search(self, text: str) -> Hit | None:
        """The leftmost hit in ``text``, or None."""
        return next((hit for section, hit in _hits(text) if section == self.section), None)


def read_cues(text: str, where: str) -> dict[str, list[Cue]]:
    """Each section's cues, in file order, from a cue file's ``text``.

    Raises:
        AkgError: the file or a cue is malformed: one line naming ``where`` and the cue.
    """
    sections: dict[str, list[Cue]] = {}
    for section, entries in read_toml(text, where).items():
        for entry in entries:
            name = entry.get("id", "?")
            check_fields(entry, _FIELDS, f"{where}: cue {name}")
            phrases = entry.get("phrases")
            patterns = [entry["pattern"]] if "pattern" in entry else entry.get("patterns")
            forms = [k for k in ("phrases", "pattern", "patterns") if k in entry]
            if (
                "id" not in entry
                or len(forms) != 1
                or not isinstance(phrases or patterns, list)
                or not all(isinstance(p, str) for p in phrases or [])
                or not all(isinstance(p, list) for p in patterns or [])
                or not isinstance(entry.get("value", ""), str)
            ):
                raise AkgError(
                    f"{where}: a [[{section}]] cue needs an id and one of phrases (a list of "
                    "words), pattern (a list of tokens) or patterns (a list of patterns)"
                )
            sections.setdefault(section, []).append(
                Cue(
                    name,
                    tuple(phrases or ()),
                    tuple(tuple(p) for p in patterns or ()),
                    entry.get("value", ""),
                )
            )
    return sections


@dataclass(frozen=True)
class Matchers:
    """spaCy's English tokenizer and the matchers that hold a cue file's cues."""

    tokenizer: Tokenizer
    phrases: PhraseMatcher
    patterns: Matcher
    values: dict[str, str]  # each cue's value, by "section/id"


def compile_cues(text: str, where: str) -> Matchers:
    """Matchers for the cues of a cue file's ``text``; ``where`` names it in errors.

    Raises:
        AkgError: the file or a cue is malformed: one line naming ``where`` and the cue.
    """
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.util import compile_infix_regex

    nlp = spacy.blank("en")
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(
        [*(nlp.Defaults.infixes or ()), *_INFIXES]
    ).finditer
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns = Matcher(nlp.vocab, validate=True)
    values: dict[str, str] = {}
    for section, cues in read_cues(text, where).items():
        for cue in cues:
            key = f"{section}/{cue.id}"
            values[key] = cue.value
            if cue.phrases:
                phrases.add(key, [nlp.make_doc(phrase.lower()) for phrase in cue.phrases])
                continue
            try:
                patterns.add(key, [list(pattern) for pattern in cue.patterns])
            except (ValueError, KeyError) as error:
                first = str(error).strip().splitlines()[0]
                raise AkgError(
                    f"{where}: cue {cue.id} is not a valid Matcher pattern ({first})"
                ) from None
    return Matchers(tokenizer, phrases, patterns, values)


@functools.cache
def _matchers() -> Matchers:
    """The shipped cues' matchers, built on first use."""
    return compile_cues(*shipped(FILE))


@functools.lru_cache(maxsize=4096)
def _hits(text: str) -> tuple[tuple[str, Hit], ...]:
    """Every cue's hits in ``text`` as (section, hit), left to right, whole words only."""
    return hits(_matchers(), text)


def hits(matchers: Matchers, text: str) -> tuple[tuple[str, Hit], ...]:
    """Every hit of ``matchers``' cues in ``text`` as (section, hit), left to right, on
    whole words only."""
    doc = matchers.tokenizer(text)
    strings = doc.vocab.strings
    found = []
    for key, start, end in [*matchers.phrases(doc), *matchers.patterns(doc)]:
        first, last = doc[start], doc[end - 1]
        if start > 0 and _glued(doc[start - 1], first):
            continue  # part of a longer word
        if end < len(doc) and _glued(last, doc[end]):
            continue  # ... such as "could" of "couldn't"
        section, name = strings[key].split("/", 1)
        value = matchers.values[strings[key]]
        found.append((section, Hit(name, first.idx, last.idx + len(last.text), value)))
    found.sort(key=lambda item: (item[1].start, -item[1].end))
    return tuple(found)


def _glued(left: Token, right: Token) -> bool:
    """Two tokens written as one word: no space between, a letter or digit either side."""
    return not left.whitespace_ and left.text[-1:].isalnum() and right.text[:1].isalnum()
