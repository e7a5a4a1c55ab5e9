"""Which line breaks end a sentence: a paragraph, a heading or a list item ends one; a hard
wrap inside a paragraph does not.

News copied from wire feeds, filings and e-mail is often wrapped at a fixed width, so a
sentence runs over several lines ("... said on Monday they would\\nbegin talks ..."). Read as
sentence ends, those breaks cut every fact, and every name wrapped over two lines, in two.
A single line break is a wrap when the paragraph is set at a fixed width and the line before
is of that width, or when the next line goes on in lower case after a long line. Where the
paragraphs are joined by single line breaks, their short last lines hide the width, and the
lines that the next one goes on from in lower case tell it instead.
:func:`unwrap` makes those breaks spaces before the text is read, so the sentence splitter
decides there by the punctuation alone. A blank line, a heading, a byline, a table row or a
list item, or a dateline after a headline, still ends a sentence.

>>> text = (
...     "HONDA AND NISSAN TO BEGIN MERGER TALKS\\n"
...     "TOKYO (Reuters) - Honda and Nissan said on Monday they would begin\\n"
...     "talks on a merger, a deal that would create the world's third-largest\\n"
...     "carmaker, as the two companies try to fend off Chinese rivals."
... )
>>> [text[i - 5 : i] for i in sorted(wrapped_breaks(text))]
['begin', 'rgest']
"""

from __future__ import annotations

import itertools
import re

__all__ = ["unwrap", "wrapped_breaks"]

#: A line that starts a list item: "- ", "• ", "* ", "1. ", "2) ".
_ITEM = re.compile(r"\s*(?:[-•*·▪●–—]\s|\d{1,2}[.)]\s)")
#: Wrapped lines are this wide or wider; a line of a paragraph written on one line is longer.
_WIDTHS = (40, 110)
#: How far a wrapped line's length strays from the paragraph's usual width.
_SPREAD = 0.2
#: A line that ends a sentence (or a label: "Media contact:").
_ENDED = re.compile(r"[.!?:;\"”’)\]]\s*$")
#: A line that starts with a label: "Q:", "Stand A04:", "Moderator:".
_LABEL = re.compile(r"\s*[^\s:]+(?:\s[^\s:]+)?:\s")
#: A wire dateline: "TOKYO (Reuters) - ", "STUTTGART, Germany, Feb 3 - ", "OSLO, Sept 9 - ",
#: "MADRID/MILAN, Dec 10 (Reuters) -", "FRANKFURT (dpa-AFX) -", "SEOUL -- ", "DETROIT—".
#: A line that starts with one starts a sentence; the names in it are no party.
DATELINE = re.compile(
    r"\s*[A-Z][A-Z.'’]{2,}(?:[ /-][A-Z][A-Z.'’]+){0,2}"
    r"(?:,[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){0,2}){0,2}"
    r"(?:,?[ \t]+[A-Z][a-z]{2,4}\.?[ \t]+\d{1,2})?"
    r"(?:[ \t]+\([A-Za-z][\w. -]{1,30}\))?(?:[ \t]+-{1,2}|[ \t]*[–—])[ \t]*"
)
#: A line this long that the next line goes on from in lower case is a wrap in any paragraph.
_LONG = 60
#: An article is set at a fixed width when it has at least this many lines that are not
#: a paragraph's last.
_MIN_LINES = 3


def unwrap(text: str) -> str:
    """``text`` with each wrap inside a sentence made a space (the same length: offsets hold).

    >>> unwrap("Kia Opens Plant\\nThe new site builds vans.")
    'Kia Opens Plant\\nThe new site builds vans.'
    """
    wraps = wrapped_breaks(text)
    if not wraps:
        return text
    chars = list(text)
    for i in wraps:
        chars[i] = " "
    return "".join(chars)


def wrapped_breaks(text: str) -> frozenset[int]:
    """The offsets of the line breaks of ``text`` that are wraps inside a sentence."""
    if "\n" not in text:
        return frozenset()
    wraps: set[int] = set()
    offset = 0
    blocks = re.split(r"(\n[ \t]*\n)", text)
    width = _article_width(blocks)
    for block in blocks:
        if "\n" in block.strip("\n"):
            wraps.update(offset + i for i in _block_wraps(block, width))
        offset += len(block)
    return frozenset(wraps)


def _article_width(blocks: list[str]) -> int | None:
    """The width the article is set at, if it is: the width of the lines that are not a
    paragraph's last (list items and table rows aside), if they are set at one."""
    body = [
        line
        for block in blocks
        if "\n" in block.strip("\n")
        for line in block.strip("\n").split("\n")[:-1]
        if line.strip() and not _ITEM.match(line) and "|" not in line and "\t" not in line
    ]
    set_at = _set_width(body) if len(body) >= _MIN_LINES else None
    if set_at is None:
        # paragraphs joined by single line breaks: their last lines are in the body too.
        # The lines that the next one goes on from in lower case are wraps for sure
        going_on = [
            line
            for block in blocks
            for line, following in itertools.pairwise(block.strip("\n").split("\n"))
            if following[:1].islower() and not _ENDED.search(line) and not _ITEM.match(line)
        ]
        set_at = _set_width(going_on) if len(going_on) >= _MIN_LINES else None
    return set_at[1] if set_at else None


def _set_width(body: list[str]) -> tuple[int, int] | None:
    """The usual length and the width of lines set at a fixed width, or None: most of them
    of about one length, within the widths of wrapped text, few of them ending a sentence."""
    sizes = sorted(len(line) for line in body)
    usual = sizes[len(sizes) // 2]
    similar = [n for n in sizes if abs(n - usual) <= _SPREAD * usual]
    if (
        _WIDTHS[0] <= usual <= _WIDTHS[1]
        and len(similar) >= 0.75 * len(body)
        and sum(bool(_ENDED.search(line)) for line in body) <= len(body) / 3
    ):
        return usual, max(similar)
    return None


def _block_wraps(block: str, article_width: int | None = None) -> list[int]:
    """The wraps of one paragraph (no blank line in it), as offsets in the paragraph.

    A line is a wrap when the next one goes on in lower case after a long line, or when the
    paragraph is set at a fixed width and the line is of that width: the next line's first
    word would not have fitted on it. A paragraph is set at a fixed width when it has three
    lines or more, most of about the same length and none longer, few of them ending a sentence,
    and no table; or when the article is set at a fixed width (``article_width``) and
    the paragraph's lines are of it.
    """
    lines = block.split("\n")
    table = any("|" in line or "\t" in line for line in lines)
    set_at = _set_width(lines[:-1]) if len(lines) >= 3 and not table else None
    usual, width = set_at or (0, 0)
    fixed = set_at is not None and max(len(line) for line in lines) <= (1 + _SPREAD / 2) * width
    if not fixed and article_width is not None:
        usual = width = article_width
        fixed = not table and all(len(line) <= (1 + _SPREAD / 2) * width for line in lines)
    wraps, position = [], 0
    for line, following in itertools.pairwise(lines):
        position += len(line)
        words = following.split()
        if (
            words
            and not _ENDED.search(line)
            and not _ITEM.match(following)
            and not _LABEL.match(following)
            and not DATELINE.match(following)
            and any(c.islower() for c in line)
        ):
            lower = following[:1].islower() and len(line) >= _LONG
            fits = abs(len(line) - usual) <= _SPREAD * usual and len(line) + len(words[0]) >= width
            if lower or (fixed and fits):
                wraps.append(position)
        position += 1
    return wraps
