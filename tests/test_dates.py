"""Event dates: found in a sentence, resolved against the publication date, with their precision."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.dates import event_date, parse_date

PUBLISHED = dt.date(2025, 3, 12)  # a Wednesday


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("The two signed the agreement last December.", PUBLISHED, "2024-12"),
        ("Talks began in April.", PUBLISHED, "2024-04"),
        ("Nissan said on Wednesday it had ended the talks.", PUBLISHED, "2025-03-12"),
        ("Nissan said on Monday it had ended the talks.", PUBLISHED, "2025-03-10"),
        ("She will take over on April 1.", PUBLISHED, "2025-04-01"),
        ("The deal is expected to close by June 2025.", PUBLISHED, "2025-06"),
        ("Toyota has held the stake since 2019.", PUBLISHED, "2019"),
        ("The venture was set up in March 2023.", None, "2023-03"),
        ("Talks began in April.", None, None),  # which April? not without a date to lean on
        ("The plant will open soon.", PUBLISHED, None),
        ("The venture may grow.", PUBLISHED, None),  # "may" is not May
    ],
)
def test_event_dates(sentence: str, published: dt.date | None, expected: str | None) -> None:
    found = event_date(sentence, published)
    assert (None if found is None else str(found)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("2025-02-29", None),
        ("2025-13-45", None),
        ("soon", None),
    ],
)
def test_parse_date(value: str, expected: dt.date | None) -> None:
    assert parse_date(value) == expected
