"""Tests for graph.articles: reading .txt, .jsonl, .html and folders into Articles."""

from __future__ import annotations

import io
import json
import sys
import types
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from graph import articles
from graph.articles import check_inputs, clean_text, iter_articles
from graph.errors import InputError
from graph.model import Article

LINE_HINT = 'each line needs {"id": ..., "text": ...}'
EMPTY = "file is empty; give it the article text, or remove it"
UTF8_FIX = "re-save the file as UTF-8, e.g. iconv -f latin1 -t utf-8"
DATE_FIX = "use YYYY-MM-DD or an ISO datetime such as 2024-03-05T09:30:00Z"
SIDECAR_HINT = 'a sidecar holds {"title": ..., "date": ..., "source": ..., "url": ...}'


def write(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Create ``files`` (relative name -> content) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)


def jsonl(*records: object) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path so paths, and so messages, are short and exact."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Replace standard input; returns a function that sets its bytes."""
    monkeypatch.setattr(articles, "_stdin_copy", None)

    def feed(data: bytes, buffered: bool = True) -> None:
        stream = (
            io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
            if buffered
            else io.StringIO(data.decode("utf-8"))
        )
        monkeypatch.setattr(sys, "stdin", stream)

    return feed


# ---------------------------------------------------------------------------
# Errors: exact messages
# ---------------------------------------------------------------------------

