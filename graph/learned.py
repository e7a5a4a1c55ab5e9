"""The learned relation decider: for each pair of mentions, whether a relation holds.

The mentions of each sentence (gazetteer, name cues, NER when a trained
pipeline runs) and the rules' reading of it come from
:class:`graph.extract.Extractor`. Here every ordered pair of mentions in a
sentence, every pair the rules linked across sentences ("the two firms"), and
each person of a sentence that says "the company" with the companies named
before it (:func:`reference_candidates`), becomes a :class:`Candidate`
described by features: the words between and around the two mentions, their
kinds, the path that joins them in the sentence's dependency parse
(:mod:`graph.syntax`), what else the sentence says (denials, rumours, rivals),
and the rules' verdict on the pair. A logistic-regression model trained on the
passages in ``train/`` gives each candidate a probability per relation. A second,
joint stage then weighs each candidate against those it competes with in its
sentence (another company the same holder may hold, the same pair the other way
round, a sentence where many pairs look likely): a small logistic regression over
those comparisons, fitted on probabilities the first stage gave passages it was
not trained on. A fact is kept when its best candidate passes the relation's
threshold (tuned on the development sets). Its status comes from a classifier of
its own (on the development sets it is right more often than the rules), except
for pairs linked through a reference, where the rules' reading stands; role,
tenure, stake, amount and kind come from the rules when they read the same fact,
else tenure from a second classifier and role from the sentence.

The weights are plain arrays (``graph/data/relations.npz``) with the feature
names beside them, so loading them runs no pickled code.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import patterns as pt
from .errors import AkgError
from .extract import Extractor, Reading
from .model import Entity, Evidence, Fact, Kind, Qualifiers, Relation, Status
from .relations import EXTRACTED, REGISTRY, SYMMETRIC, ordered
from .resolve import has_company_word
from .syntax import Parse, bucket, load_parser, parse_all, path_features

if TYPE_CHECKING:
    from spacy.language import Language

    from .resolve import Reference

#: The relations an ordered pair (subject first) may hold, each decided on its own.
LABELS = EXTRACTED
STATUSES = ("proposed", "agreed", "ended")
TENURES = ("current", "incoming", "outgoing", "former")
WEIGHTS = "relations.npz"

_TOKEN = re.compile(r"⟨[A-Z]\d+⟩|[^\W\d_]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)?|[%$€£¥]|[^\w\s]")
_ROLE = re.compile(
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
    for i, t in enumerate(reversed(tokens[max(0, lo - 3) : lo])):
        f[f"pre{i}:{t if not t.startswith('⟨') else '<M>'}"] = 1.0
    for i, t in enumerate(tokens[hi + 1 : hi + 4]):
        f[f"post{i}:{t if not t.startswith('⟨') else '<M>'}"] = 1.0
    if related:
        f["brand_of_group"] = 1.0
    f.update(_rule_features(rules))
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


#: What the joint stage reads of a candidate for one relation: the first stage's
#: probability (as a logit) and how it compares with its sentence's other candidates.
JOINT_FEATURES = (
    "logit",  # the candidate's own probability
    "top_subject",  # no other candidate with its subject is likelier
    "top_object",  # no other candidate with its object is likelier
    "gap_subject",  # its probability less the best of the others with its subject
    "gap_object",  # ... with its object
    "gap_reverse",  # ... less the same pair's the other way round
    "others_likely",  # how many other pairs of the sentence are likely (p >= 0.3), / 5
    "other_relation",  # the pair's best probability for another relation
    "reference",  # linked through a reference ("the two companies")
    "neighbour",  # the other party named only in an earlier sentence
)


def joint_names() -> list[str]:
    """The joint stage's feature names, each relation's under its own name ("leads:logit")."""
    return [f"{label}:{name}" for label in LABELS for name in JOINT_FEATURES]


def joint_features(found: Sequence[Candidate], probabilities: Any) -> list[dict[str, float]]:
    """Each candidate's joint-stage features, from the first stage's ``probabilities``.

    ``probabilities`` has a row per candidate and a column per relation of
    :data:`LABELS`; candidates compete with those of the same sentence.
    """
    import numpy as np

    p = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-4, 1 - 1e-4)
    sentences: dict[tuple[str, int], list[int]] = {}
    for i, c in enumerate(found):
        sentences.setdefault((c.evidence.doc, c.evidence.start), []).append(i)
    rows: list[dict[str, float]] = [{} for _ in found]
    for members in sentences.values():
        for i in members:
            c, others = found[i], [k for k in members if k != i]
            same_subject = [k for k in others if found[k].subject.label == c.subject.label]
            same_object = [k for k in others if found[k].object.label == c.object.label]
            reverse = [
                k
                for k in others
                if found[k].subject.label == c.object.label
                and found[k].object.label == c.subject.label
            ]
            for j, label in enumerate(LABELS):
                own = float(p[i, j])
                best_subject = max((float(p[k, j]) for k in same_subject), default=0.0)
                best_object = max((float(p[k, j]) for k in same_object), default=0.0)
                values = {
                    "logit": float(np.log(own / (1 - own))),
                    "top_subject": float(best_subject < own),
                    "top_object": float(best_object < own),
                    "gap_subject": own - best_subject,
                    "gap_object": own - best_object,
                    "gap_reverse": own - max((float(p[k, j]) for k in reverse), default=0.0),
                    "others_likely": sum(float(p[k, j]) >= 0.3 for k in others) / 5,
                    "other_relation": max(
                        (float(p[i, x]) for x in range(len(LABELS)) if x != j), default=0.0
                    ),
                    "reference": float("reference" in c.features),
                    "neighbour": float("xsent" in c.features),
                }
                rows[i].update({f"{label}:{name}": v for name, v in values.items()})
    return rows


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
    antecedents = {earlier[-1].label: ("last", earlier[-1])}
    antecedents.setdefault(earlier[0].label, ("first", earlier[0]))
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
    reading: Reading, earlier: Sequence[Entity], related: Any
) -> Iterator[Candidate]:
    """Pairs whose other party is only in an earlier sentence, with no word standing for it.

    A sentence that names a person and no company ("Chief executive Jane Roe said ...")
    pairs the person with the company named last before it and the article's first
    one; a sentence that names one company and no other ("SoftBank owns roughly 20%")
    pairs it, both ways, with the same two. Each pair is described from its one mention
    (the words around it, which antecedent, how many companies the article has named so
    far), under features of its own, so that these weigh nothing on pairs of one sentence.
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
    antecedents = {earlier[-1].label: ("last", earlier[-1])}
    antecedents.setdefault(earlier[0].label, ("first", earlier[0]))
    if len(antecedents) == 1:
        antecedents = {earlier[0].label: ("both", earlier[0])}
    known = bucket(len({e.label for e in earlier}))
    unnamed = bucket(sum(1 for m in _UNNAMED.finditer(reading.masked) if m.start() > 2))
    evidence = Evidence(*reading.where, confidence=0.0)
    sentence = sentence_features(reading.masked)
    for code, entity in people or parties:
        at = tokens.index(f"⟨{code}⟩")
        window = {
            f"x_pre{i}:{t if not t.startswith('⟨') else '<M>'}": 1.0
            for i, t in enumerate(reversed(tokens[max(0, at - 3) : at]))
        }
        window.update(
            {
                f"x_post{i}:{t if not t.startswith('⟨') else '<M>'}": 1.0
                for i, t in enumerate(tokens[at + 1 : at + 4])
            }
        )
        near = " ".join(t for t in tokens[max(0, at - 4) : at + 5] if not t.startswith("⟨"))
        role = _ROLE.search(near) is not None and pt.NOT_LEADER.search(near) is None
        possessive = any(t.endswith(("'s", "’s")) for t in tokens[max(0, at - 4) : at])
        for which, company in antecedents.values():
            if company.label == entity.label:
                continue
            times = bucket(sum(1 for e in earlier if e.label == company.label))
            pairs = (
                [(entity, company, "s")]
                if entity.kind is Kind.PERSON
                else [
                    (entity, company, "s"),
                    (company, entity, "o"),
                ]
            )
            for subject, obj, side in pairs:
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


