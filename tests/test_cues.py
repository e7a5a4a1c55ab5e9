"""Sentence cues: spaCy phrase and token patterns read from graph/data/rules/cues.toml."""

from __future__ import annotations

import tomllib

import pytest

from graph.cues import FILE, Cues, Hit, compile_cues, hits, read_cues
from graph.errors import AkgError
from graph.patterns import PAIR_REFERENCE, kind_of, status_of, tenure_of
from graph.rules import shipped

SHIPPED = tomllib.loads(shipped(FILE)[0])
EXAMPLES = [
    (section, entry["id"], entry["example"])
    for section, entries in SHIPPED.items()
    for entry in entries
]


@pytest.mark.parametrize(("section", "cue", "example"), EXAMPLES)
def test_every_cue_reads_its_example(section: str, cue: str, example: str) -> None:
    assert cue in {hit.cue for hit in Cues(section).finditer(example)}


def test_cue_ids_are_unique() -> None:
    ids = [cue for _, cue, _ in EXAMPLES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("section", "text"),
    [
        ("modal", "Kia couldn't say"),  # "could" glued to "n't"
        ("decided", "a mid-weight motorcycle"),  # "weigh" is a word, not a prefix
        ("proposed", "the electric Explorer"),
        ("rival", "it hurt competitiveness"),
        ("ended", "a splitting headache"),
    ],
)
def test_cues_hold_on_whole_words_only(section: str, text: str) -> None:
    assert Cues(section).search(text) is None


def test_hits_are_in_order_with_their_characters() -> None:
    text = "⟨C1⟩ sold its remaining stake, while ⟨C2⟩ competes against ⟨C3⟩"
    assert Cues("ended").finditer(text) == [Hit("ended-sold-stake", 5, 29)]
    assert [(h.cue, text[h.start : h.end]) for h in Cues("rival").finditer(text)] == [
        ("rival-example", "while"),
        ("rival-compete", "competes"),
        ("rival-against", "against"),
    ]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("⟨C1⟩ and ⟨C2⟩ called off their merger talks", "ended"),
        ("⟨C1⟩ and ⟨C2⟩ signed an agreement after months of talks", "proposed"),
        ("⟨C1⟩ could join the alliance", "proposed"),
        ("⟨C1⟩ and ⟨C2⟩ signed an alliance", "agreed"),
        ("⟨C1⟩ aims to buy a stake in ⟨C2⟩", "proposed"),
        ("⟨C1⟩ and ⟨C2⟩ are partners", "agreed"),
        ("⟨C1⟩ and ⟨C2⟩ finalised a mid-weight motorcycle partnership", "agreed"),
    ],
)
def test_status_words_are_read_in_order(text: str, status: str) -> None:
    assert status_of(text).value == status


def test_a_token_pattern_and_phrases_match_together() -> None:
    matchers = compile_cues(
        """
[[ended]]
id = "sold"
example = "sold its stake"
pattern = [{LOWER = "sold"}, {LOWER = "its"}, {LOWER = "remaining", OP = "?"}, {LOWER = "stake"}]

[[denial]]
id = "deny"
example = "denied"
phrases = ["Denied", "no plans"]
""",
        "cues.toml",
    )
    found = hits(matchers, "Kia denied it sold its stake; no plans")
    assert found == (
        ("denial", Hit("deny", 4, 10)),
        ("ended", Hit("sold", 14, 28)),
        ("denial", Hit("deny", 30, 38)),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[[ended]]\nid = 'x'\n",
            "cues.toml: a [[ended]] cue needs an id and one of phrases (a list of words), pattern (a list of tokens) or patterns (a list of patterns)",
        ),
        (
            "[[ended]]\nid = 'x'\nphrases = ['a']\npattern = [{LOWER = 'a'}]\n",
            "cues.toml: a [[ended]] cue needs an id and one of phrases (a list of words), pattern (a list of tokens) or patterns (a list of patterns)",
        ),
        (
            "[[ended]]\nid = 'x'\nphrases = ['a']\nweight = 2\n",
            "cues.toml: cue x has unknown field(s) weight; known: example, id, pattern, "
            "patterns, phrases, value",
        ),
        (
            "[[ended]]\nid = 'x'\nphrases = [1]\n",
            "cues.toml: a [[ended]] cue needs an id and one of phrases (a list of words), pattern (a list of tokens) or patterns (a list of patterns)",
        ),
        ("[[ended]\n", "cues.toml: not valid TOML"),
    ],
)
def test_a_malformed_cue_file_is_named_with_the_fix(text: str, message: str) -> None:
    with pytest.raises(AkgError) as error:
        read_cues(text, "cues.toml")
    assert str(error.value).startswith(message)


