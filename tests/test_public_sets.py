"""The reading of the public test sets (benchmarks/public_sets.py), on records written here."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from public_sets import Item, core_items, fire_items, judged


def _core(relation: str, invert: int) -> dict[str, object]:
    words = ["Norvane", "Cells", "was", "bought", "by", "Halden", "Group", "in", "2019", "."]
    return {
        "relation": relation,
        "invert_relation": invert,
        "e1_start": 0,
        "e1_end": 1,
        "e2_start": 5,
        "e2_end": 6,
        "context": words,
    }


def test_core_labels_are_read_as_the_relations_they_stand_for() -> None:
    items = core_items(
        [
            _core("acquired_by", 0),  # e2 buys e1
            _core("shareholder_of", 0),  # e1 holds shares in e2
            _core("shareholder_of", 1),  # turned round
            _core("collaboration", 1),
            _core("competitor_of", 0),
        ]
    )
    assert items[0].text == "Norvane Cells was bought by Halden Group in 2019."
    assert [set(item.gold) for item in items] == [
        {("investsIn", "Halden Group", "Norvane Cells")},
        {("investsIn", "Norvane Cells", "Halden Group")},
        {("investsIn", "Halden Group", "Norvane Cells")},
        {("partnersWith", "Halden Group", "Norvane Cells")},
        set(),
    ]
    assert items[0].names == ("Norvane Cells", "Halden Group")


def test_fire_relations_between_companies_are_read_and_the_others_left_out() -> None:
    words = [
        "Kestrel",
        "Motors",
        ",",
        "a",
        "unit",
        "of",
        "Voltaro",
        "AG",
        ",",
        "agreed",
        "to",
        "buy",
        "Orvik",
        "Cars",
        "from",
        "Jane",
        "Roe",
        ".",
    ]
    entities = [
        {"type": "Company", "start": 0, "end": 2},
        {"type": "Company", "start": 6, "end": 8},
        {"type": "Company", "start": 12, "end": 14},
        {"type": "Person", "start": 15, "end": 17},
    ]
    relations = [
        {"head": 0, "tail": 1, "type": "Subsidiaryof"},
        {"head": 0, "tail": 2, "type": "ActionBuy"},
        {"head": 3, "tail": 2, "type": "ActionSell"},  # a person: not judged
    ]
    [item] = fire_items([{"tokens": words, "entities": entities, "relations": relations}])
    assert item.names == ("Kestrel Motors", "Voltaro AG", "Orvik Cars")
    assert set(item.gold) == {
        ("investsIn", "Voltaro AG", "Kestrel Motors"),
        ("investsIn", "Kestrel Motors", "Orvik Cars"),
    }


def test_only_facts_between_the_labelled_names_are_judged() -> None:
    item = Item("", ("Wakefern Food Corporation", "Price Rite"), frozenset())
    facts = [
        ("Wakefern Food", "investsIn", "Price Rite"),  # legal form left out
        ("Price Rite", "partnersWith", "Wakefern Food Corp."),
        ("ShopRite", "investsIn", "Price Rite"),  # not a labelled name
        ("Jane Roe", "leads", "Price Rite"),  # not a relation judged
    ]
    assert judged(item, facts) == {
        ("investsIn", "Wakefern Food Corporation", "Price Rite"),
        ("partnersWith", "Price Rite", "Wakefern Food Corporation"),
    }
