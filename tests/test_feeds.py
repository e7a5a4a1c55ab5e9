"""Tests for graph.feeds: RSS and Atom entries, and what is not a feed."""

from __future__ import annotations

import pytest

from graph.errors import InputError
from graph.feeds import Entry, read_feed
from tests.servers import WEB


def test_rss_entries_in_order_with_link_date_and_summary() -> None:
    entries = read_feed((WEB / "feed.xml").read_bytes(), "feed.xml")
    assert entries[:2] == [
        Entry(
            link="pages/honda-nissan-battery.html",
            title="Honda and Nissan sign battery pact",
            date="2025-03-11",
            summary="The two carmakers will develop batteries for electric vehicles together.",
        ),
        Entry(
            link="pages/stellantis-leapmotor.html",
            title="Stellantis takes a stake in Leapmotor",
            date="2024-10-02",
            summary="A €1.5 billion deal for 21% of the Chinese start-up.",
        ),
    ]
    assert len(entries) == 5
    assert entries[4] == Entry("pages/menu-only.html", "Autos", None, "Section front.")


def test_atom_entry() -> None:
    assert read_feed((WEB / "wire.atom").read_bytes(), "wire.atom") == [
        Entry(
            link="pages/nissan-ampere.html",
            title="Nissan buys into Ampere",
            date="2023-07-26",
            summary="Nissan commits up to $600 million to Renault's electric vehicle unit.",
        )
    ]


@pytest.mark.parametrize(
    ("data", "why"),
    [
        pytest.param(
            b'{"items": []}', " (XML error at line 1: not well-formed (invalid token))", id="json"
        ),
        pytest.param(b"<html><body><p>A page</p></body></html>", "", id="html"),
        pytest.param(b"", "", id="empty"),
    ],
)
def test_what_is_not_a_feed_is_refused(data: bytes, why: str) -> None:
    with pytest.raises(InputError) as caught:
        read_feed(data, "news.xml")
    assert str(caught.value) == (
        f"news.xml: not an RSS or Atom feed{why}; give a feed's address or file, or a web page"
    )
