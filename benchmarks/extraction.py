"""Extraction speed: words per second of akg's extraction against bare spaCy pipelines.

Runs them over the same text (the development set, repeated) in one process and
prints a table, every pipeline on numpy's BLAS and one thread as akg runs its own
(:mod:`graph.blas`): akg's extractor (``--model``, the learned one by default), the
bare pipeline it runs on (tokenizer and sentences), and the bare trained English
pipeline (en_core_web_sm) when it is installed, for scale.

    python benchmarks/extraction.py [--model learned|rules|auto|NAME] [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import spacy

from graph.blas import load, one_thread
from graph.extractors import make_extractor
from graph.model import Article
from graph.nlp import available_model

DEV = Path(__file__).parent.parent / "eval" / "dev.jsonl"


def texts(repeat: int) -> list[str]:
    passages = [
        json.loads(line)["text"]
        for line in DEV.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return passages * repeat


def bare(model: str):  # type: ignore[no-untyped-def]
    """The spaCy pipeline alone: the same tokenizer and sentences, no ruler, no rules."""
    name = (
        available_model() if model == "auto" else (None if model in ("rules", "learned") else model)
    )
    if name is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp
    return load(name, exclude=["lemmatizer"])


def timed(run, corpus: list[str]) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    run(corpus)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="learned")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    corpus = texts(args.repeat)
    words = sum(len(t.split()) for t in corpus)
    nlp_bare = bare(args.model)
    extractor = make_extractor(args.model)
    articles = [Article(f"d{i}", t) for i, t in enumerate(corpus)]
    # warm up both once, then measure best of three
    timed(lambda c: list(nlp_bare.pipe(c[:50])), corpus)
    extractor.extract_many(articles[:50])
    t_bare = min(timed(lambda c: list(nlp_bare.pipe(c, batch_size=64)), corpus) for _ in range(3))
    t_ours = min(
        timed(lambda _: extractor.extract_many(articles, batch_size=64), corpus) for _ in range(3)
    )
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, model={args.model}"
    )
    print(f"{'pipeline':28}{'words':>10}{'seconds':>10}{'words/s':>12}")
    print(f"{'bare spaCy':28}{words:>10}{t_bare:>10.2f}{words / t_bare:>12,.0f}")
    print(f"{'akg extraction':28}{words:>10}{t_ours:>10.2f}{words / t_ours:>12,.0f}")
    print(f"ratio (akg / bare): {t_bare / t_ours:.2f}")
    trained = available_model()
    if trained is not None:
        nlp_sm = load(trained, exclude=["lemmatizer"])
        list(nlp_sm.pipe(corpus[:50]))
        t_sm = min(timed(lambda c: list(nlp_sm.pipe(c, batch_size=64)), corpus) for _ in range(2))
        print(f"{'bare ' + trained:28}{words:>10}{t_sm:>10.2f}{words / t_sm:>12,.0f}")
        print(f"ratio (akg / bare {trained}): {t_sm / t_ours:.2f}")


if __name__ == "__main__":
    with one_thread():  # as akg extracts: one BLAS thread a process (graph.blas)
        main()
