"""The pipeline: sentences, entity mentions, and extraction with a trained model when present."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from graph.extract import Extractor
from graph.model import Article
from graph.nlp import LEGAL_FORM_ID, available_model, load_pipeline

if TYPE_CHECKING:
    from spacy.language import Language

P, L, INV = "partnersWith", "leads", "investsIn"


@pytest.fixture(scope="module")
def rules() -> Language:
    return load_pipeline("rules")


def test_line_breaks_end_sentences(rules: Language) -> None:
    doc = rules("Kia Opens Plant\nThe new site in Georgia builds vans. Output starts in May.")
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences == [
        "Kia Opens Plant",
        "The new site in Georgia builds vans.",
        "Output starts in May.",
    ]


def test_no_sentence_ends_inside_a_legal_form(rules: Language) -> None:
    doc = rules(
        "Tanvir Mobility Pvt. Ltd. raised funds. Proton Holdings Bhd. and Kia Pty. Ltd. agreed."
    )
    assert [s.text.strip() for s in doc.sents] == [
        "Tanvir Mobility Pvt. Ltd. raised funds.",
        "Proton Holdings Bhd. and Kia Pty. Ltd. agreed.",
    ]


@pytest.mark.parametrize("model", ["rules", "learned"])
def test_a_hyphen_stuck_to_a_name_after_a_dateline_is_split_off(model: str) -> None:
    nlp = load_pipeline(model)
    words = [
        t.text for t in nlp("MILAN (Reuters) -Stellantis said sales fell -5% in Franco-Italy.")
    ]
    assert words == [
        *("MILAN", "(", "Reuters", ")", "-", "Stellantis", "said", "sales", "fell", "-5", "%"),
        *("in", "Franco", "-", "Italy", "."),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Shares of Brenna Lidar Inc. rose.", "Brenna Lidar Inc."),
        ("Output at Orlen Drive Systems fell.", "Orlen Drive Systems"),
        ("Suzhou Qinglan Electric Drive makes motors.", "Suzhou Qinglan Electric Drive"),
        ("Orders at Varde Mobility AB rose.", "Varde Mobility AB"),
        ("The plant belongs to KT-RX Cell Co., a venture.", "KT-RX Cell Co."),
    ],
)
def test_legal_forms_and_industry_suffixes_mark_companies(
    rules: Language, text: str, name: str
) -> None:
    ents = [(e.text, e.label_, e.ent_id_) for e in rules(text).ents]
    assert (name, "ORG", LEGAL_FORM_ID) in ents


def test_table_names_are_found(rules: Language) -> None:
    ents = {(e.text, e.label_) for e in rules("Toyota and Mazda met Koji Sato.").ents}
    assert {("Toyota", "ORG"), ("Mazda", "ORG")} <= ents


MODEL = available_model()  # en_core_web_sm, a dependency of akg


@pytest.fixture(scope="module")
def model_extractor() -> Extractor:
    assert MODEL is not None
    return Extractor(load_pipeline(MODEL))


MODEL_CASES = [
    # a recogniser's guess must stand where a party stands: products are not partners
    (
        "BMW and Qualcomm have jointly developed Snapdragon Ride Pilot, an automated driving system.",
        {("BMW", P, "Qualcomm")},
    ),
    (
        "Nvidia and Toyota announced a partnership under which Toyota will use Nvidia chips, "
        "the companies said at CES.",
        {("Nvidia", P, "Toyota")},
    ),
    # people and companies the table does not know
    (
        "Marisol Quint, chief executive of Tavora Mobility, said the company had hired 200 engineers.",
        {("Marisol Quint", L, "Tavora Mobility")},
    ),
    (
        "Hyundai took a 20% stake in Orvane Robotics, and the two companies will build factory robots together.",
        {("Hyundai", INV, "Orvane Robotics"), ("Hyundai", P, "Orvane Robotics")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), MODEL_CASES)
def test_extraction_with_a_trained_model(
    model_extractor: Extractor, text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert {f.key for f in model_extractor.extract(Article("t", text))} == expected


def test_the_seed_style_sentence_gives_the_same_facts_in_both_modes(
    model_extractor: Extractor,
) -> None:
    text = "Nissan's CEO, Makoto Uchida, said Nissan invested over $600 million in Renault's electric vehicle unit."
    rules_facts = {f.key for f in Extractor(load_pipeline("rules")).extract(Article("t", text))}
    assert {f.key for f in model_extractor.extract(Article("t", text))} == rules_facts
