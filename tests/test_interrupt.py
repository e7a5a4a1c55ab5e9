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
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("after", [0.5, 1.5, 3.0])
def test_killed_build_then_rerun_equals_uninterrupted(
    corpus: Path, tmp_path: Path, after: float
) -> None:
    reference = tmp_path / "reference"
    assert build(corpus, reference).wait() == 0
    interrupted = tmp_path / "interrupted"
    process = build(corpus, interrupted)
    time.sleep(after)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert build(corpus, interrupted).wait() == 0
    assert export(str(interrupted), "nq") == export(str(reference), "nq")
    assert sorted(export(str(interrupted), "nt").splitlines()) == sorted(
        export(str(reference), "nt").splitlines()
    )
