"""The whole path on the seed articles: exactly the facts they state, nothing false."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import MemoryStore, build, extract_articles
from graph.articles import iter_articles
from graph.errors import InputError
from graph.extractors import producer_for
from graph.rdf import content_hash

SEEDS = Path(__file__).parent.parent / "seeds"

SEED_FACTS = {
    "000_cf875de2c11c43bd": {
        ("Honda", "partnersWith", "Nissan"),
        ("Toshihiro Mibe", "leads", "Honda"),
        ("Makoto Uchida", "leads", "Nissan"),
        ("Nissan", "investsIn", "Renault electric vehicle unit"),
    },
    "003_346c5a7c4d78caa0": {("Honda", "partnersWith", "Nissan")},
}


@pytest.fixture(scope="module")
def seed_facts() -> dict[str, list]:  # type: ignore[type-arg]
    return {a.id: facts for a, facts in extract_articles([SEEDS], model="rules")}


def test_seed_articles_give_exactly_the_stated_facts(seed_facts: dict[str, list]) -> None:  # type: ignore[type-arg]
    assert {doc: {f.key for f in facts} for doc, facts in seed_facts.items()} == SEED_FACTS


def test_seed_qualifiers(seed_facts: dict[str, list]) -> None:  # type: ignore[type-arg]
    by_key = {f.key: f for f in seed_facts["000_cf875de2c11c43bd"]}
    assert by_key[("Toshihiro Mibe", "leads", "Honda")].qualifiers.role == "Director"
    assert by_key[("Makoto Uchida", "leads", "Nissan")].qualifiers.role == "CEO"
    investment = by_key[("Nissan", "investsIn", "Renault electric vehicle unit")]
    assert (investment.qualifiers.amount, investment.qualifiers.currency) == (600_000_000.0, "USD")
    assert investment.qualifiers.amount_text == "over $600 million"
    assert investment.object.kind.value == "BusinessUnit"
    assert investment.object.parent is not None and investment.object.parent.label == "Renault"
    statuses = {
        doc: {f.qualifiers.status.value for f in facts if f.relation.value == "partnersWith"}
        for doc, facts in seed_facts.items()
    }  # type: ignore[union-attr]
    assert statuses == {"000_cf875de2c11c43bd": {"agreed"}, "003_346c5a7c4d78caa0": {"proposed"}}


def test_legal_names_resolve_to_one_entity(seed_facts: dict[str, list]) -> None:  # type: ignore[type-arg]
    # the second article says "Nissan Motor Co." and "Honda Motor Co."
    (fact,) = seed_facts["003_346c5a7c4d78caa0"]
    assert {fact.subject.label, fact.object.label} == {"Honda", "Nissan"}
    assert fact.subject.wikidata is not None and fact.object.wikidata is not None


def test_build_is_idempotent() -> None:
    store = MemoryStore()
    first = build([SEEDS], store, model="rules")
    before = store.dataset()
    second = build([SEEDS], store, model="rules")
    assert (first.added, first.unchanged, second.added, second.unchanged) == (2, 0, 0, 2)
    assert sorted(map(str, before.quads())) == sorted(map(str, store.dataset().quads()))


def test_a_changed_article_replaces_its_facts(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Toyota and Mazda signed an alliance.", encoding="utf-8")
    store = MemoryStore()
    build([article], store, model="rules")
    article.write_text("Toyota and Subaru signed an alliance.", encoding="utf-8")
    report = build([article], store, model="rules")
    assert report.updated == 1
    from graph import query

    rows = query(store, "partnerships")
    assert [(str(r[0]), str(r[1])) for r in rows.rows] == [("Subaru", "Toyota")]
    (stored,) = iter_articles([article])
    assert store.stored_hash("a") == content_hash(stored, producer_for("rules"))


def test_bad_input_stops_before_the_store_is_touched(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Toyota and Mazda signed an alliance.", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "fine"}\nnot json\n', encoding="utf-8")
    store = MemoryStore()
    with pytest.raises(InputError, match=r"bad\.jsonl:2: not valid JSON"):
        build([good, bad], store, model="rules")
    assert list(store.dataset().quads()) == []


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text("Two.", encoding="utf-8")
    with pytest.raises(InputError) as error:
        build([tmp_path], MemoryStore(), model="rules")
    assert str(error.value) == (
        f'{tmp_path / "b" / "x.txt"}: duplicate article id "x" (first in {tmp_path / "a" / "x.txt"}); '
        "give every article its own id"
    )


def test_parallel_extraction_gives_the_same_facts_in_order() -> None:
    serial = [
        (a.id, [f.key for f in facts]) for a, facts in extract_articles([SEEDS], model="rules")
    ]
    parallel = [
        (a.id, [f.key for f in facts])
        for a, facts in extract_articles([SEEDS], model="rules", jobs=2)
    ]
    assert parallel == serial


def test_an_article_that_breaks_extraction_is_skipped_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.extract import Extractor

    original = Extractor.extract_many

    def fragile(self: Extractor, articles: list, batch_size: int = 32) -> list:  # type: ignore[type-arg]
        if any("BOOM" in a.text for a in articles):
            raise RuntimeError("cannot read this one")
        return original(self, articles, batch_size)

    monkeypatch.setattr(Extractor, "extract_many", fragile)
    (tmp_path / "a.txt").write_text("Toyota and Mazda signed an alliance.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("BOOM", encoding="utf-8")
    report = build([tmp_path], MemoryStore(), model="rules")
    assert (report.added, report.skipped) == (
        1,
        [(str(tmp_path / "b.txt"), "RuntimeError: cannot read this one")],
    )
    assert report.summary() == (
        "2 articles: 1 added, 0 updated, 0 unchanged; 1 facts extracted; 1 skipped\n"
        f"  skipped {tmp_path / 'b.txt'}: RuntimeError: cannot read this one"
    )


def test_a_new_extractor_version_extracts_stored_articles_again(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Toyota and Mazda signed an alliance.", encoding="utf-8")
    store = MemoryStore()
    assert build([article], store, model="rules").added == 1
    assert build([article], store, model="rules").unchanged == 1
    assert producer_for("learned") != producer_for("rules")
    report = build([article], store, model="learned")  # another extractor: read again
    assert (report.updated, report.unchanged) == (1, 0)


def test_remove_retracts_exactly_one_articles_contribution(tmp_path: Path) -> None:
    from rdflib.compare import isomorphic

    from graph.pipeline import remove
    from graph.store import open_store, union_graph

    saga = Path(__file__).parent / "data" / "saga.jsonl"
    lines = saga.read_text(encoding="utf-8").splitlines()
    without = tmp_path / "without.jsonl"
    without.write_text("\n".join(line for line in lines if '"hn-4"' not in line) + "\n")
    for kind in ("folder", "memory"):
        full = open_store(str(tmp_path / f"full-{kind}") if kind == "folder" else "memory:")
        less = open_store(str(tmp_path / f"less-{kind}") if kind == "folder" else "memory:")
        try:
            build([saga], full)
            build([without], less)
            report = remove(["hn-4", "absent"], full)
            assert (report.removed, report.absent) == (["hn-4"], ["absent"])
            assert report.summary() == "1 articles removed; not in the store: absent"
            assert isomorphic(union_graph(full.dataset()), union_graph(less.dataset()))
            assert remove(["hn-4"], full).summary() == "0 articles removed; not in the store: hn-4"
        finally:
            full.close()
            less.close()


def test_the_extractor_version_covers_every_module_extraction_imports() -> None:
    import ast

    from graph.extractors import _LEARNS, _READS, sources

    package = Path(__file__).parent.parent / "graph"
    covered = set(sources(_READS + _LEARNS))
    for name in covered:
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                assert node.module.split(".")[0] in covered, (name, node.module)
    assert {"extract", "nlp", "names", "lines", "tickers", "learned", "syntax"} <= covered


def test_a_process_loads_each_extractor_once() -> None:
    from graph.pipeline import loaded_extractor

    first = loaded_extractor("rules")
    assert loaded_extractor("rules") is first
    assert loaded_extractor("learned") is not first


def test_the_extractor_version_follows_the_tables_it_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from graph import extractors

    before = extractors._digest("rules", None)
    installed = extractors.metadata.version
    monkeypatch.setattr(
        extractors.metadata,
        "version",
        lambda name: "99.0" if name == "cleanco" else installed(name),
    )
    extractors._digest.cache_clear()
    try:
        assert extractors._digest("rules", None) != before
    finally:
        extractors._digest.cache_clear()
