"""Headlines in title case, read as if written in sentence case.

A headline capitalises every word ("Honda, Nissan Agree To Merge Into Holding Company"),
so its capitals say nothing about which words are names: the recogniser, trained mostly on
sentence case, reads "Nissan Agree" or "Definitive Agreement" as a company and misses the
fact the headline states. :func:`lower_headlines` lowers, in each title-case line, the words
that are ordinary English words, keeping those that are names:

* a word is ordinary when the training passages write it in lower case at least three
  times as often as with a capital inside a sentence (``graph/data/lowercase.txt``, built
  from them by ``python train/lowercase.py``), or when the article itself writes it in
  lower case;
* a word stays as written when the article writes it with a capital inside a sentence,
  when it is a name in the reference table ("Seat"), when it is the line's first word,
  or when it is written in capitals or with inner capitals ("LG", "eVTOL").

The text keeps its length, so offsets, and the evidence quoted from the original text, hold.

>>> lower_headlines("Honda, Nissan Agree To Merge\\nThe two firms agree.", {"merge"})
'Honda, Nissan agree to merge\\nThe two firms agree.'
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from importlib import resources

__all__ = ["INSIDE", "common_words", "is_title_case", "lower_headlines"]

FILE = "data/lowercase.txt"
#: Words a title-case headline leaves in lower case anyway.
_SMALL = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "vs",
        "via",
    }
)
_WORD = re.compile(r"[^\W\d_][\w'’]*")
#: A word inside a sentence (after a lower-case word, a comma or a semicolon), where a
#: capital marks a name; ``train/lowercase.py`` counts the words of the list with it too.
INSIDE = re.compile(r"(?<=[a-z,;] )([A-Za-z][a-z]+)\b")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
#: A headline has at least this many words (small words aside) ...
MIN_WORDS = 4
#: ... and at least this share of them capitalised.
MIN_SHARE = 0.8
#: Longer lines are paragraphs, not headlines.
MAX_CHARS = 200


@cache
def common_words() -> frozenset[str]:
    """The shipped list of ordinary words (lower case, one a line)."""
    text = resources.files("graph").joinpath(FILE).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def is_title_case(line: str) -> bool:
    """A line written in title case: a headline, a deck, a title."""
    if len(line) > MAX_CHARS or line.rstrip().endswith("."):
        return False
    words = [w for w in _WORD.findall(line) if w.lower() not in _SMALL]
    if len(words) < MIN_WORDS:
        return False
    capitals = sum(w[0].isupper() for w in words)
    return bool(capitals >= MIN_SHARE * len(words))


def lower_headlines(
    text: str, common: Collection[str] | None = None, names: Collection[str] = ()
) -> str:
    """``text`` with the ordinary words of its title-case lines lowered (same length).

    Args:
        text: an article.
        common: the ordinary words (:func:`common_words` by default).
        names: lower-cased one-word names that stay as written ("seat", "smart").
    """
    lines = text.split("\n")
    titles = {i for i, line in enumerate(lines) if is_title_case(line)}
    if not titles:
        return text
    common = common_words() if common is None else common
    body = "\n".join(line for i, line in enumerate(lines) if i not in titles)
    named = {w.lower() for w in INSIDE.findall(body) if w[0].isupper()}
    ordinary = set(_LOWER_WORD.findall(body)) - named
    for i in sorted(titles):
        lines[i] = _lower_line(lines[i], (common, ordinary), (names, named))
    return "\n".join(lines)


def _lower_line(
    line: str, lowered: tuple[Collection[str], ...], kept: tuple[Collection[str], ...]
) -> str:
    """One title-case line with its ordinary words lowered, its first word and names kept."""
    first = _WORD.search(line)
    start = first.start() if first else -1

    def lower(match: re.Match[str]) -> str:
        word = match.group(0)
        key = word.lower()
        if match.start() == start or not word[0].isupper() or not word[1:].islower():
            return word
        if any(key in words for words in kept):
            return word
        return key if key in _SMALL or any(key in words for words in lowered) else word

    return _WORD.sub(lower, line)
