"""Article text made ready for extraction: Unicode, spaces and stray markup tidied.

Text fields (a ``.txt`` file, a JSONL ``"text"``, a feed entry's summary) sometimes
carry a few HTML tags. :func:`clean_text` strips them, keeping block elements as line
breaks; it is not a page reader. Whole web pages go through :mod:`graph.pages`,
which finds the article body among menus, related links and footers.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from html.parser import HTMLParser

__all__ = ["clean_text", "normalise"]


def clean_text(text: str) -> str:
    """Normalise article text for extraction without changing what it says.

    HTML tags left in the text are stripped (block elements become line breaks,
    scripts and styles are dropped), entities are unescaped, the text is put in
    Unicode NFC, non-breaking and other odd spaces become plain spaces, invisible
    characters (zero-width space, word joiner, BOM, soft hyphen) are removed, line
    endings become ``\\n``, runs of spaces collapse to one and runs of blank lines
    to one blank line. Zero-width (non-)joiners are kept: some scripts need them.

    Args:
        text: raw article text.

    Returns:
        The cleaned text, stripped at both ends.

    >>> clean_text("<p>Honda &amp; Nissan</p>")
    'Honda & Nissan'
    >>> clean_text("Toyota\\u00a0Motor  said\\u200b:\\r\\nyes")
    'Toyota Motor said:\\nyes'
    """
    if _TAG.search(text) and not _unclosed_skipped_element(text):
        return normalise(_strip_tags(text))
    return normalise(unescape(text))


def plain_spaces(text: str) -> str:
    """``text`` with every odd space (non-breaking, thin...) made a plain one: the same length,
    so offsets into it hold. What :func:`clean_text` does to spaces, for text that was not
    read through it (an article made in code).

    >>> plain_spaces("Toyota\u00a0Motor\u202fsaid")
    'Toyota Motor said'
    """
    return text.translate(_PLAIN)


def _unclosed_skipped_element(text: str) -> bool:
    """Whether a ``<script>``, ``<style>``, ``<svg>``... opens without closing.

    Such text is prose that mentions a tag ("the <script> tag in the UI"), not
    markup: read as HTML, everything after the tag would be skipped.

    >>> _unclosed_skipped_element("the <script> tag; Toyota and Mazda signed")
    True
    >>> _unclosed_skipped_element("Honda<script>x()</script> Nissan")
    False
    """
    for name in {m.lower() for m in _SKIPPED_OPEN.findall(text)}:
        opened = len(re.findall(rf"<{name}\b", text, re.IGNORECASE))
        closed = len(re.findall(rf"</{name}\s*>", text, re.IGNORECASE))
        if closed < opened:
            return True
    return False


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
#: Spaces other than the plain one: non-breaking, thin, ideographic...
_ODD_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_SPACES = re.compile(f"[ \t{_ODD_SPACES}]+")
_PLAIN = str.maketrans(dict.fromkeys(_ODD_SPACES, " "))
_SPACED_NEWLINE = re.compile(" ?\n ?")
_BLANK_LINES = re.compile("\n{3,}")


def normalise(text: str) -> str:
    """Unicode and whitespace normalisation shared by every reader (no HTML).

    >>> normalise(" Citroe\\u0308n\\u00a0 DS\\r\\n\\n\\n\\nok ")
    'Citroën DS\\n\\nok'
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAK.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _SPACED_NEWLINE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
_SKIPPED_OPEN = re.compile(r"<(script|style|noscript|template|svg)\b", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
        "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})


class _TagStripper(HTMLParser):
    """Drops the tags of a text fragment, keeping its words and its block structure as line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth += 1
        elif tag == "br" or tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def _strip_tags(text: str) -> str:
    """The words of a fragment with its tags dropped; not normalised yet."""
    parser = _TagStripper()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)
