"""Candidates: the pairs of mentions a relation may link, each described by features.

Every ordered pair of mentions in a sentence (:func:`candidates`), every pair the
rules linked across sentences ("the two firms"), each person of a sentence that says
"the company" with the companies named before it (:func:`reference_candidates`), and a
sentence's one party when nothing in it stands for the others
(:func:`neighbour_candidates`) becomes a :class:`Candidate`, described by the words
between and around the two mentions, their kinds, the path that joins them in the
sentence's dependency parse (:mod:`graph.syntax`), what else the sentence says
(denials, rumours, rivals) and the rules' verdict on the pair. :mod:`graph.learned`
decides which of them hold.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import patterns as pt
from .extract import Reading
from .model import Entity, Evidence, Fact, Kind
from .relations import SYMMETRIC
from .resolve import has_company_word
from .syntax import Parse, bucket, path_features

_TOKEN = re.compile(r"⟨[A-Z]\d+⟩|[^\W\d_]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)?|[%$€£¥]|[^\w\s]")
#: A leader's title ("chief executive", "chairman", "founder and CEO").
ROLE = re.compile(
    r"\b(?:(?:co-)?(?:executive\s+)?chair(?:man|woman|person)?(?:\s+and\s+(?:chief executive(?:\s+officer)?|CEO))?"
    r"|(?:president\s+and\s+)?(?:chief executive(?:\s+officer)?|CEO)"
    r"|president|managing director|(?:owner|founder)(?:\s+and\s+(?:chairman|CEO|chief executive))?"
    r"|head|chief)\b",
    re.IGNORECASE,
)


#: What separates the names of a list.
_LIST_WORDS = frozenset({",", "and", "or", "&"})


def _tokens(masked: str) -> list[str]:
    return [t if t.startswith("⟨") else t.lower() for t in _TOKEN.findall(masked)]


def _kind(code: str) -> str:
    return code[1]  # "⟨C3⟩" -> "C"


@dataclass(frozen=True)
class Candidate:
    """An ordered pair of mentions that one relation may link, with what describes it."""

    subject: Entity
    object: Entity
    features: dict[str, float]
    evidence: Evidence
    sentence_features: dict[str, float]
    rules: dict[str, Fact] = field(default_factory=dict)


#: Sentence features weigh ``SENTENCE_SCALE / sqrt(words)`` each (1 in a sentence of nine
#: words), so that a short sentence ("Kestrel and Voltaro agreed to merge.") says as much
#: as a long one, instead of too few features to lift the model's prior.
SENTENCE_SCALE = 3.0


def sentence_features(masked: str) -> dict[str, float]:
    """What the whole sentence says, mentions left out: its words and word pairs, each
    weighted by the sentence's length (see :data:`SENTENCE_SCALE`)."""
    words = [t for t in _tokens(masked) if not t.startswith("⟨")]
    weight = SENTENCE_SCALE / math.sqrt(max(len(words), 1))
    out = {f"w:{w}": weight for w in words}
    out.update({f"b:{a}_{b}": weight for a, b in itertools.pairwise(words)})
    return out


def pair_features(
    tokens: Sequence[str], a: int, b: int, rules: dict[str, Fact], related: bool
) -> dict[str, float]:
    """Features of the ordered pair of mention tokens at positions ``a`` (subject) and ``b``."""
    ka, kb = _kind(tokens[a]), _kind(tokens[b])
    lo, hi = min(a, b), max(a, b)
    between = tokens[lo + 1 : hi]
    words = [t if not t.startswith("⟨") else f"<{_kind(t)}>" for t in between]
    f: dict[str, float] = {
        f"kinds:{ka}{kb}": 1.0,
        f"order:{'ab' if a < b else 'ba'}": 1.0,
        f"dist:{bucket(len(between))}": 1.0,
        f"mentions_between:{bucket(sum(1 for t in between if t.startswith('⟨')))}": 1.0,
    }
    order = "ab" if a < b else "ba"
    for w in words:
        f[f"btw:{w}"] = 1.0
        f[f"btw_{order}:{w}"] = 1.0
    for x, y in itertools.pairwise(words):
        f[f"btw2:{x}_{y}"] = 1.0
    if words:  # "X ... of Y" and "Y ... of X" say opposite things: each also with the order
        f[f"first:{words[0]}"] = 1.0
        f[f"last:{words[-1]}"] = 1.0
        f[f"first_{order}:{words[0]}"] = 1.0
        f[f"last_{order}:{words[-1]}"] = 1.0
    else:
        f["adjacent"] = 1.0
    if len(words) <= 4:
        f[f"short_{order}:{'_'.join(words)}"] = 1.0
    if between and all(t.startswith("⟨") or t in _LIST_WORDS for t in between):
        f["in_list"] = 1.0  # "A, B and C": names of one list
    f.update(_around(tokens, lo, hi))
    if related:
        f["brand_of_group"] = 1.0
    f.update(_rule_features(rules))
    return f


