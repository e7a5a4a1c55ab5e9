"""Tests for graph.stories: syndicated copies are one story, each copy still a source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph import MemoryStore, build, remove
from graph.query import run_query
from graph.rows import Rows
from graph.store import union_graph
from graph.stories import THRESHOLD, Stories, decode, encode, signature
from graph.validate import validate
from tests.servers import WEB

SYNDICATED = WEB / "syndicated.jsonl"
LINES = SYNDICATED.read_text(encoding="utf-8").splitlines()
WIRE, DAILY, GAZETTE, WEEKLY = (json.loads(line) for line in LINES)


def corroborated(store: MemoryStore) -> list[tuple[str, ...]]:
    rows = run_query(store, "corroborated")
    assert isinstance(rows, Rows)
    return [tuple(str(v) for v in row) for row in rows.rows]


def story_of(store: MemoryStore) -> dict[str, str]:
    rows = store.query(
        "SELECT ?doc ?story WHERE { ?a <https://w3id.org/akg/ontology#docId> ?doc ; "
        "<https://w3id.org/akg/ontology#story> ?story }"
    )
    assert isinstance(rows, Rows)
    return {str(doc): str(story).rsplit("/", 1)[1] for doc, story in rows.rows}


def jsonl(tmp_path: Path, name: str, *records: dict[str, str]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_copies_with_small_edits_are_alike_and_other_reports_are_not() -> None:
    wire, daily, gazette, weekly = (signature(r["text"]) for r in (WIRE, DAILY, GAZETTE, WEEKLY))
    # a new headline and a changed word; a trimmed paragraph and a changed word
    assert wire.jaccard(daily) >= THRESHOLD and wire.jaccard(gazette) >= THRESHOLD
    assert max(wire.jaccard(weekly), daily.jaccard(weekly), gazette.jaccard(weekly)) < 0.2


def test_signatures_are_deterministic_and_survive_the_store() -> None:
    first, again = signature(WIRE["text"]), signature(WIRE["text"])
    assert encode(first) == encode(again)
    assert decode(encode(first)).jaccard(first) == 1.0


def test_a_copy_joins_the_story_of_its_closest_article() -> None:
    stories = Stories()
    assert stories.assign("wire", signature(WIRE["text"]), "s-wire") == "s-wire"
    assert stories.assign("weekly", signature(WEEKLY["text"]), "s-weekly") == "s-weekly"
    assert stories.assign("gazette", signature(GAZETTE["text"]), "s-gazette") == "s-wire"
    stories.remove("wire")
    assert stories.assign("daily", signature(DAILY["text"]), "s-daily") == "s-wire"


def test_a_story_copied_three_times_is_one_story_with_three_sources() -> None:
    store = MemoryStore()
    report = build([SYNDICATED], store, model="rules")
    assert report.summary() == "4 articles: 4 added, 0 updated, 0 unchanged; 7 facts extracted"
    assert story_of(store) == {
        "wire-bmw-toyota": "wire-bmw-toyota",
        "daily-bmw-toyota": "wire-bmw-toyota",
        "gazette-bmw-toyota": "wire-bmw-toyota",
        "weekly-bmw-toyota": "weekly-bmw-toyota",
    }
    assert corroborated(store) == [
        (
            "BMW",
            "partnersWith",
            "Toyota",
            "2",
            "4",
            "daily-bmw-toyota, gazette-bmw-toyota, weekly-bmw-toyota, wire-bmw-toyota",
        ),
        (
            "Oliver Zipse",
            "leads",
            "BMW",
            "1",
            "3",
            "daily-bmw-toyota, gazette-bmw-toyota, wire-bmw-toyota",
        ),
    ]
    assert validate(union_graph(store.dataset())).conforms


def test_copies_built_later_join_their_story_and_removing_one_keeps_the_rest(
    tmp_path: Path,
) -> None:
    store = MemoryStore()
    build([jsonl(tmp_path, "first.jsonl", DAILY, WEEKLY)], store, model="rules")
    later = build([jsonl(tmp_path, "later.jsonl", WIRE, GAZETTE)], store, model="rules")
    assert later.summary() == "2 articles: 2 added, 0 updated, 0 unchanged; 4 facts extracted"
    assert story_of(store) == {
        "daily-bmw-toyota": "daily-bmw-toyota",
        "weekly-bmw-toyota": "weekly-bmw-toyota",
        "wire-bmw-toyota": "daily-bmw-toyota",
        "gazette-bmw-toyota": "daily-bmw-toyota",
    }
    # the article the story is named after goes; its copies still make one story
    assert remove(["daily-bmw-toyota"], store).removed == ["daily-bmw-toyota"]
    assert corroborated(store)[0][:5] == ("BMW", "partnersWith", "Toyota", "2", "3")
    # and it comes back into the same story
    build([jsonl(tmp_path, "again.jsonl", DAILY)], store, model="rules")
    assert set(story_of(store).values()) == {"daily-bmw-toyota", "weekly-bmw-toyota"}
    assert corroborated(store)[0][:5] == ("BMW", "partnersWith", "Toyota", "2", "4")


def test_an_article_rewritten_into_another_story_leaves_its_old_one(tmp_path: Path) -> None:
    store = MemoryStore()
    build([SYNDICATED], store, model="rules")
    rewritten = dict(GAZETTE, text=WEEKLY["text"] + "\n\nThe Gazette adds its own closing line.")
    report = build([jsonl(tmp_path, "changed.jsonl", rewritten)], store, model="rules")
    assert (report.updated, story_of(store)["gazette-bmw-toyota"]) == (1, "weekly-bmw-toyota")


@pytest.mark.parametrize("text", ["", "Kia"])
def test_tiny_texts_have_a_signature(text: str) -> None:
    assert len(decode(encode(signature(text))).hashvalues) == 128
