"""The akg command: exit codes and exact output, errors included."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph.cli import main

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("cli") / "store")
    assert main(["build", str(SEEDS), "--store", location, "--model", "rules"]) == 0
    return location


def test_build_prints_store_and_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    code, out, err = run(capsys, "build", str(SEEDS), "--store", location, "--model", "rules")
    assert (code, out, err) == (
        0,
        "2 articles: 2 added, 0 updated, 0 unchanged; 5 facts extracted\n",
        f"Store: {location}\n",
    )
    code, out, _ = run(capsys, "build", str(SEEDS), "--store", location, "--model", "rules")
    assert (code, out) == (0, "2 articles: 0 added, 0 updated, 2 unchanged; 0 facts extracted\n")


def test_query_saved_query_as_table(capsys: pytest.CaptureFixture[str], built: str) -> None:
    code, out, err = run(capsys, "query", "leaders", "--store", built)
    assert (code, err) == (0, "")
    assert out == (
        "person          role      tenure    company\n"
        "--------------  --------  --------  ---------\n"
        "Toshihiro Mibe  Director  current   Honda\n"
        "Makoto Uchida   CEO       current   Nissan\n"
    )


def test_query_pages_with_limit_and_offset(capsys: pytest.CaptureFixture[str], built: str) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "leaders",
        "--limit",
        "1",
        "--offset",
        "1",
        "--format",
        "tsv",
        "--store",
        built,
    )
    assert (code, out) == (
        0,
        '?person\t?role\t?tenure\t?company\n"Makoto Uchida"\t"CEO"\t"current"\t"Nissan"\n',
    )
    code, out, _ = run(capsys, "query", "leaders", "--limit", "1", "--store", built)
    assert out.splitlines()[2:] == ["Toshihiro Mibe  Director  current   Honda"]
    code, out, _ = run(
        capsys, "query", "leaders", "--offset", "5", "--format", "csv", "--store", built
    )
    assert out == "person,role,tenure,company\r\n"
    assert usage(capsys, "query", "leaders", "--limit", "-1", "--store", built) == (
        2,
        'akg query: error: argument --limit: "-1" is not a whole number of rows, such as 20',
    )
    assert usage(capsys, "query", "ASK { ?s ?p ?o }", "--limit", "1", "--store", built) == (
        2,
        "akg query: error: --limit and --offset page the rows of a SELECT query",
    )


def test_query_with_a_parameter_as_csv(capsys: pytest.CaptureFixture[str], built: str) -> None:
    code, out, _ = run(
        capsys, "query", "partners", "--param", "company=Honda", "--format", "csv", "--store", built
    )
    assert (code, out) == (
        0,
        'company,partner,statuses,pieces\r\nHonda,Nissan,"agreed, proposed",2\r\n',
    )


def test_malformed_query_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], built: str
) -> None:
    code, out, err = run(capsys, "query", "SELECT ?x WHERE { ?x akg:leads", "--store", built)
    assert (code, out) == (1, "")
    assert err.startswith(
        'Error: SPARQL syntax error at line 1, column 31 (after "SELECT ?x WHERE { ?x akg:leads"): expected one of '
    )
    assert err.count("\n") == 1


def usage(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """The exit code and last stderr line of a command line the parser refuses."""
    try:
        code = main(list(argv))
    except SystemExit as stop:
        code = int(stop.code or 0)
    return code, capsys.readouterr().err.splitlines()[-1]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], built: str) -> None:
    assert usage(capsys, "query", "leaders", "--format", "xml", "--store", built) == (
        2,
        "akg query: error: argument --format: invalid choice: 'xml' (choose from 'table', 'csv', 'tsv', 'json')",
    )
    assert usage(capsys, "export", "-f", "rdfxml", "--store", built) == (
        2,
        "akg export: error: argument -f/--format: invalid choice: 'rdfxml' (choose from 'ttl', "
        "'nt', 'nq', 'trig', 'jsonld', 'graphml', 'gexf', 'csv')",
    )
    assert usage(capsys, "extract", str(SEEDS), "--format", "xml") == (
        2,
        "akg extract: error: argument --format: invalid choice: 'xml' (choose from 'jsonl', 'table')",
    )
    assert usage(capsys, "query", "--store", built) == (
        2,
        "akg query: error: give a query: SPARQL text, a .rq file or a saved query name (akg query --list)",
    )
    assert usage(capsys, "analyze", "path", "Honda", "--store", built) == (
        2,
        "akg analyze: error: path takes two names: akg analyze path Honda Renault",
    )


def test_bad_input_keeps_the_store(
    capsys: pytest.CaptureFixture[str], built: str, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(capsys, "build", str(empty), "--store", built, "--model", "rules")
    assert (code, out) == (1, "")
    assert err.endswith(f"Error: {empty}: file is empty; give it the article text, or remove it\n")
    code, out, _ = run(capsys, "query", "partnerships", "--format", "csv", "--store", built)
    assert (
        out
        == 'company,partner,statuses,kinds,articles\r\nHonda,Nissan,"agreed, proposed",collaboration,2\r\n'
    )


def test_extract_jsonl_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(SEEDS), "--format", "jsonl", "--model", "rules")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    found = {
        (r["doc"], *sorted((r["subject"], r["object"])))
        if r["predicate"] == "partnersWith"
        else (r["doc"], r["subject"], r["object"])
        for r in records
    }
    assert found == {
        ("000_cf875de2c11c43bd", "Honda", "Nissan"),
        ("000_cf875de2c11c43bd", "Toshihiro Mibe", "Honda"),
        ("000_cf875de2c11c43bd", "Makoto Uchida", "Nissan"),
        ("000_cf875de2c11c43bd", "Nissan", "Renault electric vehicle unit"),
        ("003_346c5a7c4d78caa0", "Honda", "Nissan"),
    }
    assert {r["predicate"] for r in records} == {"partnersWith", "leads", "investsIn"}
    for record in records:
        assert {
            "doc",
            "subject",
            "predicate",
            "object",
            "confidence",
            "evidence",
            "subject_iri",
            "object_iri",
        } <= record.keys()
        assert 0 < record["confidence"] <= 1
    assert records[0]["subject_iri"] == "https://w3id.org/akg/id/company/Honda"


def test_validate_conforms(capsys: pytest.CaptureFixture[str], built: str) -> None:
    code, out, _ = run(capsys, "validate", "--store", built)
    assert code == 0 and out.startswith("Conforms: ")


def test_viz_writes_an_offline_page(
    capsys: pytest.CaptureFixture[str], built: str, tmp_path: Path
) -> None:
    page = tmp_path / "alliance.html"
    code, out, _ = run(capsys, "viz", "-o", str(page), "--store", built)
    assert (code, out) == (0, f"Wrote {page} (6 nodes, 5 edges)\n")
    assert "<script src=" not in page.read_text(encoding="utf-8")


def test_export_formats_parse(capsys: pytest.CaptureFixture[str], built: str) -> None:
    _, turtle, _ = run(capsys, "export", "-f", "ttl", "--store", built)
    _, trig, _ = run(capsys, "export", "-f", "trig", "--store", built)
    union = Graph().parse(data=turtle, format="turtle")
    quads = list(ox.parse(trig, format=ox.RdfFormat.TRIG))
    named = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert len(named) == 2
    assert len(union) == len({q.triple for q in quads})


def test_reading_a_store_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "query", "leaders", "--store", str(tmp_path / "none"))
    assert (code, err) == (
        1,
        f"Error: {tmp_path / 'none'}: no store here yet; run `akg build` first, or pass --store\n",
    )


def test_usage_error_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2


def test_every_command_help_ends_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("build", "extract", "query", "validate", "viz", "eval", "export"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = capsys.readouterr().out
        assert "Example" in out.split("options:")[-1], command


def test_wheel_ships_data_and_runs_from_anywhere(tmp_path: Path) -> None:
    """A non-editable install carries the ontology, queries, reference table and seeds."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("akg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "graph/ontology/alliance.ttl",
        "graph/ontology/shapes.ttl",
        "graph/queries/leaders.rq",
        "graph/data/reference.jsonl",
        "graph/data/lowercase.txt",
        "graph/seeds/000_cf875de2c11c43bd.txt",
        "graph/py.typed",
    ):
        assert needed in names, needed
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    store = str(tmp_path / "store")
    build = subprocess.run(
        [sys.executable, "-m", "graph", "build", "--store", store, "--model", "rules"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert build.stdout == "2 articles: 2 added, 0 updated, 0 unchanged; 5 facts extracted\n", (
        build.stderr
    )
    check = subprocess.run(
        [sys.executable, "-m", "graph", "validate", "--store", store],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_export_gexf_and_csv_for_other_tools(
    capsys: pytest.CaptureFixture[str], built: str, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "export", "-f", "csv", "-o", str(tmp_path / "tables"), "--store", built
    )
    assert (code, err) == (
        0,
        f"Wrote {tmp_path / 'tables' / 'nodes.csv'}\nWrote {tmp_path / 'tables' / 'edges.csv'}\n",
    )
    assert (tmp_path / "tables" / "nodes.csv").read_text(encoding="utf-8").splitlines()[
        0
    ] == "id,label,kind,wikidata"
    code, _, err = run(
        capsys, "export", "-f", "gexf", "-o", str(tmp_path / "a.gexf"), "--store", built
    )
    assert code == 0 and (tmp_path / "a.gexf").read_text(encoding="utf-8").startswith("<?xml")
    code, _, err = run(capsys, "export", "-f", "csv", "--store", built)
    assert (code, err) == (
        1,
        "Error: -f csv writes a folder for nodes.csv and edges.csv: give it with -o\n",
    )


def test_damaged_stores_and_unwritable_places_are_one_line(
    capsys: pytest.CaptureFixture[str], built: str, tmp_path: Path
) -> None:
    import shutil

    junk = tmp_path / "junk"
    shutil.copytree(built, junk)
    (junk / "CURRENT").write_text("junk\n")
    code, out, err = run(capsys, "query", "partnerships", "--store", str(junk))
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {junk}: cannot open the store, its files are damaged or it is not an akg store "
        "(Corruption: CURRENT file corrupted); keep the folder as it is and rebuild from your "
        "articles into a new --store\n"
    )
    a_file = tmp_path / "file"
    a_file.write_text("x")
    code, _, err = run(capsys, "build", str(SEEDS), "--store", str(a_file / "store"))
    assert (code, err) == (
        1,
        f"Store: {a_file / 'store'}\n"
        f"Error: {a_file / 'store'}: cannot create the store folder (Not a directory); "
        "pass a --store in a folder you can write\n",
    )
    code, _, err = run(capsys, "viz", "-o", str(tmp_path), "--store", built)
    assert (code, err) == (
        1,
        f"Error: {tmp_path}: is a directory; fix that and run the same command again "
        "(what was written before is kept)\n",
    )
    code, _, err = run(capsys, "serve", "--port", "99999", "--store", built)
    assert (code, err) == (
        1,
        "Error: port 99999 is not a port number; pass --port between 1 and 65535\n",
    )


def test_an_invalid_url_is_refused_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [{"id": f"a{i}", "text": "Honda and Nissan signed a deal."} for i in range(5)]
    lines[3]["url"] = "https://example.com/a b"
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines))
    location = tmp_path / "store"
    code, out, err = run(capsys, "build", str(feed), "--store", str(location))
    assert (code, out) == (1, "")
    assert err == (
        f"Store: {location}\n"
        f'Error: {feed}:4: field "url" is not a valid URL ("https://example.com/a b": '
        "Invalid IRI code point ' '); write it in full, percent-encoding spaces and quotes "
        "(https://example.com/a%20b), or leave it out\n"
    )
    assert not location.exists()