def _around(tokens: Sequence[str], lo: int, hi: int, prefix: str = "") -> dict[str, float]:
    """The three words before position ``lo`` and after ``hi`` (``<M>`` for a mention),
    nearest first: ``pre0:said``, ``post0:will``."""
    f: dict[str, float] = {}
    for i, t in enumerate(reversed(tokens[max(0, lo - 3) : lo])):
        f[f"{prefix}pre{i}:{t if not t.startswith('⟨') else '<M>'}"] = 1.0
    for i, t in enumerate(tokens[hi + 1 : hi + 4]):
        f[f"{prefix}post{i}:{t if not t.startswith('⟨') else '<M>'}"] = 1.0
    return f


def mention_features(slots: Sequence[Any]) -> dict[str, float]:
    """How the pair's mentions were found, subject first: what a name of the wrong kind lacks.

    Each side is ``K`` (a name of the reference table), ``C`` (a rule's cue: a legal
    form, a role, "its unit") or ``G`` (only the statistical recogniser proposed it);
    a name not in the table is also described by its length in words and whether
    it ends as companies' names do ("Motors", "GmbH"): a city, a product or a first
    name does not.
    """
    sources = "".join("K" if s.known else "G" if s.guessed else "C" for s in slots)
    f = {f"found:{sources}": 1.0}
    for side, slot in zip("so", slots, strict=True):
        if slot.known or slot.entity is None:
            continue
        label = slot.entity.label
        f[f"{side}_words:{min(len(label.split()), 3)}"] = 1.0
        if has_company_word(label):
            f[f"{side}_company_word"] = 1.0
    return f


def _rule_features(rules: dict[str, Fact]) -> dict[str, float]:
    """The rules' verdicts on a pair: which relations, which way, with which status."""
    f = {f"rule:{name}": 1.0 for name in rules}
    for fact in rules.values():
        if fact.qualifiers.status is not None:
            f[f"rule_status:{fact.qualifiers.status.value}"] = 1.0
    return f


def _rules_for(facts: dict[str, Fact], subject: str) -> dict[str, Fact]:
    """The rules' facts on a pair, named from ``subject``'s side ("investsIn_reverse")."""
    return {
        name if fact.subject.label == subject else f"{name}_reverse": fact
        for name, fact in facts.items()
    }