def test_an_invalid_token_pattern_names_its_cue() -> None:
    with pytest.raises(AkgError) as error:
        compile_cues("[[ended]]\nid = 'bad'\npattern = [{LOWERS = 'a'}]\n", "cues.toml")
    assert str(error.value).startswith("cues.toml: cue bad is not a valid Matcher pattern (")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("⟨C1⟩ and ⟨C2⟩ set up a joint-venture", "joint venture"),
        ("⟨C1⟩ and ⟨C2⟩ ended talks on a merger,⟨C3⟩ said", "merger"),  # no space after ","
        ("⟨C1⟩ and ⟨C2⟩ agreed a tie-up", "alliance"),
        ("⟨C1⟩ and ⟨C2⟩ signed an MoU", "memorandum of understanding"),
        ("⟨C1⟩ will co-develop vans with ⟨C2⟩", "co-development"),
        ("⟨C1⟩ and ⟨C2⟩ teamed up", "collaboration"),
        ("⟨C1⟩ bought steam engines from ⟨C2⟩", None),
    ],
)
def test_the_first_kind_in_order_is_the_partnerships(text: str, kind: str | None) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("role", "clause", "tenure"),
    [
        ("Ex-⟨C1⟩ chief executive", "⟨P2⟩ has joined a start-up", "former"),
        ("former chief executive", "", "former"),
        ("outgoing chairman", "", "outgoing"),
        ("chief executive", "⟨P1⟩ will step down in May", "outgoing"),
        ("chief executive", "⟨P1⟩ will take over in May", "incoming"),
        ("interim chief executive", "⟨P1⟩ will take over in May", "current"),
        ("CEO-designate", "", "incoming"),
        ("chief executive", "⟨P1⟩ said", "current"),
    ],
)
def test_tenure_words_of_the_role_and_its_clause(role: str, clause: str, tenure: str) -> None:
    assert tenure_of(role, clause) == tenure


def test_a_cue_with_several_patterns_gives_its_value() -> None:
    matchers = compile_cues(
        """
[[pair_reference]]
id = "group"
example = "the three firms"
value = "three"
patterns = [
    [{LOWER = "the"}, {LOWER = "three"}, {LOWER = "firms"}],
    [{LOWER = "the"}, {LOWER = "three"}, {LOWER = "car"}, {LOWER = "makers"}],
]
""",
        "cues.toml",
    )
    assert hits(matchers, "the three car makers and the three firms") == (
        ("pair_reference", Hit("group", 0, 20, "three")),
        ("pair_reference", Hit("group", 25, 40, "three")),
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("⟨C1⟩ and ⟨C2⟩ met. The two companies agreed", ""),
        ("Both Japanese carmakers declined to comment", ""),
        ("the three car makers signed a pact", "three"),
        ("The four companies will share costs", "four"),
        ("until 2030,the companies said", ""),  # no space after the comma
    ],
)
def test_references_to_companies_named_before(text: str, value: str) -> None:
    hit = PAIR_REFERENCE.search(text)
    assert hit is not None and hit.value == value
