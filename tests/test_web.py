"""Tests for graph.web, graph.fetch and graph.feeds through a build: feeds and pages, saved and served.

Every page is served by a real HTTP server on the loopback address (tests/servers.py);
nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import MemoryStore, build
from graph.articles import iter_articles
from graph.fetch import FetchOptions
from graph.model import Article
from graph.web import Skip, Web
from tests.servers import WEB, NewsSite, news_site

#: What the feed's English pages state: only their bodies' facts.
FEED_FACTS = {
    ("Honda", "partnersWith", "Nissan"),
    ("Makoto Uchida", "leads", "Nissan"),
    ("Stellantis", "investsIn", "Leapmotor"),
    ("Leapmotor", "partnersWith", "Stellantis"),
    ("Carlos Tavares", "leads", "Stellantis"),
    ("Nissan", "investsIn", "Ampere"),
    ("Nissan", "partnersWith", "Renault"),
    ("Renault", "investsIn", "Nissan"),
}

#: (id, title, date, source, url, author) of the feed's three English articles.
FEED_METADATA = {
    (
        "Honda and Nissan sign battery pact",
        "2025-03-11",
        "Example News",
        "https://news.example.com/autos/honda-nissan-battery-pact",
        "Jane Roe",
    ),
    (
        "Stellantis takes a stake in Leapmotor",
        "2024-10-02",
        "Autos Weekly",
        "https://autosweekly.example.org/2024/10/02/stellantis-leapmotor-stake/",
        "Marco Bianchi",
    ),
    (
        "Nissan buys into Ampere",
        "2023-07-26",
        "Motor Wire",
        "https://motorwire.example.net/business/nissan-ampere-investment-2023-07-26",
        "Aiko Tanaka",
    ),
}

NO_BODY = (
    "no article body found in the page (only navigation, links or boilerplate); "
    "give the article's own page, or remove it"
)
GERMAN = 'not English (German, "de"); only English articles are read'


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with news_site(huge=200_000) as running:
        yield running


def fast(tmp_path: Path, **options: object) -> FetchOptions:
    """Fetching for tests: no delay, short timeouts, a cache of the test's own."""
    settings: dict[str, object] = {"cache": str(tmp_path / "cache"), "delay": 0, "timeout": 0.5}
    settings.update(options)
    return FetchOptions(**settings)  # type: ignore[arg-type]


def stored(store: MemoryStore) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """The facts (subject, relation, object) and the articles' metadata in ``store``."""
    from graph.vocab import sparql_prefixes

    facts = store.query(
        sparql_prefixes()
        + """SELECT ?s ?r ?o WHERE { ?st rdf:subject ?sn ; rdf:predicate ?p ; rdf:object ?on .
        ?sn rdfs:label ?s . ?on rdfs:label ?o . BIND (STRAFTER(STR(?p), "#") AS ?r) }"""
    )
    articles = store.query(
        sparql_prefixes()
        + """SELECT ?title ?date ?source ?url ?author WHERE { ?a a akg:NewsArticle ;
        schema:headline ?title ; schema:datePublished ?date ; akg:source ?source ;
        schema:url ?url ; akg:author ?author }"""
    )
    return (
        {tuple(str(v) for v in row) for row in facts.rows},  # type: ignore[union-attr]
        {tuple(str(v) for v in row) for row in articles.rows},  # type: ignore[union-attr]
    )


def test_a_saved_feed_builds_its_pages(tmp_path: Path) -> None:
    store = MemoryStore()
    report = build([WEB / "feed.xml"], store, model="rules", fetch=fast(tmp_path))
    assert stored(store) == (FEED_FACTS, FEED_METADATA)
    pages = WEB / "pages"
    assert report.summary() == (
        "4 articles: 3 added, 0 updated, 0 unchanged; 9 facts extracted; "
        "2 skipped (1 not English, 1 unreadable)\n"
        f"  skipped {pages / 'vw-xpeng-de.html'}: {GERMAN}\n"
        f"  skipped {pages / 'menu-only.html'}: {NO_BODY}"
    )