ERROR_CASES = [
    pytest.param({}, ["nope.txt"], "nope.txt: no such file or directory", id="missing"),
    pytest.param(
        {}, ["corpus/nope"], "corpus/nope: no such file or directory", id="missing-folder"
    ),
    pytest.param({"a.txt": b""}, ["a.txt"], f"a.txt: {EMPTY}", id="empty-txt"),
    pytest.param({"a.txt": " \n\t\r\n"}, ["a.txt"], f"a.txt: {EMPTY}", id="blank-txt"),
    pytest.param({"a.txt": "\ufeff\n"}, ["a.txt"], f"a.txt: {EMPTY}", id="bom-only-txt"),
    pytest.param({"a.txt": "\u00a0\u200b\n"}, ["a.txt"], f"a.txt: {EMPTY}", id="invisible-txt"),
    pytest.param({"a.jsonl": b""}, ["a.jsonl"], f"a.jsonl: {EMPTY}", id="empty-jsonl"),
    pytest.param({"a.jsonl": "\n  \n\n"}, ["a.jsonl"], f"a.jsonl: {EMPTY}", id="blank-jsonl"),
    pytest.param({"a.html": ""}, ["a.html"], f"a.html: {EMPTY}", id="empty-html"),
    pytest.param(
        {"a.html": "<html><head><title>T</title><script>x()</script></head></html>"},
        ["a.html"],
        "a.html: no article body found in the page (only navigation, links or boilerplate); "
        "give the article's own page, or remove it",
        id="html-without-text",
    ),
    pytest.param(
        {"a.txt": b"Honda\x00\x01\x02"},
        ["a.txt"],
        "a.txt: looks like a binary file, not text; pass .txt, .jsonl or .html articles",
        id="binary-txt",
    ),
    pytest.param(
        {"a.jsonl": b'{"id": "a", "text": "x"}\n\x00\x00'},
        ["a.jsonl"],
        "a.jsonl: looks like a binary file, not text; pass .txt, .jsonl or .html articles",
        id="binary-jsonl",
    ),
    pytest.param(
        {"a.txt": "Honda and Nissan".encode("utf-16-le")},
        ["a.txt"],
        "a.txt: looks like UTF-16 text without a byte-order mark; re-save it as UTF-8, "
        "e.g. iconv -f utf-16le -t utf-8",
        id="utf16-without-bom",
    ),
    pytest.param(
        {"a.txt": "Honda".encode("utf-16")},
        ["a.txt"],
        "a.txt: is UTF-16 text; re-save the file as UTF-8, e.g. iconv -f utf-16 -t utf-8",
        id="utf16",
    ),
    pytest.param(
        {"a.txt": b"Renault and Nissan\nsigned in N\xeemes today\n"},
        ["a.txt"],
        f"a.txt:2: not valid UTF-8 (byte 0xEE at column 12); {UTF8_FIX}",
        id="latin1-txt",
    ),
    pytest.param(
        {"a.txt": "Citroën ".encode() + b"\xff"},
        ["a.txt"],
        f"a.txt:1: not valid UTF-8 (byte 0xFF at column 9); {UTF8_FIX}",
        id="latin1-after-multibyte",
    ),
    pytest.param(
        {"a.html": b"<p>ok</p>\n<p>\n Stellantis \x96 Leapmotor</p>"},
        ["a.html"],
        f"a.html:3: not valid UTF-8 (byte 0x96 at column 13); {UTF8_FIX}",
        id="cp1252-html",
    ),
    pytest.param(
        {
            "a.jsonl": jsonl({"id": "a", "text": "x"}).encode()
            + b"\n"
            + b'{"id": "b", "text": "S\xe3o Paulo"}\n'
        },
        ["a.jsonl"],
        f"a.jsonl:3: not valid UTF-8 (byte 0xE3 at column 23); {UTF8_FIX}",
        id="latin1-jsonl",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": "a", "text": "x"}) + '{"id": "b", "text": }\n'},
        ["a.jsonl"],
        f"a.jsonl:2: not valid JSON (Expecting value at column 21); {LINE_HINT}",
        id="bad-json",
    ),
    pytest.param(
        {"a.jsonl": "id,text\n"},
        ["a.jsonl"],
        f"a.jsonl:1: not valid JSON (Expecting value at column 1); {LINE_HINT}",
        id="csv-not-json",
    ),
    pytest.param(
        {"a.jsonl": '["a", "x"]\n'},
        ["a.jsonl"],
        f'a.jsonl:1: field "text" is missing; {LINE_HINT}',
        id="not-an-object",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": "a"})},
        ["a.jsonl"],
        f'a.jsonl:1: field "text" is missing; {LINE_HINT}',
        id="no-text",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": "a", "text": "x"}, {"body": "y", "text": "y"})},
        ["a.jsonl"],
        f'a.jsonl:2: field "id" is missing; {LINE_HINT}',
        id="no-id",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": "a", "text": 5})},
        ["a.jsonl"],
        f'a.jsonl:1: field "text" must be a non-empty string; {LINE_HINT}',
        id="text-not-string",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": "a", "text": " \n"})},
        ["a.jsonl"],
        f'a.jsonl:1: field "text" must be a non-empty string; {LINE_HINT}',
        id="text-blank",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": ["a"], "text": "x"})},
        ["a.jsonl"],
        f'a.jsonl:1: field "id" must be a non-empty string; {LINE_HINT}',
        id="id-not-string",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": "", "text": "x"})},
        ["a.jsonl"],
        f'a.jsonl:1: field "id" must be a non-empty string; {LINE_HINT}',
        id="id-empty",
    ),
    pytest.param(
        {
            "a.jsonl": jsonl({"id": "x", "text": "one"}, {"id": "y", "text": "two"})
            + "\n"
            + jsonl({"id": "x", "text": "three"})
        },
        ["a.jsonl"],
        'a.jsonl:4: duplicate id "x" (first on line 1); give every article its own id',
        id="duplicate-id",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": "a", "text": "x", "title": 5})},
        ["a.jsonl"],
        'a.jsonl:1: field "title" must be a string',
        id="title-not-string",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": "a", "text": "x"}, {"id": "b", "text": "y", "date": "March 5"})},
        ["a.jsonl"],
        f'a.jsonl:2: field "date" is not a date ("March 5"); {DATE_FIX}',
        id="date-words",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": "a", "text": "x", "date": "2024-02-30"})},
        ["a.jsonl"],
        f'a.jsonl:1: field "date" is not a date ("2024-02-30"); {DATE_FIX}',
        id="date-impossible",
    ),
    pytest.param(
        {"a.jsonl": jsonl({"id": "a", "text": "x", "date": "05/03/2024"})},
        ["a.jsonl"],
        f'a.jsonl:1: field "date" is not a date ("05/03/2024"); {DATE_FIX}',
        id="date-slashes",
    ),
    pytest.param(
        {"a.txt": "Honda", "a.meta.json": '{"title": "T",}'},
        ["a.txt"],
        "a.meta.json: not valid JSON (Expecting property name enclosed in double quotes "
        f"at line 1 column 15); {SIDECAR_HINT}",
        id="sidecar-bad-json",
    ),
    pytest.param(
        {"a.txt": "Honda", "a.meta.json": '["T"]'},
        ["a.txt"],
        f"a.meta.json: expected a JSON object; {SIDECAR_HINT}",
        id="sidecar-not-object",
    ),
    pytest.param(
        {"news/a.txt": "Honda", "news/a.meta.json": '{"url": 7}'},
        ["news/a.txt"],
        'news/a.meta.json: field "url" must be a string',
        id="sidecar-wrong-type",
    ),
    pytest.param(
        {"a.txt": "Honda", "a.meta.json": '{"date": "yesterday"}'},
        ["a.txt"],
        f'a.meta.json: field "date" is not a date ("yesterday"); {DATE_FIX}',
        id="sidecar-bad-date",
    ),
    pytest.param(
        {"a.txt": "Honda", "a.meta.json": b'{"title": "Nissan \xe0 Paris"}'},
        ["a.txt"],
        f"a.meta.json:1: not valid UTF-8 (byte 0xE0 at column 19); {UTF8_FIX}",
        id="sidecar-latin1",
    ),
    pytest.param(
        {"a.pdf": b"%PDF-1.7"},
        ["a.pdf"],
        'a.pdf: unknown article format ".pdf"; use .txt, .jsonl, .html or a feed (.rss, .xml)',
        id="unknown-extension",
    ),
    pytest.param(
        {"README": "Honda"},
        ["README"],
        "README: unknown article format (no extension); use .txt, .jsonl, .html or a feed (.rss, .xml)",
        id="no-extension",
    ),
    pytest.param(
        {"corpus/notes.md": "x", "corpus/.hidden.txt": "x", "corpus/a.meta.json": "{}"},
        ["corpus"],
        "corpus: no articles found (looked for *.txt, *.jsonl, *.html); "
        "point to a folder of articles or a file",
        id="folder-without-articles",
    ),
    pytest.param(
        {"corpus/a.txt": "Honda", "corpus/sub/b.txt": ""},
        ["corpus"],
        f"corpus/sub/b.txt: {EMPTY}",
        id="bad-file-in-folder",
    ),
    pytest.param(
        {"a.txt": "Honda"},
        ["a.txt", "b.txt"],
        "b.txt: no such file or directory",
        id="second-path-missing",
    ),
]