def candidates(
    reading: Reading, related: Any, use_rules: bool = True, parse: Parse | None = None
) -> Iterator[Candidate]:
    """Every ordered pair of mentions in one sentence, and the pairs its rules linked.

    With the sentence's ``parse``, each pair is also described by its dependency path.
    """
    tokens = _tokens(reading.masked)
    positions = {t: i for i, t in enumerate(tokens) if t.startswith("⟨")}
    entities = {
        code: slot.entity
        for code, slot in reading.slots.items()
        if slot.entity is not None and f"⟨{code}⟩" in positions
    }
    evidence = Evidence(*reading.where, confidence=0.0)
    by_pair: dict[tuple[str, str], dict[str, Fact]] = {}
    for fact in reading.facts if use_rules else ():
        pair = (fact.subject.label, fact.object.label)
        by_pair.setdefault(pair, {})[fact.relation.value] = fact
        if fact.relation.value in SYMMETRIC:
            by_pair.setdefault(pair[::-1], {})[fact.relation.value] = fact
    sentence = sentence_features(reading.masked)
    seen: set[tuple[str, str]] = set()
    for ca, ea in entities.items():
        for cb, eb in entities.items():
            if ca == cb or ea.label == eb.label:
                continue
            if eb.kind is Kind.PERSON:  # people lead; nothing is done to a person
                continue
            pair = (ea.label, eb.label)
            if pair in seen:
                continue
            seen.add(pair)
            rules = _rules_for(by_pair.get(pair, {}), ea.label)
            features = pair_features(
                tokens, positions[f"⟨{ca}⟩"], positions[f"⟨{cb}⟩"], rules, related(ea, eb)
            )
            features.update(mention_features([reading.slots[ca], reading.slots[cb]]))
            if parse is not None:
                features.update(path_features(parse, ca, cb))
            yield Candidate(ea, eb, features, evidence, sentence, rules)
    for pair, facts in by_pair.items():  # linked by the rules through a reference
        if pair in seen:
            continue
        seen.add(pair)
        fact = next(iter(facts.values()))
        subject, obj = (
            (fact.subject, fact.object)
            if fact.subject.label == pair[0]
            else (fact.object, fact.subject)
        )
        rules = _rules_for(facts, subject.label)
        features = {"reference": 1.0, f"kinds:{subject.kind.name[0]}{obj.kind.name[0]}": 1.0}
        features.update(_rule_features(rules))
        yield Candidate(subject, obj, features, evidence, sentence, rules)


def _antecedents(earlier: Sequence[Entity]) -> dict[str, tuple[str, Entity]]:
    """The companies an earlier sentence may have named for this one, each marked as which:
    the company named last before it and the article's first one."""
    antecedents = {earlier[-1].label: ("last", earlier[-1])}
    antecedents.setdefault(earlier[0].label, ("first", earlier[0]))
    return antecedents


#: Where a reference ("the company") stands in a sentence, written as a mention would be.
_REFERENCE_SLOT = "⟨C999⟩"


def reference_candidates(
    reading: Reading, earlier: Sequence[Entity], seen: set[tuple[str, str]], related: Any
) -> Iterator[Candidate]:
    """Leaders across sentences: each person of a sentence that says "the company" (or "the
    Japanese carmaker") with the company that may stand for, named in an earlier sentence.

    Two antecedents are tried, each marked as which: the company named last before the
    sentence and the article's first one. The pair is described as if the reference were
    a mention (the words between and around it and the person); ``seen`` holds the pairs
    the sentence already gave, left out here.
    """
    found = pt.REFERENCE.search(reading.masked)
    if found is None or not earlier:
        return
    virtual = f"{reading.masked[: found.start()]}{_REFERENCE_SLOT}{reading.masked[found.end() :]}"
    tokens = _tokens(virtual)
    positions = {t: i for i, t in enumerate(tokens) if t.startswith("⟨")}
    people = {
        slot.entity.label: (slot.entity, positions[f"⟨{code}⟩"])
        for code, slot in reading.slots.items()
        if slot.entity is not None and slot.entity.kind is Kind.PERSON and f"⟨{code}⟩" in positions
    }
    antecedents = _antecedents(earlier)
    word = found.group(0).split()[-1].lower()
    evidence = Evidence(*reading.where, confidence=0.0)
    sentence = sentence_features(reading.masked)
    for which, company in antecedents.values():
        for person, at in people.values():
            if (person.label, company.label) in seen:
                continue
            features = pair_features(
                tokens, at, positions[_REFERENCE_SLOT], {}, related(person, company)
            )
            features.update({"xref": 1.0, f"xref_ante:{which}": 1.0, f"xref_word:{word}": 1.0})
            yield Candidate(person, company, features, evidence, sentence)


#: Capitalised words that no mention covers and no title explains: perhaps a company the
#: recogniser missed ("At Hanseo Lamp, chairman ..."), which the sentence's person leads.
_UNNAMED = re.compile(
    r"\b(?!(?:Chair\w*|CEO|Chief|Executive|Officer|President|Founder|Managing|Director|"
    r"Group|The|He|She|It|We|They|I|Mr|Ms|Mrs|Dr|In|On|At|But|And)\b)(?<![⟨\w])[A-Z][\w-]+"
)


