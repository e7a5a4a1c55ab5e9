"""Tests for graph.pages: a saved news page gives its article body and metadata, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.articles import iter_articles
from graph.errors import InputError
from graph.extractors import make_extractor
from graph.model import Article
from graph.pages import Page, read_page

PAGES = Path(__file__).parent / "data" / "web" / "pages"


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    return make_extractor("rules")


def facts(extractor, article: Article) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {f.key for f in extractor.extract(article)}


def test_navigation_related_links_and_comments_give_no_facts(extractor) -> None:  # type: ignore[no-untyped-def]
    """The menu, "Related" list and comments name Ford, BMW, Toyota, Hyundai, Kia and Tesla."""
    [article] = iter_articles([PAGES / "honda-nissan-battery.html"])
    assert article == Article(
        id="honda-nissan-battery",
        text=(
            "Honda and Nissan sign battery pact\n\n"
            "TOKYO - Honda and Nissan signed an agreement on Tuesday to develop batteries for "
            "electric vehicles together, the two carmakers said in a joint statement.\n\n"
            "The partnership covers battery cells and software, and the companies plan to share "
            "the cost of a new plant in Japan. Makoto Uchida, chief executive of Nissan, said "
            "the deal would cut costs for both firms.\n\n"
            "Analysts said the pact could be a first step toward deeper ties between the two "
            "groups, which have struggled to keep pace with Chinese rivals."
        ),
        title="Honda and Nissan sign battery pact",
        date="2025-03-11",
        source="Example News",
        url="https://news.example.com/autos/honda-nissan-battery-pact",
        author="Jane Roe",
        origin=str(PAGES / "honda-nissan-battery.html"),
    )
    assert facts(extractor, article) == {
        ("Honda", "partnersWith", "Nissan"),
        ("Makoto Uchida", "leads", "Nissan"),
    }


@pytest.mark.parametrize(
    ("name", "metadata", "expected"),
    [
        pytest.param(
            "stellantis-leapmotor",
            (
                "Stellantis takes a stake in Leapmotor",
                "2024-10-02",
                "Autos Weekly",
                "https://autosweekly.example.org/2024/10/02/stellantis-leapmotor-stake/",
                "Marco Bianchi",
            ),
            {
                ("Stellantis", "investsIn", "Leapmotor"),
                ("Leapmotor", "partnersWith", "Stellantis"),
                ("Carlos Tavares", "leads", "Stellantis"),
            },
            id="blog-opengraph-meta",
        ),
        pytest.param(
            "nissan-ampere",
            (
                "Nissan buys into Ampere",
                "2023-07-26",
                "Motor Wire",
                "https://motorwire.example.net/business/nissan-ampere-investment-2023-07-26",
                "Aiko Tanaka",
            ),
            {
                ("Nissan", "investsIn", "Ampere"),
                ("Nissan", "partnersWith", "Renault"),
                ("Renault", "investsIn", "Nissan"),
                ("Makoto Uchida", "leads", "Nissan"),
            },
            id="wire-json-ld",
        ),
    ],
)
def test_saved_pages_give_their_metadata_and_only_their_body_facts(
    extractor,  # type: ignore[no-untyped-def]
    name: str,
    metadata: tuple[str, ...],
    expected: set[tuple[str, str, str]],
) -> None:
    [article] = iter_articles([PAGES / f"{name}.html"])
    assert (article.title, article.date, article.source, article.url, article.author) == metadata
    assert facts(extractor, article) == expected
    for boilerplate in ("cookies", "Sign up", "Share", "Trending", "Most popular", "Privacy"):
        assert boilerplate not in article.text


def test_the_title_loses_the_site_suffix_without_opengraph() -> None:
    page = read_page(
        "<html><head><title>Kia opens a plant in Mexico | Daily Drive</title></head>"
        "<body><nav><a href='/'>Home</a></nav><article><p>Kia opened a new assembly plant "
        "in Monterrey on Monday, the company said.</p></article></body></html>",
        "kia.html",
    )
    assert page == Page(
        text="Kia opened a new assembly plant in Monterrey on Monday, the company said.",
        title="Kia opens a plant in Mexico",
    )


def test_a_fetched_page_without_a_canonical_link_keeps_its_address() -> None:
    page = read_page(
        b"<html><body><p>BYD and Uber agreed to put electric cars on the platform.</p></body></html>",
        "https://example.com/byd",
        url="https://example.com/byd?utm=feed",
    )
    assert page.url == "https://example.com/byd?utm=feed"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            (PAGES / "menu-only.html").read_text(encoding="utf-8"),
            "p.html: no article body found in the page (only navigation, links or boilerplate); "
            "give the article's own page, or remove it",
            id="no-body",
        ),
        pytest.param(
            "%PDF-1.7 not a page at all",
            "p.html: not an HTML page (no HTML markup); give a web page or a feed",
            id="not-html",
        ),
    ],
)
def test_pages_without_an_article_are_refused(content: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_page(content, "p.html")
    assert str(caught.value) == message
