"""The relation rules, as tables of sentences and the exact facts they give."""

from __future__ import annotations

import pytest

from graph.extract import Extractor, _calm_shouting
from graph.model import Article

P, L, INV = "partnersWith", "leads", "investsIn"


def facts(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    return {f.key for f in extractor.extract(Article("t", text))}


PARTNERSHIPS = [
    ("Toyota and Mazda signed a capital alliance on Tuesday.", {("Mazda", P, "Toyota")}),
    (
        "Hyundai has teamed up with Kestrel Drive Systems Inc. on axle motors.",
        {("Hyundai", P, "Kestrel Drive Systems")},
    ),
    (
        "BMW, Ford and Hyundai formed a charging alliance.",
        {("BMW", P, "Ford"), ("BMW", P, "Hyundai"), ("Ford", P, "Hyundai")},
    ),
    ("Volkswagen will co-develop software with Rivian.", {("Rivian", P, "Volkswagen")}),
    ("Renault said its partner Nissan would keep the shares.", {("Nissan", P, "Renault")}),
    (
        "Honda met Sony in Tokyo. The two companies later agreed to build cars together.",
        {("Honda", P, "Sony")},
    ),
    ("Stellantis joined forces with Leapmotor last year.", {("Leapmotor", P, "Stellantis")}),
    ("Honda's sales beat Toyota and Nissan in March.", set()),
    ("Ford denied it was in talks with Volkswagen about a tie-up.", set()),
    ("Nissan plans to compete against rivals like Toyota and Tesla in the US.", set()),
    ("According to Reuters, Mazda and Toyota agreed a joint venture.", {("Mazda", P, "Toyota")}),
]


@pytest.mark.parametrize(("text", "expected"), PARTNERSHIPS)
def test_partnerships(extractor: Extractor, text: str, expected: set[tuple[str, str, str]]) -> None:
    assert {f for f in facts(extractor, text) if f[1] == P} == expected


STATUSES = [
    ("Honda and Nissan are exploring a merger.", "proposed"),
    ("Honda and Nissan called off their merger talks in February.", "ended"),
    ("Honda and Nissan signed a memorandum of understanding.", "agreed"),
    ("Mitsubishi and Nissan are considering a potential tie-up.", "proposed"),
    ("The alliance between Daimler and Renault was dissolved.", "ended"),
]


@pytest.mark.parametrize(("text", "status"), STATUSES)
def test_partnership_status(extractor: Extractor, text: str, status: str) -> None:
    (fact,) = extractor.extract(Article("t", text))
    assert fact.qualifiers.status is not None
    assert fact.qualifiers.status.value == status


LEADERSHIPS = [
    ("Nissan CEO Makoto Uchida spoke on Monday.", {("Makoto Uchida", L, "Nissan")}, "CEO"),
    (
        "Honda's Director, Toshihiro Mibe, opened the event.",
        {("Toshihiro Mibe", L, "Honda")},
        "Director",
    ),
    (
        "Jane Holloway, chief executive of Kestrel Drive Systems Inc., said demand was strong.",
        {("Jane Holloway", L, "Kestrel Drive Systems")},
        "CEO",
    ),
    (
        "Mary Barra, GM's chairwoman, met investors.",
        {("Mary Barra", L, "General Motors")},
        "chairwoman",
    ),
    (
        "Arno Feldkamp, who heads Kestrel Drive Systems Inc., declined to comment.",
        {("Arno Feldkamp", L, "Kestrel Drive Systems")},
        "head",
    ),
    (
        "Kestrel Drive Systems Inc. named Ruth Okafor as its new chief executive.",
        {("Ruth Okafor", L, "Kestrel Drive Systems")},
        "CEO",
    ),
    ("Nissan CFO Jeremie Papin presented the results.", set(), None),
    ("Toyota spokesperson Ken Sato said the plant would reopen.", set(), None),
]


@pytest.mark.parametrize(("text", "expected", "role"), LEADERSHIPS)
def test_leaderships(
    extractor: Extractor, text: str, expected: set[tuple[str, str, str]], role: str | None
) -> None:
    found = [f for f in extractor.extract(Article("t", text)) if f.relation.value == L]
    assert {f.key for f in found} == expected
    assert {f.qualifiers.role for f in found} == ({role} if role else set())


def test_tenure_of_outgoing_and_interim(extractor: Extractor) -> None:
    text = "Outgoing Renault CEO Luca de Meo thanked staff. Kestrel Drive Systems Inc. interim CEO Ada Brandt agreed."
    tenures = {f.subject.label: f.qualifiers.tenure for f in extractor.extract(Article("t", text))}
    assert tenures == {"Luca de Meo": "former", "Ada Brandt": "interim"}


INVESTMENTS = [
    (
        "Nissan invested $600 million in Renault's electric vehicle unit.",
        {("Nissan", INV, "Renault electric vehicle unit")},
        600e6,
        None,
    ),
    ("Toyota took a 5% stake in Mazda in 2017.", {("Toyota", INV, "Mazda")}, None, 5.0),
    (
        "Volkswagen owns 20% of Kestrel Drive Systems Inc.",
        {("Volkswagen", INV, "Kestrel Drive Systems")},
        None,
        20.0,
    ),
    (
        "The Toyota-backed startup Pony.ai raised new funds.",
        {("Toyota", INV, "Pony.ai")},
        None,
        None,
    ),
    ("Geely is the largest shareholder in Volvo Cars.", {("Geely", INV, "Volvo Cars")}, None, None),
    ("The French government holds 15% of Renault.", set(), None, None),
]


@pytest.mark.parametrize(("text", "expected", "amount", "stake"), INVESTMENTS)
def test_investments(
    extractor: Extractor,
    text: str,
    expected: set[tuple[str, str, str]],
    amount: float | None,
    stake: float | None,
) -> None:
    found = [f for f in extractor.extract(Article("t", text)) if f.relation.value == INV]
    assert {f.key for f in found} == expected
    for fact in found:
        assert fact.qualifiers.amount == amount
        assert fact.qualifiers.stake == stake


def test_unit_is_a_business_unit_of_its_parent(extractor: Extractor) -> None:
    (fact,) = extractor.extract(
        Article("t", "Nissan invested $600 million in Renault's electric vehicle unit.")
    )
    assert fact.object.kind.value == "BusinessUnit"
    assert fact.object.parent is not None and fact.object.parent.label == "Renault"
    assert fact.qualifiers.amount_text == "$600 million"
    assert fact.qualifiers.currency == "USD"


def test_evidence_offsets_point_at_the_sentence(extractor: Extractor) -> None:
    text = "Sales rose.\n\nToyota and Mazda signed an alliance. Prices fell."
    (fact,) = extractor.extract(Article("doc", text))
    assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.sentence
    assert fact.evidence.sentence == "Toyota and Mazda signed an alliance."


def test_shouting_headlines_are_read() -> None:
    assert _calm_shouting("HONDA AND NISSAN IN MERGER TALKS") == "Honda and Nissan in Merger Talks"
    assert _calm_shouting("Honda and NISSAN") == "Honda and NISSAN"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no punctuation at all just words and more words " * 500,
        "<p>Honda</p> <div>" * 200,
        "Toyota und Mazda haben eine Allianz unterzeichnet.",
        "トヨタとマツダが提携",
    ],
)
def test_awkward_text_does_not_crash(extractor: Extractor, text: str) -> None:
    assert isinstance(extractor.extract(Article("t", text)), list)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    from graph.nlp import load_pipeline

    return Extractor(load_pipeline("rules"))