def _companies(reading: Reading) -> list[Entity]:
    """The companies a sentence names, in order."""
    out = []
    for match in pt.SLOT.finditer(reading.masked):
        slot = reading.slots.get(f"{match[1]}{match[2]}")
        if slot is not None and slot.entity is not None and slot.entity.kind is Kind.COMPANY:
            out.append(slot.entity)
    return out


# ---------------------------------------------------------------------- model
@dataclass
class LinearModel:
    """A logistic regression stored as arrays: feature names, weights, labels.

    ``multi`` models give one independent probability per label (one-vs-rest:
    a pair can be partners and investor at once); the others one distribution.
    """

    names: list[str]
    weights: Any  # (features, labels) float32
    bias: Any  # (labels,)
    labels: list[str]
    multi: bool = False

    def __post_init__(self) -> None:
        self._index = {name: i for i, name in enumerate(self.names)}

    def probabilities(self, rows: Sequence[dict[str, float]]) -> Any:
        """One row of label probabilities per feature dict."""
        import numpy as np

        scores = np.tile(self.bias, (len(rows), 1)).astype(np.float64)
        index = self._index
        for r, row in enumerate(rows):
            found = [
                (i, v)
                for i, v in zip(map(index.get, row), row.values(), strict=True)
                if i is not None
            ]
            if found:
                columns, values = zip(*found, strict=True)
                scores[r] += np.asarray(values) @ self.weights[list(columns)]
        if self.multi:
            return 1.0 / (1.0 + np.exp(-scores))
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


