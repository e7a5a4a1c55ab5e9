"""Clients nobody here wrote: SPARQLWrapper against akg serve; rdflib, pyoxigraph and Jena riot on our files."""

from __future__ import annotations

import subprocess
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from graph.export import export
from graph.pipeline import build
from graph.serve import serving

ROOT = Path(__file__).resolve().parent.parent
JAVA = Path("/usr/share/java")
#: The jars Debian's libapache-jena-java needs for riot, and what they depend on.
JARS = [
    "jena-arq",
    "jena-base",
    "jena-core",
    "jena-iri",
    "jena-cmds",
    "jena-shacl",
    "jena-shex",
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "slf4j-api",
    "slf4j-simple",
    "jackson-core",
    "jackson-databind",
    "jackson-annotations",
    "dexx.collection",
    "jsonld-java",
    "thrift",
    "protobuf",
    "protobuf-util",
    "gson",
    "guava",
    "httpclient",
    "httpcore",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("interop") / "store")
    build([ROOT / "seeds"], location, model="rules")
    return location


@pytest.fixture(scope="module")
def endpoint(store: str) -> Iterator[str]:
    with serving(store, port=0) as server:
        yield server.url + "query"


def test_sparqlwrapper_reads_json_and_xml(endpoint: str) -> None:
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    client = sparqlwrapper.SPARQLWrapper(endpoint)
    client.setQuery(
        "SELECT ?name WHERE { ?p a <https://w3id.org/akg/ontology#Person> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name"
    )
    client.setReturnFormat(sparqlwrapper.JSON)
    names = [b["name"]["value"] for b in client.queryAndConvert()["results"]["bindings"]]
    assert names == ["Makoto Uchida", "Toshihiro Mibe"]
    client.setReturnFormat(sparqlwrapper.XML)
    document = client.queryAndConvert()
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == names


def test_sparqlwrapper_gets_turtle_for_construct(endpoint: str) -> None:
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    client = sparqlwrapper.SPARQLWrapper(endpoint)
    client.setQuery("CONSTRUCT WHERE { ?a <https://w3id.org/akg/ontology#partnersWith> ?b }")
    client.setReturnFormat(sparqlwrapper.TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(graph) == 2


def test_sparqlwrapper_update_is_refused(endpoint: str) -> None:
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    client = sparqlwrapper.SPARQLWrapper(endpoint.replace("/query", "/update"))
    client.setMethod(sparqlwrapper.POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(Exception, match="403"):
        client.query()


@pytest.fixture(scope="module")
def files(store: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("files")
    written = {}
    for fmt in ("ttl", "trig", "nt", "nq"):
        path = folder / f"alliance.{fmt}"
        path.write_text(export(store, fmt), encoding="utf-8")
        written[fmt] = path
    return written


def test_rdflib_and_pyoxigraph_read_what_we_write(files: dict[str, Path]) -> None:
    turtle = Graph().parse(data=files["ttl"].read_text(encoding="utf-8"), format="turtle")
    with warnings.catch_warnings():  # rdflib 7.6 warns about its own internals here
        warnings.simplefilter("ignore", DeprecationWarning)
        trig = Dataset().parse(data=files["trig"].read_text(encoding="utf-8"), format="trig")
    assert len(turtle) > 100
    assert len(list(trig.quads((None, None, None, None)))) == len(
        list(ox.parse(files["trig"].read_bytes(), format=ox.RdfFormat.TRIG))
    )
    assert len(list(ox.parse(files["ttl"].read_bytes(), format=ox.RdfFormat.TURTLE))) == len(turtle)


def _riot_classpath(tmp: Path) -> str:
    """Debian's jars, plus the xerces message files its repackaging left under the old name."""
    jars = [JAVA / f"{name}.jar" for name in JARS]
    missing = [str(j) for j in jars if not j.exists()]
    if missing or not Path("/usr/bin/java").exists():
        pytest.skip(
            "Apache Jena is absent; install Debian packages libapache-jena-java and "
            f"default-jre-headless (missing {', '.join(missing[:3])})"
        )
    resources = tmp / "jena-resources"
    with zipfile.ZipFile(JAVA / "jena-core.jar") as jar:
        prefix = "org/apache/jena/ext/xerces/"
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = resources / "xerces" / name[len(prefix) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return ":".join([*map(str, jars), str(resources)])


def test_jena_riot_validates_what_we_write(files: dict[str, Path], tmp_path: Path) -> None:
    classpath = _riot_classpath(tmp_path)
    bad = tmp_path / "bad.nt"
    bad.write_text('<a> <b> "x .\n', encoding="utf-8")
    refused = subprocess.run(
        ["java", "-cp", classpath, "riotcmd.riot", "--validate", str(bad)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert refused.returncode == 1, refused.stderr
    for fmt in ("ttl", "trig", "nt", "nq"):
        checked = subprocess.run(
            ["java", "-cp", classpath, "riotcmd.riot", "--validate", str(files[fmt])],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", ""), fmt