@pytest.mark.parametrize(("files", "args", "message"), ERROR_CASES)
def test_iter_articles_errors(
    in_tmp: Path, files: dict[str, str | bytes], args: list[str], message: str
) -> None:
    write(in_tmp, files)
    with pytest.raises(InputError) as caught:
        list(iter_articles(args))
    assert str(caught.value) == message


@pytest.mark.parametrize(("files", "args", "message"), ERROR_CASES)
def test_check_inputs_raises_the_same_errors(
    in_tmp: Path, files: dict[str, str | bytes], args: list[str], message: str
) -> None:
    write(in_tmp, files)
    with pytest.raises(InputError) as caught:
        check_inputs(args)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "<stdin>: no articles on standard input; pipe in JSONL, " + LINE_HINT),
        pytest.param(
            b'{"id": "a", "text": "x"}\n{"id": "a"}\n',
            f'<stdin>:2: field "text" is missing; {LINE_HINT}',
        ),
        pytest.param(
            b'{"id": "a", "text": "Bj\xf6rn"}\n',
            f"<stdin>:1: not valid UTF-8 (byte 0xF6 at column 24); {UTF8_FIX}",
        ),
    ],
)
def test_stdin_errors(stdin: Callable[..., None], data: bytes, message: str) -> None:
    stdin(data)
    with pytest.raises(InputError) as caught:
        check_inputs(["-"])
    assert str(caught.value) == message


# ---------------------------------------------------------------------------
# Happy paths
# ---------------------------------------------------------------------------


def test_txt_without_sidecar(in_tmp: Path) -> None:
    write(in_tmp, {"news/honda-nissan.txt": "Honda and Nissan  agreed\r\nto merge.\n"})
    assert list(iter_articles(["news/honda-nissan.txt"])) == [
        Article(
            id="honda-nissan",
            text="Honda and Nissan agreed\nto merge.",
            origin="news/honda-nissan.txt",
        )
    ]


