"""Rule files: loading, their errors, and evidence that names the rule that read a fact."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal

from graph import patterns as pt
from graph.errors import AkgError
from graph.extract import Extractor
from graph.extractors import make_extractor, producer_for
from graph.model import Article
from graph.rdf import article_graph
from graph.rules import load_rules, load_signals, load_words, read_rules, read_wording, shipped
from graph.validate import validate
from graph.vocab import AKG

SENTENCE = "Nissan's CEO, Makoto Uchida, said on Monday that sales rose."


def test_the_shipped_rules_load_with_unique_ids_and_an_example_each() -> None:
    rules = [
        *pt.LEADS,
        *pt.LEADS_BACKREF,
        *pt.LEADS_IMPLIED,
        *pt.INVESTS,
        *pt.JOINT_VENTURES,
        *pt.PARTNERS,
    ]
    ids = [rule.id for rule in rules]
    assert len(ids) == len(set(ids)) == 67
    assert all(rule.example for rule in rules)
    assert {rule.kind for rule in pt.INVESTS} == {
        "invest",
        "invest-rel",
        "stake",
        "own",
        "own-rel",
        "backed",
        "acquire",
        "sell",
        "round",
        "unit-of",
    }
    assert [rule.id for rule in pt.LEADS_IMPLIED if rule.after_clause] == ["leads-implied-01"]
    assert [(rule.id, rule.its_company) for rule in pt.PARTNERS] == [
        ("partners-its-partner", "nearest"),
        ("partners-its-deal", "first"),
        ("partners-apposition", "first"),
    ]


def test_each_name_cue_reads_a_name_in_each_of_its_examples() -> None:
    cues = [*pt.PERSON_CUES, *pt.COMPANY_CUES]
    assert len({cue.id for cue in cues}) == len(cues) == 33
    assert pt.PERSON_CUES[: len(pt.HEADLINE_PERSON_CUES)] == pt.HEADLINE_PERSON_CUES
    for cue in cues:
        for example in cue.example.split(" / "):
            example = re.sub(r"\s*\(not .*\)$", "", example)  # "(not ...)": what it leaves
            found = cue.pattern.search(example)
            assert found is not None and found["name"], (cue.id, example)


SIGNALS = re.findall(r'^id = "([^"]+)"', shipped("signals.toml")[0], re.M)


def test_the_signals_load_with_unique_ids() -> None:
    assert len(SIGNALS) == len(set(SIGNALS)) == 51
    assert pt.signal("full-control") is pt.FULL_CONTROL


@pytest.mark.parametrize(
    ("ident", "example"),
    [(rule.id, rule.example) for rule in load_rules("signals.toml", "signals", pt.MACROS)],
)
def test_every_signal_reads_its_example(ident: str, example: str) -> None:
    assert pt.signal(ident).search(example) is not None


@pytest.mark.parametrize(
    ("ident", "example"),
    [(rule.id, rule.example) for rule in load_rules("masking.toml", "signals", pt.NAME_CUE_MACROS)],
)
def test_every_masking_signal_reads_its_example(ident: str, example: str) -> None:
    assert load_signals("masking.toml", pt.NAME_CUE_MACROS)[ident].search(example) is not None


def test_the_masking_words_are_lists_by_name() -> None:
    words = load_words("masking.toml")
    assert sorted(words) == ["caption", "description", "not_name", "place", "small"]
    assert "Courtesy" in words["caption"] and "the" in words["small"]


def test_a_signal_the_file_lacks_says_so() -> None:
    with pytest.raises(AkgError) as caught:
        pt.signal("no-such-signal")
    assert str(caught.value) == (
        "graph/data/rules/signals.toml: no signal 'no-such-signal'; reinstall akg "
        "(pip install --force-reinstall akg)"
    )


def test_a_signal_reads_what_the_rules_ask_of_it() -> None:
    match = pt.FULL_CONTROL.search("⟨C0⟩ will take full ownership of the Chinese venture ⟨U1⟩")
    assert match is not None and match["tgt"] == "⟨U1⟩"
    assert pt.PRODUCT_USE.search("⟨C0⟩ vehicles") is not None
    assert pt.PRODUCT_USE.search("⟨C0⟩ and ⟨C1⟩ vehicles")["org"] == "⟨C1⟩"  # type: ignore[index]


def test_wording_names_the_pieces_above_it() -> None:
    text = "[rules]\nORG = '⟨C\\d+⟩'\nPAIR = ['{ORG} and ', '{ORG}']\nSOME = 'a{{1,2}}'\n"
    assert read_wording(text, "w.toml", "rules") == {
        "ORG": "⟨C\\d+⟩",
        "PAIR": "⟨C\\d+⟩ and ⟨C\\d+⟩",
        "SOME": "a{1,2}",
    }
    assert pt.MACROS["ORG"] == "⟨[CU]\\d+⟩"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[rules]\nPAIR = '{ORG} and {ORG}'\nORG = 'x'\n",
            "w.toml: [rules] PAIR names {ORG}, which no piece above it defines; "
            "write {{ for a literal brace",
        ),
        (
            "[rules]\nSOME = 'a{1,2'\n",
            "w.toml: [rules] SOME has an unpaired brace (expected '}' before end of string); "
            "write {{ and }} for literal braces",
        ),
        ("[rules]\nSOME = 3\n", "w.toml: [rules] SOME must be a string or a list of strings"),
        ("[names]\nX = 'a'\n", "w.toml: no [rules] table of wording; reinstall akg"),
    ],
)
def test_broken_wording_says_which_piece_and_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(AkgError) as caught:
        read_wording(text, "w.toml", "rules")
    assert str(caught.value) == message


def test_name_cues_read_capitals() -> None:
    startup = next(cue for cue in pt.COMPANY_CUES if cue.id == "company-01")
    assert startup.pattern.search("the startup Zeta Drive said")["name"] == "Zeta Drive"  # type: ignore[index]
    assert startup.pattern.search("the startup zeta drive said") is None


def test_a_rule_is_a_template_over_the_shared_wording() -> None:
    text = """
