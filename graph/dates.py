"""When a sentence says something happened: its date, resolved against the publication date.

An article's publication date comes from its metadata, else from a dateline
that gives a full date ("TOKYO, March 11, 2025 (Reuters) -"). A sentence's date
expressions ("signed last December", "in April", "by June
2025", "on Monday", "in 2019") are found by a pattern and resolved by
``dateparser`` against the article's publication date, keeping how precise
they are (day, month or year, as Wikidata's time precision). Dates that
cannot be read give nothing; a sentence without a publication date to lean on
gives only what it states in full ("in March 2023", "in 2019").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

PRECISIONS = ("day", "month", "year")

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_EXPRESSION = re.compile(
    rf"\b(?:on\s+(?P<weekday>{_WEEKDAY})\b"
    rf"|(?:in|by|since|from|until|of)\s+(?P<year>(?:19|20)\d{{2}})\b"
    rf"|(?:(?P<which>last|this|next|early|late|mid-?)\s*)?"
    rf"(?P<month>{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:19|20)\d{{2}})?)(?![\w-]))"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|would|is to|are to|plans? to|planned|expects? to|scheduled|from|"
    r"effective|starting|next|take over|takes over|due)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class When:
    """A date and how much of it is known: ``day``, ``month`` (the 1st) or ``year`` (1 January)."""

    date: dt.date
    precision: str

    def __str__(self) -> str:
        return self.date.isoformat()[: {"day": 10, "month": 7, "year": 4}[self.precision]]


def parse_date(value: str) -> dt.date | None:
    """An ISO ``YYYY-MM-DD`` date, or None when ``value`` is not one.

    >>> parse_date("2025-03-10"), parse_date("2025-13-45"), parse_date("soon")
    (datetime.date(2025, 3, 10), None, None)
    """
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if len(value.strip()) >= 10 else None
    except ValueError:
        return None


_DATELINE = re.compile(
    rf"^\s*(?:[A-Z][\w .'-]{{0,40}}?[,(]\s*)?"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}|\d{{1,2}}\s+{_MONTH}\s+(?:19|20)\d{{2}}"
    rf"|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})\b"
)


def dateline_date(text: str) -> dt.date | None:
    """The full date a dateline at the start of ``text`` gives, if any.

    >>> dateline_date("TOKYO, March 11, 2025 (Reuters) - Nissan named ...")
    datetime.date(2025, 3, 11)
    >>> dateline_date("11 March 2025 - Nissan named ...")
    datetime.date(2025, 3, 11)
    >>> dateline_date("TOKYO, Dec 23 (Reuters) - no year, no date") is None
    True
    """
    match = _DATELINE.match(text[:120])
    if match is None:
        return None
    found = _resolve(match["date"], None, "past")
    return found.date if found is not None and found.precision == "day" else None


@functools.lru_cache(maxsize=64)
def _parser(base: dt.date | None, prefer: str) -> object:
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": prefer}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _resolve(text: str, base: dt.date | None, prefer: str) -> When | None:
    data = _parser(base, prefer).get_date_data(text)  # type: ignore[attr-defined]
    if data.date_obj is None or data.period not in PRECISIONS:
        return None
    day = data.date_obj.date()
    if data.period == "month":
        day = day.replace(day=1)
    elif data.period == "year":
        day = dt.date(day.year, 1, 1)
    elif base is not None and re.fullmatch(_WEEKDAY, text) and (base - day).days == 7:
        day = base  # "said on Monday" in Monday's paper is that Monday, not the one before
    return When(day, data.period)


def event_date(sentence: str, published: dt.date | None) -> When | None:
    """The first date a sentence gives for what it reports, resolved against ``published``.

    >>> str(event_date("The two signed the deal last December.", dt.date(2025, 3, 10)))
    '2024-12'
    >>> str(event_date("Espinosa will take over on January 1.", dt.date(2025, 11, 20)))
    '2026-01-01'
    >>> str(event_date("Nissan said on Monday it had ended the talks.", dt.date(2025, 2, 13)))
    '2025-02-10'
    >>> str(event_date("Toyota has held the stake since 2019.", None))
    '2019'
    >>> event_date("The plant will open soon.", dt.date(2025, 3, 10)) is None
    True
    """
    future = _FUTURE.search(sentence) is not None
    for match in _EXPRESSION.finditer(sentence):
        text = match["weekday"] or match["year"] or match["month"]
        which = (match["which"] or "").lower()
        if published is None and re.search(r"(?:19|20)\d{2}", text) is None:
            continue  # "in April" of which year? not without a publication date
        prefer = "future" if which == "next" or (future and which != "last") else "past"
        found = _resolve(text, published, prefer)
        if found is not None:
            return found
    return None