def neighbour_candidates(
    reading: Reading, earlier: Sequence[Entity], seen: set[tuple[str, str]], related: Any
) -> Iterator[Candidate]:
    """Pairs whose other party is only in an earlier sentence, with no word standing for it.

    A sentence that names a person and no company ("Chief executive Jane Roe said ...")
    pairs the person with the company named last before it and the article's first
    one; a sentence that names one company and no other ("SoftBank owns roughly 20%")
    pairs it, both ways, with the same two. Each pair is described from its one mention
    (the words around it, which antecedent, whether a leader's title stands next to it,
    capitalised words that no name covers, how many companies the article has named so
    far), under features of its own, so that these weigh nothing on pairs of one sentence;
    ``seen`` holds the pairs the sentence already gave (the rules may have linked one
    across sentences), left out here.
    """
    if not earlier or pt.REFERENCE.search(reading.masked):  # a reference: see above
        return
    tokens = _tokens(reading.masked)
    named = [
        (code, slot.entity)
        for code, slot in reading.slots.items()
        if slot.entity is not None and f"⟨{code}⟩" in tokens
    ]
    parties = [(code, e) for code, e in named if e.kind is not Kind.PERSON]
    people = [(code, e) for code, e in named if e.kind is Kind.PERSON]
    if len(parties) > 1 or (parties and people):
        return
    antecedents = _antecedents(earlier)
    if len(antecedents) == 1:
        antecedents = {earlier[0].label: ("both", earlier[0])}
    known = _count(len({e.label for e in earlier}))
    # the sentence's first word is capitalised anyway: not counted
    unnamed = bucket(sum(1 for m in _UNNAMED.finditer(reading.masked) if m.start() > 2))
    evidence = Evidence(*reading.where, confidence=0.0)
    sentence = sentence_features(reading.masked)
    for code, entity in people or parties:
        at = tokens.index(f"⟨{code}⟩")
        window = _around(tokens, at, at, prefix="x_")
        near = " ".join(t for t in tokens[max(0, at - 4) : at + 5] if not t.startswith("⟨"))
        role = ROLE.search(near) is not None and pt.NOT_LEADER.search(near) is None
        possessive = any(t.endswith(("'s", "’s")) for t in tokens[max(0, at - 4) : at])
        for which, company in antecedents.values():
            if company.label == entity.label:
                continue
            times = bucket(sum(1 for e in earlier if e.label == company.label))
            pairs = [(entity, company, "s")]
            if entity.kind is not Kind.PERSON:  # either company may hold the other
                pairs.append((company, entity, "o"))
            for subject, obj, side in pairs:
                if (subject.label, obj.label) in seen:
                    continue
                features = {
                    "xsent": 1.0,
                    f"x_kinds:{subject.kind.name[0]}{obj.kind.name[0]}": 1.0,
                    f"x_ante:{which}": 1.0,
                    f"x_side:{side}": 1.0,
                    f"x_companies:{known}": 1.0,
                    f"x_named:{times}": 1.0,
                    f"x_role:{role}_{subject.kind.name[0]}": 1.0,
                    f"x_unnamed:{unnamed}_{possessive}": 1.0,
                    **{f"{k}_{side}": v for k, v in window.items()},
                }
                if related(subject, obj):
                    features["brand_of_group"] = 1.0
                yield Candidate(subject, obj, features, evidence, sentence)


def _count(n: int) -> str:
    """A small count as a feature value, one of its own for each of 0 to 3: "3" is 3 or more."""
    return str(min(n, 3))


def companies(reading: Reading) -> list[Entity]:
    """The companies a sentence names, in order."""
    out = []
    for match in pt.SLOT.finditer(reading.masked):
        slot = reading.slots.get(f"{match[1]}{match[2]}")
        if slot is not None and slot.entity is not None and slot.entity.kind is Kind.COMPANY:
            out.append(slot.entity)
    return out