[[named]]
id = "demo-01"
example = "Jane Roe, who heads Acme"
pattern = ['(?P<per>{PERSON})\\s*,\\s*who\\s+', '(?P<verb>{HEAD_VERB})\\s+(?P<org>{ORG})']
"""
    (rule,) = read_rules(text, "demo.toml", "named", pt.MACROS)
    match = rule.pattern.search("⟨P0⟩, who heads ⟨C1⟩ since 2020")
    assert rule.id == "demo-01"
    assert match is not None and (match["per"], match["verb"], match["org"]) == (
        "⟨P0⟩",
        "heads",
        "⟨C1⟩",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[named]]\nid = "x-01"\npattern = "{NOPE} leads"\n',
            "demo.toml: rule x-01 names {NOPE}, which graph/data/rules/wording.toml does not define; "
            "write {{ for a literal brace",
        ),
        (
            '[[named]]\nid = "x-01"\npattern = "(unclosed"\n',
            "demo.toml: rule x-01 is not a valid expression "
            "(missing ), unterminated subpattern at position 0)",
        ),
        (
            '[[named]]\nid = "x-01"\npattern = "a"\nflavour = "mild"\n',
            "demo.toml: rule x-01 has unknown field(s) flavour; known: after_clause, "
            "case_sensitive, example, id, its_company, kind, pattern, possessive_owners",
        ),
        (
            '[[named]]\nid = "x-01"\npattern = "a"\nits_company = "last"\n',
            'demo.toml: rule x-01 has its_company = \'last\'; write "nearest" or "first"',
        ),
        ('[[named]]\npattern = "a"\n', "demo.toml: a [[named]] rule needs an id and a pattern"),
        (
            '[[named]]\nid = "x-01"\npattern = "a"\n[[named]]\nid = "x-01"\npattern = "b"\n',
            "demo.toml: rule id x-01 is used twice; rename one",
        ),
        ('[[other]]\nid = "x-01"\npattern = "a"\n', "demo.toml: no [[named]] rules; reinstall akg"),
        (
            "[[named]\n",
            "demo.toml: not valid TOML (Expected ']]' at the end of an array declaration "
            "(at line 1, column 8)); fix the file",
        ),
    ],
)
def test_a_broken_rule_file_says_which_rule_and_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(AkgError) as caught:
        read_rules(text, "demo.toml", "named", pt.MACROS)
    assert str(caught.value) == message


def test_evidence_names_the_rule_that_read_the_fact() -> None:
    from graph.nlp import load_pipeline

    (fact,) = Extractor(load_pipeline("rules")).extract(Article("a", SENTENCE))
    assert (fact.subject.label, fact.relation.value, fact.object.label) == (
        "Makoto Uchida",
        "leads",
        "Nissan",
    )
    assert fact.evidence.rules == ("leads-01",)


@pytest.mark.parametrize(
    ("sentence", "fact"),
    [
        # "its" is the company named last before the rule's match ...
        (
            "Honda said Nissan and its partner Renault would cut costs.",
            ("Nissan", "Renault", "partners-its-partner"),
        ),
        # ... or the sentence's first company, as the rule file says
        (
            "Honda said Nissan's plant and its joint venture with Renault would close.",
            ("Honda", "Renault", "partners-its-deal"),
        ),
    ],
)
def test_whom_its_stands_for_is_the_rule_files_choice(
    sentence: str, fact: tuple[str, str, str]
) -> None:
    from graph.nlp import load_pipeline

    facts = Extractor(load_pipeline("rules")).extract(Article("a", sentence))
    found = [
        (f.subject.label, f.object.label, f.evidence.rules[0])
        for f in facts
        if "partners-its" in f.evidence.rules[0]
    ]
    assert found == [fact]


def test_the_learned_extractor_names_the_rules_that_agree() -> None:
    facts = make_extractor("learned").extract(Article("a", SENTENCE))
    assert [(f.key, f.evidence.rules) for f in facts] == [
        (("Makoto Uchida", "leads", "Nissan"), ("leads-01",))
    ]


def test_the_rule_is_on_the_evidence_node_for_sparql() -> None:
    from graph.nlp import load_pipeline

    article = Article("a", SENTENCE)
    facts = Extractor(load_pipeline("rules")).extract(article)
    graph = article_graph(article, facts, producer_for("rules"))
    rows = graph.query(
        "SELECT ?person WHERE { ?st rdf:subject ?p ; akg:evidence ?ev . "
        '?ev akg:rule "leads-01" . ?p rdfs:label ?person }',
        initNs={"akg": AKG},
    )
    assert [row[0] for row in rows] == [Literal("Makoto Uchida")]
    assert validate(graph).conforms