def test_txt_with_sidecar(in_tmp: Path) -> None:
    meta = {
        "title": "Honda &amp; Nissan",
        "date": "2024-12-23T09:30:00+09:00",
        "source": "Reuters",
        "url": " https://example.com/a ",
        "author": "ignored",
    }
    write(in_tmp, {"a.txt": "Honda and Nissan agreed to merge.", "a.meta.json": json.dumps(meta)})
    assert list(iter_articles([in_tmp / "a.txt"])) == [
        Article(
            id="a",
            text="Honda and Nissan agreed to merge.",
            title="Honda & Nissan",
            date="2024-12-23",
            source="Reuters",
            url="https://example.com/a",
            origin=str(in_tmp / "a.txt"),
        )
    ]


def test_jsonl_with_metadata(in_tmp: Path) -> None:
    write(
        in_tmp,
        {
            "a.jsonl": jsonl(
                {
                    "id": "r1",
                    "text": "Toyota invests in Joby.",
                    "title": "Toyota bets on air taxis",
                    "date": "2024-10-02",
                    "source": "Nikkei",
                    "url": "https://example.com/r1",
                    "lang": "en",
                },
                {"id": 42, "text": "<p>BYD&nbsp;grows.</p>", "date": None},
            ).replace("\n", "\n\n", 1)
        },
    )
    assert list(iter_articles(["a.jsonl"])) == [
        Article(
            id="r1",
            text="Toyota invests in Joby.",
            title="Toyota bets on air taxis",
            date="2024-10-02",
            source="Nikkei",
            url="https://example.com/r1",
            origin="a.jsonl:1",
        ),
        Article(id="42", text="BYD grows.", origin="a.jsonl:3"),
    ]


def test_html(in_tmp: Path) -> None:
    page = """<!DOCTYPE html>
<html><head><title>  Stellantis &amp; Leapmotor
  team up </title>
<style>p { color: red }</style>
<script>var partner = "Nissan";</script></head>
<body><nav>Home</nav>
<h1>Stellantis &amp; Leapmotor</h1>
<p>Stellantis   invested
 &euro;1.5 billion in<br>Leapmotor.</p>
<p>Carlos&nbsp;Tavares <b>said</b> so.</p>
<noscript>Enable JavaScript</noscript>
</body></html>"""
    write(in_tmp, {"deal.htm": page})
    assert list(iter_articles(["deal.htm"])) == [
        Article(
            id="deal",
            text="Stellantis invested €1.5 billion in Leapmotor.\n\nCarlos Tavares said so.",
            title="Stellantis & Leapmotor",  # the page's own headline; the menu is left out
            origin="deal.htm",
        )
    ]


def test_html_sidecar_wins_over_title(in_tmp: Path) -> None:
    write(
        in_tmp,
        {
            "a.html": "<title>Page</title><p>Honda</p>",
            "a.meta.json": '{"title": "Headline", "date": "2024-01-02"}',
        },
    )
    [article] = iter_articles(["a.html"])
    assert (article.title, article.date, article.text) == ("Headline", "2024-01-02", "Honda")


@pytest.mark.parametrize(
    ("head", "date"),
    [
        (
            '<meta property="article:published_time" content="2025-03-11T09:30:00+09:00">',
            "2025-03-11",
        ),
        ('<meta itemprop="datePublished" content="2024-06-29">', "2024-06-29"),
        ('<meta name="date" content="2024-06-30">', "2024-06-30"),
        ('<meta name="pubdate" content="soon">', None),  # unreadable: the article stays undated
        ('<meta property="article:published_time" content="2025-13-45">', None),
    ],
)
def test_html_meta_gives_the_publication_date(in_tmp: Path, head: str, date: str | None) -> None:
    write(in_tmp, {"a.html": f"<html><head>{head}</head><body><p>Honda</p></body></html>"})
    [article] = iter_articles(["a.html"])
    assert (article.date, article.text) == (date, "Honda")


def test_html_sidecar_date_wins_over_meta(in_tmp: Path) -> None:
    write(
        in_tmp,
        {
            "a.html": '<meta property="article:published_time" content="2025-03-11"><p>Honda</p>',
            "a.meta.json": '{"date": "2024-01-02"}',
        },
    )
    [article] = iter_articles(["a.html"])
    assert article.date == "2024-01-02"


