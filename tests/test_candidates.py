"""Candidates: which pairs of mentions a relation may link, and the features of each."""

from __future__ import annotations

import math

import pytest

from graph.candidates import (
    mention_features,
    neighbour_candidates,
    pair_features,
    reference_candidates,
    sentence_features,
)
from graph.model import Entity, Kind


def test_pair_features_describe_the_words_between_and_around() -> None:
    tokens = ["⟨C0⟩", "and", "⟨C1⟩", "signed", "a", "deal"]
    features = pair_features(tokens, 0, 2, {}, related=False)
    assert features == {
        "kinds:CC": 1.0,
        "order:ab": 1.0,
        "dist:2": 1.0,
        "mentions_between:0": 1.0,
        "btw:and": 1.0,
        "btw_ab:and": 1.0,
        "first:and": 1.0,
        "last:and": 1.0,
        "first_ab:and": 1.0,
        "last_ab:and": 1.0,
        "short_ab:and": 1.0,
        "in_list": 1.0,
        "post0:signed": 1.0,
        "post1:a": 1.0,
        "post2:deal": 1.0,
    }
    assert sentence_features("⟨C0⟩ denied talks") == pytest.approx(
        {
            "w:denied": 3 / math.sqrt(2),
            "w:talks": 3 / math.sqrt(2),
            "b:denied_talks": 3 / math.sqrt(2),
        }
    )
    nine = "⟨C0⟩ and ⟨C1⟩ agreed to merge into a new holding company"
    assert sentence_features(nine)["w:merge"] == pytest.approx(1.0)
    apart = pair_features(["⟨C0⟩", "joined", "⟨C1⟩"], 0, 2, {}, related=False)
    assert "in_list" not in apart


def test_mention_features_say_how_each_name_was_found() -> None:
    from graph.extract import _Slot

    known = _Slot("C0", Entity("Nissan", Kind.COMPANY), known=True)
    guessed = _Slot("C1", Entity("Nagoya", Kind.COMPANY), known=False, guessed=True)
    cued = _Slot("C2", Entity("Fenrir Drive Systems GmbH", Kind.COMPANY), known=False)
    assert mention_features([known, guessed]) == {"found:KG": 1.0, "o_words:1": 1.0}
    assert mention_features([cued, known]) == {
        "found:CK": 1.0,
        "s_words:3": 1.0,
        "s_company_word": 1.0,
    }


def test_a_person_with_the_company_is_paired_with_the_companies_named_before() -> None:
    from graph.extract import Reading, _Slot

    acme, beta = Entity("Acme", Kind.COMPANY), Entity("Beta", Kind.COMPANY)
    roe = _Slot("P0", Entity("Jane Roe", Kind.PERSON), known=False)
    where = ("d", "Roe said the Japanese carmaker would grow.", 40, 82)
    reading = Reading("⟨P0⟩ said the Japanese carmaker would grow.", {"P0": roe}, [], where)
    found = list(reference_candidates(reading, [acme, beta], set(), lambda a, b: False))
    assert [(c.subject.label, c.object.label) for c in found] == [
        ("Jane Roe", "Beta"),
        ("Jane Roe", "Acme"),
    ]
    assert {k: v for k, v in found[0].features.items() if k.startswith("xref")} == {
        "xref": 1.0,
        "xref_ante:last": 1.0,
        "xref_word:carmaker": 1.0,
    }
    assert found[0].features["btw:said"] == 1.0  # the reference stands where a name would
    assert "xref_ante:first" in found[1].features
    said = list(reference_candidates(reading, [acme], {("Jane Roe", "Acme")}, lambda a, b: 0))
    assert said == []  # the sentence's own candidates already pair them
    plain = Reading("⟨P0⟩ said sales would grow.", {"P0": roe}, [], where)
    assert list(reference_candidates(plain, [acme], set(), lambda a, b: False)) == []


def test_a_sentence_with_one_party_is_paired_with_the_companies_named_before() -> None:
    from graph.extract import Reading, _Slot

    acme, beta = Entity("Acme", Kind.COMPANY), Entity("Beta", Kind.COMPANY)
    roe = _Slot("P0", Entity("Jane Roe", Kind.PERSON), known=False)
    where = ("d", "Chairman Jane Roe was also present.", 40, 75)
    reading = Reading("Chairman ⟨P0⟩ was also present.", {"P0": roe}, [], where)
    found = list(neighbour_candidates(reading, [acme, beta, beta], set(), lambda a, b: False))
    assert [(c.subject.label, c.object.label) for c in found] == [
        ("Jane Roe", "Beta"),
        ("Jane Roe", "Acme"),
    ]
    assert found[0].features == {
        "xsent": 1.0,
        "x_kinds:PC": 1.0,
        "x_ante:last": 1.0,
        "x_side:s": 1.0,
        "x_companies:2": 1.0,
        "x_named:2": 1.0,
        "x_role:True_P": 1.0,
        "x_unnamed:0_False": 1.0,
        "x_pre0:chairman_s": 1.0,
        "x_post0:was_s": 1.0,
        "x_post1:also_s": 1.0,
        "x_post2:present_s": 1.0,
    }
    gamma = _Slot("C0", Entity("Gamma", Kind.COMPANY), known=True)
    owns = Reading("⟨C0⟩ owns roughly 20%.", {"C0": gamma}, [], where)
    assert [
        (c.subject.label, c.object.label)
        for c in neighbour_candidates(owns, [acme], set(), lambda a, b: False)
    ] == [("Gamma", "Acme"), ("Acme", "Gamma")]  # either may hold the other
    both = Reading("⟨P0⟩ said ⟨C0⟩ would grow.", {"P0": roe, "C0": gamma}, [], where)
    # a pair of its own
    assert list(neighbour_candidates(both, [acme], set(), lambda a, b: False)) == []
    told = Reading("⟨P0⟩ said the company would grow.", {"P0": roe}, [], where)
    # a reference's: see reference_candidates
    assert list(neighbour_candidates(told, [acme], set(), lambda a, b: False)) == []
    assert list(neighbour_candidates(reading, [], set(), lambda a, b: False)) == []  # none before
    linked = neighbour_candidates(reading, [acme, beta], {("Jane Roe", "Beta")}, lambda a, b: 0)
    assert [(c.subject.label, c.object.label) for c in linked] == [("Jane Roe", "Acme")]
    # the rules already read Roe with Beta: only the pair the sentence did not give is added
    alone = list(neighbour_candidates(reading, [acme], set(), lambda a, b: False))
    assert alone[0].features["x_companies:1"] == 1.0  # one company named: its own value
