"""The synthetic generator's known facts come back out of the pipeline.

Stated recall on 200 synthetic articles with the rules pipeline: 1.0, with no false fact
(the phrasings are the generator's own, so this checks the pipeline end to end, not
extraction quality on real news, which eval/ measures).
"""

from __future__ import annotations

from graph import MemoryStore, build, query
from graph.extract import Extractor
from graph.model import Article
from graph.nlp import load_pipeline
from graph.synthetic import generate, write_jsonl


def test_generator_is_deterministic() -> None:
    assert list(generate(20, seed=3)) == list(generate(20, seed=3))
    assert list(generate(20, seed=3)) != list(generate(20, seed=4))


def test_known_facts_are_extracted() -> None:
    articles = list(generate(200, seed=11))
    extractor = Extractor(load_pipeline("rules"))
    found = extractor.extract_many([Article(a.id, a.text) for a in articles])
    truth = {(a.id, fact) for a in articles for fact in a.facts}
    got = {(a.id, fact.key) for a, facts in zip(articles, found, strict=True) for fact in facts}
    assert len(truth & got) / len(truth) == 1.0
    assert got - truth == set()


def test_synthetic_corpus_builds(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "corpus.jsonl"
    write_jsonl(path, 50, seed=5)
    store = MemoryStore()
    report = build([path], store, model="rules")
    assert (report.articles, report.added, report.skipped) == (50, 50, [])
    truth = {f for a in generate(50, seed=5) for f in a.facts if f[1] == "leads"}
    rows = query(store, "leaders")
    assert {(str(r[0]), "leads", str(r[3])) for r in rows.rows} == truth