def test_a_huge_article_is_read_up_to_the_limit_with_a_notice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from graph.extract import MAX_ARTICLE_CHARS

    article = tmp_path / "huge.txt"
    filler = "The market was quiet today. " * (MAX_ARTICLE_CHARS // 28 + 10)
    article.write_text("Honda and Nissan signed an alliance. " + filler)
    code, out, _ = run(capsys, "build", str(article), "--store", str(tmp_path / "s"))
    assert code == 0
    assert out.splitlines()[1:] == [
        f"  notice {article}: {len(article.read_text().strip()):,} characters; only the first "
        f"{MAX_ARTICLE_CHARS:,} were read (the limit for one article)"
    ]


def test_a_run_on_sentence_full_of_names_gives_no_facts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    names = ["Honda", "Nissan", "Toyota", "Mazda", "Ford", "BMW", "Renault", "Kia"]
    words = " ".join(f"{names[i % 8]} and {names[(i + 1) % 8]} signed a deal" for i in range(60))
    article = tmp_path / "runon.txt"
    article.write_text(words)
    code, out, _ = run(capsys, "extract", str(article), "--format", "jsonl")
    assert (code, out) == (0, "")


def test_build_reads_standard_input(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    line = '{"id": "x", "text": "Honda and Nissan signed a strategic alliance on batteries."}\n'
    built = subprocess.run(
        [sys.executable, "-m", "graph", "build", "-", "--store", location],
        input=line,
        capture_output=True,
        text=True,
    )
    assert (built.returncode, built.stdout, built.stderr) == (
        0,
        "1 articles: 1 added, 0 updated, 0 unchanged; 1 facts extracted\n",
        f"Store: {location}\n",
    )
    asked = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph",
            "query",
            "partnerships",
            "--store",
            location,
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
    )
    assert asked.stdout.splitlines()[1:] == ["Honda,Nissan,agreed,alliance,1"]
    twice = subprocess.run(
        [sys.executable, "-m", "graph", "build", "-", "-", "--store", location],
        input=line,
        capture_output=True,
        text=True,
    )
    assert (twice.returncode, twice.stderr.splitlines()[-1]) == (
        1,
        "Error: -: standard input is given more than once; give it once",
    )


def test_memory_store_is_refused_on_the_command_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    message = (
        "memory: keeps nothing between two commands (it is for the Python API, "
        'graph.open_store("memory:")); give a folder'
    )
    assert usage(capsys, "build", str(SEEDS), "--store", "memory:") == (
        2,
        f"akg build: error: argument --store: {message}",
    )
    monkeypatch.setenv("AKG_STORE", "memory:")
    assert usage(capsys, "query", "partnerships") == (2, f"akg query: error: AKG_STORE: {message}")


def test_validate_ends_with_a_summary_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from graph.store import OxigraphStore

    location = str(tmp_path / "store")
    assert main(["build", str(SEEDS), "--store", location, "--model", "rules"]) == 0
    store = OxigraphStore(location)
    try:  # another tool wrote a status the shapes do not know
        status = ox.NamedNode("https://w3id.org/akg/ontology#status")
        statement = next(iter(store.native().quads_for_pattern(None, status, None))).subject
        store.native().add(ox.Quad(statement, status, ox.Literal("maybe")))
    finally:
        store.close()
    capsys.readouterr()
    code, out, _ = run(capsys, "validate", "--store", location)
    lines = out.splitlines()
    assert code == 1
    violations = len(lines) - 1
    assert violations >= 1
    assert lines[-1] == (
        f"Does not conform: {violations} violation{'s' if violations > 1 else ''} in 126 triples; "
        "the lines above name each node and what the shapes expect"
    )
    assert all("akg:status" in line for line in lines[:-1])


def test_the_command_starts_without_loading_the_heavy_libraries() -> None:
    heavy = ("rdflib", "spacy", "networkx", "pyoxigraph", "pandas", "numpy", "pyshacl")
    probe = (
        "import sys, graph.cli\n"
        "graph.cli._parser().format_help()\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr


def test_public_functions_stay_functions_whatever_is_imported_first() -> None:
    probe = (
        "import graph.export, graph.query, graph\n"
        "from graph import export, query\n"
        "print(callable(export), callable(query), callable(graph.export), callable(graph.query))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "True True True True\n"), done.stderr


def _as_a_plain_user() -> list[str]:
    """A command prefix under which file permissions apply, as they do to a user who is not root."""
    import os
    import shutil

    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("as root, file permissions need setpriv (util-linux) to apply")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def test_a_read_only_store_is_read_and_not_written(built: str, tmp_path: Path) -> None:
    import shutil

    store = tmp_path / "shared"
    shutil.copytree(built, store)
    files = [store, *store.iterdir()]
    for path in files:
        path.chmod(0o555 if path.is_dir() else 0o444)
    akg = [*_as_a_plain_user(), sys.executable, "-m", "graph"]
    try:
        read = subprocess.run(
            [*akg, "query", "leaders", "--format", "csv", "--store", str(store)],
            capture_output=True,
            text=True,
        )
        write = subprocess.run(
            [*akg, "build", str(SEEDS), "--model", "rules", "--store", str(store)],
            capture_output=True,
            text=True,
        )
    finally:
        for path in files:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert (read.returncode, read.stdout.splitlines()[1:]) == (
        0,
        ["Toshihiro Mibe,Director,current,Honda", "Makoto Uchida,CEO,current,Nissan"],
    )
    assert (write.returncode, write.stdout, write.stderr.splitlines()[-1]) == (
        1,
        "",
        f"Error: {store}: the store folder is read-only for you (Permission denied); "
        "build into a --store you can write, or ask its owner",
    )