_MODELS = ("relations", "joint", "status", "tenure")


@dataclass
class Weights:
    """The trained models and thresholds that decide facts.

    ``relations`` is the first stage (a probability per candidate and relation),
    ``joint`` the second (the same, with each candidate weighed against its
    sentence's others: :func:`joint_features`).
    """

    relations: LinearModel
    joint: LinearModel
    status: LinearModel
    tenure: LinearModel
    thresholds: dict[str, float]

    def save(self, path: Path) -> None:
        """Write every array and name list to one ``.npz`` file."""
        import numpy as np

        arrays: dict[str, Any] = {}
        for name in _MODELS:
            model: LinearModel = getattr(self, name)
            arrays[f"{name}_weights"] = model.weights.astype(np.float32)
            arrays[f"{name}_bias"] = model.bias.astype(np.float32)
            arrays[f"{name}_names"] = np.array(json.dumps(model.names))
            arrays[f"{name}_labels"] = np.array(json.dumps(model.labels))
        arrays["thresholds"] = np.array(json.dumps(self.thresholds))
        with path.open("wb") as out:
            np.savez_compressed(out, **arrays)

    @classmethod
    def load(cls, path: Path) -> Weights:
        """Read weights written by :meth:`save`.

        Raises:
            AkgError: the file is missing or damaged, naming it and the fix.
        """
        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as arrays:
                models = {
                    name: LinearModel(
                        json.loads(str(arrays[f"{name}_names"])),
                        arrays[f"{name}_weights"],
                        arrays[f"{name}_bias"],
                        json.loads(str(arrays[f"{name}_labels"])),
                        multi=name in ("relations", "joint"),
                    )
                    for name in _MODELS
                }
                thresholds = json.loads(str(arrays["thresholds"]))
        except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
            raise AkgError(
                f"{path}: the extraction model's weights are missing or damaged ({exc}); "
                "reinstall akg (pip install --force-reinstall akg), or run "
                "`akg train` to make them again"
            ) from None
        return cls(**models, thresholds=thresholds)


def default_weights_path() -> Path:
    """The weights shipped with the package."""
    return Path(str(resources.files("graph"))) / "data" / WEIGHTS


# ------------------------------------------------------------------- deciding
def _role(sentence: str) -> str | None:
    found = _ROLE.search(sentence)
    return found.group(0) if found else None