def test_a_served_feed_builds_the_same_facts_and_is_cached(site: NewsSite, tmp_path: Path) -> None:
    store = MemoryStore()
    feed = f"{site.url}/feed.xml"
    report = build([feed], store, model="rules", fetch=fast(tmp_path))
    assert stored(store) == (FEED_FACTS, FEED_METADATA)
    assert report.summary() == (
        "4 articles: 3 added, 0 updated, 0 unchanged; 9 facts extracted; "
        "2 skipped (1 not English, 1 unreadable)\n"
        f"  skipped {site.url}/pages/vw-xpeng-de.html: {GERMAN}\n"
        f"  skipped {site.url}/pages/menu-only.html: {NO_BODY}"
    )
    # a served page's id is its address; the article's url its canonical one
    rows = store.query("SELECT ?d WHERE { ?a <https://w3id.org/akg/ontology#docId> ?d }")
    ids = {str(row[0]) for row in rows.rows}  # type: ignore[union-attr]
    assert ids == {
        f"{site.url}/pages/honda-nissan-battery.html",
        f"{site.url}/pages/stellantis-leapmotor.html",
        f"{site.url}/pages/nissan-ampere.html",
    }
    asked = [path for path, _ in site.requests]
    agents = {agent for _, agent in site.requests}
    assert asked.count("/robots.txt") == 1 and asked.count("/feed.xml") == 1
    assert all(agent.startswith("akg/") for agent in agents)
    # the rebuild asks for the feed again, its pages come from the cache; offline, nothing
    before = len(site.requests)
    again = build([feed], store, model="rules", fetch=fast(tmp_path))
    assert [path for path, _ in site.requests[before:]] == ["/robots.txt", "/feed.xml"]
    offline = build([feed], store, model="rules", fetch=fast(tmp_path, offline=True))
    assert len(site.requests) == before + 2
    for report in (again, offline):
        assert report.summary().splitlines()[0] == (
            "4 articles: 0 added, 0 updated, 3 unchanged; 0 facts extracted; "
            "2 skipped (1 not English, 1 unreadable)"
        )


def rss(*links: str) -> tuple[str, bytes]:
    items = "".join(f"<item><title>{link}</title><link>{link}</link></item>" for link in links)
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Latest</title>{items}</channel></rss>'
    return "application/rss+xml", body.encode()


def test_a_feed_is_read_anew_each_build_and_its_pages_from_the_cache(
    site: NewsSite, tmp_path: Path
) -> None:
    store = MemoryStore()
    site.extra["/latest.xml"] = rss("/pages/honda-nissan-battery.html")
    first = build([f"{site.url}/latest.xml"], store, model="rules", fetch=fast(tmp_path))
    site.extra["/latest.xml"] = rss(
        "/pages/honda-nissan-battery.html", "/pages/stellantis-leapmotor.html"
    )
    before = len(site.requests)
    second = build([f"{site.url}/latest.xml"], store, model="rules", fetch=fast(tmp_path))
    assert [path for path, _ in site.requests[before:]] == [
        "/robots.txt",
        "/latest.xml",
        "/pages/stellantis-leapmotor.html",
    ]
    assert (first.added, second.added, second.unchanged) == (1, 1, 1)
    # offline, the feed as last fetched
    del site.extra["/latest.xml"]
    offline = build(
        [f"{site.url}/latest.xml"], store, model="rules", fetch=fast(tmp_path, offline=True)
    )
    assert (offline.unchanged, offline.skipped) == (2, [])


def test_offline_names_what_is_not_cached(site: NewsSite, tmp_path: Path) -> None:
    report = build(
        [f"{site.url}/pages/honda-nissan-battery.html"],
        MemoryStore(),
        model="rules",
        fetch=fast(tmp_path, offline=True),
    )
    assert report.summary() == (
        "0 articles: 0 added, 0 updated, 0 unchanged; 0 facts extracted; 1 skipped (1 not cached)\n"
        f"  skipped {site.url}/pages/honda-nissan-battery.html: not in the cache "
        f"({tmp_path / 'cache'}) and --offline is on; run once without --offline to fetch it"
    )


def test_every_bad_link_is_one_line_and_the_build_goes_on(site: NewsSite, tmp_path: Path) -> None:
    store = MemoryStore()
    report = build(
        [f"{site.url}/troubles.xml", f"{site.url}/not-a-feed.xml"],
        store,
        model="rules",
        fetch=fast(tmp_path, max_bytes=100_000),
    )
    url = site.url
    assert report.summary() == (
        "1 articles: 1 added, 0 updated, 0 unchanged; 2 facts extracted; "
        "10 skipped (5 fetch failed, 1 forbidden by robots.txt, 4 unreadable)\n"
        f"  skipped {url}/missing.html: the server answered 404 Not Found; check the link\n"
        f"  skipped {url}/slow: no answer within 0.5 s (tried 2 times); "
        "try again later, or raise --timeout\n"
        f"  skipped {url}/loop: redirected more than 10 times (a redirect loop?); "
        "open it in a browser to find the article's own address\n"
        f"  skipped {url}/huge.html: larger than 100,000 bytes; not read "
        "(raise --max-bytes, or save the article and build from the file)\n"
        f"  skipped {url}/plain.txt: not an HTML page (Content-Type: text/plain); give a web page\n"
        f"  skipped {url}/private/secret.html: {url}/robots.txt does not allow fetching it; "
        "not fetched (save the page yourself and build from the file if you may use it)\n"
        f"  skipped {url}/pages/menu-only.html: {NO_BODY}\n"
        f"  skipped {url}/error: the server answered 503 Service Unavailable (tried 2 times); "
        "try again later\n"
        f"  skipped {url}/troubles.xml entry 9: the entry has no link to an article\n"
        f"  skipped {url}/not-a-feed.xml: not an RSS or Atom feed "
        "(XML error at line 1: syntax error); give a feed's address or file, or a web page"
    )
    assert stored(store)[0] == {
        ("Honda", "partnersWith", "Nissan"),
        ("Makoto Uchida", "leads", "Nissan"),
    }
    assert "/private/secret.html" not in [path for path, _ in site.requests]