def test_a_symlink_loop_is_named_as_such(in_tmp: Path) -> None:
    (in_tmp / "a.txt").symlink_to(in_tmp / "b.txt")
    (in_tmp / "b.txt").symlink_to(in_tmp / "a.txt")
    with pytest.raises(InputError) as error:
        check_inputs(["a.txt"])
    assert str(error.value) == (
        "a.txt: a symbolic link that leads nowhere (a loop, or its target is gone); "
        "point it at an article file, or pass the file itself"
    )


def test_folder_walk_order(in_tmp: Path) -> None:
    write(
        in_tmp,
        {
            "corpus/b.txt": "B",
            "corpus/a/z.txt": "Z",
            "corpus/a.jsonl": jsonl({"id": "j1", "text": "J1"}, {"id": "j2", "text": "J2"}),
            "corpus/c.HTM": "<p>C</p>",
            "corpus/C.txt": "upper",
            "corpus/.hidden.txt": "hidden",
            "corpus/.git/x.txt": "hidden",
            "corpus/b.meta.json": '{"title": "Bee"}',
            "corpus/notes.md": "not an article",
            "corpus/empty/.keep": "",
        },
    )
    got = [(a.id, a.origin, a.title) for a in iter_articles(["corpus/"])]
    assert got == [
        ("C", "corpus/C.txt", None),
        ("z", "corpus/a/z.txt", None),
        ("j1", "corpus/a.jsonl:1", None),
        ("j2", "corpus/a.jsonl:2", None),
        ("b", "corpus/b.txt", "Bee"),
        ("c", "corpus/c.HTM", None),
    ]
    assert check_inputs(["corpus"]) == 6
    with pytest.raises(InputError) as error:
        check_inputs(["corpus", "corpus/b.txt"])
    assert str(error.value) == "corpus/b.txt: given twice; give each input once"


@pytest.mark.parametrize("buffered", [True, False], ids=["bytes", "text-only"])
def test_stdin(stdin: Callable[..., None], buffered: bool) -> None:
    stdin(
        b'\xef\xbb\xbf{"id": "a", "text": "Ford &amp; VW"}\n\n{"id": "b", "text": "Kia"}\n',
        buffered,
    )
    assert list(iter_articles(["-"])) == [
        Article(id="a", text="Ford & VW", origin="<stdin>:1"),
        Article(id="b", text="Kia", origin="<stdin>:3"),
    ]


def test_stdin_can_be_read_after_check_inputs(stdin: Callable[..., None]) -> None:
    stdin(jsonl({"id": "a", "text": "Ford"}, {"id": "b", "text": "Kia"}).encode())
    assert check_inputs(["-"]) == 2
    assert check_inputs(["-"]) == 2
    assert [a.id for a in iter_articles(["-"])] == ["a", "b"]
    assert articles._stdin_copy is None


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"a.txt": "\ufeffHonda"}, "Honda", id="txt"),
        pytest.param({"a.html": "\ufeff<p>Honda</p>"}, "Honda", id="html"),
        pytest.param(
            {"a.jsonl": "\ufeff" + jsonl({"id": "a", "text": "Honda"})}, "Honda", id="jsonl"
        ),
        pytest.param(
            {"a.txt": "Honda", "a.meta.json": "\ufeff" + '{"title": "T"}'}, "Honda", id="sidecar"
        ),
    ],
)
def test_utf8_bom_is_dropped(in_tmp: Path, files: dict[str, str], expected: str) -> None:
    write(in_tmp, files)
    [article] = iter_articles(list(files)[:1])
    assert article.text == expected
    assert article.id == "a"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T09:30", "2024-03-05"),
        ("2024-03-05T23:59:60Z", "2024-03-05"),
        ("2024-03-05 09:30:00.123456-05:00", "2024-03-05"),
        ("2024-03-05T09:30:00+0900", "2024-03-05"),
        ("", None),
    ],
)
def test_dates(in_tmp: Path, value: str, expected: str | None) -> None:
    write(in_tmp, {"a.jsonl": jsonl({"id": "a", "text": "x", "date": value})})
    [article] = iter_articles(["a.jsonl"])
    assert article.date == expected