def decide(found: Iterable[Candidate], weights: Weights) -> list[Fact]:
    """The facts that the candidates of one article support, one per fact."""
    found = list(found)
    if not found:
        return []
    first = weights.relations.probabilities([c.features | c.sentence_features for c in found])
    probabilities = weights.joint.probabilities(joint_features(found, first))
    best: dict[tuple[str, str, str], tuple[float, Candidate, str]] = {}
    labels = weights.relations.labels
    for candidate, row in zip(found, probabilities, strict=True):
        for index, label in enumerate(labels):
            p = float(row[index])
            if p < weights.thresholds.get(label, 0.5):
                continue
            spec = REGISTRY[label]
            if (
                candidate.subject.kind.value not in spec.domain
                or candidate.object.kind.value not in spec.range
            ):
                continue
            key = ordered(candidate.subject.label, label, candidate.object.label)
            if key not in best or p > best[key][0]:
                best[key] = (p, candidate, label)
    for s, label, o in list(best):  # one direction per pair: the likelier one
        reverse = (o, label, s)
        if (
            reverse != (s, label, o)
            and reverse in best
            and best[reverse][0] > best[(s, label, o)][0]
        ):
            del best[(s, label, o)]
    facts = []
    for (_, label, _), (p, candidate, _) in best.items():
        relation = Relation(label)
        rule = candidate.rules.get(label) or candidate.rules.get(f"{label}_reverse")
        learned = _qualifiers(candidate, relation, weights)
        qualifiers = learned
        if rule is not None:  # the rules' role, stake, amount and kind; the model's status
            qualifiers = dataclasses.replace(rule.qualifiers, status=learned.status)
            if relation is Relation.LEADS or "reference" in candidate.features:
                # a pair linked through a reference ("the two automakers") has no context
                # of its own for the model to read a status from: the rules' reading stands
                qualifiers = rule.qualifiers
        evidence = dataclasses.replace(
            candidate.evidence,
            confidence=round(p, 3),
            rules=rule.evidence.rules if rule is not None else (),
        )
        subject, obj = candidate.subject, candidate.object
        if label in SYMMETRIC and "order:ba" in candidate.features:
            # either way round is the same fact: named in the order the sentence names them
            subject, obj = obj, subject
        facts.append(Fact(subject, relation, obj, evidence, qualifiers))
    return sorted(facts, key=lambda f: (f.evidence.start, f.key))


def _qualifiers(candidate: Candidate, relation: Relation, weights: Weights) -> Qualifiers:
    features = candidate.sentence_features | candidate.features
    if relation is Relation.LEADS:
        row = weights.tenure.probabilities([features])[0]
        tenure = weights.tenure.labels[int(row.argmax())]
        return Qualifiers(role=_role(candidate.evidence.sentence), tenure=tenure)
    row = weights.status.probabilities([features])[0]
    return Qualifiers(status=Status(weights.status.labels[int(row.argmax())]))


class LearnedExtractor(Extractor):
    """The extractor whose decisions are learned: mentions and rules as features.

    Args:
        nlp: a pipeline from :func:`graph.nlp.load_pipeline`.
        reference: the reference table used for resolution.
        weights: the trained weights; the shipped ones by default.
        use_rules: give the model the rules' verdicts as features (as it was trained).
        parser: the dependency parser (:func:`graph.syntax.load_parser` by default).
    """

    def __init__(
        self,
        nlp: Language,
        reference: Reference | None = None,
        weights: Weights | None = None,
        use_rules: bool = True,
        parser: Language | None = None,
    ) -> None:
        super().__init__(nlp, reference)
        self.weights = weights if weights is not None else Weights.load(default_weights_path())
        self.use_rules = use_rules
        self.parser = parser if parser is not None else load_parser()

    def _batch_facts(self, batch: list[tuple[Any, Any]]) -> Iterator[list[Fact]]:
        for found in batch_candidates(self, batch, self.parser, self.use_rules):
            yield decide(found, self.weights)


def batch_candidates(
    extractor: Extractor, batch: list[tuple[Any, Any]], parser: Language, use_rules: bool = True
) -> list[list[Candidate]]:
    """Every candidate pair of each (article, docs), as ``extractor`` reads its sentences.

    The sentences of the whole batch are parsed together (one ``parser.pipe``).
    """
    readings = [list(extractor.readings(article, docs)) for article, docs in batch]
    parses = parse_all(parser, [r.masked for article in readings for r in article])
    found, start = [], 0
    for article in readings:
        ahead = parses[start : start + len(article)]
        start += len(article)
        cands: list[Candidate] = []
        earlier: list[Entity] = []
        for reading, parse in zip(article, ahead, strict=True):
            own = list(candidates(reading, extractor.related, use_rules, parse))
            seen = {(c.subject.label, c.object.label) for c in own}
            cands.extend(own)
            cands.extend(reference_candidates(reading, earlier, seen, extractor.related))
            cands.extend(neighbour_candidates(reading, earlier, extractor.related))
            earlier.extend(_companies(reading))
        found.append(cands)
    return found
