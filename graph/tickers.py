"""Stock tickers after a company's name, hidden before the text is read.

Wire copy and press releases give a listed company's ticker at its first mention:
"Volkswagen AG (VOWG_p.DE)", "Rivian Automotive Inc (NASDAQ: RIVN)", "Honda (TSE: 7267,
NYSE: HMC)", "Toyota Motor Corp <7203.T>". Read as words, a ticker becomes a company of its
own ("VOWG_p", "DE") and stands between the names it follows, so the pair it sits in is read
as further apart than it is. :func:`hide_tickers` blanks them out, keeping the text's
length, so every offset (and the evidence quoted from the original text) holds.

>>> hide_tickers("Volkswagen AG (VOWG_p.DE) and Rivian (NASDAQ: RIVN) formed a venture.")
'Volkswagen AG             and Rivian                formed a venture.'
"""

from __future__ import annotations

import re

__all__ = ["hide_tickers"]

#: A code on an exchange: "VOWG_p.DE", "7203.T", "005380.KS", "RIVN.O", "1211.HK".
_CODE = r"[A-Za-z0-9_]{1,10}\.[A-Z]{1,3}"
#: An exchange and a code: "NYSE: F", "TSE: 7267", "Euronext Paris: STLAP", "Securities Code: 4417".
_LISTING = r"[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?\s?:\s?[A-Z0-9][A-Z0-9._]{0,11}(?:_[a-z])?"
_ONE = rf"(?:{_CODE}|{_LISTING})"
#: In brackets, one or more: "(7203.T)", "(TSE: 7267, NYSE: HMC)"; older wire copy: "<7203.T>".
_TICKERS = re.compile(rf" ?(?:\(\s*{_ONE}(?:\s*[,;/]\s*{_ONE})*\s*\)|<{_CODE}>)")


def hide_tickers(text: str) -> str:
    """``text`` with each ticker in brackets (and the space before it) made spaces."""
    if "(" not in text and "<" not in text:
        return text
    return _TICKERS.sub(lambda m: " " * len(m.group(0)), text)
