"""A build killed at any point and run again ends with the same graph as one uninterrupted build."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.export import export

DEV = Path(__file__).parent.parent / "eval" / "dev.jsonl"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few hundred articles: the development passages under several ids each."""
    passages = [
        json.loads(line)["text"]
        for line in DEV.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(3):
            for number, text in enumerate(passages):
                out.write(json.dumps({"id": f"a{copy}-{number}", "text": text}) + "\n")
    return path


def build(corpus: Path, store: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "graph",
        "build",
        str(corpus),
        "--store",
        str(store),
        "--model",
        "rules",
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finished(process: subprocess.Popen[bytes]) -> str:
    """What a build said on stderr when it failed; empty when it succeeded."""
    _, err = process.communicate()
    return "" if process.returncode == 0 else err.decode("utf-8", "replace")


@pytest.mark.parametrize("after", [0.5, 1.5, 3.0])
def test_killed_build_then_rerun_equals_uninterrupted(
    corpus: Path, tmp_path: Path, after: float
) -> None:
    reference = tmp_path / "reference"
    assert finished(build(corpus, reference)) == ""
    interrupted = tmp_path / "interrupted"
    process = build(corpus, interrupted)
    time.sleep(after)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert finished(build(corpus, interrupted)) == ""
    assert export(str(interrupted), "nq") == export(str(reference), "nq")
    assert sorted(export(str(interrupted), "nt").splitlines()) == sorted(
        export(str(reference), "nt").splitlines()
    )


ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a akg:contentHash ?h } }"


def _count(store: Path) -> int:
    from graph.store import Rows, open_store

    opened = open_store(str(store), read_only=True)
    try:
        result = opened.query(ARTICLES)
        assert isinstance(result, Rows)
        return int(str(result.rows[0][0]))
    finally:
        opened.close()


def _changed(corpus: Path, tmp_path: Path) -> Path:
    """The corpus with every article's text changed: a build of it updates them all."""
    path = tmp_path / "changed.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for line in corpus.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            record["text"] += " Toyota and Mazda signed a deal."
            out.write(json.dumps(record) + "\n")
    return path


@pytest.mark.parametrize("after", [1.0, 2.5])
def test_a_killed_update_build_keeps_every_article(
    corpus: Path, tmp_path: Path, after: float
) -> None:
    store = tmp_path / "store"
    assert finished(build(corpus, store)) == ""
    total = _count(store)
    process = build(_changed(corpus, tmp_path), store)
    time.sleep(after)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert _count(store) == total  # each article in its old version or its new one


def test_a_reader_during_an_update_build_waits_and_sees_every_article(
    corpus: Path, tmp_path: Path
) -> None:
    from graph.store import Rows, open_store

    store = tmp_path / "store"
    assert finished(build(corpus, store)) == ""
    total = _count(store)
    process = build(_changed(corpus, tmp_path), store)
    lock = store / "akg.lock"
    while not lock.read_text().startswith(f"{process.pid} "):  # until the build holds the store
        assert process.poll() is None
        time.sleep(0.05)
    notices: list[str] = []
    reader = open_store(str(store), read_only=True, on_notice=notices.append)
    try:
        assert notices == [
            f"waiting for `akg build` (process {process.pid}) to finish writing {store}..."
        ]
        result = reader.query(ARTICLES)
        assert isinstance(result, Rows)
        assert int(str(result.rows[0][0])) == total  # the build's end, every article in it
    finally:
        reader.close()
    assert finished(process) == ""
