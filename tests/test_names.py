"""Longer names: a unit named after its parent is kept whole, a model or two names are not."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from graph.names import mentions
from graph.nlp import load_pipeline
from graph.resolve import default_reference

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline("learned")


def _names(nlp: Language, text: str) -> list[str]:
    return [text[s:e] for s, e, label, _ in mentions(nlp(text), default_reference())]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (  # a region after the parent's name
            "SAIC and JSW own MG Motor India, and Hyundai Motor India is listed in Mumbai.",
            ["SAIC", "JSW", "MG Motor India", "Hyundai Motor India"],
        ),
        (  # a venture named after both parents, one of them named elsewhere in the text
            "Valeo bought Siemens' stake in Valeo Siemens eAutomotive.",
            ["Valeo", "Siemens", "Valeo Siemens eAutomotive"],
        ),
        (  # two companies written together, a publisher's column: never one name
            "Honda Nissan merger talks ended, Reuters Breakingviews said.",
            ["Honda", "Nissan", "Reuters"],
        ),
        ("The Mercedes EQS competes with the Tesla Model S.", ["Mercedes", "Tesla"]),  # models
    ],
)
def test_a_longer_name_replaces_the_parents_it_holds_only_when_it_names_a_unit(
    nlp: Language, text: str, names: list[str]
) -> None:
    assert _names(nlp, text) == names


def test_the_rules_pipeline_keeps_the_tables_names(nlp: Language) -> None:
    rules = load_pipeline("rules")
    text = "SAIC and JSW own MG Motor India."
    assert _names(rules, text) == ["SAIC", "MG Motor"]  # the table knows no JSW