def test_one_page_by_its_address_and_a_redirect(site: NewsSite, tmp_path: Path) -> None:
    articles = list(iter_articles([f"{site.url}/moved"], Web(_fetcher(tmp_path))))
    assert [(a.id, a.title, a.url, a.origin) for a in articles] == [
        (
            f"{site.url}/moved",
            "Nissan buys into Ampere",
            "https://motorwire.example.net/business/nissan-ampere-investment-2023-07-26",
            f"{site.url}/moved",
        )
    ]


def test_an_atom_feed_and_a_page_given_twice(site: NewsSite, tmp_path: Path) -> None:
    skips: list[Skip] = []
    web = Web(_fetcher(tmp_path), on_skip=skips.append)
    page = f"{site.url}/pages/nissan-ampere.html"
    articles = list(iter_articles([f"{site.url}/wire.atom", page], web))
    assert [a.id for a in articles] == [page]
    assert skips == [Skip(page, "read already (given twice, or in two feeds)", "duplicate")]


def test_the_feed_fills_in_what_the_page_does_not_say(tmp_path: Path) -> None:
    (tmp_path / "bare.html").write_text(
        "<html><body><article><p>Kia and Hyundai agreed to share a battery plant in Georgia, "
        "the companies said.</p></article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "feed.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Kia and Hyundai share a plant</title><link>bare.html</link>"
        "<pubDate>Mon, 03 Jun 2024 10:00:00 GMT</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    assert list(iter_articles([tmp_path / "feed.rss"])) == [
        Article(
            id="bare",
            text="Kia and Hyundai agreed to share a battery plant in Georgia, the companies said.",
            title="Kia and Hyundai share a plant",
            date="2024-06-03",
            origin=str(tmp_path / "bare.html"),
        )
    ]


def _fetcher(tmp_path: Path):  # type: ignore[no-untyped-def]
    from graph.fetch import Fetcher

    return Fetcher(fast(tmp_path))


def test_a_saved_feed_that_is_not_a_feed_stops_the_build_before_anything_is_written(
    tmp_path: Path,
) -> None:
    from graph.errors import InputError

    with pytest.raises(InputError) as caught:
        build([WEB / "not-a-feed.xml"], str(tmp_path / "store"), model="rules")
    assert str(caught.value) == (
        f"{WEB / 'not-a-feed.xml'}: not an RSS or Atom feed (XML error at line 1: syntax error); "
        "give a feed's address or file, or a web page"
    )
    assert not (tmp_path / "store").exists()


def test_the_commands_take_the_web_options(
    site: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from graph.cli import main

    page = f"{site.url}/pages/honda-nissan-battery.html"
    web = ["--cache", str(tmp_path / "cache"), "--delay", "0", "--timeout", "5"]
    store = ["--store", str(tmp_path / "store")]
    assert main(["extract", page, "--model", "rules", "--offline", *web]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (
        "",
        f"warning: skipped {page}: not in the cache ({tmp_path / 'cache'}) and --offline is on; "
        "run once without --offline to fetch it\n",
    )
    assert main(["build", page, "--model", "rules", *store, *web]) == 0
    out, err = capsys.readouterr()
    assert out == "1 articles: 1 added, 0 updated, 0 unchanged; 2 facts extracted\n"
    assert main(["extract", page, "--model", "rules", "--offline", *web]) == 0
    out, err = capsys.readouterr()
    assert [line.split("\t")[1:4] for line in out.splitlines()] == [
        ["Honda", "partnersWith", "Nissan"],
        ["Makoto Uchida", "leads", "Nissan"],
    ]


def test_requests_to_one_host_keep_the_delay_apart(site: NewsSite, tmp_path: Path) -> None:
    import time

    from graph.fetch import Fetcher

    with Fetcher(fast(tmp_path, delay=0.25)) as fetcher:
        started = time.monotonic()
        fetcher.get(f"{site.url}/pages/nissan-ampere.html")  # robots.txt, then the page
        fetcher.get(f"{site.url}/pages/stellantis-leapmotor.html")
        assert time.monotonic() - started >= 0.5  # two waits; sleeping never ends early
        fetcher.get(f"{site.url}/pages/stellantis-leapmotor.html")  # the cache: no wait
