"""Scoring against a gold file: passages are read as `akg extract` reads articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.evaluate import evaluate, read_gold
from graph.extractors import make_extractor

TEXT = "Magna International and LG Electronics formed a joint venture, the companies said."


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        TEXT.replace(" ", "\u00a0"),  # non-breaking spaces, as pages copied from the web have
        "<p>" + TEXT.replace(" and ", " &amp; ") + "</p>",  # markup and entities left in
    ],
)
def test_a_passage_is_cleaned_as_an_article_is_before_it_is_scored(
    tmp_path: Path, text: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    triple = {"subject": "Magna", "predicate": "partnersWith", "object": "LG Electronics"}
    gold.write_text(json.dumps({"id": "a", "text": text, "triples": [triple]}) + "\n")
    result = evaluate(read_gold(gold), make_extractor("learned"))
    assert (result.micro.tp, result.micro.fp, result.micro.fn) == (1, 0, 0)