# ---------------------------------------------------------------------------
# Laziness and checking
# ---------------------------------------------------------------------------


def test_iter_articles_is_lazy(in_tmp: Path) -> None:
    write(in_tmp, {"a.jsonl": jsonl({"id": "a", "text": "Honda"}) + "not json\n"})
    stream = iter_articles(["a.jsonl", "missing.txt"])
    assert isinstance(stream, types.GeneratorType)
    assert next(stream).id == "a"
    with pytest.raises(InputError, match=r"^a\.jsonl:2: not valid JSON"):
        next(stream)


def test_iter_articles_does_not_touch_paths_until_iterated() -> None:
    stream = iter_articles(["missing.txt"])
    with pytest.raises(InputError, match="no such file"):
        next(stream)


def test_check_inputs_reports_the_line_deep_in_a_file(in_tmp: Path) -> None:
    good = [{"id": f"a{n}", "text": f"Article {n}."} for n in range(1, 5000)]
    write(in_tmp, {"big.jsonl": jsonl(*good) + '{"id": "bad"}\n' + jsonl({"id": "z", "text": "z"})})
    with pytest.raises(InputError) as caught:
        check_inputs(["big.jsonl"])
    assert str(caught.value) == f'big.jsonl:5000: field "text" is missing; {LINE_HINT}'


def test_check_inputs_counts(in_tmp: Path) -> None:
    write(
        in_tmp,
        {
            "a.txt": "A",
            "b.jsonl": jsonl({"id": "b1", "text": "B"}, {"id": "b2", "text": "B"}),
            "c.html": "<p>C</p>",
        },
    )
    assert check_inputs([Path("a.txt"), "b.jsonl", "c.html"]) == 4
    assert check_inputs([]) == 0


# ---------------------------------------------------------------------------
# clean_text
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("<p>Honda</p>", "Honda", id="tag"),
        pytest.param("<p>Honda</p><p>Nissan</p>", "Honda\n\nNissan", id="paragraphs"),
        pytest.param(
            'Read <a href="https://x.example">the <b>deal</b></a>.', "Read the deal.", id="inline"
        ),
        pytest.param("Honda<br/>Nissan", "Honda\nNissan", id="br"),
        pytest.param("Honda<script>alert(1)</script> Nissan", "Honda Nissan", id="script"),
        pytest.param("A <!-- note --> B", "A B", id="comment"),
        pytest.param("AT&amp;T &amp; GM", "AT&T & GM", id="amp"),
        pytest.param("&lt;p&gt; is a tag", "<p> is a tag", id="escaped-tag-kept"),
        pytest.param("<p>&lt;b&gt;</p>", "<b>", id="escaped-tag-in-html"),
        pytest.param("R&D spend rose 5% as 3 < 4", "R&D spend rose 5% as 3 < 4", id="no-tags"),
        pytest.param("Toyota\u00a0Motor\u202fCorp", "Toyota Motor Corp", id="nbsp"),
        pytest.param("&nbsp;Kia&nbsp;", "Kia", id="nbsp-entity"),
        pytest.param("Hyun\u200bdai\u2060 Mo\u00adtor\ufeff", "Hyundai Motor", id="zero-width"),
        pytest.param("Citroe\u0308n", "Citroën", id="nfc"),
        pytest.param("Škoda  and\t\tSEAT", "Škoda and SEAT", id="spaces"),
        pytest.param("one  \r\n  two\rthree\u2028four", "one\ntwo\nthree\nfour", id="newlines"),
        pytest.param("a\n\n\n\n\nb", "a\n\nb", id="blank-lines"),
        pytest.param("  \n Honda \n ", "Honda", id="strip"),
        pytest.param("", "", id="empty"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_clean_text_is_idempotent() -> None:
    once = clean_text("<p>Honda&nbsp;&amp;  Nissan</p>\r\n\r\n\r\n<p>Citroe\u0308n</p>")
    assert clean_text(once) == once


def test_plain_text_mentioning_a_tag_keeps_every_word() -> None:
    text = "Developers fixed the <script> tag in the UI. Toyota and Mazda signed a deal."
    assert clean_text(text) == text
    assert clean_text("A <style> or <svg> note. Honda and Nissan agreed.") == (
        "A <style> or <svg> note. Honda and Nissan agreed."
    )
